// The `komodo sql` shell: psql-like statement splitting, meta-commands and output over one
// Connection.
//
// StatementSplitter is header-only on purpose: tests include this header without linking the
// tool's .cc files (which need libedit).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "komodo/database.h"

namespace komodo::cli {

// Splits SQL text into statements at each `;` that stands outside single-quoted strings
// (including E'...' with backslash escapes), double-quoted identifiers, dollar-quoted strings
// ($$...$$, $tag$...$tag$), `--` and (nested) `/* */` comments and parentheses, as psql does.
//
// Feed whole lines (each ending with '\n', except possibly the last line of the input): a
// lexical token never spans two Feed calls except through the state kept here.
// Like psql, whitespace and `--` comments before a statement are dropped; statements holding
// nothing but comments are dropped too. A returned statement keeps its final ';'.
class StatementSplitter {
 public:
  // Appends every statement completed by `text` to `out`.
  void Feed(std::string_view text, std::vector<std::string>& out);

  // Returns the pending statement (text after the last ';'), or "" when it holds no SQL, and
  // starts over. Call at the end of the input: psql runs an unterminated last statement too.
  std::string Flush();

  void Reset() { *this = StatementSplitter(); }

  // True when text since the last statement is buffered (the shell shows the continuation
  // prompt).
  bool pending() const { return !buffer_.empty(); }

  // True outside any string, identifier or comment: a line starting with '\' is a meta-command.
  bool at_top_level() const { return state_ == State::kNormal; }

  // psql's %R prompt character: '=' at the start of a statement, '-' in its middle, '\'', '"'
  // or '$' inside that kind of quote, '*' in a block comment, '(' inside parentheses.
  char prompt_state() const;

 private:
  enum class State {
    kNormal,
    kSingleQuote,
    kDoubleQuote,
    kDollarQuote,
    kLineComment,
    kBlockComment
  };

  static bool IsIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  }
  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  }
  // The char before the current one in the buffer continues an identifier or a number.
  bool AfterIdentChar() const {
    return !buffer_.empty() && (IsIdentChar(buffer_.back()) || buffer_.back() == '$');
  }
  // The quote being opened is an E'...' string, where backslash escapes the next char.
  bool OpensEscapeString() const {
    size_t n = buffer_.size();
    if (n == 0 || (buffer_[n - 1] != 'e' && buffer_[n - 1] != 'E')) return false;
    return n == 1 || !(IsIdentChar(buffer_[n - 2]) || buffer_[n - 2] == '$');
  }
  // Length of a dollar-quote tag ("$$", "$tag$") starting at text[i], or 0 when none does.
  static size_t DollarTagLength(std::string_view text, size_t i) {
    size_t j = i + 1;
    if (j < text.size() && text[j] >= '0' && text[j] <= '9') return 0;  // $1 is a parameter
    while (j < text.size() && IsIdentChar(text[j])) ++j;
    return j < text.size() && text[j] == '$' ? j - i + 1 : 0;
  }

  State state_ = State::kNormal;
  std::string buffer_;
  bool has_sql_ = false;        // buffer_ holds something other than whitespace and comments
  bool drop_comment_ = false;   // the current `--` comment precedes any statement text
  bool escape_string_ = false;  // the current single-quoted string is an E'...' string
  int comment_depth_ = 0;
  int paren_depth_ = 0;
  std::string dollar_tag_;
};

inline void StatementSplitter::Feed(std::string_view text, std::vector<std::string>& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (state_) {
      case State::kNormal:
        if (buffer_.empty() && IsSpace(c)) continue;
        if (c == '-' && next == '-') {
          state_ = State::kLineComment;
          drop_comment_ = buffer_.empty();
          if (!drop_comment_) buffer_ += "--";
          ++i;
          continue;
        }
        if (c == '/' && next == '*') {
          state_ = State::kBlockComment;
          comment_depth_ = 1;
          buffer_ += "/*";
          ++i;
          continue;
        }
        if (c == ';' && paren_depth_ == 0) {
          buffer_ += ';';
          if (has_sql_) out.push_back(std::move(buffer_));
          buffer_.clear();
          has_sql_ = false;
          continue;
        }
        if (c == '\'') {
          state_ = State::kSingleQuote;
          escape_string_ = OpensEscapeString();
        } else if (c == '"') {
          state_ = State::kDoubleQuote;
        } else if (c == '$' && !AfterIdentChar()) {
          if (size_t len = DollarTagLength(text, i); len > 0) {
            state_ = State::kDollarQuote;
            dollar_tag_ = std::string(text.substr(i, len));
            buffer_ += dollar_tag_;
            has_sql_ = true;
            i += len - 1;
            continue;
          }
        } else if (c == '(') {
          ++paren_depth_;
        } else if (c == ')' && paren_depth_ > 0) {
          --paren_depth_;
        }
        buffer_ += c;
        if (!IsSpace(c)) has_sql_ = true;
        break;
      case State::kSingleQuote:
        buffer_ += c;
        if (escape_string_ && c == '\\' && i + 1 < text.size()) {
          buffer_ += next;
          ++i;
        } else if (c == '\'') {
          if (next == '\'') {
            buffer_ += next;
            ++i;
          } else {
            state_ = State::kNormal;
          }
        }
        break;
      case State::kDoubleQuote:
        buffer_ += c;
        if (c == '"') state_ = State::kNormal;  // "" reopens at once, as it should
        break;
      case State::kDollarQuote:
        if (c == '$' && text.substr(i, dollar_tag_.size()) == dollar_tag_) {
          buffer_ += dollar_tag_;
          i += dollar_tag_.size() - 1;
          state_ = State::kNormal;
        } else {
          buffer_ += c;
        }
        break;
      case State::kLineComment:
        if (c == '\n') state_ = State::kNormal;
        if (!drop_comment_) buffer_ += c;
        break;
      case State::kBlockComment:
        buffer_ += c;
        if (c == '/' && next == '*') {
          buffer_ += next;
          ++i;
          ++comment_depth_;
        } else if (c == '*' && next == '/') {
          buffer_ += next;
          ++i;
          if (--comment_depth_ == 0) state_ = State::kNormal;
        }
        break;
    }
  }
}

inline std::string StatementSplitter::Flush() {
  std::string statement = has_sql_ ? std::move(buffer_) : std::string();
  while (!statement.empty() && IsSpace(statement.back())) statement.pop_back();
  Reset();
  return statement;
}

inline char StatementSplitter::prompt_state() const {
  switch (state_) {
    case State::kSingleQuote:
      return '\'';
    case State::kDoubleQuote:
      return '"';
    case State::kDollarQuote:
      return '$';
    case State::kBlockComment:
      return '*';
    case State::kNormal:
    case State::kLineComment:
      break;
  }
  if (paren_depth_ > 0) return '(';
  return pending() ? '-' : '=';
}

// Convenience for whole texts: the statements of `text`, including an unterminated last one.
inline std::vector<std::string> SplitStatements(std::string_view text) {
  StatementSplitter splitter;
  std::vector<std::string> statements;
  splitter.Feed(text, statements);
  if (std::string last = splitter.Flush(); !last.empty()) statements.push_back(std::move(last));
  return statements;
}

struct ShellOptions {
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  // Shown in the welcome line of the interactive shell.
  std::string version;
};

// Runs SQL and meta-commands (\q, \?, \timing, \d, \dt, \r) over one Connection and prints the
// outcome as psql does. Not thread-safe; the Connection must outlive the Shell.
class Shell {
 public:
  enum class Outcome {
    kOk,
    kError,  // a statement or meta-command failed; the input was abandoned at that point
    kQuit,   // \q
  };

  Shell(Connection& conn, ShellOptions options) : conn_(conn), options_(std::move(options)) {}

  // Runs `text` as `komodo sql -c` does: every statement in turn, stopping at the first error.
  Outcome RunCommand(std::string_view text);
  // Runs a script read from `in` up to its end, stopping at the first error. A non-empty
  // `name` prefixes errors with "komodo:NAME:LINE: " like psql -f (psql shows no prefix for
  // piped stdin).
  Outcome RunScript(std::FILE* in, const std::string& name);
  // The interactive loop on the terminal, with libedit and ~/.komodo_history. Errors are shown
  // and the loop goes on; returns at \q or end of input.
  void RunInteractive();

 private:
  // Runs one line of input. With stop_on_error_ the rest of the line is skipped after an error.
  Outcome ProcessLine(std::string_view line);
  Outcome FinishInput();
  Outcome ExecuteStatement(const std::string& sql);
  Outcome RunMetaCommand(std::string_view line);
  Outcome ListRelations(const std::string& name);
  Outcome DescribeRelation(const std::string& name);
  void PrintHelp();
  // The notices of the last statement, on stderr as psql prints them ("NOTICE:  ...").
  void PrintNotices();
  // psql's "ERROR:  msg", then "LINE n: ..." with a caret when the position is known.
  void PrintError(const Status& status, std::string_view sql);
  // A shell (not SQL) error; in a -f script prefixed like psql's "psql:FILE:LINE: error: ".
  void LogError(const std::string& text);
  // "komodo:FILE:LINE: " in a -f script, else "".
  std::string ScriptPrefix() const;
  // Writes to stderr after flushing stdout, so that the two interleave as they were written.
  void PrintToErr(const std::string& text);

  Connection& conn_;
  ShellOptions options_;
  StatementSplitter splitter_;
  bool timing_ = false;
  bool stop_on_error_ = true;  // off in the interactive loop
  std::string script_name_;    // "" outside -f scripts
  int line_number_ = 0;        // of the line being run, for ScriptPrefix()
};

}  // namespace komodo::cli
