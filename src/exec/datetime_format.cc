// to_char, to_date and to_timestamp(text, text): PostgreSQL's template patterns for date/time
// output and input.
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <string>
#include <string_view>

#include "common/macros.h"
#include "exec/datetime_internal.h"
#include "types/interval.h"

namespace komodo::exec::datetime_internal {

namespace {

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

}  // namespace

Result<Value> ToChar(const BoundExpr&, Args& a) {
  int64_t ts = a[0].int_value();
  if (!IsFinite(ts) || a[1].string_value().empty()) return Value::Null(kText);
  return Value::Text(FormatToChar(ts, a[0].type() == kTsTz, a[1].string_value()));
}

Result<Value> ToDate(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t ts, ParseWithFormat(a[0].string_value(), a[1].string_value(), false));
  return Value::Date(TimestampToDate(ts));
}

Result<Value> ToTimestampText(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(int64_t ts, ParseWithFormat(a[0].string_value(), a[1].string_value(), true));
  return Value::TimestampTz(ts);
}

}  // namespace komodo::exec::datetime_internal
