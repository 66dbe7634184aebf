// Name resolution: a column reference looked up in the scopes from the innermost query
// outwards (an outer one makes the subquery correlated), with PostgreSQL's rules for the FROM
// items a subquery or an ON clause may not name (ScopeColumn::reach) and its errors and hints.
#include "common/macros.h"
#include "sql/binder/binder.h"
#include "sql/binder/binder_internal.h"

namespace komodo::sql {

using namespace binder_internal;  // NOLINT

BoundExprPtr UsingColumnRef(const Scope& scope, int column, int depth) {
  auto ref = [&](int i) {
    const ScopeColumn& c = scope.columns[i];
    BoundExprPtr b =
        Make(depth == 0 ? BoundExpr::Kind::kColumn : BoundExpr::Kind::kOuterColumn, c.type, -1);
    b->column = i;
    b->depth = depth;
    b->typmod = c.typmod;
    return b;
  };
  const ScopeColumn& c = scope.columns[column];
  if (c.merge == ScopeColumn::Merge::kRight) return ref(c.merged_with);
  if (c.merge != ScopeColumn::Merge::kCoalesce) return ref(column);
  BoundExprPtr b = Make(BoundExpr::Kind::kCoalesce, c.type, -1);
  b->args.push_back(ref(column));
  b->args.push_back(ref(c.merged_with));
  return b;
}

Result<BoundExprPtr> Binder::BindColumn(const Expr& e) {
  bool table_seen = false;
  const ScopeColumn* invisible = nullptr;  // a match that cannot be named from here
  for (const Scope* s = scope_; s != nullptr; s = s->outer) {
    int found = -1;
    for (size_t i = 0; i < s->columns.size(); i++) {
      const ScopeColumn& c = s->columns[i];
      if (!e.qualifier.empty()) {
        if (c.table != e.qualifier) {
          if (c.relation == e.qualifier && c.reach == ScopeColumn::Reach::kInvisible &&
              invisible == nullptr) {
            invisible = &c;
          }
          continue;
        }
      } else if (c.hidden || c.name != e.name) {
        continue;
      }
      if (c.reach == ScopeColumn::Reach::kInvisible) {
        if (invisible == nullptr) invisible = &c;
        continue;
      }
      if (c.reach == ScopeColumn::Reach::kNotLateral) {
        return Status("42P10",
                      "invalid reference to FROM-clause entry for table \"" + c.table + "\"",
                      e.location + 1)
            .WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
      }
      if (c.reach == ScopeColumn::Reach::kUnsupported) {
        return Status::FeatureNotSupported(
                   "a LATERAL reference from inside a parenthesized or outer join to table \"" +
                   c.table + "\" is not supported yet")
            .WithPosition(e.location + 1);
      }
      table_seen |= !e.qualifier.empty();
      if (c.name != e.name) continue;
      if (found >= 0) {
        return Status("42702", "column reference \"" + e.name + "\" is ambiguous", e.location + 1);
      }
      found = static_cast<int>(i);
    }
    if (found < 0) {
      if (table_seen) break;
      continue;
    }
    const ScopeColumn& c = s->columns[found];
    int depth = scope_->level - s->level;
    if (e.qualifier.empty() && c.merge != ScopeColumn::Merge::kNone &&
        c.merge != ScopeColumn::Merge::kLeft) {
      BoundExprPtr merged = UsingColumnRef(*s, found, depth);
      merged->location = e.location;
      return merged;
    }
    BoundExprPtr b = Make(depth == 0 ? BoundExpr::Kind::kColumn : BoundExpr::Kind::kOuterColumn,
                          c.type, e.location);
    b->column = found;
    b->depth = depth;
    b->typmod = c.typmod;
    if (in_aggregate_) {
      // An aggregate naming only outer columns belongs to the outer query (BindAggregate).
      if (depth == 0) agg_local_ref_ = true;
      if (depth > 0 && agg_outer_ref_ < 0) agg_outer_ref_ = e.location;
      if (depth > 0 && (agg_outer_scope_ == nullptr || s->level > agg_outer_scope_->level)) {
        agg_outer_scope_ = s;
      }
    }
    for (int level = s->level + 1; level <= scope_->level; level++) {
      if (ctx_->correlated.size() <= static_cast<size_t>(level)) {
        ctx_->correlated.resize(level + 1, false);
      }
      ctx_->correlated[level] = true;
    }
    return b;
  }
  if (!e.qualifier.empty() && !table_seen) {
    for (const Scope* s = scope_; s != nullptr; s = s->outer) {
      for (const ScopeColumn& c : s->columns) {
        if (c.relation == e.qualifier && c.reach == ScopeColumn::Reach::kVisible) {
          return Status::UndefinedTable("invalid reference to FROM-clause entry for table \"" +
                                        e.qualifier + "\"")
              .WithPosition(e.location + 1)
              .WithDetail("Perhaps you meant to reference the table alias \"" + c.table + "\".");
        }
      }
    }
    if (invisible != nullptr) {
      return Status::UndefinedTable("invalid reference to FROM-clause entry for table \"" +
                                    e.qualifier + "\"")
          .WithPosition(e.location + 1)
          .WithHint("There is an entry for table \"" + invisible->table +
                    "\", but it cannot be referenced from this part of the query.");
    }
    return Status::UndefinedTable("missing FROM-clause entry for table \"" + e.qualifier + "\"")
        .WithPosition(e.location + 1);
  }
  std::string name = e.qualifier.empty() ? "\"" + e.name + "\"" : e.qualifier + "." + e.name;
  Status missing = Status::UndefinedColumn("column " + name + " does not exist");
  if (e.qualifier.empty() && invisible != nullptr) {
    return std::move(missing)
        .WithPosition(e.location + 1)
        .WithHint("There is a column named \"" + e.name + "\" in table \"" + invisible->table +
                  "\", but it cannot be referenced from this part of the query.");
  }
  return std::move(missing).WithPosition(e.location + 1);
}

}  // namespace komodo::sql
