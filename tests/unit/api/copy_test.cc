// COPY through the embedded API: Connection::BeginCopy, Copy::Write/Finish/Abort/Out, and its
// transaction rules (one transaction per COPY; an error aborts a block).
#include <gtest/gtest.h>

#include "komodo/database.h"
#include "test_util.h"

namespace komodo {
namespace {

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    db_ = std::move(Database::Open(tmp_.path())).value();
    conn_ = std::move(db_->Connect()).value();
    ASSERT_TRUE(conn_
                    ->Execute("CREATE TABLE t (a int PRIMARY KEY, b text NOT NULL, "
                              "c varchar(3) DEFAULT 'zz')")
                    .ok());
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  // Runs COPY FROM with `chunks` as the data; the tag or "ERROR <state>: <message> | <context>".
  std::string CopyIn(const std::string& sql, const std::vector<std::string>& chunks) {
    auto copy = conn_->BeginCopy(sql);
    if (!copy.ok()) return Error(copy.status());
    for (const std::string& c : chunks) {
      Status s = (*copy)->Write(c);
      if (!s.ok()) return Error(s);
    }
    auto r = (*copy)->Finish();
    return r.ok() ? r->command_tag() : Error(r.status());
  }
  std::string CopyOut(const std::string& sql) {
    std::string out;
    auto r = conn_->CopyOut(sql, [&](std::string_view line) {
      out += line;
      return Status::OK();
    });
    return r.ok() ? out + r->command_tag() : Error(r.status());
  }
  static std::string Error(const Status& s) {
    return "ERROR " + std::string(s.sqlstate()) + ": " + s.message() +
           (s.context().empty() ? "" : " | " + s.context());
  }
  std::string Rows() {
    return test::Render(std::move(conn_->Execute("TABLE t ORDER BY a")).value());
  }

  test::TempDir tmp_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(CopyTest, TextRowsInChunksWithDefaults) {
  EXPECT_EQ(CopyIn("COPY t (a, b) FROM STDIN", {"1\tone\n2\t", "tw", "o\\tx\n3\tthree"}), "COPY 3");
  EXPECT_EQ(Rows(), "1|one|zz\n2|two\tx|zz\n3|three|zz\n");
  EXPECT_EQ(CopyOut("COPY t TO STDOUT"), "1\tone\tzz\n2\ttwo\\tx\tzz\n3\tthree\tzz\nCOPY 3");
}

TEST_F(CopyTest, CsvWithHeader) {
  EXPECT_EQ(CopyIn("COPY t FROM STDIN WITH (FORMAT csv, HEADER)", {"a,b,c\n1,\"x,\"\"y\",\n"}),
            "COPY 1");
  EXPECT_EQ(Rows(), "1|x,\"y|NULL\n");
  EXPECT_EQ(CopyOut("COPY t TO STDOUT CSV HEADER"), "a,b,c\n1,\"x,\"\"y\",\nCOPY 1");
  EXPECT_EQ(CopyOut("COPY (SELECT a * 10 AS x, NULL::text AS y FROM t) TO STDOUT"),
            "10\t\\N\nCOPY 1");
}

TEST_F(CopyTest, ABadRowKeepsNothing) {
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\ta\tb\n2\tb\tc\nx\tc\td\n"}),
            "ERROR 22P02: invalid input syntax for type integer: \"x\" | "
            "COPY t, line 3, column a: \"x\"");
  EXPECT_EQ(Rows(), "");
  EXPECT_EQ(conn_->transaction_status(), 'I');
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\ta\tb\n2\tb\n"}),
            "ERROR 22P04: missing data for column \"c\" | COPY t, line 2: \"2\tb\"");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\ta\tb\te\n"}),
            "ERROR 22P04: extra data after last expected column | COPY t, line 1: \"1\ta\tb\te\"");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\t\\N\tb\n"}),
            "ERROR 23502: null value in column \"b\" of relation \"t\" violates not-null "
            "constraint | COPY t, line 1: \"1\t\\N\tb\"");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\ta\tbbbb\n"}),
            "ERROR 22001: value too long for type character varying(3) | "
            "COPY t, line 1, column c: \"bbbb\"");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN", {"1\ta\tb\n1\ta\tb\n"}),
            "ERROR 23505: duplicate key value violates unique constraint \"t_pkey\" | "
            "COPY t, line 2");
  EXPECT_EQ(Rows(), "");
}

TEST_F(CopyTest, InABlockAnErrorAbortsTheBlock) {
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(CopyIn("COPY t (a, b) FROM STDIN", {"1\ta\n"}), "COPY 1");
  EXPECT_EQ(Rows(), "1|a|zz\n");
  EXPECT_EQ(CopyIn("COPY t (a, b) FROM STDIN", {"2\tb\nbad\n"}).substr(0, 11), "ERROR 22P02");
  EXPECT_EQ(conn_->transaction_status(), 'E');
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Rows(), "");
}

TEST_F(CopyTest, AbortRollsBack) {
  auto copy = conn_->BeginCopy("COPY t (a, b) FROM STDIN");
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE((*copy)->Write("1\ta\n").ok());
  EXPECT_EQ(Error((*copy)->Abort("client said no")),
            "ERROR 57014: COPY from stdin failed: client said no");
  copy = conn_->BeginCopy("COPY t (a, b) FROM STDIN");  // destroyed unfinished: rolled back
  ASSERT_TRUE((*copy)->Write("2\tb\n").ok());
  copy = Status::InvalidParameter("drop it");
  EXPECT_EQ(Rows(), "");
}

TEST_F(CopyTest, StatementErrors) {
  EXPECT_EQ(CopyIn("COPY nope FROM STDIN", {}), "ERROR 42P01: relation \"nope\" does not exist");
  EXPECT_EQ(CopyIn("COPY t (x) FROM STDIN", {}),
            "ERROR 42703: column \"x\" of relation \"t\" does not exist");
  EXPECT_EQ(CopyIn("COPY t (a, a) FROM STDIN", {}),
            "ERROR 42701: column \"a\" specified more than once");
  EXPECT_EQ(CopyIn("COPY t FROM '/tmp/x'", {}).substr(0, 11), "ERROR 0A000");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN WITH (foo 1)", {}),
            "ERROR 42601: option \"foo\" not recognized");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN WITH (QUOTE 'x')", {}),
            "ERROR 0A000: COPY quote available only in CSV mode");
  EXPECT_EQ(CopyIn("COPY t FROM STDIN WITH (FORMAT csv, FORMAT text)", {}),
            "ERROR 42601: conflicting or redundant options");
  EXPECT_EQ(Error(conn_->Execute("COPY t FROM STDIN").status()).substr(0, 11), "ERROR 0A000");
}

}  // namespace
}  // namespace komodo
