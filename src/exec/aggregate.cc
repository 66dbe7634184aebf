#include "exec/aggregate.h"

#include <cmath>

#include "common/macros.h"
#include "types/compare.h"

namespace komodo::exec {

namespace {

bool IsIntegerType(TypeId t) {
  return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Status Accumulate(const sql::AggregateCall& call, const Row& row, Runtime& rt,
                  AggregateState* st) {
  if (call.filter != nullptr) {
    ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*call.filter, row, rt));
    if (!pass) return Status::OK();
  }
  if (call.star) {
    st->count++;
    return Status::OK();
  }
  ASSIGN_OR_RETURN(Value v, Evaluate(*call.args[0], row, rt));
  if (v.is_null()) return Status::OK();
  if (call.distinct) {
    if (st->seen == nullptr) {
      st->seen = std::make_unique<std::unordered_set<Value, ValueHasher, ValueEquals>>();
    }
    if (!st->seen->insert(v).second) return Status::OK();
  }
  st->count++;
  const std::string& name = call.name;
  if (name == "count") return Status::OK();
  if (name == "sum" || name == "avg") {
    if (IsIntegerType(v.type())) {
      st->int_sum += v.int_value();
    } else {
      st->sum += v.float_value();
    }
    return Status::OK();
  }
  if (name == "min" || name == "max") {
    if (st->best.is_null() || (CompareValues(v, st->best) < 0) == (name == "min")) {
      if (st->best.is_null() || CompareValues(v, st->best) != 0) st->best = std::move(v);
    }
    return Status::OK();
  }
  if (name == "bool_and" || name == "every") {
    st->flag = st->count == 1 ? v.bool_value() : st->flag && v.bool_value();
    return Status::OK();
  }
  if (name == "bool_or") {
    st->flag = st->flag || v.bool_value();
    return Status::OK();
  }
  if (name == "string_agg") {
    ASSIGN_OR_RETURN(Value sep, Evaluate(*call.args[1], row, rt));
    if (st->count > 1 && !sep.is_null()) st->text += sep.string_value();
    st->text += v.string_value();
    return Status::OK();
  }
  // variance and stddev (Welford's method).
  double x = IsIntegerType(v.type()) ? static_cast<double>(v.int_value()) : v.float_value();
  double delta = x - st->mean;
  st->mean += delta / static_cast<double>(st->count);
  st->m2 += delta * (x - st->mean);
  return Status::OK();
}

Result<Value> Finalize(const sql::AggregateCall& call, const AggregateState& st) {
  const std::string& name = call.name;
  if (name == "count") return Value::Int8(st.count);
  if (st.count == 0) return Value::Null(call.type);
  if (name == "sum") {
    if (IsIntegerType(call.input)) {
      if (call.type == TypeId::kInt8) {
        if (st.int_sum > INT64_MAX || st.int_sum < INT64_MIN) {
          return Status::OutOfRange("bigint out of range");
        }
        return Value::Int8(static_cast<int64_t>(st.int_sum));
      }
      return Value::Float8(static_cast<double>(st.int_sum));
    }
    if (call.type == TypeId::kFloat4) return Value::Float4(static_cast<float>(st.sum));
    return Value::Float8(st.sum);
  }
  if (name == "avg") {
    double total = IsIntegerType(call.input) ? static_cast<double>(st.int_sum) : st.sum;
    return Value::Float8(total / static_cast<double>(st.count));
  }
  if (name == "min" || name == "max") return st.best;
  if (name == "bool_and" || name == "bool_or" || name == "every") return Value::Bool(st.flag);
  if (name == "string_agg") {
    return call.type == TypeId::kBytea ? Value::Bytea(st.text) : Value::Text(st.text);
  }
  bool pop = name == "stddev_pop" || name == "var_pop";
  if (!pop && st.count < 2) return Value::Null(call.type);
  double variance = st.m2 / static_cast<double>(pop ? st.count : st.count - 1);
  if (StartsWith(name, "stddev")) return Value::Float8(std::sqrt(variance));
  return Value::Float8(variance);
}

}  // namespace komodo::exec
