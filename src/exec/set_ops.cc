#include "exec/set_ops.h"

#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>

#include "common/macros.h"
#include "exec/executor.h"
#include "exec/row_hash.h"
#include "exec/spill.h"

namespace komodo::exec {

using sql::PlanNode;

namespace {

// DISTINCT, UNION, INTERSECT and EXCEPT [ALL] over a hash table of keys. Rows stream through:
// a row leaves as soon as it is known to, so the first row of each key is the one kept, and a
// LIMIT above stops the input early.
//
// The table holds keys while it fits in hash_mem. Once it is full, a row whose key is not in it
// is deferred: written to one of kPartitions temporary files by the hash of its key, in input
// order. Every row of a key is therefore either handled in this pass or deferred, so each file
// (with, for INTERSECT and EXCEPT, the right input's file of the same partition) is a smaller
// instance of the same problem, processed after the pass with a new hash seed, as hash
// aggregation does (sort_aggregate.cc). Only the order of the output changes when rows spill.
class HashSetOp : public Operator {
 public:
  enum class Mode { kDistinct, kUnion, kIntersect, kExcept };

  HashSetOp(const PlanNode& plan, Mode mode, bool all, std::unique_ptr<Operator> left,
            std::unique_ptr<Operator> right)
      : plan_(plan), mode_(mode), all_(all), left_(std::move(left)), right_(std::move(right)) {
    // DISTINCT ON over input sorted by every DISTINCT ON column (the ORDER BY starts with them):
    // equal keys are adjacent, so comparing with the previous row needs no table at all.
    if (mode == Mode::kDistinct && !plan.exprs.empty() &&
        plan.children[0]->kind == PlanNode::Kind::kSort) {
      const auto& keys = plan.children[0]->sort_keys;
      bool covered = keys.size() >= plan.exprs.size();
      for (const auto& e : plan.exprs) {
        bool found = false;
        for (size_t i = 0; i < plan.exprs.size() && i < keys.size(); i++) {
          found |= keys[i].expr->kind == sql::BoundExpr::Kind::kColumn &&
                   e->kind == sql::BoundExpr::Kind::kColumn && keys[i].expr->column == e->column;
        }
        covered &= found;
      }
      sorted_ = covered;
    }
  }

  Status Open(Runtime& rt) override {
    table_.clear();
    memory_ = 0;
    level_ = 0;
    pending_.clear();
    ResetSpill();
    probe_file_.reset();
    previous_.reset();
    on_right_ = false;
    done_ = false;
    batches_ = 1;
    disk_bytes_ = 0;
    details.clear();
    if (mode_ == Mode::kIntersect || mode_ == Mode::kExcept) {
      RETURN_IF_ERROR(right_->Open(rt));
      RETURN_IF_ERROR(Build([&](Chunk* in) { return right_->Next(rt, in); }, rt));
    }
    return left_->Open(rt);
  }

  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.empty()) {
      if (done_) return false;
      ASSIGN_OR_RETURN(bool more, ReadProbe(rt, &in_));
      if (!more) {
        ASSIGN_OR_RETURN(bool again, NextPass(rt));
        if (!again) {
          done_ = true;
          return false;
        }
        continue;
      }
      for (Row& row : in_.rows) RETURN_IF_ERROR(Probe(std::move(row), rt, out));
    }
    return true;
  }

 private:
  static constexpr size_t kPartitions = 8;
  static constexpr int kMaxLevel = 16;  // past this, a batch stays in memory whatever its size
  struct Entry {
    int64_t count = 0;     // rows of the right input (INTERSECT, EXCEPT) not yet matched
    bool emitted = false;  // a row of this key has left
  };
  struct Batch {
    std::unique_ptr<SpillFile> left, right;
    int level;
  };

  bool can_spill() const { return level_ < kMaxLevel; }
  bool full(Runtime& rt) const { return can_spill() && memory_ > rt.ctx->hash_mem(); }

  Result<Row> KeyOf(const Row& row, Runtime& rt) const {
    if (mode_ != Mode::kDistinct) return row;
    Row key;
    if (plan_.exprs.empty()) {
      key.assign(row.begin(), row.begin() + plan_.distinct_columns);
      return key;
    }
    for (const auto& e : plan_.exprs) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
      key.push_back(std::move(v));
    }
    return key;
  }

  void Insert(Row key, Entry entry) {
    memory_ += RowMemory(key) + sizeof(Entry) + 64;  // 64: the hash node and bucket
    table_.emplace(std::move(key), entry);
  }

  // Counts the right input of INTERSECT / EXCEPT into the table; rows of keys that do not fit
  // go to right_spill_.
  Status Build(const std::function<Result<bool>(Chunk*)>& next, Runtime& rt) {
    Chunk in;
    while (true) {
      ASSIGN_OR_RETURN(bool more, next(&in));
      if (!more) return Status::OK();
      for (Row& row : in.rows) {
        auto it = table_.find(row);
        if (it != table_.end()) {
          it->second.count++;
        } else if (!full(rt)) {
          Insert(std::move(row), Entry{1, false});
        } else {
          RETURN_IF_ERROR(Write(&right_spill_[PartitionOf(RowHasher()(row), level_)], row));
        }
      }
    }
  }

  // The next chunk of the current pass's probe input: the child (DISTINCT), the left then the
  // right input (UNION), the left input (INTERSECT, EXCEPT), or a deferred file.
  Result<bool> ReadProbe(Runtime& rt, Chunk* in) {
    if (probe_file_ != nullptr) return ReadFileChunk(*probe_file_, rt, in);
    if (level_ > 0) return false;
    while (true) {
      Operator& input = on_right_ ? *right_ : *left_;
      ASSIGN_OR_RETURN(bool more, input.Next(rt, in));
      if (more) return true;
      if (mode_ != Mode::kUnion || on_right_) return false;
      on_right_ = true;
      RETURN_IF_ERROR(right_->Open(rt));
    }
  }

  Status Probe(Row row, Runtime& rt, Chunk* out) {
    ASSIGN_OR_RETURN(Row key, KeyOf(row, rt));
    if (sorted_) {
      if (previous_ && RowEquals()(*previous_, key)) return Status::OK();
      previous_ = std::move(key);
      out->rows.push_back(std::move(row));
      return Status::OK();
    }
    auto it = table_.find(key);
    if (it != table_.end()) {
      Entry& e = it->second;
      bool keep = false;
      switch (mode_) {
        case Mode::kDistinct:
        case Mode::kUnion:
          break;  // seen
        case Mode::kIntersect:
          if (e.count > 0) {
            if (all_) {
              e.count--;
              keep = true;
            } else {
              keep = !e.emitted;
              e.emitted = true;
            }
          }
          break;
        case Mode::kExcept:
          if (e.count > 0) {
            if (all_) e.count--;
          } else if (all_) {
            keep = true;
          } else {
            keep = !e.emitted;
            e.emitted = true;
          }
          break;
      }
      if (keep) out->rows.push_back(std::move(row));
      return Status::OK();
    }
    size_t part = PartitionOf(RowHasher()(key), level_);
    if (right_spill_[part] != nullptr) {
      // The key may be among the right input's deferred rows: decide in that batch.
      return Write(&left_spill_[part], row);
    }
    // Not in the right input at all.
    if (mode_ == Mode::kIntersect) return Status::OK();
    if (mode_ == Mode::kExcept && all_) {
      out->rows.push_back(std::move(row));
      return Status::OK();
    }
    if (full(rt)) return Write(&left_spill_[part], row);
    Insert(std::move(key), Entry{0, true});
    out->rows.push_back(std::move(row));
    return Status::OK();
  }

  Status Write(std::unique_ptr<SpillFile>* file, const Row& row) {
    if (*file == nullptr) {
      ASSIGN_OR_RETURN(*file, SpillFile::Create());
    }
    return (*file)->Write(row);
  }

  void ResetSpill() {
    left_spill_.clear();
    left_spill_.resize(kPartitions);
    right_spill_.clear();
    right_spill_.resize(kPartitions);
  }

  // Ends the current pass: its deferred files become batches; starts the next batch. False
  // when none is left.
  Result<bool> NextPass(Runtime& rt) {
    if (sorted_) return false;
    for (size_t p = 0; p < kPartitions; p++) {
      std::unique_ptr<SpillFile>& left = left_spill_[p];
      std::unique_ptr<SpillFile>& right = right_spill_[p];
      if (left != nullptr) disk_bytes_ += left->bytes();
      if (right != nullptr) disk_bytes_ += right->bytes();
      // Without left rows, a partition has nothing to return.
      if (left == nullptr) continue;
      pending_.push_back({std::move(left), std::move(right), level_ + 1});
      batches_++;
    }
    ResetSpill();
    if (disk_bytes_ > 0) {
      details = {"Batches: " + std::to_string(batches_) +
                 "  Disk Usage: " + std::to_string((disk_bytes_ + 1023) / 1024) + "kB"};
    }
    if (pending_.empty()) return false;
    Batch batch = std::move(pending_.front());
    pending_.pop_front();
    table_.clear();
    memory_ = 0;
    level_ = batch.level;
    if (batch.right != nullptr) {
      RETURN_IF_ERROR(batch.right->Rewind());
      SpillFile& file = *batch.right;
      RETURN_IF_ERROR(Build([&](Chunk* in) { return ReadFileChunk(file, rt, in); }, rt));
    }
    RETURN_IF_ERROR(batch.left->Rewind());
    probe_file_ = std::move(batch.left);
    return true;
  }

  static Result<bool> ReadFileChunk(SpillFile& file, Runtime& rt, Chunk* in) {
    RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
    in->rows.resize(kBatchSize);
    size_t n = 0;
    while (n < kBatchSize) {
      ASSIGN_OR_RETURN(bool more, file.Read(&in->rows[n]));
      if (!more) break;
      n++;
    }
    in->rows.resize(n);
    return n > 0;
  }

  // The partition of a key's hash at `level`: a different mix per level, so that a batch that
  // spills again splits its keys anew.
  static size_t PartitionOf(size_t hash, int level) {
    uint64_t x = hash + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(level + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return (x ^ (x >> 31)) % kPartitions;
  }

  const PlanNode& plan_;
  const Mode mode_;
  const bool all_;
  std::unique_ptr<Operator> left_, right_;
  bool sorted_ = false;  // DISTINCT ON over sorted input: compare with the previous key only
  std::optional<Row> previous_;
  std::unordered_map<Row, Entry, RowHasher, RowEquals> table_;
  size_t memory_ = 0;
  int level_ = 0;  // 0: the operator inputs; deeper: deferred files
  std::vector<std::unique_ptr<SpillFile>> left_spill_, right_spill_;  // this pass's, by partition
  std::deque<Batch> pending_;
  std::unique_ptr<SpillFile> probe_file_;  // the current batch's probe input
  bool on_right_ = false;                  // UNION: reading the right input
  bool done_ = false;
  size_t batches_ = 1;
  size_t disk_bytes_ = 0;
  Chunk in_;
};

// UNION ALL: the left input, then the right.
class AppendOp : public Operator {
 public:
  AppendOp(std::unique_ptr<Operator> left, std::unique_ptr<Operator> right)
      : left_(std::move(left)), right_(std::move(right)) {}
  Status Open(Runtime& rt) override {
    on_right_ = false;
    return left_->Open(rt);
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    while (true) {
      ASSIGN_OR_RETURN(bool more, (on_right_ ? right_ : left_)->Next(rt, out));
      if (more || on_right_) return more;
      on_right_ = true;
      RETURN_IF_ERROR(right_->Open(rt));
    }
  }

 private:
  std::unique_ptr<Operator> left_, right_;
  bool on_right_ = false;
};

}  // namespace

std::unique_ptr<Operator> MakeDistinctOperator(const PlanNode& plan,
                                               std::unique_ptr<Operator> child) {
  return std::make_unique<HashSetOp>(plan, HashSetOp::Mode::kDistinct, false, std::move(child),
                                     nullptr);
}

std::unique_ptr<Operator> MakeSetOperator(const PlanNode& plan, std::unique_ptr<Operator> left,
                                          std::unique_ptr<Operator> right) {
  HashSetOp::Mode mode = HashSetOp::Mode::kUnion;
  switch (plan.set_op) {
    case PlanNode::SetOp::kUnion:
      if (plan.set_all) return std::make_unique<AppendOp>(std::move(left), std::move(right));
      break;
    case PlanNode::SetOp::kIntersect:
      mode = HashSetOp::Mode::kIntersect;
      break;
    case PlanNode::SetOp::kExcept:
      mode = HashSetOp::Mode::kExcept;
      break;
  }
  return std::make_unique<HashSetOp>(plan, mode, plan.set_all, std::move(left), std::move(right));
}

}  // namespace komodo::exec
