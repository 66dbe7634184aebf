// Numeric text I/O, typmods, conversions, ordering, hashing and the two byte encodings.
// Arithmetic is in numeric_arith.cc.
#include "types/numeric.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/coding.h"
#include "types/numeric_internal.h"

namespace komodo {

using numeric_internal::kBase;
using numeric_internal::kDecDigits;
using numeric_internal::Var;

Var NumericAccess::ToVar(const Numeric& n) {
  Var v;
  v.neg = n.negative_;
  v.weight = n.weight_;
  v.dscale = n.dscale_;
  v.d.assign(n.digits_.begin(), n.digits_.end());
  return v;
}

Result<Numeric> NumericAccess::MakeResult(Var v) {
  if (v.dscale < 0) v.dscale = 0;
  if (v.weight > numeric_internal::kMaxWeight || v.weight < numeric_internal::kMinWeight ||
      v.dscale > Numeric::kMaxDscale) {
    return Status::OutOfRange("value overflows numeric format");
  }
  Numeric n;
  n.negative_ = v.neg && !v.d.empty();
  n.weight_ = static_cast<int32_t>(v.weight);
  n.dscale_ = static_cast<int32_t>(v.dscale);
  n.digits_.assign(v.d.begin(), v.d.end());
  return n;
}

namespace {

// C's isspace in the "C" locale, which PostgreSQL's numeric_in uses.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Status InvalidSyntax(std::string_view text) {
  return Status::InvalidText("invalid input syntax for type numeric: \"" + std::string(text) +
                             "\"");
}

// The number part of numeric_in (PostgreSQL's set_var_from_str): from *pos, a sign, digits with
// at most one point, an optional exponent. Leaves *pos after the number. The storage limits are
// checked by the caller, after the check for trailing junk.
Result<Var> ParseNumber(std::string_view text, size_t* pos) {
  size_t p = *pos;
  bool neg = false;
  if (p < text.size() && (text[p] == '+' || text[p] == '-')) neg = text[p++] == '-';
  bool have_point = false;
  if (p < text.size() && text[p] == '.') {
    have_point = true;
    ++p;
  }
  if (p >= text.size() || !IsDigit(text[p])) return InvalidSyntax(text);
  std::vector<int8_t> digits;
  int64_t int_digits = 0;
  int64_t frac_digits = 0;
  while (p < text.size()) {
    if (IsDigit(text[p])) {
      digits.push_back(static_cast<int8_t>(text[p++] - '0'));
      (have_point ? frac_digits : int_digits)++;
    } else if (text[p] == '.') {
      if (have_point) return InvalidSyntax(text);
      have_point = true;
      ++p;
    } else {
      break;
    }
  }
  int64_t exponent = 0;
  if (p < text.size() && (text[p] == 'e' || text[p] == 'E')) {
    ++p;
    // strtol: optional whitespace, sign, digits; saturates on overflow.
    size_t q = p;
    while (q < text.size() && IsSpace(text[q])) ++q;
    bool eneg = false;
    if (q < text.size() && (text[q] == '+' || text[q] == '-')) eneg = text[q++] == '-';
    if (q >= text.size() || !IsDigit(text[q])) return InvalidSyntax(text);
    int64_t e = 0;
    while (q < text.size() && IsDigit(text[q])) {
      if (e < (int64_t{1} << 40)) e = e * 10 + (text[q] - '0');
      ++q;
    }
    p = q;
    exponent = eneg ? -e : e;
    constexpr int64_t kLimit = INT32_MAX / 2;
    if (exponent >= kLimit || exponent <= -kLimit) {
      return Status::OutOfRange("value overflows numeric format");
    }
  }
  *pos = p;

  // Decimal digit i has the decimal weight (power of ten) dweight - i.
  const int64_t dweight = int_digits - 1 + exponent;
  Var v;
  v.neg = neg;
  v.dscale = std::max<int64_t>(frac_digits - exponent, 0);
  const int64_t top = FloorDiv(dweight, kDecDigits);
  const int64_t low = FloorDiv(dweight - static_cast<int64_t>(digits.size()) + 1, kDecDigits);
  v.weight = top;
  v.d.assign(static_cast<size_t>(top - low + 1), 0);
  static constexpr int32_t kPow10[] = {1, 10, 100, 1000};
  for (size_t i = 0; i < digits.size(); ++i) {
    const int64_t dpos = dweight - static_cast<int64_t>(i);
    const int64_t w = FloorDiv(dpos, kDecDigits);
    v.d[static_cast<size_t>(top - w)] += digits[i] * kPow10[dpos - w * kDecDigits];
  }
  numeric_internal::Strip(&v);
  return v;
}

}  // namespace

Result<Numeric> Numeric::Parse(std::string_view text) {
  size_t p = 0;
  while (p < text.size() && IsSpace(text[p])) ++p;
  std::string_view rest = text.substr(p);
  Numeric special;
  bool is_special = true;
  // The order matters: "Infinity" before "inf".
  if (StartsWithNoCase(rest, "nan")) {
    special = NaN();
    p += 3;
  } else if (StartsWithNoCase(rest, "infinity")) {
    special = Infinity();
    p += 8;
  } else if (StartsWithNoCase(rest, "+infinity")) {
    special = Infinity();
    p += 9;
  } else if (StartsWithNoCase(rest, "-infinity")) {
    special = NegativeInfinity();
    p += 9;
  } else if (StartsWithNoCase(rest, "inf")) {
    special = Infinity();
    p += 3;
  } else if (StartsWithNoCase(rest, "+inf")) {
    special = Infinity();
    p += 4;
  } else if (StartsWithNoCase(rest, "-inf")) {
    special = NegativeInfinity();
    p += 4;
  } else {
    is_special = false;
  }
  Numeric result;
  if (is_special) {
    result = special;
  } else {
    size_t end = p;
    Result<Var> v = ParseNumber(text, &end);
    if (!v.ok()) return v.status();
    // Trailing junk is a syntax error even when the value is beyond the limits, as in PostgreSQL.
    for (size_t i = end; i < text.size(); ++i) {
      if (!IsSpace(text[i])) return InvalidSyntax(text);
    }
    return NumericAccess::MakeResult(*std::move(v));
  }
  for (; p < text.size(); ++p) {
    if (!IsSpace(text[p])) return InvalidSyntax(text);
  }
  return result;
}

std::string Numeric::ToString() const {
  switch (kind_) {
    case Kind::kNaN:
      return "NaN";
    case Kind::kPosInfinity:
      return "Infinity";
    case Kind::kNegInfinity:
      return "-Infinity";
    case Kind::kFinite:
      break;
  }
  std::string out;
  if (negative_) out.push_back('-');
  auto digit_at = [&](int64_t w) -> int {
    const int64_t i = weight_ - w;
    return i >= 0 && i < static_cast<int64_t>(digits_.size()) ? digits_[static_cast<size_t>(i)] : 0;
  };
  if (weight_ < 0 || digits_.empty()) {
    out.push_back('0');
  } else {
    out += std::to_string(digit_at(weight_));
    for (int64_t w = weight_ - 1; w >= 0; --w) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "%04d", digit_at(w));
      out += buf;
    }
  }
  if (dscale_ > 0) {
    out.push_back('.');
    const size_t start = out.size();
    for (int64_t w = -1; static_cast<int64_t>(out.size() - start) < dscale_; --w) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "%04d", digit_at(w));
      out += buf;
    }
    out.resize(start + static_cast<size_t>(dscale_));
  }
  return out;
}

Result<int32_t> Numeric::MakeTypmod(int precision, int scale) {
  if (precision < 1 || precision > kMaxPrecision) {
    return Status::InvalidParameter("NUMERIC precision " + std::to_string(precision) +
                                    " must be between 1 and " + std::to_string(kMaxPrecision));
  }
  if (scale < kMinScale || scale > kMaxScale) {
    return Status::InvalidParameter("NUMERIC scale " + std::to_string(scale) + " must be between " +
                                    std::to_string(kMinScale) + " and " +
                                    std::to_string(kMaxScale));
  }
  return static_cast<int32_t>(((precision << 16) | (scale & 0x7ff)) + 4);
}

Result<Numeric> Numeric::ApplyTypmod(int precision, int scale) const {
  auto field_overflow = [&](std::string detail) {
    return Status::OutOfRange("numeric field overflow").WithDetail(std::move(detail));
  };
  const std::string field =
      "A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale);
  if (is_nan()) return *this;
  if (is_infinite()) return field_overflow(field + " cannot hold an infinite value.");
  Var v = NumericAccess::ToVar(*this);
  numeric_internal::RoundVar(&v, scale);
  const int64_t max_digits = precision - scale;  // decimal digits allowed before the point
  if (!v.is_zero()) {
    // Decimal digits before the point: those of d[0] without its leading zeros, then 4 each.
    int lead = 1;
    for (int32_t x = v.d[0]; x >= 10; x /= 10) ++lead;
    const int64_t int_digits = v.weight * kDecDigits + lead;
    if (int_digits > max_digits) {
      const std::string bound = max_digits == 0 ? "1" : "10^" + std::to_string(max_digits);
      return field_overflow(field + " must round to an absolute value less than " + bound + ".");
    }
  }
  return NumericAccess::MakeResult(std::move(v));
}

Result<Numeric> Numeric::ApplyEncodedTypmod(int32_t typmod) const {
  if (!IsValidTypmod(typmod)) return *this;
  return ApplyTypmod(TypmodPrecision(typmod), TypmodScale(typmod));
}

Numeric Numeric::FromInt64(int64_t v) {
  Var r;
  r.neg = v < 0;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (u != 0) {
    r.d.insert(r.d.begin(), static_cast<int32_t>(u % kBase));
    u /= kBase;
  }
  r.weight = static_cast<int64_t>(r.d.size()) - 1;
  numeric_internal::Strip(&r);
  return *NumericAccess::MakeResult(std::move(r));
}

Numeric Numeric::FromDouble(double v) {
  if (std::isnan(v)) return NaN();
  if (std::isinf(v)) return v > 0 ? Infinity() : NegativeInfinity();
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  Result<Numeric> n = Parse(buf);
  assert(n.ok());  // %.15g of a finite double is always valid numeric input within the limits
  return n.ok() ? *std::move(n) : Numeric();
}

Result<int64_t> Numeric::ToInt64() const {
  if (is_nan()) return Status::FeatureNotSupported("cannot convert NaN to bigint");
  if (is_infinite()) return Status::FeatureNotSupported("cannot convert infinity to bigint");
  Var v = NumericAccess::ToVar(*this);
  numeric_internal::RoundVar(&v, 0);
  const Status out_of_range = Status::OutOfRange("bigint out of range");
  if (v.is_zero()) return int64_t{0};
  if (v.weight > 4) return out_of_range;
  using U128 = unsigned __int128;
  U128 mag = 0;
  for (int64_t w = v.weight, i = 0; w >= 0; --w, ++i) {
    mag = mag * kBase + (i < static_cast<int64_t>(v.d.size()) ? v.d[static_cast<size_t>(i)] : 0);
  }
  const U128 limit = v.neg ? (U128{1} << 63) : U128{INT64_MAX};
  if (mag > limit) return out_of_range;
  if (v.neg) return static_cast<int64_t>(0 - static_cast<uint64_t>(mag));
  return static_cast<int64_t>(mag);
}

Result<double> Numeric::ToDouble() const {
  switch (kind_) {
    case Kind::kNaN:
      return std::nan("");
    case Kind::kPosInfinity:
      return HUGE_VAL;
    case Kind::kNegInfinity:
      return -HUGE_VAL;
    case Kind::kFinite:
      break;
  }
  const std::string text = ToString();
  errno = 0;
  const double d = std::strtod(text.c_str(), nullptr);
  if (errno == ERANGE && (d == 0.0 || std::isinf(d))) {
    return Status::OutOfRange("\"" + text + "\" is out of range for type double precision");
  }
  return d;
}

int Numeric::Compare(const Numeric& a, const Numeric& b) {
  auto rank = [](const Numeric& n) {
    switch (n.kind_) {
      case Kind::kNegInfinity:
        return 0;
      case Kind::kFinite:
        return 1;
      case Kind::kPosInfinity:
        return 2;
      case Kind::kNaN:
        return 3;
    }
    return 3;
  };
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 1) return 0;
  const int sa = a.digits_.empty() ? 0 : (a.negative_ ? -1 : 1);
  const int sb = b.digits_.empty() ? 0 : (b.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = 0;
  if (a.weight_ != b.weight_) {
    c = a.weight_ < b.weight_ ? -1 : 1;
  } else {
    const size_t n = std::min(a.digits_.size(), b.digits_.size());
    for (size_t i = 0; i < n && c == 0; ++i) {
      if (a.digits_[i] != b.digits_[i]) c = a.digits_[i] < b.digits_[i] ? -1 : 1;
    }
    if (c == 0 && a.digits_.size() != b.digits_.size()) {
      c = a.digits_.size() < b.digits_.size() ? -1 : 1;
    }
  }
  return sa < 0 ? -c : c;
}

size_t Numeric::Hash() const {
  // FNV-1a over what Compare looks at; dscale is left out. Stripped digits make equal values
  // hash the same input.
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](uint64_t x) {
    for (int i = 0; i < 8; ++i) {
      h ^= (x >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  mix(static_cast<uint64_t>(kind_));
  if (kind_ == Kind::kFinite) {
    mix(negative_);
    mix(static_cast<uint64_t>(static_cast<int64_t>(weight_)));
    for (int16_t d : digits_) mix(static_cast<uint64_t>(d));
  }
  return static_cast<size_t>(h);
}

// ---- Storage encodings ----

namespace {

// EncodeBinary tags. On-disk: never renumber.
constexpr uint8_t kTagPositive = 0;
constexpr uint8_t kTagNegative = 1;
constexpr uint8_t kTagNaN = 2;
constexpr uint8_t kTagInfinity = 3;
constexpr uint8_t kTagNegInfinity = 4;

// EncodeKey markers. On-disk: never renumber.
constexpr uint8_t kKeyNegInfinity = 0x01;
constexpr uint8_t kKeyNegative = 0x02;
constexpr uint8_t kKeyZero = 0x03;
constexpr uint8_t kKeyPositive = 0x04;
constexpr uint8_t kKeyInfinity = 0x05;
constexpr uint8_t kKeyNaN = 0x06;
constexpr int kKeyWeightBias = 32768;

Status BadBinary(std::string_view why) {
  return Status::Corruption("invalid numeric binary encoding: " + std::string(why));
}
Status BadKey(std::string_view why) {
  return Status::Corruption("invalid numeric key: " + std::string(why));
}

void Put16(std::string* out, uint32_t v, uint8_t mask) {
  out->push_back(static_cast<char>(((v >> 8) & 0xff) ^ mask));
  out->push_back(static_cast<char>((v & 0xff) ^ mask));
}

bool Get16(std::string_view* in, uint8_t mask, uint32_t* v) {
  if (in->size() < 2) return false;
  *v = ((static_cast<uint8_t>((*in)[0]) ^ mask) << 8) | (static_cast<uint8_t>((*in)[1]) ^ mask);
  in->remove_prefix(2);
  return true;
}

// The smallest dscale that shows every digit of a stripped Var.
int64_t MinimalDscale(const Var& v) {
  if (v.is_zero()) return 0;
  const int64_t low = v.weight - static_cast<int64_t>(v.d.size()) + 1;
  if (low >= 0) return 0;
  int64_t scale = -low * kDecDigits;
  for (int32_t x = v.d.back(); x % 10 == 0; x /= 10) --scale;
  return scale;
}

// Checks what every Numeric guarantees about its digits.
bool ValidDigits(const Var& v) {
  for (int32_t x : v.d) {
    if (x < 0 || x >= kBase) return false;
  }
  return v.d.empty() || (v.d.front() != 0 && v.d.back() != 0);
}

}  // namespace

void Numeric::EncodeBinary(std::string* out) const {
  switch (kind_) {
    case Kind::kNaN:
      out->push_back(static_cast<char>(kTagNaN));
      return;
    case Kind::kPosInfinity:
      out->push_back(static_cast<char>(kTagInfinity));
      return;
    case Kind::kNegInfinity:
      out->push_back(static_cast<char>(kTagNegInfinity));
      return;
    case Kind::kFinite:
      break;
  }
  out->push_back(static_cast<char>(negative_ ? kTagNegative : kTagPositive));
  PutVarint64(out, static_cast<uint64_t>(dscale_));
  PutZigZag64(out, weight_);
  for (int16_t d : digits_) Put16(out, static_cast<uint32_t>(d), 0);
}

Result<Numeric> Numeric::DecodeBinary(std::string_view in) {
  if (in.empty()) return BadBinary("empty");
  const auto tag = static_cast<uint8_t>(in[0]);
  in.remove_prefix(1);
  if (tag == kTagNaN || tag == kTagInfinity || tag == kTagNegInfinity) {
    if (!in.empty()) return BadBinary("trailing bytes");
    return tag == kTagNaN ? NaN() : tag == kTagInfinity ? Infinity() : NegativeInfinity();
  }
  if (tag != kTagPositive && tag != kTagNegative) return BadBinary("unknown tag");
  uint64_t dscale;
  int64_t weight;
  if (!GetVarint64(&in, &dscale) || !GetZigZag64(&in, &weight)) return BadBinary("truncated");
  if (in.size() % 2 != 0) return BadBinary("odd digit bytes");
  if (dscale > kMaxDscale) return BadBinary("dscale out of range");
  Var v;
  v.neg = tag == kTagNegative;
  v.weight = weight;
  v.dscale = static_cast<int64_t>(dscale);
  uint32_t d;
  while (Get16(&in, 0, &d)) v.d.push_back(static_cast<int32_t>(d));
  if (!ValidDigits(v) || (v.d.empty() && (v.neg || weight != 0))) return BadBinary("digits");
  if (MinimalDscale(v) > v.dscale) return BadBinary("digits beyond dscale");
  Result<Numeric> n = NumericAccess::MakeResult(std::move(v));
  if (!n.ok()) return BadBinary("beyond the numeric limits");
  return n;
}

void Numeric::EncodeKey(std::string* out) const {
  switch (kind_) {
    case Kind::kNaN:
      out->push_back(static_cast<char>(kKeyNaN));
      return;
    case Kind::kPosInfinity:
      out->push_back(static_cast<char>(kKeyInfinity));
      return;
    case Kind::kNegInfinity:
      out->push_back(static_cast<char>(kKeyNegInfinity));
      return;
    case Kind::kFinite:
      break;
  }
  if (digits_.empty()) {
    out->push_back(static_cast<char>(kKeyZero));
    return;
  }
  out->push_back(static_cast<char>(negative_ ? kKeyNegative : kKeyPositive));
  // A larger weight means a larger magnitude (the first digit is non-zero); among equal weights
  // the digits decide, and the 0x0000 terminator sorts below every digit + 1, so a value whose
  // digits are a prefix of another's (1 vs 1.0001) sorts first. Negatives invert all of it.
  const uint8_t mask = negative_ ? 0xff : 0x00;
  Put16(out, static_cast<uint32_t>(weight_ + kKeyWeightBias), mask);
  for (int16_t d : digits_) Put16(out, static_cast<uint32_t>(d) + 1, mask);
  Put16(out, 0, mask);
}

Status Numeric::DecodeKey(std::string_view* in, Numeric* out) {
  if (in->empty()) return BadKey("truncated");
  const auto marker = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  switch (marker) {
    case kKeyNaN:
      *out = NaN();
      return Status::OK();
    case kKeyInfinity:
      *out = Infinity();
      return Status::OK();
    case kKeyNegInfinity:
      *out = NegativeInfinity();
      return Status::OK();
    case kKeyZero:
      *out = Numeric();
      return Status::OK();
    case kKeyPositive:
    case kKeyNegative:
      break;
    default:
      return BadKey("unknown marker");
  }
  const uint8_t mask = marker == kKeyNegative ? 0xff : 0x00;
  uint32_t w;
  if (!Get16(in, mask, &w)) return BadKey("truncated");
  Var v;
  v.neg = marker == kKeyNegative;
  v.weight = static_cast<int64_t>(w) - kKeyWeightBias;
  while (true) {
    uint32_t d;
    if (!Get16(in, mask, &d)) return BadKey("truncated");
    if (d == 0) break;
    v.d.push_back(static_cast<int32_t>(d) - 1);
  }
  if (v.d.empty() || !ValidDigits(v)) return BadKey("digits");
  v.dscale = MinimalDscale(v);
  Result<Numeric> n = NumericAccess::MakeResult(std::move(v));
  if (!n.ok()) return BadKey("beyond the numeric limits");
  *out = *std::move(n);
  return Status::OK();
}

}  // namespace komodo
