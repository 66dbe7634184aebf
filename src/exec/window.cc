// The window operator: for each window call, the input rows are ordered by (PARTITION BY,
// ORDER BY) and each row gets the call's value over its partition and frame. Rows leave in their
// input order with one more column per call.
#include "exec/window.h"

#include <algorithm>
#include <numeric>

#include "common/macros.h"
#include "exec/aggregate.h"
#include "exec/executor.h"
#include "exec/sort_keys.h"
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
    if ((i & 1023) == 1023) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
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

class WindowOp : public Operator {
 public:
  WindowOp(const sql::PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}

  Status Open(Runtime& rt) override {
    rows_.clear();
    next_ = 0;
    RETURN_IF_ERROR(child_->Open(rt));
    Chunk in;
    while (true) {
      ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in));
      if (!more) break;
      for (Row& r : in.rows) rows_.push_back(std::move(r));
    }
    for (const WindowCall& call : plan_.windows) {
      std::vector<Value> values(rows_.size());
      RETURN_IF_ERROR(Compute(call, rt, &values));
      for (size_t i = 0; i < rows_.size(); i++) rows_[i].push_back(std::move(values[i]));
    }
    return Status::OK();
  }

  Result<bool> Next(Runtime&, Chunk* out) override {
    out->rows.clear();
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

  const sql::PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeWindowOperator(const sql::PlanNode& plan,
                                             std::unique_ptr<Operator> child) {
  return std::make_unique<WindowOp>(plan, std::move(child));
}

}  // namespace komodo::exec
