// Operators: the executable form of a plan (sql/planner/plan.h). Each pulls batches of rows
// from its children; a batch holds up to kBatchSize rows, so the per-call overhead of the tree
// is paid once per batch rather than once per row.
#pragma once

#include <memory>
#include <vector>

#include "exec/evaluate.h"
#include "sql/planner/plan.h"

namespace komodo::exec {

constexpr size_t kBatchSize = 1024;

struct Chunk {
  std::vector<Row> rows;
};

class Operator {
 public:
  virtual ~Operator() = default;
  // (Re)starts the operator: a correlated subquery's plan is opened once per outer row.
  virtual Status Open(Runtime& rt) = 0;
  // Replaces `out`'s rows with the next batch; returns false (and no rows) at the end.
  virtual Result<bool> Next(Runtime& rt, Chunk* out) = 0;

  // EXPLAIN ANALYZE's counters, and its detail lines ("Sort Method: ...").
  size_t rows_out = 0;
  double millis = 0;
  std::vector<std::string> details;
};

// Builds the operator tree for `plan`. The plan must outlive the operators.
std::unique_ptr<Operator> BuildOperator(const sql::PlanNode& plan);

// Replaces `out`'s rows with the next batch of `rows`, from `*next` on (moved out); false at the
// end. For operators that computed all their rows first.
bool EmitBatch(std::vector<Row>& rows, size_t* next, Chunk* out);

// The result columns of a plan as the API reports them (untyped NULL columns are text).
std::vector<ColumnInfo> ResultColumns(const std::vector<sql::PlanColumn>& columns);

// Runs the plan to the end, collecting its rows.
Result<std::vector<Row>> RunPlan(const sql::PlanNode& plan, Runtime& rt);

// EXPLAIN ANALYZE: runs the plan and renders it with each node's actual rows and time.
Result<std::vector<std::string>> ExplainAnalyze(const sql::PlanNode& plan, Runtime& rt);

}  // namespace komodo::exec
