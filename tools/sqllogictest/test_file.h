// A sqllogictest file parsed into records. The format is described in tests/sql/README.md.
#pragma once

#include <string>
#include <vector>

#include "komodo/result.h"

namespace komodo::slt {

enum class SortMode { kNoSort, kRowSort, kValueSort };

// One condition line before a record: `skipif ENGINE` or `onlyif ENGINE`.
struct Condition {
  bool only = false;  // onlyif when true, skipif when false
  std::string engine;
};

struct Record {
  enum class Kind { kStatementOk, kStatementError, kQuery, kHalt };
  Kind kind = Kind::kStatementOk;
  int line = 0;  // 1-based line of the `statement`/`query`/`halt` line
  std::vector<Condition> conditions;
  std::string sql;

  // kStatementError: the SQLSTATE and an optional substring of the primary message.
  std::string sqlstate;
  std::string message;

  // kQuery: one letter per column (I, T, R, B), the sort mode, and the expected rows as
  // PostgreSQL's text output ("NULL" for null, "(empty)" for an empty string).
  std::string types;
  SortMode sort = SortMode::kNoSort;
  std::vector<std::vector<std::string>> expected;

  // True when the record runs on `engine` ("komodo" or "postgresql").
  bool RunsOn(const std::string& engine) const;
};

// Parses a whole file. Errors (22P02 with "path:line: ...") for a malformed record.
Result<std::vector<Record>> ParseTestFile(const std::string& path);

}  // namespace komodo::slt
