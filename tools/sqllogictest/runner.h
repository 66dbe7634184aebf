// Runs the records of one sqllogictest file against a backend and compares the outcomes.
#pragma once

#include <ostream>
#include <string>

#include "backend.h"

namespace komodo::slt {

struct FileStats {
  int passed = 0;
  int failed = 0;
  int skipped = 0;  // by skipif/onlyif, or after `halt`
};

// Runs `path` in a new session of `backend`. Every failure is written to `out` as
// "path:line: expected ..., got ..." followed by the statement; a file that cannot be parsed or
// whose session breaks counts as one more failure.
FileStats RunFile(Backend& backend, const std::string& path, std::ostream& out);

}  // namespace komodo::slt
