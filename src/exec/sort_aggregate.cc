#include "exec/sort_aggregate.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <unordered_map>

#include "common/macros.h"
#include "exec/aggregate.h"
#include "exec/executor.h"
#include "exec/row_hash.h"
#include "exec/sort_keys.h"
#include "exec/spill.h"

namespace komodo::exec {

using sql::PlanNode;

namespace {

// Hash aggregation. Groups live in a hash table while it fits in hash_mem (work_mem x 2); after
// that, rows of groups not in the table are written to one of kPartitions temporary files by the
// hash of their key, and each file is aggregated in turn the same way once the table's groups are
// out (with a new hash seed, so a file that is still too large splits again), as PostgreSQL 13+
// does.
//
// With grouping sets each row goes into one group per set, in the same hash table: a group's
// key is then the set's number followed by the keys, NULL where the set does not hold them. A
// row spilled for one set is written with that set's number appended, and aggregated later for
// that set only.
class AggregateOp : public Operator {
 public:
  AggregateOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)), tagged_(!plan.grouping_sets.empty()) {
    const size_t n = plan.exprs.size();
    std::vector<std::vector<int>> sets = plan.grouping_sets;
    if (sets.empty()) {
      sets.emplace_back();
      for (size_t i = 0; i < n; i++) sets[0].push_back(static_cast<int>(i));
    }
    for (const std::vector<int>& set : sets) {
      Set s;
      s.present.assign(n, false);
      for (int k : set) s.present[k] = true;
      s.empty = set.empty();
      // GROUPING(a, b, ...): one bit per argument, the first the most significant, set when
      // the argument is not in the set.
      for (const std::vector<int>& call : plan.grouping_calls) {
        int32_t v = 0;
        for (int k : call) v = (v << 1) | (s.present[k] ? 0 : 1);
        s.grouping.push_back(v);
      }
      sets_.push_back(std::move(s));
    }
  }
  Status Open(Runtime& rt) override {
    partitions_.clear();
    batches_ = 1;
    disk_bytes_ = 0;
    details.clear();
    RETURN_IF_ERROR(child_->Open(rt));
    return Aggregate([&](Chunk* in) { return child_->Next(rt, in); }, 0, rt);
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    while (next_ >= rows_.size() && !partitions_.empty()) {
      Partition part = std::move(partitions_.front());
      partitions_.pop_front();
      RETURN_IF_ERROR(part.file->Rewind());
      batches_++;
      RETURN_IF_ERROR(Aggregate(
          [&](Chunk* in) -> Result<bool> {
            in->rows.resize(kBatchSize);
            size_t n = 0;
            while (n < kBatchSize) {
              ASSIGN_OR_RETURN(bool more, part.file->Read(&in->rows[n]));
              if (!more) break;
              n++;
            }
            in->rows.resize(n);
            return n > 0;
          },
          part.level, rt));
    }
    return EmitBatch(rows_, &next_, out);
  }

 private:
  static constexpr size_t kPartitions = 8;
  static constexpr int kMaxLevel = 16;  // past this, a partition stays in memory whatever size
  struct Partition {
    std::unique_ptr<SpillFile> file;
    int level;
  };
  struct Set {
    std::vector<bool> present;      // by key
    bool empty = false;             // no key: one group, even over no rows
    std::vector<int32_t> grouping;  // the value of each GROUPING call
  };

  // Groups the rows `next` yields into rows_ (replacing them), spilling what does not fit. Below
  // level 0 (rows read back from a spill file) a tagged row ends with its set's number.
  Status Aggregate(const std::function<Result<bool>(Chunk*)>& next, int level, Runtime& rt) {
    std::unordered_map<Row, size_t, RowHasher, RowEquals> index;
    std::vector<Row> keys;
    std::vector<size_t> set_of;  // by group
    std::vector<std::vector<AggregateState>> states;
    std::vector<std::unique_ptr<SpillFile>> spill(kPartitions);
    const bool can_spill = !plan_.exprs.empty() && level < kMaxLevel;
    const size_t group_overhead = 64 + plan_.aggregates.size() * sizeof(AggregateState);
    const size_t tag = tagged_ ? 1 : 0;
    size_t memory = 0;
    Row values;
    Row tagged_row;
    // The group of `key` (for set `s`), created when there is room; npos when there is not.
    auto group_of = [&](Row key, size_t s) -> size_t {
      auto it = index.find(key);
      if (it != index.end()) return it->second;
      if (can_spill && !sets_[s].empty && memory > rt.ctx->hash_mem()) {
        return std::string::npos;
      }
      size_t g = keys.size();
      memory += 2 * RowMemory(key) + group_overhead;  // the key is in the index and in keys
      index.emplace(key, g);
      keys.push_back(std::move(key));
      set_of.push_back(s);
      states.emplace_back(plan_.aggregates.size());
      return g;
    };
    auto key_of = [&](size_t s) {
      Row key;
      key.reserve(tag + values.size());
      if (tagged_) key.push_back(Value::Int4(static_cast<int32_t>(s)));
      for (size_t i = 0; i < values.size(); i++) {
        key.push_back(sets_[s].present[i] ? values[i] : Value::Null(plan_.exprs[i]->type));
      }
      return key;
    };
    Chunk in;
    while (true) {
      ASSIGN_OR_RETURN(bool more, next(&in));
      if (!more) break;
      for (const Row& row : in.rows) {
        values.clear();
        for (const auto& e : plan_.exprs) {
          ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
          values.push_back(std::move(v));
        }
        size_t first = 0, last = sets_.size();
        if (tagged_ && level > 0) {
          first = static_cast<size_t>(row.back().int_value());
          last = first + 1;
        }
        for (size_t s = first; s < last; s++) {
          Row key = key_of(s);
          size_t hash = RowHasher()(key);
          size_t g = group_of(std::move(key), s);
          if (g == std::string::npos) {
            std::unique_ptr<SpillFile>& file = spill[PartitionOf(hash, level)];
            if (file == nullptr) {
              ASSIGN_OR_RETURN(file, SpillFile::Create());
            }
            if (tagged_ && level == 0) {
              tagged_row = row;
              tagged_row.push_back(Value::Int4(static_cast<int32_t>(s)));
              RETURN_IF_ERROR(file->Write(tagged_row));
            } else {
              RETURN_IF_ERROR(file->Write(row));
            }
            continue;
          }
          std::vector<AggregateState>& st = states[g];
          for (size_t a = 0; a < plan_.aggregates.size(); a++) {
            RETURN_IF_ERROR(Accumulate(plan_.aggregates[a], row, rt, &st[a]));
          }
        }
      }
    }
    // A set without keys (no GROUP BY, or ()) gives one row even over no input.
    if (level == 0) {
      values.assign(plan_.exprs.size(), Value());
      for (size_t s = 0; s < sets_.size(); s++) {
        if (sets_[s].empty) group_of(key_of(s), s);
      }
    }
    rows_.clear();
    next_ = 0;
    for (size_t g = 0; g < keys.size(); g++) {
      Row out(std::make_move_iterator(keys[g].begin() + tag),
              std::make_move_iterator(keys[g].end()));
      for (size_t a = 0; a < plan_.aggregates.size(); a++) {
        ASSIGN_OR_RETURN(Value v, Finalize(plan_.aggregates[a], states[g][a], rt));
        out.push_back(std::move(v));
      }
      for (int32_t v : sets_[set_of[g]].grouping) out.push_back(Value::Int4(v));
      rows_.push_back(std::move(out));
    }
    for (auto& file : spill) {
      if (file == nullptr) continue;
      disk_bytes_ += file->bytes();
      partitions_.push_back({std::move(file), level + 1});
    }
    if (disk_bytes_ > 0) {
      details = {"Batches: " + std::to_string(batches_ + partitions_.size()) +
                 "  Disk Usage: " + std::to_string((disk_bytes_ + 1023) / 1024) + "kB"};
    }
    return Status::OK();
  }

  // The partition of a key's hash at `level`: a different mix per level, so that a partition
  // that spills again splits its keys anew.
  static size_t PartitionOf(size_t hash, int level) {
    uint64_t x = hash + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(level + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return (x ^ (x >> 31)) % kPartitions;
  }

  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  const bool tagged_;      // grouping sets: keys and spilled rows carry a set number
  std::vector<Set> sets_;  // one set of every key without grouping sets
  std::vector<Row> rows_;  // the current batch of groups, finalized
  size_t next_ = 0;
  std::deque<Partition> partitions_;  // spilled rows still to aggregate
  size_t batches_ = 1;
  size_t disk_bytes_ = 0;
};

// Sorts its input: in memory while it fits in work_mem, else as PostgreSQL's "external merge":
// sorted runs of work_mem each are written to temporary files and merged.
class SortOp : public Operator {
 public:
  SortOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}
  Status Open(Runtime& rt) override {
    // With a LIMIT (top-N) only the best `limit` rows are kept, in a max-heap: memory stays
    // bounded by the limit, not the input.
    const bool top_n = plan_.limit >= 0;
    std::vector<Item> items;
    size_t memory = 0;
    runs_.clear();
    merge_.clear();
    details.clear();
    RETURN_IF_ERROR(child_->Open(rt));
    Chunk chunk;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(rt, &chunk));
      if (!more) break;
      for (Row& row : chunk.rows) {
        Row keys;
        for (const sql::SortKey& k : plan_.sort_keys) {
          ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, row, rt));
          keys.push_back(std::move(v));
        }
        Item item(std::move(keys), std::move(row));
        if (!top_n) {
          memory += RowMemory(item.first) + RowMemory(item.second);
          items.push_back(std::move(item));
          if (memory > static_cast<size_t>(rt.ctx->work_mem)) {
            RETURN_IF_ERROR(WriteRun(&items));
            memory = 0;
          }
        } else if (items.size() < static_cast<size_t>(plan_.limit)) {
          items.push_back(std::move(item));
          std::push_heap(items.begin(), items.end(), Less());
        } else if (!items.empty() && Less()(item, items.front())) {
          std::pop_heap(items.begin(), items.end(), Less());
          items.back() = std::move(item);
          std::push_heap(items.begin(), items.end(), Less());
        }
      }
    }
    rows_.clear();
    next_ = 0;
    if (!runs_.empty()) {
      if (!items.empty()) RETURN_IF_ERROR(WriteRun(&items));
      return StartMerge();
    }
    if (top_n) {
      std::sort_heap(items.begin(), items.end(), Less());
    } else {
      std::stable_sort(items.begin(), items.end(), Less());
    }
    for (auto& item : items) rows_.push_back(std::move(item.second));
    return Status::OK();
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    if (runs_.empty()) return EmitBatch(rows_, &next_, out);
    out->rows.clear();
    while (!merge_.empty() && out->rows.size() < kBatchSize) {
      std::pop_heap(merge_.begin(), merge_.end(), MergeLater());
      Head& head = merge_.back();
      out->rows.push_back(std::move(head.item.second));
      ASSIGN_OR_RETURN(bool more, ReadItem(head.run, &head.item));
      if (more) {
        std::push_heap(merge_.begin(), merge_.end(), MergeLater());
      } else {
        merge_.pop_back();
      }
    }
    return !out->rows.empty();
  }

 private:
  using Item = std::pair<Row, Row>;  // (sort keys, row): the keys are computed once per row
  struct ItemLess {
    const PlanNode* plan = nullptr;
    bool operator()(const Item& a, const Item& b) const {
      return CompareSortKeys(a.first, b.first, plan->sort_keys) < 0;
    }
  };
  ItemLess Less() const { return {&plan_}; }
  struct Head {
    Item item;
    size_t run;  // ties go to the earlier run, which holds the earlier input: a stable sort
  };
  struct HeadAfter {
    const PlanNode* plan;
    bool operator()(const Head& a, const Head& b) const {
      int c = CompareSortKeys(a.item.first, b.item.first, plan->sort_keys);
      return c != 0 ? c > 0 : a.run > b.run;
    }
  };
  HeadAfter MergeLater() const { return {&plan_}; }

  // Sorts `items` and writes them out as one run, keys first then the row.
  Status WriteRun(std::vector<Item>* items) {
    std::stable_sort(items->begin(), items->end(), Less());
    ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> run, SpillFile::Create());
    Row both;
    for (Item& item : *items) {
      both = std::move(item.first);
      both.insert(both.end(), std::make_move_iterator(item.second.begin()),
                  std::make_move_iterator(item.second.end()));
      RETURN_IF_ERROR(run->Write(both));
    }
    items->clear();
    runs_.push_back(std::move(run));
    return Status::OK();
  }
  Result<bool> ReadItem(size_t run, Item* item) {
    Row both;
    ASSIGN_OR_RETURN(bool more, runs_[run]->Read(&both));
    if (!more) return false;
    size_t k = plan_.sort_keys.size();
    item->first.assign(std::make_move_iterator(both.begin()),
                       std::make_move_iterator(both.begin() + k));
    item->second.assign(std::make_move_iterator(both.begin() + k),
                        std::make_move_iterator(both.end()));
    return true;
  }
  Status StartMerge() {
    size_t bytes = 0;
    for (size_t r = 0; r < runs_.size(); r++) {
      bytes += runs_[r]->bytes();
      RETURN_IF_ERROR(runs_[r]->Rewind());
      Head head{{}, r};
      ASSIGN_OR_RETURN(bool more, ReadItem(r, &head.item));
      if (more) merge_.push_back(std::move(head));
    }
    std::make_heap(merge_.begin(), merge_.end(), MergeLater());
    details.push_back(
        "Sort Method: external merge  Disk: " + std::to_string((bytes + 1023) / 1024) + "kB");
    return Status::OK();
  }

  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;  // in memory
  size_t next_ = 0;
  std::vector<std::unique_ptr<SpillFile>> runs_;  // spilled: sorted runs
  std::vector<Head> merge_;                       // and a heap of their next rows
};

}  // namespace

std::unique_ptr<Operator> MakeAggregateOperator(const PlanNode& plan,
                                                std::unique_ptr<Operator> child) {
  return std::make_unique<AggregateOp>(plan, std::move(child));
}

std::unique_ptr<Operator> MakeSortOperator(const PlanNode& plan, std::unique_ptr<Operator> child) {
  return std::make_unique<SortOp>(plan, std::move(child));
}

}  // namespace komodo::exec
