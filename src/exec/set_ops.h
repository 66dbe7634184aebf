// DISTINCT and the set operations UNION / INTERSECT / EXCEPT [ALL]: hash tables that stay within
// hash_mem (ExecContext::hash_mem) by deferring the rows of keys that do not fit to temporary
// files (exec/spill.h), processed batch by batch afterwards. Built by BuildOperator for
// PlanNode::Kind::kDistinct and kSetOp.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

std::unique_ptr<Operator> MakeDistinctOperator(const sql::PlanNode& plan,
                                               std::unique_ptr<Operator> child);
std::unique_ptr<Operator> MakeSetOperator(const sql::PlanNode& plan, std::unique_ptr<Operator> left,
                                          std::unique_ptr<Operator> right);

}  // namespace komodo::exec
