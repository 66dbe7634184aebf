#include "exec/regex_functions.h"

#include "common/macros.h"
#include "exec/evaluate.h"
#include "exec/regex.h"
#include "sql/binder/binder.h"
#include "types/utf8.h"

namespace komodo::exec {

namespace {

using Args = std::vector<Value>;
using sql::BoundExpr;

constexpr TypeId kText = TypeId::kText;
constexpr TypeId kInt4 = TypeId::kInt4;
constexpr TypeId kBool = TypeId::kBool;

// Where a call keeps its pattern and flags, and what it allows.
struct Shape {
  int pattern = 1;
  int flags = -1;                   // -1: no flags argument
  bool icase = false;               // ~* and !~*
  const char* no_global = nullptr;  // the function's name when it refuses the g flag
};

Shape ShapeOf(const BoundExpr& call) {
  const std::string& n = call.name;
  size_t argc = call.args.size();
  Shape s;
  if (n == "regexmatch_ci" || n == "notregexmatch_ci") s.icase = true;
  if (n == "regexp_replace") {
    if (argc == 4 && call.args[3]->type == kText) s.flags = 3;
    if (argc == 6) s.flags = 5;
  } else if (n == "regexp_like") {
    s.no_global = "regexp_like()";
    if (argc == 3) s.flags = 2;
  } else if (n == "regexp_count") {
    s.no_global = "regexp_count()";
    if (argc == 4) s.flags = 3;
  } else if (n == "regexp_instr") {
    s.no_global = "regexp_instr()";
    if (argc >= 6) s.flags = 5;
  } else if (n == "regexp_substr") {
    s.no_global = "regexp_substr()";
    if (argc >= 5) s.flags = 4;
  } else if (n == "regexp_match" || n == "regexp_split_to_array" || n == "regexp_split_to_table") {
    s.no_global = n == "regexp_match"            ? "regexp_match()"
                  : n == "regexp_split_to_array" ? "regexp_split_to_array()"
                                                 : "regexp_split_to_table()";
    if (argc == 3) s.flags = 2;
  } else if (n == "regexp_matches" && argc == 3) {
    s.flags = 2;
  }
  return s;
}

Result<RegexOptions> OptionsFor(const Shape& s, std::string_view flags) {
  ASSIGN_OR_RETURN(RegexOptions o, ParseRegexFlags(flags));
  if (s.icase) o.icase = true;
  if (o.global && s.no_global != nullptr) {
    return Status::InvalidParameter(std::string(s.no_global) +
                                    " does not support the \"global\" option");
  }
  return o;
}

// The call's compiled pattern: prepared at bind time when constant, else compiled (cached) now.
Result<std::shared_ptr<const Regex>> RegexFor(const BoundExpr& call, const Args& a) {
  if (call.state != nullptr) return std::static_pointer_cast<const Regex>(call.state);
  Shape s = ShapeOf(call);
  std::string_view flags = s.flags >= 0 ? a[s.flags].string_value() : std::string_view();
  ASSIGN_OR_RETURN(RegexOptions o, OptionsFor(s, flags));
  return Regex::CompileCached(a[s.pattern].string_value(), o);
}

// The value of a constant argument, or nullopt.
std::optional<Value> ConstantArg(const BoundExpr& e) {
  if (!sql::IsConstant(e)) return std::nullopt;
  Result<Value> v = EvaluateConstant(e, {});
  if (!v.ok() || v->is_null()) return std::nullopt;
  return *v;
}

// Compiles the pattern once per statement when it and the flags are constants. Errors are left
// to the first row, as PostgreSQL reports them (a query over no rows does not fail).
void PrepareRegex(BoundExpr& call) {
  Shape s = ShapeOf(call);
  std::optional<Value> pattern = ConstantArg(*call.args[s.pattern]);
  if (!pattern) return;
  std::string flags;
  if (s.flags >= 0) {
    std::optional<Value> f = ConstantArg(*call.args[s.flags]);
    if (!f) return;
    flags = f->string_value();
  }
  Result<RegexOptions> o = OptionsFor(s, flags);
  if (!o.ok()) return;
  Result<std::shared_ptr<const Regex>> re = Regex::Compile(pattern->string_value(), *o);
  if (re.ok()) call.state = std::move(re).value();
}

// Byte offset of character `n` (0-based) of `s`, or s.size() past its end.
size_t ByteOffset(std::string_view s, int64_t n) {
  size_t i = 0;
  for (; n > 0 && i < s.size(); n--) i += Utf8Length(static_cast<unsigned char>(s[i]));
  return std::min(i, s.size());
}

int64_t CharIndex(std::string_view s, const char* p) {
  return static_cast<int64_t>(Utf8CharCount(s.substr(0, p - s.data())));
}

// Where the search goes after a match: its end, or one character further for an empty match.
size_t NextSearch(std::string_view s, std::string_view match) {
  size_t end = match.data() - s.data() + match.size();
  if (match.empty()) {
    end += end < s.size() ? Utf8Length(static_cast<unsigned char>(s[end])) : 1;
  }
  return end;
}

// Every match from byte offset `start` (PostgreSQL's setup_regexp_matches with glob).
std::vector<std::vector<std::string_view>> AllMatches(const Regex& re, std::string_view s,
                                                      size_t start) {
  std::vector<std::vector<std::string_view>> out;
  std::vector<std::string_view> spans;
  while (start <= s.size() && re.Find(s, start, &spans)) {
    out.push_back(spans);
    start = NextSearch(s, spans[0]);
  }
  return out;
}

template <bool kNegate>
Result<Value> RegexMatch(const BoundExpr& call, Args& a) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  return Value::Bool(re->Matches(a[0].string_value()) != kNegate);
}

Result<Value> RegexpLike(const BoundExpr& call, Args& a) { return RegexMatch<false>(call, a); }

// The replacement text for one match: \1..\9 the groups, \& the whole match, \\ a backslash.
void AppendReplacement(std::string* out, std::string_view rep,
                       const std::vector<std::string_view>& spans) {
  for (size_t i = 0; i < rep.size(); i++) {
    if (rep[i] != '\\') {
      *out += rep[i];
      continue;
    }
    if (i + 1 >= rep.size()) {
      *out += '\\';
      break;
    }
    char c = rep[i + 1];
    if (c >= '1' && c <= '9') {
      size_t g = c - '0';
      if (g < spans.size() && spans[g].data() != nullptr) out->append(spans[g]);
      i++;
    } else if (c == '&') {
      out->append(spans[0]);
      i++;
    } else if (c == '\\') {
      *out += '\\';
      i++;
    } else {
      *out += '\\';
    }
  }
}

// regexp_replace(source, pattern, replacement [, start [, n]] [, flags]).
Result<Value> RegexpReplace(const BoundExpr& call, Args& a) {
  Shape shape = ShapeOf(call);
  if (shape.flags == 3) {
    std::string_view f = a[3].string_value();
    if (!f.empty() && f[0] >= '0' && f[0] <= '9') {
      return Status::InvalidParameter("invalid regular expression option: \"" +
                                      std::string(1, f[0]) + "\"")
          .WithHint(
              "If you meant to use regexp_replace() with a start parameter, cast the fourth "
              "argument to integer explicitly.");
    }
  }
  int64_t start = 1, n = 1;
  bool has_n = a.size() >= 5 && shape.flags != 3;
  if (a.size() >= 4 && shape.flags != 3) {
    start = a[3].int_value();
    if (start <= 0) {
      return Status::InvalidParameter("invalid value for parameter \"start\": " +
                                      std::to_string(start));
    }
  }
  if (has_n) {
    n = a[4].int_value();
    if (n < 0) {
      return Status::InvalidParameter("invalid value for parameter \"n\": " + std::to_string(n));
    }
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  if (!has_n) n = re->options().global ? 0 : 1;  // 0: every match
  std::string_view s = a[0].string_value(), rep = a[2].string_value();
  std::string out;
  size_t copied = 0, search = ByteOffset(s, start - 1);
  if (search >= s.size() && start - 1 > static_cast<int64_t>(Utf8CharCount(s))) {
    return Value::Text(std::string(s));
  }
  int64_t count = 0;
  std::vector<std::string_view> spans;
  while (search <= s.size() && re->Find(s, search, &spans)) {
    count++;
    if (n > 0 && count != n) {
      search = NextSearch(s, spans[0]);
      continue;
    }
    size_t begin = spans[0].data() - s.data();
    out.append(s.substr(copied, begin - copied));
    AppendReplacement(&out, rep, spans);
    copied = begin + spans[0].size();
    if (n > 0) break;
    search = NextSearch(s, spans[0]);
  }
  out.append(s.substr(copied));
  return Value::Text(std::move(out));
}

// The 1-based start argument at `i`, if given. Errors 22023 when it is not positive.
Result<size_t> StartArg(const Args& a, size_t i, std::string_view s) {
  if (a.size() <= i) return 0;
  int64_t start = a[i].int_value();
  if (start <= 0) {
    return Status::InvalidParameter("invalid value for parameter \"start\": " +
                                    std::to_string(start));
  }
  if (start - 1 > static_cast<int64_t>(Utf8CharCount(s))) return s.size() + 1;
  return ByteOffset(s, start - 1);
}

Result<Value> RegexpCount(const BoundExpr& call, Args& a) {
  std::string_view s = a[0].string_value();
  ASSIGN_OR_RETURN(size_t start, StartArg(a, 2, s));
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  return Value::Int4(static_cast<int32_t>(AllMatches(*re, s, start).size()));
}

// The N and subexpr arguments of regexp_instr and regexp_substr.
Result<int64_t> PositiveArg(const Args& a, size_t i, const char* name, int64_t if_absent,
                            int64_t minimum) {
  if (a.size() <= i) return if_absent;
  int64_t v = a[i].int_value();
  if (v < minimum) {
    return Status::InvalidParameter("invalid value for parameter \"" + std::string(name) +
                                    "\": " + std::to_string(v));
  }
  return v;
}

Result<Value> RegexpInstr(const BoundExpr& call, Args& a) {
  std::string_view s = a[0].string_value();
  ASSIGN_OR_RETURN(size_t start, StartArg(a, 2, s));
  ASSIGN_OR_RETURN(int64_t n, PositiveArg(a, 3, "n", 1, 1));
  int64_t endoption = a.size() > 4 ? a[4].int_value() : 0;
  if (endoption != 0 && endoption != 1) {
    return Status::InvalidParameter("invalid value for parameter \"endoption\": " +
                                    std::to_string(endoption));
  }
  ASSIGN_OR_RETURN(int64_t subexpr, PositiveArg(a, 6, "subexpr", 0, 0));
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  auto matches = AllMatches(*re, s, start);
  if (n > static_cast<int64_t>(matches.size())) return Value::Int4(0);
  // Without groups, subexpr 1 is the whole match, as PostgreSQL counts it.
  int64_t groups = std::max(re->groups(), 1);
  if (subexpr > groups) return Value::Int4(0);
  const std::vector<std::string_view>& m = matches[n - 1];
  std::string_view span = subexpr == 0 || re->groups() == 0 ? m[0] : m[subexpr];
  if (span.data() == nullptr) return Value::Int4(0);
  const char* at = endoption == 1 ? span.data() + span.size() : span.data();
  return Value::Int4(static_cast<int32_t>(CharIndex(s, at) + 1));
}

Result<Value> RegexpSubstr(const BoundExpr& call, Args& a) {
  std::string_view s = a[0].string_value();
  ASSIGN_OR_RETURN(size_t start, StartArg(a, 2, s));
  ASSIGN_OR_RETURN(int64_t n, PositiveArg(a, 3, "n", 1, 1));
  ASSIGN_OR_RETURN(int64_t subexpr, PositiveArg(a, 5, "subexpr", 0, 0));
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  auto matches = AllMatches(*re, s, start);
  if (n > static_cast<int64_t>(matches.size())) return Value::Null(kText);
  int64_t groups = std::max(re->groups(), 1);
  if (subexpr > groups) return Value::Null(kText);
  const std::vector<std::string_view>& m = matches[n - 1];
  std::string_view span = subexpr == 0 || re->groups() == 0 ? m[0] : m[subexpr];
  if (span.data() == nullptr) return Value::Null(kText);
  return Value::Text(std::string(span));
}

// A match as regexp_match returns it: its groups (the whole match when there are none).
Value MatchArray(const Regex& re, const std::vector<std::string_view>& spans) {
  std::vector<Value> out;
  for (size_t i = re.groups() > 0 ? 1 : 0; i < spans.size(); i++) {
    out.push_back(spans[i].data() == nullptr ? Value::Null(kText)
                                             : Value::Text(std::string(spans[i])));
  }
  return Value::Array(TypeId::kTextArray, std::move(out));
}

// regexp_match: the first match, NULL when nothing matches.
Result<Value> RegexpMatch(const BoundExpr& call, Args& a) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  std::vector<std::string_view> spans;
  if (!re->Find(a[0].string_value(), 0, &spans)) return Value::Null(TypeId::kTextArray);
  return MatchArray(*re, spans);
}

// regexp_split_to_array: the text between matches. As in PostgreSQL, an empty match at either
// end of the text or right after another match does not split.
Result<Value> RegexpSplitToArray(const BoundExpr& call, Args& a) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  std::string_view s = a[0].string_value();
  std::vector<Value> out;
  size_t piece = 0;  // where the current piece starts
  for (const std::vector<std::string_view>& m : AllMatches(*re, s, 0)) {
    size_t begin = m[0].data() - s.data(), end = begin + m[0].size();
    if (m[0].empty() && (begin == 0 || begin == s.size() || begin == piece)) continue;
    out.push_back(Value::Text(std::string(s.substr(piece, begin - piece))));
    piece = end;
  }
  out.push_back(Value::Text(std::string(s.substr(piece))));
  return Value::Array(TypeId::kTextArray, std::move(out));
}

// substring(text FROM pattern): the first group when there is one, else the whole match.
Result<Value> SubstringMatch(const Regex& re, std::string_view s) {
  std::vector<std::string_view> spans;
  if (!re.Find(s, 0, &spans)) return Value::Null(kText);
  std::string_view span = re.groups() > 0 ? spans[1] : spans[0];
  if (span.data() == nullptr) return Value::Null(kText);
  return Value::Text(std::string(span));
}

Result<Value> RegexSubstring(const BoundExpr& call, Args& a) {
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  return SubstringMatch(*re, a[0].string_value());
}

// PostgreSQL's similar_escape_internal: a SIMILAR TO pattern as an ARE anchored at both ends.
// `escape` null: the default \; empty: no escape character.
Result<std::string> SimilarToRegex(std::string_view p, const std::string* escape) {
  std::string_view e = escape == nullptr ? std::string_view("\\") : std::string_view(*escape);
  if (!e.empty() && Utf8CharCount(e) > 1) {
    return Status("22025", "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  }
  std::string r = "^(?:";
  bool after_escape = false, in_class = false;
  int quotes = 0;
  for (size_t i = 0; i < p.size();) {
    size_t len = Utf8Length(static_cast<unsigned char>(p[i]));
    std::string_view ch = p.substr(i, len);
    i += len;
    if (after_escape) {
      if (ch == "\"" && !in_class) {
        if (quotes == 0) {
          r += "){1,1}?(";
        } else if (quotes == 1) {
          r += "){1,1}(?:";
        } else {
          return Status("2200C",
                        "SQL regular expression may not contain more than two "
                        "escape-double-quote separators");
        }
        quotes++;
      } else {
        r += '\\';
        r += ch;
      }
      after_escape = false;
    } else if (!e.empty() && ch == e) {
      after_escape = true;
    } else if (in_class) {
      if (ch == "\\") r += '\\';
      r += ch;
      if (ch == "]") in_class = false;
    } else if (ch == "[") {
      r += ch;
      in_class = true;
    } else if (ch == "%") {
      r += ".*";
    } else if (ch == "_") {
      r += '.';
    } else if (ch == "(") {
      r += "(?:";
    } else if (ch == "\\" || ch == "." || ch == "^" || ch == "$") {
      r += '\\';
      r += ch;
    } else {
      r += ch;
    }
  }
  r += ")$";
  return r;
}

Result<Value> SimilarToEscape(const BoundExpr&, Args& a) {
  std::string escape = a.size() > 1 ? a[1].string_value() : std::string();
  ASSIGN_OR_RETURN(std::string r,
                   SimilarToRegex(a[0].string_value(), a.size() > 1 ? &escape : nullptr));
  return Value::Text(std::move(r));
}

// substring(text SIMILAR pattern ESCAPE escape): the part between the escaped double quotes.
Result<Value> SimilarSubstring(const BoundExpr&, Args& a) {
  std::string escape = a[2].string_value();
  ASSIGN_OR_RETURN(std::string pattern, SimilarToRegex(a[1].string_value(), &escape));
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, Regex::CompileCached(pattern, {}));
  return SubstringMatch(*re, a[0].string_value());
}

}  // namespace

bool IsRegexSetReturning(const std::string& name) {
  return name == "regexp_matches" || name == "regexp_split_to_table";
}

Result<std::vector<Value>> RegexSetReturningRows(const std::string& name, Args& a) {
  BoundExpr call;  // what ShapeOf and RegexFor read: the name and the number of arguments
  call.name = name;
  call.args.resize(a.size());
  if (name == "regexp_split_to_table") {
    ASSIGN_OR_RETURN(Value pieces, RegexpSplitToArray(call, a));
    return pieces.array_value();
  }
  // regexp_matches: the first match, or with the g flag every match; no row without one.
  ASSIGN_OR_RETURN(std::shared_ptr<const Regex> re, RegexFor(call, a));
  ASSIGN_OR_RETURN(RegexOptions o, ParseRegexFlags(a.size() > 2 ? a[2].string_value() : ""));
  std::vector<Value> rows;
  if (o.global) {
    for (const auto& m : AllMatches(*re, a[0].string_value(), 0)) {
      rows.push_back(MatchArray(*re, m));
    }
    return rows;
  }
  std::vector<std::string_view> spans;
  if (re->Find(a[0].string_value(), 0, &spans)) rows.push_back(MatchArray(*re, spans));
  return rows;
}

const std::vector<RegexFunction>& RegexFunctions() {
  static const std::vector<RegexFunction> kFunctions = {
      {"regexmatch", kBool, {kText, kText}, RegexMatch<false>, PrepareRegex},
      {"regexmatch_ci", kBool, {kText, kText}, RegexMatch<false>, PrepareRegex},
      {"notregexmatch", kBool, {kText, kText}, RegexMatch<true>, PrepareRegex},
      {"notregexmatch_ci", kBool, {kText, kText}, RegexMatch<true>, PrepareRegex},
      {"regexp_like", kBool, {kText, kText}, RegexpLike, PrepareRegex},
      {"regexp_match", TypeId::kTextArray, {kText, kText}, RegexpMatch, PrepareRegex},
      {"regexp_match", TypeId::kTextArray, {kText, kText, kText}, RegexpMatch, PrepareRegex},
      {"regexp_split_to_array",
       TypeId::kTextArray,
       {kText, kText},
       RegexpSplitToArray,
       PrepareRegex},
      {"regexp_split_to_array",
       TypeId::kTextArray,
       {kText, kText, kText},
       RegexpSplitToArray,
       PrepareRegex},
      {"regexp_like", kBool, {kText, kText, kText}, RegexpLike, PrepareRegex},
      {"regexp_replace", kText, {kText, kText, kText}, RegexpReplace, PrepareRegex},
      {"regexp_replace", kText, {kText, kText, kText, kText}, RegexpReplace, PrepareRegex},
      {"regexp_replace", kText, {kText, kText, kText, kInt4}, RegexpReplace, PrepareRegex},
      {"regexp_replace", kText, {kText, kText, kText, kInt4, kInt4}, RegexpReplace, PrepareRegex},
      {"regexp_replace",
       kText,
       {kText, kText, kText, kInt4, kInt4, kText},
       RegexpReplace,
       PrepareRegex},
      {"regexp_count", kInt4, {kText, kText}, RegexpCount, PrepareRegex},
      {"regexp_count", kInt4, {kText, kText, kInt4}, RegexpCount, PrepareRegex},
      {"regexp_count", kInt4, {kText, kText, kInt4, kText}, RegexpCount, PrepareRegex},
      {"regexp_instr", kInt4, {kText, kText}, RegexpInstr, PrepareRegex},
      {"regexp_instr", kInt4, {kText, kText, kInt4}, RegexpInstr, PrepareRegex},
      {"regexp_instr", kInt4, {kText, kText, kInt4, kInt4}, RegexpInstr, PrepareRegex},
      {"regexp_instr", kInt4, {kText, kText, kInt4, kInt4, kInt4}, RegexpInstr, PrepareRegex},
      {"regexp_instr",
       kInt4,
       {kText, kText, kInt4, kInt4, kInt4, kText},
       RegexpInstr,
       PrepareRegex},
      {"regexp_instr",
       kInt4,
       {kText, kText, kInt4, kInt4, kInt4, kText, kInt4},
       RegexpInstr,
       PrepareRegex},
      {"regexp_substr", kText, {kText, kText}, RegexpSubstr, PrepareRegex},
      {"regexp_substr", kText, {kText, kText, kInt4}, RegexpSubstr, PrepareRegex},
      {"regexp_substr", kText, {kText, kText, kInt4, kInt4}, RegexpSubstr, PrepareRegex},
      {"regexp_substr", kText, {kText, kText, kInt4, kInt4, kText}, RegexpSubstr, PrepareRegex},
      {"regexp_substr",
       kText,
       {kText, kText, kInt4, kInt4, kText, kInt4},
       RegexpSubstr,
       PrepareRegex},
      {"substring", kText, {kText, kText}, RegexSubstring, PrepareRegex},
      {"substring", kText, {kText, kText, kText}, SimilarSubstring},
      {"similar_to_escape", kText, {kText}, SimilarToEscape},
      {"similar_to_escape", kText, {kText, kText}, SimilarToEscape},
  };
  return kFunctions;
}

}  // namespace komodo::exec
