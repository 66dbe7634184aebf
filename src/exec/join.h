// The join operator (PlanNode::Kind::kJoin): a hash join on the plan's equality keys, batched
// through temporary files when the right input outgrows work_mem; a nested loop without keys.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

std::unique_ptr<Operator> MakeJoinOperator(const sql::PlanNode& plan,
                                           std::unique_ptr<Operator> left,
                                           std::unique_ptr<Operator> right);

}  // namespace komodo::exec
