// Numeric: PostgreSQL 15's `numeric`, an exact decimal with a display scale, NaN and infinities.
//
// Representation (PostgreSQL's): a sign, base-10000 digits most significant first, the weight of
// the first digit (value = sum digit[i] * 10000^(weight - i)) and the display scale `dscale`, the
// number of decimal digits shown after the point. Invariants of every Numeric:
//   - digits are stripped: no leading or trailing zero digit; zero has no digits, weight 0 and is
//     never negative ("-0.00" reads as 0.00);
//   - no non-zero decimal digit lies beyond dscale;
//   - PostgreSQL's storage limits hold: weight in [-32768, 32767] (at most 131072 decimal digits
//     before the point) and dscale in [0, 16383]. An operation whose result breaks them fails
//     with 22003 "value overflows numeric format".
// NaN and the infinities carry no digits and dscale 0.
//
// Every fallible operation returns a Status with PostgreSQL's SQLSTATE and message text. A
// Numeric is an immutable value: cheap to move, copyable (copying allocates for the digits),
// thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/result.h"
#include "komodo/status.h"

namespace komodo {

class Numeric {
 public:
  enum class Kind : uint8_t { kFinite, kNaN, kPosInfinity, kNegInfinity };

  // Limits, as PostgreSQL 15 defines them (numeric.h / numeric.c).
  static constexpr int kMaxPrecision = 1000;  // numeric(p, s): 1 <= p <= 1000
  static constexpr int kMinScale = -1000;     // -1000 <= s <= 1000
  static constexpr int kMaxScale = 1000;
  static constexpr int kMaxDscale = 16383;          // digits after the point a value can hold
  static constexpr int kMaxDisplayScale = 1000;     // cap on the scale division etc. choose
  static constexpr int kMinSignificantDigits = 16;  // what division, sqrt and power aim for
  // round()/trunc() clamp their scale to [kMinRoundScale, kMaxDscale] (PostgreSQL 15.18).
  static constexpr int kMinRoundScale = -(32767 + 1) * 4;

  Numeric() = default;  // 0 (dscale 0)
  static Numeric NaN() { return Numeric(Kind::kNaN); }
  static Numeric Infinity() { return Numeric(Kind::kPosInfinity); }
  static Numeric NegativeInfinity() { return Numeric(Kind::kNegInfinity); }

  // ---- Text I/O (what Value's text input and output call) ----

  // PostgreSQL's numeric_in: optional surrounding whitespace, "NaN", "Infinity", "+Infinity",
  // "-Infinity", "inf", "+inf", "-inf" (case-insensitive), or [+-]digits[.digits][e[+-]digits]
  // with at least one digit ("1.", ".5" and "1e 5" are accepted, as in PostgreSQL).
  // dscale is the number of digits after the point minus the exponent, at least 0.
  // Errors: 22P02 `invalid input syntax for type numeric: "<text>"`; 22003 "value overflows
  // numeric format" when the value is beyond the limits above.
  static Result<Numeric> Parse(std::string_view text);

  // PostgreSQL's numeric_out: "-12.3400" (exactly dscale digits after the point), "NaN",
  // "Infinity", "-Infinity". Never uses an exponent.
  std::string ToString() const;

  // ---- Type modifier numeric(p, s) ----

  // numerictypmodin: validates p (and s, default 0) and returns ((p << 16) | (s & 0x7ff)) + 4.
  // Errors: 22023 "NUMERIC precision P must be between 1 and 1000",
  //         22023 "NUMERIC scale S must be between -1000 and 1000".
  static Result<int32_t> MakeTypmod(int precision, int scale = 0);
  // False for -1 ("no typmod") and anything else below 4.
  static bool IsValidTypmod(int32_t typmod) { return typmod >= 4; }
  // Precondition: IsValidTypmod(typmod).
  static int TypmodPrecision(int32_t typmod) { return ((typmod - 4) >> 16) & 0xffff; }
  static int TypmodScale(int32_t typmod) { return (((typmod - 4) & 0x7ff) ^ 1024) - 1024; }

  // Coerces to numeric(precision, scale) as PostgreSQL's apply_typmod does: rounds half away
  // from zero to `scale` digits (dscale becomes max(scale, 0)) and checks the integer part.
  // NaN passes through. Precondition: the arguments are valid (see MakeTypmod).
  // Errors: 22003 "numeric field overflow", with the detail "A field with precision P, scale S
  // must round to an absolute value less than 10^(P-S)." (or "...less than 1." when P == S), or
  // for an infinity "A field with precision P, scale S cannot hold an infinite value."
  Result<Numeric> ApplyTypmod(int precision, int scale) const;
  // The same for an encoded typmod; a typmod that is not IsValidTypmod (-1) changes nothing.
  Result<Numeric> ApplyEncodedTypmod(int32_t typmod) const;

  // ---- Arithmetic (PostgreSQL 15's operators and functions) ----
  //
  // Result scales: a + b, a - b: max(dscale); a * b: the sum (rounded to 16383 when larger);
  // a / b: PostgreSQL's select_div_scale (at least 16 significant digits, at least either
  // input's dscale, at most 1000), rounded half away from zero; a % b: max(dscale), the sign of a.
  // Special values: NaN in, NaN out; Inf - Inf, Inf + -Inf, 0 * Inf, Inf / Inf and Inf % x
  // are NaN; x / Inf is 0; x % Inf is x.
  // Errors: 22012 "division by zero" for x / 0 and x % 0 (Inf / 0 too, NaN / 0 is NaN);
  // 22003 "value overflows numeric format" when the result is beyond the limits.
  static Result<Numeric> Add(const Numeric& a, const Numeric& b);
  static Result<Numeric> Sub(const Numeric& a, const Numeric& b);
  static Result<Numeric> Mul(const Numeric& a, const Numeric& b);
  static Result<Numeric> Div(const Numeric& a, const Numeric& b);
  static Result<Numeric> Mod(const Numeric& a, const Numeric& b);

  // a ^ b, power(a, b). For an integral exponent in int32 range the result scale is
  // max(16, a's dscale) (capped at 1000), as in PostgreSQL 15 (2 ^ 3 is 8.0000000000000000);
  // the infinities and NaN follow PostgreSQL's POSIX-like table (x ^ 0 = 1, 1 ^ y = 1, ...).
  // Errors: 2201F "zero raised to a negative power is undefined", 2201F "a negative number
  // raised to a non-integer power yields a complex result", 22003 on overflow, and 0A000 for a
  // non-integral exponent of a finite base other than 0 and 1: ln/exp are not implemented yet.
  // An integral exponent beyond int32 overflows (22003) or underflows to 0 with dscale 1000.
  static Result<Numeric> Power(const Numeric& base, const Numeric& exponent);

  Numeric Negate() const;  // -x; 0 stays 0, NaN stays NaN
  Numeric Abs() const;
  // sign(x): -1, 0 or 1 with dscale 0; NaN for NaN, 1 / -1 for the infinities.
  Numeric Sign() const;

  // round(x, s) / trunc(x, s): rounds half away from zero (or truncates) at 10^-s; s may be
  // negative (round(1234.5, -2) = 1200) and is clamped to [-131072, 16383]; the result's dscale is
  // max(s, 0). NaN and the infinities come back unchanged.
  // Errors: 22003 "value overflows numeric format" (rounding up can add a digit).
  Result<Numeric> Round(int scale = 0) const;
  Result<Numeric> Trunc(int scale = 0) const;
  // ceil / floor: dscale 0; NaN and the infinities unchanged.
  Result<Numeric> Ceil() const;
  Result<Numeric> Floor() const;
  // sqrt(x), correctly rounded to PostgreSQL's scale (at least 16 significant digits, at least
  // x's dscale). sqrt(Inf) = Inf, sqrt(NaN) = NaN.
  // Errors: 2201F "cannot take square root of a negative number" (also for -Inf).
  Result<Numeric> Sqrt() const;

  // ---- Conversions ----

  static Numeric FromInt64(int64_t v);  // dscale 0
  // float8 -> numeric as PostgreSQL 15 does it: the double printed with 15 significant digits
  // ("%.15g", DBL_DIG) and read back, so 0.1 -> 0.1 and 1.0/3 -> 0.333333333333333. NaN and
  // the infinities map to NaN and the infinities.
  static Numeric FromDouble(double v);
  // numeric -> bigint, rounding half away from zero. Callers narrow further for int/smallint.
  // Errors: 22003 "bigint out of range"; 0A000 "cannot convert NaN to bigint" /
  // "cannot convert infinity to bigint".
  Result<int64_t> ToInt64() const;
  // numeric -> float8 through the text form, as PostgreSQL does (correctly rounded).
  // NaN and the infinities map to their doubles.
  // Errors: 22003 "\"<text>\" is out of range for type double precision" when the value
  // overflows a double or underflows to zero.
  Result<double> ToDouble() const;

  // ---- Ordering, equality, hashing ----

  // PostgreSQL's btree order: -Infinity < finite values < Infinity < NaN, NaN = NaN, and the
  // display scale is ignored (1.0 = 1.00). Negative, zero or positive.
  static int Compare(const Numeric& a, const Numeric& b);
  // Consistent with Compare: Compare(a, b) == 0 implies equal hashes (1.0 and 1.00 hash alike).
  size_t Hash() const;
  // Identical datum, dscale included (1.0 != 1.00 here); this is not SQL equality.
  bool operator==(const Numeric& other) const = default;

  // ---- Storage ----

  // Compact value encoding that keeps dscale: a tag byte (0 positive, 1 negative, 2 NaN,
  // 3 Infinity, 4 -Infinity), then for finite values varint dscale, zigzag-varint weight and
  // each base-10000 digit as 2 bytes big-endian, to the end of the input. On-disk: never change.
  void EncodeBinary(std::string* out) const;
  // Errors: XX001 (Corruption) for input EncodeBinary does not produce.
  static Result<Numeric> DecodeBinary(std::string_view in);

  // Memcomparable key: bytewise order of the encodings equals Compare() order, values equal
  // under Compare (1.0, 1.00) encode identically, and the encoding is self-delimiting (no
  // encoding is a proper prefix of another), so it can be one component of a composite key.
  // Appends to *out. Layout (on-disk: never change): one marker byte 0x01 -Infinity,
  // 0x02 negative, 0x03 zero, 0x04 positive, 0x05 Infinity, 0x06 NaN; a positive value then has
  // its weight + 32768 as 2 bytes big-endian, each digit + 1 as 2 bytes big-endian and 0x00 0x00;
  // a negative value the bitwise inverse of those bytes for its absolute value.
  void EncodeKey(std::string* out) const;
  // Consumes one EncodeKey component from the front of *in. The key does not keep dscale: the
  // result has the smallest dscale that shows all its digits (1.50 comes back as 1.5).
  // Errors: XX001 (Corruption) for truncated or invalid input; *in is then unspecified.
  static Status DecodeKey(std::string_view* in, Numeric* out);

  // ---- Accessors ----

  Kind kind() const { return kind_; }
  bool is_finite() const { return kind_ == Kind::kFinite; }
  bool is_nan() const { return kind_ == Kind::kNaN; }
  bool is_infinite() const { return kind_ == Kind::kPosInfinity || kind_ == Kind::kNegInfinity; }
  bool is_zero() const { return kind_ == Kind::kFinite && digits_.empty(); }
  // True for finite values below zero and for -Infinity.
  bool is_negative() const { return negative_ || kind_ == Kind::kNegInfinity; }
  int dscale() const { return dscale_; }
  int weight() const { return weight_; }
  const std::vector<int16_t>& digits() const { return digits_; }

 private:
  friend struct NumericAccess;
  explicit Numeric(Kind kind) : kind_(kind) {}

  Kind kind_ = Kind::kFinite;
  bool negative_ = false;
  int32_t weight_ = 0;
  int32_t dscale_ = 0;
  std::vector<int16_t> digits_;  // base 10000, most significant first
};

}  // namespace komodo
