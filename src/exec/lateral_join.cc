#include "exec/lateral_join.h"

#include "common/macros.h"
#include "exec/executor.h"

namespace komodo::exec {

namespace {

class LateralJoinOp : public Operator {
 public:
  LateralJoinOp(const sql::PlanNode& plan, std::unique_ptr<Operator> left,
                std::unique_ptr<Operator> right)
      : plan_(plan), left_(std::move(left)), right_(std::move(right)) {}

  Status Open(Runtime& rt) override {
    in_.rows.clear();
    pos_ = 0;
    left_done_ = false;
    right_open_ = false;
    return left_->Open(rt);
  }

  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.size() < kBatchSize) {
      if (!right_open_) {
        if (pos_ >= in_.rows.size()) {
          if (left_done_) break;
          ASSIGN_OR_RETURN(bool more, left_->Next(rt, &in_));
          pos_ = 0;
          if (!more) {
            in_.rows.clear();
            left_done_ = true;
          }
          continue;
        }
        if (rt.ctx != nullptr) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));  // a long nested loop
        // The right side's outer references read the current left row; it is pushed only
        // while the right side runs, since the left side may hold correlated subqueries too.
        RETURN_IF_ERROR(WithLeftRow(rt, [&] { return right_->Open(rt); }));
        right_open_ = true;
        matched_ = false;
      }
      const Row& left = in_.rows[pos_];
      bool more = false;
      RETURN_IF_ERROR(WithLeftRow(rt, [&]() -> Status {
        ASSIGN_OR_RETURN(more, right_->Next(rt, &right_rows_));
        return Status::OK();
      }));
      if (more) {
        for (Row& r : right_rows_.rows) {
          Row joined = left;
          for (Value& v : r) joined.push_back(std::move(v));
          if (plan_.predicate != nullptr) {
            ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*plan_.predicate, joined, rt));
            if (!pass) continue;
          }
          matched_ = true;
          out->rows.push_back(std::move(joined));
        }
        continue;
      }
      if (!matched_ && plan_.join_type == sql::JoinType::kLeft) {
        Row padded = left;
        for (size_t c = left.size(); c < plan_.columns.size(); c++) {
          padded.push_back(Value::Null(plan_.columns[c].type));
        }
        out->rows.push_back(std::move(padded));
      }
      right_open_ = false;
      pos_++;
    }
    return !out->rows.empty();
  }

 private:
  template <typename Fn>
  Status WithLeftRow(Runtime& rt, Fn fn) {
    rt.outer.push_back(&in_.rows[pos_]);
    Status s = fn();
    rt.outer.pop_back();
    return s;
  }

  const sql::PlanNode& plan_;
  std::unique_ptr<Operator> left_, right_;
  Chunk in_;          // the current batch of left rows
  size_t pos_ = 0;    // the left row being joined
  Chunk right_rows_;  // the right side's latest batch for it
  bool left_done_ = false;
  bool right_open_ = false;  // the right side runs for in_.rows[pos_]
  bool matched_ = false;     // some right row joined in_.rows[pos_]
};

}  // namespace

std::unique_ptr<Operator> MakeLateralJoin(const sql::PlanNode& plan, std::unique_ptr<Operator> left,
                                          std::unique_ptr<Operator> right) {
  return std::make_unique<LateralJoinOp>(plan, std::move(left), std::move(right));
}

}  // namespace komodo::exec
