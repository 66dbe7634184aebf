#include "exec/aggregate.h"

#include <cmath>

#include "common/macros.h"
#include "exec/jsonb_functions.h"
#include "exec/sort_keys.h"
#include "types/compare.h"
#include "types/interval.h"

namespace komodo::exec {

namespace {

bool IsIntegerType(TypeId t) {
  return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

Numeric Int128ToNumeric(__int128 v) {
  if (v >= INT64_MIN && v <= INT64_MAX) return Numeric::FromInt64(static_cast<int64_t>(v));
  bool negative = v < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  while (m > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  return *Numeric::Parse((negative ? "-" : "") + digits);
}

Numeric AsNumeric(const Value& v) {
  return v.type() == TypeId::kNumeric ? v.numeric_value() : Numeric::FromInt64(v.int_value());
}

Value NumericValue(Numeric n) { return Value::Numeric(std::move(n)); }

// numeric_stddev_internal: (N * sum(x^2) - sum(x)^2) / (N * (N - 1)) (or N * N for the
// population forms) at select_div_scale, and its square root at that same scale.
Result<Value> NumericVariance(const AggregateState& st, bool pop, bool stddev) {
  const Numeric& sum = st.num_sum;
  const Numeric& sum2 = st.num_sum2;
  if (!sum.is_finite() || !sum2.is_finite()) return NumericValue(Numeric::NaN());
  Numeric n = Numeric::FromInt64(st.count);
  ASSIGN_OR_RETURN(Numeric sq, Numeric::Mul(sum, sum));
  ASSIGN_OR_RETURN(Numeric nsum2, Numeric::Mul(n, sum2));
  ASSIGN_OR_RETURN(Numeric num, Numeric::Sub(nsum2, sq));
  if (num.is_zero() || num.is_negative()) return NumericValue(Numeric());
  ASSIGN_OR_RETURN(Numeric den, Numeric::Mul(n, pop ? n : Numeric::FromInt64(st.count - 1)));
  ASSIGN_OR_RETURN(Numeric variance, Numeric::Div(num, den));
  if (!stddev) return NumericValue(std::move(variance));
  ASSIGN_OR_RETURN(Numeric root, variance.Sqrt());
  ASSIGN_OR_RETURN(Numeric rounded, root.Round(variance.dscale()));
  return NumericValue(std::move(rounded));
}

}  // namespace

namespace {

// What AccumulateInOrder does with a call, resolved from its name once per state rather than
// by string comparison for every row.
enum class Fn : uint8_t {
  kUnresolved,
  kArrayAgg,
  kJsonb,
  kCount,
  kSum,
  kMin,
  kMax,
  kBoolAnd,
  kBoolOr,
  kStringAgg,
  kVariance
};

Fn FnOf(const std::string& name) {
  if (name == "array_agg") return Fn::kArrayAgg;
  if (IsJsonbAggregate(name)) return Fn::kJsonb;
  if (name == "count") return Fn::kCount;
  if (name == "sum" || name == "avg") return Fn::kSum;
  if (name == "min") return Fn::kMin;
  if (name == "max") return Fn::kMax;
  if (name == "bool_and" || name == "every") return Fn::kBoolAnd;
  if (name == "bool_or") return Fn::kBoolOr;
  if (name == "string_agg") return Fn::kStringAgg;
  return Fn::kVariance;  // variance, var_pop, var_samp, stddev, stddev_pop, stddev_samp
}

// DISTINCT: whether `v` is new to the state.
bool FirstSeen(const Value& v, AggregateState* st) {
  if (st->seen == nullptr) {
    st->seen = std::make_unique<std::unordered_set<Value, ValueHasher, ValueEquals>>();
  }
  return st->seen->insert(v).second;
}

// Adds one input row (FILTER already applied).
Status AccumulateInOrder(const sql::AggregateCall& call, const Row& row, Runtime& rt,
                         AggregateState* st) {
  if (call.star) {
    st->count++;
    return Status::OK();
  }
  if (st->fn == 0) st->fn = static_cast<uint8_t>(FnOf(call.name));
  const Fn fn = static_cast<Fn>(st->fn);
  ASSIGN_OR_RETURN(Value v, Evaluate(*call.args[0], row, rt));
  if (fn == Fn::kArrayAgg) {  // keeps NULL inputs as NULL elements
    if (call.distinct && !FirstSeen(v, st)) return Status::OK();
    st->count++;
    st->elements.push_back(v.is_null() ? Value::Null(call.input) : std::move(v));
    return Status::OK();
  }
  if (fn == Fn::kJsonb) {  // NULL inputs count: they become JSON null
    Value v2;
    if (call.args.size() > 1) {
      ASSIGN_OR_RETURN(v2, Evaluate(*call.args[1], row, rt));
    }
    if (call.distinct && !FirstSeen(v, st)) return Status::OK();
    return AccumulateJsonb(call.name, v, v2, st);
  }
  if (v.is_null()) return Status::OK();
  if (call.distinct && !FirstSeen(v, st)) return Status::OK();
  st->count++;
  switch (fn) {
    case Fn::kCount:
      return Status::OK();
    case Fn::kSum:
      if (IsIntegerType(v.type())) {
        st->int_sum += v.int_value();
      } else if (v.type() == TypeId::kNumeric) {
        ASSIGN_OR_RETURN(st->num_sum, Numeric::Add(st->num_sum, v.numeric_value()));
      } else if (v.type() == TypeId::kInterval) {
        ASSIGN_OR_RETURN(st->interval_sum, IntervalAdd(st->interval_sum, v.interval_value()));
      } else {
        st->sum += v.float_value();
      }
      return Status::OK();
    case Fn::kMin:
    case Fn::kMax:
      if (st->best.is_null() || (CompareValues(v, st->best) < 0) == (fn == Fn::kMin)) {
        if (st->best.is_null() || CompareValues(v, st->best) != 0) st->best = std::move(v);
      }
      return Status::OK();
    case Fn::kBoolAnd:
      st->flag = st->count == 1 ? v.bool_value() : st->flag && v.bool_value();
      return Status::OK();
    case Fn::kBoolOr:
      st->flag = st->flag || v.bool_value();
      return Status::OK();
    case Fn::kStringAgg: {
      ASSIGN_OR_RETURN(Value sep, Evaluate(*call.args[1], row, rt));
      if (st->count > 1 && !sep.is_null()) st->text += sep.string_value();
      st->text += v.string_value();
      return Status::OK();
    }
    default:
      break;
  }
  // variance and stddev: exact sums for integers and numeric, Welford's method for floats.
  if (call.type == TypeId::kNumeric) {
    Numeric x = AsNumeric(v);
    ASSIGN_OR_RETURN(Numeric x2, Numeric::Mul(x, x));
    ASSIGN_OR_RETURN(st->num_sum, Numeric::Add(st->num_sum, x));
    ASSIGN_OR_RETURN(st->num_sum2, Numeric::Add(st->num_sum2, x2));
    return Status::OK();
  }
  double x = IsIntegerType(v.type()) ? static_cast<double>(v.int_value()) : v.float_value();
  double delta = x - st->mean;
  st->mean += delta / static_cast<double>(st->count);
  st->m2 += delta * (x - st->mean);
  return Status::OK();
}

}  // namespace

Status Accumulate(const sql::AggregateCall& call, const Row& row, Runtime& rt, AggregateState* st) {
  if (call.filter != nullptr) {
    ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*call.filter, row, rt));
    if (!pass) return Status::OK();
  }
  if (!call.order.empty()) {  // kept until Finalize sorts them
    Row keys;
    for (const sql::SortKey& k : call.order) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, row, rt));
      keys.push_back(std::move(v));
    }
    st->ordered.emplace_back(std::move(keys), row);
    return Status::OK();
  }
  return AccumulateInOrder(call, row, rt, st);
}

Result<Value> Finalize(const sql::AggregateCall& call, AggregateState& st, Runtime& rt) {
  if (!call.order.empty() && !st.ordered.empty()) {
    std::stable_sort(st.ordered.begin(), st.ordered.end(), [&](const auto& a, const auto& b) {
      return CompareSortKeys(a.first, b.first, call.order) < 0;
    });
    std::vector<std::pair<Row, Row>> rows = std::move(st.ordered);
    st.ordered.clear();
    for (const auto& [keys, row] : rows) RETURN_IF_ERROR(AccumulateInOrder(call, row, rt, &st));
  }
  const std::string& name = call.name;
  if (name == "count") return Value::Int8(st.count);
  if (IsJsonbAggregate(name)) return FinalizeJsonb(name, st);
  if (st.count == 0) return Value::Null(call.type);
  if (name == "sum") {
    if (IsIntegerType(call.input)) {
      if (call.type == TypeId::kInt8) {
        if (st.int_sum > INT64_MAX || st.int_sum < INT64_MIN) {
          return Status::OutOfRange("bigint out of range");
        }
        return Value::Int8(static_cast<int64_t>(st.int_sum));
      }
      return NumericValue(Int128ToNumeric(st.int_sum));
    }
    if (call.input == TypeId::kNumeric) return NumericValue(st.num_sum);
    if (call.input == TypeId::kInterval) return Value::Interval(st.interval_sum);
    if (call.type == TypeId::kFloat4) return Value::Float4(static_cast<float>(st.sum));
    return Value::Float8(st.sum);
  }
  if (name == "avg") {
    if (call.input == TypeId::kInterval) {  // interval_avg: the sum divided by the count
      ASSIGN_OR_RETURN(Interval avg, IntervalDiv(st.interval_sum, static_cast<double>(st.count)));
      return Value::Interval(avg);
    }
    if (call.type == TypeId::kNumeric) {
      Numeric total = IsIntegerType(call.input) ? Int128ToNumeric(st.int_sum) : st.num_sum;
      ASSIGN_OR_RETURN(Numeric avg, Numeric::Div(total, Numeric::FromInt64(st.count)));
      return NumericValue(std::move(avg));
    }
    double total = IsIntegerType(call.input) ? static_cast<double>(st.int_sum) : st.sum;
    return Value::Float8(total / static_cast<double>(st.count));
  }
  if (name == "min" || name == "max") return st.best;
  if (name == "array_agg") {
    if (call.distinct && call.order.empty()) {
      // PostgreSQL finds the distinct values by sorting them: they come out in order.
      std::stable_sort(st.elements.begin(), st.elements.end(), [](const Value& a, const Value& b) {
        if (a.is_null() || b.is_null()) return !a.is_null() && b.is_null();
        return CompareValues(a, b) < 0;
      });
    }
    return Value::Array(call.type, st.elements);
  }
  if (name == "bool_and" || name == "bool_or" || name == "every") return Value::Bool(st.flag);
  if (name == "string_agg") {
    return call.type == TypeId::kBytea ? Value::Bytea(st.text) : Value::Text(st.text);
  }
  bool pop = name == "stddev_pop" || name == "var_pop";
  if (!pop && st.count < 2) return Value::Null(call.type);
  if (call.type == TypeId::kNumeric) {
    return NumericVariance(st, pop, StartsWith(name, "stddev"));
  }
  double variance = st.m2 / static_cast<double>(pop ? st.count : st.count - 1);
  if (StartsWith(name, "stddev")) return Value::Float8(std::sqrt(variance));
  return Value::Float8(variance);
}

}  // namespace komodo::exec
