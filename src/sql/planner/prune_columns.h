// Column pruning: marks in each scan of a finished plan which table columns the query reads
// (PlanNode::read_columns), so the scan decodes only those.
#pragma once

#include "sql/planner/plan.h"

namespace komodo::sql {

// Precondition: `root`'s every output column is used (the plan of a whole query).
void PruneScanColumns(PlanNode& root);

}  // namespace komodo::sql
