// interval and time text input/output, ordering and arithmetic against PostgreSQL 15. Every
// expected text below is what a PostgreSQL 15 server printed for `SELECT '<input>'::interval`
// (IntervalStyle postgres), or its SQLSTATE and message.
#include "types/interval.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "komodo/value.h"
#include "types/compare.h"

namespace komodo {
namespace {

std::string In(TypeId type, std::string_view text) {
  Result<Value> v = Value::FromText(type, text);
  if (!v.ok()) return std::string(v.status().sqlstate()) + ": " + v.status().message();
  EXPECT_EQ(v->type(), type);
  return v->ToText();
}

Interval Iv(std::string_view text) {
  Result<Interval> v = ParseInterval(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : Interval{};
}

TEST(IntervalTest, TextInputAndOutputAsPostgres) {
  static const struct {
    std::string_view input;
    std::string_view expected;
  } kCases[] = {
      {"1 day", "1 day"},
      {"2 hours 30 minutes", "02:30:00"},
      {"1 year 2 mons 3 days 04:05:06", "1 year 2 mons 3 days 04:05:06"},
      {"-1 day", "-1 days"},
      {"1.5 hours", "01:30:00"},
      {"P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
      {"@ 1 day ago", "-1 days"},
      {"0", "00:00:00"},
      {"00:00:00", "00:00:00"},
      {"1 day -02:00", "1 day -02:00:00"},
      {"-1 day +02:03", "-1 days +02:03:00"},
      {"1 day 2 hours ago", "-1 days -02:00:00"},
      {"5", "00:00:05"},
      {"1.5 days", "1 day 12:00:00"},
      {"1.5 months", "1 mon 15 days"},
      {"1.5 years", "1 year 6 mons"},
      {"2 weeks", "14 days"},
      {"1 week 2 days", "9 days"},
      {"1 decade", "10 years"},
      {"2 centuries", "200 years"},
      {"1 millennium", "1000 years"},
      {"10:30", "10:30:00"},
      {"100:00:00", "100:00:00"},
      {"-100:00:00", "-100:00:00"},
      {"1 2:03:04", "1 day 02:03:04"},
      {"1 mon", "1 mon"},
      {"12 months", "1 year"},
      {"13 months", "1 year 1 mon"},
      {"-14 months", "-1 years -2 mons"},
      {"1 hour 1 hour", "22007: invalid input syntax for type interval: \"1 hour 1 hour\""},
      {"abc", "22007: invalid input syntax for type interval: \"abc\""},
      {"1 day 2 days", "22007: invalid input syntax for type interval: \"1 day 2 days\""},
      {"1 minute 90 seconds", "00:02:30"},
      {"0.5 seconds", "00:00:00.5"},
      {"1.000001 seconds", "00:00:01.000001"},
      {"1 us", "00:00:00.000001"},
      {"3 ms", "00:00:00.003"},
      {"1 day 5", "1 day 00:00:05"},
      {"1 year -1 mon", "11 mons"},
      {"-1 year -2 mons +3 days -04:05:06", "-1 years -2 mons +3 days -04:05:06"},
      {"P1.5Y", "1 year 6 mons"},
      {"PT1.5H", "01:30:00"},
      {"P2W", "14 days"},
      {"PT36H", "36:00:00"},
      {"1 hour 60:00", "22007: invalid input syntax for type interval: \"1 hour 60:00\""},
      {"1:60", "22015: interval field value out of range: \"1:60\""},
      {"01:02:03.456789", "01:02:03.456789"},
      {"@ 2 years 3 mons", "2 years 3 mons"},
      {"  1 day  ", "1 day"},
      {"1days", "1 day"},
  };
  for (const auto& c : kCases) EXPECT_EQ(In(TypeId::kInterval, c.input), c.expected) << c.input;
}

TEST(IntervalTest, FieldsAreKeptApart) {
  EXPECT_EQ(Iv("1 mon"), (Interval{1, 0, 0}));
  EXPECT_EQ(Iv("30 days"), (Interval{0, 30, 0}));
  EXPECT_EQ(Iv("1 day -02:00"), (Interval{0, 1, -2 * kMicrosPerHour}));
}

TEST(IntervalTest, ComparesAsPostgresIntervalCmp) {
  EXPECT_EQ(CompareIntervals(Iv("1 mon"), Iv("30 days")), 0);
  EXPECT_EQ(CompareIntervals(Iv("1 day"), Iv("24 hours")), 0);
  EXPECT_LT(CompareIntervals(Iv("23 hours"), Iv("1 day")), 0);
  EXPECT_EQ(CompareIntervals(Iv("1 year"), Iv("360 days")), 0);  // months count 30 days
  EXPECT_GT(CompareIntervals(Iv("1 year"), Iv("359 days")), 0);
  EXPECT_LT(CompareIntervals(Iv("-1 day"), Iv("0")), 0);
  EXPECT_EQ(CompareValues(Value::Interval(Iv("1 mon")), Value::Interval(Iv("720 hours"))), 0);
}

TEST(IntervalTest, Arithmetic) {
  // SELECT interval '1 mon' * 1.5, interval '1 day' / 3, interval '1 year 2 days' * 0.5
  EXPECT_EQ(FormatInterval(*IntervalMul(Iv("1 mon"), 1.5)), "1 mon 15 days");
  EXPECT_EQ(FormatInterval(*IntervalDiv(Iv("1 day"), 3)), "08:00:00");
  EXPECT_EQ(FormatInterval(*IntervalMul(Iv("1 year 2 days"), 0.5)), "6 mons 1 day");
  EXPECT_EQ(IntervalDiv(Iv("1 day"), 0).status().sqlstate(), "22012");
  EXPECT_EQ(FormatInterval(*IntervalAdd(Iv("1 day"), Iv("-02:00"))), "1 day -02:00:00");
  EXPECT_EQ(FormatInterval(JustifyHours(Iv("27 hours"))), "1 day 03:00:00");
  EXPECT_EQ(FormatInterval(JustifyDays(Iv("35 days"))), "1 mon 5 days");
}

TEST(TimeTest, TextInputAndOutputAsPostgres) {
  EXPECT_EQ(In(TypeId::kTime, "10:11:12"), "10:11:12");
  EXPECT_EQ(In(TypeId::kTime, "10:11"), "10:11:00");
  EXPECT_EQ(In(TypeId::kTime, "10:11:12.5"), "10:11:12.5");
  EXPECT_EQ(In(TypeId::kTime, "24:00:00"), "24:00:00");
  EXPECT_EQ(In(TypeId::kTime, "2024-01-31 10:00"), "10:00:00");
  EXPECT_EQ(In(TypeId::kTime, "25:00"), "22008: date/time field value out of range: \"25:00\"");
  EXPECT_EQ(In(TypeId::kTime, "abc"), "22007: invalid input syntax for type time: \"abc\"");
}

}  // namespace
}  // namespace komodo
