// jsonb operators and functions as PostgreSQL 15 has them. The operators are registered as
// functions named "operator->", "operator->>", "operator#>", "operator#>>", "operator@>",
// "operator<@", "operator?", "operator?|", "operator?&", "operator||", "operator-" and
// "operator#-", which the binder resolves when an operand is jsonb (Binder::BindJsonbOperator).
//
// Where PostgreSQL takes a text[] (a path for #>, #>>, #-, jsonb_set, jsonb_insert; the keys of
// ?| and ?&), these take text and read PostgreSQL's array literal syntax ('{a,b,"c d"}') with
// ParseTextArray; an overload of each takes a real text[] (or varchar[]) value too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/functions.h"
#include "komodo/value.h"

namespace komodo::exec {

struct AggregateState;

// The jsonb function or operator `name` over `args` (see LookupFunction), or nullopt.
std::optional<FunctionInfo> LookupJsonbFunction(const std::string& name,
                                                const std::vector<TypeId>& args);

// A one-dimensional text[] literal: elements in order, nullopt for an unquoted NULL.
// Errors: 22P02 `malformed array literal: "<text>"`.
Result<std::vector<std::optional<std::string>>> ParseTextArray(std::string_view text);

// jsonb_agg(value), jsonb_object_agg(key, value), json_agg and json_object_agg: the state is
// kept in state->text and state->count. NULL values are aggregated as JSON null (as PostgreSQL
// does).
bool IsJsonbAggregate(const std::string& name);
Status AccumulateJsonb(const std::string& name, const Value& arg0, const Value& arg1,
                       AggregateState* state);
Result<Value> FinalizeJsonb(const std::string& name, const AggregateState& state);

// The set-returning jsonb functions (jsonb_each, jsonb_each_text, jsonb_object_keys,
// jsonb_array_elements, jsonb_array_elements_text): their output columns, or nullopt for
// another name, and their rows for one argument.
struct SrfColumn {
  const char* name;
  TypeId type;
};
std::optional<std::vector<SrfColumn>> JsonbSetReturningColumns(const std::string& name);
Result<std::vector<std::vector<Value>>> JsonbSetReturningRows(const std::string& name,
                                                              const Value& arg);

}  // namespace komodo::exec
