#include "sql/planner/planner.h"

#include <set>

#include "common/macros.h"
#include "exec/evaluate.h"
#include "sql/planner/planner_internal.h"
#include "sql/planner/prune_columns.h"

namespace komodo::sql {

using namespace planner_internal;  // NOLINT

namespace {
// ORDER BY and DISTINCT ON items: an output column by position or name, else an expression
// over the input, added as a hidden output column. Returns the output position.
Result<int> ResolveOutputItem(const Expr& e, Binder& binder, const Scope& scope,
                              std::vector<BoundExprPtr>* outputs, std::vector<PlanColumn>* columns,
                              size_t visible, bool distinct, const char* clause) {
  if (e.kind == Expr::Kind::kConst && e.value.type() == TypeId::kInt4) {
    int64_t n = e.value.int_value();
    if (n < 1 || n > static_cast<int64_t>(visible)) {
      return Status::InvalidColumnReference(
          std::string(clause) + " position " + std::to_string(n) + " is not in select list",
          e.location + 1);
    }
    return static_cast<int>(n - 1);
  }
  if (e.kind == Expr::Kind::kColumn && e.qualifier.empty()) {
    int found = -1;
    for (size_t i = 0; i < visible; i++) {
      if ((*columns)[i].name == e.name) {
        if (found >= 0 && !SameExpr(*(*outputs)[found], *(*outputs)[i])) {
          return Status("42702", std::string(clause) + " \"" + e.name + "\" is ambiguous",
                        e.location + 1);
        }
        if (found < 0) found = static_cast<int>(i);
      }
    }
    if (found >= 0) return found;
  }
  ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(e));
  for (size_t i = 0; i < outputs->size(); i++) {
    if (SameExpr(*(*outputs)[i], *b)) return static_cast<int>(i);
  }
  if (distinct) {
    return Status::InvalidColumnReference(
        "for SELECT DISTINCT, ORDER BY expressions must appear in select list", e.location + 1);
  }
  columns->push_back({"", "?column?", b->type, b->typmod});
  outputs->push_back(std::move(b));
  return static_cast<int>(outputs->size() - 1);
}

Result<PlanPtr> AddOrderAndLimit(PlanPtr plan, const SelectStmt& s, std::vector<SortKey> sort_keys,
                                 BindContext* ctx, const Scope* outer, int level) {
  if (!sort_keys.empty()) {
    PlanPtr sort = MakeNode(PlanNode::Kind::kSort);
    sort->columns = plan->columns;
    sort->sort_keys = std::move(sort_keys);
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  if (s.limit == nullptr && s.offset == nullptr) return plan;
  Scope empty{{}, outer, level};
  Binder binder(&empty, ctx);
  binder.set_clause("LIMIT");
  PlanPtr limit = MakeNode(PlanNode::Kind::kLimit);
  limit->columns = plan->columns;
  if (s.limit != nullptr) {
    ASSIGN_OR_RETURN(limit->limit_expr, binder.Bind(*s.limit, TypeId::kInt8));
    RETURN_IF_ERROR(binder.Convert(&limit->limit_expr, TypeId::kInt8));
  }
  if (s.offset != nullptr) {
    ASSIGN_OR_RETURN(limit->offset_expr, binder.Bind(*s.offset, TypeId::kInt8));
    RETURN_IF_ERROR(binder.Convert(&limit->offset_expr, TypeId::kInt8));
  }
  // Top-N: a sort below a constant LIMIT keeps only LIMIT + OFFSET rows.
  auto constant = [](const BoundExprPtr& e, int64_t if_absent) -> std::optional<int64_t> {
    if (e == nullptr) return if_absent;
    if (!IsConstant(*e)) return std::nullopt;
    Result<Value> v = exec::EvaluateConstant(*e, {});
    if (!v.ok() || v->is_null()) return std::nullopt;
    return v->int_value();
  };
  std::optional<int64_t> n = constant(limit->limit_expr, -1);
  std::optional<int64_t> off = constant(limit->offset_expr, 0);
  if (plan->kind == PlanNode::Kind::kSort && n && off && *n >= 0 && *off >= 0) {
    plan->limit = *n + *off;
  }
  limit->children.push_back(std::move(plan));
  return limit;
}

PlanPtr Project(PlanPtr child, std::vector<BoundExprPtr> exprs, std::vector<PlanColumn> columns) {
  PlanPtr p = MakeNode(PlanNode::Kind::kProject);
  p->exprs = std::move(exprs);
  p->columns = std::move(columns);
  p->children.push_back(std::move(child));
  return p;
}

// Drops the hidden columns after `visible`.
PlanPtr StripHidden(PlanPtr plan, size_t visible) {
  if (plan->columns.size() == visible) return plan;
  std::vector<BoundExprPtr> exprs;
  std::vector<PlanColumn> cols(plan->columns.begin(), plan->columns.begin() + visible);
  for (size_t i = 0; i < visible; i++)
    exprs.push_back(ColumnRef(static_cast<int>(i), cols[i].type));
  return Project(std::move(plan), std::move(exprs), std::move(cols));
}

Result<PlanPtr> PlanSimple(const SelectStmt& s, BindContext* ctx, const Scope* outer, int level) {
  const bool set_operand = ctx->set_operand;  // for this query only, not its subqueries
  ctx->set_operand = false;
  std::vector<const TableRef*> items;
  for (const TableRef& r : s.from) items.push_back(&r);
  ASSIGN_OR_RETURN(FromPlan from, PlanFrom(items, s.where.get(), ctx, outer, level));
  const Scope& scope = from.scope;
  std::vector<AggregateCall> aggs;
  Binder binder(&scope, ctx);
  binder.AllowAggregates(&aggs);
  std::vector<WindowCall> windows;
  binder.AllowWindows(&windows);
  std::vector<SetReturningCall> srfs;
  binder.AllowSetReturning(&srfs);

  // The select list, with * expanded.
  std::vector<BoundExprPtr> outputs;
  std::vector<PlanColumn> columns;
  for (const SelectTarget& target : s.targets) {
    const Expr& e = *target.expr;
    if (e.kind == Expr::Kind::kStar) {
      // PostgreSQL's order: the merged USING columns (the outermost join's first), then every
      // other column; t.* lists t's own columns, its USING copies included.
      std::vector<int> order;
      for (size_t i = 0; i < scope.columns.size(); i++) order.push_back(static_cast<int>(i));
      if (e.qualifier.empty()) {
        auto rank = [&](int i) {
          int u = scope.columns[i].using_order;
          return u < 0 ? std::pair<int, int>(1, 0)
                       : std::pair<int, int>(0, -(u / 1000) * 1000 + u % 1000);
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return rank(a) < rank(b); });
      }
      bool any = false;
      for (int i : order) {
        const ScopeColumn& c = scope.columns[i];
        if (c.system || (!e.qualifier.empty() && c.table != e.qualifier)) continue;
        if (e.qualifier.empty() && c.hidden) continue;
        outputs.push_back(e.qualifier.empty() ? UsingColumnRef(scope, i, 0)
                                              : ColumnRef(i, c.type, c.typmod));
        columns.push_back({c.table, c.name, c.type, c.typmod});
        any = true;
      }
      if (!e.qualifier.empty() && !any) {
        // t.* of an enclosing query's (or, in a LATERAL subquery, an earlier FROM item's) table:
        // each of its columns, bound as an outer reference. The binder reports a table that is
        // not there, or may not be named from here.
        const Scope* owner = nullptr;
        for (const Scope* o = scope.outer; o != nullptr && owner == nullptr; o = o->outer) {
          for (const ScopeColumn& c : o->columns) {
            if (c.table == e.qualifier && c.reach != ScopeColumn::Reach::kInvisible) owner = o;
          }
        }
        if (owner == nullptr) {
          Expr probe;
          probe.kind = Expr::Kind::kColumn;
          probe.qualifier = e.qualifier;
          probe.location = e.location;
          return binder.Bind(probe).status();
        }
        for (const ScopeColumn& c : owner->columns) {
          if (c.system || c.table != e.qualifier) continue;
          Expr ref;
          ref.kind = Expr::Kind::kColumn;
          ref.qualifier = e.qualifier;
          ref.name = c.name;
          ref.location = e.location;
          ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(ref));
          outputs.push_back(std::move(b));
          columns.push_back({c.table, c.name, c.type, c.typmod});
        }
        continue;
      }
      if (e.qualifier.empty() && items.empty()) {
        return Status::SyntaxError("SELECT * with no tables specified is not valid",
                                   e.location + 1);
      }
      continue;
    }
    ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(e));
    // In a set operation's operand an untyped literal ('2', NULL) stays untyped: the other
    // operand decides its type, as PostgreSQL's select_common_type does.
    bool untyped_const = b->kind == BoundExpr::Kind::kConst;
    if (b->type == TypeId::kUnknown && !(set_operand && untyped_const)) {
      RETURN_IF_ERROR(binder.Convert(&b, TypeId::kText));  // SELECT 'literal'
    }
    columns.push_back(
        {"", target.alias.empty() ? OutputName(e) : target.alias, b->type, b->typmod});
    outputs.push_back(std::move(b));
  }
  size_t visible = outputs.size();
  binder.AllowSetReturning(nullptr);  // only the select list may hold one

  // GROUP BY: an output position or name, else an expression over the input.
  ASSIGN_OR_RETURN(GroupBy group, BindGroupBy(s, scope, ctx, outputs, columns, visible));
  BoundExprPtr having;
  if (s.having != nullptr) {
    binder.AllowWindows(nullptr);  // 42P20 at the call
    Result<BoundExprPtr> bound = binder.BindCondition(*s.having, "HAVING");
    binder.AllowWindows(&windows);
    ASSIGN_OR_RETURN(having, std::move(bound));
  }
  // ORDER BY and DISTINCT ON, as output positions (hidden columns added as needed).
  bool distinct = s.distinct && s.distinct_on.empty();
  std::vector<std::pair<int, const OrderItem*>> order;
  for (const OrderItem& item : s.order_by) {
    ASSIGN_OR_RETURN(int pos, ResolveOutputItem(*item.expr, binder, scope, &outputs, &columns,
                                                visible, distinct, "ORDER BY"));
    order.emplace_back(pos, &item);
  }
  std::vector<int> distinct_on;
  for (const ExprPtr& e : s.distinct_on) {
    ASSIGN_OR_RETURN(int pos, ResolveOutputItem(*e, binder, scope, &outputs, &columns, visible,
                                                false, "DISTINCT ON"));
    distinct_on.push_back(pos);
  }
  if (!distinct_on.empty()) {
    for (size_t i = 0; i < distinct_on.size() && i < order.size(); i++) {
      bool listed = false;
      for (int d : distinct_on) listed |= d == order[i].first;
      if (!listed) {
        return Status::InvalidColumnReference(
            "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
            s.distinct_on[0]->location + 1);
      }
    }
  }

  PlanPtr plan = std::move(from.plan);
  if (!srfs.empty()) {
    // PostgreSQL's ProjectSet: the functions' rows follow each input row, in lockstep (a
    // function with fewer rows gives NULLs), and an input row for which all return none is
    // dropped.
    if (group.present || !aggs.empty() || !windows.empty() || having != nullptr) {
      return Status::FeatureNotSupported(
          "set-returning functions with GROUP BY, aggregates or window functions are not "
          "supported yet");
    }
    // The binder referred to the functions' columns as the ones after the scope's columns.
    int from_ref = static_cast<int>(scope.columns.size());
    int to_ref = static_cast<int>(plan->columns.size());
    int count = static_cast<int>(srfs.size());
    std::function<void(BoundExpr&)> fix = [&](BoundExpr& e) {
      if (e.kind == BoundExpr::Kind::kColumn && e.column >= from_ref &&
          e.column < from_ref + count) {
        e.column += to_ref - from_ref;
      }
      for (auto& a : e.args) fix(*a);
    };
    for (BoundExprPtr& out : outputs) fix(*out);
    PlanPtr node = MakeNode(PlanNode::Kind::kSeries);
    node->columns = plan->columns;
    bool single = srfs.size() == 1 && srfs[0].args.size() == 1 &&
                  srfs[0].name != "generate_subscripts" && !srfs[0].name.starts_with("_pg_");
    if (single) {
      node->function = srfs[0].name;
      node->exprs.push_back(std::move(srfs[0].args[0]));
    } else {
      // Each call is kept whole: exec's ProjectSet evaluates its arguments per input row.
      node->function = "project_set";
      for (SetReturningCall& call : srfs) {
        auto e = std::make_unique<BoundExpr>();
        e->kind = BoundExpr::Kind::kFunction;
        e->type = call.type;
        e->name = call.name;
        e->args = std::move(call.args);
        node->exprs.push_back(std::move(e));
      }
    }
    for (const SetReturningCall& call : srfs) {
      node->columns.push_back({"", call.name, call.type, call.typmod});
    }
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  }
  if (s.lock_rows) {
    const char* what = group.present      ? "GROUP BY clause"
                       : !aggs.empty()    ? "aggregate functions"
                       : s.distinct       ? "DISTINCT clause"
                       : !windows.empty() ? "window functions"
                                          : nullptr;
    if (what != nullptr) {
      return Status::FeatureNotSupported(std::string("FOR UPDATE is not allowed with ") + what);
    }
    // Every table scanned by this query's FROM (or those named by OF) locks its rows; not the
    // tables of an EXISTS subquery turned into a semi join (its right side).
    std::function<void(PlanNode&)> mark = [&](PlanNode& n) {
      if (n.kind == PlanNode::Kind::kScan) {
        bool listed = s.locked_tables.empty();
        for (const std::string& name : s.locked_tables) listed |= name == n.alias;
        n.lock_rows = listed;
      }
      bool semi = n.kind == PlanNode::Kind::kJoin &&
                  (n.join_type == JoinType::kSemi || n.join_type == JoinType::kAnti);
      for (size_t i = 0; i < (semi ? 1 : n.children.size()); i++) mark(*n.children[i]);
    };
    mark(*plan);
  }
  // The window operator appends one column per call; references to calls become columns. In a
  // grouped query it runs over the groups (after HAVING), so its calls read the group keys and
  // aggregates as the select list does.
  auto add_windows = [&]() {
    PlanPtr w = MakeNode(PlanNode::Kind::kWindow);
    w->columns = plan->columns;
    int base = static_cast<int>(plan->columns.size());
    for (const WindowCall& c : windows) w->columns.push_back({"", c.name, c.type, -1});
    std::function<void(BoundExprPtr&)> fix = [&](BoundExprPtr& e) {
      if (e->kind == BoundExpr::Kind::kWindow) {
        e = ColumnRef(base + e->column, e->type);
        return;
      }
      for (auto& a : e->args) fix(a);
    };
    for (BoundExprPtr& out : outputs) fix(out);
    w->windows = std::move(windows);
    w->children.push_back(std::move(plan));
    plan = std::move(w);
  };
  bool grouped = group.present || !aggs.empty() || having != nullptr;
  for (const BoundExprPtr& out : outputs) grouped |= HasGroupingCall(*out);
  if (!windows.empty() && !grouped) add_windows();
  if (grouped) {
    // HAVING without GROUP BY or aggregates makes the query one group.
    ASSIGN_OR_RETURN(plan, PlanAggregate(std::move(plan), std::move(group), std::move(aggs),
                                         &outputs, std::move(having), scope, &windows));
    if (!windows.empty()) add_windows();
  }
  plan = Project(std::move(plan), std::move(outputs), columns);

  std::vector<SortKey> sort_keys;
  for (const auto& [pos, item] : order) {
    SortKey k;
    k.expr = ColumnRef(pos, columns[pos].type);
    k.desc = item->desc;
    k.nulls_first = item->nulls_first < 0 ? item->desc : item->nulls_first == 1;
    sort_keys.push_back(std::move(k));
  }
  if (distinct) {
    PlanPtr d = MakeNode(PlanNode::Kind::kDistinct);
    d->columns = plan->columns;
    d->distinct_columns = visible;
    d->children.push_back(std::move(plan));
    plan = std::move(d);
  }
  if (!distinct_on.empty()) {
    // Sort, then keep the first row of each DISTINCT ON key.
    PlanPtr sort = MakeNode(PlanNode::Kind::kSort);
    sort->columns = plan->columns;
    for (const SortKey& k : sort_keys) {
      sort->sort_keys.push_back({CloneExpr(*k.expr), k.desc, k.nulls_first});
    }
    sort->children.push_back(std::move(plan));
    PlanPtr d = MakeNode(PlanNode::Kind::kDistinct);
    d->columns = sort->columns;
    for (int pos : distinct_on) d->exprs.push_back(ColumnRef(pos, columns[pos].type));
    d->children.push_back(std::move(sort));
    plan = std::move(d);
    sort_keys.clear();
  }
  ASSIGN_OR_RETURN(plan,
                   AddOrderAndLimit(std::move(plan), s, std::move(sort_keys), ctx, outer, level));
  return StripHidden(std::move(plan), visible);
}

// VALUES (...), (...): each column takes the common type of its values.
Result<PlanPtr> PlanValues(const SelectStmt& s, BindContext* ctx, const Scope* outer, int level) {
  Scope empty{{}, outer, level};
  Binder binder(&empty, ctx);
  binder.set_clause("VALUES");
  size_t width = s.values[0].size();
  std::vector<BoundExprPtr> exprs;
  for (const auto& row : s.values) {
    for (const ExprPtr& e : row) {
      if (e == nullptr) return Status::SyntaxError("DEFAULT is not allowed in this context");
      ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(*e));
      exprs.push_back(std::move(b));
    }
  }
  PlanPtr values = MakeNode(PlanNode::Kind::kValues);
  for (size_t c = 0; c < width; c++) {
    TypeId common = TypeId::kUnknown;
    for (size_t r = c; r < exprs.size(); r += width) {
      ASSIGN_OR_RETURN(common, CommonType(common, exprs[r]->type, "VALUES", exprs[r]->location));
    }
    if (common == TypeId::kUnknown) common = TypeId::kText;
    for (size_t r = c; r < exprs.size(); r += width) {
      RETURN_IF_ERROR(binder.Convert(&exprs[r], common));
    }
    values->columns.push_back({"", "column" + std::to_string(c + 1), common, -1});
  }
  values->exprs = std::move(exprs);
  values->width = width;
  return values;
}

// Casts the columns of `plan` to `types` where they differ (set operation operands).
Result<PlanPtr> CastColumns(PlanPtr plan, const std::vector<TypeId>& types, Binder& binder) {
  bool same = true;
  for (size_t i = 0; i < types.size(); i++) same &= plan->columns[i].type == types[i];
  if (same) return plan;
  std::vector<BoundExprPtr> exprs;
  std::vector<PlanColumn> cols = plan->columns;
  for (size_t i = 0; i < types.size(); i++) {
    BoundExprPtr col = ColumnRef(static_cast<int>(i), plan->columns[i].type);
    RETURN_IF_ERROR(binder.Convert(&col, types[i]));
    cols[i].type = types[i];
    exprs.push_back(std::move(col));
  }
  return Project(std::move(plan), std::move(exprs), std::move(cols));
}

Result<PlanPtr> PlanSetOp(const SelectStmt& s, BindContext* ctx, const Scope* outer, int level) {
  ctx->set_operand = true;
  Result<PlanPtr> l = PlanQueryAtLevel(*s.left, ctx, outer, level);
  ctx->set_operand = true;
  Result<PlanPtr> r = l.ok() ? PlanQueryAtLevel(*s.right, ctx, outer, level) : l.status();
  ctx->set_operand = false;
  ASSIGN_OR_RETURN(PlanPtr left, std::move(l));
  ASSIGN_OR_RETURN(PlanPtr right, std::move(r));
  const char* name = s.set_op == SelectStmt::SetOp::kUnion       ? "UNION"
                     : s.set_op == SelectStmt::SetOp::kIntersect ? "INTERSECT"
                                                                 : "EXCEPT";
  if (left->columns.size() != right->columns.size()) {
    return Status::SyntaxError(std::string("each ") + name +
                               " query must have the same number of columns");
  }
  std::vector<TypeId> types;
  for (size_t i = 0; i < left->columns.size(); i++) {
    ASSIGN_OR_RETURN(TypeId t, CommonType(left->columns[i].type, right->columns[i].type, name, -1));
    types.push_back(t == TypeId::kUnknown ? TypeId::kText : t);
  }
  Scope empty{{}, outer, level};
  Binder binder(&empty, ctx);
  ASSIGN_OR_RETURN(left, CastColumns(std::move(left), types, binder));
  ASSIGN_OR_RETURN(right, CastColumns(std::move(right), types, binder));
  PlanPtr op = MakeNode(PlanNode::Kind::kSetOp);
  op->set_op = s.set_op == SelectStmt::SetOp::kUnion       ? PlanNode::SetOp::kUnion
               : s.set_op == SelectStmt::SetOp::kIntersect ? PlanNode::SetOp::kIntersect
                                                           : PlanNode::SetOp::kExcept;
  op->set_all = s.set_all;
  op->columns = left->columns;
  for (PlanColumn& c : op->columns) c.table.clear();
  op->children.push_back(std::move(left));
  op->children.push_back(std::move(right));
  return op;
}

}  // namespace

Result<PlanPtr> PlanQueryBody(const SelectStmt& s, BindContext* ctx, const Scope* outer, int level);

// FigureColname's strength of a name: 2 a real one, 1 a cast's type name, 0 none ("?column?").
int NameStrength(const Expr& e) {
  if (e.kind == Expr::Kind::kCast) return std::max(1, NameStrength(*e.args[0]));
  return OutputName(e) == "?column?" ? 0 : 2;
}

std::string OutputName(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kColumn:
    case Expr::Kind::kFunction:
    case Expr::Kind::kField:
      return e.name;
    case Expr::Kind::kCast:
      // A cast names its column unless its argument has a real name (FigureColname).
      return NameStrength(*e.args[0]) <= 1 ? e.type.name : OutputName(*e.args[0]);
    case Expr::Kind::kGrouping:
      return "grouping";
    case Expr::Kind::kCase:
      return "case";
    case Expr::Kind::kArray:
      return "array";
    case Expr::Kind::kSubscript:
      return OutputName(*e.args[0]);
    case Expr::Kind::kSubquery:
      if (e.sublink == Expr::SubLink::kExists) return "exists";
      if (e.sublink == Expr::SubLink::kArray) return "array";
      if (e.sublink == Expr::SubLink::kScalar && !e.subquery->targets.empty() &&
          e.subquery->set_op == SelectStmt::SetOp::kNone) {
        const SelectTarget& t = e.subquery->targets[0];
        return t.alias.empty() ? OutputName(*t.expr) : t.alias;
      }
      return "?column?";
    default:
      return "?column?";
  }
}

Result<PlanPtr> PlanQueryAtLevel(const SelectStmt& s, BindContext* ctx, const Scope* outer,
                                 int level) {
  size_t saved = ctx->ctes.size();
  for (const CommonTableExpr& cte : s.with) {
    // A WITH item sees the items before it; in WITH RECURSIVE, every item of the list.
    ctx->cte_visible.push_back(cte.recursive ? saved + s.with.size() : ctx->ctes.size());
    ctx->ctes.push_back(&cte);
  }
  Result<PlanPtr> plan = PlanQueryBody(s, ctx, outer, level);
  ctx->ctes.resize(saved);
  ctx->cte_visible.resize(saved);
  return plan;
}

Result<PlanPtr> PlanQueryBody(const SelectStmt& s, BindContext* ctx, const Scope* outer,
                              int level) {
  if (s.set_op == SelectStmt::SetOp::kNone && s.values.empty()) {
    return PlanSimple(s, ctx, outer, level);
  }
  ASSIGN_OR_RETURN(PlanPtr plan, s.values.empty() ? PlanSetOp(s, ctx, outer, level)
                                                  : PlanValues(s, ctx, outer, level));
  // ORDER BY over a set operation or VALUES names output columns only.
  std::vector<SortKey> keys;
  for (const OrderItem& item : s.order_by) {
    int pos = -1;
    const Expr& e = *item.expr;
    if (e.kind == Expr::Kind::kConst && e.value.type() == TypeId::kInt4) {
      pos = static_cast<int>(e.value.int_value()) - 1;
      if (pos < 0 || pos >= static_cast<int>(plan->columns.size())) {
        return Status::InvalidColumnReference(
            "ORDER BY position " + std::to_string(e.value.int_value()) + " is not in select list",
            e.location + 1);
      }
    } else if (e.kind == Expr::Kind::kColumn && e.qualifier.empty()) {
      for (size_t i = 0; i < plan->columns.size() && pos < 0; i++) {
        if (plan->columns[i].name == e.name) pos = static_cast<int>(i);
      }
    }
    if (pos < 0) {
      return Status::FeatureNotSupported("invalid UNION/INTERSECT/EXCEPT ORDER BY clause")
          .WithPosition(e.location + 1)
          .WithDetail("Only result column names can be used, not expressions or functions.");
    }
    SortKey k;
    k.expr = ColumnRef(pos, plan->columns[pos].type);
    k.desc = item.desc;
    k.nulls_first = item.nulls_first < 0 ? item.desc : item.nulls_first == 1;
    keys.push_back(std::move(k));
  }
  return AddOrderAndLimit(std::move(plan), s, std::move(keys), ctx, outer, level);
}

Result<PlanPtr> PlanQuery(const SelectStmt& s, BindContext* ctx, const Scope* outer) {
  if (outer != nullptr) return PlanQueryAtLevel(s, ctx, outer, outer->level + 1);
  ASSIGN_OR_RETURN(PlanPtr plan, PlanQueryAtLevel(s, ctx, nullptr, 0));
  PruneScanColumns(*plan);  // a whole query: every output column is used
  return plan;
}

}  // namespace komodo::sql
