#include "exec/recursive.h"

#include <unordered_set>

#include "common/macros.h"
#include "exec/executor.h"
#include "exec/row_hash.h"

namespace komodo::exec {

namespace {

class RecursiveUnionOp : public Operator {
 public:
  RecursiveUnionOp(const sql::PlanNode& plan, std::unique_ptr<Operator> non_recursive,
                   std::unique_ptr<Operator> recursive)
      : plan_(plan), non_recursive_(std::move(non_recursive)), recursive_(std::move(recursive)) {}

  Status Open(Runtime& rt) override {
    work_.clear();
    next_work_.clear();
    seen_.clear();
    in_recursive_ = false;
    rt.work_tables[&plan_] = &work_;
    return non_recursive_->Open(rt);
  }

  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.empty()) {
      if (rt.ctx != nullptr) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
      Operator& input = in_recursive_ ? *recursive_ : *non_recursive_;
      ASSIGN_OR_RETURN(bool more, input.Next(rt, &in_));
      if (!more) {
        // This run is over: its rows become the work table of the next, if there are any.
        if (next_work_.empty()) return false;
        work_ = std::move(next_work_);
        next_work_.clear();
        in_recursive_ = true;
        rt.work_tables[&plan_] = &work_;
        RETURN_IF_ERROR(recursive_->Open(rt));
        continue;
      }
      for (Row& row : in_.rows) {
        if (!plan_.set_all && !seen_.insert(row).second) continue;
        next_work_.push_back(row);
        out->rows.push_back(std::move(row));
      }
    }
    return true;
  }

 private:
  const sql::PlanNode& plan_;
  std::unique_ptr<Operator> non_recursive_, recursive_;
  std::vector<Row> work_;                               // what the recursive term reads in this run
  std::vector<Row> next_work_;                          // what this run has emitted
  std::unordered_set<Row, RowHasher, RowEquals> seen_;  // UNION: every row emitted so far
  bool in_recursive_ = false;
  Chunk in_;
};

class WorkTableScanOp : public Operator {
 public:
  explicit WorkTableScanOp(const sql::PlanNode& plan) : plan_(plan) {}

  Status Open(Runtime& rt) override {
    auto it = rt.work_tables.find(plan_.recursive_union);
    if (it == rt.work_tables.end()) return Status::Internal("work table scan outside its union");
    rows_ = it->second;
    next_ = 0;
    return Status::OK();
  }

  Result<bool> Next(Runtime&, Chunk* out) override {
    out->rows.clear();
    while (rows_ != nullptr && next_ < rows_->size() && out->rows.size() < kBatchSize) {
      out->rows.push_back((*rows_)[next_++]);
    }
    return !out->rows.empty();
  }

 private:
  const sql::PlanNode& plan_;
  const std::vector<Row>* rows_ = nullptr;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeRecursiveUnion(const sql::PlanNode& plan,
                                             std::unique_ptr<Operator> non_recursive,
                                             std::unique_ptr<Operator> recursive) {
  return std::make_unique<RecursiveUnionOp>(plan, std::move(non_recursive), std::move(recursive));
}

std::unique_ptr<Operator> MakeWorkTableScan(const sql::PlanNode& plan) {
  return std::make_unique<WorkTableScanOp>(plan);
}

}  // namespace komodo::exec
