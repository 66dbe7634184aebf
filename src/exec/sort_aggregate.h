// The operators that read all their input before they return a row, and spill it to temporary
// files past work_mem (exec/spill.h): hash aggregation and sort. Built by BuildOperator for
// PlanNode::Kind::kAggregate and kSort.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

std::unique_ptr<Operator> MakeAggregateOperator(const sql::PlanNode& plan,
                                                std::unique_ptr<Operator> child);
std::unique_ptr<Operator> MakeSortOperator(const sql::PlanNode& plan,
                                           std::unique_ptr<Operator> child);

}  // namespace komodo::exec
