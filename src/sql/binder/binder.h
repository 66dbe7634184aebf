// Binder: resolves an AST expression against the columns in scope and types it, the way
// PostgreSQL does: untyped literals and parameters take their type from the context, operators
// and functions are chosen by argument types, and names are looked up from the innermost query
// outwards (an outer name makes a subquery correlated).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "komodo/result.h"
#include "komodo/sessions.h"
#include "sql/binder/bound_expr.h"
#include "sql/parser/ast.h"
#include "sql/planner/plan.h"

namespace komodo::exec {
struct FunctionInfo;  // exec/functions.h
}  // namespace komodo::exec

namespace komodo::sql {

struct ScopeColumn {
  std::string table;  // the FROM item's name or alias
  std::string name;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;
  bool hidden = false;   // the right side's copy of a JOIN ... USING column: not in *
  std::string relation;  // the table's own name when `table` is an alias of it
  bool system = false;   // a hidden system column (ctid): never in *
  // The left copy of a JOIN ... USING column: what its unqualified name means.
  enum class Merge { kNone, kLeft, kRight, kCoalesce } merge = Merge::kNone;
  int merged_with = -1;  // the right copy
  int using_order = -1;  // where * lists it: later joins' columns first
  // Whether a subquery in FROM may name it (PostgreSQL's LATERAL rules). kInvisible: an earlier
  // FROM item seen from a subquery without LATERAL, or from an ON clause it is not part of:
  // names resolve past it, and a name that resolves nowhere else errors with a hint.
  // kNotLateral: the left side of a RIGHT or FULL JOIN LATERAL (42P10). kUnsupported: visible
  // in PostgreSQL, but not to KomodoDB's lateral joins yet (0A000).
  enum class Reach { kVisible, kInvisible, kNotLateral, kUnsupported } reach = Reach::kVisible;
};

struct Scope;
struct RecursiveTerm;  // sql/planner/planner_internal.h
// The value an unqualified USING column names: the left column, the right one (RIGHT JOIN) or
// COALESCE of both (FULL JOIN).
BoundExprPtr UsingColumnRef(const Scope& scope, int column, int depth);

// The columns a query's expressions can name: the concatenated rows of its FROM items.
struct Scope {
  std::vector<ScopeColumn> columns;
  const Scope* outer = nullptr;  // the enclosing query's scope, for correlated subqueries
  int level = 0;                 // nesting depth of the query
  // The FROM items a LATERAL subquery or function sees: an aggregate over only their columns
  // would belong to a FROM clause, which PostgreSQL refuses (42803).
  bool from_clause = false;
};

// What every binder of one statement shares.
struct BindContext {
  BindContext(const catalog::CatalogState* c, std::vector<TypeId>* p)
      : catalog(c), param_types(p) {}

  const catalog::CatalogState* catalog = nullptr;
  std::vector<TypeId>* param_types = nullptr;  // grows as $n are seen; kUnknown until decided
  std::vector<bool> correlated;                // by query level: names an outer query's column
  std::vector<const CommonTableExpr*> ctes;    // WITH queries in scope, innermost last
  // WITH RECURSIVE (sql/planner/plan_recursive.cc): for each entry of `ctes`, how many entries
  // its own query sees; the recursive terms being planned, innermost last; how many WITH
  // queries and nullable sides of outer joins are being planned.
  std::vector<size_t> cte_visible;
  std::vector<RecursiveTerm*> recursive_terms;
  int cte_depth = 0;
  int nullable_depth = 0;
  // When set, the planner adds the id of every table and view the statement reads (CREATE VIEW
  // records them).
  std::vector<uint32_t>* relations_read = nullptr;
  // Set while planning the operands of a set operation: a NULL in their select lists stays
  // untyped, so the other operand decides its type (SELECT NULL UNION SELECT 1 is integer).
  bool set_operand = false;
  // The server's sessions, for pg_stat_activity (null: none, the view has no rows).
  const SessionDirectory* sessions = nullptr;
};

// A set-returning function in the select list (SELECT jsonb_array_elements(j) FROM t): the
// planner runs it once per input row and appends its column; the call is bound as a reference
// to that column. Several run in lockstep (PostgreSQL's ProjectSet). `name` is unnest,
// generate_series, generate_subscripts, a jsonb function, or _pg_expandarray.x / .n (the fields
// of information_schema._pg_expandarray's rows).
struct SetReturningCall {
  std::string name;
  std::vector<BoundExprPtr> args;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;
};

class Binder {
 public:
  Binder(const Scope* scope, BindContext* ctx) : scope_(scope), ctx_(ctx) {}

  // Lets aggregate calls appear: each is added to `aggs` and bound as a kAggregate reference.
  // Without it, an aggregate is an error naming `clause` ("WHERE", "JOIN conditions", ...).
  void AllowAggregates(std::vector<AggregateCall>* aggs) { aggs_ = aggs; }
  // Lets window function calls appear (bound as kWindow references).
  void AllowWindows(std::vector<WindowCall>* windows) { windows_ = windows; }
  // Lets set-returning functions of one column appear (see SetReturningCall).
  void AllowSetReturning(std::vector<SetReturningCall>* srfs) { srfs_ = srfs; }
  void set_clause(const char* clause) { clause_ = clause; }

  // Binds `e`; when `expected` is known, an untyped literal or parameter takes that type.
  Result<BoundExprPtr> Bind(const Expr& e, TypeId expected = TypeId::kUnknown);
  // Binds a condition (WHERE, ON, HAVING): errors 42804 unless boolean.
  Result<BoundExprPtr> BindCondition(const Expr& e, const char* clause);

  // Gives an untyped literal or parameter the type `type`, or converts `e` implicitly (a cast
  // node); errors 42804 when there is no implicit cast.
  Status Convert(BoundExprPtr* e, TypeId type);

 private:
  Result<BoundExprPtr> BindColumn(const Expr& e);
  Result<BoundExprPtr> BindBinary(const Expr& e);
  // 'name'::regclass where an oid is wanted (a cast to oid, a comparison with an oid column):
  // the relation's oid, looked up in the catalog. Other expressions are left alone.
  void RegclassToOid(BoundExprPtr* e);
  // A reference to the column of a set-returning call added to srfs_ (not null).
  BoundExprPtr SetReturningRef(std::string name, std::vector<BoundExprPtr> args, TypeId type,
                               int location, int32_t typmod = -1);
  // (x).field: a field of a record, or of each row of _pg_expandarray(array) in a select list.
  Result<BoundExprPtr> BindField(const Expr& e);
  // information_schema._pg_expandarray(array)'s argument, bound; an error unless an array.
  Result<BoundExprPtr> BindExpandArrayArg(const Expr& call);
  Result<BoundExprPtr> BindCompare(const std::string& op, BoundExprPtr l, BoundExprPtr r,
                                   int location);
  Result<BoundExprPtr> BindArith(const Expr& e, BoundExprPtr l, BoundExprPtr r);
  // Arithmetic on intervals and times, and timestamp - timestamp; null when it does not apply.
  Result<BoundExprPtr> BindDateTimeArith(const Expr& e, BoundExprPtr* l, BoundExprPtr* r);
  Result<BoundExprPtr> BindJsonbOperator(const Expr& e, BoundExprPtr* l, BoundExprPtr* r);
  Result<BoundExprPtr> OperatorCall(const std::string& name, const exec::FunctionInfo& fn,
                                    BoundExprPtr* l, BoundExprPtr* r, int location);
  Result<BoundExprPtr> BindFunction(const Expr& e);
  Result<BoundExprPtr> BindAggregate(const Expr& e);
  Result<BoundExprPtr> BindWindow(const Expr& e);
  // GROUPING(args): allowed where aggregates are; the planner checks the arguments against the
  // query's grouping expressions.
  Result<BoundExprPtr> BindGrouping(const Expr& e);
  Result<BoundExprPtr> BindCase(const Expr& e);
  Result<BoundExprPtr> BindInList(const Expr& e);
  Result<BoundExprPtr> BindSubquery(const Expr& e);
  Status Coerce(BoundExpr* e, TypeId type);
  // Arrays (binder_arrays.cc): ARRAY[...], a[i] and a[i:j], x op ANY/ALL (array), and the
  // array operators || @> <@ && (null when neither operand is an array).
  Result<BoundExprPtr> BindArray(const Expr& e, TypeId expected);
  Result<BoundExprPtr> BindSubscript(const Expr& e);
  Result<BoundExprPtr> BindArrayOp(const Expr& e);
  Result<BoundExprPtr> BindArrayOperator(const Expr& e, BoundExprPtr* l, BoundExprPtr* r);

  const Scope* scope_;
  BindContext* ctx_;
  std::vector<AggregateCall>* aggs_ = nullptr;
  std::vector<WindowCall>* windows_ = nullptr;
  std::vector<SetReturningCall>* srfs_ = nullptr;
  const char* clause_ = "WHERE";
  bool in_aggregate_ = false;
  bool in_window_ = false;  // binding a window function call's arguments or OVER clause
  // While BindWindow binds an aggregate as a window function: the query's own aggregates,
  // which its arguments may hold.
  std::vector<AggregateCall>* window_aggs_ = nullptr;
  // While binding an aggregate's arguments: whether one names a column of this query, and where
  // the first that names an enclosing query's column is (-1: none).
  bool agg_local_ref_ = false;
  int agg_outer_ref_ = -1;
  const Scope* agg_outer_scope_ = nullptr;  // the closest enclosing scope named there
};

// Resolves a SQL type name with its modifier. Errors: 42704 for an unknown type.
Result<TypeId> ResolveType(const TypeRef& ref);
// The column typmod a type reference gives `type`: varchar(n) -> n, numeric(p, s) -> Numeric's
// encoded typmod, otherwise -1. Errors: numeric's 22023 for p or s out of range.
Result<int32_t> ResolveTypmod(const TypeRef& ref, TypeId type);

// The type family used to check that two operands compare or combine.
enum class TypeFamily {
  kNumeric,
  kString,
  kBool,
  kDateTime,
  kUuid,
  kBytea,
  kInterval,
  kTime,
  kJsonb,
  kUnknown
};
TypeFamily FamilyOf(TypeId type);

// The type values of types `a` and `b` are resolved to in UNION, CASE, COALESCE, IN and VALUES
// (PostgreSQL's select_common_type). Errors: 42804 "<context> types X and Y cannot be matched".
Result<TypeId> CommonType(TypeId a, TypeId b, const char* context, int location);

// A constant of `e`, evaluated now, when it has no column, parameter or volatile call.
bool IsConstant(const BoundExpr& e);

}  // namespace komodo::sql
