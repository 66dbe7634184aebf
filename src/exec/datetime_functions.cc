#include "exec/datetime_functions.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

#include "common/macros.h"
#include "exec/datetime_internal.h"
#include "exec/executor.h"
#include "komodo/numeric.h"
#include "types/datetime.h"
#include "types/interval.h"

namespace komodo::exec {
namespace {

using namespace datetime_internal;  // NOLINT

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
