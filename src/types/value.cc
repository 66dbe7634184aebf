// Type names and the PostgreSQL 15 text input/output functions (int4in, float8out, byteain, ...)
// for the types of value.h. Inputs, outputs, SQLSTATEs and messages were checked against a
// PostgreSQL 15 server (UTF8, DateStyle "ISO, MDY", TimeZone UTC, bytea_output hex,
// extra_float_digits 1); tests/unit/types/value_test.cc pins them.
#include "komodo/value.h"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "types/array.h"
#include "types/datetime.h"
#include "types/interval.h"
#include "types/jsonb.h"
#include "types/utf8.h"

namespace komodo {
namespace {

// isspace() in the C locale, which is what PostgreSQL's input functions skip.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Status InvalidSyntax(TypeId type, std::string_view text) {
  return Status::InvalidText(
      fmt::format("invalid input syntax for type {}: \"{}\"", TypeName(type), text));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---- integers and booleans ---------------------------------------------------------------------

// pg_strtoint16/32/64: optional spaces, optional sign, digits, optional spaces. Overflow is
// reported as soon as the digits so far exceed the range, even if junk follows.
Result<Value> ParseInt(TypeId type, std::string_view text, int64_t min, int64_t max) {
  size_t i = 0, n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i == n || !IsDigit(text[i])) return InvalidSyntax(type, text);
  uint64_t limit = negative ? uint64_t{0} - static_cast<uint64_t>(min) : static_cast<uint64_t>(max);
  uint64_t magnitude = 0;
  for (; i < n && IsDigit(text[i]); ++i) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) {
      return Status::OutOfRange(
          fmt::format("value \"{}\" is out of range for type {}", text, TypeName(type)));
    }
    magnitude = magnitude * 10 + digit;
  }
  while (i < n && IsSpace(text[i])) ++i;
  if (i != n) return InvalidSyntax(type, text);
  int64_t v =
      negative ? static_cast<int64_t>(uint64_t{0} - magnitude) : static_cast<int64_t>(magnitude);
  switch (type) {
    case TypeId::kInt2:
      return Value::Int2(static_cast<int16_t>(v));
    case TypeId::kInt4:
      return Value::Int4(static_cast<int32_t>(v));
    default:
      return Value::Int8(v);
  }
}

// boolin: a case-insensitive prefix of true/false/yes/no (at least "on"/"of" for on/off), or
// 1/0, surrounded by optional spaces.
Result<Value> ParseBool(std::string_view text) {
  std::string_view s = TrimSpace(text);
  auto prefix_of = [&](std::string_view word, size_t min_len) {
    return s.size() >= min_len && s.size() <= word.size() &&
           EqualsIgnoreCase(s, word.substr(0, s.size()));
  };
  if (!s.empty()) {
    if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || s == "1") {
      return Value::Bool(true);
    }
    if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || s == "0") {
      return Value::Bool(false);
    }
  }
  return InvalidSyntax(TypeId::kBool, text);
}

// ---- floats ------------------------------------------------------------------------------------

// float4in/float8in: strtof/strtod between optional spaces. strtod's grammar (decimal, hex
// "0x1p3", inf, infinity, nan) is what std::from_chars reads, once the sign and the "0x" are
// taken off. Overflow, and underflow to zero, are 22003; subnormal results are kept.
template <typename T>
Result<Value> ParseFloat(TypeId type, std::string_view text) {
  size_t i = 0, n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  const char* num = text.data() + i;
  const char* end = text.data() + n;
  const char* p = num;
  bool negative = false;
  if (p < end && (*p == '+' || *p == '-')) negative = *p++ == '-';
  T v = 0;
  std::from_chars_result r{p, std::errc::invalid_argument};
  if (p < end && *p != '+' && *p != '-') {
    if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        (HexValue(p[2]) >= 0 || p[2] == '.')) {
      r = std::from_chars(p + 2, end, v, std::chars_format::hex);
    } else {
      r = std::from_chars(p, end, v, std::chars_format::general);
    }
  }
  if (r.ec == std::errc::result_out_of_range) {
    // float8in quotes the number it read; float4in quotes the whole input.
    std::string_view shown = type == TypeId::kFloat4 ? text : std::string_view(num, r.ptr - num);
    return Status::OutOfRange(
        fmt::format("\"{}\" is out of range for type {}", shown, TypeName(type)));
  }
  if (r.ec != std::errc()) return InvalidSyntax(type, text);
  const char* q = r.ptr;
  while (q < end && IsSpace(*q)) ++q;
  if (q != end) return InvalidSyntax(type, text);
  if (negative) v = -v;
  if (type == TypeId::kFloat4) return Value::Float4(static_cast<float>(v));
  return Value::Float8(static_cast<double>(v));
}

// float4out/float8out with extra_float_digits = 1 print the shortest decimal that reads back as
// the value, chosen by PostgreSQL's copy of Ryu built without STRICTLY_SHORTEST: the decimal must
// lie strictly inside the value's rounding interval, never on a midpoint to a neighbour even when
// round-half-even would read it back correctly. std::to_chars does accept such midpoints (for
// even mantissas), so its answer is checked exactly and, when it is a midpoint, replaced by the
// shortest decimal strictly inside, the one nearest the value.

// k * 10^q.
struct Decimal {
  uint64_t k;
  int q;
};

// odd * 2^exp2.
struct Dyadic {
  uint64_t odd;
  int exp2;
};

Dyadic MakeDyadic(uint64_t m, int exp2) {
  int tz = std::countr_zero(m);
  return {m >> tz, exp2 + tz};
}

// Exactly whether k * 10^q == d, for k > 0: compare powers of two, then odd parts.
bool DecimalEquals(Decimal c, Dyadic d) {
  int tz = std::countr_zero(c.k);
  uint64_t odd = c.k >> tz;
  if (tz + c.q != d.exp2) return false;
  // q >= 0: odd * 5^q == d.odd. q < 0: odd == d.odd * 5^-q (else k * 10^q is not dyadic).
  unsigned __int128 x = c.q >= 0 ? odd : d.odd;
  uint64_t target = c.q >= 0 ? d.odd : odd;
  for (int i = 0; i < std::abs(c.q); ++i) {
    x *= 5;
    if (x > target) return false;
  }
  return x == target;
}

// The midpoints between finite v > 0 and its neighbours.
template <typename T>
std::pair<Dyadic, Dyadic> RoundingBounds(T v) {
  using Bits = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;
  constexpr int kMantissaBits = std::numeric_limits<T>::digits - 1;
  constexpr int kExponentBias = std::numeric_limits<T>::max_exponent - 1 + kMantissaBits;
  Bits bits = std::bit_cast<Bits>(v);
  uint64_t fraction = bits & ((Bits{1} << kMantissaBits) - 1);
  int biased = static_cast<int>(bits >> kMantissaBits);
  uint64_t m = biased == 0 ? fraction : fraction | (uint64_t{1} << kMantissaBits);
  int e = (biased == 0 ? 1 : biased) - kExponentBias;  // v = m * 2^e
  Dyadic upper = MakeDyadic(2 * m + 1, e - 1);
  // Below a power of two the neighbour is half as far away.
  Dyadic lower =
      fraction == 0 && biased > 1 ? MakeDyadic(4 * m - 1, e - 2) : MakeDyadic(2 * m - 1, e - 1);
  return {lower, upper};
}

// v > 0 as a decimal: the shortest std::to_chars gives, or rounded to `digits` digits.
template <typename T>
Decimal ToDecimal(T v, int digits) {
  char buf[64];
  auto r = digits > 0
               ? std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific, digits - 1)
               : std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, r.ptr - buf);  // "1.2345e+17", "5e-324"
  size_t e = sci.find('e');
  Decimal d{0, 0};
  int n = 0;
  for (char c : sci.substr(0, e)) {
    if (IsDigit(c)) d.k = d.k * 10 + static_cast<uint64_t>(c - '0'), ++n;
  }
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), d.q);
  d.q -= n - 1;
  return d;
}

template <typename T>
T ReadBack(Decimal c) {
  std::string text = fmt::format("{}e{}", c.k, c.q);
  T v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

template <typename T>
Decimal ShortestDecimal(T v) {
  auto [lower, upper] = RoundingBounds(v);
  Decimal best = ToDecimal(v, 0);
  if (!DecimalEquals(best, lower) && !DecimalEquals(best, upper)) return best;
  auto inside = [&](Decimal c) {
    return c.k != 0 && ReadBack<T>(c) == v && !DecimalEquals(c, lower) && !DecimalEquals(c, upper);
  };
  constexpr int kMaxDigits = std::numeric_limits<T>::max_digits10;
  int shortest_len = static_cast<int>(std::to_string(best.k).size());
  for (int n = shortest_len + 1; n <= kMaxDigits; ++n) {
    Decimal c = ToDecimal(v, n);
    if (inside(c)) return c;
    // The nearest n-digit decimal is outside (or on a bound); its neighbour towards v may not be.
    bool below = DecimalEquals(c, lower) || (!DecimalEquals(c, upper) && ReadBack<T>(c) < v);
    Decimal next{below ? c.k + 1 : c.k - 1, c.q};
    if (inside(next)) return next;
  }
  return ToDecimal(v, kMaxDigits);
}

// Lays the digits out as PostgreSQL does: fixed notation when the decimal exponent is in
// [-4, fixed_limit) (15 for double, 6 for float), else d.ddde+XX.
template <typename T>
std::string FormatFloat(T v, int fixed_limit) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  std::string out = std::signbit(v) ? "-" : "";
  if (v == 0) return out + "0";
  Decimal d = ShortestDecimal(std::abs(v));
  while (d.k % 10 == 0) d.k /= 10, ++d.q;
  std::string digits = std::to_string(d.k);
  int len = static_cast<int>(digits.size());
  int exp = d.q + len - 1;
  if (exp >= -4 && exp < fixed_limit) {
    if (exp < 0) {
      out += "0." + std::string(-exp - 1, '0') + digits;
    } else if (len <= exp + 1) {
      out += digits + std::string(exp + 1 - len, '0');
    } else {
      out += digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (len > 1) out += "." + digits.substr(1);
  return out + fmt::format("e{}{:02}", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

// ---- bytea -------------------------------------------------------------------------------------

// byteain: "\x" then hex pairs (whitespace allowed between pairs), or the escape format where
// "\\" is a backslash and "\ooo" an octal byte.
Result<Value> ParseBytea(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    for (size_t i = 2; i < text.size();) {
      char c = text[i];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      int hi = HexValue(c);
      auto bad_digit = [&](size_t at) {
        size_t len =
            std::min<size_t>(Utf8Length(static_cast<unsigned char>(text[at])), text.size() - at);
        return Status::InvalidParameter(
            fmt::format("invalid hexadecimal digit: \"{}\"", text.substr(at, len)));
      };
      if (hi < 0) return bad_digit(i);
      if (i + 1 >= text.size()) {
        return Status::InvalidParameter("invalid hexadecimal data: odd number of digits");
      }
      int lo = HexValue(text[i + 1]);
      if (lo < 0) return bad_digit(i + 1);
      out.push_back(static_cast<char>(hi << 4 | lo));
      i += 2;
    }
    return Value::Bytea(std::move(out));
  }
  auto is_octal = [](char c, char max) { return c >= '0' && c <= max; };
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out.push_back(text[i++]);
    } else if (i + 3 < text.size() && is_octal(text[i + 1], '3') && is_octal(text[i + 2], '7') &&
               is_octal(text[i + 3], '7')) {
      out.push_back(static_cast<char>((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 |
                                      (text[i + 3] - '0')));
      i += 4;
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      i += 2;
    } else {
      return Status::InvalidText("invalid input syntax for type bytea");
    }
  }
  return Value::Bytea(std::move(out));
}

std::string HexString(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char b : bytes) {
    out.push_back(kHex[static_cast<unsigned char>(b) >> 4]);
    out.push_back(kHex[static_cast<unsigned char>(b) & 0xf]);
  }
  return out;
}

// ---- uuid --------------------------------------------------------------------------------------

// uuid_in: 32 hex digits, optionally in braces, with a '-' allowed after any group of four
// digits (except at the end). No surrounding spaces.
Result<Value> ParseUuid(std::string_view text) {
  std::string_view s = text;
  bool braces = !s.empty() && s.front() == '{';
  if (braces) s.remove_prefix(1);
  std::string bytes;
  for (int i = 0; i < 16; ++i) {
    if (s.size() < 2 || HexValue(s[0]) < 0 || HexValue(s[1]) < 0) {
      return InvalidSyntax(TypeId::kUuid, text);
    }
    bytes.push_back(static_cast<char>(HexValue(s[0]) << 4 | HexValue(s[1])));
    s.remove_prefix(2);
    if (!s.empty() && s.front() == '-' && i % 2 == 1 && i < 15) s.remove_prefix(1);
  }
  if (braces) {
    if (s.empty() || s.front() != '}') return InvalidSyntax(TypeId::kUuid, text);
    s.remove_prefix(1);
  }
  if (!s.empty()) return InvalidSyntax(TypeId::kUuid, text);
  return Value::Uuid(std::move(bytes));
}

std::string FormatUuid(std::string_view bytes) {
  std::string hex = HexString(bytes);
  if (hex.size() != 32) return hex;  // not a valid uuid datum; show what is there
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// Every spelling TypeFromName accepts; the first one listed for a type is format_type()'s name.
constexpr struct {
  TypeId type;
  std::string_view name;
} kTypeSpellings[] = {
    {TypeId::kBool, "boolean"},
    {TypeId::kBool, "bool"},
    {TypeId::kBytea, "bytea"},
    {TypeId::kInt2, "smallint"},
    {TypeId::kInt2, "int2"},
    {TypeId::kInt2Vector, "int2vector"},
    {TypeId::kInt4, "integer"},
    {TypeId::kInt4, "int"},
    {TypeId::kInt4, "int4"},
    {TypeId::kInt8, "bigint"},
    {TypeId::kInt8, "int8"},
    {TypeId::kFloat4, "real"},
    {TypeId::kFloat4, "float4"},
    {TypeId::kFloat8, "double precision"},
    {TypeId::kFloat8, "float8"},
    {TypeId::kFloat8, "float"},
    {TypeId::kNumeric, "numeric"},
    {TypeId::kNumeric, "decimal"},
    {TypeId::kText, "text"},
    {TypeId::kVarchar, "character varying"},
    {TypeId::kBpchar, "character"},
    {TypeId::kBpchar, "bpchar"},
    {TypeId::kVarchar, "varchar"},
    {TypeId::kDate, "date"},
    {TypeId::kTimestamp, "timestamp without time zone"},
    {TypeId::kTimestamp, "timestamp"},
    {TypeId::kTimestampTz, "timestamp with time zone"},
    {TypeId::kTimestampTz, "timestamptz"},
    {TypeId::kInterval, "interval"},
    {TypeId::kTime, "time without time zone"},
    {TypeId::kTime, "time"},
    {TypeId::kUuid, "uuid"},
    {TypeId::kJsonb, "jsonb"},
    {TypeId::kJson, "json"},
};

}  // namespace

std::string_view TypeName(TypeId type) {
  if (type == TypeId::kRecord) return "record";  // a pseudo-type: no column can be declared so
  for (const auto& spelling : kTypeSpellings) {
    if (spelling.type == type) return spelling.name;
  }
  if (IsArrayType(type)) {
    // format_type's "integer[]": built once per array type.
    static const auto* kArrayNames = [] {
      auto* names = new std::vector<std::pair<TypeId, std::string>>();
      for (const auto& spelling : kTypeSpellings) {
        TypeId array = ArrayTypeOf(spelling.type);
        bool seen = false;
        for (const auto& [t, n] : *names) seen |= t == array;
        if (array != TypeId::kUnknown && !seen) {
          names->emplace_back(array, std::string(spelling.name) + "[]");
        }
      }
      return names;
    }();
    for (const auto& [t, n] : *kArrayNames) {
      if (t == type) return n;
    }
  }
  return "unknown";
}

TypeId TypeFromName(std::string_view name) {
  // Lower-case, collapse runs of spaces, and drop a "pg_catalog." qualifier.
  std::string n;
  for (char c : TrimSpace(name)) {
    if (!IsSpace(c)) {
      n.push_back(ToLower(c));
    } else if (n.back() != ' ') {
      n.push_back(' ');
    }
  }
  if (n.starts_with("pg_catalog.")) n.erase(0, std::strlen("pg_catalog."));
  // "integer[]" and the catalog's "_int4" name array types.
  if (n.size() > 2 && n.ends_with("[]"))
    return ArrayTypeOf(TypeFromName(n.substr(0, n.size() - 2)));
  if (n.size() > 1 && n[0] == '_') {
    TypeId element = TypeFromName(n.substr(1));
    if (element != TypeId::kUnknown && PhysicalTypeOf(element) != PhysicalType::kArray) {
      return ArrayTypeOf(element);
    }
  }
  for (const auto& spelling : kTypeSpellings) {
    if (n == spelling.name) return spelling.type;
  }
  return TypeId::kUnknown;
}

PhysicalType PhysicalTypeOf(TypeId type) {
  switch (type) {
    case TypeId::kUnknown:
      return PhysicalType::kNull;
    case TypeId::kBool:
      return PhysicalType::kBool;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return PhysicalType::kInt;
    case TypeId::kInterval:
      return PhysicalType::kInterval;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return PhysicalType::kFloat;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kUuid:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return PhysicalType::kString;
    case TypeId::kNumeric:
      return PhysicalType::kNumeric;
    case TypeId::kRecord:
      return PhysicalType::kArray;
    default:
      break;
  }
  return IsArrayType(type) ? PhysicalType::kArray : PhysicalType::kNull;
}

// kUnknown keeps the text as it is: an untyped literal whose type a later cast decides.
Result<Value> Value::FromText(TypeId type, std::string_view text) {
  Status utf8 = ValidateUtf8(text);
  if (!utf8.ok()) return utf8;
  switch (type) {
    case TypeId::kUnknown:
      return Value(TypeId::kUnknown, std::string(text));
    case TypeId::kBool:
      return ParseBool(text);
    case TypeId::kInt2:
      return ParseInt(type, text, std::numeric_limits<int16_t>::min(),
                      std::numeric_limits<int16_t>::max());
    case TypeId::kInt4:
      return ParseInt(type, text, std::numeric_limits<int32_t>::min(),
                      std::numeric_limits<int32_t>::max());
    case TypeId::kInt8:
      return ParseInt(type, text, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max());
    case TypeId::kFloat4:
      return ParseFloat<float>(type, text);
    case TypeId::kFloat8:
      return ParseFloat<double>(type, text);
    case TypeId::kText:
      return Value::Text(std::string(text));
    case TypeId::kVarchar:
      return Value::Varchar(std::string(text));
    case TypeId::kBpchar:
      return Value::Bpchar(std::string(text));
    case TypeId::kBytea:
      return ParseBytea(text);
    case TypeId::kUuid:
      return ParseUuid(text);
    case TypeId::kJsonb: {
      Result<std::string> encoding = jsonb::FromText(text);
      if (!encoding.ok()) return encoding.status();
      return Value::Jsonb(std::move(*encoding));
    }
    case TypeId::kJson: {
      Status valid = jsonb::Validate(text);
      if (!valid.ok()) return valid;
      return Value::Json(std::string(text));
    }
    case TypeId::kNumeric: {
      Result<komodo::Numeric> n = komodo::Numeric::Parse(text);
      if (!n.ok()) return n.status();
      return Value::Numeric(std::move(*n));
    }
    case TypeId::kDate: {
      Result<int32_t> days = ParseDate(text);
      if (!days.ok()) return days.status();
      return Value::Date(*days);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      Result<int64_t> micros = ParseTimestamp(text, type == TypeId::kTimestampTz);
      if (!micros.ok()) return micros.status();
      return type == TypeId::kTimestamp ? Value::Timestamp(*micros) : Value::TimestampTz(*micros);
    }
    case TypeId::kTime: {
      Result<int64_t> micros = ParseTime(text);
      if (!micros.ok()) return micros.status();
      return Value::Time(*micros);
    }
    case TypeId::kInterval: {
      Result<komodo::Interval> v = ParseInterval(text);
      if (!v.ok()) return v.status();
      return Value::Interval(*v);
    }
    default:
      if (IsArrayType(type)) return ParseArray(type, text);
      break;
  }
  return Status::FeatureNotSupported(
      fmt::format("type with OID {} is not supported", static_cast<uint32_t>(type)));
}

std::string Value::ToText() const {
  if (is_null()) return "";
  switch (type_) {
    case TypeId::kBool:
      return bool_value() ? "t" : "f";
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return std::to_string(int_value());
    case TypeId::kFloat4:
      return FormatFloat(static_cast<float>(float_value()), 6);
    case TypeId::kFloat8:
      return FormatFloat(float_value(), 15);
    case TypeId::kUnknown:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return string_value();
    case TypeId::kBytea:
      return "\\x" + HexString(string_value());
    case TypeId::kUuid:
      return FormatUuid(string_value());
    case TypeId::kJsonb:
      return jsonb::ToText(string_value());
    case TypeId::kJson:
      return string_value();
    case TypeId::kNumeric:
      return numeric_value().ToString();
    case TypeId::kDate:
      return FormatDate(static_cast<int32_t>(int_value()));
    case TypeId::kTimestamp:
      return FormatTimestamp(int_value(), /*with_time_zone=*/false);
    case TypeId::kTimestampTz:
      return FormatTimestamp(int_value(), /*with_time_zone=*/true);
    case TypeId::kTime:
      return FormatTime(int_value());
    case TypeId::kInterval:
      return FormatInterval(interval_value());
    default:
      if (IsArrayType(type_) || type_ == TypeId::kRecord) return FormatArray(*this);
      break;
  }
  return "";
}

}  // namespace komodo
