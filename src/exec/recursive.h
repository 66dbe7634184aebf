// WITH RECURSIVE's operators (recursive.cc), built by BuildOperator for
// PlanNode::Kind::kRecursiveUnion and kWorkTableScan.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

// Emits the rows of `non_recursive`, then runs `recursive` over the work table (the rows the
// previous run emitted) until a run emits none. Without ALL, a row equal to one already emitted
// is dropped (and not put in the work table). Checks for cancel and statement_timeout between
// runs and batches, so an endless recursion can be stopped.
std::unique_ptr<Operator> MakeRecursiveUnion(const sql::PlanNode& plan,
                                             std::unique_ptr<Operator> non_recursive,
                                             std::unique_ptr<Operator> recursive);

// The rows of the work table of plan.recursive_union, as they are when the scan is opened.
std::unique_ptr<Operator> MakeWorkTableScan(const sql::PlanNode& plan);

}  // namespace komodo::exec
