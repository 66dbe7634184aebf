// WHERE [NOT] EXISTS as a hash semi (anti) join: which shapes the planner turns into a join and
// which stay a subplan per row (their answers are checked against PostgreSQL 15 in
// tests/sql/query/exists_join.test).
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class ExistsJoinTest : public test::SqlFixture {
 protected:
  void SetUp() override {
    SqlFixture::SetUp();
    ASSERT_EQ(State("CREATE TABLE c (id int PRIMARY KEY, region text)"), "00000");
    ASSERT_EQ(State("CREATE TABLE o (oid int PRIMARY KEY, cid int, region text)"), "00000");
  }
  std::string Plan(const std::string& where) {
    return Run("EXPLAIN SELECT id FROM c WHERE " + where);
  }
};

TEST_F(ExistsJoinTest, CorrelatedEqualitiesBecomeHashKeys) {
  std::string plan = Plan("EXISTS (SELECT 1 FROM o WHERE o.cid = c.id AND o.region <> c.region)");
  EXPECT_NE(plan.find("Hash Semi Join"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Hash Cond: (c.id = o.cid)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Join Filter: (o.region <> c.region)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SubPlan"), std::string::npos) << plan;
  plan = Plan("id > 1 AND NOT EXISTS (SELECT * FROM o WHERE cid = id AND o.oid > 3)");
  EXPECT_NE(plan.find("Hash Anti Join"), std::string::npos) << plan;
  // The subquery's own condition filters its scan below the join.
  EXPECT_NE(plan.find("(o.oid > 3)"), std::string::npos) << plan;
  // Without a correlated equality: a nested loop, still a join.
  plan = Plan("EXISTS (SELECT 1 FROM o WHERE o.cid > c.id)");
  EXPECT_NE(plan.find("Nested Loop Semi Join"), std::string::npos) << plan;
}

TEST_F(ExistsJoinTest, OtherShapesStayASubplan) {
  for (const char* where : {
           "EXISTS (SELECT 1 FROM o WHERE o.cid = c.id) OR id = 1",          // not a conjunct
           "EXISTS (SELECT count(*) FROM o WHERE o.cid = c.id)",             // an aggregate
           "EXISTS (SELECT 1 FROM o WHERE o.cid = c.id LIMIT 1)",            // LIMIT
           "EXISTS (SELECT cid FROM o WHERE o.cid = c.id)",                  // a column listed
           "EXISTS (SELECT 1 FROM o WHERE region = 'th' AND o.cid = c.id)",  // region: both sides
       }) {
    std::string plan = Plan(where);
    EXPECT_NE(plan.find("SubPlan"), std::string::npos) << where << "\n" << plan;
    EXPECT_EQ(plan.find("Semi Join"), std::string::npos) << where << "\n" << plan;
  }
}

}  // namespace
}  // namespace komodo
