// The `komodo` binary: `komodo <subcommand> [options]`.
//
// Exit codes (as psql, except that a usage error is 2 rather than 1):
//   0  success
//   1  an SQL or meta-command error in -c, -f or piped stdin input (scripts stop at the first
//      error, like psql -v ON_ERROR_STOP=1), or an unreadable -f file
//   2  bad usage, or the database could not be opened
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "komodo/database.h"
#include "serve.h"
#include "shell.h"

#ifndef KOMODO_VERSION
#define KOMODO_VERSION "0.1.0"  // keep in step with project(VERSION) in CMakeLists.txt
#endif

namespace komodo::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "komodo is the KomodoDB command-line tool.\n"
    "\n"
    "Usage:\n"
    "  komodo <command> [OPTION]... [ARG]...\n"
    "\n"
    "Commands:\n"
    "  sql [DIR]      interactive SQL shell over the database in DIR (default ./komodo-data)\n"
    "  serve          PostgreSQL wire-protocol server (default 127.0.0.1:5432, ./komodo-data)\n"
    "\n"
    "General options:\n"
    "  --help         show this help, then exit\n"
    "  --version      output version information, then exit\n"
    "\n"
    "Run \"komodo sql --help\" or \"komodo serve --help\" for the options of each command.\n";

constexpr const char* kSqlUsage =
    "komodo sql runs SQL on a KomodoDB data folder, like psql.\n"
    "\n"
    "Usage:\n"
    "  komodo sql [OPTION]... [DIR]\n"
    "\n"
    "DIR is the database folder (default ./komodo-data); it is created when missing.\n"
    "\n"
    "Options:\n"
    "  -c, --command=COMMAND    run COMMAND (SQL or a meta-command) and exit; may be repeated\n"
    "  -f, --file=FILE          run the commands in FILE (\"-\" for stdin) and exit; may be\n"
    "                           repeated, and mixed with -c: they run in the order given\n"
    "  -h, --help               show this help, then exit\n"
    "\n"
    "With -c or -f, and when stdin is not a terminal, komodo sql stops at the first error and\n"
    "exits with status 1 (psql's -v ON_ERROR_STOP=1). Exit status 2: bad usage, or the\n"
    "database could not be opened. Type \\? in the shell for its meta-commands.\n";

struct Action {
  enum Kind { kCommand, kFile } kind;
  std::string text;  // the SQL of -c, the path of -f
};

struct SqlArgs {
  std::string dir = "./komodo-data";
  std::vector<Action> actions;
  bool help = false;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "komodo sql: %s\nTry \"komodo sql --help\" for more information.\n",
               message.c_str());
  return kExitUsage;
}

// Parses the arguments after "sql". Returns kExitOk, or the exit code after reporting an error.
int ParseSqlArgs(int argc, char** argv, SqlArgs& args) {
  bool have_dir = false;
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      if (have_dir) {
        return UsageError("too many arguments (first extra: \"" + std::string(arg) + "\")");
      }
      args.dir = arg;
      have_dir = true;
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      args.help = true;
      continue;
    }
    // -c SQL, -cSQL, --command SQL, --command=SQL (and the same for -f / --file).
    Action::Kind kind;
    std::string_view value;
    bool has_value = false;
    if (arg.starts_with("--command") || arg.starts_with("--file")) {
      kind = arg.starts_with("--command") ? Action::kCommand : Action::kFile;
      std::string_view name = kind == Action::kCommand ? "--command" : "--file";
      std::string_view rest = arg.substr(name.size());
      if (!rest.empty() && rest[0] != '=') {
        return UsageError("unrecognized option \"" + std::string(arg) + "\"");
      }
      if (!rest.empty()) {
        value = rest.substr(1);
        has_value = true;
      }
    } else if (arg[0] == '-' && (arg[1] == 'c' || arg[1] == 'f')) {
      kind = arg[1] == 'c' ? Action::kCommand : Action::kFile;
      if (arg.size() > 2) {
        value = arg.substr(2);
        has_value = true;
      }
    } else {
      return UsageError("unrecognized option \"" + std::string(arg) + "\"");
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        return UsageError("option \"" + std::string(arg) + "\" requires an argument");
      }
      value = argv[++i];
    }
    args.actions.push_back({kind, std::string(value)});
  }
  return kExitOk;
}

// Runs the -c and -f actions in order; returns the exit code.
int RunActions(Shell& shell, const std::vector<Action>& actions) {
  for (const Action& action : actions) {
    Shell::Outcome outcome;
    if (action.kind == Action::kCommand) {
      outcome = shell.RunCommand(action.text);
    } else if (action.text == "-") {
      outcome = shell.RunScript(stdin, "<stdin>");
    } else {
      std::FILE* file = std::fopen(action.text.c_str(), "r");
      if (file == nullptr) {
        std::fprintf(stderr, "komodo: %s: %s\n", action.text.c_str(), std::strerror(errno));
        return kExitError;
      }
      outcome = shell.RunScript(file, action.text);
      std::fclose(file);
    }
    if (outcome == Shell::Outcome::kError) return kExitError;
    if (outcome == Shell::Outcome::kQuit) break;
  }
  return kExitOk;
}

int RunSql(int argc, char** argv) {
  SqlArgs args;
  if (int code = ParseSqlArgs(argc, argv, args); code != kExitOk) return code;
  if (args.help) {
    std::fputs(kSqlUsage, stdout);
    return kExitOk;
  }

  auto open_failed = [&](const std::string& message) {
    std::fprintf(stderr, "komodo: could not open database \"%s\": %s\n", args.dir.c_str(),
                 message.c_str());
    return kExitUsage;
  };
  // Say plainly what is wrong rather than relay whatever creating a folder over a file gives.
  std::error_code ec;
  if (std::filesystem::exists(args.dir, ec) && !std::filesystem::is_directory(args.dir, ec)) {
    return open_failed("not a directory");
  }
  Result<std::unique_ptr<Database>> db = Database::Open(args.dir);
  if (!db.ok()) return open_failed(db.status().message());
  Result<std::unique_ptr<Connection>> conn = (*db)->Connect();
  if (!conn.ok()) return open_failed(conn.status().message());

  int code = kExitOk;
  {
    Shell shell(**conn, ShellOptions{.out = stdout, .err = stderr, .version = KOMODO_VERSION});
    if (!args.actions.empty()) {
      code = RunActions(shell, args.actions);
    } else if (isatty(STDIN_FILENO)) {
      shell.RunInteractive();
    } else if (shell.RunScript(stdin, "") == Shell::Outcome::kError) {
      code = kExitError;
    }
  }
  conn->reset();  // every Connection goes before its Database
  return code;
}

struct Subcommand {
  const char* name;
  int (*run)(int argc, char** argv);  // gets the arguments after the subcommand's name
};

constexpr Subcommand kSubcommands[] = {
    {"sql", RunSql},
    {"serve", [](int argc, char** argv) { return RunServe(argc, argv, KOMODO_VERSION); }},
};

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (command == "--version" || command == "-V") {
    std::printf("komodo (KomodoDB) %s\n", KOMODO_VERSION);
    return kExitOk;
  }
  for (const Subcommand& sub : kSubcommands) {
    if (command == sub.name) return sub.run(argc - 2, argv + 2);
  }
  std::fprintf(stderr, "komodo: unknown command \"%s\"\n\n%s", argv[1], kUsage);
  return kExitUsage;
}

}  // namespace
}  // namespace komodo::cli

int main(int argc, char** argv) { return komodo::cli::Main(argc, argv); }
