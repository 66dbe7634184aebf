// Helpers shared by the date/time built-ins (datetime_functions.cc) and their text formatting
// (datetime_format.cc: to_char, to_date, to_timestamp(text, text)). Internal to exec/.
#pragma once

#include <cctype>
#include <string>
#include <vector>

#include "komodo/result.h"
#include "komodo/value.h"
#include "sql/binder/bound_expr.h"
#include "types/datetime.h"
#include "types/interval.h"

namespace komodo::exec::datetime_internal {

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

inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }
inline bool IsLeap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }
inline int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}
inline bool IsFinite(int64_t ts) {
  return ts != kTimestampInfinity && ts != kTimestampMinusInfinity;
}

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

inline Tm Split(int64_t ts) {
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

inline Result<int64_t> Join(const Tm& tm) {
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

inline int Dow(int64_t days) { return static_cast<int>(FloorMod(days + 6, 7)); }  // 0 = Sunday
inline int DayOfYear(const Tm& tm) {
  return static_cast<int>(tm.days - DaysFromCivil(CivilDate{tm.year, 1, 1}) + 1);
}
// ISO 8601 week number and week-numbering year.
inline void IsoWeek(int64_t days, int64_t* iso_year, int* week) {
  int isodow = Dow(days) == 0 ? 7 : Dow(days);
  int64_t thursday = days + 4 - isodow;
  CivilDate t = CivilFromDays(thursday);
  *iso_year = t.year;
  *week = static_cast<int>((thursday - DaysFromCivil(CivilDate{t.year, 1, 1})) / 7 + 1);
}
// PostgreSQL shows years before 1 AD as negative: 1 BC is -1.
inline int64_t DisplayYear(int64_t year) { return year > 0 ? year : year - 1; }

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// to_char(timestamp[tz] | interval, text), to_date(text, text), to_timestamp(text, text).
Result<Value> ToChar(const BoundExpr& call, Args& a);
Result<Value> ToDate(const BoundExpr& call, Args& a);
Result<Value> ToTimestampText(const BoundExpr& call, Args& a);

}  // namespace komodo::exec::datetime_internal
