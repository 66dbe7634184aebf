// Views through the embedded API: what the .test files cannot show (a view outlives a reopen of
// the database, with its dependencies). Results are tested against PostgreSQL in
// tests/sql/ddl/views.test.
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class ViewSqlTest : public test::SqlFixture {};

TEST_F(ViewSqlTest, ViewsSurviveReopen) {
  ASSERT_EQ(Run("CREATE TABLE t (id int PRIMARY KEY, v text)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"), "INSERT 0 3");
  ASSERT_EQ(Run("CREATE VIEW odd (k, val) AS SELECT id, v FROM t WHERE id % 2 = 1"), "CREATE VIEW");
  ASSERT_EQ(Run("CREATE VIEW odd_count AS SELECT count(*) AS n FROM odd"), "CREATE VIEW");
  Open();
  EXPECT_EQ(Run("SELECT k, val FROM odd ORDER BY k"), "1|a\n3|c\n");
  EXPECT_EQ(Run("SELECT n FROM odd_count"), "2\n");
  EXPECT_EQ(Run("DROP TABLE t"),
            "ERROR 2BP01: cannot drop table t because other objects depend on it");
  EXPECT_EQ(Run("DROP VIEW odd"),
            "ERROR 2BP01: cannot drop view odd because other objects depend on it");
  EXPECT_EQ(Run("DROP VIEW odd_count, odd"), "DROP VIEW");
  Open();
  EXPECT_EQ(Run("SELECT * FROM odd"), "ERROR 42P01: relation \"odd\" does not exist");
  EXPECT_EQ(Run("DROP TABLE t"), "DROP TABLE");
}

TEST_F(ViewSqlTest, CreateViewRollsBackWithItsTransaction) {
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  ASSERT_EQ(Run("CREATE VIEW one AS SELECT 1 AS x"), "CREATE VIEW");
  EXPECT_EQ(Run("SELECT x FROM one"), "1\n");
  ASSERT_EQ(Run("ROLLBACK"), "ROLLBACK");
  EXPECT_EQ(Run("SELECT x FROM one"), "ERROR 42P01: relation \"one\" does not exist");
}

}  // namespace
}  // namespace komodo
