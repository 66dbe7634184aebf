// A full disk, two ways: deterministically through storage::FaultInjector (every write, sync and
// file creation below RocksDB fails with ENOSPC on command), and for real on a small tmpfs.
// Either way a write fails with a clean Status (SQLSTATE 53100), the process does not crash,
// reads go on working, nothing acknowledged is lost, nothing that failed appears, and once space
// is back the database takes writes again.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "api/database_impl.h"
#include "komodo/database.h"
#include "storage/fault_injection.h"

namespace komodo {
namespace {

namespace fs = std::filesystem;

template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}
inline Status StatusOf(const Status& s) { return s; }

#define ASSERT_OK(expr)                                              \
  do {                                                               \
    ::komodo::Status _st = StatusOf(expr);                           \
    ASSERT_TRUE(_st.ok()) << #expr << " -> " << _st.ToString();      \
  } while (0)

std::string Render(const QueryResult& r) {
  std::string out;
  for (size_t i = 0; i < r.num_rows(); i++) {
    for (size_t j = 0; j < r.num_columns(); j++) {
      if (j > 0) out += "|";
      out += r.IsNull(i, j) ? "NULL" : r.Get(i, j).ToText();
    }
    out += "\n";
  }
  return out;
}

std::string Query(Connection& c, const std::string& sql) {
  auto r = c.Execute(sql);
  return r.ok() ? Render(*r) : r.status().ToString();
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/komodo_disk_full_test_XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// (a) Through the fault injector.
TEST(DiskFullTest, InjectedDiskFullFailsWritesCleanlyAndRecovers) {
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  std::string dir = tmp.path() + "/data";
  {
    storage::FaultInjector faults;  // outlives the database below
    storage::EngineOptions options;
    options.faults = &faults;
    auto db = api::OpenDatabase(dir, options);
    ASSERT_OK(db);
    auto conn_or = (*db)->Connect();
    ASSERT_OK(conn_or);
    Connection& c = **conn_or;
    ASSERT_OK(c.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)"));
    ASSERT_OK(c.Execute("CREATE INDEX t_v_idx ON t (v)"));
    for (int i = 1; i <= 10; i++) {
      ASSERT_OK(c.Execute("INSERT INTO t VALUES ($1, $2)",
                          {Value::Int4(i), Value::Text("v" + std::to_string(i))}));
    }

    faults.SetDiskFull(true);
    auto failed = c.Execute("INSERT INTO t VALUES (11, 'v11')");
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.status().sqlstate(), "53100") << failed.status().ToString();
    std::cout << "[ status   ] INSERT with the disk full: " << failed.status().ToString() << "\n";
    EXPECT_FALSE(c.in_transaction());

    // Reads go on working, through the table and through the index.
    EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id >= 9 ORDER BY id"), "9\n10\n");
    EXPECT_EQ(Query(c, "SELECT id FROM t WHERE v = 'v3'"), "3\n");
    EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id = 11"), "");

    // Every later write fails the same clean way while the disk stays full: an autocommit
    // INSERT, an explicit transaction's COMMIT, and DDL (which must not change the catalog).
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

    // A second connection reads too.
    auto other = (*db)->Connect();
    ASSERT_OK(other);
    EXPECT_EQ(Query(**other, "SELECT v FROM t WHERE id = 10"), "v10\n");
    other->reset();

    // Space is back: the next transaction resumes the engine and writes succeed again.
    faults.SetDiskFull(false);
    auto resumed = c.Execute("INSERT INTO t VALUES (14, 'v14')");
    EXPECT_TRUE(resumed.ok()) << "first write after the disk was freed: "
                              << resumed.status().ToString();
    if (!resumed.ok()) {
      // Report whether it comes back at all (a second try resumes again).
      auto retry = c.Execute("INSERT INTO t VALUES (14, 'v14')");
      std::cout << "[ status   ] second write after the disk was freed: "
                << retry.status().ToString() << "\n";
    }
    ASSERT_OK(c.Execute("INSERT INTO t VALUES (15, 'v15')"));
    ASSERT_OK(c.Execute("CREATE TABLE u (id int PRIMARY KEY)"));
    ASSERT_OK(c.Execute("INSERT INTO u VALUES (1)"));
    EXPECT_EQ(Query(c, "SELECT id FROM t WHERE id >= 9 ORDER BY id"), "9\n10\n14\n15\n");
    conn_or->reset();
  }

  // Reopened without the injector: what committed before the fault and after it is there, and
  // nothing that failed.
  auto db = Database::Open(dir);
  ASSERT_OK(db);
  auto conn = (*db)->Connect();
  ASSERT_OK(conn);
  EXPECT_EQ(Query(**conn, "SELECT id, v FROM t ORDER BY id"),
            "1|v1\n2|v2\n3|v3\n4|v4\n5|v5\n6|v6\n7|v7\n8|v8\n9|v9\n10|v10\n14|v14\n15|v15\n");
  EXPECT_EQ(Query(**conn, "SELECT id FROM t WHERE v = 'v14'"), "14\n");
  EXPECT_EQ(Query(**conn, "SELECT id FROM t WHERE v >= 'v11' AND v <= 'v13'"), "");
  EXPECT_EQ(Query(**conn, "SELECT * FROM u"), "1\n");
}

// (b) For real: a tmpfs of a few MB, mounted for the test and unmounted by RAII even when an
// assertion fails.
class TmpfsMount {
 public:
  // On failure error() says why.
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
  static constexpr size_t kPayload = 4096;
  static constexpr size_t kBallast = 3 << 20;  // freed later, as an operator would
  static constexpr int kMaxRows = 20000;       // 80 MB: far more than the file system holds

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
  void TearDown() override {
    conn_.reset();
    db_.reset();
    mount_.reset();  // unmount before the temp folder is removed
  }

  static std::string Payload(int id) {
    std::mt19937 rng(static_cast<uint32_t>(id));
    std::string p = std::to_string(id) + ":";
    while (p.size() < kPayload) p.push_back(static_cast<char>('!' + rng() % 90));
    return p;
  }

  Status Open() {
    conn_.reset();
    db_.reset();
    auto db = Database::Open(dir_);
    if (!db.ok()) return db.status();
    db_ = std::move(db).value();
    auto conn = db_->Connect();
    if (!conn.ok()) return conn.status();
    conn_ = std::move(conn).value();
    return Status::OK();
  }
  void Close() {
    conn_.reset();
    db_.reset();
  }

  // Inserts rows 1, 2, ... until one fails; sets acked_ and returns the failure.
  Status FillUntilFull() {
    Status st = conn_->Execute("CREATE TABLE t (id int PRIMARY KEY, payload text)").status();
    if (!st.ok()) return st;
    for (int id = 1; id <= kMaxRows; id++) {
      st = conn_->Execute("INSERT INTO t VALUES ($1, $2)", {Value::Int4(id), Value::Text(Payload(id))})
               .status();
      if (!st.ok()) return st;
      acked_ = id;
    }
    return Status::OK();
  }

  // Every acknowledged row, with its payload, and nothing else.
  void ExpectAllAcknowledgedRows() {
    auto r = conn_->Execute("SELECT id, payload FROM t ORDER BY id");
    ASSERT_OK(r);
    ASSERT_EQ(r->num_rows(), static_cast<size_t>(acked_));
    for (size_t i = 0; i < r->num_rows(); i++) {
      int id = static_cast<int>(r->Get(i, 0).int_value());
      ASSERT_EQ(id, static_cast<int>(i) + 1);
      ASSERT_EQ(r->Get(i, 1).string_value(), Payload(id)) << "row " << id;
    }
  }

  TempDir tmp_;
  std::string mnt_, dir_, ballast_;
  std::unique_ptr<TmpfsMount> mount_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
  int acked_ = 0;
};

// The file system fills up under a stream of INSERTs: the failing INSERT gets 53100, the process
// goes on, reads work, and every acknowledged row is there after close and reopen (once space
// was freed, if the reopen needs it).
TEST_F(DiskFullTmpfsTest, WritesFailCleanlyAndAcknowledgedRowsSurvive) {
  ASSERT_OK(Open());
  Status full = FillUntilFull();
  ASSERT_FALSE(full.ok()) << "wrote " << acked_ << " rows of 4 KB into a " << kSize << " tmpfs";
  std::cout << "[ status   ] after " << acked_ << " rows: " << full.ToString() << "\n";
  EXPECT_EQ(full.sqlstate(), "53100") << full.ToString();
  ASSERT_GT(acked_, 0);

  // Still a working connection: reads see every acknowledged row, writes keep failing cleanly.
  ASSERT_NO_FATAL_FAILURE(ExpectAllAcknowledgedRows());
  Status again =
      conn_->Execute("INSERT INTO t VALUES ($1, 'x')", {Value::Int4(acked_ + 1)}).status();
  EXPECT_FALSE(again.ok());
  if (!again.ok()) EXPECT_EQ(again.sqlstate(), "53100") << again.ToString();
  Close();  // must not crash or hang on the full file system

  // Reopen on the still full file system: either it works, or it fails cleanly with 53100.
  Status reopen = Open();
  std::cout << "[ status   ] reopen with the disk still full: " << reopen.ToString() << "\n";
  if (!reopen.ok()) {
    EXPECT_EQ(reopen.sqlstate(), "53100") << reopen.ToString();
  } else {
    ASSERT_NO_FATAL_FAILURE(ExpectAllAcknowledgedRows());
    Close();
  }

  // Space is freed: the database opens and holds exactly the acknowledged rows.
  ASSERT_TRUE(fs::remove(ballast_));
  ASSERT_OK(Open());
  ASSERT_NO_FATAL_FAILURE(ExpectAllAcknowledgedRows());
  ASSERT_OK(conn_->Execute("INSERT INTO t VALUES ($1, 'after')", {Value::Int4(acked_ + 1)}));
  Close();
  ASSERT_OK(Open());
  EXPECT_EQ(Query(*conn_, "SELECT payload FROM t WHERE id = " + std::to_string(acked_ + 1)),
            "after\n");
}

// Space freed while the database stays open: the next write goes through (the engine resumes
// RocksDB after the error) without a reopen.
TEST_F(DiskFullTmpfsTest, WritesResumeOnceSpaceIsFreedWithoutReopen) {
  ASSERT_OK(Open());
  Status full = FillUntilFull();
  ASSERT_FALSE(full.ok()) << "wrote " << acked_ << " rows of 4 KB into a " << kSize << " tmpfs";
  EXPECT_EQ(full.sqlstate(), "53100") << full.ToString();

  ASSERT_TRUE(fs::remove(ballast_));
  Status resumed =
      conn_->Execute("INSERT INTO t VALUES ($1, 'after')", {Value::Int4(acked_ + 1)}).status();
  if (!resumed.ok()) {
    Status retry =
        conn_->Execute("INSERT INTO t VALUES ($1, 'after')", {Value::Int4(acked_ + 1)}).status();
    ADD_FAILURE() << "first write after space was freed: " << resumed.ToString()
                  << "; second: " << retry.ToString();
    if (retry.ok()) acked_++;
  } else {
    acked_++;
  }
  Close();
  ASSERT_OK(Open());
  auto r = conn_->Execute("SELECT id FROM t WHERE id >= $1", {Value::Int4(acked_)});
  ASSERT_OK(r);
  EXPECT_EQ(r->num_rows(), 1u);
}

}  // namespace
}  // namespace komodo
