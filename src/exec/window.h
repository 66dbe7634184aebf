// The window operator (window.cc), built by BuildOperator for PlanNode::Kind::kWindow.
#pragma once

#include <memory>

#include "exec/operators.h"

namespace komodo::exec {

std::unique_ptr<Operator> MakeWindowOperator(const sql::PlanNode& plan,
                                             std::unique_ptr<Operator> child);

}  // namespace komodo::exec
