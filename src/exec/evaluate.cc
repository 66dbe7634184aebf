#include "exec/evaluate.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "common/macros.h"
#include "exec/executor.h"
#include "exec/operators.h"
#include "types/array.h"
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
  if (type == TypeId::kNumeric) {
    const Numeric& a = l.numeric_value();
    const Numeric& b = r.numeric_value();
    Result<Numeric> out = op == "+"   ? Numeric::Add(a, b)
                          : op == "-" ? Numeric::Sub(a, b)
                          : op == "*" ? Numeric::Mul(a, b)
                          : op == "/" ? Numeric::Div(a, b)
                                      : Numeric::Mod(a, b);
    if (!out.ok()) return out.status();
    return Value::Numeric(std::move(*out));
  }
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

// a op b for non-NULL values.
bool CompareResult(const std::string& op, int c) {
  if (op == "=") return c == 0;
  if (op == "<>") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

}  // namespace

Runtime::Runtime(ExecContext* c, const std::vector<Value>* p) : ctx(c), params(p) {}
Runtime::~Runtime() = default;

Result<Value> AssignCast(const Value& v, TypeId type, int32_t typmod) {
  Value out = v;
  if (v.type() != type) {
    ASSIGN_OR_RETURN(out, CastValue(v, type));
  }
  if (IsArrayType(type) && typmod >= 0 && !out.is_null()) {  // varchar(n)[]: each element
    std::vector<Value> elements;
    for (const Value& e : out.array_value()) {
      ASSIGN_OR_RETURN(Value c, AssignCast(e, ArrayElementType(type), typmod));
      elements.push_back(std::move(c));
    }
    return Value::Array(type, std::move(elements));
  }
  if (type == TypeId::kNumeric && !out.is_null() && Numeric::IsValidTypmod(typmod)) {
    ASSIGN_OR_RETURN(Numeric n, out.numeric_value().ApplyEncodedTypmod(typmod));
    return Value::Numeric(std::move(n));
  }
  if ((type == TypeId::kVarchar || type == TypeId::kBpchar) && typmod >= 0 && !out.is_null()) {
    // (var)char(n) counts characters, not bytes; spaces beyond n are cut, anything else fails;
    // char(n) pads to n with blanks.
    const std::string& text = out.string_value();
    size_t chars = Utf8CharCount(text);
    if (chars > static_cast<size_t>(typmod)) {
      size_t end = 0;
      for (int32_t n = 0; n < typmod; n++) end += Utf8Length(static_cast<unsigned char>(text[end]));
      if (text.find_first_not_of(' ', end) != std::string::npos) {
        return Status("22001", std::string("value too long for type ") +
                                   (type == TypeId::kBpchar ? "character(" : "character varying(") +
                                   std::to_string(typmod) + ")");
      }
      std::string cut = text.substr(0, end);
      return type == TypeId::kBpchar ? Value::Bpchar(std::move(cut))
                                     : Value::Varchar(std::move(cut));
    }
    if (type == TypeId::kBpchar && chars < static_cast<size_t>(typmod)) {
      return Value::Bpchar(text + std::string(typmod - chars, ' '));
    }
  }
  return out;
}

namespace {

// = <> < ... on two values, NULL when either is NULL; IS [NOT] DISTINCT FROM never NULL.
Value CompareOp(const std::string& op, const Value& l, const Value& r) {
  if (op == "IS DISTINCT FROM" || op == "IS NOT DISTINCT FROM") {
    bool same = l.is_null() || r.is_null() ? l.is_null() == r.is_null() : CompareValues(l, r) == 0;
    return Value::Bool(same == (op == "IS NOT DISTINCT FROM"));
  }
  if (l.is_null() || r.is_null()) return Value::Null(TypeId::kBool);
  return Value::Bool(CompareResult(op, CompareValues(l, r)));
}

Status DrainRows(Operator& op, Runtime& rt, size_t max_rows, std::vector<Row>* out) {
  RETURN_IF_ERROR(op.Open(rt));
  Chunk chunk;
  while (out->size() < max_rows) {
    ASSIGN_OR_RETURN(bool more, op.Next(rt, &chunk));
    if (!more) break;
    for (Row& r : chunk.rows) {
      if (out->size() >= max_rows) break;
      out->push_back(std::move(r));
    }
  }
  return Status::OK();
}

// current_setting(name [, missing_ok]) and set_config(name, value, is_local), through the
// session's SettingsProvider. NULL arguments give NULL, as these functions are strict.
Result<Value> EvaluateSettingCall(const BoundExpr& e, const std::vector<Value>& args, Runtime& rt) {
  for (const Value& a : args) {
    if (a.is_null()) return Value::Null(TypeId::kText);
  }
  const std::string& name = args[0].string_value();
  SettingsProvider* settings = rt.ctx != nullptr ? rt.ctx->settings : nullptr;
  Result<std::string> value =
      settings == nullptr      ? Result<std::string>(Status(
                                     "42704", "unrecognized configuration parameter \"" + name + "\""))
      : e.name == "set_config" ? settings->Set(name, args[1].string_value(), args[2].bool_value())
                               : settings->Get(name);
  if (!value.ok()) {
    bool missing_ok = e.name == "current_setting" && args.size() == 2 && args[1].bool_value();
    if (missing_ok && value.status().sqlstate() == "42704") return Value::Null(TypeId::kText);
    return value.status();
  }
  return Value::Text(std::move(value).value());
}

// pg_cancel_backend(pid) and pg_terminate_backend(pid [, timeout ms]) through the server's
// SessionDirectory; false for a pid that is no session (PostgreSQL also warns then). A session
// that cancels or ends itself stops here, as PostgreSQL's does at its next interrupt check.
Result<Value> EvaluateSignalCall(const BoundExpr& e, const std::vector<Value>& args, Runtime& rt) {
  for (const Value& a : args) {
    if (a.is_null()) return Value::Null(TypeId::kBool);
  }
  int32_t pid = static_cast<int32_t>(args[0].int_value());
  bool terminate = e.name == "pg_terminate_backend";
  int64_t timeout_ms = args.size() == 2 ? args[1].int_value() : 0;
  if (timeout_ms < 0) return Status("22003", "\"timeout\" must not be negative");
  SessionDirectory* sessions = rt.ctx != nullptr ? rt.ctx->sessions : nullptr;
  bool found =
      sessions != nullptr && (terminate ? sessions->Terminate(pid) : sessions->Cancel(pid));
  if (!found) {
    if (rt.ctx != nullptr) {
      RaiseWarning(*rt.ctx, "PID " + std::to_string(pid) + " is not a PostgreSQL backend process");
    }
    return Value::Bool(false);
  }
  if (pid == rt.ctx->backend_pid) {
    if (terminate) return Status("57P01", "terminating connection due to administrator command");
    return Status("57014", "canceling statement due to user request");
  }
  if (terminate && timeout_ms > 0) {
    // Wait for the session to be gone; false when it outlives the timeout.
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      bool alive = false;
      for (const SessionActivity& a : sessions->Sessions()) alive |= a.pid == pid;
      if (!alive) break;
      if (std::chrono::steady_clock::now() >= until) return Value::Bool(false);
      RETURN_IF_ERROR(CheckInterrupts(*rt.ctx));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return Value::Bool(true);
}

// Functions that read the session: current_user and session_user (the connection's role), now()
// and its kin (the transaction's start time), and
// nextval, currval and setval (the sequence by name in the statement's catalog).
Result<Value> EvaluateSessionCall(const BoundExpr& e, const std::vector<Value>& args, Runtime& rt) {
  if (e.name == "current_user" || e.name == "session_user") {
    return Value::Text(rt.ctx != nullptr ? rt.ctx->user : catalog::kBootstrapRoleName);
  }
  if (e.type == TypeId::kTimestampTz || e.type == TypeId::kTimestamp || e.type == TypeId::kDate) {
    int64_t us = rt.ctx != nullptr ? rt.ctx->transaction_start : CurrentTimestampMicros();
    if (e.type == TypeId::kTimestampTz) return Value::TimestampTz(us);
    if (e.type == TypeId::kTimestamp) return Value::Timestamp(us);  // the session zone is UTC
    int64_t day = 86400000000LL;
    return Value::Date(static_cast<int32_t>(us >= 0 ? us / day : -((-us + day - 1) / day)));
  }
  if (e.name == "pg_backend_pid") {
    int32_t pid = rt.ctx != nullptr ? rt.ctx->backend_pid : 0;
    return Value::Int4(pid != 0 ? pid : static_cast<int32_t>(::getpid()));
  }
  if (e.name == "current_setting" || e.name == "set_config")
    return EvaluateSettingCall(e, args, rt);
  if (e.name == "pg_cancel_backend" || e.name == "pg_terminate_backend")
    return EvaluateSignalCall(e, args, rt);
  if (rt.ctx == nullptr || rt.ctx->sequences == nullptr) {
    return Status::FeatureNotSupported(e.name + "() is not available here");
  }
  const std::string& name = args[0].string_value();
  const catalog::SequenceDef* seq = rt.ctx->state->FindSequence(name);
  if (seq == nullptr) return Status::UndefinedTable("relation \"" + name + "\" does not exist");
  std::map<uint32_t, int64_t>& last = *rt.ctx->sequence_values;
  if (e.name == "nextval") {
    ASSIGN_OR_RETURN(int64_t v, rt.ctx->sequences->Next(*seq));
    last[seq->id] = v;
    return Value::Int8(v);
  }
  if (e.name == "currval") {
    auto it = last.find(seq->id);
    if (it == last.end()) {
      return Status("55000",
                    "currval of sequence \"" + name + "\" is not yet defined in this session");
    }
    return Value::Int8(it->second);
  }
  bool is_called = args.size() < 3 || args[2].bool_value();
  RETURN_IF_ERROR(rt.ctx->sequences->Set(*seq, args[1].int_value(), is_called));
  if (is_called) last[seq->id] = args[1].int_value();
  return Value::Int8(args[1].int_value());
}

Result<Value> EvaluateSubquery(const BoundExpr& e, const Row& row, Runtime& rt) {
  using SubLink = BoundExpr::SubLink;
  Value lhs;
  if (e.sublink == SubLink::kAny || e.sublink == SubLink::kAll) {
    ASSIGN_OR_RETURN(lhs, Evaluate(*e.args[0], row, rt));
  }
  Runtime::Subquery& sq = rt.subqueries[&e];
  if (sq.op == nullptr) sq.op = BuildOperator(*e.plan);
  // A scalar subquery needs to know whether there is a second row; EXISTS only whether there
  // is a first.
  size_t max_rows = e.sublink == SubLink::kExists   ? 1
                    : e.sublink == SubLink::kScalar ? 2
                                                    : SIZE_MAX;
  std::vector<Row> local;
  const std::vector<Row>* rows = &sq.rows;
  if (!e.correlated) {
    if (!sq.cached) {
      RETURN_IF_ERROR(DrainRows(*sq.op, rt, max_rows, &sq.rows));
      sq.cached = true;
    }
  } else {
    rt.outer.push_back(&row);
    Status s = DrainRows(*sq.op, rt, max_rows, &local);
    rt.outer.pop_back();
    RETURN_IF_ERROR(s);
    rows = &local;
  }
  switch (e.sublink) {
    case SubLink::kExists:
      return Value::Bool(!rows->empty());
    case SubLink::kScalar:
      if (rows->size() > 1) {
        return Status("21000", "more than one row returned by a subquery used as an expression");
      }
      return rows->empty() ? Value::Null(e.type) : (*rows)[0][0];
    case SubLink::kAny:
    case SubLink::kAll: {
      bool any = e.sublink == SubLink::kAny;
      bool saw_null = false;
      for (const Row& r : *rows) {
        Value c = CompareOp(e.op, lhs, r[0]);
        if (c.is_null()) {
          saw_null = true;
        } else if (c.bool_value() == any) {
          return Value::Bool(any);
        }
      }
      return saw_null ? Value::Null(TypeId::kBool) : Value::Bool(!any);
    }
    case SubLink::kArray: {
      std::vector<Value> elements;
      elements.reserve(rows->size());
      for (const Row& r : *rows) elements.push_back(r[0]);
      return Value::Array(e.type, std::move(elements));
    }
  }
  return Status::Internal("unknown subquery kind");
}

// CAST(v AS type(typmod)): like AssignCast, but (var)char(n) truncates instead of failing, as
// PostgreSQL's explicit casts do; an array's typmod applies to each element.
Result<Value> ExplicitCast(const Value& v, TypeId type, int32_t typmod) {
  if (IsArrayType(type) && typmod >= 0 && !v.is_null()) {
    ASSIGN_OR_RETURN(Value array, CastValue(v, type));
    std::vector<Value> elements;
    for (const Value& x : array.array_value()) {
      ASSIGN_OR_RETURN(Value c, ExplicitCast(x, ArrayElementType(type), typmod));
      elements.push_back(std::move(c));
    }
    return Value::Array(type, std::move(elements));
  }
  if ((type == TypeId::kVarchar || type == TypeId::kBpchar) && typmod >= 0 && !v.is_null()) {
    // An explicit cast to (var)char(n) truncates instead of failing (PostgreSQL).
    ASSIGN_OR_RETURN(Value s, CastValue(v, type));
    const std::string& text = s.string_value();
    size_t end = 0;
    for (int32_t n = 0; n < typmod && end < text.size(); n++) {
      end += Utf8Length(static_cast<unsigned char>(text[end]));
    }
    if (type == TypeId::kVarchar) return Value::Varchar(text.substr(0, end));
    return AssignCast(Value::Bpchar(text.substr(0, end)), type, typmod);  // pads
  }
  if (type == TypeId::kNumeric) return AssignCast(v, type, typmod);
  return CastValue(v, type);
}

// a[i] is NULL outside 1..length; a[i:j] is the part of i..j inside the array (empty when
// there is none), as PostgreSQL's array_get_element and array_get_slice.
Result<Value> EvaluateSubscript(const BoundExpr& e, const Row& row, Runtime& rt) {
  ASSIGN_OR_RETURN(Value array, Evaluate(*e.args[0], row, rt));
  ASSIGN_OR_RETURN(Value lower, Evaluate(*e.args[1], row, rt));
  Value upper = lower;
  if (e.op == "slice") {
    ASSIGN_OR_RETURN(upper, Evaluate(*e.args[2], row, rt));
  }
  if (array.is_null() || lower.is_null() || upper.is_null()) return Value::Null(e.type);
  const std::vector<Value>& elements = array.array_value();
  int64_t n = static_cast<int64_t>(elements.size());
  // int2vector's subscripts start at 0, every other array's at 1.
  int64_t base = array.type() == TypeId::kInt2Vector ? 1 : 0;
  if (e.op != "slice") {
    int64_t i = lower.int_value() + base;
    if (i < 1 || i > n) return Value::Null(e.type);
    return elements[i - 1];
  }
  int64_t from = std::max<int64_t>(lower.int_value() + base, 1);
  int64_t to = std::min<int64_t>(upper.int_value() + base, n);
  std::vector<Value> out;
  for (int64_t i = from; i <= to; i++) out.push_back(elements[i - 1]);
  return Value::Array(e.type, std::move(out));
}

// x op ANY (array) is true when some element gives true, else NULL when some comparison was
// NULL, else false (an empty array: false); ALL mirrors it.
Result<Value> EvaluateArrayAny(const BoundExpr& e, const Row& row, Runtime& rt) {
  ASSIGN_OR_RETURN(Value x, Evaluate(*e.args[0], row, rt));
  ASSIGN_OR_RETURN(Value array, Evaluate(*e.args[1], row, rt));
  if (array.is_null()) return Value::Null(TypeId::kBool);
  bool any = e.sublink == BoundExpr::SubLink::kAny;
  bool saw_null = false;
  for (const Value& v : array.array_value()) {
    Value c;
    if (e.fn == nullptr) {
      c = CompareOp(e.op, x, v);
    } else if (x.is_null() || v.is_null()) {
      c = Value::Null(TypeId::kBool);
    } else {  // a pattern operator (LIKE ANY)
      std::vector<Value> args = {x, v};
      ASSIGN_OR_RETURN(c, e.fn(e, args));
    }
    if (c.is_null()) {
      saw_null = true;
    } else if (c.bool_value() == any) {
      return Value::Bool(any);
    }
  }
  return saw_null ? Value::Null(TypeId::kBool) : Value::Bool(!any);
}

}  // namespace

Result<Value> Evaluate(const BoundExpr& e, const Row& row, Runtime& rt) {
  switch (e.kind) {
    case BoundExpr::Kind::kConst:
      return e.value;
    case BoundExpr::Kind::kColumn:
      return row[e.column];
    case BoundExpr::Kind::kOuterColumn:
      return (*rt.outer[rt.outer.size() - e.depth])[e.column];
    case BoundExpr::Kind::kParam:
      return rt.param(e.param);
    case BoundExpr::Kind::kCompare: {
      ASSIGN_OR_RETURN(Value l, Evaluate(*e.args[0], row, rt));
      ASSIGN_OR_RETURN(Value r, Evaluate(*e.args[1], row, rt));
      return CompareOp(e.op, l, r);
    }
    case BoundExpr::Kind::kArith: {
      ASSIGN_OR_RETURN(Value l, Evaluate(*e.args[0], row, rt));
      ASSIGN_OR_RETURN(Value r, Evaluate(*e.args[1], row, rt));
      if (l.is_null() || r.is_null()) return Value::Null(e.type);
      if (e.type == TypeId::kDate) {  // date +/- integer
        int64_t days = e.op == "+" ? l.int_value() + r.int_value() : l.int_value() - r.int_value();
        if (days < INT32_MIN || days > INT32_MAX) return Status::OutOfRange("date out of range");
        return Value::Date(static_cast<int32_t>(days));
      }
      if (e.op == "date-") return Value::Int4(static_cast<int32_t>(l.int_value() - r.int_value()));
      return Arith(e.op, e.type, l, r);
    }
    case BoundExpr::Kind::kNegate: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, rt));
      if (v.is_null()) return v;
      if (e.type == TypeId::kNumeric) return Value::Numeric(v.numeric_value().Negate());
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
        ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, rt));
        if (v.is_null()) {
          saw_null = true;
        } else if (v.bool_value() != is_and) {
          return Value::Bool(!is_and);
        }
      }
      return saw_null ? Value::Null(TypeId::kBool) : Value::Bool(is_and);
    }
    case BoundExpr::Kind::kNot: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, rt));
      return v.is_null() ? v : Value::Bool(!v.bool_value());
    }
    case BoundExpr::Kind::kIsNull:
    case BoundExpr::Kind::kIsNotNull: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, rt));
      return Value::Bool(v.is_null() == (e.kind == BoundExpr::Kind::kIsNull));
    }
    case BoundExpr::Kind::kBoolTest: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, rt));
      bool negate = e.op.rfind("not ", 0) == 0;
      std::string what = negate ? e.op.substr(4) : e.op;
      bool result =
          what == "unknown" ? v.is_null() : !v.is_null() && v.bool_value() == (what == "true");
      return Value::Bool(result != negate);
    }
    case BoundExpr::Kind::kCast: {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[0], row, rt));
      return ExplicitCast(v, e.type, e.typmod);
    }
    case BoundExpr::Kind::kFunction: {
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (const auto& a : e.args) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, rt));
        if (v.is_null() && e.strict) return Value::Null(e.type);
        args.push_back(std::move(v));
      }
      if (e.fn == nullptr) return EvaluateSessionCall(e, args, rt);
      return e.fn(e, args);
    }
    case BoundExpr::Kind::kCase: {
      size_t pairs = e.args.size() / 2;
      for (size_t i = 0; i < pairs; i++) {
        ASSIGN_OR_RETURN(bool hit, EvaluatePredicate(*e.args[2 * i], row, rt));
        if (hit) return Evaluate(*e.args[2 * i + 1], row, rt);
      }
      if (e.has_else) return Evaluate(*e.args.back(), row, rt);
      return Value::Null(e.type);
    }
    case BoundExpr::Kind::kCoalesce: {
      for (const auto& a : e.args) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, rt));
        if (!v.is_null()) return v;
      }
      return Value::Null(e.type);
    }
    case BoundExpr::Kind::kInList: {
      ASSIGN_OR_RETURN(Value x, Evaluate(*e.args[0], row, rt));
      if (x.is_null()) return Value::Null(TypeId::kBool);
      bool saw_null = false;
      for (size_t i = 1; i < e.args.size(); i++) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*e.args[i], row, rt));
        if (v.is_null()) {
          saw_null = true;
        } else if (CompareValues(x, v) == 0) {
          return Value::Bool(!e.negated);
        }
      }
      return saw_null ? Value::Null(TypeId::kBool) : Value::Bool(e.negated);
    }
    case BoundExpr::Kind::kSubquery:
      return EvaluateSubquery(e, row, rt);
    case BoundExpr::Kind::kAggregate:
    case BoundExpr::Kind::kWindow:
    case BoundExpr::Kind::kGrouping:
      return Status::Internal("aggregate or window reference outside its operator");
    case BoundExpr::Kind::kArray: {
      std::vector<Value> elements;
      elements.reserve(e.args.size());
      for (const auto& a : e.args) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*a, row, rt));
        elements.push_back(std::move(v));
      }
      return Value::Array(e.type, std::move(elements));
    }
    case BoundExpr::Kind::kSubscript:
      return EvaluateSubscript(e, row, rt);
    case BoundExpr::Kind::kArrayAny:
      return EvaluateArrayAny(e, row, rt);
  }
  return Status::Internal("unknown bound expression kind");
}

Result<bool> EvaluatePredicate(const BoundExpr& e, const Row& row, Runtime& rt) {
  ASSIGN_OR_RETURN(Value v, Evaluate(e, row, rt));
  return !v.is_null() && v.bool_value();
}

Result<Value> EvaluateConstant(const BoundExpr& e, const std::vector<Value>& params) {
  Runtime rt(nullptr, &params);
  return Evaluate(e, {}, rt);
}

}  // namespace komodo::exec
