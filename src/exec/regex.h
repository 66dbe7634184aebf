// Regular expressions for ~, ~*, regexp_*() and SIMILAR TO: PostgreSQL's advanced regular
// expression (ARE) syntax, translated to RE2 and run by it (regex.cc is the only file that
// includes RE2). RE2 matches in linear time and never backtracks, so some ARE features have no
// equivalent; see the comment at the top of regex.cc for the differences.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/result.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

// The flags string of regexp_replace(), regexp_match() and the others (PostgreSQL's
// parse_re_flags).
struct RegexOptions {
  bool global = false;    // g: every match
  bool icase = false;     // i (c turns it off again)
  bool newline = false;   // n, m: . and [^ stop at newlines, ^ and $ match at them
  bool expanded = false;  // x: white space and # comments in the pattern are ignored
  bool literal = false;   // q: the pattern is a literal string
};

// Parses `flags`; errors 22023 `invalid regular expression option: "z"` for an unknown letter
// and 0A000 for b and e (basic and extended POSIX syntax, which RE2 does not offer).
Result<RegexOptions> ParseRegexFlags(std::string_view flags);

// A compiled pattern. Immutable, so one compiled pattern is shared by every row of a statement
// (it is the call's FunctionState when the pattern is a constant).
class Regex : public sql::FunctionState {
 public:
  // Errors: 2201B `invalid regular expression: ...`, 0A000 for a back reference (\1).
  static Result<std::shared_ptr<const Regex>> Compile(std::string_view pattern,
                                                      const RegexOptions& options);
  // Compile through a small per-thread cache, for patterns that vary from row to row.
  static Result<std::shared_ptr<const Regex>> CompileCached(std::string_view pattern,
                                                            const RegexOptions& options);
  ~Regex() override;

  const RegexOptions& options() const { return options_; }
  // The number of capturing groups.
  int groups() const { return groups_; }

  // Searches `text` from byte offset `start` (anchors and word boundaries still see the whole
  // text). On a match, `spans` gets groups() + 1 entries: the whole match, then each group; a
  // group that took no part in the match has data() == nullptr.
  bool Find(std::string_view text, size_t start, std::vector<std::string_view>* spans) const;
  bool Matches(std::string_view text) const;

 private:
  struct Impl;
  Regex() = default;
  std::unique_ptr<Impl> impl_;
  RegexOptions options_;
  int groups_ = 0;
};

}  // namespace komodo::exec
