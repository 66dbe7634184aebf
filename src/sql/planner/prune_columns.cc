// Which table columns a query reads (PlanNode::read_columns): a pass over the finished plan, from
// the root down, that tracks which output columns of each node someone above uses. A scan then
// decodes only those columns of each row and leaves the others NULL; a row's unused text columns
// are never copied out of the store.
//
// Conservative by design: a node kind it does not know, a correlated subquery or a lateral join
// (they may read any column of the row they run for), row locking or DML (which write whole rows
// back) make the node need every column of its children.
#include "sql/planner/prune_columns.h"

namespace komodo::sql {

namespace {

using Needed = std::vector<bool>;

// Marks the columns `e` reads from its input row. Returns false when it cannot tell (a correlated
// subquery), in which case every column is needed.
bool MarkColumns(const BoundExpr* e, Needed* needed) {
  if (e == nullptr) return true;
  bool known = true;
  VisitExpr(*e, [&](const BoundExpr& x) {
    if (x.kind == BoundExpr::Kind::kColumn) {
      if (x.column >= 0 && static_cast<size_t>(x.column) < needed->size()) {
        (*needed)[x.column] = true;
      } else {
        known = false;
      }
    } else if (x.kind == BoundExpr::Kind::kSubquery && x.correlated) {
      known = false;
    }
  });
  return known;
}

bool MarkAll(const std::vector<BoundExprPtr>& exprs, Needed* needed) {
  bool known = true;
  for (const BoundExprPtr& e : exprs) known = MarkColumns(e.get(), needed) && known;
  return known;
}

bool MarkKeys(const std::vector<SortKey>& keys, Needed* needed) {
  bool known = true;
  for (const SortKey& k : keys) known = MarkColumns(k.expr.get(), needed) && known;
  return known;
}

void Prune(PlanNode& node, Needed needed);

void NeedEverything(PlanNode& node) {
  for (auto& child : node.children) Prune(*child, Needed(child->columns.size(), true));
}

// `needed` has one flag per column of `node`'s output.
void Prune(PlanNode& node, Needed needed) {
  using Kind = PlanNode::Kind;
  switch (node.kind) {
    case Kind::kScan: {
      const size_t width = node.table->columns.size();
      if (node.lock_rows || node.emit_key || needed.size() != width) return;
      if (!MarkColumns(node.predicate.get(), &needed)) return;
      for (bool n : needed) {
        if (!n) {
          node.read_columns = std::move(needed);
          return;
        }
      }
      return;
    }
    case Kind::kFilter: {
      PlanNode& child = *node.children[0];
      if (needed.size() != child.columns.size() || !MarkColumns(node.predicate.get(), &needed)) {
        return NeedEverything(node);
      }
      return Prune(child, std::move(needed));
    }
    case Kind::kSort:
    case Kind::kLimit: {
      PlanNode& child = *node.children[0];
      if (needed.size() != child.columns.size() || !MarkKeys(node.sort_keys, &needed)) {
        return NeedEverything(node);
      }
      return Prune(child, std::move(needed));
    }
    case Kind::kProject: {
      // Every expression still runs (it may raise an error), so all of their inputs are needed.
      PlanNode& child = *node.children[0];
      Needed in(child.columns.size(), false);
      if (!MarkAll(node.exprs, &in)) return NeedEverything(node);
      return Prune(child, std::move(in));
    }
    case Kind::kAggregate: {
      PlanNode& child = *node.children[0];
      Needed in(child.columns.size(), false);
      bool known = MarkAll(node.exprs, &in);
      for (const AggregateCall& call : node.aggregates) {
        known = MarkAll(call.args, &in) && MarkColumns(call.filter.get(), &in) &&
                MarkKeys(call.order, &in) && known;
      }
      if (!known) return NeedEverything(node);
      return Prune(child, std::move(in));
    }
    case Kind::kJoin: {
      // A lateral join's right side reads the left row through outer references.
      if (node.lateral) return NeedEverything(node);
      PlanNode& left = *node.children[0];
      PlanNode& right = *node.children[1];
      const size_t lw = left.columns.size(), rw = right.columns.size();
      bool semi = node.join_type == JoinType::kSemi || node.join_type == JoinType::kAnti;
      if (needed.size() != (semi ? lw : lw + rw)) return NeedEverything(node);
      needed.resize(lw + rw, false);
      Needed l(lw, false), r(rw, false);
      if (!MarkColumns(node.predicate.get(), &needed) || !MarkAll(node.left_keys, &l) ||
          !MarkAll(node.right_keys, &r)) {
        return NeedEverything(node);
      }
      for (size_t i = 0; i < lw; i++) l[i] = l[i] || needed[i];
      for (size_t i = 0; i < rw; i++) r[i] = r[i] || needed[lw + i];
      Prune(left, std::move(l));
      return Prune(right, std::move(r));
    }
    default:
      return NeedEverything(node);
  }
}

}  // namespace

void PruneScanColumns(PlanNode& root) { Prune(root, Needed(root.columns.size(), true)); }

}  // namespace komodo::sql
