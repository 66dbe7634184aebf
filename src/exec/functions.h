// Built-in scalar functions and aggregates: their signatures (for the binder) and their
// implementations. Behaviour follows PostgreSQL 15's functions of the same names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "komodo/result.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

struct FunctionInfo {
  TypeId result = TypeId::kUnknown;
  std::vector<TypeId> params;  // the arguments are converted to these types
  sql::ScalarFn fn = nullptr;
  bool strict = true;        // NULL in any argument gives NULL without a call
  bool volatile_fn = false;  // random(), now(): never folded into a constant
  // Called on the bound call (arguments converted) to prepare its `state` from constant
  // arguments; leaves it unset when it cannot (the function then works per row).
  void (*prepare)(sql::BoundExpr& call) = nullptr;
};

// Whether an argument of type `from` may be passed for a parameter of type `to` when choosing
// among overloads: the same type, an untyped argument or parameter (kUnknown), or an implicit
// cast.
bool ImplicitlyConvertible(TypeId from, TypeId to);

// How well arguments of types `args` fit an overload's `params` (same count): 2 per exact match,
// 1 per untyped argument (2 for a text parameter when `prefer_text`, as PostgreSQL prefers the
// string category for unknown arguments), -1 when an argument does not convert implicitly.
int OverloadScore(const std::vector<TypeId>& params, const std::vector<TypeId>& args,
                  bool prefer_text);

// The function `name` taking arguments of `args` types (kUnknown: an untyped literal or
// parameter), choosing among overloads as PostgreSQL would for the common cases: an exact
// match first, then one reachable by implicit casts. nullopt: no such function (42883).
std::optional<FunctionInfo> LookupFunction(const std::string& name,
                                           const std::vector<TypeId>& args);

bool IsAggregateFunction(const std::string& name);
// The result type of aggregate `name` over `input` (kUnknown for count(*)); nullopt when the
// aggregate does not take that type.
std::optional<TypeId> AggregateResultType(const std::string& name, TypeId input);

// SQL LIKE with % and _ and the default escape \; `fold` makes it case-insensitive (ILIKE).
bool LikeMatch(std::string_view text, std::string_view pattern, bool fold);

}  // namespace komodo::exec
