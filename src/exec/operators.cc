#include "exec/operators.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "common/macros.h"
#include "exec/aggregate.h"
#include "exec/executor.h"
#include "exec/join.h"
#include "exec/jsonb_functions.h"
#include "exec/lateral_join.h"
#include "exec/recursive.h"
#include "exec/regex_functions.h"
#include "exec/set_ops.h"
#include "exec/sort_aggregate.h"
#include "exec/sort_keys.h"
#include "exec/window.h"
#include "types/compare.h"

namespace komodo::exec {

using sql::PlanNode;

namespace {

// --- leaves -------------------------------------------------------------------------------------

class ScanOp : public Operator {
 public:
  explicit ScanOp(const PlanNode& plan) : plan_(plan) {}
  Status Open(Runtime& rt) override {
    const catalog::TableDef& t = *plan_.table;
    ASSIGN_OR_RETURN(sql::KeyRange range, sql::ComputeKeyRange(t, plan_.path, rt));
    rows_.reset();
    if (range.empty) return Status::OK();
    const catalog::IndexDef* index = plan_.path.index;
    rows_ = index == nullptr || index->primary
                ? rt.ctx->tables.ScanPrimary(rt.ctx->txn, t, range.lower, range.upper,
                                             plan_.read_columns)
                : rt.ctx->tables.ScanIndex(rt.ctx->txn, t, *index, range.lower, range.upper,
                                           plan_.read_columns);
    return Status::OK();
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
    while (rows_ != nullptr && out->rows.size() < kBatchSize) {
      if ((++scanned_ & 1023) == 0) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
      ASSIGN_OR_RETURN(bool more, rows_->Next());
      if (!more) {
        rows_.reset();
        break;
      }
      if (plan_.predicate != nullptr) {
        ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*plan_.predicate, rows_->row(), rt));
        if (!pass) continue;
      }
      if (plan_.lock_rows) {
        // FOR UPDATE: lock the row and go on with its latest version, if it still qualifies
        // (READ COMMITTED, as PostgreSQL re-checks an updated row).
        ASSIGN_OR_RETURN(std::optional<Row> latest,
                         rt.ctx->tables.LockRow(rt.ctx->txn, *plan_.table, rows_->key()));
        if (!latest) continue;
        if (*latest != rows_->row()) {
          if (rt.ctx->repeatable_read) {
            return Status::SerializationFailure(
                "could not serialize access due to concurrent update");
          }
          if (plan_.predicate != nullptr) {
            ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*plan_.predicate, *latest, rt));
            if (!pass) continue;
          }
        }
        out->rows.push_back(std::move(*latest));
        if (plan_.emit_key) out->rows.back().push_back(Value::Bytea(rows_->key()));
        continue;
      }
      out->rows.push_back(rows_->TakeRow());
      if (plan_.emit_key) out->rows.back().push_back(Value::Bytea(rows_->key()));
    }
    return !out->rows.empty();
  }

 private:
  const PlanNode& plan_;
  std::unique_ptr<table::RowIterator> rows_;
  uint64_t scanned_ = 0;  // rows read, filtered or not
};

class ValuesOp : public Operator {
 public:
  explicit ValuesOp(const PlanNode& plan) : plan_(plan) {}
  Status Open(Runtime&) override {
    next_ = 0;
    return Status::OK();
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    size_t n = plan_.width == 0 ? 1 : plan_.exprs.size() / plan_.width;
    static const Row kNoRow;
    while (next_ < n && out->rows.size() < kBatchSize) {
      Row row;
      for (size_t c = 0; c < plan_.width; c++) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*plan_.exprs[next_ * plan_.width + c], kNoRow, rt));
        row.push_back(std::move(v));
      }
      out->rows.push_back(std::move(row));
      next_++;
    }
    return !out->rows.empty();
  }

 private:
  const PlanNode& plan_;
  size_t next_ = 0;
};

// A function in FROM, by plan_.function: generate_series over integers, unnest(array), or a
// set-returning jsonb function (exec/jsonb_functions.h). The arguments are evaluated when the
// scan opens; WITH ORDINALITY (generate_series and unnest) appends the row's number.
// The rows of unnest(array) [WITH ORDINALITY], a set-returning regular-expression function or a
// set-returning jsonb function, over its evaluated arguments.
Result<std::vector<Row>> FunctionRows(const PlanNode& plan, std::vector<Value>& args) {
  std::vector<Value> values;
  if (plan.function == "unnest") {
    if (!args[0].is_null()) values = args[0].array_value();
  } else if (IsRegexSetReturning(plan.function)) {
    for (const Value& a : args) {
      if (a.is_null()) return std::vector<Row>();  // strict: no rows
    }
    ASSIGN_OR_RETURN(values, RegexSetReturningRows(plan.function, args));
  } else {
    return JsonbSetReturningRows(plan.function, args[0]);
  }
  std::vector<Row> rows;
  int64_t ordinal = 0;
  for (Value& v : values) {
    Row row{std::move(v)};
    if (plan.ordinality) row.push_back(Value::Int8(++ordinal));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<Value>> EvaluateAll(const std::vector<sql::BoundExprPtr>& exprs, const Row& row,
                                       Runtime& rt) {
  std::vector<Value> out;
  for (const auto& e : exprs) {
    ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
    out.push_back(std::move(v));
  }
  return out;
}

class SeriesOp : public Operator {
 public:
  explicit SeriesOp(const PlanNode& plan)
      : plan_(plan),
        unnest_(plan.function == "unnest"),
        all_at_once_(!unnest_ && plan.function != "generate_series") {}
  Status Open(Runtime& rt) override {
    done_ = true;
    ordinal_ = 0;
    if (all_at_once_) {  // a jsonb or regular-expression function: all rows at once
      ASSIGN_OR_RETURN(std::vector<Value> args, EvaluateAll(plan_.exprs, {}, rt));
      ASSIGN_OR_RETURN(rows_, FunctionRows(plan_, args));
      next_ = 0;
      done_ = rows_.empty();
      return Status::OK();
    }
    std::vector<Value> v;
    for (const auto& e : plan_.exprs) {
      ASSIGN_OR_RETURN(Value x, Evaluate(*e, {}, rt));
      if (x.is_null()) return Status::OK();  // a NULL bound or array: no rows
      v.push_back(std::move(x));
    }
    if (unnest_) {
      array_ = std::move(v[0]);
      next_ = 0;
      stop_ = static_cast<int64_t>(array_.array_value().size()) - 1;
      step_ = 1;
      done_ = false;
      return Status::OK();
    }
    next_ = v[0].int_value();
    stop_ = v[1].int_value();
    step_ = v.size() > 2 ? v[2].int_value() : 1;
    if (step_ == 0) return Status::InvalidParameter("step size cannot equal zero");
    done_ = false;
    return Status::OK();
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    if (rt.ctx != nullptr) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
    if (all_at_once_) {
      while (!done_ && out->rows.size() < kBatchSize) {
        out->rows.push_back(std::move(rows_[next_++]));
        done_ = next_ >= static_cast<int64_t>(rows_.size());
      }
      return !out->rows.empty();
    }
    TypeId type = plan_.columns[0].type;
    while (!done_ && out->rows.size() < kBatchSize) {
      if (step_ > 0 ? next_ > stop_ : next_ < stop_) {
        done_ = true;
        break;
      }
      Row row;
      if (unnest_) {
        row.push_back(array_.array_value()[next_]);
      } else {
        row.push_back(type == TypeId::kInt8 ? Value::Int8(next_)
                                            : Value::Int4(static_cast<int32_t>(next_)));
      }
      if (plan_.ordinality) row.push_back(Value::Int8(++ordinal_));
      out->rows.push_back(std::move(row));
      if (__builtin_add_overflow(next_, step_, &next_)) done_ = true;
    }
    return !out->rows.empty();
  }

 private:
  const PlanNode& plan_;
  const bool unnest_, all_at_once_;
  int64_t next_ = 0, stop_ = 0, step_ = 1, ordinal_ = 0;
  Value array_;  // unnest's array
  bool done_ = true;
  std::vector<Row> rows_;  // an all-at-once function's rows
};

// --- row at a time over a child -----------------------------------------------------------------

// The values of one set-returning call of a ProjectSet (planner.cc: SetReturningCall) over
// `row`: unnest, generate_subscripts, generate_series, a one-column jsonb function, or a field
// of _pg_expandarray.
Result<std::vector<Value>> ProjectSetValues(const sql::BoundExpr& call, const Row& row,
                                            Runtime& rt) {
  std::vector<Value> args;
  for (const auto& a : call.args) {
    ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, rt));
    args.push_back(std::move(v));
  }
  std::vector<Value> out;
  for (const Value& a : args) {
    if (a.is_null() &&
        !(call.name == "generate_subscripts" && &a == &args.back() && args.size() == 3)) {
      return out;  // a NULL array or bound: no rows
    }
  }
  const std::string& name = call.name;
  if (IsRegexSetReturning(name)) return RegexSetReturningRows(name, args);
  if (name == "unnest" || name == "_pg_expandarray.x") return args[0].array_value();
  if (name == "_pg_expandarray.n" || name == "_pg_expandarray") {
    const std::vector<Value>& elements = args[0].array_value();
    for (size_t i = 0; i < elements.size(); i++) {
      Value n = Value::Int4(static_cast<int32_t>(i + 1));
      if (name == "_pg_expandarray.n") {
        out.push_back(n);
      } else {
        out.push_back(Value::Array(call.type, {elements[i], n}));
      }
    }
    return out;
  }
  if (name == "generate_subscripts") {
    // Only the first dimension exists; int2vector counts from 0.
    if (args[1].int_value() != 1) return out;
    int32_t lower = args[0].type() == TypeId::kInt2Vector ? 0 : 1;
    auto n = static_cast<int32_t>(args[0].array_value().size());
    bool reverse = args.size() == 3 && !args[2].is_null() && args[2].bool_value();
    for (int32_t i = 0; i < n; i++)
      out.push_back(Value::Int4(reverse ? lower + n - 1 - i : lower + i));
    return out;
  }
  if (name == "generate_series") {
    int64_t next = args[0].int_value(), stop = args[1].int_value();
    int64_t step = args.size() > 2 ? args[2].int_value() : 1;
    if (step == 0) return Status::InvalidParameter("step size cannot equal zero");
    while (step > 0 ? next <= stop : next >= stop) {
      if (rt.ctx != nullptr && out.size() % 4096 == 0) RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
      out.push_back(call.type == TypeId::kInt8 ? Value::Int8(next)
                                               : Value::Int4(static_cast<int32_t>(next)));
      if (__builtin_add_overflow(next, step, &next)) break;
    }
    return out;
  }
  ASSIGN_OR_RETURN(std::vector<Row> rows, JsonbSetReturningRows(name, args[0]));
  for (Row& r : rows) out.push_back(std::move(r[0]));
  return out;
}

// unnest or a set-returning jsonb function after other FROM items (an implicit LATERAL), or in
// the select list: for each row of the child, the function over that row, each of its rows
// appended to the child's row.
class LateralFunctionOp : public Operator {
 public:
  LateralFunctionOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}
  Status Open(Runtime& rt) override {
    in_.rows.clear();
    pos_ = 0;
    done_ = false;
    return child_->Open(rt);
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.size() < kBatchSize) {
      if (pos_ >= in_.rows.size()) {
        if (done_) break;
        ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in_));
        pos_ = 0;
        if (!more) {
          in_.rows.clear();
          done_ = true;
        }
        continue;
      }
      const Row& left = in_.rows[pos_++];
      if (plan_.function == "project_set") {
        std::vector<std::vector<Value>> columns;
        size_t n = 0;
        for (const auto& call : plan_.exprs) {
          ASSIGN_OR_RETURN(std::vector<Value> values, ProjectSetValues(*call, left, rt));
          n = std::max(n, values.size());
          columns.push_back(std::move(values));
        }
        for (size_t i = 0; i < n; i++) {
          Row combined = left;
          for (size_t c = 0; c < columns.size(); c++) {
            combined.push_back(i < columns[c].size() ? columns[c][i]
                                                     : Value::Null(plan_.exprs[c]->type));
          }
          out->rows.push_back(std::move(combined));
        }
        continue;
      }
      ASSIGN_OR_RETURN(std::vector<Value> args, EvaluateAll(plan_.exprs, left, rt));
      ASSIGN_OR_RETURN(std::vector<Row> rows, FunctionRows(plan_, args));
      for (Row& r : rows) {
        Row combined = left;
        for (Value& v : r) combined.push_back(std::move(v));
        out->rows.push_back(std::move(combined));
      }
    }
    return !out->rows.empty();
  }

 private:
  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  Chunk in_;
  size_t pos_ = 0;
  bool done_ = false;
};

class FilterOp : public Operator {
 public:
  FilterOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}
  Status Open(Runtime& rt) override { return child_->Open(rt); }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.empty()) {
      ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in_));
      if (!more) return false;
      for (Row& row : in_.rows) {
        ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*plan_.predicate, row, rt));
        if (pass) out->rows.push_back(std::move(row));
      }
    }
    return true;
  }

 private:
  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  Chunk in_;
};

class ProjectOp : public Operator {
 public:
  ProjectOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}
  Status Open(Runtime& rt) override { return child_->Open(rt); }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in_));
    if (!more) return false;
    out->rows.reserve(in_.rows.size());
    for (const Row& row : in_.rows) {
      Row o;
      o.reserve(plan_.exprs.size());
      for (const auto& e : plan_.exprs) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
        o.push_back(std::move(v));
      }
      out->rows.push_back(std::move(o));
    }
    return true;
  }

 private:
  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  Chunk in_;
};

Status Drain(Operator& op, Runtime& rt, std::vector<Row>* out) {
  RETURN_IF_ERROR(op.Open(rt));
  Chunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, op.Next(rt, &chunk));
    if (!more) return Status::OK();
    for (Row& r : chunk.rows) out->push_back(std::move(r));
  }
}

// --- limit (aggregate, sort: sort_aggregate.cc; distinct, set operations: set_ops.cc)
// -----------------------------------------

class LimitOp : public Operator {
 public:
  LimitOp(const PlanNode& plan, std::unique_ptr<Operator> child)
      : plan_(plan), child_(std::move(child)) {}
  Status Open(Runtime& rt) override {
    ASSIGN_OR_RETURN(limit_, Count(plan_.limit_expr.get(), rt, "LIMIT", "2201W"));
    ASSIGN_OR_RETURN(skip_, Count(plan_.offset_expr.get(), rt, "OFFSET", "2201X"));
    if (skip_ < 0) skip_ = 0;
    return child_->Open(rt);
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    out->rows.clear();
    while (out->rows.empty() && limit_ != 0) {
      ASSIGN_OR_RETURN(bool more, child_->Next(rt, &in_));
      if (!more) return false;
      for (Row& row : in_.rows) {
        if (skip_ > 0) {
          skip_--;
          continue;
        }
        if (limit_ == 0) break;
        out->rows.push_back(std::move(row));
        if (limit_ > 0) limit_--;
      }
    }
    return !out->rows.empty();
  }

 private:
  static Result<int64_t> Count(const sql::BoundExpr* e, Runtime& rt, const char* what,
                               const char* sqlstate) {
    if (e == nullptr) return int64_t{-1};
    ASSIGN_OR_RETURN(Value v, Evaluate(*e, {}, rt));
    if (v.is_null()) return int64_t{-1};
    ASSIGN_OR_RETURN(Value n, AssignCast(v, TypeId::kInt8, -1));
    if (n.int_value() < 0) return Status(sqlstate, std::string(what) + " must not be negative");
    return n.int_value();
  }

  const PlanNode& plan_;
  std::unique_ptr<Operator> child_;
  Chunk in_;
  int64_t limit_ = -1, skip_ = 0;
};

// Wraps an operator to count its rows and time (EXPLAIN ANALYZE).
class Instrumented : public Operator {
 public:
  explicit Instrumented(std::unique_ptr<Operator> op) : op_(std::move(op)) {}
  Status Open(Runtime& rt) override {
    auto start = std::chrono::steady_clock::now();
    Status s = op_->Open(rt);
    millis += Since(start);
    details = op_->details;
    return s;
  }
  Result<bool> Next(Runtime& rt, Chunk* out) override {
    auto start = std::chrono::steady_clock::now();
    Result<bool> r = op_->Next(rt, out);
    millis += Since(start);
    if (r.ok() && *r) rows_out += out->rows.size();
    details = op_->details;
    return r;
  }

 private:
  static double Since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  }
  std::unique_ptr<Operator> op_;
};

using Registry = std::map<const PlanNode*, Operator*>;

std::unique_ptr<Operator> Build(const PlanNode& plan, Registry* registry) {
  std::vector<std::unique_ptr<Operator>> kids;
  for (const auto& c : plan.children) kids.push_back(Build(*c, registry));
  std::unique_ptr<Operator> op;
  switch (plan.kind) {
    case PlanNode::Kind::kScan:
      op = std::make_unique<ScanOp>(plan);
      break;
    case PlanNode::Kind::kValues:
      op = std::make_unique<ValuesOp>(plan);
      break;
    case PlanNode::Kind::kSeries:
      if (!kids.empty()) {
        op = std::make_unique<LateralFunctionOp>(plan, std::move(kids[0]));
      } else {
        op = std::make_unique<SeriesOp>(plan);
      }
      break;
    case PlanNode::Kind::kWindow:
      op = MakeWindowOperator(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kFilter:
      op = std::make_unique<FilterOp>(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kProject:
      op = std::make_unique<ProjectOp>(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kJoin:
      if (plan.lateral) {
        op = MakeLateralJoin(plan, std::move(kids[0]), std::move(kids[1]));
        break;
      }
      op = MakeJoinOperator(plan, std::move(kids[0]), std::move(kids[1]));
      break;
    case PlanNode::Kind::kAggregate:
      op = MakeAggregateOperator(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kSort:
      op = MakeSortOperator(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kLimit:
      op = std::make_unique<LimitOp>(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kDistinct:
      op = MakeDistinctOperator(plan, std::move(kids[0]));
      break;
    case PlanNode::Kind::kSetOp:
      op = MakeSetOperator(plan, std::move(kids[0]), std::move(kids[1]));
      break;
    case PlanNode::Kind::kRecursiveUnion:
      op = MakeRecursiveUnion(plan, std::move(kids[0]), std::move(kids[1]));
      break;
    case PlanNode::Kind::kWorkTableScan:
      op = MakeWorkTableScan(plan);
      break;
  }
  if (registry == nullptr) return op;
  auto wrapped = std::make_unique<Instrumented>(std::move(op));
  (*registry)[&plan] = wrapped.get();
  return wrapped;
}

}  // namespace

std::unique_ptr<Operator> BuildOperator(const PlanNode& plan) { return Build(plan, nullptr); }

bool EmitBatch(std::vector<Row>& rows, size_t* next, Chunk* out) {
  out->rows.clear();
  while (*next < rows.size() && out->rows.size() < kBatchSize) {
    out->rows.push_back(std::move(rows[(*next)++]));
  }
  return !out->rows.empty();
}

Result<std::vector<Row>> RunPlan(const PlanNode& plan, Runtime& rt) {
  std::unique_ptr<Operator> op = BuildOperator(plan);
  std::vector<Row> rows;
  RETURN_IF_ERROR(Drain(*op, rt, &rows));
  return rows;
}

Result<std::vector<std::string>> ExplainAnalyze(const PlanNode& plan, Runtime& rt) {
  Registry registry;
  std::unique_ptr<Operator> op = Build(plan, &registry);
  std::vector<Row> rows;
  auto start = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(Drain(*op, rt, &rows));
  double total =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::vector<std::string> lines = sql::ExplainPlan(plan, [&](const PlanNode& node) {
    const Operator* o = registry.at(&node);
    char buf[96];
    snprintf(buf, sizeof(buf), " (actual time=%.3f rows=%zu)", o->millis, o->rows_out);
    return sql::Annotation{buf, o->details};
  });
  char buf[64];
  snprintf(buf, sizeof(buf), "Execution Time: %.3f ms", total);
  lines.push_back(buf);
  return lines;
}

}  // namespace komodo::exec
