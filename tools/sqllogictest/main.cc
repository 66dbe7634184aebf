// komodo-sqllogictest: runs sqllogictest files (tests/sql/README.md) against the embedded engine
// or a PostgreSQL-protocol server. Exit status: 0 when every record passed, 1 when any failed,
// 2 for a usage error or a server that cannot be reached.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "backend.h"
#include "runner.h"

namespace {

constexpr const char* kUsage =
    "usage: komodo-sqllogictest [--pg CONNINFO | --serve KOMODO] [--engine komodo|postgresql]\n"
    "                           PATH...\n"
    "  PATH            a .test file, or a folder searched for *.test files\n"
    "  --pg CONNINFO   run against a PostgreSQL-protocol server (libpq connection string);\n"
    "                  each file runs in a new database, created and dropped by the runner\n"
    "  --serve KOMODO  run over the wire against `KOMODO serve` (the komodo binary's path),\n"
    "                  started by the runner for each file over a new temporary data folder\n"
    "  --engine NAME   the engine that skipif/onlyif test (default: komodo when embedded;\n"
    "                  with --pg, komodo if the server's version says so, else postgresql)\n"
    "Without --pg or --serve each file runs embedded, in a new temporary data folder.\n";

int Usage(const std::string& error) {
  if (!error.empty()) std::cerr << "komodo-sqllogictest: " << error << "\n";
  std::cerr << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string conninfo, engine, komodo_binary;
  bool use_pg = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--pg" || arg == "--engine") {
      if (i + 1 >= argc) return Usage(arg + " needs a value");
      (arg == "--pg" ? conninfo : engine) = argv[++i];
      use_pg |= arg == "--pg";
    } else if (arg == "--serve") {
      if (i + 1 >= argc) return Usage("--serve needs the komodo binary");
      komodo_binary = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      return Usage("");
    } else if (arg.starts_with("-")) {
      return Usage("unknown option " + arg);
    } else if (fs::is_directory(arg)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(arg)) {
        if (e.is_regular_file() && e.path().extension() == ".test") found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      return Usage(arg + ": no such file or folder");
    }
  }
  if (files.empty()) return Usage("no .test files given");
  if (!engine.empty() && engine != "komodo" && engine != "postgresql") {
    return Usage("--engine must be komodo or postgresql");
  }

  if (use_pg && !komodo_binary.empty()) return Usage("--pg and --serve exclude each other");

  std::unique_ptr<komodo::slt::Backend> backend;
  if (!komodo_binary.empty()) {
    if (!engine.empty() && engine != "komodo") return Usage("--serve runs are komodo");
    backend = komodo::slt::NewServeBackend(komodo_binary);
  } else if (use_pg) {
    auto pg = komodo::slt::NewPostgresBackend(conninfo, engine);
    if (!pg.ok()) {
      std::cerr << "komodo-sqllogictest: " << pg.status().message() << "\n";
      return 2;
    }
    backend = std::move(pg).value();
  } else {
    if (!engine.empty() && engine != "komodo") return Usage("embedded runs are komodo");
    backend = komodo::slt::NewEmbeddedBackend();
  }

  komodo::slt::FileStats total;
  int failed_files = 0;
  for (const std::string& file : files) {
    std::ostringstream report;
    komodo::slt::FileStats s = komodo::slt::RunFile(*backend, file, report);
    std::cout << (s.failed > 0 ? "FAIL " : "ok   ") << file << " (" << s.passed << " passed";
    if (s.failed > 0) std::cout << ", " << s.failed << " failed";
    if (s.skipped > 0) std::cout << ", " << s.skipped << " skipped";
    std::cout << ")\n" << report.str() << std::flush;
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
    failed_files += s.failed > 0;
  }
  std::cout << files.size() << " files on " << backend->engine() << ", " << failed_files
            << " failed\n"
            << total.passed << " passed, " << total.failed << " failed, " << total.skipped
            << " skipped\n";
  return total.failed > 0 ? 1 : 0;
}
