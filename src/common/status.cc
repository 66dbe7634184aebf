#include "komodo/status.h"

namespace komodo {

// The format promised in status.h; position and detail stay out so that the string is stable
// for logs and test expectations.
std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = "ERROR ";
  out += sqlstate_;
  out += ": ";
  out += message_;
  return out;
}

}  // namespace komodo
