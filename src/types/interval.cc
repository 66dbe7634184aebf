// interval and time: a port of the parts of PostgreSQL 15's DecodeInterval, EncodeInterval,
// interval_cmp, interval_mul/div, timestamp_pl_interval, timestamp_mi and timestamp_age that
// KomodoDB needs, with the same results, SQLSTATEs and messages.
#include "types/interval.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "common/macros.h"
#include "types/datetime.h"

namespace komodo {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

Status IntervalSyntax(std::string_view text) {
  return Status("22007", fmt::format("invalid input syntax for type interval: \"{}\"", text));
}
Status IntervalFieldRange(std::string_view text) {
  return Status("22015", fmt::format("interval field value out of range: \"{}\"", text));
}
Status IntervalOutOfRange() { return Status("22008", "interval out of range"); }
Status TimestampOutOfRange() { return Status("22008", "timestamp out of range"); }

enum class Unit {
  kNone,
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kAgo,
};

// DecodeUnits' table (deltatktbl) for the interval units.
Unit UnitFromWord(std::string_view w) {
  static constexpr struct {
    std::string_view word;
    Unit unit;
  } kWords[] = {
      {"microsecond", Unit::kMicrosecond},
      {"microseconds", Unit::kMicrosecond},
      {"microsecon", Unit::kMicrosecond},
      {"us", Unit::kMicrosecond},
      {"usec", Unit::kMicrosecond},
      {"usecond", Unit::kMicrosecond},
      {"useconds", Unit::kMicrosecond},
      {"usecs", Unit::kMicrosecond},
      {"millisecond", Unit::kMillisecond},
      {"milliseconds", Unit::kMillisecond},
      {"millisecon", Unit::kMillisecond},
      {"ms", Unit::kMillisecond},
      {"msec", Unit::kMillisecond},
      {"msecond", Unit::kMillisecond},
      {"mseconds", Unit::kMillisecond},
      {"msecs", Unit::kMillisecond},
      {"s", Unit::kSecond},
      {"sec", Unit::kSecond},
      {"second", Unit::kSecond},
      {"seconds", Unit::kSecond},
      {"secs", Unit::kSecond},
      {"m", Unit::kMinute},
      {"min", Unit::kMinute},
      {"mins", Unit::kMinute},
      {"minute", Unit::kMinute},
      {"minutes", Unit::kMinute},
      {"h", Unit::kHour},
      {"hour", Unit::kHour},
      {"hours", Unit::kHour},
      {"hr", Unit::kHour},
      {"hrs", Unit::kHour},
      {"d", Unit::kDay},
      {"day", Unit::kDay},
      {"days", Unit::kDay},
      {"w", Unit::kWeek},
      {"week", Unit::kWeek},
      {"weeks", Unit::kWeek},
      {"mon", Unit::kMonth},
      {"mons", Unit::kMonth},
      {"month", Unit::kMonth},
      {"months", Unit::kMonth},
      {"y", Unit::kYear},
      {"year", Unit::kYear},
      {"years", Unit::kYear},
      {"yr", Unit::kYear},
      {"yrs", Unit::kYear},
      {"dec", Unit::kDecade},
      {"decade", Unit::kDecade},
      {"decades", Unit::kDecade},
      {"decs", Unit::kDecade},
      {"c", Unit::kCentury},
      {"cent", Unit::kCentury},
      {"century", Unit::kCentury},
      {"centuries", Unit::kCentury},
      {"mil", Unit::kMillennium},
      {"millennium", Unit::kMillennium},
      {"millennia", Unit::kMillennium},
      {"mils", Unit::kMillennium},
      {"ago", Unit::kAgo},
  };
  for (const auto& e : kWords) {
    if (e.word == w) return e.unit;
  }
  return Unit::kNone;
}

// The fields being accumulated (PostgreSQL's pg_itm_in).
struct Accum {
  int64_t micros = 0;
  int32_t days = 0;
  int32_t months = 0;
  int32_t years = 0;  // kept apart, as PostgreSQL does: their overflow is "interval out of range"
};

bool AddMicros(Accum* a, int64_t v) { return !__builtin_add_overflow(a->micros, v, &a->micros); }

// AdjustFractMicroseconds.
bool AdjustFractMicros(double frac, int64_t scale, Accum* a) {
  if (frac == 0) return true;
  frac *= static_cast<double>(scale);
  if (!(frac > -9.2e18 && frac < 9.2e18)) return false;
  auto usec = static_cast<int64_t>(frac);
  frac -= static_cast<double>(usec);
  if (frac > 0.5) {
    usec++;
  } else if (frac < -0.5) {
    usec--;
  }
  return AddMicros(a, usec);
}
// AdjustMicroseconds.
bool AdjustMicros(int64_t val, double fval, int64_t scale, Accum* a) {
  int64_t v;
  if (__builtin_mul_overflow(val, scale, &v) || !AddMicros(a, v)) return false;
  return AdjustFractMicros(fval, scale, a);
}
bool AdjustDays(int64_t val, int64_t scale, Accum* a) {
  int64_t v;
  if (__builtin_mul_overflow(val, scale, &v) || v > INT32_MAX || v < INT32_MIN) return false;
  return !__builtin_add_overflow(a->days, static_cast<int32_t>(v), &a->days);
}
bool AdjustFractDays(double frac, int64_t scale, Accum* a) {
  if (frac == 0) return true;
  frac *= static_cast<double>(scale);
  auto extra = static_cast<int32_t>(frac);
  if (__builtin_add_overflow(a->days, extra, &a->days)) return false;
  frac -= extra;
  return AdjustFractMicros(frac, kMicrosPerDay, a);
}
bool AdjustMonths(int64_t val, int64_t scale, Accum* a) {
  int64_t v;
  if (__builtin_mul_overflow(val, scale, &v) || v > INT32_MAX || v < INT32_MIN) return false;
  return !__builtin_add_overflow(a->months, static_cast<int32_t>(v), &a->months);
}
bool AdjustYears(int64_t val, int64_t scale, Accum* a) {
  int64_t v;
  if (__builtin_mul_overflow(val, scale, &v) || v > INT32_MAX || v < INT32_MIN) return false;
  return !__builtin_add_overflow(a->years, static_cast<int32_t>(v), &a->years);
}
bool AdjustFractYears(double frac, int64_t scale, Accum* a) {
  auto extra = static_cast<int32_t>(std::rint(frac * static_cast<double>(scale) * 12));
  return !__builtin_add_overflow(a->months, extra, &a->months);
}

// itmin2interval: years and months combined.
Result<Interval> ToInterval(const Accum& a) {
  int64_t months = int64_t{a.years} * 12 + a.months;
  if (months > INT32_MAX || months < INT32_MIN) return IntervalOutOfRange();
  return Interval{static_cast<int32_t>(months), a.days, a.micros};
}

// Field masks, to refuse a unit given twice ("1 day 2 days").
enum Mask : unsigned {
  kMYear = 1,
  kMMonth = 2,
  kMDay = 4,
  kMHour = 8,
  kMMinute = 16,
  kMSecond = 32,
  kMMilli = 64,
  kMMicro = 128,
  kMWeek = 256,
  kMDecade = 512,
  kMCentury = 1024,
  kMMillennium = 2048,
};

// Reads "123" or "123.45" (with an optional sign) as val and a fraction of the same sign.
// Returns false unless the whole of `s` is such a number.
bool ParseNumber(std::string_view s, int64_t* val, double* fval) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  size_t digits_start = i;
  __int128 v = 0;
  while (i < s.size() && IsDigit(s[i])) {
    v = v * 10 + (s[i++] - '0');
    if (v > std::numeric_limits<int64_t>::max()) return false;
  }
  bool had_digits = i > digits_start;
  double f = 0;
  if (i < s.size() && s[i] == '.') {
    std::string frac = "0.";
    ++i;
    size_t fstart = i;
    while (i < s.size() && IsDigit(s[i])) frac.push_back(s[i++]);
    if (i == fstart && !had_digits) return false;
    f = std::strtod(frac.c_str(), nullptr);
  } else if (!had_digits) {
    return false;
  }
  if (i != s.size()) return false;
  *val = neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  *fval = neg ? -f : f;
  return true;
}

// DecodeTime for intervals: "hh:mm", "hh:mm:ss", "hh:mm:ss.fff" (hours unbounded). Returns
// 0 on success, 1 for bad syntax, 2 for a field out of range.
int ParseTimeField(std::string_view s, int64_t* micros) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ':') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() < 2 || parts.size() > 3) return 1;
  int64_t hour = 0, minute = 0, second = 0;
  double frac = 0;
  auto digits = [](std::string_view p, int64_t* out) {
    if (p.empty() || p.size() > 18) return false;
    int64_t v = 0;
    for (char c : p) {
      if (!IsDigit(c)) return false;
      v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
  };
  if (!digits(parts[0], &hour)) return 1;
  std::string_view mpart = parts[1];
  std::string_view spart = parts.size() == 3 ? parts[2] : std::string_view();
  if (parts.size() == 2) {
    // "mm:ss.fff" when the second part has a fraction (PostgreSQL reads "1:2.5" so).
    size_t dot = mpart.find('.');
    if (dot != std::string_view::npos) return 1;
  }
  if (!digits(mpart, &minute)) return 1;
  if (!spart.empty()) {
    size_t dot = spart.find('.');
    std::string_view whole = spart.substr(0, dot);
    if (!digits(whole, &second)) return 1;
    if (dot != std::string_view::npos) {
      std::string f = "0" + std::string(spart.substr(dot));
      for (size_t i = 2; i < f.size(); ++i) {
        if (!IsDigit(f[i])) return 1;
      }
      frac = std::strtod(f.c_str(), nullptr);
    }
  } else if (parts.size() == 3) {
    return 1;
  }
  if (minute > 59 || second > 60) return 2;
  if (hour > std::numeric_limits<int64_t>::max() / kMicrosPerHour - 1) return 2;
  *micros = hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
            static_cast<int64_t>(std::rint(frac * 1e6));
  return 0;
}

// ISO 8601 "P[nY][nM][nW][nD][T[nH][nM][nS]]" with optional fractions.
Result<Interval> ParseIso8601(std::string_view text, std::string_view s) {
  Accum a;
  bool in_time = false;
  size_t i = 1;  // after 'P'
  if (i == s.size()) return IntervalSyntax(text);
  while (i < s.size()) {
    if (s[i] == 't') {
      if (in_time) return IntervalSyntax(text);
      in_time = true;
      ++i;
      if (i == s.size()) return IntervalSyntax(text);
      continue;
    }
    size_t start = i;
    if (s[i] == '-' || s[i] == '+') ++i;
    while (i < s.size() && (IsDigit(s[i]) || s[i] == '.')) ++i;
    if (i == s.size() || i == start) return IntervalSyntax(text);
    int64_t val;
    double fval;
    if (!ParseNumber(s.substr(start, i - start), &val, &fval)) return IntervalSyntax(text);
    char unit = s[i++];
    bool ok = true;
    if (!in_time) {
      switch (unit) {
        case 'y':
          ok = AdjustYears(val, 1, &a) && AdjustFractYears(fval, 1, &a);
          break;
        case 'm':
          ok = AdjustMonths(val, 1, &a) && AdjustFractDays(fval, kDaysPerMonth, &a);
          break;
        case 'w':
          ok = AdjustDays(val, 7, &a) && AdjustFractDays(fval, 7, &a);
          break;
        case 'd':
          ok = AdjustDays(val, 1, &a) && AdjustFractMicros(fval, kMicrosPerDay, &a);
          break;
        default:
          return IntervalSyntax(text);
      }
    } else {
      switch (unit) {
        case 'h':
          ok = AdjustMicros(val, fval, kMicrosPerHour, &a);
          break;
        case 'm':
          ok = AdjustMicros(val, fval, kMicrosPerMinute, &a);
          break;
        case 's':
          ok = AdjustMicros(val, fval, kMicrosPerSecond, &a);
          break;
        default:
          return IntervalSyntax(text);
      }
    }
    if (!ok) return IntervalFieldRange(text);
  }
  return ToInterval(a);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool IsLeap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

bool ValidTimestamp(int64_t ts) { return ts >= kMinTimestamp && ts < kEndTimestamp; }

void AppendSeconds(std::string* out, int64_t sec, int64_t fsec) {
  *out += fmt::format("{:02}", sec);
  if (fsec != 0) {
    std::string f = fmt::format("{:06}", fsec);
    while (!f.empty() && f.back() == '0') f.pop_back();
    *out += "." + f;
  }
}

}  // namespace

namespace {
// PostgreSQL's INTERVAL_MASK bits of the interval typmod.
constexpr int32_t kRangeMonth = 1 << 1, kRangeYear = 1 << 2, kRangeDay = 1 << 3,
                  kRangeHour = 1 << 10, kRangeMinute = 1 << 11, kRangeSecond = 1 << 12;
}  // namespace

Interval AdjustIntervalForRange(const Interval& v, int32_t range) {
  Interval r = v;
  if (range == kRangeYear) {
    r.months = r.months / 12 * 12;
    r.days = 0;
    r.micros = 0;
  } else if (range == kRangeMonth || range == (kRangeYear | kRangeMonth)) {
    r.days = 0;
    r.micros = 0;
  } else if (range == kRangeDay) {
    r.micros = 0;
  } else if (range == kRangeHour || range == (kRangeDay | kRangeHour)) {
    r.micros = r.micros / kMicrosPerHour * kMicrosPerHour;
  } else if (range == kRangeMinute || range == (kRangeDay | kRangeHour | kRangeMinute) ||
             range == (kRangeHour | kRangeMinute)) {
    r.micros = r.micros / kMicrosPerMinute * kMicrosPerMinute;
  }
  return r;
}

Result<Interval> ParseInterval(std::string_view text, int32_t range) {
  std::string s;
  for (char c : text) s.push_back(ToLower(c));
  // Trim.
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  std::string_view body(s.data() + b, e - b);
  if (body.empty()) return IntervalSyntax(text);
  if (body[0] == 'p') return ParseIso8601(text, body);

  // ParseDateTime's fields: numbers (maybe signed, with a fraction), times (with ':'), words.
  struct Field {
    enum Kind { kNumber, kTime, kWord } kind;
    std::string_view text;
  };
  std::vector<Field> fields;
  size_t i = 0;
  while (i < body.size()) {
    char c = body[i];
    if (IsSpace(c) || c == '@' || c == ',') {
      ++i;
      continue;
    }
    size_t start = i;
    if (IsDigit(c) || c == '.' || c == '+' || c == '-') {
      ++i;
      bool has_colon = false;
      while (i < body.size() && (IsDigit(body[i]) || body[i] == '.' || body[i] == ':')) {
        has_colon |= body[i] == ':';
        ++i;
      }
      fields.push_back({has_colon ? Field::kTime : Field::kNumber, body.substr(start, i - start)});
    } else if (IsAlpha(c)) {
      while (i < body.size() && IsAlpha(body[i])) ++i;
      fields.push_back({Field::kWord, body.substr(start, i - start)});
    } else {
      return IntervalSyntax(text);
    }
  }

  Accum a;
  unsigned fmask = 0;
  Unit type = Unit::kNone;
  bool ago = false;
  for (size_t k = fields.size(); k-- > 0;) {
    const Field& f = fields[k];
    unsigned tmask = 0;
    if (f.kind == Field::kWord) {
      Unit u = UnitFromWord(f.text);
      if (u == Unit::kNone) return IntervalSyntax(text);
      if (u == Unit::kAgo) {
        if (ago) return IntervalSyntax(text);
        ago = true;
        type = Unit::kNone;
      } else {
        type = u;
      }
      continue;
    }
    if (f.kind == Field::kTime) {
      std::string_view t = f.text;
      bool neg = false;
      if (t[0] == '+' || t[0] == '-') {
        neg = t[0] == '-';
        t.remove_prefix(1);
      }
      int64_t micros = 0;
      int r = ParseTimeField(t, &micros);
      if (r == 1) return IntervalSyntax(text);
      if (r == 2) return IntervalFieldRange(text);
      tmask = kMHour | kMMinute | kMSecond;
      if (tmask & fmask) return IntervalSyntax(text);
      fmask |= tmask;
      if (!AddMicros(&a, neg ? -micros : micros)) return IntervalFieldRange(text);
      type = Unit::kDay;
      continue;
    }
    int64_t val;
    double fval;
    if (!ParseNumber(f.text, &val, &fval)) return IntervalSyntax(text);
    Unit unit = type;
    if (unit == Unit::kNone) {  // the typmod's last field decides (DecodeInterval's `range`)
      unit = range == kRangeYear                                ? Unit::kYear
             : range == kRangeMonth                             ? Unit::kMonth
             : range == (kRangeYear | kRangeMonth)              ? Unit::kMonth
             : range == kRangeDay                               ? Unit::kDay
             : range == kRangeHour                              ? Unit::kHour
             : range == (kRangeDay | kRangeHour)                ? Unit::kHour
             : range == kRangeMinute                            ? Unit::kMinute
             : range == (kRangeDay | kRangeHour | kRangeMinute) ? Unit::kMinute
             : range == (kRangeHour | kRangeMinute)             ? Unit::kMinute
                                                                : Unit::kSecond;
    }
    bool ok = true;
    switch (unit) {
      case Unit::kMicrosecond:
        ok = AdjustMicros(val, fval, 1, &a);
        tmask = kMMicro;
        break;
      case Unit::kMillisecond:
        ok = AdjustMicros(val, fval, 1000, &a);
        tmask = kMMilli;
        break;
      case Unit::kSecond:
        ok = AdjustMicros(val, fval, kMicrosPerSecond, &a);
        tmask = kMSecond;
        if (fval != 0) tmask |= kMMicro | kMMilli;
        break;
      case Unit::kMinute:
        ok = AdjustMicros(val, fval, kMicrosPerMinute, &a);
        tmask = kMMinute;
        break;
      case Unit::kHour:
        ok = AdjustMicros(val, fval, kMicrosPerHour, &a);
        tmask = kMHour;
        break;
      case Unit::kDay:
        ok = AdjustDays(val, 1, &a) && AdjustFractMicros(fval, kMicrosPerDay, &a);
        tmask = kMDay;
        break;
      case Unit::kWeek:
        ok = AdjustDays(val, 7, &a) && AdjustFractDays(fval, 7, &a);
        tmask = kMWeek;
        break;
      case Unit::kMonth:
        ok = AdjustMonths(val, 1, &a) && AdjustFractDays(fval, kDaysPerMonth, &a);
        tmask = kMMonth;
        break;
      case Unit::kYear:
        ok = AdjustYears(val, 1, &a) && AdjustFractYears(fval, 1, &a);
        tmask = kMYear;
        break;
      case Unit::kDecade:
        ok = AdjustYears(val, 10, &a) && AdjustFractYears(fval, 10, &a);
        tmask = kMDecade;
        break;
      case Unit::kCentury:
        ok = AdjustYears(val, 100, &a) && AdjustFractYears(fval, 100, &a);
        tmask = kMCentury;
        break;
      case Unit::kMillennium:
        ok = AdjustYears(val, 1000, &a) && AdjustFractYears(fval, 1000, &a);
        tmask = kMMillennium;
        break;
      default:
        return IntervalSyntax(text);
    }
    if (!ok) return IntervalFieldRange(text);
    if (tmask & fmask) return IntervalSyntax(text);
    fmask |= tmask;
  }
  if (fmask == 0) return IntervalSyntax(text);
  ASSIGN_OR_RETURN(Interval out, ToInterval(a));
  if (ago) {
    Result<Interval> n = IntervalNegate(out);
    if (!n.ok()) return IntervalFieldRange(text);
    out = *n;
  }
  return out;
}

std::string FormatInterval(const Interval& v) {
  int32_t year = v.months / 12;
  int32_t mon = v.months % 12;
  int32_t mday = v.days;
  int64_t time = v.micros;
  int64_t hour = time / kMicrosPerHour;
  time -= hour * kMicrosPerHour;
  int64_t min = time / kMicrosPerMinute;
  time -= min * kMicrosPerMinute;
  int64_t sec = time / kMicrosPerSecond;
  int64_t fsec = time - sec * kMicrosPerSecond;

  std::string out;
  bool is_zero = true, is_before = false;
  auto add_part = [&](int64_t value, const char* units) {
    if (value == 0) return;
    out += fmt::format("{}{}{} {}{}", !is_zero ? " " : "", (is_before && value > 0) ? "+" : "",
                       value, units, value != 1 ? "s" : "");
    is_before = value < 0;
    is_zero = false;
  };
  add_part(year, "year");
  add_part(mon, "mon");
  add_part(mday, "day");
  if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
    bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
    out += fmt::format("{}{}{:02}:{:02}:", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""),
                       std::abs(hour), std::abs(min));
    AppendSeconds(&out, std::abs(sec), std::abs(fsec));
  }
  return out;
}

__int128 IntervalSpan(const Interval& v) {
  return static_cast<__int128>(v.months) * kDaysPerMonth * kMicrosPerDay +
         static_cast<__int128>(v.days) * kMicrosPerDay + v.micros;
}

int CompareIntervals(const Interval& a, const Interval& b) {
  __int128 x = IntervalSpan(a), y = IntervalSpan(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

Result<Interval> IntervalAdd(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) ||
      __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    return IntervalOutOfRange();
  }
  return r;
}

Result<Interval> IntervalSub(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_sub_overflow(a.months, b.months, &r.months) ||
      __builtin_sub_overflow(a.days, b.days, &r.days) ||
      __builtin_sub_overflow(a.micros, b.micros, &r.micros)) {
    return IntervalOutOfRange();
  }
  return r;
}

Result<Interval> IntervalNegate(const Interval& a) { return IntervalSub(Interval{}, a); }

namespace {

double TsRound(double j) { return std::rint(j * 1e6) / 1e6; }
bool FitsInt32(double d) { return !std::isnan(d) && d >= -2147483648.0 && d < 2147483648.0; }
bool FitsInt64(double d) {
  return !std::isnan(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

// interval_mul's cascade, with month_f = months * factor etc. already computed.
Result<Interval> Cascade(double month_f, double day_f, double time_f) {
  Interval r;
  if (!FitsInt32(month_f)) return IntervalOutOfRange();
  r.months = static_cast<int32_t>(month_f);
  if (!FitsInt32(day_f)) return IntervalOutOfRange();
  r.days = static_cast<int32_t>(day_f);
  double month_remainder_days = TsRound((month_f - r.months) * kDaysPerMonth);
  double sec_remainder = TsRound(
      (day_f - r.days + month_remainder_days - static_cast<int>(month_remainder_days)) * 86400.0);
  if (std::fabs(sec_remainder) >= 86400.0) {
    if (__builtin_add_overflow(r.days, static_cast<int>(sec_remainder / 86400.0), &r.days)) {
      return IntervalOutOfRange();
    }
    sec_remainder -= static_cast<int>(sec_remainder / 86400.0) * 86400.0;
  }
  if (__builtin_add_overflow(r.days, static_cast<int32_t>(month_remainder_days), &r.days)) {
    return IntervalOutOfRange();
  }
  double t = std::rint(time_f + sec_remainder * 1e6);
  if (!FitsInt64(t)) return IntervalOutOfRange();
  r.micros = static_cast<int64_t>(t);
  return r;
}

}  // namespace

Result<Interval> IntervalMul(const Interval& a, double factor) {
  return Cascade(a.months * factor, a.days * factor, static_cast<double>(a.micros) * factor);
}

Result<Interval> IntervalDiv(const Interval& a, double factor) {
  if (factor == 0.0) return Status("22012", "division by zero");
  return Cascade(a.months / factor, a.days / factor, static_cast<double>(a.micros) / factor);
}

Interval JustifyHours(const Interval& v) {
  Interval r = v;
  int64_t wholeday = r.micros / kMicrosPerDay;
  r.micros -= wholeday * kMicrosPerDay;
  r.days += static_cast<int32_t>(wholeday);
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

Interval JustifyDays(const Interval& v) {
  Interval r = v;
  int32_t wholemonth = r.days / static_cast<int32_t>(kDaysPerMonth);
  r.days -= wholemonth * static_cast<int32_t>(kDaysPerMonth);
  r.months += wholemonth;
  if (r.months > 0 && r.days < 0) {
    r.days += kDaysPerMonth;
    r.months--;
  } else if (r.months < 0 && r.days > 0) {
    r.days -= kDaysPerMonth;
    r.months++;
  }
  return r;
}

Interval JustifyInterval(const Interval& v) {
  Interval r = v;
  int64_t wholeday = r.micros / kMicrosPerDay;
  r.micros -= wholeday * kMicrosPerDay;
  r.days += static_cast<int32_t>(wholeday);
  int32_t wholemonth = r.days / static_cast<int32_t>(kDaysPerMonth);
  r.days -= wholemonth * static_cast<int32_t>(kDaysPerMonth);
  r.months += wholemonth;
  if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.micros < 0))) {
    r.days += kDaysPerMonth;
    r.months--;
  } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.micros > 0))) {
    r.days -= kDaysPerMonth;
    r.months++;
  }
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

Result<int64_t> TimestampPlusInterval(int64_t ts, const Interval& span) {
  if (ts == kTimestampInfinity || ts == kTimestampMinusInfinity) return ts;
  if (span.months != 0) {
    int64_t days = FloorDiv(ts, kMicrosPerDay);
    int64_t time = ts - days * kMicrosPerDay;
    CivilDate d = CivilFromDays(days);
    int64_t mon = d.month + static_cast<int64_t>(span.months);
    int64_t year = d.year;
    if (mon > 12) {
      year += (mon - 1) / 12;
      mon = (mon - 1) % 12 + 1;
    } else if (mon < 1) {
      year += mon / 12 - 1;
      mon = mon % 12 + 12;
    }
    int mday = std::min(d.day, DaysInMonth(year, static_cast<int>(mon)));
    int64_t nd = DaysFromCivil(CivilDate{year, static_cast<int>(mon), mday});
    if (nd < kMinDate || nd > kMaxDate) return TimestampOutOfRange();
    ts = nd * kMicrosPerDay + time;
    if (!ValidTimestamp(ts)) return TimestampOutOfRange();
  }
  if (span.days != 0) {
    int64_t days = FloorDiv(ts, kMicrosPerDay);
    int64_t time = ts - days * kMicrosPerDay;
    days += span.days;
    if (days < kMinDate || days > kMaxDate) return TimestampOutOfRange();
    ts = days * kMicrosPerDay + time;
    if (!ValidTimestamp(ts)) return TimestampOutOfRange();
  }
  int64_t out;
  if (__builtin_add_overflow(ts, span.micros, &out) || !ValidTimestamp(out)) {
    return TimestampOutOfRange();
  }
  return out;
}

Result<Interval> TimestampMinus(int64_t a, int64_t b) {
  auto finite = [](int64_t t) { return t != kTimestampInfinity && t != kTimestampMinusInfinity; };
  if (!finite(a) || !finite(b)) return Status("22008", "cannot subtract infinite timestamps");
  Interval r;
  if (__builtin_sub_overflow(a, b, &r.micros)) return IntervalOutOfRange();
  return JustifyHours(r);
}

Result<Interval> TimestampAge(int64_t dt1, int64_t dt2) {
  auto finite = [](int64_t t) { return t != kTimestampInfinity && t != kTimestampMinusInfinity; };
  if (!finite(dt1) || !finite(dt2)) return Status("22008", "timestamp out of range");
  struct Tm {
    int64_t year, mon, mday, hour, min, sec, fsec;
  };
  auto split = [](int64_t ts) {
    int64_t days = FloorDiv(ts, kMicrosPerDay);
    int64_t time = ts - days * kMicrosPerDay;
    CivilDate d = CivilFromDays(days);
    return Tm{d.year,
              d.month,
              d.day,
              time / kMicrosPerHour,
              time / kMicrosPerMinute % 60,
              time / kMicrosPerSecond % 60,
              time % kMicrosPerSecond};
  };
  Tm t1 = split(dt1), t2 = split(dt2);
  Tm tm{t1.year - t2.year, t1.mon - t2.mon, t1.mday - t2.mday, t1.hour - t2.hour,
        t1.min - t2.min,   t1.sec - t2.sec, t1.fsec - t2.fsec};
  bool flip = dt1 < dt2;
  auto negate = [](Tm& t) { t = Tm{-t.year, -t.mon, -t.mday, -t.hour, -t.min, -t.sec, -t.fsec}; };
  if (flip) negate(tm);
  while (tm.fsec < 0) tm.fsec += kMicrosPerSecond, tm.sec--;
  while (tm.sec < 0) tm.sec += 60, tm.min--;
  while (tm.min < 0) tm.min += 60, tm.hour--;
  while (tm.hour < 0) tm.hour += 24, tm.mday--;
  while (tm.mday < 0) {
    const Tm& ref = flip ? t1 : t2;
    tm.mday += DaysInMonth(ref.year, static_cast<int>(ref.mon));
    tm.mon--;
  }
  while (tm.mon < 0) tm.mon += 12, tm.year--;
  if (flip) negate(tm);
  int64_t months = tm.year * 12 + tm.mon;
  if (months > INT32_MAX || months < INT32_MIN) return IntervalOutOfRange();
  Interval r;
  r.months = static_cast<int32_t>(months);
  r.days = static_cast<int32_t>(tm.mday);
  r.micros = ((tm.hour * 60 + tm.min) * 60 + tm.sec) * kMicrosPerSecond + tm.fsec;
  return r;
}

Result<int64_t> ParseTime(std::string_view text) {
  auto syntax = [&] {
    return Status("22007", fmt::format("invalid input syntax for type time: \"{}\"", text));
  };
  std::string_view s = text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  // An optional leading date ("2024-01-31 10:00" or "2024-01-31T10:00") is dropped.
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return syntax();
  size_t sep = s.find_last_of(" T", colon);
  if (sep != std::string_view::npos) {
    Result<int32_t> d = ParseDate(s.substr(0, sep));
    if (!d.ok()) return syntax();
    s.remove_prefix(sep + 1);
  }
  int64_t micros = 0;
  for (char c : s) {
    if (!IsDigit(c) && c != ':' && c != '.') return syntax();
  }
  int r = ParseTimeField(s, &micros);
  if (r == 1) return syntax();
  // hours 0..24, and 24:00:00 only exactly.
  if (r == 2 || micros > kMicrosPerDay || micros < 0) {
    return Status("22008", fmt::format("date/time field value out of range: \"{}\"", text));
  }
  return micros;
}

std::string FormatTime(int64_t micros) {
  int64_t hour = micros / kMicrosPerHour;
  int64_t min = micros / kMicrosPerMinute % 60;
  int64_t sec = micros / kMicrosPerSecond % 60;
  std::string out = fmt::format("{:02}:{:02}:", hour, min);
  AppendSeconds(&out, sec, micros % kMicrosPerSecond);
  return out;
}

int64_t TimePlusInterval(int64_t time, const Interval& span) {
  int64_t r = (time + span.micros % kMicrosPerDay) % kMicrosPerDay;
  if (r < 0) r += kMicrosPerDay;
  return r;
}

}  // namespace komodo
