// The planner: turns a bound query into a plan tree (plan.h). This is where a query is planned:
// FROM items become scans with their pushed-down filters and access paths, joined left to right
// (hash joins on equality conditions, nested loops otherwise); then aggregation, HAVING, the
// select list, DISTINCT, ORDER BY (top-N when there is a LIMIT) and LIMIT/OFFSET.
#pragma once

#include <vector>

#include "sql/binder/binder.h"
#include "sql/planner/plan.h"

namespace komodo::sql {

// Plans `query`. `outer` is the scope of the enclosing query (null at the top); `level` the
// query's nesting depth (an uncorrelated FROM subquery shares its parent's level).
Result<PlanPtr> PlanQuery(const SelectStmt& query, BindContext* ctx, const Scope* outer);
Result<PlanPtr> PlanQueryAtLevel(const SelectStmt& query, BindContext* ctx, const Scope* outer,
                                 int level);

// FROM and WHERE of a query or of UPDATE/DELETE: the joined rows and the scope naming their
// columns. With `dml_target`, the first item (a table) is scanned with each row's storage key
// appended as a hidden column named ctid, so the rows can be updated or deleted.
struct FromPlan {
  PlanPtr plan;
  Scope scope;
};
Result<FromPlan> PlanFrom(const std::vector<const TableRef*>& items, const Expr* where,
                          BindContext* ctx, const Scope* outer, int level, bool dml_target = false);

// The name PostgreSQL gives a select-list column for `e` ("?column?" when it has none).
std::string OutputName(const Expr& e);

}  // namespace komodo::sql
