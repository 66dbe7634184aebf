// PostgreSQL's ARE syntax on RE2. The pattern is translated to RE2's syntax first:
//   - \m, \M and \y (start, end of a word; a word boundary) and [[:<:]], [[:>:]] become \b; \Y
//     becomes \B; \Z becomes \z; \b (a backspace in an ARE) becomes \x08, \e becomes \x1B;
//     \uXXXX, \UXXXXXXXX and \xhh... become \x{...}; \cX becomes the control character.
//   - Case-insensitive matching (i, ~*) folds ASCII letters only, as PostgreSQL does under the C
//     collation: a letter becomes [aA], a bracket's letters and letter ranges gain the other case.
//   - The x flag (and an embedded (?x)) drops white space and # comments outside brackets;
//     (?#...) comments are dropped; leading embedded options (?inqsx) become flags; ***= makes
//     the rest a literal, ***: is dropped.
//   - Bounds are checked as PostgreSQL does: at most 255 (RE2 allows 1000), {m,n} with m <= n,
//     and an unclosed {digits is "braces {} not balanced".
// What RE2 cannot do, and so KomodoDB does not:
//   - back references in a pattern (\1 .. \9): refused with 0A000 (the \1 of a REPLACEMENT in
//     regexp_replace() is supported);
//   - lookahead and lookbehind constraints ((?=...), (?!...), (?<=...), (?<!...)): 2201B from
//     RE2's parser;
//   - \m and \M are plain word boundaries (\b), so \m also matches at the end of a word;
//   - the n (newline-sensitive) flag makes . stop at newlines and ^ $ match at them, but [^a]
//     still matches a newline; the p and w partial modes are treated like n;
//   - matching preference: PostgreSQL gives the whole pattern the greediness of its first
//     quantifier. Here a pattern without non-greedy quantifiers (*? +? ?? {m,n}?) takes the
//     leftmost-longest match, as PostgreSQL does for a greedy pattern; a pattern with one uses
//     Perl's leftmost-first rules, which agree with PostgreSQL unless greedy and non-greedy
//     quantifiers are mixed.
#include "exec/regex.h"

#include <re2/re2.h>

#include <cstring>
#include <list>
#include <mutex>
#include <unordered_map>

#include "common/macros.h"

namespace komodo::exec {

struct Regex::Impl {
  explicit Impl(const std::string& pattern, const RE2::Options& o) : re(pattern, o) {}
  RE2 re;
};

namespace {

constexpr int kMaxRepeat = 255;  // PostgreSQL's DUPMAX

Status Invalid(const std::string& what) {
  return Status("2201B", "invalid regular expression: " + what);
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLetter(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }
char OtherCase(char c) {
  return IsUpper(c) ? static_cast<char>(c + 32) : static_cast<char>(c - 32);
}

// The translated pattern and what the translation learnt about it.
struct Translated {
  std::string pattern;
  bool non_greedy = false;  // has a *? +? ?? or {m,n}? quantifier
};

// Applies PostgreSQL's embedded options (?letters) at the start of the pattern.
Status ApplyEmbeddedOptions(std::string_view* p, RegexOptions* o) {
  if (p->size() < 3 || (*p)[0] != '(' || (*p)[1] != '?' || !std::isalpha((*p)[2])) {
    return Status::OK();
  }
  size_t close = p->find(')');
  if (close == std::string_view::npos) return Invalid("parentheses () not balanced");
  for (size_t i = 2; i < close; i++) {
    switch ((*p)[i]) {
      case 'i':
        o->icase = true;
        break;
      case 'c':
        o->icase = false;
        break;
      case 'n':
      case 'm':
      case 'p':
      case 'w':
        o->newline = true;
        break;
      case 's':
        o->newline = false;
        break;
      case 'x':
        o->expanded = true;
        break;
      case 't':
        o->expanded = false;
        break;
      case 'q':
        o->literal = true;
        break;
      default:
        return Invalid("invalid embedded option");
    }
  }
  p->remove_prefix(close + 1);
  return Status::OK();
}

// Appends code point `cp` as RE2's \x{...} (an ASCII letter as [xX] when case-insensitive).
void AppendCodePoint(std::string* out, unsigned long cp, bool icase) {
  if (icase && cp < 128 && IsAsciiLetter(static_cast<char>(cp))) {
    *out += {'[', static_cast<char>(cp), OtherCase(static_cast<char>(cp)), ']'};
    return;
  }
  char buf[24];
  snprintf(buf, sizeof(buf), "\\x{%lx}", cp);
  *out += buf;
}

// A bound {m}, {m,}, {m,n} starting at p[i] == '{' with a digit after it: checks it and copies
// it. Returns the index of its closing brace.
Result<size_t> CopyBound(std::string_view p, size_t i, std::string* out) {
  size_t j = i + 1;
  auto number = [&](int* n) {
    long v = 0;
    while (j < p.size() && IsDigit(p[j])) {
      v = std::min<long>(v * 10 + (p[j] - '0'), 100000);
      j++;
    }
    *n = static_cast<int>(v);
  };
  int lo = 0, hi = -1;
  number(&lo);
  if (j < p.size() && p[j] == ',') {
    j++;
    if (j < p.size() && IsDigit(p[j])) number(&hi);
  } else {
    hi = lo;
  }
  if (j >= p.size() || p[j] != '}') return Invalid("braces {} not balanced");
  if (lo > kMaxRepeat || hi > kMaxRepeat || (hi >= 0 && hi < lo)) {
    return Invalid("invalid repetition count(s)");
  }
  out->append(p.substr(i, j - i + 1));
  return j;
}

Result<Translated> Translate(std::string_view p, const RegexOptions& o) {
  Translated t;
  std::string& out = t.pattern;
  bool in_bracket = false;
  for (size_t i = 0; i < p.size(); i++) {
    char c = p[i];
    if (in_bracket) {
      if (c == '[' && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '=' || p[i + 1] == '.')) {
        char kind = p[i + 1];
        size_t end = p.find(std::string{kind, ']'}, i + 2);
        if (end == std::string_view::npos) return Invalid("brackets [] not balanced");
        std::string_view inner = p.substr(i + 2, end - i - 2);
        if (kind == ':') {
          static const char* kClasses[] = {"alnum", "alpha", "ascii",  "blank", "cntrl",
                                           "digit", "graph", "lower",  "print", "punct",
                                           "space", "upper", "xdigit", "word"};
          bool known = false;
          for (const char* k : kClasses) known |= inner == k;
          if (!known) return Invalid("invalid character class");
          // Case-insensitively, [:lower:] and [:upper:] are [:alpha:] (as in PostgreSQL).
          if (o.icase && (inner == "lower" || inner == "upper")) inner = "alpha";
          out += "[:";
          out.append(inner);
          out += ":]";
        } else if (inner.size() == 1) {  // [.x.] and [=x=] of one character: the character
          if (!std::isalnum(static_cast<unsigned char>(inner[0]))) out += '\\';
          out += inner[0];
          if (o.icase && IsAsciiLetter(inner[0])) out += OtherCase(inner[0]);
        } else {
          return Invalid("invalid collating element");
        }
        i = end + 1;
        continue;
      }
      if (c == '\\' && i + 1 < p.size()) {
        out += c;
        out += p[++i];
        continue;
      }
      if (c == ']') {
        in_bracket = false;
        out += c;
        continue;
      }
      if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {  // a range c-d
        char d = p[i + 2];
        if (d == '\\' || d == '[') {
          out += {c, '-'};  // the end is an escape or element: copied as it comes
          i++;
          continue;
        }
        out += {c, '-', d};
        // Case-insensitively, a range of letters also takes the other case's range.
        if (o.icase && IsAsciiLetter(c) && IsAsciiLetter(d) && IsUpper(c) == IsUpper(d)) {
          out += {OtherCase(c), '-', OtherCase(d)};
        }
        i += 2;
        // a-c-e: a range cannot start where another ends.
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
          return Invalid("invalid character range");
        }
        continue;
      }
      out += c;
      if (o.icase && IsAsciiLetter(c)) out += OtherCase(c);  // a letter takes its other case
      continue;
    }
    if (o.expanded && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) {
      continue;
    }
    if (o.expanded && c == '#') {
      while (i + 1 < p.size() && p[i + 1] != '\n') i++;
      continue;
    }
    switch (c) {
      case '[': {
        if (p.substr(i, 7) == "[[:<:]]" || p.substr(i, 7) == "[[:>:]]") {
          out += "\\b";
          i += 6;
          break;
        }
        in_bracket = true;
        out += c;
        // A ] right after [ or [^ is a literal member.
        if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
        if (i + 1 < p.size() && p[i + 1] == ']') {
          out += "\\]";
          i++;
        }
        break;
      }
      case '(':
        if (p.substr(i, 3) == "(?#") {  // a comment
          size_t close = p.find(')', i);
          if (close == std::string_view::npos) return Invalid("parentheses () not balanced");
          i = close;
          break;
        }
        out += c;
        break;
      case '{':
        if (i + 1 < p.size() && IsDigit(p[i + 1])) {
          ASSIGN_OR_RETURN(i, CopyBound(p, i, &out));
          if (i + 1 < p.size() && p[i + 1] == '?') {
            t.non_greedy = true;
            out += p[++i];
          }
        } else {
          out += "\\{";  // a brace that starts no bound is literal in an ARE
        }
        break;
      case '*':
      case '+':
      case '?':
        out += c;
        if (i + 1 < p.size() && p[i + 1] == '?' &&
            !(out.size() >= 2 && out[out.size() - 2] == '(')) {
          t.non_greedy = true;
          out += p[++i];
        }
        break;
      case '\\': {
        if (i + 1 >= p.size()) return Invalid("invalid escape \\ sequence");
        char e = p[++i];
        if (e >= '1' && e <= '9') {
          return Status::FeatureNotSupported("invalid regular expression: back references (\\" +
                                             std::string(1, e) + ") are not supported");
        }
        switch (e) {
          case 'm':
          case 'M':
          case 'y':
            out += "\\b";
            break;
          case 'Y':
            out += "\\B";
            break;
          case 'Z':
            out += "\\z";
            break;
          case 'b':
            out += "\\x08";
            break;
          case 'e':
            out += "\\x1b";
            break;
          case 'u':
          case 'U': {
            size_t digits = e == 'u' ? 4 : 8;
            std::string hex(p.substr(i + 1, digits));
            if (hex.size() != digits) return Invalid("invalid escape \\ sequence");
            for (char h : hex) {
              if (!IsHex(h)) return Invalid("invalid escape \\ sequence");
            }
            AppendCodePoint(&out, std::stoul(hex, nullptr, 16), o.icase);
            i += digits;
            break;
          }
          case 'x': {
            size_t j = i + 1;
            while (j < p.size() && IsHex(p[j]) && j - i <= 8) j++;
            if (j == i + 1) return Invalid("invalid escape \\ sequence");
            AppendCodePoint(&out, std::stoul(std::string(p.substr(i + 1, j - i - 1)), nullptr, 16),
                            o.icase);
            i = j - 1;
            break;
          }
          case 'c':
            if (i + 1 >= p.size()) return Invalid("invalid escape \\ sequence");
            AppendCodePoint(&out, static_cast<unsigned char>(p[++i]) & 0x1F, false);
            break;
          default:
            out += '\\';
            out += e;
        }
        break;
      }
      default:
        if (o.icase && IsAsciiLetter(c)) {
          out += {'[', c, OtherCase(c), ']'};
        } else {
          out += c;
        }
    }
  }
  if (in_bracket) return Invalid("brackets [] not balanced");
  return t;
}

// PostgreSQL's texts for the errors its own regex compiler reports.
std::string ErrorText(const RE2& re) {
  switch (re.error_code()) {
    case RE2::ErrorMissingParen:
    case RE2::ErrorUnexpectedParen:
      return "parentheses () not balanced";
    case RE2::ErrorMissingBracket:
      return "brackets [] not balanced";
    case RE2::ErrorRepeatArgument:
    case RE2::ErrorRepeatOp:
      return "quantifier operand invalid";
    case RE2::ErrorRepeatSize:
      return "invalid repetition count(s)";
    case RE2::ErrorBadEscape:
    case RE2::ErrorTrailingBackslash:
      return "invalid escape \\ sequence";
    case RE2::ErrorBadCharRange:
      return "invalid character range";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorPatternTooLarge:
      return "regular expression is too complex";
    default:
      return re.error();
  }
}

}  // namespace

Result<RegexOptions> ParseRegexFlags(std::string_view flags) {
  RegexOptions o;
  for (size_t i = 0; i < flags.size(); i++) {
    switch (flags[i]) {
      case 'g':
        o.global = true;
        break;
      case 'i':
        o.icase = true;
        break;
      case 'c':
        o.icase = false;
        break;
      case 'n':
      case 'm':
      case 'p':
      case 'w':
        o.newline = true;
        break;
      case 's':
        o.newline = false;
        break;
      case 'x':
        o.expanded = true;
        break;
      case 't':
        o.expanded = false;
        break;
      case 'q':
        o.literal = true;
        break;
      case 'b':
      case 'e':
        return Status::FeatureNotSupported(std::string("regular expression option \"") + flags[i] +
                                           "\" (POSIX basic or extended syntax) is not supported");
      default: {
        size_t len = 1;
        unsigned char lead = static_cast<unsigned char>(flags[i]);
        if (lead >= 0xF0)
          len = 4;
        else if (lead >= 0xE0)
          len = 3;
        else if (lead >= 0xC0)
          len = 2;
        return Status::InvalidParameter("invalid regular expression option: \"" +
                                        std::string(flags.substr(i, len)) + "\"");
      }
    }
  }
  return o;
}

Regex::~Regex() = default;

Result<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern,
                                                    const RegexOptions& options) {
  RegexOptions o = options;
  std::string_view p = pattern;
  if (p.substr(0, 4) == "***=") {
    o.literal = true;
    p.remove_prefix(4);
  } else if (p.substr(0, 4) == "***:") {
    p.remove_prefix(4);
  }
  if (!o.literal) RETURN_IF_ERROR(ApplyEmbeddedOptions(&p, &o));
  Translated t;
  if (o.literal) {
    for (char c : p) {
      if (o.icase && IsAsciiLetter(c)) {
        t.pattern += {'[', c, OtherCase(c), ']'};
      } else {
        t.pattern += RE2::QuoteMeta(re2::StringPiece(&c, 1));
      }
    }
  } else {
    ASSIGN_OR_RETURN(t, Translate(p, o));
  }
  RE2::Options ro;
  ro.set_encoding(RE2::Options::EncodingUTF8);
  ro.set_log_errors(false);
  // Case folding is done by the translation, for ASCII letters only: the database's collation is
  // C, where PostgreSQL folds no other letters ('É' ~* 'é' is false).
  ro.set_case_sensitive(true);
  ro.set_dot_nl(!o.newline);
  ro.set_longest_match(!t.non_greedy);
  ro.set_max_mem(64 << 20);
  std::string source = o.newline ? "(?m)" + t.pattern : t.pattern;
  std::shared_ptr<Regex> re(new Regex());
  re->impl_ = std::make_unique<Impl>(source, ro);
  if (!re->impl_->re.ok()) return Invalid(ErrorText(re->impl_->re));
  re->options_ = o;
  re->groups_ = re->impl_->re.NumberOfCapturingGroups();
  return std::shared_ptr<const Regex>(std::move(re));
}

Result<std::shared_ptr<const Regex>> Regex::CompileCached(std::string_view pattern,
                                                          const RegexOptions& options) {
  // Most recently used first, as PostgreSQL's RE_compile_and_cache keeps its 32.
  struct Entry {
    std::string key;
    std::shared_ptr<const Regex> re;
  };
  thread_local std::list<Entry> cache;
  std::string key;
  key += options.icase ? 'i' : '-';
  key += options.newline ? 'n' : '-';
  key += options.expanded ? 'x' : '-';
  key += options.literal ? 'q' : '-';
  key += options.global ? 'g' : '-';
  key.append(pattern);
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->key == key) {
      cache.splice(cache.begin(), cache, it);
      return cache.front().re;
    }
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, Compile(pattern, options));
  cache.push_front({std::move(key), re});
  if (cache.size() > 32) cache.pop_back();
  return re;
}

bool Regex::Find(std::string_view text, size_t start, std::vector<std::string_view>* spans) const {
  std::vector<re2::StringPiece> pieces(groups_ + 1);
  if (start > text.size()) return false;
  if (!impl_->re.Match(re2::StringPiece(text.data(), text.size()), start, text.size(),
                       RE2::UNANCHORED, pieces.data(), static_cast<int>(pieces.size()))) {
    return false;
  }
  spans->clear();
  for (const re2::StringPiece& s : pieces) {
    spans->push_back(s.data() == nullptr ? std::string_view()
                                         : std::string_view(s.data(), s.size()));
  }
  return true;
}

bool Regex::Matches(std::string_view text) const {
  return impl_->re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                         RE2::UNANCHORED, nullptr, 0);
}

}  // namespace komodo::exec
