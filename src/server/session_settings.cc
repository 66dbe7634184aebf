// SET / SHOW / RESET over a small table of known settings, with a tokenizer just large enough
// for their grammar: identifiers, 'strings', numbers, commas, '=' and ';'.
#include "server/session_settings.h"

#include <algorithm>
#include <cctype>

namespace komodo::server {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Token {
  enum class Kind { kWord, kString, kSymbol } kind;
  std::string text;  // words lower-cased unless quoted; strings unescaped
};

// nullopt when the text holds something outside the small grammar (then it is not ours).
std::optional<std::vector<Token>> Tokenize(std::string_view sql) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      i++;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') i++;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 2;
    } else if (c == '\'') {
      std::string s;
      i++;
      while (true) {
        if (i >= sql.size()) return std::nullopt;
        if (sql[i] == '\'') {
          if (i + 1 < sql.size() && sql[i + 1] == '\'') {
            s.push_back('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s.push_back(sql[i++]);
      }
      out.push_back({Token::Kind::kString, std::move(s)});
    } else if (c == '"') {
      size_t end = sql.find('"', i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      out.push_back({Token::Kind::kWord, std::string(sql.substr(i + 1, end - i - 1))});
      i = end + 1;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
               c == '+' || c == '$') {
      size_t start = i;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                sql[i] == '.' || sql[i] == '-' || sql[i] == '+' || sql[i] == '$')) {
        i++;
      }
      out.push_back({Token::Kind::kWord, Lower(sql.substr(start, i - start))});
    } else if (c == ',' || c == '=' || c == ';') {
      out.push_back({Token::Kind::kSymbol, std::string(1, c)});
      i++;
    } else {
      return std::nullopt;
    }
  }
  // Trailing semicolons end the statement; one in the middle means several statements.
  while (!out.empty() && out.back().kind == Token::Kind::kSymbol && out.back().text == ";") {
    out.pop_back();
  }
  for (const Token& t : out) {
    if (t.kind == Token::Kind::kSymbol && t.text == ";") return std::nullopt;
  }
  return out;
}

bool IsWord(const Token& t, std::string_view w) {
  return t.kind == Token::Kind::kWord && t.text == w;
}

Status Unknown(std::string_view name) {
  return Status::UndefinedObject("unrecognized configuration parameter \"" + std::string(name) +
                                 "\"");
}

Status BadValue(std::string_view name, std::string_view value) {
  return Status::InvalidParameter("invalid value for parameter \"" + std::string(name) + "\": \"" +
                                  std::string(value) + "\"");
}

// PostgreSQL's SHOW form of a duration in milliseconds: "5s", "100ms", "2min", "1h".
std::string FormatMillis(int64_t ms) {
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace

std::optional<int64_t> TimeoutMillis(std::string_view text) {
  std::string v = Lower(text);
  size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) i++;
  if (i == 0 || i > 12) return std::nullopt;
  int64_t n = std::stoll(v.substr(0, i));
  std::string unit = v.substr(i);
  while (!unit.empty() && unit[0] == ' ') unit.erase(0, 1);
  if (unit.empty() || unit == "ms") return n;
  if (unit == "s") return n * 1000;
  if (unit == "min") return n * 60000;
  if (unit == "h") return n * 3600000;
  if (unit == "d") return n * 86400000;
  return std::nullopt;
}

std::optional<int64_t> MemoryKilobytes(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') i++;
  size_t digits = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) i++;
  if (i == digits || i - digits > 15) return std::nullopt;
  int64_t n = std::stoll(std::string(text.substr(digits, i - digits)));
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  while (!unit.empty() && unit.back() == ' ') unit.remove_suffix(1);
  if (unit.empty() || unit == "kB") return n;
  if (unit == "B") return (n + 1023) / 1024;
  if (unit == "MB") return n * 1024;
  if (unit == "GB") return n * 1024 * 1024;
  if (unit == "TB") return n * 1024 * 1024 * 1024;
  return std::nullopt;
}

namespace {
// PostgreSQL's SHOW form of kilobytes: the largest unit that divides it ("64kB", "4MB").
std::string FormatKilobytes(int64_t kb) {
  const char* units[] = {"kB", "MB", "GB", "TB"};
  int u = 0;
  while (u < 3 && kb != 0 && kb % 1024 == 0) {
    kb /= 1024;
    u++;
  }
  return std::to_string(kb) + units[u];
}
}  // namespace

SessionSettings::SessionSettings() {
  // name, default, reported. server_version is what psql and drivers parse to pick features.
  const struct {
    const char* name;
    const char* value;
    bool reported;
  } kDefaults[] = {
      {"application_name", "", true},
      {"client_encoding", "UTF8", true},
      {"DateStyle", "ISO, MDY", true},
      {"default_transaction_isolation", "read committed", false},
      {"default_transaction_read_only", "off", false},
      {"extra_float_digits", "1", false},
      {"idle_in_transaction_session_timeout", "0", false},
      {"integer_datetimes", "on", true},
      {"IntervalStyle", "postgres", true},
      {"is_superuser", "on", true},
      {"lock_timeout", "0", false},
      {"max_identifier_length", "63", false},
      {"search_path", "\"$user\", public", false},
      {"server_encoding", "UTF8", true},
      {"server_version", "15.0", true},
      {"server_version_num", "150000", false},
      {"session_authorization", "komodo", true},
      {"standard_conforming_strings", "on", true},
      {"statement_timeout", "0", false},
      {"TimeZone", "UTC", true},
      {"transaction_isolation", "read committed", false},
      {"client_min_messages", "notice", false},
      {"bytea_output", "hex", false},
      {"work_mem", "4MB", false},
  };
  for (const auto& d : kDefaults) {
    settings_[Lower(d.name)] = Setting{d.name, d.value, d.value, d.reported};
  }
}

SessionSettings::Setting* SessionSettings::Find(std::string_view name) {
  auto it = settings_.find(Lower(name));
  return it == settings_.end() ? nullptr : &it->second;
}

std::string SessionSettings::Get(const std::string& name) const {
  auto it = settings_.find(Lower(name));
  return it == settings_.end() ? std::string() : it->second.value;
}

// Checks that KomodoDB can honour `value` and stores it in canonical spelling.
Status SessionSettings::Set(Setting& s, std::string value) {
  std::string key = Lower(s.name);
  std::string v = Lower(value);
  if (key == "client_encoding") {
    if (v != "utf8" && v != "utf-8" && v != "unicode") return BadValue(s.name, value);
    value = "UTF8";
  } else if (key == "datestyle") {
    // "ISO", "ISO, MDY", "MDY, ISO", "iso,mdy"...: ISO output and MDY input are all we have.
    for (char& c : v) {
      if (c == ',') c = ' ';
    }
    bool ok = true;
    size_t pos = 0;
    while (pos < v.size()) {
      size_t end = v.find(' ', pos);
      std::string word = v.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      if (!word.empty() && word != "iso" && word != "mdy" && word != "us") ok = false;
      if (end == std::string::npos) break;
      pos = end + 1;
    }
    if (!ok) return BadValue(s.name, value);
    value = "ISO, MDY";
  } else if (key == "timezone") {
    if (v != "utc" && v != "gmt" && v != "etc/utc" && v != "z" && v != "zulu" && v != "0" &&
        v != "+00" && v != "+00:00" && v != "uct") {
      return BadValue(s.name, value);
    }
    value = "UTC";
  } else if (key == "statement_timeout") {
    std::optional<int64_t> ms = TimeoutMillis(value);
    if (!ms) return BadValue(s.name, value);
    value = std::to_string(*ms) == "0" ? "0" : FormatMillis(*ms);
  } else if (key == "work_mem") {
    std::optional<int64_t> kb = MemoryKilobytes(value);
    if (!kb) {
      return BadValue(s.name, value)
          .WithHint(
              "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and "
              "\"TB\".");
    }
    if (*kb < 64 || *kb > 2147483647) {
      return Status::InvalidParameter(std::to_string(*kb) + " kB is outside the valid range for " +
                                      "parameter \"work_mem\" (64 .. 2147483647)");
    }
    value = FormatKilobytes(*kb);
  } else if (key == "client_min_messages") {
    // PostgreSQL's message levels; "debug" is debug2, "info" is kept (it always reaches clients).
    static const char* const kLevels[] = {"debug5", "debug4", "debug3", "debug2",  "debug1",
                                          "log",    "info",   "notice", "warning", "error"};
    if (v == "debug") v = "debug2";
    if (std::find(std::begin(kLevels), std::end(kLevels), v) == std::end(kLevels)) {
      return BadValue(s.name, value)
          .WithHint(
              "Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, "
              "error.");
    }
    value = v;
  } else if (key == "standard_conforming_strings") {
    if (v != "on" && v != "true" && v != "1") return BadValue(s.name, value);
    value = "on";
  } else if (key == "integer_datetimes" || key == "server_version" || key == "server_version_num" ||
             key == "server_encoding" || key == "max_identifier_length" || key == "is_superuser") {
    return Status("55P02", "parameter \"" + s.name + "\" cannot be changed");
  } else if (key == "default_transaction_isolation" || key == "transaction_isolation") {
    // READ COMMITTED is the one isolation level; PostgreSQL runs READ UNCOMMITTED as it too.
    if (v != "read committed" && v != "read uncommitted") {
      return Status::FeatureNotSupported("isolation level \"" + value + "\" is not supported");
    }
    value = "read committed";
  }
  s.value = std::move(value);
  return Status::OK();
}

void SessionSettings::ApplyStartup(
    const std::vector<std::pair<std::string, std::string>>& parameters) {
  for (const auto& [name, value] : parameters) {
    if (name == "user") {
      settings_["session_authorization"].value = value;
      continue;
    }
    Setting* s = Find(name);
    if (s == nullptr) continue;
    Setting copy = *s;
    if (!Set(copy, value).ok()) continue;
    copy.reset_value = copy.value;  // RESET goes back to the client's value, as in PostgreSQL
    *s = copy;
  }
}

std::vector<std::pair<std::string, std::string>> SessionSettings::Reported() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, s] : settings_) {
    if (s.reported) out.emplace_back(s.name, s.value);
  }
  return out;
}

bool SessionSettings::Handles(std::string_view sql) {
  std::optional<std::vector<Token>> tokens = Tokenize(sql);
  if (!tokens || tokens->empty()) return false;
  const std::vector<Token>& t = *tokens;
  if (IsWord(t[0], "show") || IsWord(t[0], "reset")) return true;
  if (!IsWord(t[0], "set")) return false;
  // SET TRANSACTION, SET SESSION AUTHORIZATION / CHARACTERISTICS: statements of the engine.
  size_t i = 1;
  if (i < t.size() && (IsWord(t[i], "session") || IsWord(t[i], "local"))) {
    if (i + 1 < t.size() &&
        (IsWord(t[i + 1], "authorization") || IsWord(t[i + 1], "characteristics"))) {
      return false;
    }
    i++;
  }
  return !(i < t.size() && IsWord(t[i], "transaction"));
}

std::optional<Result<SessionSettings::Outcome>> SessionSettings::Handle(std::string_view sql) {
  if (!Handles(sql)) return std::nullopt;
  std::optional<std::vector<Token>> tokens = Tokenize(sql);
  if (!tokens || tokens->empty()) return std::nullopt;
  std::vector<Token>& t = *tokens;
  Outcome out;
  auto syntax = [](std::string msg) -> Result<Outcome> {
    return Status::SyntaxError(std::move(msg));
  };

  if (IsWord(t[0], "show")) {
    if (t.size() == 3 && IsWord(t[1], "time") && IsWord(t[2], "zone")) {
      t.erase(t.begin() + 2);
      t[1].text = "timezone";
    }
    // PostgreSQL's grammar spells two settings as phrases (SQLAlchemy asks for the first).
    if (t.size() == 4 && IsWord(t[1], "transaction") && IsWord(t[2], "isolation") &&
        IsWord(t[3], "level")) {
      t.erase(t.begin() + 2, t.end());
      t[1].text = "transaction_isolation";
    } else if (t.size() == 3 && IsWord(t[1], "session") && IsWord(t[2], "authorization")) {
      t.erase(t.begin() + 2);
      t[1].text = "session_authorization";
    }
    if (t.size() != 2 || t[1].kind != Token::Kind::kWord) return syntax("syntax error in SHOW");
    if (t[1].text == "all") {
      std::vector<std::vector<Value>> rows;
      for (const auto& [key, s] : settings_) {
        rows.push_back({Value::Text(s.name), Value::Text(s.value), Value::Text("")});
      }
      out.result = QueryResult(
          "SHOW",
          {{"name", TypeId::kText}, {"setting", TypeId::kText}, {"description", TypeId::kText}},
          std::move(rows));
      return out;
    }
    Setting* s = Find(t[1].text);
    if (s == nullptr) return Result<Outcome>(Unknown(t[1].text));
    out.result = QueryResult("SHOW", {{Lower(s->name), TypeId::kText}}, {{Value::Text(s->value)}});
    return out;
  }

  auto changed = [&](const Setting& s, const std::string& before) {
    if (s.reported && s.value != before) out.changed.emplace_back(s.name, s.value);
  };

  if (IsWord(t[0], "reset")) {
    if (t.size() != 2 || t[1].kind != Token::Kind::kWord) return syntax("syntax error in RESET");
    if (t[1].text == "all") {
      for (auto& [key, s] : settings_) {
        std::string before = s.value;
        if (key != "session_authorization") s.value = s.reset_value;
        changed(s, before);
      }
    } else {
      Setting* s = Find(t[1].text);
      if (s == nullptr) return Result<Outcome>(Unknown(t[1].text));
      std::string before = s->value;
      s->value = s->reset_value;
      changed(*s, before);
    }
    out.result = QueryResult("RESET", {}, {});
    return out;
  }

  if (!IsWord(t[0], "set")) return std::nullopt;
  size_t i = 1;
  if (i < t.size() && (IsWord(t[i], "session") || IsWord(t[i], "local"))) {
    // SET SESSION AUTHORIZATION / CHARACTERISTICS are other statements: leave them to the engine.
    if (i + 1 < t.size() &&
        (IsWord(t[i + 1], "authorization") || IsWord(t[i + 1], "characteristics"))) {
      return std::nullopt;
    }
    i++;
  }
  if (i >= t.size() || t[i].kind != Token::Kind::kWord) return syntax("syntax error in SET");
  std::string name;
  if (IsWord(t[i], "time") && i + 1 < t.size() && IsWord(t[i + 1], "zone")) {
    name = "timezone";
    i += 2;
  } else if (IsWord(t[i], "names")) {
    name = "client_encoding";
    i++;
  } else if (IsWord(t[i], "transaction")) {
    return std::nullopt;  // SET TRANSACTION ...: the engine's
  } else {
    name = t[i].text;
    i++;
    if (i >= t.size() ||
        !(IsWord(t[i], "to") || (t[i].kind == Token::Kind::kSymbol && t[i].text == "="))) {
      return syntax("syntax error at or near \"" + (i < t.size() ? t[i].text : "end of input") +
                    "\"");
    }
    i++;
  }
  // The value: one item or a comma-separated list, or DEFAULT.
  std::string value;
  bool is_default = false;
  if (i >= t.size()) return syntax("syntax error at end of input");
  if (t.size() == i + 1 && IsWord(t[i], "default")) {
    is_default = true;
  } else {
    for (; i < t.size(); i++) {
      if (t[i].kind == Token::Kind::kSymbol) {
        if (t[i].text != ",") return syntax("syntax error at or near \"" + t[i].text + "\"");
        value += ", ";
        continue;
      }
      value += t[i].text;
    }
  }
  Setting* s = Find(name);
  if (s == nullptr) return Result<Outcome>(Unknown(name));
  std::string before = s->value;
  if (is_default) {
    s->value = s->reset_value;
  } else {
    Status st = Set(*s, value);
    if (!st.ok()) return Result<Outcome>(st);
  }
  changed(*s, before);
  out.result = QueryResult("SET", {}, {});
  return out;
}

}  // namespace komodo::server
