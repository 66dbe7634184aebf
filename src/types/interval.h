// PostgreSQL 15's interval and time (without time zone) types: text formats, ordering and the
// arithmetic that mixes them with timestamps.
//
// Representation (PostgreSQL's):
//   interval  komodo::Interval {months, days, micros}; the fields are independent ('1 mon' is not
//             '30 days', though they compare equal).
//   time      int64 microseconds since midnight, 0 .. 24:00:00 inclusive.
// Output follows IntervalStyle "postgres" ("1 year 2 mons 3 days 04:05:06", "-1 days",
// "00:00:00").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo {

inline constexpr int64_t kMicrosPerHour = int64_t{3'600'000'000};
inline constexpr int64_t kMicrosPerMinute = int64_t{60'000'000};
inline constexpr int64_t kDaysPerMonth = 30;

// interval_in: PostgreSQL's "postgres" format ("1 day", "2 hours 30 minutes", "-1 day +02:03",
// "1.5 hours", "1 year 2 mons 3 days 04:05:06", "@ 1 day ago", a bare number of seconds) and ISO
// 8601 durations ("P1Y2M3DT4H5M6S").
// Errors: 22007 "invalid input syntax for type interval: ...", 22015 "interval field value out of
// range: ..." for a field beyond its range, 22008 "interval out of range" on overflow.
// `range` is the interval typmod's field mask (INTERVAL_MASK bits, as in `interval '1' day`): it
// decides the unit of a trailing bare number; kIntervalFullRange reads it as seconds.
inline constexpr int32_t kIntervalFullRange = 0x7FFF;
Result<Interval> ParseInterval(std::string_view text, int32_t range = kIntervalFullRange);
// AdjustIntervalForTypmod without the precision: drops the fields below the range's last field
// (`interval '2 days 03:04' day` is '2 days'). Other masks leave the value as it is.
Interval AdjustIntervalForRange(const Interval& v, int32_t range);
// interval_out with IntervalStyle postgres.
std::string FormatInterval(const Interval& v);

// interval_cmp's total: months as 30 days, days as 24 hours, in microseconds.
__int128 IntervalSpan(const Interval& v);
int CompareIntervals(const Interval& a, const Interval& b);

// interval arithmetic. Errors: 22008 "interval out of range".
Result<Interval> IntervalAdd(const Interval& a, const Interval& b);
Result<Interval> IntervalSub(const Interval& a, const Interval& b);
Result<Interval> IntervalNegate(const Interval& a);
// interval_mul / interval_div: fractions of months cascade to days and of days to seconds.
// Errors: 22008 "interval out of range", 22012 "division by zero".
Result<Interval> IntervalMul(const Interval& a, double factor);
Result<Interval> IntervalDiv(const Interval& a, double factor);
// justify_hours / justify_days / justify_interval.
Interval JustifyHours(const Interval& v);
Interval JustifyDays(const Interval& v);
Interval JustifyInterval(const Interval& v);

// timestamp_pl_interval: months first (clamping the day to the month's end), then days, then
// microseconds. Infinite timestamps stay infinite. Errors: 22008 "timestamp out of range".
Result<int64_t> TimestampPlusInterval(int64_t ts, const Interval& span);
// timestamp_mi: the difference as hours justified into days.
// Errors: 22008 "cannot subtract infinite timestamps", "interval out of range".
Result<Interval> TimestampMinus(int64_t a, int64_t b);
// age(): field-wise difference (years, months, days, time) with borrowing, as PostgreSQL.
Result<Interval> TimestampAge(int64_t a, int64_t b);

// time_in: "hh:mm[:ss[.ffffff]]" optionally after a date, rounded to microseconds; "24:00:00".
// Errors: 22007 malformed, 22008 "date/time field value out of range: ...".
Result<int64_t> ParseTime(std::string_view text);
// time_out: "hh:mm:ss[.ffffff]" with trailing zeros of the fraction dropped.
std::string FormatTime(int64_t micros);
// time + interval (wraps around midnight); time - time.
int64_t TimePlusInterval(int64_t time, const Interval& span);

}  // namespace komodo
