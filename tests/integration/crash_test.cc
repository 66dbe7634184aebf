// Durability and atomicity under SIGKILL.
//
// A child process (fork, no exec) opens the database with the default options (durable commits)
// and commits rows as fast as it can; after each commit returns OK it writes the committed ids to
// a pipe: that is the acknowledgement a client would have seen. The parent kills the child with
// SIGKILL at a random moment, reopens the folder, and checks:
//   - the folder opens cleanly;
//   - every acknowledged row is there, with its payload intact, exactly once;
//   - nothing that was ever visible after a recovery is lost later;
//   - the only rows that were never acknowledged belong to the one unit of work that was in
//     flight when the kill landed;
//   - a transaction's rows are all there or all absent; a rolled-back transaction left nothing;
//   - the secondary index holds exactly the rows the table holds.
// Then the next round continues after the largest id. The seed of each test is printed; set
// KOMODO_CRASH_SEED to replay one.
//
// The child runs no gtest code after fork(): it does its work and leaves with _exit().
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "komodo/database.h"
#include "test_util.h"

namespace komodo {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 30;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, grp bigint NOT NULL, "
    "n int NOT NULL, payload text NOT NULL)";
constexpr const char* kCreateIndex = "CREATE INDEX IF NOT EXISTS t_grp_idx ON t (grp)";

// Exit codes of the child when it stops on its own (anything but SIGKILL is a failure).
enum ChildExit : int {
  kOpenFailed = 10,
  kSetupFailed = 11,
  kWriteFailed = 12,
  kAckFailed = 13,
};

// A payload that names its row, so a row torn or swapped by recovery is caught.
std::string Payload(int64_t id) {
  std::string p = "row " + std::to_string(id) + ":";
  p.append(100 + static_cast<size_t>(id % 97), static_cast<char>('a' + id % 26));
  return p;
}

enum class Workload {
  kMixed,         // autocommit INSERTs, and every third unit a 3-row transaction
  kTransactions,  // only 3-row transactions, each statement a separate Execute; 1 in 5 rolled back
};

// One unit of work acknowledged over the pipe: 8-byte ids, written with a single write(2) so the
// parent never sees half a unit (pipe writes up to PIPE_BUF bytes are atomic). A negative id
// means "the transaction starting at -id was rolled back".
bool Ack(int fd, const int64_t* ids, size_t n) {
  const char* p = reinterpret_cast<const char*>(ids);
  size_t len = n * sizeof(int64_t);
  for (;;) {
    ssize_t w = ::write(fd, p, len);
    if (w == static_cast<ssize_t>(len)) return true;
    if (w < 0 && errno == EINTR) continue;
    return false;
  }
}

// The child: never returns.
[[noreturn]] void WriterMain(const std::string& dir, int ack_fd, int64_t next_id, Workload w) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a parent that died
  auto db = Database::Open(dir);
  if (!db.ok()) ::_exit(kOpenFailed);
  auto conn = (*db)->Connect();
  if (!conn.ok()) ::_exit(kOpenFailed);
  Connection& c = **conn;
  if (!c.Execute(kCreateTable).ok() || !c.Execute(kCreateIndex).ok()) ::_exit(kSetupFailed);
  auto insert = c.Prepare("INSERT INTO t VALUES ($1, $2, $3, $4)");
  if (!insert.ok()) ::_exit(kSetupFailed);
  auto row = [](int64_t id, int64_t grp, int32_t n) {
    return std::vector<Value>{Value::Int8(id), Value::Int8(grp), Value::Int4(n),
                              Value::Text(Payload(id))};
  };
  for (uint64_t unit = 0;; unit++) {
    bool txn = w == Workload::kTransactions || unit % 3 == 2;
    if (!txn) {
      int64_t id = next_id++;
      if (!insert->Execute(row(id, id, 1)).ok()) ::_exit(kWriteFailed);
      if (!Ack(ack_fd, &id, 1)) ::_exit(kAckFailed);
      continue;
    }
    int64_t ids[3] = {next_id, next_id + 1, next_id + 2};
    next_id += 3;
    bool rollback = w == Workload::kTransactions && unit % 5 == 4;
    if (!c.Execute("BEGIN").ok()) ::_exit(kWriteFailed);
    for (int64_t id : ids) {
      if (!insert->Execute(row(id, ids[0], 3)).ok()) ::_exit(kWriteFailed);
    }
    if (rollback) {
      if (!c.Execute("ROLLBACK").ok()) ::_exit(kWriteFailed);
      int64_t neg = -ids[0];
      if (!Ack(ack_fd, &neg, 1)) ::_exit(kAckFailed);
    } else {
      if (!c.Execute("COMMIT").ok()) ::_exit(kWriteFailed);
      if (!Ack(ack_fd, ids, 3)) ::_exit(kAckFailed);
    }
  }
}

struct Row {
  int64_t id, grp, n;
  std::string payload;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    ASSERT_FALSE(root_.empty());
    dir_ = root_ + "/data";
    const char* env = std::getenv("KOMODO_CRASH_SEED");
    seed_ = env != nullptr ? std::strtoull(env, nullptr, 10) : std::random_device{}();
    rng_.seed(seed_);
  }
  void TearDown() override {
    if (pid_ > 0) {  // a failed assertion left the child running
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Runs `rounds` rounds of: fork a writer, kill it at a random moment, reopen and check.
  void RunRounds(Workload w, int rounds) {
    std::cout << "[ seed     ] KOMODO_CRASH_SEED=" << seed_ << "\n";
    {
      // The database and its table exist before the first kill, so every round's crash lands
      // in a database that is already created (creation itself is covered separately below).
      auto db = Database::Open(dir_);
      ASSERT_OK(db);
      auto conn = (*db)->Connect();
      ASSERT_OK(conn);
      ASSERT_OK((*conn)->Execute(kCreateTable));
      ASSERT_OK((*conn)->Execute(kCreateIndex));
    }
    auto start = Clock::now();
    int64_t total_acked = 0;
    int rounds_with_acks = 0;
    int rounds_with_unacked_commit = 0;
    for (int round = 0; round < rounds; round++) {
      SCOPED_TRACE("seed " + std::to_string(seed_) + ", round " + std::to_string(round));
      size_t before = acked_.size();
      ASSERT_NO_FATAL_FAILURE(RunOneRound(w, round));
      total_acked += static_cast<int64_t>(acked_.size() - before);
      if (acked_.size() > before) rounds_with_acks++;
      if (unacked_committed_) rounds_with_unacked_commit++;
    }
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << "[ stats    ] " << rounds << " kills, " << total_acked << " acknowledged rows ("
              << rounds_with_acks << " rounds with acknowledgements), " << rolled_back_.size() / 3
              << " rolled-back transactions, " << rounds_with_unacked_commit
              << " kills between a commit and its acknowledgement, " << rows_.size()
              << " rows in the end, " << secs << " s\n";
    // A run where the child never got a commit through would prove nothing.
    EXPECT_GE(rounds_with_acks, rounds / 2);
  }

  void RunOneRound(Workload w, int round) {
    // Every fifth round kills early, counted from fork: the crash lands while the child opens
    // the database (recovery of the previous crash) or creates its table and index.
    bool early = round % 5 == 4;
    int delay_ms = early ? std::uniform_int_distribution<int>(0, 40)(rng_)
                         : std::uniform_int_distribution<int>(5, 80)(rng_);
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0) << std::strerror(errno);
    int64_t first_id = next_id_;
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0) << std::strerror(errno);
    if (pid == 0) {
      ::close(fds[0]);
      WriterMain(dir_, fds[1], first_id, w);
    }
    pid_ = pid;
    ::close(fds[1]);

    // Read acknowledgements until the kill time: `delay_ms` after fork (early rounds) or after
    // the first acknowledgement (the others).
    std::string bytes;
    auto deadline = Clock::now() + std::chrono::milliseconds(delay_ms);
    bool armed = early;
    bool eof = false;
    auto give_up = Clock::now() + std::chrono::seconds(10);
    while (!eof) {
      auto now = Clock::now();
      if (armed && now >= deadline) break;
      ASSERT_LT(now, give_up) << "the writer acknowledged nothing for 10 s";
      int timeout =
          armed
              ? static_cast<int>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) +
                    1
              : 100;
      pollfd p{fds[0], POLLIN, 0};
      int rc = ::poll(&p, 1, timeout);
      if (rc < 0 && errno != EINTR) FAIL() << "poll: " << std::strerror(errno);
      if (rc > 0) eof = !ReadSome(fds[0], &bytes);
      if (!armed && bytes.size() >= sizeof(int64_t)) {
        armed = true;
        deadline = Clock::now() + std::chrono::milliseconds(delay_ms);
      }
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    pid_ = -1;
    while (ReadSome(fds[0], &bytes)) {
    }
    ::close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer stopped on its own before the kill: "
        << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                              : "signal " + std::to_string(WTERMSIG(status)));
    ASSERT_EQ(bytes.size() % sizeof(int64_t), 0u) << "torn acknowledgement";

    // What this round acknowledged.
    std::set<int64_t> acked_now;
    int64_t max_seen = first_id - 1;
    for (size_t i = 0; i < bytes.size(); i += sizeof(int64_t)) {
      int64_t id;
      std::memcpy(&id, bytes.data() + i, sizeof(id));
      if (id < 0) {
        for (int k = 0; k < 3; k++) rolled_back_.insert(-id + k);
        max_seen = std::max(max_seen, -id + 2);
      } else {
        acked_now.insert(id);
        max_seen = std::max(max_seen, id);
      }
    }
    acked_.insert(acked_now.begin(), acked_now.end());

    // Reopen: the kill must leave a folder that opens cleanly.
    auto db = Database::Open(dir_);
    ASSERT_OK(db);
    auto conn = (*db)->Connect();
    ASSERT_OK(conn);
    std::map<int64_t, Row> now;
    ASSERT_NO_FATAL_FAILURE(ReadTable(**conn, &now));
    ASSERT_EQ(Check(now, first_id, max_seen), "");
    ASSERT_NO_FATAL_FAILURE(CheckIndex(**conn, now));
    rows_ = std::move(now);
    next_id_ = std::max(max_seen, rows_.empty() ? int64_t{0} : rows_.rbegin()->first) + 1;
  }

  // Appends what is readable now; false at end of file.
  static bool ReadSome(int fd, std::string* out) {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n > 0) {
        out->append(buf, static_cast<size_t>(n));
        return true;
      }
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
  }

  static void ReadTable(Connection& c, std::map<int64_t, Row>* out) {
    auto r = c.Execute("SELECT id, grp, n, payload FROM t ORDER BY id");
    ASSERT_OK(r);
    for (size_t i = 0; i < r->num_rows(); i++) {
      Row row{r->Get(i, 0).int_value(), r->Get(i, 1).int_value(), r->Get(i, 2).int_value(),
              r->Get(i, 3).string_value()};
      ASSERT_TRUE(out->emplace(row.id, row).second) << "row " << row.id << " appears twice";
    }
  }

  // The table read through the index on grp (a range scan over the whole index) must hold the
  // same rows as the table itself: no index entry lost, dangling or doubled by recovery.
  static void CheckIndex(Connection& c, const std::map<int64_t, Row>& rows) {
    auto r = c.Execute("SELECT id FROM t WHERE grp >= 0");
    ASSERT_OK(r);
    std::vector<int64_t> via_index;
    for (size_t i = 0; i < r->num_rows(); i++) via_index.push_back(r->Get(i, 0).int_value());
    std::sort(via_index.begin(), via_index.end());
    std::vector<int64_t> via_table;
    for (const auto& [id, row] : rows) via_table.push_back(id);
    ASSERT_EQ(via_index, via_table);
  }

  // Returns "" when the table is what the acknowledgements allow, else what is wrong.
  std::string Check(const std::map<int64_t, Row>& now, int64_t first_id, int64_t max_seen) {
    std::ostringstream err;
    for (const auto& [id, row] : now) {
      if (row.payload != Payload(id)) err << "row " << id << " has a wrong payload; ";
      if (row.n == 1 && row.grp != id) err << "row " << id << " has a wrong group; ";
      if (row.n != 1 && row.n != 3) err << "row " << id << " has n=" << row.n << "; ";
      if (rolled_back_.count(id)) err << "row " << id << " of a rolled-back transaction; ";
    }
    for (int64_t id : acked_) {
      if (!now.count(id)) err << "acknowledged row " << id << " is lost; ";
    }
    for (const auto& [id, row] : rows_) {
      if (!now.count(id)) err << "row " << id << ", present after an earlier recovery, is lost; ";
    }
    // Atomicity: every group (one autocommit row, or one transaction) is complete.
    std::map<int64_t, std::vector<int64_t>> groups;
    for (const auto& [id, row] : now) groups[row.grp].push_back(id);
    for (const auto& [grp, ids] : groups) {
      int64_t n = now.at(ids[0]).n;
      std::vector<int64_t> want;
      for (int64_t k = 0; k < n; k++) want.push_back(grp + k);
      if (ids != want) {
        err << "group " << grp << " is incomplete (" << ids.size() << " of " << n << " rows); ";
      }
    }
    // Rows never acknowledged: only the one unit in flight at the kill, after every
    // acknowledged id of this round.
    std::set<int64_t> unacked_groups;
    for (const auto& [id, row] : now) {
      if (acked_.count(id) || rows_.count(id)) continue;
      if (id < first_id) err << "row " << id << " appeared from nowhere; ";
      if (id <= max_seen) err << "row " << id << " committed but not acknowledged before others; ";
      unacked_groups.insert(row.grp);
    }
    if (unacked_groups.size() > 1) err << unacked_groups.size() << " unacknowledged units; ";
    unacked_committed_ = !unacked_groups.empty();
    return err.str();
  }

  TempDir tmp_;  // declared first, so removed after everything that uses it
  std::string root_, dir_;
  uint64_t seed_ = 0;
  std::mt19937_64 rng_;
  pid_t pid_ = -1;
  int64_t next_id_ = 1;
  std::set<int64_t> acked_;         // every id acknowledged so far
  std::set<int64_t> rolled_back_;   // ids of rolled-back transactions: must never appear
  std::map<int64_t, Row> rows_;     // the table after the last recovery
  bool unacked_committed_ = false;  // the last round found a commit it was never told about
};

// Every acknowledged autocommit INSERT and every acknowledged COMMIT survives SIGKILL, no row
// appears twice, and the folder always reopens.
TEST_F(CrashTest, AcknowledgedCommitsSurviveKill) {
  ASSERT_NO_FATAL_FAILURE(RunRounds(Workload::kMixed, kRounds));
}

// Killed while 3-row transactions are in flight (between statements, or inside COMMIT), each
// transaction is afterwards all there or all absent, in the table and in its index alike.
TEST_F(CrashTest, TransactionsAreAllOrNothingAfterKill) {
  ASSERT_NO_FATAL_FAILURE(RunRounds(Workload::kTransactions, kRounds));
}

// A crash while the database is being created, after the identity file's temporary copy was
// written and before it was renamed into place (storage/engine.cc WriteFileDurably), leaves
// komodo.lock and KOMODO.tmp in the folder. Such a folder never held data: opening it again
// must create the database, not call the folder foreign.
TEST_F(CrashTest, CreationInterruptedBeforeIdentityFileCanBeRetried) {
  fs::create_directories(dir_);
  std::ofstream(dir_ + "/komodo.lock") << "12345\n";
  std::ofstream(dir_ + "/KOMODO.tmp") << "KomodoDB data";  // torn: killed mid-write
  auto db = Database::Open(dir_);
  ASSERT_OK(db);
  auto conn = (*db)->Connect();
  ASSERT_OK(conn);
  ASSERT_OK((*conn)->Execute("CREATE TABLE t (id int PRIMARY KEY)"));
}

}  // namespace
}  // namespace komodo
