// Grouping: GROUP BY (with GROUPING SETS, ROLLUP, CUBE and ()), GROUPING(...), aggregates and
// HAVING become one kAggregate node and a filter; the select list is rewritten over its row.
#include <algorithm>

#include "common/macros.h"
#include "sql/binder/binder.h"
#include "sql/planner/planner_internal.h"

namespace komodo::sql {

using namespace planner_internal;  // NOLINT

namespace {

bool HasAggregate(const BoundExpr& e) {
  bool found = false;
  VisitExpr(e, [&](const BoundExpr& n) { found |= n.kind == BoundExpr::Kind::kAggregate; });
  return found;
}

// The index in `keys` of each argument of the GROUPING call `g`. Errors 42803 for an argument
// that is not one of them.
Result<std::vector<int>> GroupingArgs(const BoundExpr& g, const std::vector<BoundExprPtr>& keys) {
  std::vector<int> out;
  for (const BoundExprPtr& arg : g.args) {
    int found = -1;
    for (size_t i = 0; i < keys.size() && found < 0; i++) {
      if (SameExpr(*arg, *keys[i])) found = static_cast<int>(i);
    }
    if (found < 0) {
      return Status("42803",
                    "arguments to GROUPING must be grouping expressions of the associated query "
                    "level",
                    arg->location + 1);
    }
    out.push_back(found);
  }
  return out;
}

Status CheckGroupingCalls(const BoundExpr& e, const std::vector<BoundExprPtr>& keys) {
  Status status = Status::OK();
  VisitExpr(e, [&](const BoundExpr& n) {
    if (status.ok() && n.kind == BoundExpr::Kind::kGrouping) {
      Result<std::vector<int>> args = GroupingArgs(n, keys);
      if (!args.ok()) status = args.status();
    }
  });
  return status;
}

// A grouped query's window calls, which run over the groups: their expressions are rewritten
// like the select list's, each where a reference to the call is met (so that the first
// ungrouped column is reported in PostgreSQL's order).
struct GroupedWindows {
  std::vector<WindowCall>* calls;
  std::vector<bool> done;
};

Status RewriteForGroups(BoundExprPtr* e, const std::vector<BoundExprPtr>& keys, size_t n_aggs,
                        const Scope& scope, std::vector<std::vector<int>>* calls,
                        GroupedWindows* windows);

Status RewriteWindowForGroups(GroupedWindows* windows, size_t i,
                              const std::vector<BoundExprPtr>& keys, size_t n_aggs,
                              const Scope& scope, std::vector<std::vector<int>>* calls) {
  if (windows->done[i]) return Status::OK();
  windows->done[i] = true;
  WindowCall& c = (*windows->calls)[i];
  std::vector<BoundExprPtr*> exprs;
  for (BoundExprPtr& a : c.args) exprs.push_back(&a);
  if (c.aggregate != nullptr) {
    for (BoundExprPtr& a : c.aggregate->args) exprs.push_back(&a);
    if (c.aggregate->filter != nullptr) exprs.push_back(&c.aggregate->filter);
    for (SortKey& k : c.aggregate->order) exprs.push_back(&k.expr);
  }
  for (BoundExprPtr& p : c.partition) exprs.push_back(&p);
  for (SortKey& k : c.order) exprs.push_back(&k.expr);
  for (BoundExprPtr* e : exprs) {
    RETURN_IF_ERROR(RewriteForGroups(e, keys, n_aggs, scope, calls, nullptr));
  }
  return Status::OK();
}

// Replaces, in an expression over the FROM row, the GROUP BY expressions, aggregates and
// GROUPING calls by references to the aggregation's output row (GROUPING calls are added to
// `calls`, their columns after the aggregates'). Errors 42803 for a column neither grouped nor
// aggregated.
Status RewriteForGroups(BoundExprPtr* e, const std::vector<BoundExprPtr>& keys, size_t n_aggs,
                        const Scope& scope, std::vector<std::vector<int>>* calls,
                        GroupedWindows* windows) {
  for (size_t i = 0; i < keys.size(); i++) {
    if (SameExpr(**e, *keys[i])) {
      *e = ColumnRef(static_cast<int>(i), (*e)->type, (*e)->typmod);
      return Status::OK();
    }
  }
  BoundExpr& n = **e;
  if (n.kind == BoundExpr::Kind::kAggregate) {
    *e = ColumnRef(static_cast<int>(keys.size()) + n.column, n.type);
    return Status::OK();
  }
  if (n.kind == BoundExpr::Kind::kGrouping) {
    ASSIGN_OR_RETURN(std::vector<int> args, GroupingArgs(n, keys));
    calls->push_back(std::move(args));
    *e = ColumnRef(static_cast<int>(keys.size() + n_aggs + calls->size() - 1), TypeId::kInt4);
    return Status::OK();
  }
  if (n.kind == BoundExpr::Kind::kColumn) {
    const ScopeColumn& c = scope.columns[n.column];
    return Status("42803",
                  "column \"" + c.table + "." + c.name +
                      "\" must appear in the GROUP BY clause or be used in an aggregate "
                      "function",
                  n.location + 1);
  }
  if (n.kind == BoundExpr::Kind::kSubquery && n.correlated) {
    return Status::FeatureNotSupported(
        "correlated subqueries in the select list of a grouped query are not supported yet");
  }
  if (n.kind == BoundExpr::Kind::kWindow && windows != nullptr) {
    return RewriteWindowForGroups(windows, n.column, keys, n_aggs, scope, calls);
  }
  for (auto& a : n.args) {
    RETURN_IF_ERROR(RewriteForGroups(&a, keys, n_aggs, scope, calls, windows));
  }
  return Status::OK();
}

}  // namespace

bool HasGroupingCall(const BoundExpr& e) {
  bool found = false;
  VisitExpr(e, [&](const BoundExpr& n) { found |= n.kind == BoundExpr::Kind::kGrouping; });
  return found;
}

Result<GroupBy> BindGroupBy(const SelectStmt& s, const Scope& scope, BindContext* ctx,
                            const std::vector<BoundExprPtr>& outputs,
                            const std::vector<PlanColumn>& columns, size_t visible) {
  GroupBy out;
  out.present = !s.group_by.empty() || s.has_grouping_sets;
  Binder binder(&scope, ctx);
  binder.set_clause("GROUP BY");
  // The key index of each expression of s.group_by (several may name the same key).
  std::vector<int> key_of;
  for (const ExprPtr& g : s.group_by) {
    BoundExprPtr key;
    if (g->kind == Expr::Kind::kConst && g->value.type() == TypeId::kInt4) {
      int64_t n = g->value.int_value();
      if (n < 1 || n > static_cast<int64_t>(visible)) {
        return Status::InvalidColumnReference(
            "GROUP BY position " + std::to_string(n) + " is not in select list", g->location + 1);
      }
      key = CloneExpr(*outputs[n - 1]);
    } else if (g->kind == Expr::Kind::kColumn && g->qualifier.empty()) {
      Result<BoundExprPtr> col = binder.Bind(*g);
      if (col.ok()) {
        key = std::move(col).value();
      } else {
        for (size_t i = 0; i < visible && key == nullptr; i++) {
          if (columns[i].name == g->name) key = CloneExpr(*outputs[i]);
        }
        if (key == nullptr) return col.status();
      }
    } else {
      ASSIGN_OR_RETURN(key, binder.Bind(*g));
    }
    if (HasAggregate(*key)) {
      return Status("42803", "aggregate functions are not allowed in GROUP BY", g->location + 1);
    }
    if (HasGroupingCall(*key)) {
      return Status("42803", "grouping operations are not allowed in GROUP BY", g->location + 1);
    }
    int index = -1;
    if (s.has_grouping_sets) {
      // The same expression twice is one key, so that GROUPING and the NULLs of the sets
      // without it treat every mention alike.
      for (size_t i = 0; i < out.keys.size() && index < 0; i++) {
        if (SameExpr(*out.keys[i], *key)) index = static_cast<int>(i);
      }
    }
    if (index < 0) {
      index = static_cast<int>(out.keys.size());
      out.keys.push_back(std::move(key));
    }
    key_of.push_back(index);
  }
  if (!s.has_grouping_sets) return out;
  std::vector<std::vector<int>> seen;  // GROUP BY DISTINCT: the sets so far, sorted
  for (const std::vector<int>& set : s.grouping_sets) {
    std::vector<int> keys;
    for (int g : set) {
      if (std::find(keys.begin(), keys.end(), key_of[g]) == keys.end()) keys.push_back(key_of[g]);
    }
    if (s.group_distinct) {
      std::vector<int> sorted = keys;
      std::sort(sorted.begin(), sorted.end());
      if (std::find(seen.begin(), seen.end(), sorted) != seen.end()) continue;
      seen.push_back(std::move(sorted));
    }
    out.sets.push_back(std::move(keys));
  }
  return out;
}

Result<PlanPtr> PlanAggregate(PlanPtr input, GroupBy group, std::vector<AggregateCall> aggs,
                              std::vector<BoundExprPtr>* outputs, BoundExprPtr having,
                              const Scope& scope, std::vector<WindowCall>* windows) {
  const std::vector<BoundExprPtr>& keys = group.keys;
  for (const BoundExprPtr& out : *outputs) RETURN_IF_ERROR(CheckGroupingCalls(*out, keys));
  if (having != nullptr) RETURN_IF_ERROR(CheckGroupingCalls(*having, keys));

  PlanPtr agg = MakeNode(PlanNode::Kind::kAggregate);
  for (const BoundExprPtr& k : keys) agg->columns.push_back({"", "?column?", k->type, k->typmod});
  for (const AggregateCall& a : aggs) agg->columns.push_back({"", a.name, a.type, -1});
  std::vector<std::vector<int>> calls;
  GroupedWindows grouped_windows{windows, std::vector<bool>(windows->size(), false)};
  for (BoundExprPtr& out : *outputs) {
    RETURN_IF_ERROR(RewriteForGroups(&out, keys, aggs.size(), scope, &calls, &grouped_windows));
  }
  if (having != nullptr) {
    RETURN_IF_ERROR(RewriteForGroups(&having, keys, aggs.size(), scope, &calls, nullptr));
  }
  for (size_t i = 0; i < windows->size(); i++) {  // calls no output names any more
    RETURN_IF_ERROR(RewriteWindowForGroups(&grouped_windows, i, keys, aggs.size(), scope, &calls));
  }
  for (size_t i = 0; i < calls.size(); i++) {
    agg->columns.push_back({"", "grouping", TypeId::kInt4, -1});
  }
  // A single set holds every key: a plain GROUP BY (GROUP BY () stays a set, for EXPLAIN).
  if (group.sets.size() == 1 && !group.sets[0].empty()) group.sets.clear();
  agg->exprs = std::move(group.keys);
  agg->grouping_sets = std::move(group.sets);
  agg->grouping_calls = std::move(calls);
  agg->aggregates = std::move(aggs);
  agg->children.push_back(std::move(input));
  if (having == nullptr) return agg;
  PlanPtr f = MakeNode(PlanNode::Kind::kFilter);
  f->columns = agg->columns;
  f->predicate = std::move(having);
  f->children.push_back(std::move(agg));
  return f;
}

}  // namespace komodo::sql
