// The regular-expression built-ins: the operators ~ ~* !~ !~* (registered as regexmatch,
// regexmatch_ci, notregexmatch, notregexmatch_ci), regexp_replace, regexp_like, regexp_count,
// regexp_instr, regexp_substr, regexp_match, regexp_split_to_array (and the set-returning
// regexp_matches and regexp_split_to_table), substring(text from pattern), substring(text similar
// pattern escape esc) and similar_to_escape (SIMILAR TO). Behaviour follows PostgreSQL 15 on RE2
// (exec/regex.h says where the syntax differs).
#pragma once

#include <string>
#include <vector>

#include "komodo/value.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

struct RegexFunction {
  const char* name;
  TypeId result;
  std::vector<TypeId> params;
  sql::ScalarFn fn;
  // Compiles a constant pattern once, when the call is bound.
  void (*prepare)(sql::BoundExpr& call) = nullptr;
};

// The entries functions.cc adds to its registry.
const std::vector<RegexFunction>& RegexFunctions();

// The rows of the set-returning regexp_matches(text, pattern [, flags]) (text[] each) and
// regexp_split_to_table(text, pattern [, flags]) (text each), over evaluated, non-NULL arguments.
bool IsRegexSetReturning(const std::string& name);
Result<std::vector<Value>> RegexSetReturningRows(const std::string& name, std::vector<Value>& args);

}  // namespace komodo::exec
