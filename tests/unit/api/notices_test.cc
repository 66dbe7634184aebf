// Notices through the embedded API (Connection::TakeNotices): what statements raise, with
// PostgreSQL 15's texts and SQLSTATEs, and when they are kept and cleared.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql_fixture.h"

namespace komodo::test {
namespace {

class NoticesTest : public SqlFixture {
 protected:
  // The notices of the last call, one "SEVERITY SQLSTATE message[ / detail]" per line.
  std::string Notices() {
    std::string out;
    for (const Notice& n : conn_->TakeNotices()) {
      out += n.severity + " " + n.sqlstate + " " + n.message;
      if (!n.detail.empty()) out += " / " + n.detail;
      out += "\n";
    }
    return out;
  }
};

TEST_F(NoticesTest, DropIfExistsSkipsMissingObjects) {
  ASSERT_EQ(Run("DROP TABLE IF EXISTS a, b"), "DROP TABLE");
  EXPECT_EQ(Notices(),
            "NOTICE 00000 table \"a\" does not exist, skipping\n"
            "NOTICE 00000 table \"b\" does not exist, skipping\n");
  EXPECT_EQ(Notices(), "");  // taking them clears them
  ASSERT_EQ(Run("DROP INDEX IF EXISTS i"), "DROP INDEX");
  EXPECT_EQ(Notices(), "NOTICE 00000 index \"i\" does not exist, skipping\n");
  ASSERT_EQ(Run("DROP VIEW IF EXISTS v"), "DROP VIEW");
  EXPECT_EQ(Notices(), "NOTICE 00000 view \"v\" does not exist, skipping\n");
  ASSERT_EQ(Run("DROP SEQUENCE IF EXISTS s"), "DROP SEQUENCE");
  EXPECT_EQ(Notices(), "NOTICE 00000 sequence \"s\" does not exist, skipping\n");
  ASSERT_EQ(Run("DROP ROLE IF EXISTS r"), "DROP ROLE");
  EXPECT_EQ(Notices(), "NOTICE 00000 role \"r\" does not exist, skipping\n");
  // An object that exists is dropped without a word.
  ASSERT_EQ(Run("CREATE TABLE t (a int)"), "CREATE TABLE");
  ASSERT_EQ(Run("DROP TABLE IF EXISTS t"), "DROP TABLE");
  EXPECT_EQ(Notices(), "");
}

TEST_F(NoticesTest, CreateIfNotExistsSkipsExistingRelations) {
  ASSERT_EQ(Run("CREATE TABLE t (a int)"), "CREATE TABLE");
  EXPECT_EQ(Notices(), "");
  ASSERT_EQ(Run("CREATE TABLE IF NOT EXISTS t (b text)"), "CREATE TABLE");
  EXPECT_EQ(Notices(), "NOTICE 42P07 relation \"t\" already exists, skipping\n");
  ASSERT_EQ(Run("CREATE INDEX t_a ON t (a)"), "CREATE INDEX");
  ASSERT_EQ(Run("CREATE INDEX IF NOT EXISTS t_a ON t (a)"), "CREATE INDEX");
  EXPECT_EQ(Notices(), "NOTICE 42P07 relation \"t_a\" already exists, skipping\n");
  ASSERT_EQ(Run("CREATE SEQUENCE IF NOT EXISTS t"), "CREATE SEQUENCE");
  EXPECT_EQ(Notices(), "NOTICE 42P07 relation \"t\" already exists, skipping\n");
  // Skipped means untouched: t still has its one column.
  EXPECT_EQ(Run("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"), "1\n");
}

TEST_F(NoticesTest, AlterTableIfExistsSkips) {
  ASSERT_EQ(Run("CREATE TABLE t (a int, b int)"), "CREATE TABLE");
  ASSERT_EQ(Run("ALTER TABLE t DROP CONSTRAINT IF EXISTS nope"), "ALTER TABLE");
  EXPECT_EQ(Notices(),
            "NOTICE 00000 constraint \"nope\" of relation \"t\" does not exist, skipping\n");
  ASSERT_EQ(Run("ALTER TABLE t DROP COLUMN IF EXISTS nope"), "ALTER TABLE");
  EXPECT_EQ(Notices(), "NOTICE 00000 column \"nope\" of relation \"t\" does not exist, skipping\n");
  ASSERT_EQ(Run("ALTER TABLE t ADD COLUMN IF NOT EXISTS b text"), "ALTER TABLE");
  EXPECT_EQ(Notices(), "NOTICE 42701 column \"b\" of relation \"t\" already exists, skipping\n");
  ASSERT_EQ(Run("ALTER TABLE IF EXISTS nope ADD COLUMN c int"), "ALTER TABLE");
  EXPECT_EQ(Notices(), "NOTICE 00000 relation \"nope\" does not exist, skipping\n");
}

TEST_F(NoticesTest, TransactionControlWarnings) {
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  EXPECT_EQ(Notices(), "WARNING 25P01 there is no transaction in progress\n");
  ASSERT_EQ(Run("ROLLBACK"), "ROLLBACK");
  EXPECT_EQ(Notices(), "WARNING 25P01 there is no transaction in progress\n");
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  EXPECT_EQ(Notices(), "");
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  EXPECT_EQ(Notices(), "WARNING 25001 there is already a transaction in progress\n");
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  EXPECT_EQ(Notices(), "");
  ASSERT_EQ(Run("START TRANSACTION"), "START TRANSACTION");
  ASSERT_EQ(Run("START TRANSACTION"), "START TRANSACTION");
  EXPECT_EQ(Notices(), "WARNING 25001 there is already a transaction in progress\n");
  ASSERT_EQ(Run("END"), "COMMIT");
  ASSERT_EQ(Run("ABORT"), "ROLLBACK");
  EXPECT_EQ(Notices(), "WARNING 25P01 there is no transaction in progress\n");
}

TEST_F(NoticesTest, CascadeNotices) {
  ASSERT_EQ(Run("CREATE TABLE p (a int PRIMARY KEY)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c1 (a int REFERENCES p (a))"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c2 (a int REFERENCES p (a))"), "CREATE TABLE");
  ASSERT_EQ(Run("TRUNCATE p CASCADE"), "TRUNCATE TABLE");
  EXPECT_EQ(Notices(),
            "NOTICE 00000 truncate cascades to table \"c1\"\n"
            "NOTICE 00000 truncate cascades to table \"c2\"\n");
  ASSERT_EQ(Run("TRUNCATE p, c1, c2"), "TRUNCATE TABLE");
  EXPECT_EQ(Notices(), "");
  ASSERT_EQ(Run("DROP TABLE p CASCADE"), "DROP TABLE");
  EXPECT_EQ(Notices(),
            "NOTICE 00000 drop cascades to 2 other objects / "
            "drop cascades to constraint c1_a_fkey on table c1\n"
            "drop cascades to constraint c2_a_fkey on table c2\n");
  ASSERT_EQ(Run("CREATE TABLE q (a int PRIMARY KEY)"), "CREATE TABLE");
  ASSERT_EQ(Run("ALTER TABLE c1 ADD FOREIGN KEY (a) REFERENCES q (a)"), "ALTER TABLE");
  ASSERT_EQ(Run("DROP TABLE q CASCADE"), "DROP TABLE");
  EXPECT_EQ(Notices(), "NOTICE 00000 drop cascades to constraint c1_a_fkey on table c1\n");
}

TEST_F(NoticesTest, SignalOfAnUnknownPidWarns) {
  EXPECT_EQ(Run("SELECT pg_cancel_backend(2147483647), pg_terminate_backend(2147483646)"), "f|f\n");
  EXPECT_EQ(Notices(),
            "WARNING 01000 PID 2147483647 is not a PostgreSQL backend process\n"
            "WARNING 01000 PID 2147483646 is not a PostgreSQL backend process\n");
  EXPECT_EQ(Run("SELECT pg_cancel_backend(NULL)"), "NULL\n");
  EXPECT_EQ(Notices(), "");
}

TEST_F(NoticesTest, KeptUntilTheNextCallAndThroughAFailure) {
  // A statement that fails after raising a notice keeps it, as PostgreSQL sends it first.
  EXPECT_EQ(Run("DROP TABLE IF EXISTS a; DROP TABLE b"), "ERROR 42P01: table \"b\" does not exist");
  EXPECT_EQ(Notices(), "NOTICE 00000 table \"a\" does not exist, skipping\n");
  // Notices not taken are gone once the next call starts.
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  ASSERT_EQ(Run("SELECT 1"), "1\n");
  EXPECT_EQ(Notices(), "");
  // Prepared statements raise theirs on each execution.
  auto prepared = conn_->Prepare("DROP TABLE IF EXISTS gone");
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  for (int i = 0; i < 2; i++) {
    ASSERT_TRUE(prepared->Execute().ok());
    EXPECT_EQ(Notices(), "NOTICE 00000 table \"gone\" does not exist, skipping\n");
  }
}

// ExecuteEach: a sink takes each statement's notices in Complete, before its command tag.
TEST_F(NoticesTest, ExecuteEachSinkSeesEachStatementsNotices) {
  class Sink : public ResultSink {
   public:
    explicit Sink(Connection& c) : c_(c) {}
    Status Columns(const std::vector<ColumnInfo>&) override { return Status::OK(); }
    Status Rows(const std::vector<std::vector<Value>>&) override { return Status::OK(); }
    Status Complete(const std::string& tag) override {
      for (const Notice& n : c_.TakeNotices()) log += n.severity + ": " + n.message + "\n";
      log += tag + "\n";
      return Status::OK();
    }
    std::string log;

   private:
    Connection& c_;
  } sink(*conn_);
  ASSERT_TRUE(
      conn_->ExecuteEach("DROP TABLE IF EXISTS a; SELECT 1; DROP SEQUENCE IF EXISTS s", sink).ok());
  EXPECT_EQ(sink.log,
            "NOTICE: table \"a\" does not exist, skipping\n"
            "DROP TABLE\n"
            "SELECT 1\n"
            "NOTICE: sequence \"s\" does not exist, skipping\n"
            "DROP SEQUENCE\n");
}

}  // namespace
}  // namespace komodo::test
