#include "exec/join.h"

#include <deque>
#include <tuple>

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
// A hash join whose right input outgrows hash_mem (work_mem x 2, PostgreSQL's default) turns into
// a multi-batch one, as PostgreSQL's does: both inputs are written to temporary files, split by
// the hash of their keys into batches, and each pair of files is joined in turn; a batch whose
// right rows still do not fit splits again. Rows with a NULL key match nothing; they go to the
// first batch and come out unmatched there.
class JoinOp : public Operator {
 public:
  JoinOp(const PlanNode& plan, std::unique_ptr<Operator> left, std::unique_ptr<Operator> right)
      : plan_(plan), left_(std::move(left)), right_(std::move(right)) {}

  Status Open(Runtime& rt) override {
    details.clear();
    pending_.clear();
    current_.reset();
    batches_ = 0;
    disk_bytes_ = 0;
    ASSIGN_OR_RETURN(bool fits, BuildRight(rt));
    if (!fits) {
      RETURN_IF_ERROR(PartitionLeft(rt));
      RETURN_IF_ERROR(LoadNextBatch(rt));
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
      if (pending_.empty()) return false;
      RETURN_IF_ERROR(LoadNextBatch(rt));
      StartProbe();
    }
  }

 private:
  // One batch of a multi-batch join: the left and right rows whose keys hash to it, at `level`
  // (a batch too big for memory splits again, with the hash mixed anew at the next level).
  struct Batch {
    std::unique_ptr<SpillFile> left, right;
    int level = 0;
  };

  bool hashed() const { return !plan_.right_keys.empty(); }

  // Reads the right input into memory. Returns false when it outgrew hash_mem: then every right
  // row is in the files of pending_'s batches instead.
  Result<bool> BuildRight(Runtime& rt) {
    right_rows_.clear();
    RETURN_IF_ERROR(right_->Open(rt));
    size_t memory = 0;
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, right_->Next(rt, &chunk));
      if (!more) break;
      for (Row& r : chunk.rows) {
        if (!pending_.empty()) {
          RETURN_IF_ERROR(WriteTo(pending_, plan_.right_keys, r, 0, rt, /*right=*/true));
          continue;
        }
        memory += RowMemory(r) + 64;  // the row, its key and its hash-table entry
        right_rows_.push_back(std::move(r));
        if (hashed() && memory > rt.ctx->hash_mem()) {
          RETURN_IF_ERROR(AddBatches(&pending_, kFirstBatches, 0));
          for (const Row& kept : right_rows_) {
            RETURN_IF_ERROR(WriteTo(pending_, plan_.right_keys, kept, 0, rt, /*right=*/true));
          }
          right_rows_.clear();
        }
      }
    }
    if (pending_.empty()) {
      RETURN_IF_ERROR(BuildTable(rt));
      return true;
    }
    return false;
  }

  Status PartitionLeft(Runtime& rt) {
    RETURN_IF_ERROR(left_->Open(rt));
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, left_->Next(rt, &chunk));
      if (!more) return Status::OK();
      for (const Row& r : chunk.rows) {
        RETURN_IF_ERROR(WriteTo(pending_, plan_.left_keys, r, 0, rt, /*right=*/false));
      }
    }
  }

  Status AddBatches(std::deque<Batch>* to, size_t n, int level) {
    for (size_t i = 0; i < n; i++) {
      Batch b;
      b.level = level;
      ASSIGN_OR_RETURN(b.left, SpillFile::Create());
      ASSIGN_OR_RETURN(b.right, SpillFile::Create());
      to->push_back(std::move(b));
    }
    return Status::OK();
  }

  // Writes `row` to its side's file of the batch its key hashes to among `batches` (all of one
  // level). A NULL key matches nothing and goes to the first batch.
  static Status WriteTo(std::deque<Batch>& batches, const std::vector<sql::BoundExprPtr>& exprs,
                        const Row& row, int level, Runtime& rt, bool right) {
    ASSIGN_OR_RETURN(Row key, Keys(exprs, row, rt));
    size_t i = 0;
    if (!key.empty()) {
      uint64_t x = HashRow(key) + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(level + 1);
      x = (x ^ (x >> 31)) * 0x94d049bb133111ebULL;
      i = (x ^ (x >> 29)) % batches.size();
    }
    Batch& b = batches[i];
    return (right ? b.right : b.left)->Write(row);
  }

  // Takes the next pending batch, splitting it while its right rows do not fit in hash_mem, and
  // reads its right rows into the hash table.
  Status LoadNextBatch(Runtime& rt) {
    while (true) {
      Batch b = std::move(pending_.front());
      pending_.pop_front();
      RETURN_IF_ERROR(b.right->Rewind());
      RETURN_IF_ERROR(b.left->Rewind());
      disk_bytes_ += b.left->bytes() + b.right->bytes();
      if (b.right->bytes() * 2 <= rt.ctx->hash_mem() || b.level >= kMaxLevel) {
        batches_++;
        right_rows_.clear();
        Row row;
        while (true) {
          ASSIGN_OR_RETURN(bool more, b.right->Read(&row));
          if (!more) break;
          right_rows_.push_back(std::move(row));
        }
        current_ = std::move(b.left);
        details = {"Batches: " + std::to_string(batches_ + pending_.size()) +
                   "  Disk Usage: " + std::to_string((disk_bytes_ + 1023) / 1024) + "kB"};
        return BuildTable(rt);
      }
      RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
      std::deque<Batch> split;
      RETURN_IF_ERROR(AddBatches(&split, kSplit, b.level + 1));
      for (auto [file, exprs, right] : {std::tuple{b.right.get(), &plan_.right_keys, true},
                                        std::tuple{b.left.get(), &plan_.left_keys, false}}) {
        Row row;
        while (true) {
          ASSIGN_OR_RETURN(bool more, file->Read(&row));
          if (!more) break;
          RETURN_IF_ERROR(WriteTo(split, *exprs, row, b.level + 1, rt, right));
        }
      }
      while (!split.empty()) {
        pending_.push_front(std::move(split.back()));
        split.pop_back();
      }
    }
  }

  // The hash table over right_rows_: open addressing with linear probing, one slot per row with
  // a non-NULL key (a flat array: a probe touches one slot, not a chain of nodes). Rows of equal
  // keys follow each other along the probe sequence in the order they were added.
  Status BuildTable(Runtime& rt) {
    slots_.clear();
    right_keys_.clear();
    if (!hashed()) return Status::OK();
    size_t capacity = 16;
    while (capacity < 2 * right_rows_.size()) capacity *= 2;
    slots_.assign(capacity, Slot{});
    right_keys_.reserve(right_rows_.size());
    for (size_t i = 0; i < right_rows_.size(); i++) {
      ASSIGN_OR_RETURN(Row key, Keys(plan_.right_keys, right_rows_[i], rt));
      if (!key.empty()) {
        uint64_t h = HashRow(key);
        size_t at = h & (capacity - 1);
        while (slots_[at].row != 0) at = (at + 1) & (capacity - 1);
        slots_[at] = Slot{h, i + 1};
      }
      right_keys_.push_back(std::move(key));
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
    if (current_ == nullptr) return left_->Next(rt, &in_);
    SpillFile& file = *current_;
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
          const uint64_t h = HashRow(key);
          const size_t mask = slots_.size() - 1;
          for (size_t at = h & mask; slots_[at].row != 0; at = (at + 1) & mask) {
            size_t i = slots_[at].row - 1;
            if (slots_[at].hash == h && RowsEqual(key, right_keys_[i])) {
              RETURN_IF_ERROR(try_match(i));
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

  static constexpr size_t kFirstBatches = 32;
  static constexpr size_t kSplit = 8;  // batches a too-big batch splits into
  static constexpr int kMaxLevel = 8;  // past this, a batch is joined in memory whatever size

  const PlanNode& plan_;
  std::unique_ptr<Operator> left_, right_;
  std::vector<Row> right_rows_;  // the right rows (of the current batch)
  std::vector<bool> matched_;
  struct Slot {
    uint64_t hash = 0;
    size_t row = 0;  // 1 + the row's index in right_rows_; 0: empty
  };
  std::vector<Slot> slots_;
  std::vector<Row> right_keys_;  // each right row's key (empty: a NULL in it)
  // Multi-batch: the batches still to join, and the left rows of the one being joined (null
  // when the right input fit in memory and the left one streams).
  std::deque<Batch> pending_;
  std::unique_ptr<SpillFile> current_;
  size_t batches_ = 0;
  size_t disk_bytes_ = 0;
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
