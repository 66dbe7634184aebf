// Session settings of the wire server (PostgreSQL's GUCs, as far as clients need them): the
// ParameterStatus values reported at startup, and SET / SHOW / RESET for known settings.
//
// This is kept in the server, apart from the SQL engine, until the engine has settings of its
// own: only a statement that is one SET, SHOW or RESET (the message holds nothing else) is handled
// here. Values KomodoDB cannot honour (a client_encoding other than UTF8, a DateStyle other than
// ISO, MDY, a TimeZone other than UTC) are refused; the rest are stored and shown back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "komodo/database.h"

namespace komodo::server {

// statement_timeout's value in milliseconds ("100", "100ms", "5s", "2min", "1h", "1d"), or
// nullopt when it is not one.
std::optional<int64_t> TimeoutMillis(std::string_view text);
// A memory setting's value in kilobytes ("4096", "64kB", "4MB", "1GB"; units as PostgreSQL
// spells them), or nullopt when it is not one.
std::optional<int64_t> MemoryKilobytes(std::string_view text);

class SessionSettings {
 public:
  SessionSettings();

  // Applies the parameters of a startup packet. Unknown names and values that cannot be honoured
  // are ignored (the reported value stays), as clients cannot react to an error here.
  void ApplyStartup(const std::vector<std::pair<std::string, std::string>>& parameters);

  // The settings PostgreSQL reports with ParameterStatus, name and value, in a stable order.
  std::vector<std::pair<std::string, std::string>> Reported() const;

  struct Outcome {
    QueryResult result;  // the command tag ("SET", "SHOW", "RESET") and, for SHOW, the rows
    std::vector<std::pair<std::string, std::string>> changed;  // reported settings that changed
  };
  // Runs `sql` when it is a single SET, SHOW or RESET statement; nullopt when it is not one
  // (the engine runs it). Errors: 42704 unknown setting, 22023 a value that cannot be honoured,
  // 42601 malformed statement.
  std::optional<Result<Outcome>> Handle(std::string_view sql);
  // Whether Handle() takes `sql` (it returns a value rather than nullopt), without running it.
  static bool Handles(std::string_view sql);

  std::string Get(const std::string& name) const;

 private:
  struct Setting {
    std::string name;  // as PostgreSQL spells it in SHOW ALL and ParameterStatus
    std::string value;
    std::string reset_value;
    bool reported = false;  // sent as ParameterStatus at startup and on change
  };
  Setting* Find(std::string_view name);
  Status Set(Setting& s, std::string value);

  std::map<std::string, Setting> settings_;  // keyed by the lower-case name
};

}  // namespace komodo::server
