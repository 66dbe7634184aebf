// Helpers shared by the planner's files (planner.cc, plan_from.cc). Internal to sql/planner/.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "sql/binder/binder.h"
#include "sql/planner/plan.h"

namespace komodo::sql {

// A recursive WITH query being planned (plan_recursive.cc): what a reference to it means here.
struct RecursiveTerm {
  enum class Phase {
    kNotUnion,      // the query is not of the form term UNION [ALL] term: no reference allowed
    kNonRecursive,  // planning the first term: no reference allowed
    kRecursive,     // planning the second: one reference, a scan of the work table
  };
  const CommonTableExpr* cte = nullptr;
  Phase phase = Phase::kNotUnion;
  int level = 0;           // the recursive term's query level (a subquery's is deeper)
  int cte_depth = 0;       // BindContext::cte_depth of the recursive term
  int nullable_depth = 0;  // BindContext::nullable_depth of the recursive term
  int uses = 0;
  const PlanNode* node = nullptr;   // the kRecursiveUnion the work table belongs to
  std::vector<PlanColumn> columns;  // the work table's columns
};

// Plans the query of WITH item ctx->ctes[index] (seeing only the WITH items visible where it is
// defined); a recursive one becomes a kRecursiveUnion.
Result<PlanPtr> PlanCteQuery(size_t index, BindContext* ctx, const Scope* outer, int level);

// GROUP BY, bound (plan_aggregate.cc): the distinct grouping expressions and, with GROUPING
// SETS, ROLLUP, CUBE or (), the sets as indexes into `keys`.
struct GroupBy {
  bool present = false;  // the query has a GROUP BY clause (maybe only "()")
  std::vector<BoundExprPtr> keys;
  std::vector<std::vector<int>> sets;  // empty: one set of every key
};

// Binds s.group_by: each expression is an output position or name, else an expression over
// `scope`. Errors 42P10 for a bad position, 42803 for an aggregate or GROUPING in it.
Result<GroupBy> BindGroupBy(const SelectStmt& s, const Scope& scope, BindContext* ctx,
                            const std::vector<BoundExprPtr>& outputs,
                            const std::vector<PlanColumn>& columns, size_t visible);

// Whether `e` calls GROUPING (which makes the query grouped, like an aggregate).
bool HasGroupingCall(const BoundExpr& e);

// The aggregation over `input`, followed by HAVING's filter: rewrites `outputs` and `having`
// from expressions over the FROM row into expressions over the aggregate's row. Errors 42803
// for a GROUPING argument that is not a grouping expression (before any other error, as
// PostgreSQL checks them first) and for a column neither grouped nor aggregated. The window
// calls of `windows` run over the groups: their expressions are rewritten alike.
Result<PlanPtr> PlanAggregate(PlanPtr input, GroupBy group, std::vector<AggregateCall> aggs,
                              std::vector<BoundExprPtr>* outputs, BoundExprPtr having,
                              const Scope& scope, std::vector<WindowCall>* windows);

// The recursive WITH query being planned that a reference to `cte` names, or null. Errors
// 42P19 / 0A000 where PostgreSQL refuses the reference.
Result<RecursiveTerm*> FindRecursiveTerm(const CommonTableExpr& cte, BindContext* ctx, int level,
                                         int location);

// JOIN ... USING (a, b) and NATURAL JOIN of the columns [left_begin, right_begin) and
// [right_begin, right_end) of `cols` (plan_using.cc): appends an equality per column to `terms`,
// hides the right copies and marks what the left copy's unqualified name means. Errors 42702,
// 42703.
Status AddUsing(const TableRef& ref, size_t left_begin, size_t right_begin, size_t right_end,
                std::vector<ScopeColumn>* cols, std::vector<BoundExprPtr>* terms);

}  // namespace komodo::sql

namespace komodo::sql::planner_internal {

inline BoundExprPtr ColumnRef(int column, TypeId type, int32_t typmod = -1) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kColumn;
  e->column = column;
  e->type = type;
  e->typmod = typmod;
  return e;
}

inline PlanPtr MakeNode(PlanNode::Kind kind) {
  auto n = std::make_unique<PlanNode>();
  n->kind = kind;
  return n;
}

// The FROM items' columns referenced by `e` (at this query level), or nullopt when `e` holds a
// subquery (which is then evaluated above all joins, on the complete row).
inline std::optional<std::set<int>> ReferencedColumns(const BoundExpr& e) {
  std::set<int> cols;
  bool subquery = false;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExpr::Kind::kColumn) cols.insert(n.column);
    if (n.kind == BoundExpr::Kind::kSubquery) subquery = true;
  });
  if (subquery) return std::nullopt;
  return cols;
}

inline void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out) {
  if (e->kind == BoundExpr::Kind::kAnd) {
    for (auto& a : e->args) SplitConjuncts(std::move(a), out);
    return;
  }
  out->push_back(std::move(e));
}

inline BoundExprPtr AndOf(std::vector<BoundExprPtr> terms) {
  if (terms.empty()) return nullptr;
  if (terms.size() == 1) return std::move(terms[0]);
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kAnd;
  e->type = TypeId::kBool;
  e->args = std::move(terms);
  return e;
}

// A set-returning jsonb or regular-expression function in FROM (plan_functions.cc), over
// `scope`: the columns of the FROM items before it, which it may name (FromItem::lateral).
Result<PlanPtr> PlanRowsFunction(const TableRef& ref, const Scope& scope, BindContext* ctx,
                                 std::vector<ScopeColumn>* cols);

// Whether `e` is left = right with one side over columns before `offset` and the other at or
// after it; then `left` and `right` are copies of the two sides (no rebasing).
bool SplitEquality(const BoundExpr& e, int offset, BoundExprPtr* left, BoundExprPtr* right);

// Applies conjuncts to a plan: into a scan without a predicate (choosing its access path), else
// as a filter above it.
PlanPtr Restrict(PlanPtr plan, std::vector<BoundExprPtr> conjuncts);

// A copy of `e` with column positions moved down by `offset` (to read one item's own row).
inline BoundExprPtr Rebase(const BoundExpr& e, int offset) {
  BoundExprPtr c = CloneExpr(e);
  std::function<void(BoundExpr&)> fix = [&](BoundExpr& n) {
    if (n.kind == BoundExpr::Kind::kColumn) n.column -= offset;
    for (auto& a : n.args) fix(*a);
  };
  fix(*c);
  return c;
}

}  // namespace komodo::sql::planner_internal
