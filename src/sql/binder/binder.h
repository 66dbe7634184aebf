// Binder: resolves an AST expression against the columns in scope and types it, the way
// PostgreSQL does for the operators KomodoDB supports so far.
#pragma once

#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "komodo/result.h"
#include "sql/binder/bound_expr.h"
#include "sql/parser/ast.h"

namespace komodo::sql {

class Binder {
 public:
  // `table` may be nullptr (no FROM). `param_types` collects the types inferred for $n; it
  // grows as parameters are seen, and entries stay kUnknown until a context decides them.
  Binder(const catalog::TableDef* table, std::string table_alias, std::vector<TypeId>* param_types)
      : table_(table), alias_(std::move(table_alias)), param_types_(param_types) {}

  // Binds `e`; when `expected` is known, an untyped literal or parameter takes that type.
  Result<BoundExprPtr> Bind(const Expr& e, TypeId expected = TypeId::kUnknown);

 private:
  Result<BoundExprPtr> BindColumn(const Expr& e);
  Result<BoundExprPtr> BindCompare(const Expr& e);
  Result<BoundExprPtr> BindArith(const Expr& e);
  // Gives an untyped literal or parameter the type `type` (a cast of the literal text).
  Status Coerce(BoundExpr* e, TypeId type);

  const catalog::TableDef* table_;
  std::string alias_;
  std::vector<TypeId>* param_types_;
};

// Resolves a SQL type name with its modifier. Errors: 42704 for an unknown type.
Result<TypeId> ResolveType(const TypeRef& ref);

// The type family used to check that two operands compare or combine.
enum class TypeFamily { kNumeric, kString, kBool, kDateTime, kUuid, kBytea, kUnknown };
TypeFamily FamilyOf(TypeId type);

}  // namespace komodo::sql
