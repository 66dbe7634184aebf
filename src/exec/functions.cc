#include "exec/functions.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "common/macros.h"
#include "exec/catalog_functions.h"
#include "exec/datetime_functions.h"
#include "exec/executor.h"
#include "exec/jsonb_functions.h"
#include "exec/regex_functions.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/utf8.h"

namespace komodo::exec {

namespace {

using Args = std::vector<Value>;
using sql::BoundExpr;

constexpr TypeId kAny = TypeId::kUnknown;
constexpr TypeId kText = TypeId::kText;
constexpr TypeId kInt4 = TypeId::kInt4;
constexpr TypeId kInt8 = TypeId::kInt8;
constexpr TypeId kFloat8 = TypeId::kFloat8;
constexpr TypeId kBool = TypeId::kBool;
constexpr TypeId kNumeric = TypeId::kNumeric;

// Byte offsets of UTF-8 characters: offsets[i] is where character i starts; the last entry is
// the string's size.
std::vector<size_t> CharOffsets(const std::string& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); i += Utf8Length(static_cast<unsigned char>(s[i]))) {
    out.push_back(i);
  }
  out.push_back(s.size());
  return out;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string AsciiUpper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Result<Value> Lower(const BoundExpr&, Args& a) {
  return Value::Text(AsciiLower(a[0].string_value()));
}
Result<Value> Upper(const BoundExpr&, Args& a) {
  return Value::Text(AsciiUpper(a[0].string_value()));
}
Result<Value> Length(const BoundExpr&, Args& a) {
  return Value::Int4(static_cast<int32_t>(Utf8CharCount(a[0].string_value())));
}
Result<Value> OctetLength(const BoundExpr&, Args& a) {
  return Value::Int4(static_cast<int32_t>(a[0].string_value().size()));
}

// substr(s, from [, count]) with PostgreSQL's rules for out-of-range starts.
Result<Value> Substr(const BoundExpr&, Args& a) {
  const std::string& s = a[0].string_value();
  std::vector<size_t> off = CharOffsets(s);
  int64_t n = static_cast<int64_t>(off.size()) - 1;
  int64_t start = a[1].int_value();
  int64_t end = n + 1;
  if (a.size() > 2) {
    if (a[2].int_value() < 0) return Status("22011", "negative substring length not allowed");
    end = start + a[2].int_value();
  }
  start = std::max<int64_t>(start, 1);
  end = std::min(end, n + 1);
  if (end <= start) return Value::Text("");
  return Value::Text(s.substr(off[start - 1], off[end - 1] - off[start - 1]));
}

Result<Value> TextCat(const BoundExpr&, Args& a) {
  // A boolean operand becomes "true"/"false" (its cast to text), not its output form "t"/"f".
  auto text = [](const Value& v) {
    return v.type() == TypeId::kBool ? std::string(v.bool_value() ? "true" : "false") : v.ToText();
  };
  return Value::Text(text(a[0]) + text(a[1]));
}
Result<Value> ByteaCat(const BoundExpr&, Args& a) {
  return Value::Bytea(a[0].string_value() + a[1].string_value());
}

Result<Value> Concat(const BoundExpr&, Args& a) {
  std::string out;
  for (const Value& v : a) {
    if (!v.is_null()) out += v.ToText();
  }
  return Value::Text(out);
}

Result<Value> ConcatWs(const BoundExpr&, Args& a) {
  if (a[0].is_null()) return Value::Null(kText);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < a.size(); i++) {
    if (a[i].is_null()) continue;
    if (!first) out += a[0].string_value();
    out += a[i].ToText();
    first = false;
  }
  return Value::Text(out);
}

Result<Value> Replace(const BoundExpr&, Args& a) {
  std::string s = a[0].string_value();
  const std::string& from = a[1].string_value();
  const std::string& to = a[2].string_value();
  if (from.empty()) return Value::Text(s);
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out += s.substr(pos, hit - pos) + to;
  }
  return Value::Text(out + s.substr(pos));
}

Result<Value> Trim(const BoundExpr& call, Args& a) {
  const std::string& s = a[0].string_value();
  std::string chars = a.size() > 1 ? a[1].string_value() : " ";
  size_t begin = 0, end = s.size();
  bool left = call.name != "rtrim", right = call.name != "ltrim";
  while (left && begin < end && chars.find(s[begin]) != std::string::npos) begin++;
  while (right && end > begin && chars.find(s[end - 1]) != std::string::npos) end--;
  return Value::Text(s.substr(begin, end - begin));
}

Result<Value> LeftRight(const BoundExpr& call, Args& a) {
  const std::string& s = a[0].string_value();
  std::vector<size_t> off = CharOffsets(s);
  int64_t len = static_cast<int64_t>(off.size()) - 1;
  int64_t n = a[1].int_value();
  int64_t keep = n >= 0 ? std::min(n, len) : std::max<int64_t>(0, len + n);
  if (call.name == "left") return Value::Text(s.substr(0, off[keep]));
  return Value::Text(s.substr(off[len - keep]));
}

Result<Value> Strpos(const BoundExpr&, Args& a) {
  size_t hit = a[0].string_value().find(a[1].string_value());
  if (hit == std::string::npos) return Value::Int4(0);
  return Value::Int4(static_cast<int32_t>(Utf8CharCount(a[0].string_value().substr(0, hit)) + 1));
}

Result<Value> Repeat(const BoundExpr&, Args& a) {
  int64_t n = a[1].int_value();
  const std::string& s = a[0].string_value();
  if (n <= 0) return Value::Text("");
  if (s.size() * static_cast<size_t>(n) > (1u << 30)) {
    return Status("54000", "requested length too large");
  }
  std::string out;
  for (int64_t i = 0; i < n; i++) out += s;
  return Value::Text(out);
}

Result<Value> Reverse(const BoundExpr&, Args& a) {
  const std::string& s = a[0].string_value();
  std::vector<size_t> off = CharOffsets(s);
  std::string out;
  for (size_t i = off.size() - 1; i > 0; i--) out += s.substr(off[i - 1], off[i] - off[i - 1]);
  return Value::Text(out);
}

Result<Value> Pad(const BoundExpr& call, Args& a) {
  const std::string& s = a[0].string_value();
  int64_t len = a[1].int_value();
  std::string fill = a.size() > 2 ? a[2].string_value() : " ";
  std::vector<size_t> off = CharOffsets(s);
  int64_t have = static_cast<int64_t>(off.size()) - 1;
  if (len <= 0) return Value::Text("");
  if (len <= have) return Value::Text(s.substr(0, off[len]));
  if (fill.empty()) return Value::Text(s);
  std::vector<size_t> foff = CharOffsets(fill);
  size_t fn = foff.size() - 1;
  std::string pad;
  for (int64_t i = 0; i < len - have; i++) {
    size_t c = static_cast<size_t>(i) % fn;
    pad += fill.substr(foff[c], foff[c + 1] - foff[c]);
  }
  return Value::Text(call.name == "lpad" ? pad + s : s + pad);
}

Result<Value> SplitPart(const BoundExpr&, Args& a) {
  const std::string& s = a[0].string_value();
  const std::string& delim = a[1].string_value();
  int64_t n = a[2].int_value();
  if (n == 0) return Status::InvalidParameter("field position must not be zero");
  std::vector<std::string> parts;
  if (delim.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    for (size_t hit; (hit = s.find(delim, pos)) != std::string::npos; pos = hit + delim.size()) {
      parts.push_back(s.substr(pos, hit - pos));
    }
    parts.push_back(s.substr(pos));
  }
  if (s.empty()) return Value::Text("");
  int64_t idx = n > 0 ? n - 1 : static_cast<int64_t>(parts.size()) + n;
  if (idx < 0 || idx >= static_cast<int64_t>(parts.size())) return Value::Text("");
  return Value::Text(parts[idx]);
}

Result<Value> StartsWith(const BoundExpr&, Args& a) {
  return Value::Bool(a[0].string_value().rfind(a[1].string_value(), 0) == 0);
}

Result<Value> Initcap(const BoundExpr&, Args& a) {
  std::string s = a[0].string_value();
  bool word_start = true;
  for (char& c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      c = static_cast<char>(word_start ? std::toupper(u) : std::tolower(u));
      word_start = false;
    } else {
      word_start = u < 0x80;
    }
  }
  return Value::Text(s);
}

// like_escape(pattern, escape): the pattern rewritten to use \ as its escape character, which
// is what LIKE ... ESCAPE does.
Result<Value> LikeEscape(const BoundExpr&, Args& a) {
  const std::string& pattern = a[0].string_value();
  const std::string& escape = a[1].string_value();
  if (Utf8CharCount(escape) > 1) {
    return Status("22025", "invalid escape string")
        .WithDetail("Escape string must be empty or one character.");
  }
  std::string out;
  for (size_t i = 0; i < pattern.size(); i++) {
    char c = pattern[i];
    if (escape.empty()) {
      if (c == '\\') out += '\\';  // no escape character: a backslash is literal
      out += c;
    } else if (c == escape[0] && escape.size() == 1) {
      if (i + 1 < pattern.size()) out += std::string("\\") + pattern[++i];
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return Value::Text(out);
}

Result<Value> Like(const BoundExpr& call, Args& a) {
  bool fold = call.name == "ilike" || call.name == "notilike";
  bool negate = call.name == "notlike" || call.name == "notilike";
  return Value::Bool(LikeMatch(a[0].string_value(), a[1].string_value(), fold) != negate);
}

// --- math ---------------------------------------------------------------------------------------

Status IntOutOfRange(TypeId t) {
  return Status::OutOfRange(t == TypeId::kInt2   ? "smallint out of range"
                            : t == TypeId::kInt4 ? "integer out of range"
                                                 : "bigint out of range");
}

Result<Value> IntOfType(TypeId t, int64_t v) {
  if (t == TypeId::kInt2 && (v < INT16_MIN || v > INT16_MAX)) return IntOutOfRange(t);
  if (t == TypeId::kInt4 && (v < INT32_MIN || v > INT32_MAX)) return IntOutOfRange(t);
  if (t == TypeId::kInt2) return Value::Int2(static_cast<int16_t>(v));
  if (t == TypeId::kInt4) return Value::Int4(static_cast<int32_t>(v));
  return Value::Int8(v);
}

Result<Value> Abs(const BoundExpr& call, Args& a) {
  if (PhysicalTypeOf(call.type) == PhysicalType::kFloat) {
    double d = std::fabs(a[0].float_value());
    return call.type == TypeId::kFloat4 ? Value::Float4(static_cast<float>(d)) : Value::Float8(d);
  }
  if (a[0].int_value() == INT64_MIN) return IntOutOfRange(call.type);
  return IntOfType(call.type, std::llabs(a[0].int_value()));
}

Result<Value> Float8Fn(double (*f)(double), double x) { return Value::Float8(f(x)); }

Result<Value> Ceil(const BoundExpr&, Args& a) { return Float8Fn(std::ceil, a[0].float_value()); }
Result<Value> Floor(const BoundExpr&, Args& a) { return Float8Fn(std::floor, a[0].float_value()); }
Result<Value> Trunc(const BoundExpr&, Args& a) { return Float8Fn(std::trunc, a[0].float_value()); }
Result<Value> Round(const BoundExpr&, Args& a) {
  // float8 round() rounds half to even (rint), as PostgreSQL does.
  return Float8Fn(std::nearbyint, a[0].float_value());
}
Result<Value> Sign(const BoundExpr&, Args& a) {
  double x = a[0].float_value();
  return Value::Float8(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
}
Result<Value> Sqrt(const BoundExpr&, Args& a) {
  double x = a[0].float_value();
  if (x < 0) return Status("2201F", "cannot take square root of a negative number");
  return Value::Float8(std::sqrt(x));
}
Result<Value> Exp(const BoundExpr&, Args& a) {
  double r = std::exp(a[0].float_value());
  if (std::isinf(r)) return Status::OutOfRange("value out of range: overflow");
  return Value::Float8(r);
}
Result<Value> Ln(const BoundExpr&, Args& a) {
  double x = a[0].float_value();
  if (x == 0) return Status("2201E", "cannot take logarithm of zero");
  if (x < 0) return Status("2201E", "cannot take logarithm of a negative number");
  return Value::Float8(std::log(x));
}
Result<Value> Log10(const BoundExpr&, Args& a) {
  double x = a[0].float_value();
  if (x == 0) return Status("2201E", "cannot take logarithm of zero");
  if (x < 0) return Status("2201E", "cannot take logarithm of a negative number");
  return Value::Float8(std::log10(x));
}
Result<Value> Power(const BoundExpr&, Args& a) {
  double x = a[0].float_value(), y = a[1].float_value();
  if (x == 0 && y < 0) {
    return Status("2201F", "zero raised to a negative power is undefined");
  }
  if (x < 0 && std::floor(y) != y) {
    return Status("2201F",
                  "a negative number raised to a non-integer power yields a complex result");
  }
  double r = std::pow(x, y);
  if (std::isinf(r) && !std::isinf(x) && !std::isinf(y)) {
    return Status::OutOfRange("value out of range: overflow");
  }
  return Value::Float8(r);
}
Result<Value> Mod(const BoundExpr& call, Args& a) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  if (y == 0) return Status::DivisionByZero();
  if (y == -1) return IntOfType(call.type, 0);
  return IntOfType(call.type, x % y);
}
Result<Value> Random(const BoundExpr&, Args&) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return Value::Float8(std::uniform_real_distribution<double>(0.0, 1.0)(rng));
}
Result<Value> Pi(const BoundExpr&, Args&) { return Value::Float8(M_PI); }

Result<Value> GreatestLeast(const BoundExpr& call, Args& a) {
  bool greatest = call.name == "greatest";
  Value best = Value::Null(call.type);
  for (const Value& v : a) {
    if (v.is_null()) continue;
    if (best.is_null() || (CompareValues(v, best) > 0) == greatest) {
      if (!best.is_null() && CompareValues(v, best) == 0) continue;
      best = v;
    }
  }
  return best;
}

// --- session and time ---------------------------------------------------------------------------

// now(), current_timestamp, localtimestamp and current_date are the transaction's start time,
// which the evaluator reads from the session (evaluate.cc); these read the clock.
Result<Value> ClockTimestamp(const BoundExpr&, Args&) {
  return Value::TimestampTz(CurrentTimestampMicros());
}
Result<Value> Version(const BoundExpr&, Args&) {
  return Value::Text("PostgreSQL 15.0 (KomodoDB " KOMODO_VERSION_STRING "), 64-bit");
}
// pg_typeof: the argument's type as PostgreSQL's regtype prints it (no typmod).
Result<Value> PgTypeof(const BoundExpr& call, Args&) {
  return Value::Text(std::string(TypeName(call.args[0]->type)));
}
Result<Value> CurrentDatabase(const BoundExpr&, Args&) { return Value::Text("komodo"); }
Result<Value> CurrentSchema(const BoundExpr&, Args&) { return Value::Text("public"); }

// The integer bitwise operators & | # (int2and, int4or, int8xor, ...): the operands' type.
template <char kOp>
Result<Value> IntBitwise(const BoundExpr& call, Args& a) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  int64_t r = kOp == '&' ? (x & y) : kOp == '|' ? (x | y) : (x ^ y);
  if (call.type == TypeId::kInt2) return Value::Int2(static_cast<int16_t>(r));
  if (call.type == TypeId::kInt4) return Value::Int4(static_cast<int32_t>(r));
  return Value::Int8(r);
}

// --- numeric overloads ---------------------------------------------------------------------------

Result<Value> NumericResult(Result<Numeric> n) {
  if (!n.ok()) return n.status();
  return Value::Numeric(std::move(*n));
}
int32_t ScaleArg(const Args& a) {
  return a.size() > 1 ? static_cast<int32_t>(a[1].int_value()) : 0;
}
Result<Value> NumericAbs(const BoundExpr&, Args& a) {
  return Value::Numeric(a[0].numeric_value().Abs());
}
Result<Value> NumericSign(const BoundExpr&, Args& a) {
  return Value::Numeric(a[0].numeric_value().Sign());
}
Result<Value> NumericCeil(const BoundExpr&, Args& a) {
  return NumericResult(a[0].numeric_value().Ceil());
}
Result<Value> NumericFloor(const BoundExpr&, Args& a) {
  return NumericResult(a[0].numeric_value().Floor());
}
Result<Value> NumericRound(const BoundExpr&, Args& a) {
  return NumericResult(a[0].numeric_value().Round(ScaleArg(a)));
}
Result<Value> NumericTrunc(const BoundExpr&, Args& a) {
  return NumericResult(a[0].numeric_value().Trunc(ScaleArg(a)));
}
Result<Value> NumericSqrt(const BoundExpr&, Args& a) {
  return NumericResult(a[0].numeric_value().Sqrt());
}
Result<Value> NumericPower(const BoundExpr&, Args& a) {
  return NumericResult(Numeric::Power(a[0].numeric_value(), a[1].numeric_value()));
}
Result<Value> NumericMod(const BoundExpr&, Args& a) {
  return NumericResult(Numeric::Mod(a[0].numeric_value(), a[1].numeric_value()));
}

struct Entry {
  const char* name;
  TypeId result;  // kAny: the type of the first argument
  std::vector<TypeId> params;
  sql::ScalarFn fn;
  bool strict = true;
  bool volatile_fn = false;
  void (*prepare)(sql::BoundExpr& call) = nullptr;
};

const std::vector<Entry>& Registry() {
  static const std::vector<Entry> kRegistry = {
      {"lower", kText, {kText}, Lower},
      {"upper", kText, {kText}, Upper},
      {"length", kInt4, {kText}, Length},
      {"char_length", kInt4, {kText}, Length},
      {"character_length", kInt4, {kText}, Length},
      {"octet_length", kInt4, {kText}, OctetLength},
      {"octet_length", kInt4, {TypeId::kBpchar}, OctetLength},  // the padding counts
      {"length", kInt4, {TypeId::kBytea}, OctetLength},
      {"octet_length", kInt4, {TypeId::kBytea}, OctetLength},
      {"substr", kText, {kText, kInt4}, Substr},
      {"substr", kText, {kText, kInt4, kInt4}, Substr},
      {"substring", kText, {kText, kInt4}, Substr},
      {"substring", kText, {kText, kInt4, kInt4}, Substr},
      {"textcat", kText, {kText, kText}, TextCat},
      {"byteacat", TypeId::kBytea, {TypeId::kBytea, TypeId::kBytea}, ByteaCat},
      {"replace", kText, {kText, kText, kText}, Replace},
      {"btrim", kText, {kText}, Trim},
      {"btrim", kText, {kText, kText}, Trim},
      {"ltrim", kText, {kText}, Trim},
      {"ltrim", kText, {kText, kText}, Trim},
      {"rtrim", kText, {kText}, Trim},
      {"rtrim", kText, {kText, kText}, Trim},
      {"left", kText, {kText, kInt4}, LeftRight},
      {"right", kText, {kText, kInt4}, LeftRight},
      {"strpos", kInt4, {kText, kText}, Strpos},
      {"position", kInt4, {kText, kText}, Strpos},
      {"repeat", kText, {kText, kInt4}, Repeat},
      {"reverse", kText, {kText}, Reverse},
      {"lpad", kText, {kText, kInt4}, Pad},
      {"lpad", kText, {kText, kInt4, kText}, Pad},
      {"rpad", kText, {kText, kInt4}, Pad},
      {"rpad", kText, {kText, kInt4, kText}, Pad},
      {"split_part", kText, {kText, kText, kInt4}, SplitPart},
      {"starts_with", kBool, {kText, kText}, StartsWith},
      {"initcap", kText, {kText}, Initcap},
      {"like", kBool, {kText, kText}, Like},
      {"like_escape", kText, {kText, kText}, LikeEscape},
      {"notlike", kBool, {kText, kText}, Like},
      {"ilike", kBool, {kText, kText}, Like},
      {"notilike", kBool, {kText, kText}, Like},
      {"abs", TypeId::kInt2, {TypeId::kInt2}, Abs},
      {"abs", kInt4, {kInt4}, Abs},
      {"abs", kInt8, {kInt8}, Abs},
      {"abs", TypeId::kFloat4, {TypeId::kFloat4}, Abs},
      {"abs", kFloat8, {kFloat8}, Abs},
      {"ceil", kFloat8, {kFloat8}, Ceil},
      {"ceiling", kFloat8, {kFloat8}, Ceil},
      {"floor", kFloat8, {kFloat8}, Floor},
      {"trunc", kFloat8, {kFloat8}, Trunc},
      {"round", kFloat8, {kFloat8}, Round},
      {"sign", kFloat8, {kFloat8}, Sign},
      {"sqrt", kFloat8, {kFloat8}, Sqrt},
      {"exp", kFloat8, {kFloat8}, Exp},
      {"ln", kFloat8, {kFloat8}, Ln},
      {"log", kFloat8, {kFloat8}, Log10},
      {"log10", kFloat8, {kFloat8}, Log10},
      {"power", kFloat8, {kFloat8, kFloat8}, Power},
      {"pow", kFloat8, {kFloat8, kFloat8}, Power},
      {"mod", TypeId::kInt2, {TypeId::kInt2, TypeId::kInt2}, Mod},
      {"mod", kInt4, {kInt4, kInt4}, Mod},
      {"mod", kInt8, {kInt8, kInt8}, Mod},
      // After the float8 versions: an integer argument picks float8 (PostgreSQL's preferred
      // type), a numeric one the exact match here.
      {"abs", kNumeric, {kNumeric}, NumericAbs},
      {"sign", kNumeric, {kNumeric}, NumericSign},
      {"ceil", kNumeric, {kNumeric}, NumericCeil},
      {"ceiling", kNumeric, {kNumeric}, NumericCeil},
      {"floor", kNumeric, {kNumeric}, NumericFloor},
      {"round", kNumeric, {kNumeric}, NumericRound},
      {"round", kNumeric, {kNumeric, kInt4}, NumericRound},
      {"trunc", kNumeric, {kNumeric}, NumericTrunc},
      {"trunc", kNumeric, {kNumeric, kInt4}, NumericTrunc},
      {"sqrt", kNumeric, {kNumeric}, NumericSqrt},
      {"power", kNumeric, {kNumeric, kNumeric}, NumericPower},
      {"pow", kNumeric, {kNumeric, kNumeric}, NumericPower},
      {"mod", kNumeric, {kNumeric, kNumeric}, NumericMod},
      {"random", kFloat8, {}, Random, true, true},
      {"pi", kFloat8, {}, Pi},
      {"statement_timestamp", TypeId::kTimestampTz, {}, ClockTimestamp, true, true},
      {"clock_timestamp", TypeId::kTimestampTz, {}, ClockTimestamp, true, true},
      {"version", kText, {}, Version},
      {"pg_typeof", kText, {kAny}, PgTypeof, /*strict=*/false},
      {"current_database", kText, {}, CurrentDatabase},
      {"current_schema", kText, {}, CurrentSchema},
      {"int2and", TypeId::kInt2, {TypeId::kInt2, TypeId::kInt2}, IntBitwise<'&'>},
      {"int4and", kInt4, {kInt4, kInt4}, IntBitwise<'&'>},
      {"int8and", kInt8, {kInt8, kInt8}, IntBitwise<'&'>},
      {"int2or", TypeId::kInt2, {TypeId::kInt2, TypeId::kInt2}, IntBitwise<'|'>},
      {"int4or", kInt4, {kInt4, kInt4}, IntBitwise<'|'>},
      {"int8or", kInt8, {kInt8, kInt8}, IntBitwise<'|'>},
      {"int2xor", TypeId::kInt2, {TypeId::kInt2, TypeId::kInt2}, IntBitwise<'#'>},
      {"int4xor", kInt4, {kInt4, kInt4}, IntBitwise<'#'>},
      {"int8xor", kInt8, {kInt8, kInt8}, IntBitwise<'#'>},
  };
  return kRegistry;
}

// The registry, the date/time built-ins of datetime_functions.cc and the regular-expression
// ones of regex_functions.cc.
const std::vector<Entry>& AllFunctions() {
  static const std::vector<Entry> kAll = [] {
    std::vector<Entry> all = Registry();
    for (const DateTimeFunction& f : DateTimeFunctions()) {
      all.push_back({f.name, f.result, f.params, f.fn, f.strict, f.volatile_fn});
    }
    for (const RegexFunction& f : RegexFunctions()) {
      all.push_back({f.name, f.result, f.params, f.fn, true, false, f.prepare});
    }
    return all;
  }();
  return kAll;
}

}  // namespace

bool ImplicitlyConvertible(TypeId from, TypeId to) {
  if (from == to || from == kAny || to == kAny) return true;
  std::optional<CastContext> c = FindCast(from, to);
  return c && *c == CastContext::kImplicit;
}

bool LikeMatch(std::string_view text, std::string_view pattern, bool fold) {
  auto eq = [fold](char a, char b) {
    return fold ? std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b))
                : a == b;
  };
  // Iterative matcher with backtracking to the last %.
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      if (pattern[p] == '_') {
        t += Utf8Length(static_cast<unsigned char>(text[t]));
        p++;
        continue;
      }
      char pc = pattern[p];
      size_t plen = 1;
      if (pc == '\\' && p + 1 < pattern.size()) {
        pc = pattern[p + 1];
        plen = 2;
      }
      if (eq(text[t], pc)) {
        t++;
        p += plen;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    star_t += Utf8Length(static_cast<unsigned char>(text[star_t]));
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '%') p++;
  return p == pattern.size();
}

int OverloadScore(const std::vector<TypeId>& params, const std::vector<TypeId>& args,
                  bool prefer_text) {
  int score = 0;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == params[i]) {
      score += 2;
    } else if (args[i] == kAny) {
      score += prefer_text && params[i] == kText ? 2 : 1;
    } else if (!ImplicitlyConvertible(args[i], params[i])) {
      return -1;
    }
  }
  return score;
}

std::optional<FunctionInfo> LookupFunction(const std::string& name,
                                           const std::vector<TypeId>& args) {
  if (auto f = LookupCatalogFunction(name, args)) return f;  // exec/catalog_functions.cc
  if (auto f = LookupJsonbFunction(name, args)) return f;    // exec/jsonb_functions.cc
  if (name == "greatest" || name == "least") {
    return FunctionInfo{kAny, {}, GreatestLeast, false, false};
  }
  if (name == "concat" || name == "concat_ws") {
    FunctionInfo f{kText, std::vector<TypeId>(args.size(), kAny),
                   name == "concat" ? Concat : ConcatWs, false, false};
    if (name == "concat_ws") {
      if (args.empty()) return std::nullopt;
      f.params[0] = kText;
    }
    return f;
  }
  const Entry* best = nullptr;
  int best_score = -1;
  for (const Entry& e : AllFunctions()) {
    if (name != e.name || e.params.size() != args.size()) continue;
    // An untyped literal prefers a string parameter (substring('abc' from 'b') takes the pattern).
    int score = OverloadScore(e.params, args, /*prefer_text=*/true);
    if (score > best_score) {
      best = &e;
      best_score = score;
    }
  }
  if (best == nullptr) return std::nullopt;
  return FunctionInfo{best->result, best->params,      best->fn,
                      best->strict, best->volatile_fn, best->prepare};
}

bool IsAggregateFunction(const std::string& name) {
  static const char* kNames[] = {"count",      "sum",      "avg",         "min",
                                 "max",        "bool_and", "bool_or",     "every",
                                 "string_agg", "stddev",   "stddev_samp", "stddev_pop",
                                 "variance",   "var_samp", "var_pop",     "array_agg"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return IsJsonbAggregate(name);
}

std::optional<TypeId> AggregateResultType(const std::string& name, TypeId input) {
  bool exact =
      input == TypeId::kInt2 || input == kInt4 || input == kInt8 || input == TypeId::kNumeric;
  if (name == "count") return kInt8;
  if (IsJsonbAggregate(name)) return name.starts_with("jsonb") ? TypeId::kJsonb : TypeId::kJson;
  if (name == "sum") {
    if (input == TypeId::kInt2 || input == kInt4) return kInt8;
    if (input == kInt8 || input == TypeId::kNumeric) return TypeId::kNumeric;
    if (input == TypeId::kFloat4 || input == kFloat8) return input;
    if (input == TypeId::kInterval) return input;
    return std::nullopt;
  }
  if (name == "avg" || name.rfind("stddev", 0) == 0 || name.rfind("var", 0) == 0) {
    if (exact) return TypeId::kNumeric;
    if (input == TypeId::kFloat4 || input == kFloat8) return kFloat8;
    if (input == TypeId::kInterval && name == "avg") return input;
    return std::nullopt;
  }
  if (name == "min" || name == "max") {
    if (input == kBool || input == TypeId::kJsonb || input == TypeId::kJson) return std::nullopt;
    return input;
  }
  if (name == "bool_and" || name == "bool_or" || name == "every") {
    if (input != kBool) return std::nullopt;
    return kBool;
  }
  if (name == "array_agg") {
    TypeId array = ArrayTypeOf(input);
    if (array == TypeId::kUnknown) return std::nullopt;
    return array;
  }
  if (name == "string_agg") {
    if (input == TypeId::kBytea) return TypeId::kBytea;
    if (input != kText && input != TypeId::kVarchar) return std::nullopt;
    return kText;
  }
  return std::nullopt;
}

}  // namespace komodo::exec
