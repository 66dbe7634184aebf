#include "exec/join.h"

#include <unordered_map>

#include "common/macros.h"
#include "exec/executor.h"
#include "exec/row_hash.h"
#include "exec/spill.h"

namespace komodo::exec {

using sql::JoinType;
using sql::PlanNode;

namespace {

// Hash join when the plan has equality keys, else nested loop; the right input is built into
// memory, the left one streams. Outer joins pad the missing side with NULLs.
//
// A hash join whose right input outgrows hash_mem (work_mem x 2, PostgreSQL's default) turns into a
// multi-batch one, as PostgreSQL's does: both inputs are written to temporary files, split by the
// hash of their keys into enough batches that each batch's right rows fit in hash_mem, and each
// pair of files is joined in turn. Rows with a NULL key match nothing; they go to the first batch
// and come out unmatched there.
class JoinOp : public Operator {
 public:
  JoinOp(const PlanNode& plan, std::unique_ptr<Operator> left, std::unique_ptr<Operator> right)
      : plan_(plan), left_(std::move(left)), right_(std::move(right)) {}

  Status Open(Runtime& rt) override {
    details.clear();
    left_batches_.clear();
    right_batches_.clear();
    batch_ = 0;
    ASSIGN_OR_RETURN(bool fits, BuildRight(rt));
    if (!fits) {
      RETURN_IF_ERROR(PartitionLeft(rt));
      RETURN_IF_ERROR(LoadBatch(rt));
    }
    StartProbe();
    return fits ? left_->Open(rt) : Status::OK();
  }

  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (true) {
      RETURN_IF_ERROR(Probe(rt, out));
      if (!out->rows.empty()) return true;
      // This batch is done: on to the next one, if the join has batches.
      if (++batch_ >= left_batches_.size()) return false;
      RETURN_IF_ERROR(LoadBatch(rt));
      StartProbe();
    }
  }

 private:
  bool hashed() const { return !plan_.right_keys.empty(); }

  // Reads the right input into memory. Returns false when it outgrew hash_mem: then every right
  // row is in right_batches_ instead.
  Result<bool> BuildRight(Runtime& rt) {
    right_rows_.clear();
    RETURN_IF_ERROR(right_->Open(rt));
    size_t memory = 0;
    std::unique_ptr<SpillFile> all;  // the whole right input, once it does not fit
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, right_->Next(rt, &chunk));
      if (!more) break;
      for (Row& r : chunk.rows) {
        if (all != nullptr) {
          RETURN_IF_ERROR(all->Write(r));
          continue;
        }
        memory += RowMemory(r) + 64;  // the row, its key and its hash-table entry
        right_rows_.push_back(std::move(r));
        if (hashed() && memory > rt.ctx->hash_mem()) {
          ASSIGN_OR_RETURN(all, SpillFile::Create());
          for (const Row& kept : right_rows_) RETURN_IF_ERROR(all->Write(kept));
          right_rows_.clear();
        }
      }
    }
    if (all == nullptr) {
      RETURN_IF_ERROR(BuildTable(rt));
      return true;
    }
    // Enough batches that each holds about half of hash_mem of right rows.
    size_t batches = 2;
    const size_t total = all->bytes() * 2;  // in memory, rows take about twice their file size
    while (batches < kMaxBatches && total / batches > rt.ctx->hash_mem() / 2) {
      batches *= 2;
    }
    for (size_t i = 0; i < batches; i++) {
      ASSIGN_OR_RETURN(auto l, SpillFile::Create());
      ASSIGN_OR_RETURN(auto r, SpillFile::Create());
      left_batches_.push_back(std::move(l));
      right_batches_.push_back(std::move(r));
    }
    RETURN_IF_ERROR(all->Rewind());
    Row row;
    while (true) {
      ASSIGN_OR_RETURN(bool more, all->Read(&row));
      if (!more) break;
      ASSIGN_OR_RETURN(Row key, Keys(plan_.right_keys, row, rt));
      RETURN_IF_ERROR(right_batches_[BatchOf(key)]->Write(row));
    }
    return false;
  }

  Status PartitionLeft(Runtime& rt) {
    RETURN_IF_ERROR(left_->Open(rt));
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, left_->Next(rt, &chunk));
      if (!more) break;
      for (const Row& r : chunk.rows) {
        ASSIGN_OR_RETURN(Row key, Keys(plan_.left_keys, r, rt));
        RETURN_IF_ERROR(left_batches_[BatchOf(key)]->Write(r));
      }
    }
    size_t disk = 0;
    for (size_t i = 0; i < left_batches_.size(); i++) {
      RETURN_IF_ERROR(left_batches_[i]->Rewind());
      RETURN_IF_ERROR(right_batches_[i]->Rewind());
      disk += left_batches_[i]->bytes() + right_batches_[i]->bytes();
    }
    details = {"Batches: " + std::to_string(left_batches_.size()) +
               "  Disk Usage: " + std::to_string((disk + 1023) / 1024) + "kB"};
    return Status::OK();
  }

  // Reads batch batch_'s right rows into the hash table.
  Status LoadBatch(Runtime& rt) {
    right_rows_.clear();
    SpillFile& file = *right_batches_[batch_];
    while (true) {
      Row row;
      ASSIGN_OR_RETURN(bool more, file.Read(&row));
      if (!more) break;
      right_rows_.push_back(std::move(row));
    }
    right_batches_[batch_].reset();  // its rows are in memory now
    return BuildTable(rt);
  }

  Status BuildTable(Runtime& rt) {
    table_.clear();
    if (hashed()) {
      for (size_t i = 0; i < right_rows_.size(); i++) {
        ASSIGN_OR_RETURN(Row key, Keys(plan_.right_keys, right_rows_[i], rt));
        if (!key.empty()) table_[HashRow(key)].push_back({std::move(key), i});
      }
    }
    return Status::OK();
  }

  void StartProbe() {
    matched_.assign(right_rows_.size(), false);
    left_done_ = false;
    in_.rows.clear();
    in_pos_ = 0;
    unmatched_pos_ = 0;
  }

  // The next batch of left rows: from the left input, or from the current batch's file.
  Result<bool> NextLeft(Runtime& rt) {
    if (left_batches_.empty()) return left_->Next(rt, &in_);
    SpillFile& file = *left_batches_[batch_];
    in_.rows.resize(kBatchSize);
    size_t n = 0;
    while (n < kBatchSize) {
      ASSIGN_OR_RETURN(bool more, file.Read(&in_.rows[n]));
      if (!more) break;
      n++;
    }
    in_.rows.resize(n);
    return n > 0;
  }

  // Adds the joined rows of the current batch to `out`, up to kBatchSize.
  Status Probe(Runtime& rt, Chunk* out) {
    const size_t lw = plan_.children[0]->columns.size();
    const size_t rw = plan_.children[1]->columns.size();
    const JoinType type = plan_.join_type;
    const bool left_outer = type == JoinType::kLeft || type == JoinType::kFull;
    while (!left_done_ && out->rows.size() < kBatchSize) {
      if (in_pos_ >= in_.rows.size()) {
        ASSIGN_OR_RETURN(bool more, NextLeft(rt));
        in_pos_ = 0;
        if (!more) {
          left_done_ = true;
          break;
        }
      }
      const Row& l = in_.rows[in_pos_++];
      if (!right_rows_.empty() && !hashed()) {
        RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));  // a nested loop can run long
      }
      bool any = false;
      auto try_match = [&](size_t i) -> Status {
        Row joined;
        joined.reserve(lw + rw);
        joined.insert(joined.end(), l.begin(), l.end());
        joined.insert(joined.end(), right_rows_[i].begin(), right_rows_[i].end());
        if (plan_.predicate != nullptr) {
          ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*plan_.predicate, joined, rt));
          if (!pass) return Status::OK();
        }
        any = true;
        matched_[i] = true;
        if (type == JoinType::kSemi || type == JoinType::kAnti) return Status::OK();
        out->rows.push_back(std::move(joined));
        return Status::OK();
      };
      if (!hashed()) {
        for (size_t i = 0; i < right_rows_.size(); i++) RETURN_IF_ERROR(try_match(i));
      } else {
        ASSIGN_OR_RETURN(Row key, Keys(plan_.left_keys, l, rt));
        if (!key.empty()) {
          auto it = table_.find(HashRow(key));
          if (it != table_.end()) {
            for (const auto& [rkey, i] : it->second) {
              if (RowsEqual(key, rkey)) RETURN_IF_ERROR(try_match(i));
            }
          }
        }
      }
      if (type == JoinType::kSemi && any) out->rows.push_back(l);
      if (type == JoinType::kAnti && !any) out->rows.push_back(l);
      if (!any && left_outer) {
        Row padded = l;
        padded.resize(lw + rw);
        for (size_t c = lw; c < lw + rw; c++) padded[c] = Value::Null(plan_.columns[c].type);
        out->rows.push_back(std::move(padded));
      }
    }
    if (left_done_ && (type == JoinType::kRight || type == JoinType::kFull)) {
      while (unmatched_pos_ < right_rows_.size() && out->rows.size() < kBatchSize) {
        size_t i = unmatched_pos_++;
        if (matched_[i]) continue;
        Row padded(lw);
        for (size_t c = 0; c < lw; c++) padded[c] = Value::Null(plan_.columns[c].type);
        padded.insert(padded.end(), right_rows_[i].begin(), right_rows_[i].end());
        out->rows.push_back(std::move(padded));
      }
    }
    return Status::OK();
  }

  // The key values of `row`; empty when one is NULL (NULL never equals anything).
  static Result<Row> Keys(const std::vector<sql::BoundExprPtr>& exprs, const Row& row,
                          Runtime& rt) {
    Row key;
    for (const auto& e : exprs) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
      if (v.is_null()) return Row();
      key.push_back(std::move(v));
    }
    return key;
  }

  // A key's batch; a NULL key (empty) matches nothing and goes to the first.
  size_t BatchOf(const Row& key) const {
    if (key.empty()) return 0;
    uint64_t x = HashRow(key);  // mixed again: the hash table uses the same hash
    x = (x ^ (x >> 31)) * 0x94d049bb133111ebULL;
    return (x ^ (x >> 29)) & (left_batches_.size() - 1);
  }

  static constexpr size_t kMaxBatches = 1024;  // a power of two

  const PlanNode& plan_;
  std::unique_ptr<Operator> left_, right_;
  std::vector<Row> right_rows_;  // the right rows (of the current batch)
  std::vector<bool> matched_;
  std::unordered_map<size_t, std::vector<std::pair<Row, size_t>>> table_;
  // Multi-batch: batch i's left and right rows; empty when the right input fit in memory.
  std::vector<std::unique_ptr<SpillFile>> left_batches_, right_batches_;
  size_t batch_ = 0;
  Chunk in_;
  size_t in_pos_ = 0;
  bool left_done_ = false;
  size_t unmatched_pos_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeJoinOperator(const sql::PlanNode& plan,
                                           std::unique_ptr<Operator> left,
                                           std::unique_ptr<Operator> right) {
  return std::make_unique<JoinOp>(plan, std::move(left), std::move(right));
}

}  // namespace komodo::exec
