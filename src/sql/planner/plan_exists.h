// WHERE [NOT] EXISTS (subquery) planned as a semi (anti) join (plan_exists.cc).
#pragma once

#include "sql/binder/binder.h"
#include "sql/planner/plan.h"

namespace komodo::sql {

// The subquery of `e` when `e` is [NOT] EXISTS (subquery) over a plain subquery (no grouping,
// LIMIT or set operation, a select list of constants or *); null otherwise.
const SelectStmt* ExistsSubquery(const Expr& e, bool* negated);

// Puts a semi join (anti join when `negated`) of `sub`'s FROM ... WHERE on top of `*plan`, whose
// rows `scope` names. Returns false, leaving `*plan` alone, when the subquery cannot be joined
// that way; the caller then evaluates EXISTS for each row.
bool PlanExistsJoin(const SelectStmt& sub, bool negated, const Scope& scope, BindContext* ctx,
                    PlanPtr* plan);

}  // namespace komodo::sql
