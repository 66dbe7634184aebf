// LATERAL through the embedded API: what the .test files cannot show (the HINT and DETAIL of
// PostgreSQL's errors, the plan EXPLAIN prints, a long lateral join stopped by
// statement_timeout). Results are tested against PostgreSQL in tests/sql/query/lateral.test.
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class LateralSqlTest : public test::SqlFixture {
 protected:
  void SetUp() override {
    SqlFixture::SetUp();
    ASSERT_EQ(Run("CREATE TABLE t (id int PRIMARY KEY, x int)"), "CREATE TABLE");
    ASSERT_EQ(Run("CREATE TABLE u (id int PRIMARY KEY, t_id int, v int)"), "CREATE TABLE");
    ASSERT_EQ(Run("INSERT INTO t VALUES (1, 10), (2, 20)"), "INSERT 0 2");
    ASSERT_EQ(Run("INSERT INTO u VALUES (1, 1, 5), (2, 1, 7), (3, 2, 1)"), "INSERT 0 3");
  }
  // The error with its DETAIL and HINT, as psql shows them.
  std::string Error(const std::string& sql) {
    auto r = conn_->Execute(sql);
    if (r.ok()) return "OK";
    const Status& s = r.status();
    std::string out = "ERROR " + std::string(s.sqlstate()) + ": " + s.message();
    if (!s.detail().empty()) out += "\nDETAIL: " + s.detail();
    if (!s.hint().empty()) out += "\nHINT: " + s.hint();
    return out;
  }
  std::string Explain(const std::string& sql) {
    auto r = conn_->Execute("EXPLAIN " + sql);
    return r.ok() ? test::Render(*r) : r.status().ToString();
  }
};

// The texts are PostgreSQL 15's.
TEST_F(LateralSqlTest, ASubqueryWithoutLateralGetsPostgresHints) {
  EXPECT_EQ(Error("SELECT * FROM t, (SELECT * FROM u WHERE u.t_id = t.id) s"),
            "ERROR 42P01: invalid reference to FROM-clause entry for table \"t\"\n"
            "HINT: There is an entry for table \"t\", but it cannot be referenced from this part "
            "of the query.");
  EXPECT_EQ(Error("SELECT * FROM t a, (SELECT * FROM u WHERE u.t_id = t.id) s"),
            "ERROR 42P01: invalid reference to FROM-clause entry for table \"t\"\n"
            "HINT: There is an entry for table \"a\", but it cannot be referenced from this part "
            "of the query.");
  EXPECT_EQ(Error("SELECT * FROM t, (SELECT x) s"),
            "ERROR 42703: column \"x\" does not exist\n"
            "HINT: There is a column named \"x\" in table \"t\", but it cannot be referenced from "
            "this part of the query.");
  EXPECT_EQ(Error("SELECT * FROM t, u JOIN u AS u2 ON u2.id = u.id AND t.id = 1"),
            "ERROR 42P01: invalid reference to FROM-clause entry for table \"t\"\n"
            "HINT: There is an entry for table \"t\", but it cannot be referenced from this part "
            "of the query.");
}

TEST_F(LateralSqlTest, RightJoinLateralNamingTheLeftSideGetsPostgresDetail) {
  EXPECT_EQ(Error("SELECT * FROM t RIGHT JOIN LATERAL (SELECT * FROM u WHERE u.t_id = t.id) s "
                  "ON true"),
            "ERROR 42P10: invalid reference to FROM-clause entry for table \"t\"\n"
            "DETAIL: The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
}

TEST_F(LateralSqlTest, ExplainShowsANestedLoopOverTheSubquery) {
  std::string plan = Explain(
      "SELECT * FROM t LEFT JOIN LATERAL (SELECT count(*) FROM u WHERE u.t_id = t.id) s ON true");
  EXPECT_NE(plan.find("Nested Loop Left Join\n"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Aggregate"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Join Filter"), std::string::npos) << plan;  // ON true filters nothing
  // The subquery's outer reference is named by the left side's column, as PostgreSQL does.
  EXPECT_NE(plan.find("Filter: (u.t_id = t.id)"), std::string::npos) << plan;
  // Without an outer reference it is an ordinary join.
  EXPECT_EQ(Explain("SELECT * FROM t, LATERAL (SELECT max(v) FROM u) s"),
            Explain("SELECT * FROM t, (SELECT max(v) FROM u) s"));
  EXPECT_EQ(Run("SELECT t.id, s.max FROM t, LATERAL (SELECT max(v) FROM u) s ORDER BY 1"),
            "1|7\n2|7\n");
}

TEST_F(LateralSqlTest, StatementTimeoutStopsALongLateralJoin) {
  conn_->SetStatementTimeout(100);
  EXPECT_EQ(Run("SELECT count(*) FROM generate_series(1, 1000000000) a, "
                "LATERAL (SELECT a + 1 AS b) s"),
            "ERROR 57014: canceling statement due to statement timeout");
  conn_->SetStatementTimeout(0);
  EXPECT_EQ(Run("SELECT count(*) FROM generate_series(1, 10) a, LATERAL (SELECT a + 1 AS b) s"),
            "10\n");
}

}  // namespace
}  // namespace komodo
