// WITH RECURSIVE through the embedded API: what the .test files cannot show (an endless
// recursion stopped by cancel and statement_timeout, the plan EXPLAIN prints). Results are
// tested against PostgreSQL in tests/sql/query/recursive.test.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "sql_fixture.h"

namespace komodo {
namespace {

class RecursiveSqlTest : public test::SqlFixture {};

// Never ends by itself: every run of the recursive term produces one row again.
constexpr const char* kEndless =
    "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t) SELECT count(*) FROM t";

TEST_F(RecursiveSqlTest, StatementTimeoutStopsAnEndlessRecursion) {
  conn_->SetStatementTimeout(100);
  EXPECT_EQ(Run(kEndless), "ERROR 57014: canceling statement due to statement timeout");
  conn_->SetStatementTimeout(0);
  EXPECT_EQ(Run("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 1000) "
                "SELECT count(*), sum(n) FROM t"),
            "1000|500500\n");
}

TEST_F(RecursiveSqlTest, CancelStopsAnEndlessRecursion) {
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done.load()) {
      conn_->Cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  std::string result = Run(kEndless);
  done = true;
  canceller.join();
  EXPECT_EQ(result, "ERROR 57014: canceling statement due to user request");
  EXPECT_EQ(Run("SELECT 1"), "1\n");
}

TEST_F(RecursiveSqlTest, UnionWithoutAllEndsOnACycle) {
  ASSERT_EQ(Run("CREATE TABLE e (a int, b int)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO e VALUES (1, 2), (2, 1)"), "INSERT 0 2");
  EXPECT_EQ(Run("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT e.b FROM e JOIN r ON e.a = r.n) "
                "SELECT n FROM r ORDER BY n"),
            "1\n2\n");
}

TEST_F(RecursiveSqlTest, ExplainShowsTheRecursiveUnionAndTheWorkTable) {
  auto r = conn_->Execute(
      "EXPLAIN WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) "
      "SELECT n FROM t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string plan = test::Render(*r);
  EXPECT_NE(plan.find("Recursive Union"), std::string::npos) << plan;
  EXPECT_NE(plan.find("WorkTable Scan on t"), std::string::npos) << plan;
}

}  // namespace
}  // namespace komodo
