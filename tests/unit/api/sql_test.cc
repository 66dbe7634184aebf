// SQL through the embedded API: results, PostgreSQL's error codes, transaction blocks.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sql_fixture.h"

namespace komodo {
namespace {

class SqlTest : public test::SqlFixture {};

TEST_F(SqlTest, CreateInsertSelectRoundTripsEveryType) {
  ASSERT_EQ(Run("CREATE TABLE t (id bigint PRIMARY KEY, b boolean, s smallint, i integer, "
                "r real, d double precision, t text, v varchar(5), y bytea, dt date, "
                "ts timestamp, tz timestamptz, u uuid)"),
            "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO t VALUES (1, true, -3, 42, 1.5, -0.25, 'héllo', 'abc', '\\x00ff', "
                "'2024-02-29', '2024-02-29 13:14:15.5', '2024-02-29 13:14:15+07', "
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')"),
            "INSERT 0 1");
  EXPECT_EQ(Run("SELECT * FROM t"),
            "1|t|-3|42|1.5|-0.25|héllo|abc|\\x00ff|2024-02-29|2024-02-29 13:14:15.5|"
            "2024-02-29 06:14:15+00|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n");
}

TEST_F(SqlTest, VarcharLengthCountsCharactersNotBytes) {
  Run("CREATE TABLE v (s varchar(2))");
  EXPECT_EQ(Run("INSERT INTO v VALUES ('hé')"), "INSERT 0 1");
  EXPECT_EQ(State("INSERT INTO v VALUES ('héx')"), "22001");
  EXPECT_EQ(Run("SELECT 'héllo'::varchar(2), 'ab'::varchar(5)"), "hé|ab\n");  // casts truncate
}

TEST_F(SqlTest, WhereUsesPrimaryKeyRangesAndFiltersTheRest) {
  Run("CREATE TABLE t (a int, b int, c text, PRIMARY KEY (a, b))");
  for (int a = 1; a <= 4; a++) {
    for (int b = 1; b <= 3; b++) {
      Run("INSERT INTO t VALUES ($1, $2, $3)",
          {Value::Int4(a), Value::Int4(b), Value::Text(std::to_string(a * 10 + b))});
    }
  }
  EXPECT_EQ(Run("SELECT c FROM t WHERE a = 2 AND b = 3"), "23\n");
  EXPECT_EQ(Run("SELECT c FROM t WHERE a = 3 AND b >= 2"), "32\n33\n");
  EXPECT_EQ(Run("SELECT c FROM t WHERE a > 3 OR a < 1"), "41\n42\n43\n");
  EXPECT_EQ(Run("SELECT c FROM t WHERE 2 < a AND a <= 3 AND b <> 2"), "31\n33\n");
  EXPECT_EQ(Run("SELECT c FROM t WHERE a = 2.5"), "");
  EXPECT_EQ(Run("SELECT c FROM t WHERE a = NULL"), "");
  EXPECT_EQ(Run("SELECT c FROM t WHERE b = 1 ORDER BY a DESC LIMIT 2"), "41\n31\n");
}

TEST_F(SqlTest, SecondaryIndexesAgreeWithFullScans) {
  Run("CREATE TABLE t (id int PRIMARY KEY, k int, s text)");
  Run("CREATE INDEX t_k_desc ON t (k DESC, s)");
  for (int i = 0; i < 50; i++) {
    Run("INSERT INTO t VALUES ($1, $2, $3)",
        {Value::Int4(i), i % 7 == 0 ? Value::Null(TypeId::kInt4) : Value::Int4(i % 5),
         Value::Text("s" + std::to_string(i % 3))});
  }
  // The same predicate through the index and through an expression the planner cannot use.
  for (const char* pred :
       {"k = 3", "k > 2", "k <= 1", "k >= 1 AND k < 3", "k = 2 AND s = 's1'", "k IS NULL"}) {
    std::string indexed = Run(std::string("SELECT id FROM t WHERE ") + pred + " ORDER BY id");
    std::string scanned =
        Run(std::string("SELECT id FROM t WHERE (") + pred + ") AND id + 0 >= 0 ORDER BY id");
    EXPECT_EQ(indexed, scanned) << pred;
    EXPECT_FALSE(indexed.empty()) << pred;
  }
}

TEST_F(SqlTest, UniqueConstraintsAndNotNullReportPostgresErrors) {
  Run("CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE, n int NOT NULL DEFAULT 7)");
  EXPECT_EQ(Run("INSERT INTO u (id, email) VALUES (1, 'a@x')"), "INSERT 0 1");
  EXPECT_EQ(Run("SELECT n FROM u"), "7\n");
  EXPECT_EQ(Run("INSERT INTO u VALUES (1, 'b@x', 1)"),
            "ERROR 23505: duplicate key value violates unique constraint \"u_pkey\"");
  EXPECT_EQ(Run("INSERT INTO u VALUES (2, 'a@x', 1)"),
            "ERROR 23505: duplicate key value violates unique constraint \"u_email_key\"");
  EXPECT_EQ(Run("INSERT INTO u VALUES (3, NULL, 1), (4, NULL, 1)"),
            "INSERT 0 2");  // NULLs distinct
  EXPECT_EQ(
      Run("INSERT INTO u VALUES (5, 'c@x', NULL)"),
      "ERROR 23502: null value in column \"n\" of relation \"u\" violates not-null constraint");
  // A failed multi-row INSERT keeps none of its rows.
  EXPECT_EQ(State("INSERT INTO u VALUES (6, 'd@x', 1), (1, 'e@x', 1)"), "23505");
  EXPECT_EQ(Run("SELECT id FROM u WHERE id = 6"), "");
}

TEST_F(SqlTest, BadInputGetsPostgresErrorCodes) {
  Run("CREATE TABLE t (id int PRIMARY KEY, v varchar(3), s smallint)");
  EXPECT_EQ(State("SELEC 1"), "42601");
  auto r = conn_->Execute("SELECT * FROM nope");
  EXPECT_EQ(r.status().sqlstate(), "42P01");
  EXPECT_EQ(r.status().position(), 15);
  EXPECT_EQ(State("SELECT nope FROM t"), "42703");
  EXPECT_EQ(State("INSERT INTO t VALUES ('x')"), "22P02");
  EXPECT_EQ(State("INSERT INTO t VALUES (1, 'abcd')"), "22001");
  EXPECT_EQ(State("INSERT INTO t VALUES (1, 'a', 40000)"), "22003");
  EXPECT_EQ(State("SELECT 2147483647 + 1"), "22003");
  EXPECT_EQ(State("SELECT 1 / 0"), "22012");
  EXPECT_EQ(State("SELECT id FROM t WHERE v = 1"), "42883");
  EXPECT_EQ(State("CREATE TABLE t (x int)"), "42P07");
  EXPECT_EQ(State("CREATE TABLE x (a int, a int)"), "42701");
  EXPECT_EQ(State("CREATE TABLE x (a nosuchtype)"), "42704");
  EXPECT_EQ(State("DROP TABLE nope"), "42P01");
  EXPECT_EQ(State("DROP TABLE IF EXISTS nope"), "00000");
  EXPECT_EQ(State("DROP INDEX t_pkey"), "2BP01");
  EXPECT_EQ(State("CREATE MATERIALIZED VIEW v AS SELECT 1"), "0A000");
  EXPECT_EQ(State("SELECT 'a\xff'"), "22021");  // invalid UTF-8 is rejected, not a crash
  EXPECT_EQ(State("SELECT 1 AS \xc3"), "22021");
  EXPECT_EQ(Run("SELECT id FROM t"), "");  // the connection still works
}

TEST_F(SqlTest, DeepExpressionsAreParsedWithoutCrashing) {
  std::string sql = "SELECT 1";
  for (int i = 0; i < 1500; i++) sql += "+1";
  EXPECT_EQ(Run(sql), "1501\n");
  for (int i = 0; i < 20000; i++) sql += "+1";
  EXPECT_EQ(State(sql), "54001");  // PostgreSQL: stack depth limit exceeded
  for (int i = 0; i < 100000; i++) sql += "+1";
  EXPECT_EQ(State(sql), "54001");  // refused before parsing
  EXPECT_EQ(State("SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')')), "42601");
}

TEST_F(SqlTest, TransactionBlocksFollowPostgres) {
  Run("CREATE TABLE t (id int PRIMARY KEY)");
  EXPECT_EQ(Run("BEGIN"), "BEGIN");
  EXPECT_TRUE(conn_->in_transaction());
  Run("INSERT INTO t VALUES (1)");
  EXPECT_EQ(State("INSERT INTO t VALUES (1)"), "23505");
  EXPECT_EQ(State("SELECT 1"), "25P02");  // aborted until ROLLBACK
  EXPECT_EQ(Run("COMMIT"), "ROLLBACK");   // COMMIT of a failed block rolls back
  EXPECT_EQ(Run("SELECT id FROM t"), "");
  ASSERT_TRUE(conn_->Begin().ok());
  Run("INSERT INTO t VALUES (2)");
  Run("CREATE TABLE t2 (x int)");
  Run("INSERT INTO t2 VALUES (5)");
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(Run("SELECT id FROM t"), "");
  EXPECT_EQ(State("SELECT x FROM t2"), "42P01");  // DDL rolls back too
  Run("BEGIN; INSERT INTO t VALUES (3); COMMIT");
  EXPECT_EQ(Run("SELECT id FROM t"), "3\n");
}

TEST_F(SqlTest, ReadCommittedSeesOtherConnectionsCommits) {
  Run("CREATE TABLE t (id int PRIMARY KEY)");
  auto other = std::move(db_->Connect()).value();
  Run("BEGIN");
  Run("INSERT INTO t VALUES (1)");
  EXPECT_EQ(other->Execute("SELECT id FROM t")->num_rows(), 0u);  // not yet committed
  Run("COMMIT");
  EXPECT_EQ(other->Execute("SELECT id FROM t")->num_rows(), 1u);
}

TEST_F(SqlTest, PreparedStatementsInferParameterTypes) {
  Run("CREATE TABLE t (id bigint PRIMARY KEY, name text, score real)");
  auto ins = conn_->Prepare("INSERT INTO t VALUES ($1, $2, $3)");
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  EXPECT_EQ(ins->param_types(),
            (std::vector<TypeId>{TypeId::kInt8, TypeId::kText, TypeId::kFloat4}));
  for (int i = 1; i <= 3; i++) {
    ASSERT_TRUE(
        ins->Execute({Value::Int8(i), Value::Text("n" + std::to_string(i)), Value::Text("2.5")})
            .ok());
  }
  EXPECT_EQ(ins->Execute({Value::Int8(9)}).status().sqlstate(), "08P01");
  auto sel = conn_->Prepare("SELECT name, score FROM t WHERE id = $1");
  ASSERT_TRUE(sel.ok());
  auto r = sel->Execute({Value::Int8(2)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->GetText(0, 0), "n2");
  EXPECT_EQ(*r->GetDouble(0, 1), 2.5);
  EXPECT_EQ(r->GetInt64(0, 0).status().sqlstate(), "42804");
  auto n = conn_->Execute("SELECT score FROM t WHERE id = 99");
  EXPECT_EQ(n->num_rows(), 0u);
  auto null_row = conn_->Execute("SELECT NULL::int");
  EXPECT_EQ(null_row->GetInt64(0, 0).status().sqlstate(), "22004");
}

TEST_F(SqlTest, DroppedTablesLeaveNoData) {
  Run("CREATE TABLE t (id int PRIMARY KEY, k int)");
  Run("CREATE INDEX ON t (k)");
  Run("INSERT INTO t VALUES (1, 1), (2, 2)");
  EXPECT_EQ(Run("DROP INDEX t_k_idx"), "DROP INDEX");
  EXPECT_EQ(Run("SELECT id FROM t WHERE k = 2"), "2\n");
  EXPECT_EQ(Run("DROP TABLE t"), "DROP TABLE");
  Run("CREATE TABLE t (id int PRIMARY KEY, k int)");
  EXPECT_EQ(Run("SELECT id FROM t"), "");
}

TEST_F(SqlTest, CancelAndStatementTimeoutStopALongStatement) {
  const std::string long_query = "SELECT count(*) FROM generate_series(1, 2000000000)";
  // Cancel from another thread, repeatedly: a cancel that arrives before the statement starts
  // is dropped, as PostgreSQL drops one that arrives between statements.
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done.load()) {
      conn_->Cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  std::string result = Run(long_query);
  done = true;
  canceller.join();
  EXPECT_EQ(result, "ERROR 57014: canceling statement due to user request");
  EXPECT_EQ(Run("SELECT 1"), "1\n");

  conn_->SetStatementTimeout(20);
  EXPECT_EQ(Run(long_query), "ERROR 57014: canceling statement due to statement timeout");
  // Inside a block the timeout aborts the block, as any error does.
  EXPECT_EQ(Run("BEGIN"), "BEGIN");
  EXPECT_EQ(State(long_query), "57014");
  EXPECT_EQ(State("SELECT 1"), "25P02");
  EXPECT_EQ(Run("ROLLBACK"), "ROLLBACK");
  conn_->SetStatementTimeout(0);
  EXPECT_EQ(Run("SELECT count(*) FROM generate_series(1, 1000)"), "1000\n");
}

TEST_F(SqlTest, SelectForUpdateLocksTheRowsItReads) {
  ASSERT_EQ(Run("CREATE TABLE acct (id int PRIMARY KEY, bal int)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO acct VALUES (1, 100)"), "INSERT 0 1");
  // A reads the balance FOR UPDATE and writes back a value computed from it; B's increment,
  // started in between, must wait for A's commit instead of being lost.
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  ASSERT_EQ(Run("SELECT bal FROM acct WHERE id = 1 FOR UPDATE"), "100\n");
  auto other = std::move(db_->Connect()).value();
  std::thread b(
      [&] { ASSERT_TRUE(other->Execute("UPDATE acct SET bal = bal + 1 WHERE id = 1").ok()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(Run("UPDATE acct SET bal = 90 WHERE id = 1"), "UPDATE 1");
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  b.join();
  EXPECT_EQ(Run("SELECT bal FROM acct"), "91\n");
  EXPECT_EQ(State("SELECT count(*) FROM acct FOR UPDATE"), "0A000");
  EXPECT_EQ(State("SELECT * FROM acct FOR UPDATE NOWAIT"), "0A000");
}

TEST_F(SqlTest, CrossedRowLocksAreADeadlockThatFailsOneTransaction) {
  ASSERT_EQ(Run("CREATE TABLE acct (id int PRIMARY KEY, bal int)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO acct VALUES (1, 100), (2, 100)"), "INSERT 0 2");
  auto other = std::move(db_->Connect()).value();
  // A holds row 1 and B row 2; then each asks for the other's row.
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  ASSERT_EQ(Run("UPDATE acct SET bal = bal - 1 WHERE id = 1"), "UPDATE 1");
  ASSERT_TRUE(other->Execute("BEGIN").ok());
  ASSERT_TRUE(other->Execute("UPDATE acct SET bal = bal - 1 WHERE id = 2").ok());
  std::string b_state;
  std::thread b([&] {
    auto r = other->Execute("UPDATE acct SET bal = bal - 1 WHERE id = 1");
    b_state = r.ok() ? "00000" : std::string(r.status().sqlstate());
    // The loser rolls back, which lets the winner go on.
    ASSERT_TRUE(other->Execute(r.ok() ? "COMMIT" : "ROLLBACK").ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let B wait for row 1 first
  std::string a_state = State("UPDATE acct SET bal = bal - 1 WHERE id = 2");
  ASSERT_EQ(Run(a_state == "00000" ? "COMMIT" : "ROLLBACK"),
            a_state == "00000" ? "COMMIT" : "ROLLBACK");
  b.join();
  // Whichever closed the cycle failed with 40P01 (the other may wait a moment); the winner's two
  // updates are all that committed.
  EXPECT_TRUE((a_state == "40P01") != (b_state == "40P01")) << a_state << " " << b_state;
  EXPECT_EQ(Run("SELECT sum(bal) FROM acct"), "198\n");
}

}  // namespace
}  // namespace komodo
