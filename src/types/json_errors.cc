// PostgreSQL's wording of a JSON syntax error. nlohmann/json decides whether the text is valid;
// when it is not, this walks the text the way PostgreSQL's json lexer and recursive-descent
// parser (src/common/jsonapi.c) do, to name the same first bad token with the same DETAIL
// ("Token "x" is invalid.", "Expected ":", but found "1".", ...) and CONTEXT
// ("JSON data, line 1: {"a" 1...").
#include "types/json_errors.h"

#include <fmt/format.h>

#include "types/utf8.h"

namespace komodo::jsonb {
namespace {

enum class Tok {
  kObjectStart,
  kObjectEnd,
  kArrayStart,
  kArrayEnd,
  kComma,
  kColon,
  kString,
  kNumber,
  kTrue,
  kFalse,
  kNull,
  kEnd
};

// A failure: the DETAIL, and where the offending token ends (for the CONTEXT).
struct Failure {
  std::string sqlstate = "22P02";
  std::string message = "invalid input syntax for type json";
  std::string detail;
  size_t token_end = 0;
  bool at_end = false;
};

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
size_t CharLen(std::string_view s, size_t at) {
  size_t n = static_cast<size_t>(Utf8Length(static_cast<unsigned char>(s[at])));
  return std::min(n == 0 ? size_t{1} : n, s.size() - at);
}

class Diagnoser {
 public:
  Diagnoser(std::string_view text, bool for_jsonb) : s_(text), for_jsonb_(for_jsonb) {}

  // Returns true when a failure was found.
  bool Run() {
    if (!Lex()) return true;
    if (!Value()) return true;
    if (tok_ == Tok::kEnd) return false;
    Expected("end of input");
    return true;
  }
  const Failure& failure() const { return f_; }
  size_t line() const { return line_; }
  size_t line_start() const { return line_start_; }

 private:
  std::string TokenText() const { return std::string(s_.substr(start_, end_ - start_)); }
  bool Fail(std::string detail, size_t token_end) {
    f_.detail = std::move(detail);
    f_.token_end = token_end;
    return false;
  }
  bool Invalid(size_t token_end) {
    end_ = token_end;
    return Fail(fmt::format("Token \"{}\" is invalid.", TokenText()), token_end);
  }
  // A parser error at the current token.
  bool Expected(const char* what) {
    if (tok_ == Tok::kEnd) {
      f_.at_end = true;
      return Fail("The input string ended unexpectedly.", s_.size());
    }
    return Fail(fmt::format("Expected {}, but found \"{}\".", what, TokenText()), end_);
  }

  bool Lex() {
    size_t i = end_;
    while (i < s_.size() && (s_[i] == ' ' || s_[i] == '\t' || s_[i] == '\n' || s_[i] == '\r')) {
      if (s_[i] == '\n') {
        line_++;
        line_start_ = i + 1;
      }
      i++;
    }
    start_ = i;
    if (i >= s_.size()) {
      tok_ = Tok::kEnd;
      end_ = i;
      return true;
    }
    char c = s_[i];
    end_ = i + 1;
    switch (c) {
      case '{':
        tok_ = Tok::kObjectStart;
        return true;
      case '}':
        tok_ = Tok::kObjectEnd;
        return true;
      case '[':
        tok_ = Tok::kArrayStart;
        return true;
      case ']':
        tok_ = Tok::kArrayEnd;
        return true;
      case ',':
        tok_ = Tok::kComma;
        return true;
      case ':':
        tok_ = Tok::kColon;
        return true;
      case '"':
        tok_ = Tok::kString;
        return LexString(i + 1);
      default:
        break;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      tok_ = Tok::kNumber;
      return LexNumber(i);
    }
    size_t p = i;
    while (p < s_.size() && IsAlnum(static_cast<unsigned char>(s_[p]))) p++;
    if (p == i) return Invalid(i + CharLen(s_, i));
    std::string_view word = s_.substr(i, p - i);
    end_ = p;
    if (word == "true") {
      tok_ = Tok::kTrue;
    } else if (word == "false") {
      tok_ = Tok::kFalse;
    } else if (word == "null") {
      tok_ = Tok::kNull;
    } else {
      return Invalid(p);
    }
    return true;
  }

  bool LexNumber(size_t i) {
    size_t p = i;
    bool error = false;
    if (s_[p] == '-') p++;
    auto digits = [&] {
      size_t from = p;
      while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') p++;
      return p > from;
    };
    if (p < s_.size() && s_[p] == '0') {
      p++;
    } else if (!digits()) {
      error = true;
    }
    if (!error && p < s_.size() && s_[p] == '.') {
      p++;
      if (!digits()) error = true;
    }
    if (!error && p < s_.size() && (s_[p] == 'e' || s_[p] == 'E')) {
      p++;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) p++;
      if (!digits()) error = true;
    }
    // Anything alphanumeric right after a number makes the whole run one bad token.
    size_t q = p;
    while (q < s_.size() && IsAlnum(static_cast<unsigned char>(s_[q]))) q++;
    if (error || q > p) return Invalid(q);
    end_ = p;
    return true;
  }

  bool LexString(size_t p) {
    bool high_surrogate = false;
    while (true) {
      if (p >= s_.size()) return Invalid(s_.size());
      unsigned char c = static_cast<unsigned char>(s_[p]);
      if (c == '"') break;
      if (c < 0x20) {
        return Fail(fmt::format("Character with value 0x{:02x} must be escaped.", c), p);
      }
      if (c != '\\') {
        if (high_surrogate) {
          return Fail("Unicode low surrogate must follow a high surrogate.", p);
        }
        p += CharLen(s_, p);
        continue;
      }
      p++;
      if (p >= s_.size()) return Invalid(s_.size());
      if (s_[p] == 'u') {
        unsigned code = 0;
        for (int k = 1; k <= 4; k++) {
          if (p + k >= s_.size() || !IsHex(s_[p + k])) {
            size_t stop = p + k < s_.size() ? p + k + CharLen(s_, p + k) : s_.size();
            return Fail("\"\\u\" must be followed by four hexadecimal digits.", stop);
          }
          code =
              code * 16 + static_cast<unsigned>(std::stoi(std::string(1, s_[p + k]), nullptr, 16));
        }
        p += 5;
        if (code >= 0xD800 && code <= 0xDBFF) {
          if (high_surrogate) {
            return Fail("Unicode high surrogate must not follow a high surrogate.", p);
          }
          high_surrogate = true;
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
          if (!high_surrogate)
            return Fail("Unicode low surrogate must follow a high surrogate.", p);
          high_surrogate = false;
        } else {
          if (high_surrogate) return Fail("Unicode low surrogate must follow a high surrogate.", p);
          if (code == 0 && for_jsonb_) {
            f_.sqlstate = "22P05";
            f_.message = "unsupported Unicode escape sequence";
            return Fail("\\u0000 cannot be converted to text.", p);
          }
        }
        continue;
      }
      if (high_surrogate) return Fail("Unicode low surrogate must follow a high surrogate.", p);
      switch (s_[p]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          p++;
          break;
        default: {
          size_t n = CharLen(s_, p);
          return Fail(fmt::format("Escape sequence \"\\{}\" is invalid.", s_.substr(p, n)), p + n);
        }
      }
    }
    if (high_surrogate) return Fail("Unicode low surrogate must follow a high surrogate.", p + 1);
    end_ = p + 1;
    return true;
  }

  bool Value() {
    switch (tok_) {
      case Tok::kString:
      case Tok::kNumber:
      case Tok::kTrue:
      case Tok::kFalse:
      case Tok::kNull:
        return Lex();
      case Tok::kObjectStart:
        return Object();
      case Tok::kArrayStart:
        return Array();
      default:
        return Expected("JSON value");
    }
  }

  bool Object() {
    if (!Lex()) return false;
    if (tok_ == Tok::kObjectEnd) return Lex();
    if (tok_ != Tok::kString) return Expected("string or \"}\"");
    while (true) {
      if (!Lex()) return false;
      if (tok_ != Tok::kColon) return Expected("\":\"");
      if (!Lex() || !Value()) return false;
      if (tok_ == Tok::kObjectEnd) return Lex();
      if (tok_ != Tok::kComma) return Expected("\",\" or \"}\"");
      if (!Lex()) return false;
      if (tok_ != Tok::kString) return Expected("string");
    }
  }

  bool Array() {
    if (!Lex()) return false;
    if (tok_ == Tok::kArrayEnd) return Lex();
    while (true) {
      if (!Value()) return false;
      if (tok_ == Tok::kArrayEnd) return Lex();
      if (tok_ != Tok::kComma) return Expected("\",\" or \"]\"");
      if (!Lex()) return false;
    }
  }

  std::string_view s_;
  bool for_jsonb_;
  Tok tok_ = Tok::kEnd;
  size_t start_ = 0, end_ = 0;
  size_t line_ = 1, line_start_ = 0;
  Failure f_;
};

}  // namespace

Status JsonSyntaxError(std::string_view text, bool for_jsonb) {
  Diagnoser d(text, for_jsonb);
  if (!d.Run()) return Status::InvalidText("invalid input syntax for type json");
  const Failure& f = d.failure();
  // report_json_context: the line up to the end of the bad token, at most about 50 bytes of it,
  // with "..." where the excerpt is cut.
  size_t line_start = d.line_start();
  size_t end = std::min(f.token_end, text.size());
  size_t start = line_start;
  while (end - start >= 50) start += CharLen(text, start);
  if (start - line_start <= 3) start = line_start;
  bool more = !f.at_end && end < text.size() && text[end] != '\n' && text[end] != '\r';
  std::string context =
      fmt::format("JSON data, line {}: {}{}{}", d.line(), start > line_start ? "..." : "",
                  text.substr(start, end - start), more ? "..." : "");
  return Status(f.sqlstate, f.message).WithDetail(f.detail).WithContext(std::move(context));
}

}  // namespace komodo::jsonb
