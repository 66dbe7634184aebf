// A full disk, two ways: deterministically through storage::FaultInjector (every write, sync and
// file creation below RocksDB fails with ENOSPC on command), and for real on a small tmpfs.
// Either way a write fails with a clean Status (SQLSTATE 53100), the process does not crash,
// reads go on working, nothing acknowledged is lost, nothing that failed appears, and once space
// is back the database takes writes again.
//
// Steps that can take the whole process down (closing or opening a database while the disk is
// full) run in a child: this test binary executed again, which a global test environment turns
// into a worker before any test runs (see ChildMain). Its progress comes back as lines in a
// report file, so a crash halfway still tells how far it got. A fresh exec rather than a bare
// fork, because RocksDB's background thread pools do not survive fork().
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/database_impl.h"
#include "komodo/database.h"
#include "storage/fault_injection.h"
#include "test_util.h"

namespace komodo {
namespace {

namespace fs = std::filesystem;
using test::ReadFile;
using test::Render;
using test::TempDir;
using Clock = std::chrono::steady_clock;

std::string Query(Connection& c, const std::string& sql) {
  auto r = c.Execute(sql);
  return r.ok() ? Render(*r) : r.status().ToString();
}

// 4 KB of letters that name their row; random, so compression cannot shrink them.
constexpr size_t kPayload = 4096;
std::string Payload(int id) {
  std::mt19937 rng(static_cast<uint32_t>(id));
  std::string p = std::to_string(id) + ":";
  while (p.size() < kPayload) p.push_back(static_cast<char>('a' + rng() % 26));
  return p;
}

// ---- The child ------------------------------------------------------------------------------

constexpr char kModeEnv[] = "KOMODO_DISK_FULL_CHILD";
constexpr char kDirEnv[] = "KOMODO_DISK_FULL_DIR";
constexpr char kReportEnv[] = "KOMODO_DISK_FULL_REPORT";
constexpr char kBallastEnv[] = "KOMODO_DISK_FULL_BALLAST";

// Appends one line to the report at once (the child may die right after).
class Reporter {
 public:
  explicit Reporter(const char* path)
      : fd_(::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {}
  ~Reporter() { ::close(fd_); }
  void operator()(const std::string& line) const {
    std::string l = line + "\n";
    if (::write(fd_, l.data(), l.size()) < 0) ::_exit(90);
  }

 private:
  int fd_;
};

std::string Describe(const Status& s) { return std::string(s.sqlstate()) + " " + s.message(); }

// "injected-close": commit rows through the fault injector, fill the disk, fail a write, close.
int ChildInjectedClose(const std::string& dir, const Reporter& report) {
  storage::FaultInjector faults;
  storage::EngineOptions options;
  options.faults = &faults;
  auto db = api::OpenDatabase(dir, options);
  if (!db.ok()) return report("open " + Describe(db.status())), 1;
  {
    auto conn = (*db)->Connect();
    if (!conn.ok()) return 1;
    Connection& c = **conn;
    if (!c.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)").ok()) return 1;
    for (int i = 1; i <= 5; i++) {
      if (!c.Execute("INSERT INTO t VALUES ($1, 'v')", {Value::Int4(i)}).ok()) return 1;
      report("ack " + std::to_string(i));
    }
    faults.SetDiskFull(true);
    report("full " + Describe(c.Execute("INSERT INTO t VALUES (6, 'v')").status()));
  }
  report("closing");
  db->reset();
  report("closed");
  return 0;
}

// "tmpfs-fill": insert 4 KB rows until the file system is full; read back; optionally free the
// ballast file and wait for writes to come back; close.
int ChildTmpfsFill(const std::string& dir, const Reporter& report) {
  auto db = Database::Open(dir);
  if (!db.ok()) return report("open " + Describe(db.status())), 1;
  {
    auto conn = (*db)->Connect();
    if (!conn.ok()) return 1;
    Connection& c = **conn;
    Status st = c.Execute("CREATE TABLE t (id int PRIMARY KEY, payload text)").status();
    if (!st.ok()) return report("create " + Describe(st)), 1;
    int acked = 0;
    for (int id = 1; id <= 20000; id++) {
      st = c.Execute("INSERT INTO t VALUES ($1, $2)", {Value::Int4(id), Value::Text(Payload(id))})
               .status();
      if (!st.ok()) break;
      acked = id;
      report("ack " + std::to_string(id));
    }
    report("full " + Describe(st));
    auto r = c.Execute("SELECT id, payload FROM t ORDER BY id");
    if (!r.ok()) {
      report("read " + Describe(r.status()));
    } else {
      bool good = r->num_rows() == static_cast<size_t>(acked);
      for (size_t i = 0; good && i < r->num_rows(); i++) {
        good = r->Get(i, 0).int_value() == static_cast<int64_t>(i + 1) &&
               r->Get(i, 1).string_value() == Payload(static_cast<int>(i + 1));
      }
      report("read " + std::string(good ? "ok " : "wrong ") + std::to_string(r->num_rows()));
    }
    st = c.Execute("INSERT INTO t VALUES ($1, 'x')", {Value::Int4(acked + 1)}).status();
    report("again " + Describe(st));
    if (const char* ballast = std::getenv(kBallastEnv)) {
      std::error_code ec;
      fs::remove(ballast, ec);
      auto freed = Clock::now();
      for (int attempt = 1;; attempt++) {
        st = c.Execute("INSERT INTO t VALUES ($1, 'after')", {Value::Int4(acked + 1)}).status();
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - freed);
        if (st.ok()) {
          report("resumed attempt " + std::to_string(attempt) + " after " +
                 std::to_string(ms.count()) + " ms");
          break;
        }
        if (ms.count() > 8000) {
          report("not resumed " + Describe(st));
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }
  report("closing");
  db->reset();
  report("closed");
  return 0;
}

// "verify": open; report the rows; insert one more; close.
int ChildVerify(const std::string& dir, const Reporter& report) {
  auto db = Database::Open(dir);
  if (!db.ok()) return report("open " + Describe(db.status())), 0;
  report("open 00000");
  {
    auto conn = (*db)->Connect();
    if (!conn.ok()) return 1;
    Connection& c = **conn;
    auto r = c.Execute("SELECT id, payload FROM t ORDER BY id");
    if (!r.ok()) {
      report("rows " + Describe(r.status()));
    } else {
      for (size_t i = 0; i < r->num_rows(); i++) {
        int id = static_cast<int>(r->Get(i, 0).int_value());
        const std::string& p = r->Get(i, 1).string_value();
        if (p != Payload(id) && p != "after") report("payload wrong " + std::to_string(id));
      }
      report("rows " + std::to_string(r->num_rows()) + " last " +
             (r->num_rows() ? r->Get(r->num_rows() - 1, 0).ToText() : "none"));
    }
    report("insert " + Describe(c.Execute("INSERT INTO t VALUES (-1, 'new')").status()));
  }
  report("closing");
  db->reset();
  report("closed");
  return 0;
}

class ChildModeEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* mode = std::getenv(kModeEnv);
    if (mode == nullptr) return;  // the normal test run
    Reporter report(std::getenv(kReportEnv));
    std::string dir = std::getenv(kDirEnv);
    std::string m = mode;
    int code = m == "injected-close" ? ChildInjectedClose(dir, report)
               : m == "tmpfs-fill"   ? ChildTmpfsFill(dir, report)
               : m == "verify"       ? ChildVerify(dir, report)
                                     : 99;
    ::_exit(code);
  }
};
[[maybe_unused]] ::testing::Environment* const kChildModeEnvironment =
    ::testing::AddGlobalTestEnvironment(new ChildModeEnvironment);

// ---- The parent's side of a child ---------------------------------------------------------

struct ChildRun {
  int status = -1;
  bool hung = false;
  std::string report;  // the lines the child reported
  std::string err;     // its stderr

  bool exited_ok() const { return !hung && WIFEXITED(status) && WEXITSTATUS(status) == 0; }
  std::string Fate() const {
    if (hung) return "hung, killed after the time limit";
    if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
    return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  }
  bool Has(const std::string& line) const {
    return ("\n" + report).find("\n" + line + "\n") != std::string::npos;
  }
  // The rest of the first line starting with `prefix` ("" when none).
  std::string Line(const std::string& prefix) const {
    size_t at = ("\n" + report).find("\n" + prefix);
    if (at == std::string::npos) return "";
    size_t end = report.find('\n', at);
    return report.substr(at + prefix.size(), end - at - prefix.size());
  }
  int LastAck() const {
    int last = 0;
    std::istringstream in(report);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("ack ", 0) == 0) last = std::stoi(line.substr(4));
    }
    return last;
  }
  std::string Summary() const {
    std::string tail = report.size() > 600 ? "..." + report.substr(report.size() - 600) : report;
    return Fate() + "\n--- report (tail) ---\n" + tail + "--- stderr ---\n" + err;
  }
};

// Runs this binary again as a child in `mode` over `dir`; waits at most `limit`.
ChildRun RunChild(const std::string& mode, const std::string& dir, const std::string& scratch,
                  const std::string& ballast = "",
                  std::chrono::seconds limit = std::chrono::seconds(60)) {
  static int serial = 0;
  std::string report_path = scratch + "/report" + std::to_string(++serial);
  std::string err_path = scratch + "/stderr" + std::to_string(serial);
  std::string filter = std::string("--gtest_filter=") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() +
                       "." + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  ChildRun run;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv(kModeEnv, mode.c_str(), 1);
    ::setenv(kDirEnv, dir.c_str(), 1);
    ::setenv(kReportEnv, report_path.c_str(), 1);
    if (!ballast.empty()) ::setenv(kBallastEnv, ballast.c_str(), 1);
    int null = ::open("/dev/null", O_RDWR);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    char self[] = "/proc/self/exe";
    std::vector<char*> argv = {self, filter.data(), nullptr};
    ::execv(self, argv.data());
    ::_exit(127);
  }
  if (pid < 0) return run;
  auto deadline = Clock::now() + limit;
  for (;;) {
    pid_t w = ::waitpid(pid, &run.status, WNOHANG);
    if (w == pid) break;
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &run.status, 0);
      run.hung = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  run.report = ReadFile(report_path);
  run.err = ReadFile(err_path);
  return run;
}

// ---- (a) Through the fault injector ---------------------------------------------------------

// Writes fail with 53100 while the disk is full; reads and the catalog are unaffected; when the
// disk has room again, writes succeed again; after a reopen without the injector, exactly the
// committed rows are there.
TEST(DiskFullTest, InjectedDiskFullFailsWritesCleanlyAndRecovers) {
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  std::string dir = tmp.path() + "/data";
  // Owned by hand: if the engine never recovers, both are leaked on purpose rather than closed,
  // since closing a database whose log write failed aborts the process (see the test below).
  auto faults = std::make_unique<storage::FaultInjector>();
  storage::EngineOptions options;
  options.faults = faults.get();
  auto db_or = api::OpenDatabase(dir, options);
  ASSERT_OK(db_or);
  std::unique_ptr<Database> db = std::move(db_or).value();
  auto conn_or = db->Connect();
  ASSERT_OK(conn_or);
  std::unique_ptr<Connection> conn = std::move(conn_or).value();
  Connection& c = *conn;
  ASSERT_OK(c.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)"));
  ASSERT_OK(c.Execute("CREATE INDEX t_v_idx ON t (v)"));
  for (int i = 1; i <= 10; i++) {
    ASSERT_OK(c.Execute("INSERT INTO t VALUES ($1, $2)",
                        {Value::Int4(i), Value::Text("v" + std::to_string(i))}));
  }

  faults->SetDiskFull(true);
  auto failed = c.Execute("INSERT INTO t VALUES (11, 'v11')");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().sqlstate(), "53100") << failed.status().ToString();
  std::cout << "[ status   ] INSERT with the disk full: " << failed.status().ToString() << "\n";
  EXPECT_FALSE(c.in_transaction());

  // Reads go on working, through the table and through the index, on this connection and on a
  // new one.
  EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id >= 9 ORDER BY id"), "9\n10\n");
  EXPECT_EQ(Query(c, "SELECT id FROM t WHERE v = 'v3'"), "3\n");
  EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id = 11"), "");
  {
    auto other = db->Connect();
    ASSERT_OK(other);
    EXPECT_EQ(Query(**other, "SELECT v FROM t WHERE id = 10"), "v10\n");
  }
  // Inside a transaction block the reads work, and a read-only block commits.
  ASSERT_OK(c.Execute("BEGIN"));
  EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id = 1"), "1\n");
  auto commit_read_only = c.Execute("COMMIT");
  EXPECT_TRUE(commit_read_only.ok()) << commit_read_only.status().ToString();

  // Every write fails the same clean way while the disk stays full: an autocommit INSERT, an
  // explicit transaction's COMMIT, and DDL (which must leave the catalog as it was).
  auto again = c.Execute("INSERT INTO t VALUES (12, 'v12')");
  EXPECT_EQ(again.status().sqlstate(), "53100") << again.status().ToString();
  ASSERT_OK(c.Execute("BEGIN"));
  ASSERT_OK(c.Execute("INSERT INTO t VALUES (13, 'v13')"));
  auto commit = c.Execute("COMMIT");
  EXPECT_EQ(commit.status().sqlstate(), "53100") << commit.status().ToString();
  EXPECT_FALSE(c.in_transaction());
  auto ddl = c.Execute("CREATE TABLE u (id int PRIMARY KEY)");
  EXPECT_EQ(ddl.status().sqlstate(), "53100") << ddl.status().ToString();
  EXPECT_EQ(Query(c, "SELECT * FROM u"), "ERROR 42P01: relation \"u\" does not exist");

  // Room again. The engine resumes RocksDB at the next transaction, so the next write should
  // go through; failing that, wait for RocksDB's own background recovery, and say how long.
  faults->SetDiskFull(false);
  auto freed = Clock::now();
  auto first = c.Execute("INSERT INTO t VALUES (14, 'v14')");
  EXPECT_TRUE(first.ok()) << "first write after the disk has room again: "
                          << first.status().ToString();
  bool recovered = first.ok();
  int attempts = 1;
  while (!recovered && Clock::now() - freed < std::chrono::seconds(6)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    attempts++;
    recovered = c.Execute("INSERT INTO t VALUES (14, 'v14')").ok();
  }
  std::cout << "[ status   ] writes " << (recovered ? "came back" : "did not come back")
            << " after " << attempts << " attempts, "
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - freed).count()
            << " ms\n";
  if (!recovered) {
    conn.release();
    db.release();
    faults.release();
    FAIL() << "writes never resumed; the database is leaked instead of closed";
  }
  ASSERT_OK(c.Execute("INSERT INTO t VALUES (15, 'v15')"));
  ASSERT_OK(c.Execute("CREATE TABLE u (id int PRIMARY KEY)"));
  ASSERT_OK(c.Execute("INSERT INTO u VALUES (1)"));
  EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id >= 9 ORDER BY id"), "9\n10\n14\n15\n");
  conn.reset();
  db.reset();
  faults.reset();

  // Reopened without the injector: what committed before and after the fault is there, and
  // nothing that failed.
  auto reopened = Database::Open(dir);
  ASSERT_OK(reopened);
  auto rc = (*reopened)->Connect();
  ASSERT_OK(rc);
  EXPECT_EQ(Query(**rc, "SELECT id, v FROM t ORDER BY id"),
            "1|v1\n2|v2\n3|v3\n4|v4\n5|v5\n6|v6\n7|v7\n8|v8\n9|v9\n10|v10\n14|v14\n15|v15\n");
  EXPECT_EQ(Query(**rc, "SELECT id FROM t WHERE v = 'v14'"), "14\n");
  EXPECT_EQ(Query(**rc, "SELECT id FROM t WHERE v >= 'v11' AND v <= 'v13'"), "");
  EXPECT_EQ(Query(**rc, "SELECT * FROM u"), "1\n");
}

// Closing the database while the disk is still full must not take the process down, and must
// keep every committed row. Runs in a child, which today dies of SIGABRT in the close.
TEST(DiskFullTest, CloseWhileDiskIsFullDoesNotCrash) {
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  std::string dir = tmp.path() + "/data";
  ChildRun run = RunChild("injected-close", dir, tmp.path());
  std::cout << "[ status   ] INSERT with the disk full: " << run.Line("full ") << "\n";
  EXPECT_EQ(run.Line("full ").substr(0, 5), "53100") << run.Summary();
  EXPECT_TRUE(run.Has("closed")) << run.Summary();
  EXPECT_TRUE(run.exited_ok()) << run.Summary();

  auto db = Database::Open(dir);
  ASSERT_OK(db);
  auto conn = (*db)->Connect();
  ASSERT_OK(conn);
  EXPECT_EQ(Query(**conn, "SELECT id FROM t ORDER BY id"), "1\n2\n3\n4\n5\n");
}

// ---- (b) For real, on a small tmpfs -------------------------------------------------------------

// Mounted for one test and unmounted by RAII, also when an assertion fails.
class TmpfsMount {
 public:
  TmpfsMount(const std::string& dir, const std::string& size) : dir_(dir) {
    std::string opts = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) != 0) {
      error_ = "mount -t tmpfs -o " + opts + " tmpfs " + dir + ": " + std::strerror(errno);
    } else {
      mounted_ = true;
    }
  }
  ~TmpfsMount() {
    if (mounted_ && ::umount2(dir_.c_str(), 0) != 0) {
      std::cerr << "umount " << dir_ << ": " << std::strerror(errno) << "; detaching\n";
      ::umount2(dir_.c_str(), MNT_DETACH);
    }
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

class DiskFullTmpfsTest : public ::testing::Test {
 protected:
  static constexpr const char* kSize = "8m";
  // A file that takes room until the test frees it, as an operator would. Bigger than what
  // the database can fill, so that recovery after freeing it has room to flush.
  static constexpr size_t kBallast = 5 << 20;

  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    mnt_ = tmp_.path() + "/mnt";
    fs::create_directories(mnt_);
    mount_ = std::make_unique<TmpfsMount>(mnt_, kSize);
    if (!mount_->mounted()) GTEST_SKIP() << "cannot mount a tmpfs: " << mount_->error();
    dir_ = mnt_ + "/data";
    ballast_ = mnt_ + "/ballast";
    std::ofstream(ballast_, std::ios::binary) << std::string(kBallast, 'b');
    ASSERT_EQ(fs::file_size(ballast_), kBallast);
  }
  void TearDown() override { mount_.reset(); }  // before tmp_ removes the mount point

  TempDir tmp_;
  std::string mnt_, dir_, ballast_;
  std::unique_ptr<TmpfsMount> mount_;
};

// The file system fills under a stream of INSERTs: the failing INSERT gets 53100, the process
// goes on, reads see every acknowledged row, closing does not crash; reopening on the still full
// file system either works or fails cleanly; once space is freed the database opens with every
// acknowledged row, and takes writes.
TEST_F(DiskFullTmpfsTest, WritesFailCleanlyAndAcknowledgedRowsSurvive) {
  ChildRun fill = RunChild("tmpfs-fill", dir_, tmp_.path());
  int acked = fill.LastAck();
  std::cout << "[ status   ] after " << acked << " rows of 4 KB: " << fill.Line("full ") << "\n";
  ASSERT_GT(acked, 0) << fill.Summary();
  ASSERT_LT(acked, 20000) << "the file system never filled up";
  EXPECT_EQ(fill.Line("full ").substr(0, 5), "53100") << fill.Summary();
  EXPECT_EQ(fill.Line("read "), "ok " + std::to_string(acked)) << fill.Summary();
  EXPECT_EQ(fill.Line("again ").substr(0, 5), "53100") << fill.Summary();
  EXPECT_TRUE(fill.Has("closed")) << "closing the database on the full disk: " << fill.Summary();
  EXPECT_TRUE(fill.exited_ok()) << fill.Summary();

  ChildRun still_full = RunChild("verify", dir_, tmp_.path());
  std::cout << "[ status   ] reopen with the disk still full: " << still_full.Line("open ") << "\n";
  EXPECT_TRUE(still_full.exited_ok()) << "reopening on the full disk: " << still_full.Summary();
  if (still_full.Line("open ") != "00000") {
    EXPECT_EQ(still_full.Line("open ").substr(0, 5), "53100") << still_full.Summary();
  } else {
    EXPECT_EQ(still_full.Line("rows "), std::to_string(acked) + " last " + std::to_string(acked))
        << still_full.Summary();
  }

  ASSERT_TRUE(fs::remove(ballast_));
  ChildRun freed = RunChild("verify", dir_, tmp_.path());
  EXPECT_TRUE(freed.exited_ok()) << freed.Summary();
  ASSERT_EQ(freed.Line("open "), "00000") << "reopening once space was freed: " << freed.Summary();
  // -1 is the row `verify` inserts; a still-full reopen above may have added it already.
  std::string rows = freed.Line("rows ");
  EXPECT_TRUE(rows == std::to_string(acked) + " last " + std::to_string(acked) ||
              rows == std::to_string(acked + 1) + " last " + std::to_string(acked))
      << freed.Summary();
  EXPECT_EQ(freed.Line("payload wrong"), "") << freed.Summary();
  EXPECT_EQ(freed.Line("insert "), "00000 ") << freed.Summary();
}

// Space freed while the database stays open: writes come back without a reopen (the engine
// resumes RocksDB at the next transaction).
TEST_F(DiskFullTmpfsTest, WritesResumeOnceSpaceIsFreedWithoutReopen) {
  ChildRun fill = RunChild("tmpfs-fill", dir_, tmp_.path(), ballast_);
  int acked = fill.LastAck();
  ASSERT_GT(acked, 0) << fill.Summary();
  EXPECT_EQ(fill.Line("full ").substr(0, 5), "53100") << fill.Summary();
  std::cout << "[ status   ] after freeing space: "
            << (fill.Line("resumed ").empty() ? "not resumed " + fill.Line("not resumed ")
                                              : "resumed " + fill.Line("resumed "))
            << "\n";
  EXPECT_TRUE(fill.Line("resumed ").starts_with("attempt 1 "))
      << "the first write after space was freed should succeed: " << fill.Summary();
  EXPECT_FALSE(fill.Line("resumed ").empty()) << fill.Summary();
  EXPECT_TRUE(fill.exited_ok()) << fill.Summary();
}

}  // namespace
}  // namespace komodo
