// `komodo serve`: option parsing, signal handling and the shutdown sequence around
// server::Server.
#include "serve.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include "komodo/database.h"
#include "server/server.h"

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
    "  --data DIR               database folder (default ./komodo-data; created when missing)\n"
    "  --host HOST              address to listen on (default 127.0.0.1)\n"
    "  --port PORT              TCP port (default 5432; 0 picks a free one)\n"
    "  --max-connections N      sessions at once (default 100)\n"
    "  --max-message-size BYTES largest client message (default 67108864)\n"
    "  -h, --help               show this help, then exit\n"
    "\n"
    "Authentication is trust for now: any user name is accepted. SIGTERM or SIGINT stops the\n"
    "server: it stops accepting, ends idle sessions, waits up to 30 s for running statements,\n"
    "closes the database and exits with status 0.\n";

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

}  // namespace

int RunServe(int argc, char** argv, const char* version) {
  std::string dir = "./komodo-data";
  server::ServerOptions options;
  options.version = version;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kServeUsage, stdout);
      return kExitOk;
    }
    std::string_view name = arg;
    std::string_view value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    if (name != "--data" && name != "--host" && name != "--port" && name != "--max-connections" &&
        name != "--max-message-size") {
      return UsageError("unrecognized option \"" + std::string(arg) + "\"");
    }
    if (!has_value) {
      if (i + 1 >= argc)
        return UsageError("option \"" + std::string(arg) + "\" requires an argument");
      value = argv[++i];
    }
    long long n = 0;
    if (name == "--data") {
      dir = value;
    } else if (name == "--host") {
      options.host = value;
    } else if (name == "--port") {
      if (!ParseNumber(value, 0, 65535, &n))
        return UsageError("invalid port \"" + std::string(value) + "\"");
      options.port = static_cast<int>(n);
    } else if (name == "--max-connections") {
      if (!ParseNumber(value, 1, 100000, &n)) {
        return UsageError("invalid --max-connections \"" + std::string(value) + "\"");
      }
      options.max_connections = static_cast<int>(n);
    } else {
      if (!ParseNumber(value, 1024, 1LL << 30, &n)) {
        return UsageError("invalid --max-message-size \"" + std::string(value) +
                          "\" (1024 to 1073741824)");
      }
      options.max_message_bytes = static_cast<size_t>(n);
    }
  }

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
  Result<std::unique_ptr<Database>> db = Database::Open(dir);
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
