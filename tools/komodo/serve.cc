// `komodo serve`: option parsing, signal handling and the shutdown sequence around
// server::Server.
#include "serve.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "komodo/database.h"
#include "server/server.h"
#include "server/session_settings.h"

namespace komodo::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
// How long a stop waits for sessions that are running a statement.
constexpr auto kShutdownTimeout = std::chrono::seconds(30);

constexpr const char* kServeUsage =
    "komodo serve runs the PostgreSQL wire-protocol server (psql, libpq, JDBC, psycopg2, ...).\n"
    "\n"
    "Usage:\n"
    "  komodo serve [OPTION]...\n"
    "\n"
    "Options:\n"
    "  --config FILE              read settings from FILE (key = value lines, # comments);\n"
    "                             options given here override it\n"
    "  --data DIR                 database folder (default ./komodo-data; created when missing)\n"
    "  --host HOST                address to listen on (default 127.0.0.1)\n"
    "  --port PORT                TCP port (default 5432; 0 picks a free one)\n"
    "  --max-connections N        sessions at once (default 100)\n"
    "  --max-message-size BYTES   largest client message (default 67108864)\n"
    "  --cache-size SIZE          memory for cached data blocks, like PostgreSQL's\n"
    "                             shared_buffers (default 128MB; kB, MB, GB; at least 1MB)\n"
    "  --auth-method METHOD       trust (default: any user, no password) or scram-sha-256\n"
    "  --trust-loopback BOOL      with scram-sha-256, trust clients on 127.0.0.1/::1 (default "
    "off)\n"
    "  --ssl BOOL                 offer TLS (default off); needs the two files below\n"
    "  --ssl-cert-file FILE       PEM certificate (chain) of the server\n"
    "  --ssl-key-file FILE        PEM private key of the server\n"
    "  --ssl-require-remote BOOL  refuse clients not on a loopback address unless they use TLS\n"
    "  -h, --help                 show this help, then exit\n"
    "\n"
    "In the configuration file the keys are the option names without \"--\" and with \"_\" for\n"
    "\"-\" (listen_addresses and data_directory are accepted too); booleans are on/off,\n"
    "true/false, yes/no or 1/0; values may be single-quoted. Relative paths are relative to the\n"
    "current directory. SIGTERM or SIGINT stops the server: it stops accepting, ends idle\n"
    "sessions, waits up to 30 s for running statements, closes the database and exits with 0.\n";

int UsageError(const std::string& message) {
  std::fprintf(stderr, "komodo serve: %s\nTry \"komodo serve --help\" for more information.\n",
               message.c_str());
  return kExitUsage;
}

bool ParseNumber(std::string_view text, long long min, long long max, long long* out) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseBool(std::string_view text, bool* out) {
  std::string v;
  for (char c : text) v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (v == "on" || v == "true" || v == "yes" || v == "1") {
    *out = true;
  } else if (v == "off" || v == "false" || v == "no" || v == "0") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

struct Settings {
  std::string dir = "./komodo-data";
  server::ServerOptions options;
  Options database;
};

enum class SettingError { kNone, kUnknown, kBadValue };

// Applies one setting by its configuration-file key; the command line uses the same keys.
SettingError ApplySetting(std::string key, std::string_view value, Settings* s, std::string* hint) {
  if (key == "listen_addresses") key = "host";
  if (key == "data_directory") key = "data";
  server::ServerOptions& o = s->options;
  long long n = 0;
  auto boolean = [&](bool* field) {
    return ParseBool(value, field) ? SettingError::kNone : SettingError::kBadValue;
  };
  if (key == "data") {
    if (value.empty()) return SettingError::kBadValue;
    s->dir = value;
  } else if (key == "host") {
    o.host = value;
  } else if (key == "port") {
    if (!ParseNumber(value, 0, 65535, &n)) return SettingError::kBadValue;
    o.port = static_cast<int>(n);
  } else if (key == "max_connections") {
    if (!ParseNumber(value, 1, 100000, &n)) return SettingError::kBadValue;
    o.max_connections = static_cast<int>(n);
  } else if (key == "max_message_size") {
    *hint = " (1024 to 1073741824)";
    if (!ParseNumber(value, 1024, 1LL << 30, &n)) return SettingError::kBadValue;
    o.max_message_bytes = static_cast<size_t>(n);
  } else if (key == "cache_size") {
    *hint = " (1MB or more, as 128MB or 1GB)";
    std::optional<int64_t> kb = server::MemoryKilobytes(value);
    if (!kb || *kb < 1024 || *kb > (int64_t{1} << 40)) return SettingError::kBadValue;
    s->database.cache_bytes = static_cast<size_t>(*kb) * 1024;
  } else if (key == "auth_method") {
    *hint = " (trust or scram-sha-256)";
    if (value == "trust") {
      o.auth_method = server::AuthMethod::kTrust;
    } else if (value == "scram-sha-256") {
      o.auth_method = server::AuthMethod::kScramSha256;
    } else {
      return SettingError::kBadValue;
    }
  } else if (key == "trust_loopback") {
    return boolean(&o.trust_loopback);
  } else if (key == "ssl") {
    return boolean(&o.ssl);
  } else if (key == "ssl_require_remote") {
    return boolean(&o.ssl_require_remote);
  } else if (key == "ssl_cert_file") {
    o.ssl_cert_file = value;
  } else if (key == "ssl_key_file") {
    o.ssl_key_file = value;
  } else {
    return SettingError::kUnknown;
  }
  return SettingError::kNone;
}

// Reads a postgresql.conf-style file: "key = value" (the "=" may be left out), "#" starts a
// comment, a value may be single-quoted ('' is a quote inside). Returns an error message, or ""
// when every line applied.
std::string ReadConfigFile(const std::string& path, Settings* s) {
  std::ifstream in(path);
  if (!in) {
    return "could not open configuration file \"" + path + "\": " + std::strerror(errno);
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    number++;
    std::string where = path + ":" + std::to_string(number) + ": ";
    size_t i = 0;
    auto skip_blanks = [&] {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) i++;
    };
    skip_blanks();
    if (i == line.size() || line[i] == '#') continue;
    size_t key_start = i;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) ||
                               line[i] == '_' || line[i] == '-' || line[i] == '.')) {
      i++;
    }
    std::string key = line.substr(key_start, i - key_start);
    skip_blanks();
    if (i < line.size() && line[i] == '=') i++;
    skip_blanks();
    std::string value;
    bool quoted = i < line.size() && line[i] == '\'';
    if (quoted) {
      i++;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\'') {
          if (i + 1 < line.size() && line[i + 1] == '\'') {
            value.push_back('\'');
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        value.push_back(line[i++]);
      }
      if (!closed) return where + "unterminated quoted string";
    } else {
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) &&
             line[i] != '#') {
        value.push_back(line[i++]);
      }
    }
    skip_blanks();
    if (key.empty() || (!quoted && value.empty()) || (i < line.size() && line[i] != '#')) {
      return where + "syntax error in \"" + line + "\" (expected key = value)";
    }
    std::string hint;
    switch (ApplySetting(key, value, s, &hint)) {
      case SettingError::kNone:
        break;
      case SettingError::kUnknown:
        return where + "unrecognized configuration parameter \"" + key + "\"";
      case SettingError::kBadValue:
        return where + "invalid value for parameter \"" + key + "\": \"" + value + "\"" + hint;
    }
  }
  return "";
}

}  // namespace

int RunServe(int argc, char** argv, const char* version) {
  Settings settings;
  settings.options.version = version;
  // The flags, in order; the configuration file comes first and they override it.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kServeUsage, stdout);
      return kExitOk;
    }
    if (!arg.starts_with("--") || arg.size() == 2) {
      return UsageError("unrecognized option \"" + std::string(arg) + "\"");
    }
    std::string_view name = arg;
    std::string_view value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    std::string key(name.substr(2));
    std::replace(key.begin(), key.end(), '-', '_');
    Settings probe;
    std::string unused;
    bool known =
        key == "config" || (key != "listen_addresses" && key != "data_directory" &&
                            ApplySetting(key, "", &probe, &unused) != SettingError::kUnknown);
    if (!known || name.find('_') != std::string_view::npos) {
      return UsageError("unrecognized option \"" + std::string(arg) + "\"");
    }
    if (!has_value) {
      if (i + 1 >= argc)
        return UsageError("option \"" + std::string(arg) + "\" requires an argument");
      value = argv[++i];
    }
    if (key == "config") {
      config = value;
    } else {
      flags.emplace_back(key, value);
    }
  }
  if (!config.empty()) {
    std::string error = ReadConfigFile(config, &settings);
    if (!error.empty()) {
      std::fprintf(stderr, "komodo serve: %s\n", error.c_str());
      return kExitUsage;
    }
  }
  for (const auto& [key, value] : flags) {
    std::string hint;
    if (ApplySetting(key, value, &settings, &hint) != SettingError::kNone) {
      std::string flag = "--" + key;
      std::replace(flag.begin() + 2, flag.end(), '_', '-');
      return UsageError("invalid " + flag + " \"" + value + "\"" + hint);
    }
  }
  const std::string& dir = settings.dir;
  const server::ServerOptions& options = settings.options;

  // SIGTERM and SIGINT are taken by one thread with sigwait; every other thread blocks them. This
  // comes before Database::Open, whose background threads inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    std::fprintf(stderr, "komodo: could not open database \"%s\": not a directory\n", dir.c_str());
    return kExitUsage;
  }
  Result<std::unique_ptr<Database>> db = Database::Open(dir, settings.database);
  if (!db.ok()) {
    std::fprintf(stderr, "komodo: could not open database \"%s\": %s\n", dir.c_str(),
                 db.status().message().c_str());
    return kExitUsage;
  }

  {
    server::Server server(**db, options);
    if (Status s = server.Listen(); !s.ok()) {
      std::fprintf(stderr, "komodo: %s\n", s.message().c_str());
      return kExitUsage;
    }
    server::LogLine("KomodoDB " + std::string(version) + " serving database \"" + dir + "\"");
    std::thread([&server, stop_signals] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      server::LogLine(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                      ", shutting down");
      server.RequestStop();
    }).detach();
    server.Run();
    if (!server.WaitForSessions(kShutdownTimeout)) {
      // A statement still runs: every acknowledged commit is on disk already (the WAL is synced
      // before a commit is acknowledged), so leave without closing the database under it.
      server::LogLine("sessions still running after 30 s; exiting without waiting for them");
      std::fflush(stderr);
      _exit(kExitOk);
    }
  }
  db->reset();
  server::LogLine("database closed; bye");
  return kExitOk;
}

}  // namespace komodo::cli
