// WHERE [NOT] EXISTS (SELECT ... FROM ... WHERE ...) as a semi (anti) join, as PostgreSQL's
// pull_up_sublinks does. Run as a subplan, a correlated EXISTS scans its tables once per outer
// row; as a join, the subquery's rows are read once and matched through a hash table on the
// equalities between its columns and the outer query's.
//
// The subquery's WHERE is bound over the outer row followed by the subquery's FROM row. That
// names every column as the subquery would, or fails when a name is ambiguous between the two
// (then EXISTS stays a subplan, which resolves it properly): SQL's inner-first scoping only
// matters for a name both sides have.
#include "sql/planner/plan_exists.h"

#include "common/macros.h"
#include "sql/planner/planner.h"
#include "sql/planner/planner_internal.h"

namespace komodo::sql {

using namespace planner_internal;  // NOLINT

namespace {

// A subquery whose rows only matter by their existence: no grouping, aggregates, LIMIT or set
// operation, and a select list of constants or `*` (nothing in it can fail or matter).
bool PlainExists(const SelectStmt& s) {
  if (s.set_op != SelectStmt::SetOp::kNone || !s.with.empty() || !s.values.empty() ||
      s.from.empty() || !s.group_by.empty() || s.has_grouping_sets || s.having != nullptr ||
      s.limit != nullptr || s.offset != nullptr || s.lock_rows || !s.distinct_on.empty()) {
    return false;
  }
  for (const SelectTarget& t : s.targets) {
    if (t.expr == nullptr ||
        (t.expr->kind != Expr::Kind::kConst && t.expr->kind != Expr::Kind::kStar)) {
      return false;
    }
  }
  return true;
}

}  // namespace

const SelectStmt* ExistsSubquery(const Expr& e, bool* negated) {
  const Expr* x = &e;
  *negated = false;
  if (x->kind == Expr::Kind::kNot && x->args.size() == 1) {
    *negated = true;
    x = x->args[0].get();
  }
  if (x->kind != Expr::Kind::kSubquery || x->sublink != Expr::SubLink::kExists ||
      x->subquery == nullptr || !PlainExists(*x->subquery)) {
    return nullptr;
  }
  return x->subquery.get();
}

bool PlanExistsJoin(const SelectStmt& sub, bool negated, const Scope& scope, BindContext* ctx,
                    PlanPtr* plan) {
  std::vector<const TableRef*> items;
  for (const TableRef& t : sub.from) items.push_back(&t);
  Result<FromPlan> inner = PlanFrom(items, nullptr, ctx, scope.outer, scope.level);
  if (!inner.ok()) return false;
  Scope combined = scope;
  for (const ScopeColumn& c : inner->scope.columns) combined.columns.push_back(c);
  std::vector<BoundExprPtr> conjuncts;
  if (sub.where != nullptr) {
    Binder binder(&combined, ctx);
    Result<BoundExprPtr> where = binder.BindCondition(*sub.where, "WHERE");
    if (!where.ok()) return false;
    SplitConjuncts(std::move(*where), &conjuncts);
  }
  const int lw = static_cast<int>(scope.columns.size());
  PlanPtr join = MakeNode(PlanNode::Kind::kJoin);
  join->join_type = negated ? JoinType::kAnti : JoinType::kSemi;
  std::vector<BoundExprPtr> inner_only, residual;
  for (BoundExprPtr& c : conjuncts) {
    std::optional<std::set<int>> cols = ReferencedColumns(*c);
    if (cols && (cols->empty() || *cols->begin() >= lw)) {
      inner_only.push_back(Rebase(*c, lw));  // filters the subquery's rows before the join
      continue;
    }
    // outer = inner: a hash key on each side.
    BoundExprPtr outer_key, inner_key;
    if (SplitEquality(*c, lw, &outer_key, &inner_key)) {
      join->left_keys.push_back(std::move(outer_key));
      join->right_keys.push_back(Rebase(*inner_key, lw));
      continue;
    }
    residual.push_back(std::move(c));  // over the outer row followed by the inner one
  }
  PlanPtr right = Restrict(std::move(inner->plan), std::move(inner_only));
  join->predicate = AndOf(std::move(residual));
  join->columns = (*plan)->columns;
  join->children.push_back(std::move(*plan));
  join->children.push_back(std::move(right));
  *plan = std::move(join);
  return true;
}

}  // namespace komodo::sql
