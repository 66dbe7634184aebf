#include "exec/datetime_functions.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

#include "common/macros.h"
#include "exec/executor.h"
#include "komodo/numeric.h"
#include "types/datetime.h"
#include "types/interval.h"

namespace komodo::exec {
namespace {

using Args = std::vector<Value>;
using sql::BoundExpr;

constexpr TypeId kText = TypeId::kText;
constexpr TypeId kInt4 = TypeId::kInt4;
constexpr TypeId kFloat8 = TypeId::kFloat8;
constexpr TypeId kNumeric = TypeId::kNumeric;
constexpr TypeId kDate = TypeId::kDate;
constexpr TypeId kTime = TypeId::kTime;
constexpr TypeId kTs = TypeId::kTimestamp;
constexpr TypeId kTsTz = TypeId::kTimestampTz;
constexpr TypeId kInterval = TypeId::kInterval;

constexpr int64_t kUnixEpochDays = -10'957;  // 1970-01-01 in days since 2000-01-01

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }
bool IsLeap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}
bool IsFinite(int64_t ts) { return ts != kTimestampInfinity && ts != kTimestampMinusInfinity; }

// A timestamp broken into fields (astronomical year).
struct Tm {
  int64_t year = 2000;
  int month = 1, mday = 1;
  int64_t hour = 0;
  int min = 0, sec = 0;
  int64_t fsec = 0;  // microseconds
  int64_t days = 0;  // days since 2000-01-01
  int64_t time = 0;  // microseconds since midnight
};

Tm Split(int64_t ts) {
  Tm tm;
  tm.days = FloorDiv(ts, kMicrosPerDay);
  tm.time = ts - tm.days * kMicrosPerDay;
  CivilDate d = CivilFromDays(tm.days);
  tm.year = d.year;
  tm.month = d.month;
  tm.mday = d.day;
  tm.hour = tm.time / kMicrosPerHour;
  tm.min = static_cast<int>(tm.time / kMicrosPerMinute % 60);
  tm.sec = static_cast<int>(tm.time / kMicrosPerSecond % 60);
  tm.fsec = tm.time % kMicrosPerSecond;
  return tm;
}

Result<int64_t> Join(const Tm& tm) {
  if (tm.month < 1 || tm.month > 12 || tm.mday < 1 || tm.mday > DaysInMonth(tm.year, tm.month)) {
    return Status("22008", "timestamp out of range");
  }
  int64_t days = DaysFromCivil(CivilDate{tm.year, tm.month, tm.mday});
  if (days < kMinDate || days > kMaxDate) return Status("22008", "timestamp out of range");
  int64_t ts =
      days * kMicrosPerDay + ((tm.hour * 60 + tm.min) * 60 + tm.sec) * kMicrosPerSecond + tm.fsec;
  if (ts < kMinTimestamp || ts >= kEndTimestamp) return Status("22008", "timestamp out of range");
  return ts;
}

int Dow(int64_t days) { return static_cast<int>(FloorMod(days + 6, 7)); }  // 0 = Sunday
int DayOfYear(const Tm& tm) {
  return static_cast<int>(tm.days - DaysFromCivil(CivilDate{tm.year, 1, 1}) + 1);
}
// ISO 8601 week number and week-numbering year.
void IsoWeek(int64_t days, int64_t* iso_year, int* week) {
  int isodow = Dow(days) == 0 ? 7 : Dow(days);
  int64_t thursday = days + 4 - isodow;
  CivilDate t = CivilFromDays(thursday);
  *iso_year = t.year;
  *week = static_cast<int>((thursday - DaysFromCivil(CivilDate{t.year, 1, 1})) / 7 + 1);
}
// PostgreSQL shows years before 1 AD as negative: 1 BC is -1.
int64_t DisplayYear(int64_t year) { return year > 0 ? year : year - 1; }

// ---- units (DecodeUnits / DecodeSpecial, as date_trunc and date_part read them) -------------

enum class Field {
  kNone,
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kDow,
  kIsoDow,
  kDoy,
  kEpoch,
  kIsoYear,
  kJulian,
  kTimezone,
  kTimezoneHour,
  kTimezoneMinute,
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Field FieldFromName(const std::string& lowered) {
  // PostgreSQL compares at most the first 10 characters (TOKMAXLEN).
  std::string w = lowered.substr(0, 10);
  static const struct {
    const char* word;
    Field field;
  } kNames[] = {
      {"microsecon", Field::kMicrosecond},
      {"us", Field::kMicrosecond},
      {"usec", Field::kMicrosecond},
      {"usecond", Field::kMicrosecond},
      {"useconds", Field::kMicrosecond},
      {"usecs", Field::kMicrosecond},
      {"millisecon", Field::kMillisecond},
      {"ms", Field::kMillisecond},
      {"msec", Field::kMillisecond},
      {"msecond", Field::kMillisecond},
      {"mseconds", Field::kMillisecond},
      {"msecs", Field::kMillisecond},
      {"s", Field::kSecond},
      {"sec", Field::kSecond},
      {"second", Field::kSecond},
      {"seconds", Field::kSecond},
      {"secs", Field::kSecond},
      {"m", Field::kMinute},
      {"min", Field::kMinute},
      {"mins", Field::kMinute},
      {"minute", Field::kMinute},
      {"minutes", Field::kMinute},
      {"h", Field::kHour},
      {"hour", Field::kHour},
      {"hours", Field::kHour},
      {"hr", Field::kHour},
      {"hrs", Field::kHour},
      {"d", Field::kDay},
      {"day", Field::kDay},
      {"days", Field::kDay},
      {"w", Field::kWeek},
      {"week", Field::kWeek},
      {"weeks", Field::kWeek},
      {"mon", Field::kMonth},
      {"mons", Field::kMonth},
      {"month", Field::kMonth},
      {"months", Field::kMonth},
      {"qtr", Field::kQuarter},
      {"quarter", Field::kQuarter},
      {"y", Field::kYear},
      {"year", Field::kYear},
      {"years", Field::kYear},
      {"yr", Field::kYear},
      {"yrs", Field::kYear},
      {"dec", Field::kDecade},
      {"decade", Field::kDecade},
      {"decades", Field::kDecade},
      {"decs", Field::kDecade},
      {"c", Field::kCentury},
      {"cent", Field::kCentury},
      {"century", Field::kCentury},
      {"centuries", Field::kCentury},
      {"mil", Field::kMillennium},
      {"millennium", Field::kMillennium},
      {"millennia", Field::kMillennium},
      {"mils", Field::kMillennium},
      {"dow", Field::kDow},
      {"isodow", Field::kIsoDow},
      {"doy", Field::kDoy},
      {"epoch", Field::kEpoch},
      {"isoyear", Field::kIsoYear},
      {"j", Field::kJulian},
      {"jd", Field::kJulian},
      {"julian", Field::kJulian},
      {"timezone", Field::kTimezone},
      {"timezone_h", Field::kTimezoneHour},
      {"timezone_m", Field::kTimezoneMinute},
  };
  for (const auto& n : kNames) {
    if (w == n.word) return n.field;
  }
  return Field::kNone;
}

Status NotRecognized(const std::string& unit, TypeId type) {
  return Status("22023",
                fmt::format("unit \"{}\" not recognized for type {}", unit, TypeName(type)));
}
Status NotSupported(const std::string& unit, TypeId type) {
  return Status("0A000",
                fmt::format("unit \"{}\" not supported for type {}", unit, TypeName(type)));
}

// ---- operators -------------------------------------------------------------------------------

Result<Value> TsPlusInterval(const Value& ts, const Interval& span, bool negate) {
  Interval s = span;
  if (negate) {
    ASSIGN_OR_RETURN(s, IntervalNegate(span));
  }
  ASSIGN_OR_RETURN(int64_t r, TimestampPlusInterval(ts.int_value(), s));
  return ts.type() == kTsTz ? Value::TimestampTz(r) : Value::Timestamp(r);
}

Result<Value> OpPlus(const BoundExpr& call, Args& a) {
  const Value& l = a[0];
  const Value& r = a[1];
  if (l.type() == kInterval && r.type() == kInterval) {
    ASSIGN_OR_RETURN(Interval v, IntervalAdd(l.interval_value(), r.interval_value()));
    return Value::Interval(v);
  }
  if (l.type() == kInterval) {
    if (r.type() == kTime) return Value::Time(TimePlusInterval(r.int_value(), l.interval_value()));
    return TsPlusInterval(r, l.interval_value(), false);
  }
  if (r.type() == kInterval) {
    if (l.type() == kTime) return Value::Time(TimePlusInterval(l.int_value(), r.interval_value()));
    return TsPlusInterval(l, r.interval_value(), false);
  }
  // date + time
  const Value& d = l.type() == kDate ? l : r;
  const Value& t = l.type() == kDate ? r : l;
  ASSIGN_OR_RETURN(int64_t midnight, DateToTimestamp(static_cast<int32_t>(d.int_value())));
  if (!IsFinite(midnight)) return Value::Timestamp(midnight);
  int64_t ts = midnight + t.int_value();
  if (ts >= kEndTimestamp) return Status("22008", "timestamp out of range");
  return Value::Timestamp(ts);
}

Result<Value> OpMinus(const BoundExpr& call, Args& a) {
  const Value& l = a[0];
  const Value& r = a[1];
  if (l.type() == kInterval) {
    ASSIGN_OR_RETURN(Interval v, IntervalSub(l.interval_value(), r.interval_value()));
    return Value::Interval(v);
  }
  if (r.type() == kInterval) {
    if (l.type() == kTime) {
      ASSIGN_OR_RETURN(Interval n, IntervalNegate(r.interval_value()));
      return Value::Time(TimePlusInterval(l.int_value(), n));
    }
    return TsPlusInterval(l, r.interval_value(), true);
  }
  if (l.type() == kTime) return Value::Interval(Interval{0, 0, l.int_value() - r.int_value()});
  ASSIGN_OR_RETURN(Interval v, TimestampMinus(l.int_value(), r.int_value()));
  return Value::Interval(v);
}

Result<Value> OpMul(const BoundExpr&, Args& a) {
  bool left = a[0].type() == kInterval;
  const Interval& iv = left ? a[0].interval_value() : a[1].interval_value();
  double f = left ? a[1].float_value() : a[0].float_value();
  ASSIGN_OR_RETURN(Interval v, IntervalMul(iv, f));
  return Value::Interval(v);
}

Result<Value> OpDiv(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(Interval v, IntervalDiv(a[0].interval_value(), a[1].float_value()));
  return Value::Interval(v);
}

Result<Value> IntervalUm(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(Interval v, IntervalNegate(a[0].interval_value()));
  return Value::Interval(v);
}

Result<Value> Justify(const BoundExpr& call, Args& a) {
  const Interval& v = a[0].interval_value();
  if (call.name == "justify_hours") return Value::Interval(JustifyHours(v));
  if (call.name == "justify_days") return Value::Interval(JustifyDays(v));
  return Value::Interval(JustifyInterval(v));
}

// ---- date_trunc ------------------------------------------------------------------------------

// date_trunc knows only the units of PostgreSQL's deltatktbl: dow, doy, epoch, ... are "not
// recognized" there, while timezone (and week for an interval) is "not supported".
Status TruncUnitError(const std::string& unit, Field f, TypeId type) {
  if ((f >= Field::kMicrosecond && f <= Field::kMillennium) || f == Field::kTimezone ||
      f == Field::kTimezoneHour || f == Field::kTimezoneMinute) {
    return NotSupported(unit, type);
  }
  return NotRecognized(unit, type);
}

Result<Value> DateTrunc(const BoundExpr&, Args& a) {
  std::string unit = Lower(a[0].string_value());
  const Value& v = a[1];
  Field f = FieldFromName(unit);
  if (v.type() == kInterval) {
    const Interval& iv = v.interval_value();
    int64_t year = iv.months / 12, mon = iv.months % 12, mday = iv.days;
    int64_t time = iv.micros;
    int64_t hour = time / kMicrosPerHour;
    time -= hour * kMicrosPerHour;
    int64_t min = time / kMicrosPerMinute;
    time -= min * kMicrosPerMinute;
    int64_t sec = time / kMicrosPerSecond;
    int64_t fsec = time - sec * kMicrosPerSecond;
    switch (f) {
      case Field::kMillennium:
        year = year / 1000 * 1000;
        [[fallthrough]];
      case Field::kCentury:
        if (f != Field::kMillennium) year = year / 100 * 100;
        [[fallthrough]];
      case Field::kDecade:
        if (f == Field::kDecade) year = year / 10 * 10;
        [[fallthrough]];
      case Field::kYear:
        mon = 0;
        [[fallthrough]];
      case Field::kQuarter:
        mon = 3 * (mon / 3);
        [[fallthrough]];
      case Field::kMonth:
        mday = 0;
        [[fallthrough]];
      case Field::kDay:
        hour = 0;
        [[fallthrough]];
      case Field::kHour:
        min = 0;
        [[fallthrough]];
      case Field::kMinute:
        sec = 0;
        [[fallthrough]];
      case Field::kSecond:
        fsec = 0;
        break;
      case Field::kMillisecond:
        fsec = fsec / 1000 * 1000;
        break;
      case Field::kMicrosecond:
        break;
      default:
        return TruncUnitError(unit, f, kInterval);
    }
    Interval out;
    out.months = static_cast<int32_t>(year * 12 + mon);
    out.days = static_cast<int32_t>(mday);
    out.micros = ((hour * 60 + min) * 60 + sec) * kMicrosPerSecond + fsec;
    return Value::Interval(out);
  }
  TypeId type = v.type();
  if (!IsFinite(v.int_value())) {
    if (f == Field::kNone) return NotRecognized(unit, type);
    return v;
  }
  Tm tm = Split(v.int_value());
  switch (f) {
    case Field::kWeek: {
      tm.days -= (Dow(tm.days) + 6) % 7;
      CivilDate d = CivilFromDays(tm.days);
      tm.year = d.year;
      tm.month = d.month;
      tm.mday = d.day;
      tm.hour = tm.min = tm.sec = 0;
      tm.fsec = 0;
      break;
    }
    case Field::kMillennium:
    case Field::kCentury:
    case Field::kDecade:
    case Field::kYear:
    case Field::kQuarter:
    case Field::kMonth:
    case Field::kDay:
    case Field::kHour:
    case Field::kMinute:
    case Field::kSecond:
      // PostgreSQL's years here are 1 BC = 0, as ours are.
      if (f == Field::kMillennium) {
        tm.year = tm.year > 0 ? (tm.year + 999) / 1000 * 1000 - 999
                              : -((999 - (tm.year - 1)) / 1000) * 1000 + 1;
      } else if (f == Field::kCentury) {
        tm.year =
            tm.year > 0 ? (tm.year + 99) / 100 * 100 - 99 : -((99 - (tm.year - 1)) / 100) * 100 + 1;
      } else if (f == Field::kDecade) {
        tm.year = tm.year > 0 ? tm.year / 10 * 10 : -((8 - (tm.year - 1)) / 10) * 10;
      }
      if (f == Field::kQuarter) {
        tm.month = 3 * ((tm.month - 1) / 3) + 1;
      } else if (f >= Field::kYear) {
        tm.month = 1;
      }
      if (f >= Field::kMonth) tm.mday = 1;
      if (f >= Field::kDay) tm.hour = 0;
      if (f >= Field::kHour) tm.min = 0;
      if (f >= Field::kMinute) tm.sec = 0;
      tm.fsec = 0;
      break;
    case Field::kMillisecond:
      tm.fsec = tm.fsec / 1000 * 1000;
      break;
    case Field::kMicrosecond:
      break;
    default:
      return TruncUnitError(unit, f, type);
  }
  ASSIGN_OR_RETURN(int64_t ts, Join(tm));
  return type == kTsTz ? Value::TimestampTz(ts) : Value::Timestamp(ts);
}

// ---- date_part / extract ---------------------------------------------------------------------

// A part's value: an integer, or an integer scaled by 10^scale (seconds as micros, ...).
struct Part {
  int64_t value = 0;
  int scale = 0;
  double as_double = 0;  // date_part's result when it is not value / 10^scale
  bool has_double = false;
};

Value NumericOf(const Part& p) {
  if (p.scale == 0) return Value::Numeric(Numeric::FromInt64(p.value));
  int64_t pow = 1;
  for (int i = 0; i < p.scale; ++i) pow *= 10;
  uint64_t mag =
      p.value < 0 ? uint64_t{0} - static_cast<uint64_t>(p.value) : static_cast<uint64_t>(p.value);
  std::string text =
      fmt::format("{}{}.{:0{}}", p.value < 0 ? "-" : "", mag / pow, mag % pow, p.scale);
  return Value::Numeric(*Numeric::Parse(text));
}

double DoubleOf(const Part& p) {
  if (p.has_double) return p.as_double;
  double d = static_cast<double>(p.value);
  for (int i = 0; i < p.scale; ++i) d /= 10;
  return d;
}

Result<Part> TimestampPart(const std::string& unit, Field f, const Value& v, TypeId type) {
  int64_t ts = v.int_value();
  if (!IsFinite(ts)) {
    return Status("0A000", "extract of infinite timestamps is not supported by KomodoDB");
  }
  Tm tm = Split(ts);
  int64_t secs_micros = tm.sec * kMicrosPerSecond + tm.fsec;
  switch (f) {
    case Field::kMicrosecond:
      return Part{secs_micros, 0};
    case Field::kMillisecond:
      return Part{secs_micros, 3, secs_micros / 1000.0, true};
    case Field::kSecond:
      return Part{secs_micros, 6, tm.sec + tm.fsec / 1e6, true};
    case Field::kMinute:
      return Part{tm.min, 0};
    case Field::kHour:
      return Part{tm.hour, 0};
    case Field::kDay:
      return Part{tm.mday, 0};
    case Field::kMonth:
      return Part{tm.month, 0};
    case Field::kQuarter:
      return Part{(tm.month - 1) / 3 + 1, 0};
    case Field::kWeek: {
      int64_t iy;
      int w;
      IsoWeek(tm.days, &iy, &w);
      return Part{w, 0};
    }
    case Field::kYear:
      return Part{DisplayYear(tm.year), 0};
    case Field::kDecade:
      return Part{tm.year > 0 ? tm.year / 10 : -((8 - (tm.year - 1)) / 10), 0};
    case Field::kCentury:
      return Part{tm.year > 0 ? (tm.year + 99) / 100 : -((99 - (tm.year - 1)) / 100), 0};
    case Field::kMillennium:
      return Part{tm.year > 0 ? (tm.year + 999) / 1000 : -((999 - (tm.year - 1)) / 1000), 0};
    case Field::kDow:
      return Part{Dow(tm.days), 0};
    case Field::kIsoDow:
      return Part{Dow(tm.days) == 0 ? 7 : Dow(tm.days), 0};
    case Field::kDoy:
      return Part{DayOfYear(tm), 0};
    case Field::kIsoYear: {
      int64_t iy;
      int w;
      IsoWeek(tm.days, &iy, &w);
      return Part{DisplayYear(iy), 0};
    }
    case Field::kEpoch: {
      // (ts - 1970-01-01) in seconds with 6 decimals.
      int64_t micros = ts - kUnixEpochDays * kMicrosPerDay;
      return Part{micros, 6, static_cast<double>(micros) / 1e6, true};
    }
    case Field::kTimezone:
    case Field::kTimezoneHour:
    case Field::kTimezoneMinute:
      if (type == kTsTz) return Part{0, 0};
      return NotSupported(unit, type);
    case Field::kNone:
      return NotRecognized(unit, type);
    default:
      return NotSupported(unit, type);
  }
}

Result<Part> IntervalPart(const std::string& unit, Field f, const Interval& iv) {
  int64_t year = iv.months / 12, mon = iv.months % 12, mday = iv.days;
  int64_t time = iv.micros;
  int64_t hour = time / kMicrosPerHour;
  time -= hour * kMicrosPerHour;
  int64_t min = time / kMicrosPerMinute;
  time -= min * kMicrosPerMinute;
  int64_t usec = time;  // seconds and fraction, in microseconds
  switch (f) {
    case Field::kMicrosecond:
      return Part{usec, 0};
    case Field::kMillisecond:
      return Part{usec, 3, usec / 1000.0, true};
    case Field::kSecond:
      return Part{usec, 6, usec / 1e6, true};
    case Field::kMinute:
      return Part{min, 0};
    case Field::kHour:
      return Part{hour, 0};
    case Field::kDay:
      return Part{mday, 0};
    case Field::kMonth:
      return Part{mon, 0};
    case Field::kQuarter:
      return Part{mon / 3 + 1, 0};
    case Field::kYear:
      return Part{year, 0};
    case Field::kDecade:
      return Part{year / 10, 0};
    case Field::kCentury:
      return Part{year / 100, 0};
    case Field::kMillennium:
      return Part{year / 1000, 0};
    case Field::kEpoch: {
      int64_t secs_from_day_month = (static_cast<int64_t>(4 * 365.25) * (iv.months / 12) +
                                     4 * 30 * (iv.months % 12) + int64_t{4} * iv.days) *
                                    (86400 / 4);
      double d = iv.micros / 1e6 + 365.25 * 86400 * (iv.months / 12) +
                 30.0 * 86400 * (iv.months % 12) + 86400.0 * iv.days;
      return Part{secs_from_day_month * 1'000'000 + iv.micros, 6, d, true};
    }
    case Field::kNone:
      return NotRecognized(unit, kInterval);
    default:
      return NotSupported(unit, kInterval);
  }
}

Result<Part> TimePart(const std::string& unit, Field f, int64_t t) {
  int64_t usec = t % kMicrosPerMinute;
  switch (f) {
    case Field::kMicrosecond:
      return Part{usec, 0};
    case Field::kMillisecond:
      return Part{usec, 3, usec / 1000.0, true};
    case Field::kSecond:
      return Part{usec, 6, usec / 1e6, true};
    case Field::kMinute:
      return Part{t / kMicrosPerMinute % 60, 0};
    case Field::kHour:
      return Part{t / kMicrosPerHour, 0};
    case Field::kEpoch:
      return Part{t, 6, t / 1e6, true};
    case Field::kNone:
      return NotRecognized(unit, kTime);
    default:
      return NotSupported(unit, kTime);
  }
}

// extract(field FROM date): the date fields only; epoch in whole seconds.
Result<Part> DatePart(const std::string& unit, Field f, int32_t days) {
  if (days == kDateInfinity || days == kDateMinusInfinity) {
    return Status("0A000", "extract of infinite dates is not supported by KomodoDB");
  }
  switch (f) {
    case Field::kDay:
    case Field::kMonth:
    case Field::kQuarter:
    case Field::kWeek:
    case Field::kYear:
    case Field::kDecade:
    case Field::kCentury:
    case Field::kMillennium:
    case Field::kDow:
    case Field::kIsoDow:
    case Field::kDoy:
    case Field::kIsoYear:
      return TimestampPart(unit, f, Value::Timestamp(int64_t{days} * kMicrosPerDay), kTs);
    case Field::kEpoch:
      return Part{(int64_t{days} - kUnixEpochDays) * 86400, 0};
    case Field::kJulian:
      return Part{int64_t{days} + 2'451'545, 0};
    case Field::kNone:
      return NotRecognized(unit, kDate);
    default:
      return NotSupported(unit, kDate);
  }
}

Result<Part> AnyPart(const Value& field, const Value& v) {
  std::string unit = Lower(field.string_value());
  Field f = FieldFromName(unit);
  switch (v.type()) {
    case kInterval:
      return IntervalPart(unit, f, v.interval_value());
    case kTime:
      return TimePart(unit, f, v.int_value());
    case kDate:
      return DatePart(unit, f, static_cast<int32_t>(v.int_value()));
    default:
      return TimestampPart(unit, f, v, v.type());
  }
}

Result<Value> Extract(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(Part p, AnyPart(a[0], a[1]));
  return NumericOf(p);
}

Result<Value> DatePartFn(const BoundExpr&, Args& a) {
  Value v = a[1];
  if (v.type() == kDate) {  // date_part(text, date) is date_part(text, date::timestamp)
    ASSIGN_OR_RETURN(int64_t ts, DateToTimestamp(static_cast<int32_t>(v.int_value())));
    v = Value::Timestamp(ts);
  }
  ASSIGN_OR_RETURN(Part p, AnyPart(a[0], v));
  return Value::Float8(DoubleOf(p));
}

// ---- age, make_*, to_timestamp, date_bin -----------------------------------------------------

Result<Value> Age(const BoundExpr&, Args& a) {
  int64_t a0, a1;
  if (a.size() == 1) {
    a0 = FloorDiv(CurrentTimestampMicros(), kMicrosPerDay) * kMicrosPerDay;  // current_date
    a1 = a[0].int_value();
  } else {
    a0 = a[0].int_value();
    a1 = a[1].int_value();
  }
  ASSIGN_OR_RETURN(Interval v, TimestampAge(a0, a1));
  return Value::Interval(v);
}

Result<int64_t> MakeDays(int64_t y, int64_t m, int64_t d) {
  int64_t year = y < 0 ? y + 1 : y;  // negative years are BC
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(year, static_cast<int>(m))) {
    return Status("22008", fmt::format("date field value out of range: {}-{:02}-{:02}", y, m, d));
  }
  int64_t days = DaysFromCivil(CivilDate{year, static_cast<int>(m), static_cast<int>(d)});
  if (days < kMinDate || days > kMaxDate) {
    return Status("22008", fmt::format("date out of range: {}-{:02}-{:02}", y, m, d));
  }
  return days;
}

Result<int64_t> MakeTimeMicros(int64_t h, int64_t mi, double sec) {
  // PostgreSQL allows 24:00:00 and a leap second of up to 60.
  if (h < 0 || mi < 0 || mi > 59 || !(sec >= 0) || sec > 60 || h > 24 ||
      (h == 24 && (mi > 0 || sec > 0))) {
    return Status("22008",
                  fmt::format("time field value out of range: {}:{:02}:{:02}", h, mi, sec));
  }
  return (h * 60 + mi) * kMicrosPerMinute + static_cast<int64_t>(std::rint(sec * 1e6));
}

Result<Value> MakeDate(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t days, MakeDays(a[0].int_value(), a[1].int_value(), a[2].int_value()));
  return Value::Date(static_cast<int32_t>(days));
}

Result<Value> MakeTimestamp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t days, MakeDays(a[0].int_value(), a[1].int_value(), a[2].int_value()));
  ASSIGN_OR_RETURN(int64_t t,
                   MakeTimeMicros(a[3].int_value(), a[4].int_value(), a[5].float_value()));
  int64_t ts = days * kMicrosPerDay + t;
  if (ts < kMinTimestamp || ts >= kEndTimestamp) {
    return Status("22008", "timestamp out of range");
  }
  return Value::Timestamp(ts);
}

Result<Value> MakeTime(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t t,
                   MakeTimeMicros(a[0].int_value(), a[1].int_value(), a[2].float_value()));
  return Value::Time(t);
}

Result<Value> ToTimestampEpoch(const BoundExpr&, Args& a) {
  double seconds = a[0].float_value();
  if (std::isnan(seconds)) return Status("22008", "timestamp cannot be NaN");
  if (std::isinf(seconds)) {
    return Value::TimestampTz(seconds > 0 ? kTimestampInfinity : kTimestampMinusInfinity);
  }
  constexpr double kMin = 86400.0 * (kMinDate - kUnixEpochDays);
  constexpr double kEnd = static_cast<double>(kEndTimestamp / kMicrosPerSecond) -
                          86400.0 * static_cast<double>(kUnixEpochDays);
  if (seconds < kMin || seconds >= kEnd) {
    return Status("22008",
                  fmt::format("timestamp out of range: \"{}\"", Value::Float8(seconds).ToText()));
  }
  seconds += 86400.0 * static_cast<double>(kUnixEpochDays);
  return Value::TimestampTz(static_cast<int64_t>(std::rint(seconds * 1e6)));
}

Result<Value> DateBin(const BoundExpr&, Args& a) {
  const Interval& stride = a[0].interval_value();
  int64_t ts = a[1].int_value(), origin = a[2].int_value();
  if (!IsFinite(ts)) return a[1];
  if (!IsFinite(origin)) return Status("22008", "origin out of range");
  if (stride.months != 0) {
    return Status("0A000", "timestamps cannot be binned into intervals containing months or years");
  }
  int64_t stride_us, diff;
  if (__builtin_mul_overflow(int64_t{stride.days}, kMicrosPerDay, &stride_us) ||
      __builtin_add_overflow(stride_us, stride.micros, &stride_us)) {
    return Status("22008", "interval out of range");
  }
  if (stride_us <= 0) return Status("22008", "stride must be greater than zero");
  if (__builtin_sub_overflow(ts, origin, &diff)) return Status("22008", "interval out of range");
  int64_t result = origin + (diff - diff % stride_us);
  if (diff % stride_us < 0) result -= stride_us;
  return a[1].type() == kTsTz ? Value::TimestampTz(result) : Value::Timestamp(result);
}

// ---- to_char ---------------------------------------------------------------------------------

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "Month" / "MONTH" / "month": the case of the keyword's first two letters picks the case.
std::string CaseAs(std::string_view keyword, const std::string& word) {
  if (keyword.size() >= 2 && std::isupper(static_cast<unsigned char>(keyword[1]))) {
    return Upper(word);
  }
  if (std::islower(static_cast<unsigned char>(keyword[0]))) return Lower(word);
  return word;
}

std::string Ordinal(int64_t n, bool upper) {
  int64_t last2 = std::abs(n) % 100, last = std::abs(n) % 10;
  const char* s = (last2 >= 11 && last2 <= 13) ? "th"
                  : last == 1                  ? "st"
                  : last == 2                  ? "nd"
                  : last == 3                  ? "rd"
                                               : "th";
  return upper ? Upper(s) : s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// to_char(timestamp, text). Supported patterns: HH HH12 HH24 MI SS MS US SSSS AM PM A.M. P.M.
// (and lower case) Y,YYY YYYY YYY YY Y IYYY IYY IY I BC AD B.C. A.D. MONTH Month month MON Mon
// mon MM DAY Day day DY Dy dy DDD IDDD DD D ID W WW IW CC J Q RM rm TZ tz OF, the FM prefix, the
// TH/th suffixes, "quoted text" and backslash escapes. Not supported: FX, TM, SP, TZH, TZM.
std::string FormatToChar(int64_t ts, bool with_tz, std::string_view fmt) {
  Tm tm = Split(ts);
  int64_t year = DisplayYear(tm.year);
  int64_t abs_year = year < 0 ? -year : year;
  int dow = Dow(tm.days);
  int64_t iso_year;
  int iso_week;
  IsoWeek(tm.days, &iso_year, &iso_week);
  int doy = DayOfYear(tm);
  int64_t hour12 = tm.hour % 12 == 0 ? 12 : tm.hour % 12;
  bool pm = tm.hour >= 12;
  std::string out;
  size_t i = 0;
  while (i < fmt.size()) {
    std::string_view rest = fmt.substr(i);
    if (rest[0] == '"') {
      size_t j = 1;
      while (j < rest.size() && rest[j] != '"') {
        if (rest[j] == '\\' && j + 1 < rest.size()) ++j;
        out.push_back(rest[j++]);
      }
      i += std::min(j + 1, rest.size());
      continue;
    }
    if (rest[0] == '\\' && rest.size() > 1) {
      out.push_back(rest[1]);
      i += 2;
      continue;
    }
    bool fm = false;
    if (StartsWith(rest, "FM") || StartsWith(rest, "fm")) {
      fm = true;
      rest.remove_prefix(2);
      i += 2;
      if (rest.empty()) break;
    }
    auto num = [&](int64_t v, int width) {
      return fm ? std::to_string(v) : fmt::format("{:0{}}", v, width);
    };
    auto word = [&](std::string_view kw, const std::string& w, size_t pad) {
      std::string s = CaseAs(kw, w);
      if (!fm && s.size() < pad) s.append(pad - s.size(), ' ');
      return s;
    };
    std::string piece;
    size_t len = 0;
    int64_t ordinal_of = -1;
    bool numeric = true;
    static constexpr std::string_view kKeywords[] = {
        "A.D.",  "A.M.", "AD",  "AM",   "B.C.",  "BC",    "CC",   "DAY",  "DDD",   "DD",   "DY",
        "Day",   "Dy",   "D",   "HH24", "HH12",  "HH",    "IDDD", "ID",   "IW",    "IYYY", "IYY",
        "IY",    "I",    "J",   "MI",   "MM",    "MONTH", "MON",  "MS",   "Month", "Mon",  "OF",
        "P.M.",  "PM",   "Q",   "RM",   "SSSSS", "SSSS",  "SS",   "TZ",   "US",    "WW",   "W",
        "Y,YYY", "YYYY", "YYY", "YY",   "Y",     "a.d.",  "a.m.", "ad",   "am",    "b.c.", "bc",
        "cc",    "day",  "ddd", "dd",   "dy",    "d",     "hh24", "hh12", "hh",    "iddd", "id",
        "iw",    "iyyy", "iyy", "iy",   "i",     "j",     "mi",   "mm",   "month", "mon",  "ms",
        "p.m.",  "pm",   "q",   "rm",   "sssss", "ssss",  "ss",   "tz",   "us",    "ww",   "w",
        "y,yyy", "yyyy", "yyy", "yy",   "y",
    };
    std::string_view kw;
    for (std::string_view k : kKeywords) {
      if (StartsWith(rest, k) && k.size() > kw.size()) kw = k;
    }
    if (kw.empty()) {
      if (fm) {
        // "FM" alone: nothing to modify.
      }
      out.push_back(rest[0]);
      i += 1;
      continue;
    }
    len = kw.size();
    std::string up = Upper(std::string(kw));
    if (up == "HH24") {
      piece = num(tm.hour, 2), ordinal_of = tm.hour;
    } else if (up == "HH12" || up == "HH") {
      piece = num(hour12, 2), ordinal_of = hour12;
    } else if (up == "MI") {
      piece = num(tm.min, 2), ordinal_of = tm.min;
    } else if (up == "SS") {
      piece = num(tm.sec, 2), ordinal_of = tm.sec;
    } else if (up == "MS") {
      piece = num(tm.fsec / 1000, 3), ordinal_of = tm.fsec / 1000;
    } else if (up == "US") {
      piece = num(tm.fsec, 6), ordinal_of = tm.fsec;
    } else if (up == "SSSS" || up == "SSSSS") {
      int64_t s = tm.time / kMicrosPerSecond;
      piece = std::to_string(s), ordinal_of = s;
    } else if (up == "AM" || up == "PM") {
      piece = pm ? "PM" : "AM";
      if (std::islower(static_cast<unsigned char>(kw[0]))) piece = Lower(piece);
      numeric = false;
    } else if (up == "A.M." || up == "P.M.") {
      piece = pm ? "P.M." : "A.M.";
      if (std::islower(static_cast<unsigned char>(kw[0]))) piece = Lower(piece);
      numeric = false;
    } else if (up == "AD" || up == "BC") {
      piece = year < 0 ? "BC" : "AD";
      if (std::islower(static_cast<unsigned char>(kw[0]))) piece = Lower(piece);
      numeric = false;
    } else if (up == "A.D." || up == "B.C.") {
      piece = year < 0 ? "B.C." : "A.D.";
      if (std::islower(static_cast<unsigned char>(kw[0]))) piece = Lower(piece);
      numeric = false;
    } else if (up == "Y,YYY") {
      piece = fmt::format("{},{:03}", abs_year / 1000, abs_year % 1000), ordinal_of = abs_year;
    } else if (up == "YYYY") {
      piece = num(abs_year, 4), ordinal_of = abs_year;
    } else if (up == "YYY") {
      piece = num(abs_year % 1000, 3), ordinal_of = abs_year % 1000;
    } else if (up == "YY") {
      piece = num(abs_year % 100, 2), ordinal_of = abs_year % 100;
    } else if (up == "Y") {
      piece = num(abs_year % 10, 1), ordinal_of = abs_year % 10;
    } else if (up == "IYYY") {
      piece = num(iso_year, 4), ordinal_of = iso_year;
    } else if (up == "IYY") {
      piece = num(iso_year % 1000, 3), ordinal_of = iso_year % 1000;
    } else if (up == "IY") {
      piece = num(iso_year % 100, 2), ordinal_of = iso_year % 100;
    } else if (up == "I") {
      piece = num(iso_year % 10, 1), ordinal_of = iso_year % 10;
    } else if (up == "MONTH") {
      piece = word(kw, kMonths[tm.month - 1], 9), numeric = false;
    } else if (up == "MON") {
      piece = CaseAs(kw, std::string(kMonths[tm.month - 1]).substr(0, 3)), numeric = false;
    } else if (up == "MM") {
      piece = num(tm.month, 2), ordinal_of = tm.month;
    } else if (up == "DAY") {
      piece = word(kw, kDays[dow], 9), numeric = false;
    } else if (up == "DY") {
      piece = CaseAs(kw, std::string(kDays[dow]).substr(0, 3)), numeric = false;
    } else if (up == "DDD") {
      piece = num(doy, 3), ordinal_of = doy;
    } else if (up == "IDDD") {
      int isodow = dow == 0 ? 7 : dow;
      int64_t jan4 = DaysFromCivil(CivilDate{iso_year, 1, 4});
      int64_t week1 = jan4 - ((Dow(jan4) + 6) % 7);
      int64_t v = tm.days - week1 + 1;
      (void)isodow;
      piece = num(v, 3), ordinal_of = v;
    } else if (up == "DD") {
      piece = num(tm.mday, 2), ordinal_of = tm.mday;
    } else if (up == "D") {
      piece = std::to_string(dow + 1), ordinal_of = dow + 1;
    } else if (up == "ID") {
      int v = dow == 0 ? 7 : dow;
      piece = std::to_string(v), ordinal_of = v;
    } else if (up == "W") {
      int v = (tm.mday - 1) / 7 + 1;
      piece = std::to_string(v), ordinal_of = v;
    } else if (up == "WW") {
      int v = (doy - 1) / 7 + 1;
      piece = num(v, 2), ordinal_of = v;
    } else if (up == "IW") {
      piece = num(iso_week, 2), ordinal_of = iso_week;
    } else if (up == "CC") {
      int64_t cc = year > 0 ? (year + 99) / 100 : -((99 - year) / 100);
      piece = num(cc, 2), ordinal_of = cc;
    } else if (up == "J") {
      piece = std::to_string(tm.days + 2'451'545), ordinal_of = tm.days + 2'451'545;
    } else if (up == "Q") {
      int q = (tm.month - 1) / 3 + 1;
      piece = std::to_string(q), ordinal_of = q;
    } else if (up == "RM") {
      static constexpr const char* kRoman[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                               "VII", "VIII", "IX",  "X",  "XI", "XII"};
      std::string r = kRoman[tm.month - 1];
      if (!fm) r = fmt::format("{:<4}", r);
      piece = std::islower(static_cast<unsigned char>(kw[0])) ? Lower(r) : r;
      numeric = false;
    } else if (up == "TZ") {
      piece = with_tz ? "UTC" : "";
      if (std::islower(static_cast<unsigned char>(kw[0]))) piece = Lower(piece);
      numeric = false;
    } else if (up == "OF") {
      piece = with_tz ? "+00" : "", numeric = false;
    }
    i += len;
    out += piece;
    std::string_view after = fmt.substr(i);
    if (numeric && ordinal_of >= 0 && (StartsWith(after, "TH") || StartsWith(after, "th"))) {
      out += Ordinal(ordinal_of, after[0] == 'T');
      i += 2;
    }
  }
  return out;
}

Result<Value> ToChar(const BoundExpr&, Args& a) {
  int64_t ts = a[0].int_value();
  if (!IsFinite(ts) || a[1].string_value().empty()) return Value::Null(kText);
  return Value::Text(FormatToChar(ts, a[0].type() == kTsTz, a[1].string_value()));
}

// ---- to_date / to_timestamp(text, text) ------------------------------------------------------

// A simple reading of PostgreSQL's to_timestamp: the numeric patterns YYYY YYY YY Y MM DD DDD
// HH HH12 HH24 MI SS MS US, month names (MONTH, MON in any case), AM/PM; any other format
// character skips one input character, and spaces in the input before a field are skipped.
Result<int64_t> ParseWithFormat(std::string_view input, std::string_view fmt, bool want_time) {
  auto bad = [&](std::string_view why) { return Status("22007", std::string(why)); };
  Tm tm;
  tm.year = 1;  // PostgreSQL's default is year 1 AD, January 1st... but to_date('','') is 0001
  int64_t year = 0;
  bool have_year = false;
  int month = 1, mday = 1;
  int64_t hour = 0;
  int min = 0, sec = 0;
  int64_t fsec = 0;
  bool pm = false, have_ampm = false;
  size_t i = 0, p = 0;
  auto skip_space = [&] {
    while (i < input.size() && input[i] == ' ') ++i;
  };
  auto read_int = [&](size_t max_digits, int64_t* out) -> Status {
    skip_space();
    bool neg = false;
    if (i < input.size() && input[i] == '-') neg = true, ++i;
    size_t start = i;
    int64_t v = 0;
    while (i < input.size() && i - start < max_digits &&
           std::isdigit(static_cast<unsigned char>(input[i]))) {
      v = v * 10 + (input[i++] - '0');
    }
    if (i == start) {
      return bad(
          fmt::format("invalid value \"{}\" for \"{}\"",
                      input.substr(start, std::min<size_t>(max_digits, input.size() - start)),
                      fmt.substr(p, 2)));
    }
    *out = neg ? -v : v;
    return Status::OK();
  };
  while (p < fmt.size()) {
    std::string_view rest = fmt.substr(p);
    std::string up = Upper(std::string(rest.substr(0, std::min<size_t>(rest.size(), 5))));
    int64_t v = 0;
    auto starts = [&](std::string_view k) { return StartsWith(up, k); };
    if (starts("FM")) {
      p += 2;
      continue;
    }
    if (starts("YYYY")) {
      // Four digits when another field follows directly ("YYYYMMDD"), else all of them.
      bool packed = p + 4 < fmt.size() && std::isalpha(static_cast<unsigned char>(fmt[p + 4]));
      RETURN_IF_ERROR(read_int(packed ? 4 : SIZE_MAX, &v));
      year = v, have_year = true, p += 4;
    } else if (starts("YYY")) {
      RETURN_IF_ERROR(read_int(3, &v));
      year = v < 100 ? v + 2000 : v + 1000, have_year = true, p += 3;
    } else if (starts("YY")) {
      RETURN_IF_ERROR(read_int(2, &v));
      year = v < 70 ? v + 2000 : v + 1900, have_year = true, p += 2;
    } else if (starts("HH24")) {
      RETURN_IF_ERROR(read_int(2, &v));
      hour = v, p += 4;
    } else if (starts("HH12")) {
      RETURN_IF_ERROR(read_int(2, &v));
      hour = v, p += 4;
    } else if (starts("HH")) {
      RETURN_IF_ERROR(read_int(2, &v));
      hour = v, p += 2;
    } else if (starts("MI")) {
      RETURN_IF_ERROR(read_int(2, &v));
      min = static_cast<int>(v), p += 2;
    } else if (starts("SS")) {
      RETURN_IF_ERROR(read_int(2, &v));
      sec = static_cast<int>(v), p += 2;
    } else if (starts("MS")) {
      size_t before = i;
      RETURN_IF_ERROR(read_int(3, &v));
      for (size_t d = i - before; d < 3; ++d) v *= 10;
      fsec = v * 1000, p += 2;
    } else if (starts("US")) {
      size_t before = i;
      RETURN_IF_ERROR(read_int(6, &v));
      for (size_t d = i - before; d < 6; ++d) v *= 10;
      fsec = v, p += 2;
    } else if (starts("MONTH") || starts("MON")) {
      skip_space();
      bool full = starts("MONTH");
      int found = 0;
      for (int m = 0; m < 12 && !found; ++m) {
        std::string name = Lower(kMonths[m]);
        if (!full) name = name.substr(0, 3);
        if (Lower(std::string(input.substr(i, name.size()))) == name) {
          found = m + 1;
          i += name.size();
        }
      }
      if (!found) {
        return bad(fmt::format("invalid value \"{}\" for \"{}\"", input.substr(i, 3),
                               fmt.substr(p, full ? 5 : 3)));
      }
      month = found, p += full ? 5 : 3;
    } else if (starts("MM")) {
      RETURN_IF_ERROR(read_int(2, &v));
      month = static_cast<int>(v), p += 2;
    } else if (starts("DDD")) {
      return Status("0A000", "to_date/to_timestamp pattern DDD is not supported by KomodoDB");
    } else if (starts("DD")) {
      RETURN_IF_ERROR(read_int(2, &v));
      mday = static_cast<int>(v), p += 2;
    } else if (starts("AM") || starts("PM")) {
      skip_space();
      std::string w = Upper(std::string(input.substr(i, 2)));
      if (w != "AM" && w != "PM") {
        return bad(
            fmt::format("invalid value \"{}\" for \"{}\"", input.substr(i, 2), fmt.substr(p, 2)));
      }
      pm = w == "PM", have_ampm = true, i += 2, p += 2;
    } else if (starts("Y")) {
      RETURN_IF_ERROR(read_int(1, &v));
      year = v + 2000, have_year = true, p += 1;
    } else {
      // A literal: matches one input character (PostgreSQL skips separators loosely).
      if (rest[0] != ' ' && i < input.size()) ++i;
      ++p;
    }
  }
  if (have_ampm) {
    if (hour < 1 || hour > 12) {
      return Status("22008", fmt::format("hour \"{}\" is invalid for the 12-hour clock", hour));
    }
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (!have_year) year = 1;
  int64_t astro = year <= 0 ? year + 1 : year;
  if (month < 1 || month > 12 || mday < 1 || mday > DaysInMonth(astro, month) || hour > 24 ||
      min > 59 || sec > 60) {
    return Status("22008", fmt::format("date/time field value out of range: \"{}\"", input));
  }
  tm.year = astro;
  tm.month = month;
  tm.mday = mday;
  tm.hour = hour;
  tm.min = min;
  tm.sec = sec;
  tm.fsec = fsec;
  (void)want_time;
  return Join(tm);
}

Result<Value> ToDate(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t ts, ParseWithFormat(a[0].string_value(), a[1].string_value(), false));
  return Value::Date(TimestampToDate(ts));
}

Result<Value> ToTimestampText(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t ts, ParseWithFormat(a[0].string_value(), a[1].string_value(), true));
  return Value::TimestampTz(ts);
}

}  // namespace

const std::vector<DateTimeFunction>& DateTimeFunctions() {
  static const std::vector<DateTimeFunction> kFunctions = {
      // Operators. Order matters among equally good matches: timestamp before timestamptz.
      {"operator+", kTs, {kTs, kInterval}, OpPlus},
      {"operator+", kTsTz, {kTsTz, kInterval}, OpPlus},
      {"operator+", kTs, {kInterval, kTs}, OpPlus},
      {"operator+", kTsTz, {kInterval, kTsTz}, OpPlus},
      {"operator+", kInterval, {kInterval, kInterval}, OpPlus},
      {"operator+", kTime, {kTime, kInterval}, OpPlus},
      {"operator+", kTime, {kInterval, kTime}, OpPlus},
      {"operator+", kTs, {kDate, kTime}, OpPlus},
      {"operator+", kTs, {kTime, kDate}, OpPlus},
      {"operator-", kTs, {kTs, kInterval}, OpMinus},
      {"operator-", kTsTz, {kTsTz, kInterval}, OpMinus},
      {"operator-", kInterval, {kTs, kTs}, OpMinus},
      {"operator-", kInterval, {kTsTz, kTsTz}, OpMinus},
      {"operator-", kInterval, {kInterval, kInterval}, OpMinus},
      {"operator-", kTime, {kTime, kInterval}, OpMinus},
      {"operator-", kInterval, {kTime, kTime}, OpMinus},
      {"operator*", kInterval, {kInterval, kFloat8}, OpMul},
      {"operator*", kInterval, {kFloat8, kInterval}, OpMul},
      {"operator/", kInterval, {kInterval, kFloat8}, OpDiv},
      {"interval_um", kInterval, {kInterval}, IntervalUm},
      {"justify_hours", kInterval, {kInterval}, Justify},
      {"justify_days", kInterval, {kInterval}, Justify},
      {"justify_interval", kInterval, {kInterval}, Justify},
      // timestamptz first: PostgreSQL's preferred type is the one a date argument goes to.
      {"date_trunc", kTsTz, {kText, kTsTz}, DateTrunc},
      {"date_trunc", kTs, {kText, kTs}, DateTrunc},
      {"date_trunc", kInterval, {kText, kInterval}, DateTrunc},
      {"date_part", kFloat8, {kText, kTs}, DatePartFn},
      {"date_part", kFloat8, {kText, kTsTz}, DatePartFn},
      {"date_part", kFloat8, {kText, kDate}, DatePartFn},
      {"date_part", kFloat8, {kText, kInterval}, DatePartFn},
      {"date_part", kFloat8, {kText, kTime}, DatePartFn},
      {"extract", kNumeric, {kText, kTs}, Extract},
      {"extract", kNumeric, {kText, kTsTz}, Extract},
      {"extract", kNumeric, {kText, kDate}, Extract},
      {"extract", kNumeric, {kText, kInterval}, Extract},
      {"extract", kNumeric, {kText, kTime}, Extract},
      {"age", kInterval, {kTsTz, kTsTz}, Age},
      {"age", kInterval, {kTs, kTs}, Age},
      {"age", kInterval, {kTs}, Age, true, true},
      {"age", kInterval, {kTsTz}, Age, true, true},
      {"make_date", kDate, {kInt4, kInt4, kInt4}, MakeDate},
      {"make_timestamp", kTs, {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, MakeTimestamp},
      {"make_time", kTime, {kInt4, kInt4, kFloat8}, MakeTime},
      {"to_timestamp", kTsTz, {kFloat8}, ToTimestampEpoch},
      {"to_timestamp", kTsTz, {kText, kText}, ToTimestampText},
      {"to_date", kDate, {kText, kText}, ToDate},
      {"to_char", kText, {kTsTz, kText}, ToChar},
      {"to_char", kText, {kTs, kText}, ToChar},
      {"date_bin", kTs, {kInterval, kTs, kTs}, DateBin},
      {"date_bin", kTsTz, {kInterval, kTsTz, kTsTz}, DateBin},
  };
  return kFunctions;
}

}  // namespace komodo::exec
