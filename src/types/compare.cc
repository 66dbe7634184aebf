#include "types/compare.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "common/macros.h"
#include "komodo/numeric.h"
#include "types/array.h"
#include "types/datetime.h"
#include "types/interval.h"
#include "types/jsonb.h"

namespace komodo {
namespace {

bool IsInteger(TypeId t) { return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8; }
bool IsFloat(TypeId t) { return t == TypeId::kFloat4 || t == TypeId::kFloat8; }
bool IsDecimal(TypeId t) { return t == TypeId::kNumeric; }
bool IsNumeric(TypeId t) { return IsInteger(t) || IsFloat(t) || IsDecimal(t); }
bool IsString(TypeId t) {
  return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kBpchar;
}

// character(n) compares and converts without its trailing blanks, as PostgreSQL's bpchar does.
std::string_view WithoutPadding(const Value& v) {
  std::string_view s = v.string_value();
  if (v.type() != TypeId::kBpchar) return s;
  size_t end = s.find_last_not_of(' ');
  return end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
}

Value StringOfType(TypeId type, std::string s) {
  return type == TypeId::kText      ? Value::Text(std::move(s))
         : type == TypeId::kVarchar ? Value::Varchar(std::move(s))
                                    : Value::Bpchar(std::move(s));
}
bool IsDateTime(TypeId t) {
  return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
}

// Width rank of an integer type: int2 < int4 < int8.
int IntRank(TypeId t) { return t == TypeId::kInt2 ? 0 : t == TypeId::kInt4 ? 1 : 2; }

Result<Value> IntToInt(int64_t v, TypeId target) {
  switch (target) {
    case TypeId::kInt2:
      if (v < INT16_MIN || v > INT16_MAX) return Status::OutOfRange("smallint out of range");
      return Value::Int2(static_cast<int16_t>(v));
    case TypeId::kInt4:
      if (v < INT32_MIN || v > INT32_MAX) return Status::OutOfRange("integer out of range");
      return Value::Int4(static_cast<int32_t>(v));
    default:
      return Value::Int8(v);
  }
}

// dtoi2/dtoi4/dtoi8 (and the float4 versions, which agree since a float is exact as a double):
// round half to even, then require -2^(n-1) <= r < 2^(n-1). NaN fails every comparison.
Result<Value> FloatToInt(double v, TypeId target) {
  double r = std::rint(v);
  switch (target) {
    case TypeId::kInt2:
      if (!(r >= -32768.0 && r < 32768.0)) return Status::OutOfRange("smallint out of range");
      return Value::Int2(static_cast<int16_t>(r));
    case TypeId::kInt4:
      if (!(r >= -2147483648.0 && r < 2147483648.0)) {
        return Status::OutOfRange("integer out of range");
      }
      return Value::Int4(static_cast<int32_t>(r));
    default:
      if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
        return Status::OutOfRange("bigint out of range");
      }
      return Value::Int8(static_cast<int64_t>(r));
  }
}

// dtof: overflow to infinity and underflow to zero are errors; infinities and NaN pass.
Result<Value> Float8ToFloat4(double v) {
  float f = static_cast<float>(v);
  if (std::isinf(f) && !std::isinf(v)) return Status::OutOfRange("value out of range: overflow");
  if (f == 0.0f && v != 0.0) return Status::OutOfRange("value out of range: underflow");
  return Value::Float4(f);
}

double AsDouble(const Value& v) {
  return IsInteger(v.type()) ? static_cast<double>(v.int_value()) : v.float_value();
}

// A numeric, integer or float value as a numeric (for comparison).
Numeric AsNumeric(const Value& v) {
  if (IsDecimal(v.type())) return v.numeric_value();
  return Numeric::FromInt64(v.int_value());
}

// A numeric, integer or float value as a double; a numeric beyond a double's range compares as
// the infinity (or zero) it overflows to.
double NumericAsDouble(const Value& v) {
  if (!IsDecimal(v.type())) return AsDouble(v);
  const Numeric& n = v.numeric_value();
  if (n.is_nan()) return std::nan("");
  if (n.is_infinite()) return n.is_negative() ? -HUGE_VAL : HUGE_VAL;
  Result<double> d = n.ToDouble();
  if (d.ok()) return *d;
  // Out of range: overflow if the weight is large, else underflow.
  if (n.weight() > 0) return n.is_negative() ? -HUGE_VAL : HUGE_VAL;
  return n.is_negative() ? -0.0 : 0.0;
}

int CompareFloats(double x, double y) {
  if (std::isnan(x)) return std::isnan(y) ? 0 : 1;
  if (std::isnan(y)) return -1;
  return x < y ? -1 : (x > y ? 1 : 0);
}

template <typename T>
int Sign(const T& x, const T& y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

// jsonb -> boolean, numeric, integers and floats (jsonb_bool, jsonb_numeric, jsonb_int4, ...):
// the document must be a scalar of the matching JSON type.
Result<Value> CastFromJsonb(const Value& v, TypeId target) {
  ASSIGN_OR_RETURN(jsonb::JValue j, jsonb::Decode(v.string_value()));
  using Kind = jsonb::JValue::Kind;
  Kind want = target == TypeId::kBool ? Kind::kBool : Kind::kNumber;
  if (j.kind != want) {
    static const char* kNames[] = {"null", "string", "numeric", "boolean", "array", "object"};
    return Status::InvalidParameter(fmt::format(
        "cannot cast jsonb {} to type {}", kNames[static_cast<int>(j.kind)], TypeName(target)));
  }
  if (want == Kind::kBool) return Value::Bool(j.b);
  return CastValue(Value::Numeric(std::move(j.num)), target);
}

}  // namespace

std::optional<CastContext> FindCast(TypeId source, TypeId target) {
  using enum CastContext;
  if (source == target || source == TypeId::kUnknown) return kImplicit;
  if (target == TypeId::kUnknown) return std::nullopt;
  if (IsString(source) && IsString(target)) return kImplicit;
  if (IsArrayType(source) && IsArrayType(target)) {
    // Array coercion: element by element, in the elements' cast's context.
    return FindCast(ArrayElementType(source), ArrayElementType(target));
  }
  if ((source == TypeId::kJson && target == TypeId::kJsonb) ||
      (source == TypeId::kJsonb && target == TypeId::kJson)) {
    return kAssignment;
  }
  if (source == TypeId::kJsonb && (IsNumeric(target) || target == TypeId::kBool)) return kExplicit;
  if (IsString(target)) return kAssignment;  // I/O conversion to a string type
  if (IsString(source)) return kExplicit;    // I/O conversion from a string type
  // pg_cast: int -> numeric implicit, numeric -> float implicit, numeric -> int and
  // float -> numeric assignment.
  if (IsInteger(source) && IsDecimal(target)) return kImplicit;
  if (IsDecimal(source) && IsFloat(target)) return kImplicit;
  if (IsDecimal(source) && IsInteger(target)) return kAssignment;
  if (IsFloat(source) && IsDecimal(target)) return kAssignment;
  if (IsInteger(source) && IsInteger(target)) {
    return IntRank(source) < IntRank(target) ? kImplicit : kAssignment;
  }
  if (IsInteger(source) && IsFloat(target)) return kImplicit;
  if (IsFloat(source) && IsInteger(target)) return kAssignment;
  if (IsFloat(source) && IsFloat(target)) {
    return source == TypeId::kFloat4 ? kImplicit : kAssignment;
  }
  if ((source == TypeId::kInt4 && target == TypeId::kBool) ||
      (source == TypeId::kBool && target == TypeId::kInt4)) {
    return kExplicit;
  }
  if (IsDateTime(source) && IsDateTime(target)) {
    // Widening (date -> timestamp -> timestamptz) is implicit; the rest is assignment.
    if (source == TypeId::kDate || target == TypeId::kTimestampTz) return kImplicit;
    return kAssignment;
  }
  // time: from timestamp(tz) by assignment; time -> interval implicitly.
  if (target == TypeId::kTime && (source == TypeId::kTimestamp || source == TypeId::kTimestampTz)) {
    return kAssignment;
  }
  if (source == TypeId::kTime && target == TypeId::kInterval) return kImplicit;
  if (source == TypeId::kInterval && target == TypeId::kTime) return kAssignment;
  return std::nullopt;
}

Result<Value> CastValue(const Value& v, TypeId target) {
  TypeId source = v.type();
  if (!FindCast(source, target).has_value()) {
    return Status("42846",
                  fmt::format("cannot cast type {} to {}", TypeName(source), TypeName(target)));
  }
  if (v.is_null()) return Value::Null(target);
  if (source == target) return v;
  if (source == TypeId::kUnknown || IsString(source)) {
    if (IsString(target)) {
      return StringOfType(
          target, source == TypeId::kUnknown ? v.string_value() : std::string(WithoutPadding(v)));
    }
    return Value::FromText(target, v.string_value());
  }
  if (source == TypeId::kJsonb && target != TypeId::kJson && !IsString(target)) {
    return CastFromJsonb(v, target);
  }
  if (source == TypeId::kJson || source == TypeId::kJsonb) {  // json <-> jsonb through the text
    return IsString(target) ? StringOfType(target, v.ToText())
                            : Value::FromText(target, v.ToText());
  }
  if (IsString(target)) {
    std::string text = source == TypeId::kBool ? (v.bool_value() ? "true" : "false") : v.ToText();
    return StringOfType(target, std::move(text));
  }
  if (IsArrayType(source) && IsArrayType(target)) {
    std::vector<Value> elements;
    elements.reserve(v.array_value().size());
    for (const Value& e : v.array_value()) {
      ASSIGN_OR_RETURN(Value c, CastValue(e, ArrayElementType(target)));
      elements.push_back(std::move(c));
    }
    return Value::Array(target, std::move(elements));
  }
  if (IsInteger(source) && IsDecimal(target))
    return Value::Numeric(Numeric::FromInt64(v.int_value()));
  if (IsFloat(source) && IsDecimal(target)) {
    // float4 -> numeric prints the float with FLT_DIG (6) digits; float8 with DBL_DIG (15).
    if (source == TypeId::kFloat4) {
      float f = static_cast<float>(v.float_value());
      if (std::isnan(f)) return Value::Numeric(Numeric::NaN());
      if (std::isinf(f))
        return Value::Numeric(f > 0 ? Numeric::Infinity() : Numeric::NegativeInfinity());
      ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(fmt::format("{:.6g}", f)));
      return Value::Numeric(std::move(n));
    }
    return Value::Numeric(Numeric::FromDouble(v.float_value()));
  }
  if (IsDecimal(source) && IsInteger(target)) {
    Result<int64_t> i = v.numeric_value().ToInt64();
    if (!i.ok()) {
      if (target == TypeId::kInt8) return i.status();
      // PostgreSQL names the target type ("integer out of range", "cannot convert NaN to
      // smallint").
      std::string msg = i.status().message();
      size_t at = msg.rfind("bigint");
      if (at != std::string::npos)
        msg.replace(at, 6, target == TypeId::kInt2 ? "smallint" : "integer");
      return Status(i.status().sqlstate(), msg);
    }
    return IntToInt(*i, target);
  }
  if (IsDecimal(source) && IsFloat(target)) {
    Result<double> d = v.numeric_value().ToDouble();
    if (!d.ok()) return d.status();
    if (target == TypeId::kFloat8) return Value::Float8(*d);
    return Float8ToFloat4(*d);
  }
  if (IsInteger(source) && IsInteger(target)) return IntToInt(v.int_value(), target);
  if (IsInteger(source) && target == TypeId::kFloat4) {
    return Value::Float4(static_cast<float>(v.int_value()));  // one rounding, as i8tof does
  }
  if (IsInteger(source) && target == TypeId::kFloat8) {
    return Value::Float8(static_cast<double>(v.int_value()));
  }
  if (IsFloat(source) && IsInteger(target)) return FloatToInt(v.float_value(), target);
  if (source == TypeId::kFloat4 && target == TypeId::kFloat8) {
    return Value::Float8(v.float_value());
  }
  if (source == TypeId::kFloat8 && target == TypeId::kFloat4) {
    return Float8ToFloat4(v.float_value());
  }
  if (source == TypeId::kInt4 && target == TypeId::kBool) return Value::Bool(v.int_value() != 0);
  if (source == TypeId::kBool && target == TypeId::kInt4) return Value::Int4(v.bool_value());
  if (target == TypeId::kTime) {
    if (source == TypeId::kInterval) {
      int64_t t = v.interval_value().micros % kMicrosPerDay;
      return Value::Time(t < 0 ? t + kMicrosPerDay : t);
    }
    int64_t t = v.int_value() % kMicrosPerDay;  // the session time zone is UTC
    return Value::Time(t < 0 ? t + kMicrosPerDay : t);
  }
  if (source == TypeId::kTime) return Value::Interval(Interval{0, 0, v.int_value()});
  if (source == TypeId::kDate) {
    Result<int64_t> micros = DateToTimestamp(static_cast<int32_t>(v.int_value()));
    if (!micros.ok()) return micros.status();
    return target == TypeId::kTimestamp ? Value::Timestamp(*micros) : Value::TimestampTz(*micros);
  }
  // timestamp <-> timestamptz and either -> date. The session time zone is UTC, so a local
  // timestamp and its UTC instant have the same microsecond count.
  if (target == TypeId::kDate) return Value::Date(TimestampToDate(v.int_value()));
  if (target == TypeId::kTimestamp) return Value::Timestamp(v.int_value());
  return Value::TimestampTz(v.int_value());
}

bool AreComparable(TypeId a, TypeId b) {
  if (IsArrayType(a) || IsArrayType(b)) return a == b;
  return a == b || (IsNumeric(a) && IsNumeric(b)) || (IsString(a) && IsString(b)) ||
         (IsDateTime(a) && IsDateTime(b));
}

int CompareValues(const Value& a, const Value& b) {
  TypeId ta = a.type(), tb = b.type();
  if (a.is_null() || b.is_null() || !AreComparable(ta, tb)) {
    // Outside the contract; any consistent order will do.
    if (ta != tb) return Sign(static_cast<uint32_t>(ta), static_cast<uint32_t>(tb));
    return Sign(!a.is_null(), !b.is_null());
  }
  if (IsInteger(ta) && IsInteger(tb)) return Sign(a.int_value(), b.int_value());
  if (IsDecimal(ta) || IsDecimal(tb)) {
    if (IsFloat(ta) || IsFloat(tb)) {  // numeric -> float8 implicitly: compare as float8
      return CompareFloats(NumericAsDouble(a), NumericAsDouble(b));
    }
    return Numeric::Compare(AsNumeric(a), AsNumeric(b));  // int -> numeric is exact
  }
  if (IsNumeric(ta)) return CompareFloats(AsDouble(a), AsDouble(b));
  if (IsDateTime(ta)) {
    if (ta == TypeId::kDate && tb != TypeId::kDate) {
      return CompareDateTimestamp(static_cast<int32_t>(a.int_value()), b.int_value());
    }
    if (tb == TypeId::kDate && ta != TypeId::kDate) {
      return -CompareDateTimestamp(static_cast<int32_t>(b.int_value()), a.int_value());
    }
    return Sign(a.int_value(), b.int_value());
  }
  if (ta == TypeId::kBool) return Sign(a.bool_value(), b.bool_value());
  if (ta == TypeId::kTime) return Sign(a.int_value(), b.int_value());
  if (ta == TypeId::kInterval) return CompareIntervals(a.interval_value(), b.interval_value());
  // A record compares field by field, as record_cmp does; its fields are held like elements.
  if (IsArrayType(ta) || ta == TypeId::kRecord) return CompareArrays(a, b);
  if (ta == TypeId::kJsonb) return jsonb::Compare(a.string_value(), b.string_value());
  // Strings, bytea, uuid: std::string compares bytes as unsigned char, i.e. memcmp order.
  int c = WithoutPadding(a).compare(WithoutPadding(b));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace komodo
