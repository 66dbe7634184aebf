// Evaluates a bound expression on one row, with SQL's three-valued logic and PostgreSQL's
// overflow and division errors.
#pragma once

#include <vector>

#include "komodo/result.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

// `row` holds one Value per column in scope (empty without FROM); `params` are already cast to
// the bound parameter types.
Result<Value> Evaluate(const sql::BoundExpr& e, const std::vector<Value>& row,
                       const std::vector<Value>& params);

// True only for a non-NULL true: the WHERE clause's test.
Result<bool> EvaluatePredicate(const sql::BoundExpr& e, const std::vector<Value>& row,
                               const std::vector<Value>& params);

// Casts for assignment into a column: CastValue plus varchar(n)'s length check (22001).
Result<Value> AssignCast(const Value& v, TypeId type, int32_t typmod);

}  // namespace komodo::exec
