// Numeric arithmetic: exact base-10000 operations on Var and PostgreSQL 15's scale rules and
// special-value tables on top of them.
//
// Results are computed exactly (or, for division and square root, truncated far enough) and then
// rounded once, so every result is the correctly rounded value at PostgreSQL's result scale.
// PostgreSQL computes some intermediate products with a few guard digits instead; where its
// answer is correctly rounded (all the cases its regression tests pin down) the two agree.
#include <algorithm>
#include <cassert>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "types/numeric.h"
#include "types/numeric_internal.h"

namespace komodo {
namespace numeric_internal {
namespace {

// Little-endian base-10000 magnitude, for the integer division and square root below.
using Mag = std::vector<int32_t>;

void TrimMag(Mag* m) {
  while (!m->empty() && m->back() == 0) m->pop_back();
}

int CmpMag(const Mag& a, const Mag& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Mag AddMag(const Mag& a, const Mag& b) {
  Mag r(std::max(a.size(), b.size()) + 1, 0);
  int32_t carry = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    int32_t s = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    carry = s >= kBase;
    r[i] = carry ? s - kBase : s;
  }
  TrimMag(&r);
  return r;
}

// Divides by a small positive divisor in place; returns the remainder.
int32_t DivMagSmall(Mag* m, int32_t divisor) {
  int64_t rem = 0;
  for (size_t i = m->size(); i-- > 0;) {
    int64_t cur = rem * kBase + (*m)[i];
    (*m)[i] = static_cast<int32_t>(cur / divisor);
    rem = cur % divisor;
  }
  TrimMag(m);
  return static_cast<int32_t>(rem);
}

// floor(u / v) by Knuth's algorithm D (TAOCP 4.3.1). Precondition: v is trimmed and non-zero.
Mag DivMag(Mag u, Mag v) {
  TrimMag(&u);
  if (CmpMag(u, v) < 0) return {};
  if (v.size() == 1) {
    DivMagSmall(&u, v[0]);
    return u;
  }
  const size_t n = v.size();
  const size_t m = u.size() - n;
  // Normalize so that the divisor's top digit is at least kBase / 2; the quotient is unchanged.
  const int32_t norm = kBase / (v[n - 1] + 1);
  if (norm > 1) {
    int32_t carry = 0;
    for (auto& x : u) {
      int32_t t = x * norm + carry;
      x = t % kBase;
      carry = t / kBase;
    }
    u.push_back(carry);
    carry = 0;
    for (auto& x : v) {
      int32_t t = x * norm + carry;
      x = t % kBase;
      carry = t / kBase;
    }
    assert(carry == 0);
  } else {
    u.push_back(0);
  }
  Mag q(m + 1, 0);
  const int64_t vtop = v[n - 1];
  const int64_t vnext = v[n - 2];
  for (size_t j = m + 1; j-- > 0;) {
    const int64_t num = int64_t{u[j + n]} * kBase + u[j + n - 1];
    int64_t qhat = num / vtop;
    int64_t rhat = num % vtop;
    while (qhat >= kBase || qhat * vnext > rhat * kBase + u[j + n - 2]) {
      --qhat;
      rhat += vtop;
      if (rhat >= kBase) break;
    }
    // u[j .. j+n] -= qhat * v
    int64_t carry = 0;
    int64_t borrow = 0;
    for (size_t i = 0; i < n; ++i) {
      int64_t p = qhat * v[i] + carry;
      carry = p / kBase;
      int64_t t = u[i + j] - (p % kBase) - borrow;
      borrow = t < 0;
      u[i + j] = static_cast<int32_t>(borrow ? t + kBase : t);
    }
    int64_t top = u[j + n] - carry - borrow;
    if (top < 0) {
      // qhat was one too large (rare): add v back.
      --qhat;
      int32_t c = 0;
      for (size_t i = 0; i < n; ++i) {
        int32_t t = u[i + j] + v[i] + c;
        c = t >= kBase;
        u[i + j] = c ? t - kBase : t;
      }
      top += c;
    }
    u[j + n] = static_cast<int32_t>(top);
    q[j] = static_cast<int32_t>(qhat);
  }
  TrimMag(&q);
  return q;
}

// floor(sqrt(n)): Newton's iteration from an overestimate, which for long n is the square root
// of n's upper half (computed the same way), so that one or two full-length divisions suffice.
Mag ISqrtMag(const Mag& n) {
  if (n.empty()) return {};
  Mag x;
  if (n.size() <= 8) {
    x.assign((n.size() + 1) / 2 + 1, 0);
    x.back() = 1;  // kBase^ceil(len / 2) > sqrt(n)
  } else {
    // sqrt(n) < sqrt((hi + 1) * kBase^2k) <= (isqrt(hi) + 1) * kBase^k
    const size_t k = n.size() / 4;
    Mag hi(n.begin() + static_cast<ptrdiff_t>(2 * k), n.end());
    x = AddMag(ISqrtMag(hi), Mag{1});
    x.insert(x.begin(), k, 0);
  }
  while (true) {
    Mag y = AddMag(x, DivMag(n, x));
    DivMagSmall(&y, 2);
    if (CmpMag(y, x) >= 0) return x;
    x = std::move(y);
  }
}

// The digits of `v` as an integer (little-endian) and the weight of its lowest digit.
Mag MagOf(const Var& v, int64_t* low_weight) {
  *low_weight = v.weight - static_cast<int64_t>(v.d.size()) + 1;
  return Mag(v.d.rbegin(), v.d.rend());
}

// The integer m * kBase^shift, truncated toward zero when shift is negative.
Mag ShiftMag(Mag m, int64_t shift) {
  if (shift >= 0) {
    m.insert(m.begin(), static_cast<size_t>(shift), 0);
  } else if (static_cast<uint64_t>(-shift) >= m.size()) {
    m.clear();
  } else {
    m.erase(m.begin(), m.begin() + static_cast<ptrdiff_t>(-shift));
  }
  return m;
}

// A Var from an integer magnitude whose lowest digit has weight `low_weight`.
Var VarOfMag(const Mag& m, int64_t low_weight, bool neg) {
  Var r;
  r.neg = neg;
  r.d.assign(m.rbegin(), m.rend());
  r.weight = low_weight + static_cast<int64_t>(m.size()) - 1;
  Strip(&r);
  return r;
}

// The weight of the lowest digit needed to round (or truncate) at 10^-rscale.
int64_t LowWeightFor(int64_t rscale, bool round) {
  // Precondition: rscale >= 0.
  int64_t w = -((rscale + kDecDigits - 1) / kDecDigits);
  return round ? w - 1 : w;
}

Var AddAbs(const Var& a, const Var& b) {
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  const int64_t hi = std::max(a.weight, b.weight);
  const int64_t lo = std::min(a.weight - static_cast<int64_t>(a.d.size()) + 1,
                              b.weight - static_cast<int64_t>(b.d.size()) + 1);
  Var r;
  r.weight = hi + 1;
  r.d.assign(static_cast<size_t>(hi - lo + 2), 0);
  for (size_t i = 0; i < a.d.size(); ++i) r.d[static_cast<size_t>(hi - a.weight) + i + 1] += a.d[i];
  for (size_t i = 0; i < b.d.size(); ++i) r.d[static_cast<size_t>(hi - b.weight) + i + 1] += b.d[i];
  int32_t carry = 0;
  for (size_t i = r.d.size(); i-- > 0;) {
    int32_t s = r.d[i] + carry;
    carry = s >= kBase;
    r.d[i] = carry ? s - kBase : s;
  }
  Strip(&r);
  return r;
}

// |a| - |b|. Precondition: |a| >= |b|.
Var SubAbs(const Var& a, const Var& b) {
  if (b.is_zero()) return a;
  const int64_t hi = a.weight;
  const int64_t lo = std::min(a.weight - static_cast<int64_t>(a.d.size()) + 1,
                              b.weight - static_cast<int64_t>(b.d.size()) + 1);
  Var r;
  r.weight = hi;
  r.d.assign(static_cast<size_t>(hi - lo + 1), 0);
  for (size_t i = 0; i < a.d.size(); ++i) r.d[i] = a.d[i];
  for (size_t i = 0; i < b.d.size(); ++i) r.d[static_cast<size_t>(hi - b.weight) + i] -= b.d[i];
  int32_t borrow = 0;
  for (size_t i = r.d.size(); i-- > 0;) {
    int32_t s = r.d[i] - borrow;
    borrow = s < 0;
    r.d[i] = borrow ? s + kBase : s;
  }
  assert(borrow == 0);
  Strip(&r);
  return r;
}

void RoundOrTrunc(Var* v, int64_t rscale, bool round) {
  v->dscale = rscale;
  if (v->is_zero()) return;
  // Decimal digits kept, counted from the top of d[0].
  const int64_t keep_dec = (v->weight + 1) * kDecDigits + rscale;
  if (keep_dec < 0) {
    v->d.clear();
    Strip(v);
    return;
  }
  const int64_t keep = (keep_dec + kDecDigits - 1) / kDecDigits;  // digits touched by kept ones
  const int partial = static_cast<int>(keep_dec % kDecDigits);    // 0: the last kept is whole
  const auto n = static_cast<int64_t>(v->d.size());
  if (keep > n || (keep == n && partial == 0)) return;
  int32_t carry = 0;
  if (partial == 0) {
    carry = round && v->d[static_cast<size_t>(keep)] >= kHalfBase;
  } else {
    static constexpr int32_t kPow10[] = {1, 1000, 100, 10};
    const int32_t pow10 = kPow10[partial];
    int32_t& last = v->d[static_cast<size_t>(keep - 1)];
    const int32_t extra = last % pow10;
    last -= extra;
    if (round && extra >= pow10 / 2) {
      last += pow10;
      if (last >= kBase) {
        last -= kBase;
        carry = 1;
      }
    }
  }
  v->d.resize(static_cast<size_t>(keep));
  int64_t i = partial == 0 ? keep - 1 : keep - 2;
  for (; carry && i >= 0; --i) {
    int32_t s = v->d[static_cast<size_t>(i)] + carry;
    carry = s >= kBase;
    v->d[static_cast<size_t>(i)] = carry ? s - kBase : s;
  }
  if (carry) {
    v->d.insert(v->d.begin(), 1);
    ++v->weight;
  }
  Strip(v);
}

}  // namespace

void Strip(Var* v) {
  size_t lead = 0;
  while (lead < v->d.size() && v->d[lead] == 0) ++lead;
  if (lead == v->d.size()) {
    v->d.clear();
    v->weight = 0;
    v->neg = false;
    return;
  }
  v->d.erase(v->d.begin(), v->d.begin() + static_cast<ptrdiff_t>(lead));
  v->weight -= static_cast<int64_t>(lead);
  while (v->d.back() == 0) v->d.pop_back();
}

int CmpAbs(const Var& a, const Var& b) {
  if (a.is_zero() || b.is_zero()) return a.is_zero() ? (b.is_zero() ? 0 : -1) : 1;
  if (a.weight != b.weight) return a.weight < b.weight ? -1 : 1;
  const size_t n = std::min(a.d.size(), b.d.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.d[i] != b.d[i]) return a.d[i] < b.d[i] ? -1 : 1;
  }
  if (a.d.size() == b.d.size()) return 0;
  return a.d.size() < b.d.size() ? -1 : 1;
}

int CmpVar(const Var& a, const Var& b) {
  const int sa = a.is_zero() ? 0 : (a.neg ? -1 : 1);
  const int sb = b.is_zero() ? 0 : (b.neg ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  const int c = CmpAbs(a, b);
  return sa < 0 ? -c : c;
}

void RoundVar(Var* v, int64_t rscale) { RoundOrTrunc(v, rscale, true); }
void TruncVar(Var* v, int64_t rscale) { RoundOrTrunc(v, rscale, false); }

Var AddVar(const Var& a, const Var& b) {
  Var r;
  if (a.neg == b.neg) {
    r = AddAbs(a, b);
    r.neg = a.neg;
  } else if (CmpAbs(a, b) >= 0) {
    r = SubAbs(a, b);
    r.neg = a.neg;
  } else {
    r = SubAbs(b, a);
    r.neg = b.neg;
  }
  if (r.is_zero()) r.neg = false;
  r.dscale = std::max(a.dscale, b.dscale);
  return r;
}

Var SubVar(const Var& a, const Var& b) {
  Var nb = b;
  nb.neg = !b.neg && !b.is_zero();
  return AddVar(a, nb);
}

Var MulVar(const Var& a, const Var& b) {
  Var r;
  r.dscale = a.dscale + b.dscale;
  if (a.is_zero() || b.is_zero()) return r;
  std::vector<int64_t> acc(a.d.size() + b.d.size(), 0);
  for (size_t i = 0; i < a.d.size(); ++i) {
    const int64_t x = a.d[i];
    if (x == 0) continue;
    for (size_t j = 0; j < b.d.size(); ++j) acc[i + j + 1] += x * b.d[j];
  }
  int64_t carry = 0;
  for (size_t i = acc.size(); i-- > 0;) {
    int64_t s = acc[i] + carry;
    carry = s / kBase;
    acc[i] = s % kBase;
  }
  assert(carry == 0);
  r.d.assign(acc.begin(), acc.end());
  r.weight = a.weight + b.weight + 1;
  r.neg = a.neg != b.neg;
  Strip(&r);
  return r;
}

Var DivVar(const Var& a, const Var& b, int64_t rscale, bool round) {
  assert(!b.is_zero());
  int64_t alow;
  int64_t blow;
  Mag am = MagOf(a, &alow);
  Mag bm = MagOf(b, &blow);
  // floor(a / b / kBase^qlow) = floor(A * kBase^(alow - blow - qlow) / B); truncating A first
  // gives the same floor.
  const int64_t qlow = LowWeightFor(rscale, round);
  Mag q = DivMag(ShiftMag(std::move(am), alow - blow - qlow), bm);
  Var r = VarOfMag(q, qlow, a.neg != b.neg);
  RoundOrTrunc(&r, rscale, round);
  return r;
}

}  // namespace numeric_internal

using numeric_internal::AddVar;
using numeric_internal::CmpVar;
using numeric_internal::DivVar;
using numeric_internal::kDecDigits;
using numeric_internal::MulVar;
using numeric_internal::RoundVar;
using numeric_internal::SubVar;
using numeric_internal::TruncVar;
using numeric_internal::Var;

namespace {

Var VarOfInt(int64_t v) {
  Var r;
  r.neg = v < 0;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (u != 0) {
    r.d.insert(r.d.begin(), static_cast<int32_t>(u % numeric_internal::kBase));
    u /= numeric_internal::kBase;
  }
  r.weight = static_cast<int64_t>(r.d.size()) - 1;
  numeric_internal::Strip(&r);
  return r;
}

int SignOf(const Numeric& n) {
  if (n.kind() == Numeric::Kind::kPosInfinity) return 1;
  if (n.kind() == Numeric::Kind::kNegInfinity) return -1;
  if (n.is_zero()) return 0;
  return n.is_negative() ? -1 : 1;
}

// PostgreSQL's select_div_scale: enough digits for kMinSignificantDigits significant digits of
// the quotient, at least either input's dscale, at most kMaxDisplayScale.
int64_t SelectDivScale(const Var& a, const Var& b) {
  const int64_t w1 = a.is_zero() ? 0 : a.weight;
  const int32_t first1 = a.is_zero() ? 0 : a.d[0];
  const int64_t w2 = b.is_zero() ? 0 : b.weight;
  const int32_t first2 = b.is_zero() ? 0 : b.d[0];
  int64_t qweight = w1 - w2;
  if (first1 <= first2) --qweight;
  int64_t rscale = Numeric::kMinSignificantDigits - qweight * kDecDigits;
  rscale = std::max({rscale, a.dscale, b.dscale, int64_t{0}});
  return std::min<int64_t>(rscale, Numeric::kMaxDisplayScale);
}

bool IsIntegral(const Var& v) {
  return v.is_zero() || static_cast<int64_t>(v.d.size()) <= v.weight + 1;
}

Status PowerDomainError(std::string msg) { return Status("2201F", std::move(msg)); }

Status Overflow() { return Status::OutOfRange("value overflows numeric format"); }

// base ^ exp for an integral exp in int32 range, following the structure of PostgreSQL 15's
// power_var_int: the result scale is rscale; intermediate products keep enough significant digits
// and are rounded, and a weight beyond int16 stops early.
Result<Numeric> PowerInt(const Var& base, int64_t exp, int64_t rscale) {
  Var one = VarOfInt(1);
  Var result;
  switch (exp) {
    case 0:
      result = one;
      result.dscale = rscale;
      return NumericAccess::MakeResult(std::move(result));
    case 1:
      result = base;
      RoundVar(&result, rscale);
      return NumericAccess::MakeResult(std::move(result));
    case -1:
      if (base.is_zero()) return Status::DivisionByZero();
      return NumericAccess::MakeResult(DivVar(one, base, rscale, true));
    case 2:
      result = MulVar(base, base);
      RoundVar(&result, rscale);
      return NumericAccess::MakeResult(std::move(result));
    default:
      break;
  }
  if (base.is_zero()) {
    if (exp < 0) return Status::DivisionByZero();
    result.dscale = rscale;
    return NumericAccess::MakeResult(std::move(result));
  }
  // log10 of the result, estimated from the leading digits.
  double f = base.d[0];
  int64_t p = base.weight * kDecDigits;
  for (size_t i = 1; i < base.d.size() && i * kDecDigits < 16; ++i) {
    f = f * numeric_internal::kBase + base.d[i];
    p -= kDecDigits;
  }
  f = static_cast<double>(exp) * (std::log10(f) + static_cast<double>(p));
  if (f > 3.0 * SHRT_MAX * kDecDigits) return Overflow();
  if (f + 1 < static_cast<double>(-rscale) || f + 1 < -Numeric::kMaxDisplayScale) {
    result.dscale = rscale;
    return NumericAccess::MakeResult(std::move(result));
  }
  int64_t sig_digits = 1 + rscale + static_cast<int64_t>(f);
  sig_digits += static_cast<int64_t>(std::log(std::fabs(static_cast<double>(exp)))) + 8;

  const bool neg = exp < 0;
  uint64_t mask = neg ? 0 - static_cast<uint64_t>(exp) : static_cast<uint64_t>(exp);
  Var base_prod = base;
  result = (mask & 1) ? base : one;
  while ((mask >>= 1) > 0) {
    int64_t local = sig_digits - 2 * base_prod.weight * kDecDigits;
    local = std::max<int64_t>(std::min(local, 2 * base_prod.dscale), 0);
    base_prod = MulVar(base_prod, base_prod);
    RoundVar(&base_prod, local);
    if (mask & 1) {
      local = sig_digits - (base_prod.weight + result.weight) * kDecDigits;
      local = std::max<int64_t>(std::min(local, base_prod.dscale + result.dscale), 0);
      result = MulVar(base_prod, result);
      RoundVar(&result, local);
    }
    if (base_prod.weight > SHRT_MAX || result.weight > SHRT_MAX) {
      if (!neg) return Overflow();
      Var zero;
      zero.dscale = rscale;
      return NumericAccess::MakeResult(std::move(zero));
    }
  }
  if (neg) return NumericAccess::MakeResult(DivVar(one, result, rscale, true));
  RoundVar(&result, rscale);
  return NumericAccess::MakeResult(std::move(result));
}

// x ^ y when x or y is NaN or infinite (PostgreSQL 15's table, after POSIX pow()).
Result<Numeric> SpecialPower(const Numeric& x, const Numeric& y) {
  const Numeric one = Numeric::FromInt64(1);
  const bool x_is_one = x.is_finite() && Numeric::Compare(x, one) == 0;
  if (y.is_finite() && y.is_zero()) return one;
  if (x_is_one) return one;
  if (x.is_nan() || y.is_nan()) return Numeric::NaN();
  const int sx = SignOf(x);
  const int sy = SignOf(y);
  if (y.is_infinite()) {
    if (sx == 0) {
      if (sy < 0) return PowerDomainError("zero raised to a negative power is undefined");
      return Numeric();
    }
    if (x.is_finite() && Numeric::Compare(x, Numeric::FromInt64(-1)) == 0) return one;
    const bool abs_gt_one = x.is_infinite() || Numeric::Compare(x.Abs(), one) > 0;
    return abs_gt_one == (sy > 0) ? Numeric::Infinity() : Numeric();
  }
  // x is infinite, y finite and non-zero.
  if (sx > 0) return sy > 0 ? Numeric::Infinity() : Numeric();
  Var yv = NumericAccess::ToVar(y);
  if (!IsIntegral(yv)) {
    return PowerDomainError(
        "a negative number raised to a non-integer power yields a complex result");
  }
  if (sy < 0) return Numeric();
  // Odd when the units digit (weight 0) is present and odd.
  const bool odd = static_cast<int64_t>(yv.d.size()) == yv.weight + 1 && yv.d.back() % 2 == 1;
  return odd ? Numeric::NegativeInfinity() : Numeric::Infinity();
}

}  // namespace

Result<Numeric> Numeric::Add(const Numeric& a, const Numeric& b) {
  if (!a.is_finite() || !b.is_finite()) {
    if (a.is_nan() || b.is_nan()) return NaN();
    if (a.is_infinite() && b.is_infinite() && a.kind() != b.kind()) return NaN();
    return a.is_infinite() ? a : b;
  }
  return NumericAccess::MakeResult(AddVar(NumericAccess::ToVar(a), NumericAccess::ToVar(b)));
}

Result<Numeric> Numeric::Sub(const Numeric& a, const Numeric& b) {
  if (!a.is_finite() || !b.is_finite()) {
    if (a.is_nan() || b.is_nan()) return NaN();
    if (a.is_infinite() && b.is_infinite() && a.kind() == b.kind()) return NaN();
    return a.is_infinite() ? a : b.Negate();
  }
  return NumericAccess::MakeResult(SubVar(NumericAccess::ToVar(a), NumericAccess::ToVar(b)));
}

Result<Numeric> Numeric::Mul(const Numeric& a, const Numeric& b) {
  if (!a.is_finite() || !b.is_finite()) {
    if (a.is_nan() || b.is_nan()) return NaN();
    const int s = SignOf(a) * SignOf(b);
    if (s == 0) return NaN();
    return s > 0 ? Infinity() : NegativeInfinity();
  }
  Var r = MulVar(NumericAccess::ToVar(a), NumericAccess::ToVar(b));
  if (r.dscale > kMaxDscale) RoundVar(&r, kMaxDscale);
  return NumericAccess::MakeResult(std::move(r));
}

Result<Numeric> Numeric::Div(const Numeric& a, const Numeric& b) {
  if (!a.is_finite() || !b.is_finite()) {
    if (a.is_nan() || b.is_nan()) return NaN();
    if (a.is_infinite()) {
      if (b.is_infinite()) return NaN();
      const int s = SignOf(b);
      if (s == 0) return Status::DivisionByZero();
      return (s > 0) == (a.kind() == Kind::kPosInfinity) ? Infinity() : NegativeInfinity();
    }
    return Numeric();  // finite / infinity
  }
  if (b.is_zero()) return Status::DivisionByZero();
  Var av = NumericAccess::ToVar(a);
  Var bv = NumericAccess::ToVar(b);
  return NumericAccess::MakeResult(DivVar(av, bv, SelectDivScale(av, bv), true));
}

Result<Numeric> Numeric::Mod(const Numeric& a, const Numeric& b) {
  if (!a.is_finite() || !b.is_finite()) {
    if (a.is_nan() || b.is_nan()) return NaN();
    if (a.is_infinite()) {
      if (SignOf(b) == 0) return Status::DivisionByZero();
      return NaN();
    }
    return a;  // finite % infinity
  }
  if (b.is_zero()) return Status::DivisionByZero();
  Var av = NumericAccess::ToVar(a);
  Var bv = NumericAccess::ToVar(b);
  Var q = DivVar(av, bv, 0, false);
  return NumericAccess::MakeResult(SubVar(av, MulVar(bv, q)));
}

Result<Numeric> Numeric::Power(const Numeric& base, const Numeric& exponent) {
  if (!base.is_finite() || !exponent.is_finite()) return SpecialPower(base, exponent);
  Var x = NumericAccess::ToVar(base);
  Var y = NumericAccess::ToVar(exponent);
  if (x.is_zero() && y.neg) {
    return PowerDomainError("zero raised to a negative power is undefined");
  }
  if (x.neg && !IsIntegral(y)) {
    return PowerDomainError(
        "a negative number raised to a non-integer power yields a complex result");
  }
  if (IsIntegral(y) && y.weight <= 2) {
    Result<int64_t> e = exponent.ToInt64();
    if (e.ok() && *e >= INT32_MIN && *e <= INT32_MAX) {
      int64_t rscale = std::max<int64_t>(kMinSignificantDigits, x.dscale);
      rscale = std::min<int64_t>(rscale, kMaxDisplayScale);
      return PowerInt(x, *e, rscale);
    }
  }
  if (IsIntegral(y) && !x.is_zero() && numeric_internal::CmpAbs(x, VarOfInt(1)) != 0) {
    // |y| > INT32_MAX: the result's magnitude is beyond the limits either way.
    if ((numeric_internal::CmpAbs(x, VarOfInt(1)) > 0) != y.neg) return Overflow();
    Var zero;
    zero.dscale = kMaxDisplayScale;
    return NumericAccess::MakeResult(std::move(zero));
  }
  if (x.is_zero()) {
    Var zero;
    zero.dscale = kMinSignificantDigits;
    return NumericAccess::MakeResult(std::move(zero));
  }
  if (numeric_internal::CmpAbs(x, VarOfInt(1)) == 0) {
    // PostgreSQL computes these through exp(ln(|x|) * y) at y's scale; the value is 1 or, for an
    // odd integral y, -1.
    const bool odd =
        IsIntegral(y) && static_cast<int64_t>(y.d.size()) == y.weight + 1 && y.d.back() % 2 == 1;
    Var one = VarOfInt(x.neg && odd ? -1 : 1);
    one.dscale =
        std::min<int64_t>(std::max<int64_t>(kMinSignificantDigits, y.dscale), kMaxDisplayScale);
    return NumericAccess::MakeResult(std::move(one));
  }
  return Status::FeatureNotSupported(
      "numeric power with a non-integer exponent is not supported yet");
}

Numeric Numeric::Negate() const {
  Numeric r = *this;
  switch (kind_) {
    case Kind::kPosInfinity:
      r.kind_ = Kind::kNegInfinity;
      break;
    case Kind::kNegInfinity:
      r.kind_ = Kind::kPosInfinity;
      break;
    case Kind::kNaN:
      break;
    case Kind::kFinite:
      r.negative_ = !negative_ && !digits_.empty();
      break;
  }
  return r;
}

Numeric Numeric::Abs() const {
  Numeric r = *this;
  if (kind_ == Kind::kNegInfinity) r.kind_ = Kind::kPosInfinity;
  r.negative_ = false;
  return r;
}

Numeric Numeric::Sign() const {
  if (is_nan()) return NaN();
  return FromInt64(SignOf(*this));
}

Result<Numeric> Numeric::Round(int scale) const {
  if (!is_finite()) return *this;
  scale = std::clamp(scale, kMinRoundScale, kMaxDscale);
  Var v = NumericAccess::ToVar(*this);
  RoundVar(&v, scale);
  return NumericAccess::MakeResult(std::move(v));
}

Result<Numeric> Numeric::Trunc(int scale) const {
  if (!is_finite()) return *this;
  scale = std::clamp(scale, kMinRoundScale, kMaxDscale);
  Var v = NumericAccess::ToVar(*this);
  TruncVar(&v, scale);
  return NumericAccess::MakeResult(std::move(v));
}

Result<Numeric> Numeric::Ceil() const {
  if (!is_finite()) return *this;
  Var v = NumericAccess::ToVar(*this);
  Var t = v;
  TruncVar(&t, 0);
  if (CmpVar(v, t) > 0) t = AddVar(t, VarOfInt(1));
  t.dscale = 0;
  return NumericAccess::MakeResult(std::move(t));
}

Result<Numeric> Numeric::Floor() const {
  if (!is_finite()) return *this;
  Var v = NumericAccess::ToVar(*this);
  Var t = v;
  TruncVar(&t, 0);
  if (CmpVar(v, t) < 0) t = SubVar(t, VarOfInt(1));
  t.dscale = 0;
  return NumericAccess::MakeResult(std::move(t));
}

Result<Numeric> Numeric::Sqrt() const {
  if (is_nan() || kind_ == Kind::kPosInfinity) return *this;
  if (is_negative()) {
    return Status("2201F", "cannot take square root of a negative number");
  }
  Var x = NumericAccess::ToVar(*this);
  // PostgreSQL's numeric_sqrt scale: about kMinSignificantDigits significant digits.
  const int64_t sweight = (x.weight + 1) * kDecDigits / 2 - 1;
  int64_t rscale = kMinSignificantDigits - sweight;
  rscale = std::max({rscale, x.dscale, int64_t{0}});
  rscale = std::min<int64_t>(rscale, kMaxDisplayScale);
  if (x.is_zero()) {
    x.dscale = rscale;
    return NumericAccess::MakeResult(std::move(x));
  }
  // floor(sqrt(x) * kBase^-qlow) = isqrt(floor(X * kBase^(xlow - 2 * qlow))).
  const int64_t qlow = numeric_internal::LowWeightFor(rscale, true);
  int64_t xlow;
  numeric_internal::Mag xm = numeric_internal::MagOf(x, &xlow);
  numeric_internal::Mag s =
      numeric_internal::ISqrtMag(numeric_internal::ShiftMag(std::move(xm), xlow - 2 * qlow));
  Var r = numeric_internal::VarOfMag(s, qlow, false);
  RoundVar(&r, rscale);
  return NumericAccess::MakeResult(std::move(r));
}

}  // namespace komodo
