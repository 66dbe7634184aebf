// The embedded side of `make bench`: the same workloads through KomodoDB's embedded API
// (include/komodo/) and through SQLite's C API (WAL, synchronous=FULL), one system per process.
//
//   komodo_embedded_bench komodo|sqlite DIR [ROWS]
//   komodo_embedded_bench query DIR SQL [TIMES]   (profiling: one statement over an existing
//                                                  KomodoDB folder, timed TIMES times)
//
// Prints one line per workload: "name<TAB>seconds<TAB>peak_rss_kb", where peak_rss_kb is this
// process's VmHWM during that workload alone (reset through /proc/self/clear_refs before each).
// Data: t(id int primary key, name text, v double precision), id 1..ROWS, name 'name' || id,
// v = (id * 7919 % 1000003) * 0.001 (the same data the server side of bench/run.sh loads), and
// u(id int primary key, w double precision) for the join; c, like t, for KomodoDB's COPY load
// (SQLite, which has no COPY, loads c with its prepared INSERT).
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>

#include "komodo/database.h"

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "embedded_bench: %s\n", what.c_str());
  std::exit(1);
}

void ResetPeakRss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";  // resets VmHWM to the current RSS (Linux >= 4.0)
}

long PeakRssKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

void Timed(const char* name, const std::function<void()>& fn) {
  ResetPeakRss();
  auto start = std::chrono::steady_clock::now();
  fn();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s\t%.3f\t%ld\n", name, s, PeakRssKb());
  std::fflush(stdout);
}

double VOf(int64_t i) { return static_cast<double>(i * 7919 % 1000003) * 0.001; }

// The queries, in both dialects (SQLite's avg and % agree with PostgreSQL's here).
const char* kCountAvg = "SELECT count(*), avg(v) FROM t";
const char* kGroupBy = "SELECT id % 1000 AS g, count(*), avg(v) FROM t GROUP BY id % 1000";
const char* kJoin = "SELECT count(*), sum(t.v + u.w) FROM t JOIN u ON t.id = u.id";
const char* kTopN = "SELECT id, name, v FROM t ORDER BY v DESC LIMIT 10";

void RunKomodo(const std::string& dir, int64_t rows) {
  komodo::Options options;
  options.sync_commit = true;
  auto db = komodo::Database::Open(dir, options);
  if (!db.ok()) Die("open: " + db.status().message());
  auto conn = (*db)->Connect();
  if (!conn.ok()) Die("connect: " + conn.status().message());
  komodo::Connection& c = **conn;
  auto exec = [&](const std::string& sql) {
    auto r = c.Execute(sql);
    if (!r.ok()) Die(sql + ": " + r.status().message());
    return std::move(*r);
  };
  exec("CREATE TABLE t (id int PRIMARY KEY, name text, v double precision)");
  exec("CREATE TABLE u (id int PRIMARY KEY, w double precision)");
  Timed("load_prepared", [&] {
    exec("BEGIN");
    auto st = c.Prepare("INSERT INTO t VALUES ($1, $2, $3)");
    if (!st.ok()) Die("prepare: " + st.status().message());
    for (int64_t i = 1; i <= rows; i++) {
      auto r = st->Execute({komodo::Value::Int4(static_cast<int32_t>(i)),
                            komodo::Value::Text("name" + std::to_string(i)),
                            komodo::Value::Float8(VOf(i))});
      if (!r.ok()) Die("insert: " + r.status().message());
    }
    exec("COMMIT");
  });
  // COPY FROM STDIN through Connection::BeginCopy, in chunks of 1,000 lines, into a third table.
  exec("CREATE TABLE c (id int PRIMARY KEY, name text, v double precision)");
  Timed("load_copy", [&] {
    auto copy = c.BeginCopy("COPY c FROM STDIN");
    if (!copy.ok()) Die("BeginCopy: " + copy.status().message());
    std::string chunk;
    char line[96];
    for (int64_t i = 1; i <= rows; i++) {
      int n = std::snprintf(line, sizeof line, "%lld\tname%lld\t%.3f\n", static_cast<long long>(i),
                            static_cast<long long>(i), VOf(i));
      chunk.append(line, n);
      if (i % 1000 == 0 || i == rows) {
        komodo::Status s = (*copy)->Write(chunk);
        if (!s.ok()) Die("copy: " + s.message());
        chunk.clear();
      }
    }
    auto r = (*copy)->Finish();
    if (!r.ok()) Die("copy finish: " + r.status().message());
  });
  Timed("load_insert_select", [&] {
    exec(
        "INSERT INTO u SELECT i, (i::bigint * 7919 % 1000003) * 0.002::float8 FROM "
        "generate_series(1, " +
        std::to_string(rows) + ") i");
  });
  for (auto [name, sql] : {std::pair{"count_avg", kCountAvg},
                           {"group_by_1000", kGroupBy},
                           {"join", kJoin},
                           {"top_10", kTopN}}) {
    Timed(name, [&, sql = sql] { exec(sql); });
  }
}

void RunSqlite(const std::string& dir, int64_t rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open((dir + "/bench.db").c_str(), &db) != SQLITE_OK) Die("sqlite3_open");
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      Die(sql + ": " + (err ? err : "?"));
    }
  };
  // Read every row of the result, as the embedded API does.
  auto query = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) Die(sqlite3_errmsg(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); c++) (void)sqlite3_column_value(st, c);
    }
    if (rc != SQLITE_DONE) Die(sqlite3_errmsg(db));
    sqlite3_finalize(st);
  };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec("CREATE TABLE t (id int PRIMARY KEY, name text, v double precision)");
  exec("CREATE TABLE u (id int PRIMARY KEY, w double precision)");
  Timed("load_prepared", [&] {
    exec("BEGIN");
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?)", -1, &st, nullptr) != SQLITE_OK) {
      Die(sqlite3_errmsg(db));
    }
    for (int64_t i = 1; i <= rows; i++) {
      std::string name = "name" + std::to_string(i);
      sqlite3_bind_int(st, 1, static_cast<int>(i));
      sqlite3_bind_text(st, 2, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_bind_double(st, 3, VOf(i));
      if (sqlite3_step(st) != SQLITE_DONE) Die(sqlite3_errmsg(db));
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec("COMMIT");
  });
  // SQLite has no COPY: its fastest load, the prepared INSERT, into a third table.
  exec("CREATE TABLE c (id int PRIMARY KEY, name text, v double precision)");
  Timed("load_copy", [&] {
    exec("BEGIN");
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT INTO c VALUES (?, ?, ?)", -1, &st, nullptr) != SQLITE_OK) {
      Die(sqlite3_errmsg(db));
    }
    for (int64_t i = 1; i <= rows; i++) {
      std::string name = "name" + std::to_string(i);
      sqlite3_bind_int(st, 1, static_cast<int>(i));
      sqlite3_bind_text(st, 2, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_bind_double(st, 3, VOf(i));
      if (sqlite3_step(st) != SQLITE_DONE) Die(sqlite3_errmsg(db));
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec("COMMIT");
  });
  Timed("load_insert_select", [&] {
    exec("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " +
         std::to_string(rows) + ") INSERT INTO u SELECT i, (i * 7919 % 1000003) * 0.002 FROM s");
  });
  for (auto [name, sql] : {std::pair{"count_avg", kCountAvg},
                           {"group_by_1000", kGroupBy},
                           {"join", kJoin},
                           {"top_10", kTopN}}) {
    Timed(name, [&, sql = sql] { query(sql); });
  }
  sqlite3_close(db);
}

// Runs `sql` `times` times over the KomodoDB folder `dir` and prints each run's time, so a
// profiler (perf record -g) can watch one statement without the load.
void RunQuery(const std::string& dir, const std::string& sql, int times) {
  auto db = komodo::Database::Open(dir, komodo::Options());
  if (!db.ok()) Die("open: " + db.status().message());
  auto conn = (*db)->Connect();
  if (!conn.ok()) Die("connect: " + conn.status().message());
  for (int i = 0; i < times; i++) {
    // CPU time too: on a shared machine it varies less than the wall-clock time.
    std::clock_t cpu = std::clock();
    Timed("query", [&] {
      auto r = (*conn)->Execute(sql);
      if (!r.ok()) Die(sql + ": " + r.status().message());
    });
    std::printf("cpu\t%.3f\n", static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) Die("usage: komodo_embedded_bench komodo|sqlite DIR [ROWS]");
  std::string system = argv[1], dir = argv[2];
  int64_t rows = argc > 3 ? std::strtoll(argv[3], nullptr, 10) : 1000000;
  if (system == "query") {
    if (argc < 4) Die("usage: komodo_embedded_bench query DIR SQL [TIMES]");
    RunQuery(dir, argv[3], argc > 4 ? std::atoi(argv[4]) : 3);
  } else if (system == "komodo") {
    RunKomodo(dir, rows);
  } else if (system == "sqlite") {
    RunSqlite(dir, rows);
  } else {
    Die("unknown system " + system);
  }
  return 0;
}
