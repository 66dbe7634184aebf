// Date/time text formats. The input parser covers the subset of PostgreSQL's DecodeDateTime()
// that ISO-style clients send; for that subset the accepted inputs, the results and the error
// codes and messages follow PostgreSQL 15 with DateStyle "ISO, MDY" and TimeZone UTC.
#include "types/datetime.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

namespace komodo {
namespace {

constexpr int64_t kDaysFrom1970To2000 = 10'957;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
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

enum class DtError {
  kNone,
  kSyntax,         // 22007 invalid input syntax for type X
  kFieldOverflow,  // 22008 date/time field value out of range
  kTzOverflow,     // 22009 time zone displacement out of range
  kUnsupported,    // 0A000: valid PostgreSQL input that KomodoDB does not handle yet
};

enum class Special { kNone, kInfinity, kMinusInfinity, kEpoch };

// The fields of one input, before validation. Years are as written (AD/BC, maybe two digits).
struct Fields {
  Special special = Special::kNone;
  int64_t year = 0;
  bool two_digit_year = false;
  int64_t month = 0;
  int64_t day = 0;
  bool bc = false;
  bool has_era = false;
  bool has_time = false;
  int64_t hour = 0, minute = 0, second = 0;
  int64_t fsec = 0;  // microseconds, rounded as PostgreSQL does: rint(fraction * 1e6)
  bool has_zone = false;
  int64_t zone_seconds = 0;  // east of UTC
  std::string named_zone;    // a zone name such as "America/New_York" (not resolvable here)
  std::string unsupported;   // the word behind kUnsupported
};

// Large enough to fail every range check, small enough that arithmetic on it cannot overflow.
constexpr int64_t kSaturated = int64_t{1} << 40;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  DtError Parse(Fields* f) {
    while (!s_.empty() && IsSpace(s_.front())) s_.remove_prefix(1);
    while (!s_.empty() && IsSpace(s_.back())) s_.remove_suffix(1);
    std::string low = Lowered(s_);
    if (low == "infinity") return SetSpecial(f, Special::kInfinity);
    if (low == "-infinity") return SetSpecial(f, Special::kMinusInfinity);
    if (low == "epoch") return SetSpecial(f, Special::kEpoch);
    if (low == "now" || low == "today" || low == "tomorrow" || low == "yesterday" ||
        low == "allballs") {
      f->unsupported = "date/time value \"" + low + "\" is not supported";
      return DtError::kUnsupported;
    }
    if (DtError e = ParseDatePart(f); e != DtError::kNone) return e;
    enum { kDate, kTime, kOther } prev = kDate;
    while (pos_ < s_.size()) {
      bool spaced = false;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_, spaced = true;
      if (pos_ == s_.size()) break;
      char c = s_[pos_];
      DtError e = DtError::kSyntax;
      bool iso_t = (c == 'T' || c == 't') && pos_ + 1 < s_.size() && IsDigit(s_[pos_ + 1]);
      if (!spaced && (prev == kOther || (prev == kDate && !iso_t && !IsAlpha(c)))) {
        // Only the ISO 8601 "T" or a word ("Z", "BC") may touch the date.
        return DtError::kSyntax;
      }
      if (iso_t || IsDigit(c)) {
        if (iso_t) ++pos_;
        e = ParseTime(f);
        prev = kTime;
      } else if (c == '+' || c == '-') {
        e = ParseZoneOffset(f);
        prev = kOther;
      } else if (IsAlpha(c)) {
        e = ParseWord(f);
        prev = kOther;
      }
      if (e != DtError::kNone) return e;
    }
    return DtError::kNone;
  }

 private:
  static DtError SetSpecial(Fields* f, Special s) {
    f->special = s;
    return DtError::kNone;
  }

  // Reads a run of digits; returns how many. *value saturates at kSaturated.
  size_t ReadDigits(int64_t* value) {
    size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) {
      v = std::min(v * 10 + (s_[pos_] - '0'), kSaturated);
      ++pos_;
    }
    *value = v;
    return pos_ - start;
  }

  bool Consume(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // A month's name, full or abbreviated to three letters or more ("jan", "Sept", "January"),
  // at pos_: its number, or 0 (pos_ unchanged) when the word is none.
  int ReadMonthName() {
    static const char* kMonths[] = {"january",   "february", "march",    "april",
                                    "may",       "june",     "july",     "august",
                                    "september", "october",  "november", "december"};
    size_t start = pos_;
    while (pos_ < s_.size() && IsAlpha(s_[pos_])) ++pos_;
    std::string word = Lowered(s_.substr(start, pos_ - start));
    if (word.size() >= 3) {
      for (int m = 0; m < 12; m++) {
        if (std::string_view(kMonths[m]).starts_with(word)) return m + 1;
      }
    }
    pos_ = start;
    return 0;
  }

  // Blanks, or one of '-', '/', '.' (with blanks around it) between the fields of a date that
  // names its month. Returns whether there was a separator.
  bool SkipDateSeparator() {
    size_t start = pos_;
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
    if (pos_ < s_.size() &&
        (s_[pos_] == '-' || s_[pos_] == '/' || s_[pos_] == '.' || s_[pos_] == ',')) {
      ++pos_;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
    }
    return pos_ > start;
  }

  // A date with the month's name: "January 8, 1999", "Jan-08-1999", "8 Jan 1999",
  // "1999-Jan-08". Returns kSyntax, leaving the fields alone, when it is not one.
  DtError ParseNamedMonthDate(Fields* f) {
    size_t start = pos_;
    int64_t a = 0, b = 0;
    if (int month = ReadMonthName(); month != 0) {  // month day year
      size_t na = SkipDateSeparator() ? ReadDigits(&a) : 0;
      size_t nb = na > 0 && na <= 2 && SkipDateSeparator() ? ReadDigits(&b) : 0;
      if (nb == 0) return pos_ = start, DtError::kSyntax;
      f->month = month, f->day = a, f->year = b;
      f->two_digit_year = nb <= 2;
      return DtError::kNone;
    }
    size_t na = ReadDigits(&a);
    int month = na > 0 && SkipDateSeparator() ? ReadMonthName() : 0;
    size_t nb = month != 0 && SkipDateSeparator() ? ReadDigits(&b) : 0;
    if (nb == 0) return pos_ = start, DtError::kSyntax;
    f->month = month;
    if (na >= 3) {  // year month day
      f->year = a, f->day = b;
    } else {  // day month year
      f->day = a, f->year = b;
      f->two_digit_year = nb <= 2;
    }
    return DtError::kNone;
  }

  // Y-M-D (first field of 3+ digits), M-D-Y (DateStyle MDY), with '-', '/' or '.' between
  // fields; or YYYYMMDD / YYMMDD; or a date naming its month (ParseNamedMonthDate).
  DtError ParseDatePart(Fields* f) {
    if (ParseNamedMonthDate(f) == DtError::kNone) return DtError::kNone;
    int64_t v1, v2, v3;
    size_t n1 = ReadDigits(&v1);
    if (n1 == 0) return DtError::kSyntax;
    char sep = pos_ < s_.size() ? s_[pos_] : '\0';
    if (sep == '-' || sep == '/' || sep == '.') {
      ++pos_;
      size_t n2 = ReadDigits(&v2);
      if (n2 == 0 || n2 > 2 || !Consume(sep)) return DtError::kSyntax;
      size_t n3 = ReadDigits(&v3);
      if (n3 == 0) return DtError::kSyntax;
      if (n1 >= 3) {
        f->year = v1, f->month = v2, f->day = v3;
      } else {
        f->month = v1, f->day = v2, f->year = v3;
        f->two_digit_year = n3 <= 2;
      }
    } else if (n1 == 8 || n1 == 6) {
      f->year = v1 / 10000, f->month = v1 / 100 % 100, f->day = v1 % 100;
      f->two_digit_year = n1 == 6;
    } else {
      return DtError::kSyntax;
    }
    return DtError::kNone;
  }

  // hh:[mm][:[ss][.ffff]], then optionally a zone touching it ("10:00Z", "10:00+05").
  DtError ParseTime(Fields* f) {
    if (f->has_time) return DtError::kSyntax;
    f->has_time = true;
    ReadDigits(&f->hour);
    if (!Consume(':')) return DtError::kSyntax;
    ReadDigits(&f->minute);
    if (Consume(':')) {
      ReadDigits(&f->second);
      if (Consume('.')) {
        size_t start = pos_;
        while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
        // PostgreSQL reads the fraction with strtod and rounds with rint(); do the same so
        // that ties land where they land there.
        std::string frac = "0." + std::string(s_.substr(start, pos_ - start)) + "0";
        double value = 0;
        std::from_chars(frac.data(), frac.data() + frac.size(), value);
        f->fsec = static_cast<int64_t>(std::rint(value * 1e6));
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) return ParseZoneOffset(f);
    if (pos_ < s_.size() && IsAlpha(s_[pos_])) return ParseWord(f);
    return DtError::kNone;
  }

  // +h, +hh, +hhmm, +hh:mm, +hh:mm:ss (and '-'); a space may follow the sign.
  DtError ParseZoneOffset(Fields* f) {
    if (f->has_zone) return DtError::kSyntax;
    f->has_zone = true;
    int64_t sign = s_[pos_++] == '-' ? -1 : 1;
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
    int64_t v, hours = 0, minutes = 0, seconds = 0;
    size_t n = ReadDigits(&v);
    if (n == 0) return DtError::kSyntax;
    if (Consume(':')) {
      hours = v;
      ReadDigits(&minutes);
      if (Consume(':')) ReadDigits(&seconds);
    } else if (n <= 2) {
      hours = v;
    } else {
      hours = v / 100, minutes = v % 100;
    }
    if (hours > 15 || minutes >= 60 || seconds >= 60) return DtError::kTzOverflow;
    f->zone_seconds = sign * (hours * 3600 + minutes * 60 + seconds);
    return DtError::kNone;
  }

  // BC / AD, or a zone name.
  DtError ParseWord(Fields* f) {
    size_t start = pos_;
    while (pos_ < s_.size() && (IsAlpha(s_[pos_]) || s_[pos_] == '/' || s_[pos_] == '_')) ++pos_;
    std::string word = Lowered(s_.substr(start, pos_ - start));
    if (word == "bc" || word == "ad") {
      if (f->has_era) return DtError::kSyntax;
      f->has_era = true;
      f->bc = word == "bc";
      return DtError::kNone;
    }
    if (f->has_zone) return DtError::kSyntax;
    f->has_zone = true;
    if (word == "z" || word == "zulu" || word == "utc" || word == "gmt" || word == "ut" ||
        word == "etc/utc" || word == "etc/gmt") {
      f->zone_seconds = 0;
      return DtError::kNone;
    }
    if (word.find('/') != std::string::npos) {
      f->named_zone = std::string(s_.substr(start, pos_ - start));
      return DtError::kNone;
    }
    return DtError::kSyntax;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// PostgreSQL's ValidateDate() and the time-of-day checks of DecodeDateTime(). On success
// f->year is astronomical.
DtError Validate(Fields* f) {
  if (f->year > std::numeric_limits<int32_t>::max()) return DtError::kFieldOverflow;
  if (f->bc) {
    if (f->year <= 0) return DtError::kFieldOverflow;  // there is no year 0 BC
    f->year = 1 - f->year;
  } else if (f->two_digit_year) {
    f->year += f->year < 70 ? 2000 : 1900;  // 1970..2069
  } else if (f->year <= 0) {
    return DtError::kFieldOverflow;
  }
  if (f->month < 1 || f->month > 12 || f->day < 1 || f->day > 31) return DtError::kFieldOverflow;
  if (f->day > DaysInMonth(f->year, static_cast<int>(f->month))) return DtError::kFieldOverflow;
  if (f->hour > 24 || f->minute > 59 || f->second > 60 || f->fsec > kMicrosPerSecond) {
    return DtError::kFieldOverflow;
  }
  if (f->hour == 24 && (f->minute > 0 || f->second > 0 || f->fsec > 0)) {
    return DtError::kFieldOverflow;
  }
  int64_t time = ((f->hour * 60 + f->minute) * 60 + f->second) * kMicrosPerSecond + f->fsec;
  if (time > kMicrosPerDay) return DtError::kFieldOverflow;  // e.g. 23:59:60.5
  return DtError::kNone;
}

// Parses and validates, or returns the error Status PostgreSQL would raise for `text`.
Status ParseFields(std::string_view text, std::string_view type_name, Fields* f) {
  DtError e = Parser(text).Parse(f);
  if (e == DtError::kNone && f->special == Special::kNone) e = Validate(f);
  if (e == DtError::kNone) return Status::OK();
  std::string quoted = "\"" + std::string(text) + "\"";
  switch (e) {
    case DtError::kNone:
      break;
    case DtError::kSyntax:
      return Status("22007",
                    fmt::format("invalid input syntax for type {}: {}", type_name, quoted));
    case DtError::kFieldOverflow:
      return Status("22008", "date/time field value out of range: " + quoted);
    case DtError::kTzOverflow:
      return Status("22009", "time zone displacement out of range: " + quoted);
    case DtError::kUnsupported:
      return Status::FeatureNotSupported(f->unsupported);
  }
  return Status::Internal("unreachable");
}

}  // namespace

int64_t DaysFromCivil(const CivilDate& date) {
  // Howard Hinnant's days_from_civil, on a March-based year.
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;                                    // [0, 399]
  int64_t mp = date.month > 2 ? date.month - 3 : date.month + 9;  // [0, 11]
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                // [0, 365]
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468 - kDaysFrom1970To2000;
}

CivilDate CivilFromDays(int64_t days) {
  int64_t z = days + kDaysFrom1970To2000 + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;                                       // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

Result<int32_t> ParseDate(std::string_view text) {
  Fields f;
  Status st = ParseFields(text, "date", &f);
  if (!st.ok()) return st;
  switch (f.special) {
    case Special::kInfinity:
      return kDateInfinity;
    case Special::kMinusInfinity:
      return kDateMinusInfinity;
    case Special::kEpoch:
      return static_cast<int32_t>(-kDaysFrom1970To2000);
    case Special::kNone:
      break;
  }
  int64_t days = DaysFromCivil({f.year, static_cast<int>(f.month), static_cast<int>(f.day)});
  if (days < kMinDate || days > kMaxDate) {
    return Status("22008", "date out of range: \"" + std::string(text) + "\"");
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTimestamp(std::string_view text, bool with_time_zone) {
  Fields f;
  Status st = ParseFields(text, with_time_zone ? "timestamp with time zone" : "timestamp", &f);
  if (!st.ok()) return st;
  switch (f.special) {
    case Special::kInfinity:
      return kTimestampInfinity;
    case Special::kMinusInfinity:
      return kTimestampMinusInfinity;
    case Special::kEpoch:
      return -kDaysFrom1970To2000 * kMicrosPerDay;
    case Special::kNone:
      break;
  }
  if (with_time_zone && !f.named_zone.empty()) {
    return Status::FeatureNotSupported(fmt::format(
        "time zone \"{}\" is not supported; use a numeric offset or UTC", f.named_zone));
  }
  auto out_of_range = [&] {
    return Status("22008", "timestamp out of range: \"" + std::string(text) + "\"");
  };
  int64_t days = DaysFromCivil({f.year, static_cast<int>(f.month), static_cast<int>(f.day)});
  // Rejecting far-future days first keeps days * kMicrosPerDay inside int64.
  if (days < kMinDate || days > kEndTimestamp / kMicrosPerDay + 1) return out_of_range();
  int64_t time = ((f.hour * 60 + f.minute) * 60 + f.second) * kMicrosPerSecond + f.fsec;
  int64_t micros = days * kMicrosPerDay + time;
  if (with_time_zone) micros -= f.zone_seconds * kMicrosPerSecond;
  if (micros < kMinTimestamp || micros >= kEndTimestamp) return out_of_range();
  return micros;
}

std::string FormatDate(int32_t days) {
  if (days == kDateInfinity) return "infinity";
  if (days == kDateMinusInfinity) return "-infinity";
  CivilDate c = CivilFromDays(days);
  bool bc = c.year <= 0;
  return fmt::format("{:04}-{:02}-{:02}{}", bc ? 1 - c.year : c.year, c.month, c.day,
                     bc ? " BC" : "");
}

std::string FormatTimestamp(int64_t micros, bool with_time_zone) {
  if (micros == kTimestampInfinity) return "infinity";
  if (micros == kTimestampMinusInfinity) return "-infinity";
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  CivilDate c = CivilFromDays(days);
  bool bc = c.year <= 0;
  int64_t seconds = time / kMicrosPerSecond;
  int64_t fraction = time % kMicrosPerSecond;
  std::string out = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", bc ? 1 - c.year : c.year,
                                c.month, c.day, seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (fraction != 0) {
    std::string digits = fmt::format(".{:06}", fraction);
    while (digits.back() == '0') digits.pop_back();
    out += digits;
  }
  if (with_time_zone) out += "+00";
  if (bc) out += " BC";
  return out;
}

Result<int64_t> DateToTimestamp(int32_t days) {
  if (days == kDateInfinity) return kTimestampInfinity;
  if (days == kDateMinusInfinity) return kTimestampMinusInfinity;
  if (days >= kEndTimestamp / kMicrosPerDay || days < kMinDate) {
    return Status("22008", "date out of range for timestamp");
  }
  return int64_t{days} * kMicrosPerDay;
}

int32_t TimestampToDate(int64_t micros) {
  if (micros == kTimestampInfinity) return kDateInfinity;
  if (micros == kTimestampMinusInfinity) return kDateMinusInfinity;
  return static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
}

int CompareDateTimestamp(int32_t days, int64_t micros) {
  if (days == kDateMinusInfinity) return micros == kTimestampMinusInfinity ? 0 : -1;
  if (days == kDateInfinity) return micros == kTimestampInfinity ? 0 : 1;
  if (micros == kTimestampMinusInfinity) return 1;
  if (micros == kTimestampInfinity) return -1;
  int64_t micros_day = FloorDiv(micros, kMicrosPerDay);
  if (days != micros_day) return days < micros_day ? -1 : 1;
  return micros == micros_day * kMicrosPerDay ? 0 : -1;
}

}  // namespace komodo
