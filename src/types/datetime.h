// Calendar arithmetic and PostgreSQL 15's text formats for date, timestamp and timestamptz.
//
// Representation (the same as PostgreSQL's, so values cross the wire and the catalog unchanged):
//   date         int32 days since 2000-01-01; INT32_MIN / INT32_MAX are -infinity / infinity.
//   timestamp    int64 microseconds since 2000-01-01 00:00:00; INT64_MIN / INT64_MAX are
//                -infinity / infinity.
//   timestamptz  the same, counted in UTC. The session time zone is UTC (no SET TIME ZONE yet),
//                so output always carries "+00".
// Finite values lie in PostgreSQL's ranges: dates 4714-11-24 BC .. 5874897-12-31, timestamps
// 4714-11-24 00:00:00 BC .. 294276-12-31 23:59:59.999999.
// The calendar is the proleptic Gregorian one; years are astronomical (1 BC is year 0).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "komodo/result.h"

namespace komodo {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

inline constexpr int32_t kDateMinusInfinity = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kDateInfinity = std::numeric_limits<int32_t>::max();
inline constexpr int64_t kTimestampMinusInfinity = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kTimestampInfinity = std::numeric_limits<int64_t>::max();

// Finite ranges, inclusive for dates, [kMinTimestamp, kEndTimestamp) for timestamps.
inline constexpr int32_t kMinDate = -2'451'545;     // 4714-11-24 BC
inline constexpr int32_t kMaxDate = 2'145'031'948;  // 5874897-12-31
inline constexpr int64_t kMinTimestamp = int64_t{kMinDate} * kMicrosPerDay;
inline constexpr int64_t kEndTimestamp = 9'223'371'331'200'000'000;  // 294277-01-01 00:00:00

struct CivilDate {
  int64_t year = 2000;  // astronomical: 0 is 1 BC
  int month = 1;        // 1..12
  int day = 1;          // 1..31
};

// Days since 2000-01-01 of a valid civil date (any int32 year; no range check).
int64_t DaysFromCivil(const CivilDate& date);
// Inverse of DaysFromCivil for any day count whose year fits in int64.
CivilDate CivilFromDays(int64_t days);

// PostgreSQL's date input (DateStyle ISO, MDY): "2024-01-31", "2024/1/31", "1/31/2024",
// "20240131", an optional time and zone that are validated and dropped, "BC"/"AD", and the
// special values "infinity", "-infinity", "epoch".
// Errors: 22007 malformed ("invalid input syntax for type date: ..."), 22008 a field out of range
// or the date outside the date range, 22009 a zone offset beyond 15 hours, 0A000 for inputs
// PostgreSQL accepts but KomodoDB does not yet ("now", "today", named time zones).
Result<int32_t> ParseDate(std::string_view text);

// PostgreSQL's timestamp / timestamptz input: a date as ParseDate reads it, then optionally
// "T" or spaces and "hh:mm[:ss[.ffffff]]" (fractions are rounded to microseconds), then an
// optional zone ("Z", "UTC", "GMT", "+07", "-05:30", "+0530"), then optionally "BC"/"AD".
// with_time_zone: the zone (default UTC) converts the value to UTC. Without it the zone is
// checked and ignored, as PostgreSQL does for timestamp without time zone.
// Errors: as ParseDate, with the type named "timestamp" / "timestamp with time zone", and 22008
// "timestamp out of range" outside the timestamp range.
Result<int64_t> ParseTimestamp(std::string_view text, bool with_time_zone);

// PostgreSQL's ISO output: "2024-01-31", "0044-03-15 BC", "infinity".
std::string FormatDate(int32_t days);
// "2024-01-31 10:11:12.345" (fraction trimmed of trailing zeros, omitted when zero), with "+00"
// appended when with_time_zone; " BC" last for years before 1 AD; "infinity" / "-infinity".
std::string FormatTimestamp(int64_t micros, bool with_time_zone);

// date -> timestamp (midnight). Infinities map to infinities.
// Errors: 22008 "date out of range for timestamp" when the day is past 294276-12-31.
Result<int64_t> DateToTimestamp(int32_t days);
// timestamp -> date (the day containing the instant). Infinities map to infinities.
int32_t TimestampToDate(int64_t micros);
// Orders a date against a timestamp as PostgreSQL does (the date as its midnight, without the
// timestamp range limit): negative, zero or positive.
int CompareDateTimestamp(int32_t days, int64_t micros);

}  // namespace komodo
