// The window operator: for each window call, the input rows are ordered by (PARTITION BY,
// ORDER BY) and each row gets the call's value over its partition and frame. Rows leave in their
// input order with one more column per call.
#include "exec/window.h"

#include <algorithm>
#include <array>
#include <functional>
#include <numeric>

#include "common/macros.h"
#include "exec/aggregate.h"
#include "exec/executor.h"
#include "exec/sort_aggregate.h"
#include "exec/sort_keys.h"
#include "exec/spill.h"
#include "types/compare.h"

namespace komodo::exec {

namespace {

using sql::WindowCall;

// Computes `call` over one partition in window order. `Part` gives the partition's size(), the
// row at a position (At(i)), its ORDER BY values (Keys(i)) and takes each row's value
// (Emit(i, v), in order of i): the rows are in memory (MemoryPartition) or in a temporary file
// (SpilledPartition). Positions are read nearly in order, so a file is read block by block.
template <typename Part>
Status ComputePartition(const WindowCall& call, Part& part, Runtime& rt) {
  const size_t n = part.size();
  // The peer group (rows equal in ORDER BY) of the current position, found by reading ahead:
  // positions only move forward.
  size_t group_begin = 0, group_end = 0;
  Row first_keys;
  auto peer_end = [&](size_t i) -> Result<size_t> {
    if (i < group_end) return group_end;
    ASSIGN_OR_RETURN(const Row* k, part.Keys(i));
    first_keys = *k;
    group_begin = i;
    group_end = i + 1;
    while (group_end < n) {
      ASSIGN_OR_RETURN(const Row* next, part.Keys(group_end));
      if (CompareSortKeys(first_keys, *next, call.order) != 0) break;
      group_end++;
    }
    return group_end;
  };
  auto frame_end = [&](size_t i) -> Result<size_t> {
    switch (call.frame) {
      case WindowCall::Frame::kWholePartition:
        return n;
      case WindowCall::Frame::kToCurrentRow:
        return i + 1;
      case WindowCall::Frame::kToLastPeer:
        break;
    }
    return peer_end(i);
  };
  auto arg = [&](size_t arg_index, size_t pos) -> Result<Value> {
    ASSIGN_OR_RETURN(const Row* row, part.At(pos));
    return Evaluate(*call.args[arg_index], *row, rt);
  };
  if (call.aggregate != nullptr) {
    AggregateState st;
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
      ASSIGN_OR_RETURN(size_t until, frame_end(i));
      for (; added < until; added++) {
        ASSIGN_OR_RETURN(const Row* row, part.At(added));
        RETURN_IF_ERROR(Accumulate(*call.aggregate, *row, rt, &st));
      }
      ASSIGN_OR_RETURN(Value v, Finalize(*call.aggregate, st, rt));
      RETURN_IF_ERROR(part.Emit(i, std::move(v)));
    }
    return Status::OK();
  }
  const std::string& name = call.name;
  int64_t rank = 1, dense = 0;
  for (size_t i = 0; i < n; i++) {
    if ((i & 1023) == 1023 && rt.ctx != nullptr) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
    ASSIGN_OR_RETURN(size_t last_peer, peer_end(i));
    if (i == group_begin) {
      rank = static_cast<int64_t>(i) + 1;
      dense++;
    }
    Value v;
    if (name == "row_number") {
      v = Value::Int8(static_cast<int64_t>(i) + 1);
    } else if (name == "rank") {
      v = Value::Int8(rank);
    } else if (name == "dense_rank") {
      v = Value::Int8(dense);
    } else if (name == "percent_rank") {
      v = Value::Float8(n > 1 ? static_cast<double>(rank - 1) / static_cast<double>(n - 1) : 0.0);
    } else if (name == "cume_dist") {
      v = Value::Float8(static_cast<double>(last_peer) / static_cast<double>(n));
    } else if (name == "ntile") {
      ASSIGN_OR_RETURN(Value buckets, arg(0, i));
      if (buckets.is_null()) {
        v = Value::Null(TypeId::kInt4);
      } else {
        int64_t k = buckets.int_value();
        if (k <= 0) return Status("22014", "argument of ntile must be greater than zero");
        // PostgreSQL: the first n % k buckets get one row more.
        int64_t size = static_cast<int64_t>(n) / k, extra = static_cast<int64_t>(n) % k;
        int64_t pos = static_cast<int64_t>(i), bucket;
        int64_t big = extra * (size + 1);
        bucket =
            pos < big ? pos / (size + 1) + 1 : extra + (size == 0 ? 0 : (pos - big) / size) + 1;
        v = Value::Int4(static_cast<int32_t>(bucket));
      }
    } else if (name == "lag" || name == "lead") {
      int64_t offset = 1;
      if (call.args.size() > 1) {
        ASSIGN_OR_RETURN(Value o, arg(1, i));
        if (o.is_null()) {
          RETURN_IF_ERROR(part.Emit(i, Value::Null(call.type)));
          continue;
        }
        offset = o.int_value();
      }
      int64_t target = static_cast<int64_t>(i) + (name == "lag" ? -offset : offset);
      if (target >= 0 && target < static_cast<int64_t>(n)) {
        ASSIGN_OR_RETURN(v, arg(0, static_cast<size_t>(target)));
      } else if (call.args.size() > 2) {
        ASSIGN_OR_RETURN(v, arg(2, i));
      } else {
        v = Value::Null(call.type);
      }
    } else if (name == "first_value") {
      ASSIGN_OR_RETURN(v, arg(0, 0));
    } else if (name == "last_value") {
      ASSIGN_OR_RETURN(size_t end, frame_end(i));
      ASSIGN_OR_RETURN(v, arg(0, end - 1));
    } else if (name == "nth_value") {
      ASSIGN_OR_RETURN(Value nth, arg(1, i));
      if (!nth.is_null() && nth.int_value() <= 0) {
        return Status("22016", "argument of nth_value must be greater than zero");
      }
      v = Value::Null(call.type);
      ASSIGN_OR_RETURN(size_t end, frame_end(i));
      if (!nth.is_null() && static_cast<size_t>(nth.int_value()) <= end) {
        ASSIGN_OR_RETURN(v, arg(0, static_cast<size_t>(nth.int_value()) - 1));
      }
    } else {
      return Status::Internal("unknown window function " + name);
    }
    RETURN_IF_ERROR(part.Emit(i, std::move(v)));
  }
  return Status::OK();
}

// A partition of rows in memory: rows[order[begin..end)].
struct MemoryPartition {
  const std::vector<Row>& rows;
  const std::vector<Row>& sort_keys;
  const std::vector<size_t>& order;
  size_t begin, end;
  std::vector<Value>* out;

  size_t size() const { return end - begin; }
  Result<const Row*> At(size_t i) const { return &rows[order[begin + i]]; }
  Result<const Row*> Keys(size_t i) const { return &sort_keys[order[begin + i]]; }
  Status Emit(size_t i, Value v) {
    (*out)[order[begin + i]] = std::move(v);
    return Status::OK();
  }
};

// A partition read from a sorted stream, too large to keep: its rows stay in memory until they
// outgrow work_mem, then go to a temporary file read back a block of kBlock rows at a time (a
// few blocks cached: the current rows and the partition's first and last). Each row's value goes
// to `results` as (input position, value).
class SpilledPartition {
 public:
  SpilledPartition(size_t work_mem, SpillFile* results) : work_mem_(work_mem), results_(results) {}

  // Stored rows: ORDER BY values, the input position, then the row.
  Status Add(Row keys, int64_t ordinal, Row row) {
    Entry e{std::move(keys), ordinal, std::move(row)};
    size_++;
    if (file_ == nullptr) {
      memory_ += RowMemory(e.keys) + RowMemory(e.row) + sizeof(Entry);
      rows_.push_back(std::move(e));
      if (memory_ <= work_mem_) return Status::OK();
      ASSIGN_OR_RETURN(file_, SpillFile::Create());
      std::vector<Entry> rows = std::move(rows_);
      rows_.clear();
      for (size_t i = 0; i < rows.size(); i++) RETURN_IF_ERROR(WriteEntry(rows[i], i));
      return Status::OK();
    }
    return WriteEntry(e, size_ - 1);
  }
  size_t size() const { return size_; }
  size_t disk_bytes() const { return file_ == nullptr ? 0 : file_->bytes(); }

  Result<const Row*> At(size_t i) {
    ASSIGN_OR_RETURN(const Entry* e, Get(i));
    return &e->row;
  }
  Result<const Row*> Keys(size_t i) {
    ASSIGN_OR_RETURN(const Entry* e, Get(i));
    return &e->keys;
  }
  Status Emit(size_t i, Value v) {
    ASSIGN_OR_RETURN(const Entry* e, Get(i));
    return results_->Write(Row{Value::Int8(e->ordinal), std::move(v)});
  }

 private:
  static constexpr size_t kBlock = 256;
  static constexpr size_t kCachedBlocks = 4;
  struct Entry {
    Row keys;
    int64_t ordinal;
    Row row;
  };
  struct Block {
    size_t index = std::string::npos;
    uint64_t used = 0;
    std::vector<Entry> entries;
  };

  Status WriteEntry(const Entry& e, size_t i) {
    if (i % kBlock == 0) offsets_.push_back(file_->bytes());
    Row stored = e.keys;
    stored.push_back(Value::Int8(e.ordinal));
    stored.insert(stored.end(), e.row.begin(), e.row.end());
    keys_ = e.keys.size();
    return file_->Write(stored);
  }

  Result<const Entry*> Get(size_t i) {
    if (file_ == nullptr) return &rows_[i];
    size_t b = i / kBlock;
    Block* slot = &cache_[0];
    for (Block& c : cache_) {
      if (c.index == b) {
        c.used = ++clock_;
        return &c.entries[i % kBlock];
      }
      if (c.used < slot->used) slot = &c;
    }
    // Load block b into the least recently used slot.
    RETURN_IF_ERROR(file_->Seek(offsets_[b]));
    slot->entries.resize(kBlock);
    size_t n = 0;
    Row stored;
    for (; n < kBlock && b * kBlock + n < size_; n++) {
      ASSIGN_OR_RETURN(bool more, file_->Read(&stored));
      if (!more) return Status::Internal("window partition file ended early");
      Entry& e = slot->entries[n];
      e.keys.assign(std::make_move_iterator(stored.begin()),
                    std::make_move_iterator(stored.begin() + keys_));
      e.ordinal = stored[keys_].int_value();
      e.row.assign(std::make_move_iterator(stored.begin() + keys_ + 1),
                   std::make_move_iterator(stored.end()));
    }
    slot->entries.resize(n);
    slot->index = b;
    slot->used = ++clock_;
    return &slot->entries[i % kBlock];
  }

  const size_t work_mem_;
  SpillFile* results_;
  size_t size_ = 0, memory_ = 0, keys_ = 0;
  std::vector<Entry> rows_;  // before spilling
  std::unique_ptr<SpillFile> file_;
  std::vector<size_t> offsets_;  // of every kBlock-th row
  std::array<Block, kCachedBlocks> cache_;
  uint64_t clock_ = 0;
};

// Feeds rows produced by a function to an operator (the spilling sort).
class FeedOp : public Operator {
 public:
  explicit FeedOp(std::function<Result<bool>(Runtime&, Chunk*)> next) : next_(std::move(next)) {}
  Status Open(Runtime&) override { return Status::OK(); }
  Result<bool> Next(Runtime& rt, Chunk* out) override { return next_(rt, out); }

 private:
  std::function<Result<bool>(Runtime&, Chunk*)> next_;
};

Result<bool> ReadChunk(SpillFile& file, Runtime& rt, Chunk* out) {
  RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
  out->rows.resize(kBatchSize);
  size_t n = 0;
  while (n < kBatchSize) {
    ASSIGN_OR_RETURN(bool more, file.Read(&out->rows[n]));
    if (!more) break;
    n++;
  }
  out->rows.resize(n);
  return n > 0;
}

sql::BoundExprPtr Column(int column, TypeId type) {
  auto e = std::make_unique<sql::BoundExpr>();
  e->kind = sql::BoundExpr::Kind::kColumn;
  e->column = column;
  e->type = type;
  return e;
}

// Windows over an input that fits in work_mem are computed in memory. A larger input goes to a
// temporary file; then, for each call, the spilling sort (sort_aggregate.cc) orders its rows by
// (PARTITION BY, ORDER BY, input position), each partition is computed from memory or, when it
// is larger than work_mem, from a file of its own (SpilledPartition), and the values, sorted back
// into input order, are joined to the rows as they leave. The results are those of memory: the
// same partitions in the same order, rows leaving in input order.
class WindowOp : public Operator {
 public:
  WindowOp(const sql::PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}

  Status Open(Runtime& rt) override {
    rows_.clear();
    next_ = 0;
    input_.reset();
    results_.clear();
    sort_plans_.clear();
    partitions_ = 0;
    disk_bytes_ = 0;
    details.clear();
    RETURN_IF_ERROR(child_->Open(rt));
    Chunk in;
    size_t memory = 0;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in));
      if (!more) break;
      for (Row& r : in.rows) {
        if (input_ != nullptr) {
          RETURN_IF_ERROR(input_->Write(r));
          continue;
        }
        memory += RowMemory(r);
        rows_.push_back(std::move(r));
        if (rt.ctx != nullptr && memory > static_cast<size_t>(rt.ctx->work_mem) &&
            !plan_.windows.empty()) {
          ASSIGN_OR_RETURN(input_, SpillFile::Create());
          for (const Row& row : rows_) RETURN_IF_ERROR(input_->Write(row));
          rows_.clear();
          rows_.shrink_to_fit();
        }
      }
    }
    if (input_ != nullptr) return OpenSpilled(rt);
    for (const WindowCall& call : plan_.windows) {
      std::vector<Value> values(rows_.size());
      RETURN_IF_ERROR(Compute(call, rt, &values));
      for (size_t i = 0; i < rows_.size(); i++) rows_[i].push_back(std::move(values[i]));
    }
    return Status::OK();
  }

  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    if (input_ != nullptr) return NextSpilled(rt, out);
    while (next_ < rows_.size() && out->rows.size() < kBatchSize) {
      out->rows.push_back(std::move(rows_[next_++]));
    }
    return !out->rows.empty();
  }

 private:
  Status Compute(const WindowCall& call, Runtime& rt, std::vector<Value>* out) {
    std::vector<Row> part_keys(rows_.size()), sort_keys(rows_.size());
    for (size_t i = 0; i < rows_.size(); i++) {
      for (const auto& e : call.partition) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*e, rows_[i], rt));
        part_keys[i].push_back(std::move(v));
      }
      for (const sql::SortKey& k : call.order) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, rows_[i], rt));
        sort_keys[i].push_back(std::move(v));
      }
    }
    std::vector<sql::SortKey> partition_order(call.partition.size());  // ascending
    std::vector<size_t> order(rows_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      int c = CompareSortKeys(part_keys[a], part_keys[b], partition_order);
      if (c != 0) return c < 0;
      return CompareSortKeys(sort_keys[a], sort_keys[b], call.order) < 0;
    });
    for (size_t begin = 0; begin < order.size();) {
      size_t end = begin + 1;
      while (end < order.size() && CompareSortKeys(part_keys[order[begin]], part_keys[order[end]],
                                                   partition_order) == 0) {
        end++;
      }
      MemoryPartition part{rows_, sort_keys, order, begin, end, out};
      RETURN_IF_ERROR(ComputePartition(call, part, rt));
      begin = end;
    }
    return Status::OK();
  }

  // The values of every call, each sorted back into input order.
  Status OpenSpilled(Runtime& rt) {
    for (const WindowCall& call : plan_.windows) {
      ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> values, ComputeSpilled(call, rt));
      disk_bytes_ += values->bytes();
      RETURN_IF_ERROR(values->Rewind());
      auto plan = std::make_unique<sql::PlanNode>();
      plan->kind = sql::PlanNode::Kind::kSort;
      plan->sort_keys.push_back({Column(0, TypeId::kInt8), false, false});
      SpillFile* file = values.get();
      auto sort = MakeSortOperator(*plan, std::make_unique<FeedOp>([file](Runtime& r, Chunk* out) {
        return ReadChunk(*file, r, out);
      }));
      RETURN_IF_ERROR(sort->Open(rt));
      sort_plans_.push_back(std::move(plan));
      results_.push_back({std::move(values), std::move(sort), {}, 0});
    }
    // Batches: the partitions computed, over every call; Disk Usage: the input, the partitions
    // that outgrew work_mem and the values (the sorts' own runs not counted).
    disk_bytes_ += input_->bytes();
    details = {"Batches: " + std::to_string(partitions_) +
               "  Disk Usage: " + std::to_string((disk_bytes_ + 1023) / 1024) + "kB"};
    return input_->Rewind();
  }

  // Sorts the input by `call`'s partition and order (then input position) and computes each
  // partition; returns the values as (input position, value) rows in window order.
  Result<std::unique_ptr<SpillFile>> ComputeSpilled(const WindowCall& call, Runtime& rt) {
    RETURN_IF_ERROR(input_->Rewind());
    const size_t p = call.partition.size(), k = call.order.size();
    sql::PlanNode plan;
    plan.kind = sql::PlanNode::Kind::kSort;
    for (size_t i = 0; i < p; i++) {
      plan.sort_keys.push_back(
          {Column(static_cast<int>(i), call.partition[i]->type), false, false});
    }
    for (size_t i = 0; i < k; i++) {
      const sql::SortKey& key = call.order[i];
      plan.sort_keys.push_back(
          {Column(static_cast<int>(p + i), key.expr->type), key.desc, key.nulls_first});
    }
    plan.sort_keys.push_back({Column(static_cast<int>(p + k), TypeId::kInt8), false, false});
    int64_t ordinal = 0;
    Chunk raw;
    auto feed = [&](Runtime& r, Chunk* out) -> Result<bool> {
      ASSIGN_OR_RETURN(bool more, ReadChunk(*input_, r, &raw));
      out->rows.clear();
      for (Row& row : raw.rows) {
        Row keyed;
        for (const auto& e : call.partition) {
          ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, r));
          keyed.push_back(std::move(v));
        }
        for (const sql::SortKey& key : call.order) {
          ASSIGN_OR_RETURN(Value v, Evaluate(*key.expr, row, r));
          keyed.push_back(std::move(v));
        }
        keyed.push_back(Value::Int8(ordinal++));
        keyed.insert(keyed.end(), std::make_move_iterator(row.begin()),
                     std::make_move_iterator(row.end()));
        out->rows.push_back(std::move(keyed));
      }
      return more;
    };
    std::unique_ptr<Operator> sort = MakeSortOperator(plan, std::make_unique<FeedOp>(feed));
    RETURN_IF_ERROR(sort->Open(rt));
    ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> values, SpillFile::Create());
    const std::vector<sql::SortKey> partition_order(p);  // ascending
    std::unique_ptr<SpilledPartition> part;
    Row part_key;
    auto finish = [&]() -> Status {
      if (part == nullptr) return Status::OK();
      RETURN_IF_ERROR(ComputePartition(call, *part, rt));
      disk_bytes_ += part->disk_bytes();
      partitions_++;
      part.reset();
      return Status::OK();
    };
    Chunk sorted;
    while (true) {
      ASSIGN_OR_RETURN(bool more, sort->Next(rt, &sorted));
      if (!more) break;
      for (Row& row : sorted.rows) {
        Row key(std::make_move_iterator(row.begin()), std::make_move_iterator(row.begin() + p));
        if (part != nullptr && CompareSortKeys(part_key, key, partition_order) != 0) {
          RETURN_IF_ERROR(finish());
        }
        if (part == nullptr) {
          part = std::make_unique<SpilledPartition>(static_cast<size_t>(rt.ctx->work_mem),
                                                    values.get());
          part_key = std::move(key);
        }
        Row order(std::make_move_iterator(row.begin() + p),
                  std::make_move_iterator(row.begin() + p + k));
        int64_t at = row[p + k].int_value();
        Row rest(std::make_move_iterator(row.begin() + p + k + 1),
                 std::make_move_iterator(row.end()));
        RETURN_IF_ERROR(part->Add(std::move(order), at, std::move(rest)));
      }
    }
    RETURN_IF_ERROR(finish());
    return values;
  }

  // The input rows in order, each with its values from every call.
  Result<bool> NextSpilled(Runtime& rt, Chunk* out) {
    ASSIGN_OR_RETURN(bool more, ReadChunk(*input_, rt, out));
    if (!more) return false;
    for (Row& row : out->rows) {
      for (Results& r : results_) {
        if (r.next >= r.chunk.rows.size()) {
          ASSIGN_OR_RETURN(bool have, r.sort->Next(rt, &r.chunk));
          r.next = 0;
          if (!have) return Status::Internal("window values ended before the rows");
        }
        Row& value = r.chunk.rows[r.next++];
        if (value[0].int_value() != static_cast<int64_t>(next_)) {
          return Status::Internal("window values out of step with the rows");
        }
        row.push_back(std::move(value[1]));
      }
      next_++;
    }
    return true;
  }

  struct Results {
    std::unique_ptr<SpillFile> file;  // read by `sort`
    std::unique_ptr<Operator> sort;   // (input position, value) in input order
    Chunk chunk;
    size_t next;
  };

  const sql::PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;
  size_t next_ = 0;
  std::unique_ptr<SpillFile> input_;                        // spilled: the input rows in order
  std::vector<std::unique_ptr<sql::PlanNode>> sort_plans_;  // read by the results' sorts
  std::vector<Results> results_;                            // by call
  size_t partitions_ = 0;
  size_t disk_bytes_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeWindowOperator(const sql::PlanNode& plan,
                                             std::unique_ptr<Operator> child) {
  return std::make_unique<WindowOp>(plan, std::move(child));
}

}  // namespace komodo::exec
