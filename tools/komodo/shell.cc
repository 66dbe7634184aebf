#include "shell.h"

// libedit's readline emulation; it must come after <cstdio>, which it uses without including.
#include <editline/readline.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/introspection.h"
#include "table_printer.h"

namespace komodo::cli {
namespace {

// Tables have no owner role in an embedded database; \dt shows this fixed bootstrap owner, the
// way a fresh PostgreSQL cluster shows "postgres".
constexpr const char* kOwner = "komodo";

constexpr const char* kHelp =
    "General\n"
    "  \\q                      quit komodo sql\n"
    "  \\?                      show this help\n"
    "  \\timing [on|off]        toggle timing of statements (currently %s)\n"
    "\n"
    "Query Buffer\n"
    "  \\r                      reset (clear) the query buffer\n"
    "\n"
    "Informational\n"
    "  \\d                      list tables (same as \\dt)\n"
    "  \\d NAME                 describe table NAME: columns and indexes\n"
    "  \\dt [NAME]              list tables\n"
    "\n"
    "SQL statements end with a semicolon and may span several lines.\n";

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// psql's reportErrorPosition(): the line of `query` holding the 1-based character `position`,
// cut to about 60 screen columns around it, and a caret under that character.
std::string ErrorPositionLines(std::string_view query, int position) {
  constexpr int kDisplaySize = 60;
  constexpr int kMinRightCut = 10;
  int loc = position - 1;
  std::vector<size_t> qidx;  // byte offset of each character
  std::vector<int> scridx;   // screen column of each character
  int screen = 0, loc_line = 1, ibeg = 0, iend = -1, cno = 0;
  size_t offset = 0;
  for (; offset < query.size(); ++cno) {
    char ch = query[offset];
    size_t len = std::min(Utf8Length(static_cast<unsigned char>(ch)), query.size() - offset);
    qidx.push_back(offset);
    scridx.push_back(screen);
    if (ch == '\r' || ch == '\n') {
      if (cno < loc) {
        if (ch == '\r' || cno == 0 || query[qidx[cno - 1]] != '\r') ++loc_line;
        ibeg = cno + 1;
      } else {
        iend = cno;
        break;
      }
    }
    screen += ch == '\t' ? 1 : std::max(1, DisplayWidth(query.substr(offset, len)));
    offset += len;
  }
  if (iend < 0) {
    iend = cno;
    qidx.push_back(offset);
    scridx.push_back(screen);
  }
  if (loc < 0 || loc > cno) return "";

  bool beg_trunc = false, end_trunc = false;
  if (scridx[iend] - scridx[ibeg] > kDisplaySize) {
    if (scridx[ibeg] + kDisplaySize >= scridx[loc] + kMinRightCut) {
      while (scridx[iend] - scridx[ibeg] > kDisplaySize) --iend;
      end_trunc = true;
    } else {
      while (scridx[loc] + kMinRightCut < scridx[iend]) {
        --iend;
        end_trunc = true;
      }
      while (scridx[iend] - scridx[ibeg] > kDisplaySize) {
        ++ibeg;
        beg_trunc = true;
      }
    }
  }
  std::string prefix = "LINE " + std::to_string(loc_line) + ": " + (beg_trunc ? "..." : "");
  std::string line(query.substr(qidx[ibeg], qidx[iend] - qidx[ibeg]));
  std::replace(line.begin(), line.end(), '\t', ' ');
  int caret = static_cast<int>(prefix.size()) + scridx[loc] - scridx[ibeg];
  return prefix + line + (end_trunc ? "..." : "") + "\n" + std::string(caret, ' ') + "^\n";
}

// psql's PrintTiming(): milliseconds, plus a clock reading from one second on.
std::string FormatTiming(double ms) {
  char buf[128];
  if (ms < 1000.0) {
    std::snprintf(buf, sizeof(buf), "Time: %.3f ms\n", ms);
    return buf;
  }
  double seconds = ms / 1000.0;
  double minutes = std::floor(seconds / 60.0);
  seconds -= 60.0 * minutes;
  if (minutes < 60.0) {
    std::snprintf(buf, sizeof(buf), "Time: %.3f ms (%02d:%06.3f)\n", ms, static_cast<int>(minutes),
                  seconds);
    return buf;
  }
  double hours = std::floor(minutes / 60.0);
  minutes -= 60.0 * hours;
  std::snprintf(buf, sizeof(buf), "Time: %.3f ms (%02d:%02d:%06.3f)\n", ms, static_cast<int>(hours),
                static_cast<int>(minutes), seconds);
  return buf;
}

// The words of a meta-command line; a double-quoted word keeps its quotes.
std::vector<std::string> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i == line.size()) break;
    std::string word;
    bool quoted = false;
    for (; i < line.size() && (quoted || !std::isspace(static_cast<unsigned char>(line[i]))); ++i) {
      if (line[i] == '"') quoted = !quoted;
      word += line[i];
    }
    words.push_back(std::move(word));
  }
  return words;
}

// A relation name as typed after \d: unquoted parts fold to lower case, "quoted" parts keep
// their case, a "public." schema is dropped. Returns "" for another schema (nothing there).
std::string NormalizeName(std::string_view typed) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < typed.size(); ++i) {
    char c = typed[i];
    if (c == '"') {
      if (quoted && i + 1 < typed.size() && typed[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (parts.size() == 1) return parts[0];
  return parts.size() == 2 && parts[0] == "public" ? parts[1] : "";
}

// An identifier as pg_get_indexdef() writes it: quoted unless it is plain lower case.
std::string QuoteIdent(const std::string& name) {
  bool plain =
      !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    plain = plain && (std::islower(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)) || c == '_');
  }
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    const passwd* pw = getpwuid(geteuid());
    home = pw != nullptr ? pw->pw_dir : nullptr;
  }
  return home != nullptr ? std::string(home) + "/.komodo_history" : std::string();
}

}  // namespace

Shell::Outcome Shell::RunCommand(std::string_view text) {
  script_name_.clear();
  stop_on_error_ = true;
  line_number_ = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number_;
    if (Outcome o = ProcessLine(line); o != Outcome::kOk) return o;
  }
  return FinishInput();
}

Shell::Outcome Shell::RunScript(std::FILE* in, const std::string& name) {
  script_name_ = name;
  stop_on_error_ = true;
  line_number_ = 0;
  char* data = nullptr;
  size_t capacity = 0;
  Outcome outcome = Outcome::kOk;
  for (ssize_t n; outcome == Outcome::kOk && (n = getline(&data, &capacity, in)) >= 0;) {
    std::string_view line(data, n);
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    ++line_number_;
    outcome = ProcessLine(line);
  }
  std::free(data);
  if (outcome == Outcome::kOk) outcome = FinishInput();
  splitter_.Reset();
  return outcome;
}

void Shell::RunInteractive() {
  script_name_.clear();
  stop_on_error_ = false;
  std::string history = HistoryPath();
  using_history();
  stifle_history(500);
  if (!history.empty()) read_history(history.c_str());  // a missing file is fine
  std::fprintf(options_.out, "komodo (KomodoDB) %s\nType \\? for help.\n\n",
               options_.version.c_str());
  while (true) {
    std::string prompt = std::string("komodo") + splitter_.prompt_state() +
                         (conn_.in_transaction() ? "*" : "") + "> ";
    std::fflush(options_.out);
    char* input = readline(prompt.c_str());
    if (input == nullptr) {
      std::fputs("\\q\n", options_.out);
      break;
    }
    std::string line(input);
    std::free(input);
    if (line.find_first_not_of(" \t\r") != std::string::npos) add_history(line.c_str());
    if (ProcessLine(line) == Outcome::kQuit) break;
  }
  std::fflush(options_.out);
  if (!history.empty()) write_history(history.c_str());  // best effort, like psql
  splitter_.Reset();
}

Shell::Outcome Shell::ProcessLine(std::string_view line) {
  if (splitter_.at_top_level()) {
    size_t first = line.find_first_not_of(" \t\r\f\v");
    if (first != std::string_view::npos && line[first] == '\\') {
      return RunMetaCommand(line.substr(first));
    }
  }
  std::vector<std::string> statements;
  std::string text(line);
  text += '\n';
  splitter_.Feed(text, statements);
  Outcome outcome = Outcome::kOk;
  for (const auto& sql : statements) {
    if (ExecuteStatement(sql) == Outcome::kError) {
      outcome = Outcome::kError;
      if (stop_on_error_) break;
    }
  }
  return outcome;
}

Shell::Outcome Shell::FinishInput() {
  std::string last = splitter_.Flush();
  return last.empty() ? Outcome::kOk : ExecuteStatement(last);
}

Shell::Outcome Shell::ExecuteStatement(const std::string& sql) {
  auto start = std::chrono::steady_clock::now();
  Result<QueryResult> result = conn_.Execute(sql);
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  Outcome outcome = Outcome::kOk;
  PrintNotices();  // psql shows them as they arrive: before the statement's result or error
  if (!result.ok()) {
    PrintError(result.status(), sql);
    outcome = Outcome::kError;
  } else if (result->num_columns() > 0 || result->command_tag().starts_with("SELECT")) {
    std::fputs(FormatAligned(TableFromResult(*result)).c_str(), options_.out);
    // INSERT ... RETURNING and the like: psql shows the tag after the rows.
    const std::string& tag = result->command_tag();
    if (!tag.empty() && !tag.starts_with("SELECT")) {
      std::fprintf(options_.out, "%s\n", tag.c_str());
    }
  } else if (!result->command_tag().empty()) {
    std::fprintf(options_.out, "%s\n", result->command_tag().c_str());
  }
  if (timing_) std::fputs(FormatTiming(elapsed.count()).c_str(), options_.out);
  std::fflush(options_.out);
  return outcome;
}

Shell::Outcome Shell::RunMetaCommand(std::string_view line) {
  std::vector<std::string> words = SplitWords(line.substr(1));
  std::string command = words.empty() ? "" : words[0];
  std::string arg = words.size() > 1 ? words[1] : "";
  if (command == "q" || command == "quit") return Outcome::kQuit;
  if (command == "?") {
    PrintHelp();
    return Outcome::kOk;
  }
  if (command == "timing") {
    if (arg == "on" || arg == "off") {
      timing_ = arg == "on";
    } else if (arg.empty()) {
      timing_ = !timing_;
    } else {
      LogError("unrecognized value \"" + arg + "\" for \"\\timing\": Boolean expected\n");
      return Outcome::kError;
    }
    std::fputs(timing_ ? "Timing is on.\n" : "Timing is off.\n", options_.out);
    return Outcome::kOk;
  }
  if (command == "r") {
    splitter_.Reset();
    std::fputs("Query buffer reset (cleared).\n", options_.out);
    return Outcome::kOk;
  }
  if (command == "d" && !arg.empty()) return DescribeRelation(arg);
  if (command == "d" || command == "dt") return ListRelations(arg);
  LogError("invalid command \\" + command + "\nTry \\? for help.\n");
  return Outcome::kError;
}

Shell::Outcome Shell::ListRelations(const std::string& typed_name) {
  Result<std::vector<api::TableDescription>> tables = api::ListTables(conn_);
  if (!tables.ok()) {
    PrintError(tables.status(), "");
    return Outcome::kError;
  }
  std::string name = NormalizeName(typed_name);
  TextTable table;
  table.title = "List of relations";
  table.headers = {"Schema", "Name", "Type", "Owner"};
  for (const auto& t : *tables) {
    if (typed_name.empty() || t.name == name) {
      table.rows.push_back({t.schema, t.name, "table", kOwner});
    }
  }
  if (table.rows.empty()) {
    // psql reports this on stderr but does not count it as a failure.
    LogError(typed_name.empty() ? std::string("Did not find any relations.\n")
                                : "Did not find any relation named \"" + typed_name + "\".\n");
    return Outcome::kOk;
  }
  size_t n = table.rows.size();
  table.footers.push_back(n == 1 ? "(1 row)" : "(" + std::to_string(n) + " rows)");
  std::fputs(FormatAligned(table).c_str(), options_.out);
  std::fflush(options_.out);
  return Outcome::kOk;
}

Shell::Outcome Shell::DescribeRelation(const std::string& typed_name) {
  Result<api::TableDescription> desc = api::DescribeTable(conn_, NormalizeName(typed_name));
  if (!desc.ok()) {
    if (desc.status().sqlstate() == "42P01") {
      LogError("Did not find any relation named \"" + typed_name + "\".\n");
    } else {
      PrintError(desc.status(), "");
    }
    return Outcome::kError;
  }
  TextTable table;
  table.title = "Table \"" + desc->schema + "." + desc->name + "\"";
  table.headers = {"Column", "Type", "Collation", "Nullable", "Default"};
  for (const auto& c : desc->columns) {
    table.rows.push_back({c.name, c.type, "", c.not_null ? "not null" : "", c.default_expr});
  }
  // psql lists the primary key first, then the other indexes by name.
  std::vector<api::IndexDescription> indexes = desc->indexes;
  std::stable_sort(indexes.begin(), indexes.end(), [](const auto& a, const auto& b) {
    return a.primary != b.primary ? a.primary : a.name < b.name;
  });
  if (!indexes.empty()) table.footers.push_back("Indexes:");
  for (const auto& index : indexes) {
    std::string columns;
    for (const auto& column : index.columns) {
      columns += (columns.empty() ? "" : ", ") + QuoteIdent(column);
    }
    std::string kind = index.primary ? "PRIMARY KEY, " : index.unique ? "UNIQUE, " : "";
    table.footers.push_back("    \"" + index.name + "\" " + kind + "btree (" + columns + ")");
  }
  std::fputs(FormatAligned(table).c_str(), options_.out);
  std::fflush(options_.out);
  return Outcome::kOk;
}

void Shell::PrintHelp() {
  std::fprintf(options_.out, kHelp, timing_ ? "on" : "off");
  std::fflush(options_.out);
}

std::string Shell::ScriptPrefix() const {
  if (script_name_.empty()) return "";
  return "komodo:" + script_name_ + ":" + std::to_string(line_number_) + ": ";
}

void Shell::PrintError(const Status& status, std::string_view sql) {
  std::string text = ScriptPrefix() + "ERROR:  " + status.message() + "\n";
  if (status.position() > 0 && !sql.empty()) text += ErrorPositionLines(sql, status.position());
  if (!status.detail().empty()) text += "DETAIL:  " + status.detail() + "\n";
  if (!status.hint().empty()) text += "HINT:  " + status.hint() + "\n";
  PrintToErr(text);
}

void Shell::PrintNotices() {
  for (const Notice& n : conn_.TakeNotices()) {
    std::string text = ScriptPrefix() + n.severity + ":  " + n.message + "\n";
    if (!n.detail.empty()) text += "DETAIL:  " + n.detail + "\n";
    if (!n.hint.empty()) text += "HINT:  " + n.hint + "\n";
    PrintToErr(text);
  }
}

void Shell::LogError(const std::string& text) {
  PrintToErr(script_name_.empty() ? text : ScriptPrefix() + "error: " + text);
}

void Shell::PrintToErr(const std::string& text) {
  std::fflush(options_.out);
  std::fputs(text.c_str(), options_.err);
  std::fflush(options_.err);
}

}  // namespace komodo::cli
