// WITH queries: their scope, and WITH RECURSIVE. A recursive item `t` must be
// `non-recursive term UNION [ALL] recursive term`, with the recursive term naming t once (not in
// a subquery, not on the nullable side of an outer join). It becomes a kRecursiveUnion: the first
// term's rows seed the work table, and the second term runs over the work table, again and again,
// each time over the rows the previous run produced, until a run produces none (PostgreSQL's
// working-table evaluation). The column types are the first term's.
#include "common/macros.h"
#include "exec/functions.h"
#include "sql/planner/planner.h"
#include "sql/planner/planner_internal.h"

namespace komodo::sql {

namespace {

using namespace planner_internal;  // NOLINT

Status RecursionError(const std::string& msg, int location) {
  return Status("42P19", msg).WithPosition(location + 1);
}

// Plans a term of the item's query with the WITH items attached to that query in scope.
Result<PlanPtr> PlanTerm(const SelectStmt& query, const SelectStmt& term, BindContext* ctx,
                         const Scope* outer, int level) {
  size_t saved = ctx->ctes.size();
  for (const CommonTableExpr& cte : query.with) {
    ctx->cte_visible.push_back(cte.recursive ? saved + query.with.size() : ctx->ctes.size());
    ctx->ctes.push_back(&cte);
  }
  Result<PlanPtr> plan = PlanQueryAtLevel(term, ctx, outer, level);
  ctx->ctes.resize(saved);
  ctx->cte_visible.resize(saved);
  return plan;
}

// The recursive term's own aggregation: a plan of Project/Filter/Sort/... over an Aggregate
// that computes aggregates.
bool AggregatesAtTop(const PlanNode& n) {
  switch (n.kind) {
    case PlanNode::Kind::kAggregate:
      return !n.aggregates.empty();
    case PlanNode::Kind::kProject:
    case PlanNode::Kind::kFilter:
    case PlanNode::Kind::kSort:
    case PlanNode::Kind::kLimit:
    case PlanNode::Kind::kDistinct:
    case PlanNode::Kind::kWindow:
      return AggregatesAtTop(*n.children[0]);
    default:
      return false;
  }
}

Result<PlanPtr> PlanRecursive(const CommonTableExpr& cte, BindContext* ctx, const Scope* outer,
                              int level) {
  const SelectStmt& q = *cte.query;
  RecursiveTerm term;
  term.cte = &cte;
  term.cte_depth = ctx->cte_depth;
  ctx->recursive_terms.push_back(&term);
  struct Pop {
    BindContext* ctx;
    ~Pop() { ctx->recursive_terms.pop_back(); }
  } pop{ctx};
  if (q.set_op != SelectStmt::SetOp::kUnion) return PlanQueryAtLevel(q, ctx, outer, level);

  term.phase = RecursiveTerm::Phase::kNonRecursive;
  ASSIGN_OR_RETURN(PlanPtr left, PlanTerm(q, *q.left, ctx, outer, level));
  term.columns = left->columns;
  if (cte.columns.size() > term.columns.size()) {
    return Status::InvalidColumnReference("WITH query \"" + cte.name + "\" has " +
                                          std::to_string(term.columns.size()) +
                                          " columns available but " +
                                          std::to_string(cte.columns.size()) + " columns specified")
        .WithPosition(cte.location + 1);
  }
  for (size_t i = 0; i < cte.columns.size(); i++) term.columns[i].name = cte.columns[i];
  for (PlanColumn& c : term.columns) c.table.clear();

  PlanPtr node = MakeNode(PlanNode::Kind::kRecursiveUnion);
  term.phase = RecursiveTerm::Phase::kRecursive;
  term.level = level;
  term.nullable_depth = ctx->nullable_depth;
  term.node = node.get();
  ASSIGN_OR_RETURN(PlanPtr right, PlanTerm(q, *q.right, ctx, outer, level));
  if (term.uses == 0) {
    // It does not name itself after all: an ordinary query.
    term.phase = RecursiveTerm::Phase::kNotUnion;
    return PlanQueryAtLevel(q, ctx, outer, level);
  }
  const char* not_implemented = !q.order_by.empty()   ? "ORDER BY"
                                : q.offset != nullptr ? "OFFSET"
                                : q.limit != nullptr  ? "LIMIT"
                                : q.lock_rows         ? "FOR UPDATE/SHARE"
                                                      : nullptr;
  if (not_implemented != nullptr) {
    return Status::FeatureNotSupported(std::string(not_implemented) +
                                       " in a recursive query is not implemented");
  }
  if (AggregatesAtTop(*right)) {
    return RecursionError(
        "aggregate functions are not allowed in a recursive query's "
        "recursive term",
        q.right->location);
  }
  if (left->columns.size() != right->columns.size()) {
    return Status::SyntaxError("each UNION query must have the same number of columns");
  }
  // The first term fixes the types; the second must not need a wider one.
  Scope empty{{}, outer, level};
  Binder binder(&empty, ctx);
  std::vector<BoundExprPtr> casts;
  bool cast = false;
  for (size_t i = 0; i < right->columns.size(); i++) {
    TypeId want = term.columns[i].type, have = right->columns[i].type;
    ASSIGN_OR_RETURN(TypeId common, CommonType(want, have, "UNION", -1));
    if (common != want) {
      return Status::DatatypeMismatch(
                 "recursive query \"" + cte.name + "\" column " + std::to_string(i + 1) +
                 " has type " + std::string(TypeName(want)) + " in non-recursive term but type " +
                 std::string(TypeName(common)) + " overall")
          .WithPosition(q.left->location + 1)
          .WithHint("Cast the output of the non-recursive term to the correct type.");
    }
    BoundExprPtr col = ColumnRef(static_cast<int>(i), have, right->columns[i].typmod);
    if (have != want) {
      RETURN_IF_ERROR(binder.Convert(&col, want));
      cast = true;
    }
    casts.push_back(std::move(col));
  }
  if (cast) {
    PlanPtr p = MakeNode(PlanNode::Kind::kProject);
    p->columns = term.columns;
    p->exprs = std::move(casts);
    p->children.push_back(std::move(right));
    right = std::move(p);
  }
  node->set_all = q.set_all;
  node->columns = term.columns;
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(right));
  return node;
}

}  // namespace

Result<PlanPtr> PlanCteQuery(size_t index, BindContext* ctx, const Scope* outer, int level) {
  const CommonTableExpr& cte = *ctx->ctes[index];
  // The item sees the WITH items visible where it is defined, not those of the query naming it.
  std::vector<const CommonTableExpr*> saved_ctes = ctx->ctes;
  std::vector<size_t> saved_visible = ctx->cte_visible;
  ctx->ctes.resize(ctx->cte_visible[index]);
  ctx->cte_visible.resize(ctx->ctes.size());
  ctx->cte_depth++;
  Result<PlanPtr> plan = cte.recursive ? PlanRecursive(cte, ctx, outer, level)
                                       : PlanQueryAtLevel(*cte.query, ctx, outer, level);
  ctx->cte_depth--;
  ctx->ctes = std::move(saved_ctes);
  ctx->cte_visible = std::move(saved_visible);
  return plan;
}

Result<RecursiveTerm*> FindRecursiveTerm(const CommonTableExpr& cte, BindContext* ctx, int level,
                                         int location) {
  RecursiveTerm* term = nullptr;
  for (size_t i = ctx->recursive_terms.size(); i-- > 0 && term == nullptr;) {
    if (ctx->recursive_terms[i]->cte == &cte) term = ctx->recursive_terms[i];
  }
  if (term == nullptr) return term;
  const std::string quoted = "\"" + cte.name + "\"";
  if (ctx->cte_depth != term->cte_depth) {  // named from the query of another WITH item
    return Status::FeatureNotSupported("mutual recursion between WITH items is not implemented")
        .WithPosition(cte.location + 1);
  }
  switch (term->phase) {
    case RecursiveTerm::Phase::kNotUnion:
      return RecursionError("recursive query " + quoted +
                                " does not have the form non-recursive-term UNION [ALL] "
                                "recursive-term",
                            cte.location);
    case RecursiveTerm::Phase::kNonRecursive:
      return RecursionError("recursive reference to query " + quoted +
                                " must not appear within its non-recursive term",
                            location);
    case RecursiveTerm::Phase::kRecursive:
      break;
  }
  if (level != term->level) {
    return RecursionError(
        "recursive reference to query " + quoted + " must not appear within a subquery", location);
  }
  if (ctx->nullable_depth != term->nullable_depth) {
    return RecursionError(
        "recursive reference to query " + quoted + " must not appear within an outer join",
        location);
  }
  if (term->uses++ > 0) {
    return RecursionError(
        "recursive reference to query " + quoted + " must not appear more than once", location);
  }
  return term;
}

}  // namespace komodo::sql
