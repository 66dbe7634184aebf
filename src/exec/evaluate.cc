#include "exec/evaluate.h"

#include <cmath>
#include <limits>

#include "common/macros.h"
#include "types/compare.h"
#include "types/utf8.h"

namespace komodo::exec {

using sql::BoundExpr;

namespace {

Status IntegerOutOfRange(TypeId t) {
  return Status::OutOfRange(t == TypeId::kInt2   ? "smallint out of range"
                            : t == TypeId::kInt4 ? "integer out of range"
                                                 : "bigint out of range");
}

Result<Value> MakeInt(TypeId t, int64_t v) {
  switch (t) {
    case TypeId::kInt2:
      if (v < INT16_MIN || v > INT16_MAX) return IntegerOutOfRange(t);
      return Value::Int2(static_cast<int16_t>(v));
    case TypeId::kInt4:
      if (v < INT32_MIN || v > INT32_MAX) return IntegerOutOfRange(t);
      return Value::Int4(static_cast<int32_t>(v));
    default:
      return Value::Int8(v);
  }
}

double AsDouble(const Value& v) {
  return PhysicalTypeOf(v.type()) == PhysicalType::kFloat ? v.float_value()
                                                          : static_cast<double>(v.int_value());
}

Result<Value> Arith(const std::string& op, TypeId type, const Value& l, const Value& r) {
  if (PhysicalTypeOf(type) == PhysicalType::kInt) {
    int64_t a = l.int_value(), b = r.int_value(), out = 0;
    bool overflow = false;
    if (op == "+") {
      overflow = __builtin_add_overflow(a, b, &out);
    } else if (op == "-") {
      overflow = __builtin_sub_overflow(a, b, &out);
    } else if (op == "*") {
      overflow = __builtin_mul_overflow(a, b, &out);
    } else {
      if (b == 0) return Status::DivisionByZero();
      if (a == INT64_MIN && b == -1) {
        overflow = op == "/";
        out = 0;
      } else {
        out = op == "/" ? a / b : a % b;
      }
    }
    if (overflow) return IntegerOutOfRange(type);
    return MakeInt(type, out);
  }
  double a = AsDouble(l), b = AsDouble(r), out;
  if (op == "+") {
    out = a + b;
  } else if (op == "-") {
    out = a - b;
  } else if (op == "*") {
    out = a * b;
  } else {
    if (b == 0) return Status::DivisionByZero();
    out = a / b;
  }
  if (std::isinf(out) && !std::isinf(a) && !std::isinf(b)) {
    return Status::OutOfRange("value out of range: overflow");
  }
  if (type == TypeId::kFloat4) {
    float f = static_cast<float>(out);
    if (std::isinf(f) && !std::isinf(out))
      return Status::OutOfRange("value out of range: overflow");
    return Value::Float4(f);
  }
  return Value::Float8(out);
}

bool CompareResult(const std::string& op, int c) {
  if (op == "=") return c == 0;
  if (op == "<>") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

}  // namespace

Result<Value> AssignCast(const Value& v, TypeId type, int32_t typmod) {
  Value out = v;
  if (v.type() != type) {
    ASSIGN_OR_RETURN(out, CastValue(v, type));
  }
  if (type == TypeId::kVarchar && typmod >= 0 && !out.is_null()) {
    // varchar(n) counts characters, not bytes.
    if (Utf8CharCount(out.string_value()) > static_cast<size_t>(typmod)) {
      return Status("22001",
                    "value too long for type character varying(" + std::to_string(typmod) + ")");
    }
  }
  return out;
}

Result<Value> Evaluate(const BoundExpr& e, const std::vector<Value>& row,
                       const std::vector<Value>& params) {
  switch (e.kind) {
    case BoundExpr::Kind::kConst:
      return e.value;
    case BoundExpr::Kind::kColumn:
      return row[e.column];
    case BoundExpr::Kind::kParam:
      return params[e.param];
    case BoundExpr::Kind::kCompare: {
      ASSIGN_OR_RETURN(Value l, Evaluate(*e.args[0], row, params));
      ASSIGN_OR_RETURN(Value r, Evaluate(*e.args[1], row, params));
      if (l.is_null() || r.is_null()) return Value::Null(TypeId::kBool);
      return Value::Bool(CompareResult(e.op, CompareValues(l, r)));
    }
    case BoundExpr::Kind::kArith: {
      ASSIGN_OR_RETURN(Value l, Evaluate(*e.args[0], row, params));
      ASSIGN_OR_RETURN(Value r, Evaluate(*e.args[1], row, params));
      if (l.is_null() || r.is_null()) return Value::Null(e.type);
      return Arith(e.op, e.type, l, r);
    }
    case BoundExpr::Kind::kNegate: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, params));
      if (v.is_null()) return v;
      if (PhysicalTypeOf(e.type) == PhysicalType::kFloat) {
        return e.type == TypeId::kFloat4 ? Value::Float4(static_cast<float>(-v.float_value()))
                                         : Value::Float8(-v.float_value());
      }
      if (v.int_value() == INT64_MIN) return IntegerOutOfRange(e.type);
      return MakeInt(e.type, -v.int_value());
    }
    case BoundExpr::Kind::kAnd:
    case BoundExpr::Kind::kOr: {
      // NULL AND false is false; NULL OR true is true; otherwise NULL taints the result.
      bool is_and = e.kind == BoundExpr::Kind::kAnd;
      bool saw_null = false;
      for (const auto& a : e.args) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, params));
        if (v.is_null()) {
          saw_null = true;
        } else if (v.bool_value() != is_and) {
          return Value::Bool(!is_and);
        }
      }
      return saw_null ? Value::Null(TypeId::kBool) : Value::Bool(is_and);
    }
    case BoundExpr::Kind::kNot: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, params));
      return v.is_null() ? v : Value::Bool(!v.bool_value());
    }
    case BoundExpr::Kind::kIsNull:
    case BoundExpr::Kind::kIsNotNull: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, params));
      return Value::Bool(v.is_null() == (e.kind == BoundExpr::Kind::kIsNull));
    }
    case BoundExpr::Kind::kCast: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, params));
      if (e.type == TypeId::kVarchar && e.typmod >= 0 && !v.is_null()) {
        // An explicit cast to varchar(n) truncates instead of failing (PostgreSQL).
        ASSIGN_OR_RETURN(Value s, CastValue(v, TypeId::kVarchar));
        const std::string& text = s.string_value();
        size_t end = 0;
        for (int32_t n = 0; n < e.typmod && end < text.size(); n++) {
          end += Utf8Length(static_cast<unsigned char>(text[end]));
        }
        return Value::Varchar(text.substr(0, end));
      }
      return CastValue(v, e.type);
    }
  }
  return Status::Internal("unknown bound expression kind");
}

Result<bool> EvaluatePredicate(const BoundExpr& e, const std::vector<Value>& row,
                               const std::vector<Value>& params) {
  ASSIGN_OR_RETURN(Value v, Evaluate(e, row, params));
  return !v.is_null() && v.bool_value();
}

}  // namespace komodo::exec
