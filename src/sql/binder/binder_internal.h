// Helpers shared by the binder's files (binder.cc, binder_columns.cc, binder_functions.cc, ...).
// Internal to sql/binder/.
#pragma once

#include <string>
#include <vector>

#include "sql/binder/bound_expr.h"

namespace komodo::sql::binder_internal {

inline BoundExprPtr Make(BoundExpr::Kind kind, TypeId type, int location) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = type;
  e->location = location;
  return e;
}

inline bool IsUntyped(const BoundExpr& e) {
  return (e.kind == BoundExpr::Kind::kConst || e.kind == BoundExpr::Kind::kParam) &&
         e.type == TypeId::kUnknown;
}

inline bool IsInteger(TypeId t) {
  return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8;
}

inline Status NoOperator(const std::string& op, TypeId l, TypeId r, int location) {
  return Status::UndefinedFunction("operator does not exist: " + std::string(TypeName(l)) + " " +
                                   op + " " + std::string(TypeName(r)))
      .WithPosition(location + 1)
      .WithDetail(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

inline std::string TypeList(const std::vector<BoundExprPtr>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); i++) {
    if (i > 0) out += ", ";
    out += args[i]->type == TypeId::kUnknown ? "unknown" : std::string(TypeName(args[i]->type));
  }
  return out;
}

inline bool IsCompareOp(const std::string& op) {
  return op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=" ||
         op == "IS DISTINCT FROM" || op == "IS NOT DISTINCT FROM";
}

}  // namespace komodo::sql::binder_internal
