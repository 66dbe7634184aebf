// Opening a data folder: what survives a close and reopen, the folder lock against a second
// opener (in this process, in another process, from the `komodo` binary), and the errors for
// folders that are missing, foreign, of another format, or damaged inside RocksDB.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/database_impl.h"
#include "api/introspection.h"
#include "komodo/database.h"
#include "sql/planner/access_path.h"
#include "storage/keys.h"
#include "test_util.h"

namespace komodo {
namespace {

namespace fs = std::filesystem;
using test::ReadFile;
using test::Render;
using test::TempDir;

// The files below `dir`, relative, with their sizes: to prove a failed open wrote nothing.
std::string Listing(const std::string& dir) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    std::string name = fs::relative(e.path(), dir).string();
    if (e.is_regular_file()) name += " " + std::to_string(e.file_size());
    entries.push_back(name);
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& e : entries) out += e + "\n";
  return out;
}

struct ChildResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs KOMODO_BINARY with `args`; stdout and stderr go through files under `scratch`.
ChildResult RunKomodo(const std::vector<std::string>& args, const std::string& scratch) {
  std::string out_path = scratch + "/stdout", err_path = scratch + "/stderr";
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0) ::_exit(126);
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    std::vector<char*> argv = {const_cast<char*>(KOMODO_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(KOMODO_BINARY, argv.data());
    ::_exit(127);
  }
  ChildResult r;
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

class OpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    ASSERT_FALSE(root_.empty());
    dir_ = root_ + "/data";
  }
  // Opens dir_ and connects; the connection is dropped before the database.
  void OpenAndConnect(const Options& options = {}) {
    conn_.reset();
    db_.reset();
    auto db = Database::Open(dir_, options);
    ASSERT_OK(db);
    db_ = std::move(db).value();
    auto conn = db_->Connect();
    ASSERT_OK(conn);
    conn_ = std::move(conn).value();
  }
  void Close() {
    conn_.reset();
    db_.reset();
  }
  std::string Query(const std::string& sql, const std::vector<Value>& params = {}) {
    auto r = conn_->Execute(sql, params);
    if (!r.ok()) return r.status().ToString();
    return Render(*r);
  }
  Status Exec(const std::string& sql, const std::vector<Value>& params = {}) {
    return conn_->Execute(sql, params).status();
  }

  // The planner's choice for `SELECT ... FROM table WHERE column = 3`.
  std::string AccessPathForEquality(const std::string& table, const std::string& column) {
    auto state = conn_->impl().CatalogView();
    const catalog::TableDef* t = state->FindTable(table);
    if (t == nullptr) return "no table " + table;
    int pos = t->FindColumn(column);
    if (pos < 0) return "no column " + column;
    auto col = std::make_unique<sql::BoundExpr>();
    col->kind = sql::BoundExpr::Kind::kColumn;
    col->type = t->columns[pos].type;
    col->column = pos;
    auto val = std::make_unique<sql::BoundExpr>();
    val->kind = sql::BoundExpr::Kind::kConst;
    val->type = TypeId::kInt4;
    val->value = Value::Int4(3);
    auto eq = std::make_unique<sql::BoundExpr>();
    eq->kind = sql::BoundExpr::Kind::kCompare;
    eq->type = TypeId::kBool;
    eq->op = "=";
    eq->args.push_back(std::move(col));
    eq->args.push_back(std::move(val));
    return sql::ChooseAccessPath(*t, eq.get()).Describe(*t);
  }

  // How many keys the store holds under ObjectPrefix(kind, id), as of now.
  int64_t KeysOf(storage::KeyKind kind, uint32_t id) {
    auto txn = conn_->impl().db.engine->BeginTransaction();
    auto it = txn->NewIterator(storage::ObjectPrefix(kind, id), storage::ObjectPrefixEnd(kind, id));
    int64_t n = 0;
    for (; it->Valid(); it->Next()) n++;
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    return n;
  }

  TempDir tmp_;  // declared first, so removed after everything that uses it
  std::string root_, dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

// (a) Tables, rows, defaults, constraints and indexes come back after close and reopen, and the
// secondary index is still chosen by the planner and holds exactly the table's rows.
TEST_F(OpenTest, ReopenKeepsCatalogRowsAndIndexes) {
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  ASSERT_OK(
      Exec("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, name text NOT NULL, "
           "score int DEFAULT 7)"));
  ASSERT_OK(
      Exec("CREATE TABLE orders (id bigint PRIMARY KEY, user_id int, amount double precision)"));
  ASSERT_OK(Exec("CREATE INDEX orders_user_idx ON orders (user_id)"));
  for (int i = 1; i <= 20; i++) {
    ASSERT_OK(Exec("INSERT INTO users (id, email, name) VALUES ($1, $2, $3)",
                   {Value::Int4(i), Value::Text("u" + std::to_string(i) + "@x.org"),
                    Value::Text("user " + std::to_string(i))}));
  }
  ASSERT_OK(Exec("BEGIN"));
  for (int i = 1; i <= 200; i++) {
    ASSERT_OK(Exec("INSERT INTO orders VALUES ($1, $2, $3)",
                   {Value::Int8(i), Value::Int4(i % 20 + 1), Value::Float8(i * 1.5)}));
  }
  ASSERT_OK(Exec("COMMIT"));
  std::string users = Query("SELECT * FROM users ORDER BY id");
  std::string orders = Query("SELECT * FROM orders ORDER BY id");
  std::string orders_of_3 = Query("SELECT id, amount FROM orders WHERE user_id = 3 ORDER BY id");
  ASSERT_EQ(std::count(orders_of_3.begin(), orders_of_3.end(), '\n'), 10);
  Close();

  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  auto tables = api::ListTables(*conn_);
  ASSERT_OK(tables);
  std::string catalog;
  for (const api::TableDescription& t : *tables) {
    catalog += t.name + ":";
    for (const auto& c : t.columns) {
      catalog += " " + c.name + " " + c.type + (c.not_null ? " not null" : "") +
                 (c.default_expr.empty() ? "" : " default " + c.default_expr) + ",";
    }
    for (const auto& i : t.indexes) {
      catalog += " [" + i.name + (i.primary ? " primary" : "") + (i.unique ? " unique" : "") + "]";
    }
    catalog += "\n";
  }
  EXPECT_EQ(catalog,
            "orders: id bigint not null, user_id integer, amount double precision, "
            "[orders_pkey primary unique] [orders_user_idx]\n"
            "users: id integer not null, email text, name text not null, score integer default 7, "
            "[users_pkey primary unique] [users_email_key unique]\n");
  EXPECT_EQ(Query("SELECT * FROM users ORDER BY id"), users);
  EXPECT_EQ(Query("SELECT * FROM orders ORDER BY id"), orders);

  // The index is used, and agrees with the table.
  EXPECT_EQ(AccessPathForEquality("orders", "user_id"),
            "Index Scan using orders_user_idx on orders");
  EXPECT_EQ(AccessPathForEquality("users", "email"), "Index Scan using users_email_key on users");
  EXPECT_EQ(Query("SELECT id, amount FROM orders WHERE user_id = 3 ORDER BY id"), orders_of_3);
  EXPECT_EQ(Query("SELECT id FROM orders WHERE user_id >= 0 ORDER BY id"),
            Query("SELECT id FROM orders ORDER BY id"));
  const catalog::TableDef* o = conn_->impl().CatalogView()->FindTable("orders");
  ASSERT_NE(o, nullptr);
  ASSERT_EQ(o->indexes.size(), 1u);
  EXPECT_EQ(KeysOf(storage::KeyKind::kIndex, o->indexes[0].id), 200);
  EXPECT_EQ(KeysOf(storage::KeyKind::kRow, o->id), 200);
  EXPECT_EQ(Query("SELECT name FROM users WHERE email = 'u7@x.org'"), "user 7\n");

  // Constraints and defaults are still enforced after the reopen.
  EXPECT_EQ(Exec("INSERT INTO users (id, email, name) VALUES (99, 'u7@x.org', 'dup')").sqlstate(),
            "23505");
  EXPECT_EQ(Exec("INSERT INTO users VALUES (1, 'new@x.org', 'dup pk')").sqlstate(), "23505");
  EXPECT_EQ(Exec("INSERT INTO users (id, email) VALUES (98, 'nn@x.org')").sqlstate(), "23502");
  ASSERT_OK(Exec("INSERT INTO users (id, email, name) VALUES (21, 'u21@x.org', 'user 21')"));
  ASSERT_OK(Exec("INSERT INTO orders VALUES (201, 3, 0.5)"));
  Close();

  // The writes after the first reopen survive a second one, index included.
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT score FROM users WHERE id = 21"), "7\n");
  EXPECT_EQ(Query("SELECT id, amount FROM orders WHERE user_id = 3 ORDER BY id"),
            orders_of_3 + "201|0.5\n");
  EXPECT_EQ(Query("SELECT id FROM orders WHERE user_id >= 0 ORDER BY id"),
            Query("SELECT id FROM orders ORDER BY id"));
}

// (b) A dropped table stays dropped after reopen, its rows and index entries are gone from the
// store, and a new table of the same name starts empty.
TEST_F(OpenTest, DroppedTableStaysDroppedAfterReopen) {
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY, v text)"));
  ASSERT_OK(Exec("CREATE INDEX t_v_idx ON t (v)"));
  ASSERT_OK(Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
  ASSERT_OK(Exec("CREATE TABLE keep (id int PRIMARY KEY, v text)"));
  ASSERT_OK(Exec("CREATE INDEX keep_v_idx ON keep (v)"));
  ASSERT_OK(Exec("INSERT INTO keep VALUES (1, 'x'), (2, 'y')"));
  const catalog::TableDef* t = conn_->impl().CatalogView()->FindTable("t");
  ASSERT_NE(t, nullptr);
  uint32_t old_table = t->id, old_index = t->indexes.at(0).id;
  ASSERT_EQ(KeysOf(storage::KeyKind::kRow, old_table), 3);
  ASSERT_EQ(KeysOf(storage::KeyKind::kIndex, old_index), 3);
  ASSERT_OK(Exec("DROP TABLE t"));
  ASSERT_OK(Exec("DROP INDEX keep_v_idx"));
  Close();

  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT * FROM t"), "ERROR 42P01: relation \"t\" does not exist");
  auto tables = api::ListTables(*conn_);
  ASSERT_OK(tables);
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].name, "keep");
  EXPECT_EQ((*tables)[0].indexes.size(), 1u);  // the primary key only
  EXPECT_EQ(Query("SELECT * FROM keep WHERE v = 'y'"), "2|y\n");
  EXPECT_EQ(KeysOf(storage::KeyKind::kRow, old_table), 0);
  EXPECT_EQ(KeysOf(storage::KeyKind::kIndex, old_index), 0);
  EXPECT_EQ(KeysOf(storage::KeyKind::kPendingDrop, old_table), 0);

  ASSERT_OK(Exec("CREATE TABLE t (id bigint PRIMARY KEY, w int)"));
  EXPECT_EQ(Query("SELECT * FROM t"), "");
  ASSERT_OK(Exec("INSERT INTO t VALUES (10, 100)"));
  Close();
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT * FROM t"), "10|100\n");
  EXPECT_EQ(Query("SELECT * FROM keep ORDER BY id"), "1|x\n2|y\n");
}

// Reopening must not leave the previous write-ahead log behind each time: a folder that is
// opened and closed often (every `komodo sql -c`) would grow without bound, and every open
// would replay all the old logs again. RocksDB's TransactionDB turns on allow_2pc, and with it
// a log is only released by a memtable flush, so the engine flushes on a clean close.
TEST_F(OpenTest, ReopeningDoesNotAccumulateWriteAheadLogs) {
  for (int i = 0; i < 6; i++) {
    ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
    if (i == 0) ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY)"));
    ASSERT_OK(Exec("INSERT INTO t VALUES ($1)", {Value::Int4(i)}));
    Close();
  }
  std::vector<std::string> logs;
  for (const auto& e : fs::directory_iterator(dir_ + "/db")) {
    if (e.path().extension() == ".log") logs.push_back(e.path().filename().string());
  }
  std::sort(logs.begin(), logs.end());
  std::string names;
  for (const auto& l : logs) names += l + " ";
  EXPECT_LE(logs.size(), 2u) << "write-ahead logs after 6 opens: " << names;
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id"), "0\n1\n2\n3\n4\n5\n");
}

// (c) A second Database::Open of the same folder in this process fails with 55006 naming the
// folder; the first keeps working; once it is closed the folder opens again.
TEST_F(OpenTest, SecondOpenInSameProcessIsRefused) {
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY)"));
  auto second = Database::Open(dir_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().sqlstate(), "55006") << second.status().ToString();
  EXPECT_NE(second.status().message().find(dir_), std::string::npos) << second.status().message();
  EXPECT_NE(second.status().message().find("in use by another process"), std::string::npos);
  ASSERT_OK(Exec("INSERT INTO t VALUES (1)"));
  EXPECT_EQ(Query("SELECT id FROM t"), "1\n");
  Close();
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT id FROM t"), "1\n");
}

// (c) Another process (a forked child calling Database::Open, and the `komodo` binary) is refused
// with 55006 while this one holds the folder; this one keeps working, and after it closes the
// binary can open the folder.
TEST_F(OpenTest, OtherProcessIsRefusedWhileFolderIsOpen) {
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY)"));
  ASSERT_OK(Exec("INSERT INTO t VALUES (1)"));

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // no gtest code here: report over the pipe and leave
    ::close(fds[0]);
    auto db = Database::Open(dir_);
    std::string report = db.ok()
                             ? std::string("00000 opened")
                             : std::string(db.status().sqlstate()) + " " + db.status().message();
    ssize_t w = ::write(fds[1], report.data(), report.size());
    ::_exit(w == static_cast<ssize_t>(report.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof(buf))) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    report.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(report.substr(0, 6), "55006 ") << report;
  EXPECT_NE(report.find(dir_), std::string::npos) << report;
  EXPECT_NE(report.find("(pid " + std::to_string(::getpid()) + ")"), std::string::npos) << report;

  ChildResult r = RunKomodo({"sql", dir_, "-c", "SELECT 1"}, root_);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("in use by another process"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(dir_), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  ASSERT_OK(Exec("INSERT INTO t VALUES (2)"));
  EXPECT_EQ(Query("SELECT id FROM t ORDER BY id"), "1\n2\n");
  Close();

  r = RunKomodo({"sql", dir_, "-c", "SELECT id FROM t ORDER BY id"}, root_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, " id \n----\n  1\n  2\n(2 rows)\n\n");
}

// (d) A missing folder without create_if_missing: 58P01, and nothing is created.
TEST_F(OpenTest, MissingFolderWithoutCreateIsUndefinedFile) {
  Options options;
  options.create_if_missing = false;
  auto db = Database::Open(dir_, options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().sqlstate(), "58P01") << db.status().ToString();
  EXPECT_NE(db.status().message().find(dir_), std::string::npos) << db.status().message();
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(OpenTest, EmptyFolderWithoutCreateIsUndefinedFileAndStaysEmpty) {
  fs::create_directories(dir_);
  Options options;
  options.create_if_missing = false;
  auto db = Database::Open(dir_, options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().sqlstate(), "58P01") << db.status().ToString();
  EXPECT_TRUE(fs::is_empty(dir_));
}

// (d) A path that is a regular file: an error naming it, the file untouched.
TEST_F(OpenTest, RegularFileIsAnError) {
  std::ofstream(dir_) << "just a file\n";
  auto db = Database::Open(dir_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().sqlstate(), "58030") << db.status().ToString();
  EXPECT_NE(db.status().message().find(dir_), std::string::npos) << db.status().message();
  EXPECT_EQ(ReadFile(dir_), "just a file\n");
}

// (d) A non-empty folder that is not a KomodoDB database: XX001, and not one file is created in
// it, with or without create_if_missing.
TEST_F(OpenTest, ForeignFolderIsRefusedAndLeftUntouched) {
  fs::create_directories(dir_ + "/sub");
  std::ofstream(dir_ + "/notes.txt") << "my notes\n";
  std::ofstream(dir_ + "/sub/more.txt") << "more\n";
  std::string before = Listing(dir_);
  for (bool create : {true, false}) {
    Options options;
    options.create_if_missing = create;
    auto db = Database::Open(dir_, options);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().sqlstate(), "XX001") << db.status().ToString();
    EXPECT_NE(db.status().message().find(dir_), std::string::npos) << db.status().message();
    EXPECT_EQ(Listing(dir_), before);
  }
  EXPECT_EQ(ReadFile(dir_ + "/notes.txt"), "my notes\n");
}

// (d) The same when the foreign folder happens to hold a db/ subfolder of its own, as many
// applications' folders do: an interrupted creation leaves only RocksDB's files in db/, and
// anything else there means the folder is someone else's.
TEST_F(OpenTest, ForeignFolderWithDbSubfolderIsRefusedAndLeftUntouched) {
  fs::create_directories(dir_ + "/db");
  std::ofstream(dir_ + "/db/users.sqlite") << "SQLite format 3";
  std::string before = Listing(dir_);
  auto db = Database::Open(dir_);
  if (db.ok()) {
    db->reset();
    ADD_FAILURE() << "opened as a new database; the folder now holds:\n" << Listing(dir_);
    return;
  }
  EXPECT_EQ(db.status().sqlstate(), "XX001") << db.status().ToString();
  EXPECT_EQ(Listing(dir_), before);
}

// (d) An identity file of a future format: 0A000 naming the version; of an unknown kind: XX001.
// A database whose identity file was damaged opens again, intact, once the file is restored.
TEST_F(OpenTest, IdentityFileOfOtherFormatOrGarbageIsRefused) {
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY)"));
  ASSERT_OK(Exec("INSERT INTO t VALUES (42)"));
  Close();
  std::string identity = ReadFile(dir_ + "/KOMODO");
  ASSERT_EQ(identity, "KomodoDB data folder\nformat 1\n");

  struct Case {
    std::string content, sqlstate, mentions;
  };
  for (const Case& c : std::vector<Case>{
           {"KomodoDB data folder\nformat 999\n", "0A000", "999"},
           {"\x89PNG\r\n\x1a\ngarbage\xff\xfe", "XX001", "KOMODO"},
           {"", "XX001", "KOMODO"},
           {"KomodoDB data folder\nversion 1\n", "XX001", "KOMODO"},
           {"KomodoDB data folder\nformat\n", "XX001", "KOMODO"},
       }) {
    SCOPED_TRACE("KOMODO = \"" + c.content + "\"");
    std::ofstream(dir_ + "/KOMODO", std::ios::binary | std::ios::trunc) << c.content;
    auto db = Database::Open(dir_);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().sqlstate(), c.sqlstate) << db.status().ToString();
    EXPECT_NE(db.status().message().find(dir_), std::string::npos) << db.status().message();
    EXPECT_NE(db.status().message().find(c.mentions), std::string::npos) << db.status().message();
  }

  // A fresh folder with a future-format identity file is refused the same way.
  std::string other = root_ + "/other";
  fs::create_directories(other);
  std::ofstream(other + "/KOMODO") << "KomodoDB data folder\nformat 999\n";
  auto db = Database::Open(other);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().sqlstate(), "0A000") << db.status().ToString();

  std::ofstream(dir_ + "/KOMODO", std::ios::trunc) << identity;
  ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
  EXPECT_EQ(Query("SELECT id FROM t"), "42\n");
}

// (e) Damage inside DIR/db/, RocksDB's own files. Each kind of damage gives a clear error naming
// the folder, not a crash; and the failed open must not "repair" the folder into a different
// database: opening it a second time fails the same way.
class OpenDamagedStoreTest : public OpenTest {
 protected:
  // Creates a database with a table and rows, reopened once so that the rows are also in an
  // SST file (recovery flushes the log), then applies `damage` to dir_/db.
  void MakeDamaged(const std::function<void(const std::string& db_dir)>& damage) {
    ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
    ASSERT_OK(Exec("CREATE TABLE t (id int PRIMARY KEY, v text)"));
    ASSERT_OK(Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')"));
    Close();
    ASSERT_NO_FATAL_FAILURE(OpenAndConnect());
    ASSERT_EQ(Query("SELECT * FROM t ORDER BY id"), "1|a\n2|b\n");
    Close();
    damage(dir_ + "/db");
  }

  static std::string Current(const std::string& db_dir) {
    std::string c = ReadFile(db_dir + "/CURRENT");
    while (!c.empty() && c.back() == '\n') c.pop_back();
    return c;
  }

  // Opens twice; both must fail with one of `sqlstates` and name the folder.
  void ExpectRefusedTwice(const std::set<std::string>& sqlstates) {
    for (int attempt = 1; attempt <= 2; attempt++) {
      SCOPED_TRACE("attempt " + std::to_string(attempt));
      auto db = Database::Open(dir_);
      if (db.ok()) {
        auto conn = (*db)->Connect();
        auto r = conn.ok() ? (*conn)->Execute("SELECT * FROM t ORDER BY id") : conn.status();
        ADD_FAILURE() << "the damaged database opened; SELECT * FROM t gives: "
                      << (r.ok() ? Render(*r) : r.status().ToString());
        return;
      }
      EXPECT_TRUE(sqlstates.count(std::string(db.status().sqlstate()))) << db.status().ToString();
      EXPECT_NE(db.status().message().find(dir_), std::string::npos) << db.status().message();
    }
  }
};

TEST_F(OpenDamagedStoreTest, TruncatedManifestIsCorruption) {
  ASSERT_NO_FATAL_FAILURE(
      MakeDamaged([](const std::string& db) { fs::resize_file(db + "/" + Current(db), 10); }));
  ExpectRefusedTwice({"XX001"});
}

TEST_F(OpenDamagedStoreTest, OverwrittenManifestIsCorruption) {
  ASSERT_NO_FATAL_FAILURE(MakeDamaged([](const std::string& db) {
    std::string path = db + "/" + Current(db);
    auto size = fs::file_size(path);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << std::string(size, '\x5a');
  }));
  ExpectRefusedTwice({"XX001"});
}

TEST_F(OpenDamagedStoreTest, GarbageCurrentFileIsCorruption) {
  ASSERT_NO_FATAL_FAILURE(MakeDamaged([](const std::string& db) {
    std::ofstream(db + "/CURRENT", std::ios::trunc) << "garbage\n";
  }));
  ExpectRefusedTwice({"XX001", "58030"});
}

TEST_F(OpenDamagedStoreTest, EmptyCurrentFileIsCorruption) {
  ASSERT_NO_FATAL_FAILURE(
      MakeDamaged([](const std::string& db) { fs::resize_file(db + "/CURRENT", 0); }));
  ExpectRefusedTwice({"XX001"});
}

TEST_F(OpenDamagedStoreTest, MissingManifestIsAnError) {
  ASSERT_NO_FATAL_FAILURE(
      MakeDamaged([](const std::string& db) { fs::remove(db + "/" + Current(db)); }));
  ExpectRefusedTwice({"XX001", "58030"});
}

// A failed open must not "repair" the store: RocksDB with create_if_missing writes a new, empty
// MANIFEST and CURRENT into DIR/db before it notices the old logs, after which a second open
// would succeed on a database rebuilt from the logs alone, ignoring every SST file.
TEST_F(OpenDamagedStoreTest, MissingCurrentFileIsRefusedEveryTime) {
  ASSERT_NO_FATAL_FAILURE(MakeDamaged([](const std::string& db) { fs::remove(db + "/CURRENT"); }));
  ExpectRefusedTwice({"XX001"});
}

// With DIR/db gone (all the data), the folder must not open as a new, empty database, as if
// nothing had been lost.
TEST_F(OpenDamagedStoreTest, MissingStoreFolderIsRefused) {
  ASSERT_NO_FATAL_FAILURE(MakeDamaged([](const std::string& db) { fs::remove_all(db); }));
  ExpectRefusedTwice({"XX001", "58030"});
}

}  // namespace
}  // namespace komodo
