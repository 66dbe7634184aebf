// The lateral join (lateral_join.cc), built by BuildOperator for a PlanNode::Kind::kJoin with
// `lateral` set: FROM t, LATERAL (subquery) s.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

// For each row of `left`, reopens `right` with that row as the innermost enclosing query's row
// (Runtime::outer), and joins the row to each of right's rows that pass plan.predicate; an inner
// or a left join (a left row without a match is padded with NULLs).
std::unique_ptr<Operator> MakeLateralJoin(const sql::PlanNode& plan, std::unique_ptr<Operator> left,
                                          std::unique_ptr<Operator> right);

}  // namespace komodo::exec
