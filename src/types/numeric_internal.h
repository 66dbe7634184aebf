// The working form of a finite numeric inside numeric.cc and numeric_arith.cc. Only those two
// files include this header.
#pragma once

#include <cstdint>
#include <vector>

#include "komodo/result.h"
#include "types/numeric.h"

namespace komodo {
namespace numeric_internal {

inline constexpr int kBase = 10000;
inline constexpr int kHalfBase = kBase / 2;
inline constexpr int kDecDigits = 4;  // decimal digits per base-10000 digit
inline constexpr int kMaxWeight = 32767;
inline constexpr int kMinWeight = -32768;

// A finite value: sign, base-10000 digits most significant first, weight of d[0], dscale.
// Functions that return a Var return it stripped (see Strip). The weight is 64-bit so that
// intermediate results beyond the storage limits are caught by MakeResult, not by wrap-around.
struct Var {
  bool neg = false;
  int64_t weight = 0;
  int64_t dscale = 0;
  std::vector<int32_t> d;

  bool is_zero() const { return d.empty(); }
};

// Drops leading and trailing zero digits; zero gets weight 0 and a positive sign.
void Strip(Var* v);

// Magnitude and signed comparison of stripped Vars: negative, zero or positive.
int CmpAbs(const Var& a, const Var& b);
int CmpVar(const Var& a, const Var& b);

// Rounds half away from zero (or truncates) at 10^-rscale and sets dscale = rscale (possibly
// negative: callers that store the result clamp it to 0).
void RoundVar(Var* v, int64_t rscale);
void TruncVar(Var* v, int64_t rscale);

// Exact sum, difference and product: dscale max(dscale) / max(dscale) / sum of dscales.
Var AddVar(const Var& a, const Var& b);
Var SubVar(const Var& a, const Var& b);
Var MulVar(const Var& a, const Var& b);
// a / b rounded (or truncated) at 10^-rscale, dscale = rscale. Precondition: !b.is_zero().
Var DivVar(const Var& a, const Var& b, int64_t rscale, bool round);

}  // namespace numeric_internal

// The bridge between Numeric's private fields and Var.
struct NumericAccess {
  // Precondition: n.is_finite().
  static numeric_internal::Var ToVar(const Numeric& n);
  // Checks the storage limits (22003 "value overflows numeric format") and clamps a negative
  // dscale to 0. Precondition: v is stripped.
  static Result<Numeric> MakeResult(numeric_internal::Var v);
};

}  // namespace komodo
