// GROUP BY's GROUPING SETS, ROLLUP and CUBE reach the planner as the list of sets they expand
// to (PostgreSQL's expand_grouping_sets): here each set is rendered as the SQL of its
// expressions, "(a, b)", sets separated by spaces.
#include <gtest/gtest.h>

#include <algorithm>

#include "sql/parser/parser.h"

namespace komodo::sql {
namespace {

std::string Sets(const std::string& group_by) {
  Result<std::vector<Statement>> parsed = Parse("SELECT 1 FROM t GROUP BY " + group_by);
  if (!parsed.ok()) return "ERROR " + parsed.status().ToString();
  const SelectStmt& s = std::get<SelectStmt>((*parsed)[0].node);
  if (!s.has_grouping_sets) return "plain";
  std::string out;
  for (const std::vector<int>& set : s.grouping_sets) {
    out += out.empty() ? "(" : " (";
    for (size_t i = 0; i < set.size(); i++) {
      out += (i ? ", " : "") + ExprToSql(*s.group_by[set[i]]);
    }
    out += ")";
  }
  return out;
}

TEST(GroupingSetsParseTest, RollupDropsElementsFromTheRight) {
  EXPECT_EQ(Sets("ROLLUP (a, (b, c), d)"), "(a, b, c, d) (a, b, c) (a) ()");
}

TEST(GroupingSetsParseTest, CubeListsEverySubset) {
  EXPECT_EQ(Sets("CUBE (a, b)"), "() (a) (b) (a, b)");
  EXPECT_EQ(Sets("CUBE ((a, b))"), "() (a, b)");
}

TEST(GroupingSetsParseTest, ListItemsMultiplyOut) {
  EXPECT_EQ(Sets("a, ROLLUP (b), GROUPING SETS (c, ())"), "(a, b, c) (a, b) (a, c) (a)");
  EXPECT_EQ(Sets("()"), "()");
  // A repeated key stays in the set here; the planner binds both mentions to one key.
  EXPECT_EQ(Sets("a, ROLLUP (a)"), "(a, a) (a)");
}

TEST(GroupingSetsParseTest, NestedSetsAreInlined) {
  EXPECT_EQ(Sets("GROUPING SETS (a, GROUPING SETS (b, ()), CUBE (c), (d, e))"),
            "(a) (b) () () (c) (d, e)");
}

TEST(GroupingSetsParseTest, ParenthesizedListAtTopLevelIsPlainKeys) {
  EXPECT_EQ(Sets("(a, b)"), "plain");
  EXPECT_EQ(Sets("a, b"), "plain");
}

TEST(GroupingSetsParseTest, LimitsAsPostgres) {
  EXPECT_NE(Sets("CUBE (a, b, c, d, e, f, g, h, i, j, k, l, m)")
                .find("54011: CUBE is limited to 12 elements"),
            std::string::npos);
  std::string most = Sets("CUBE (a, b, c, d, e, f, g, h, i, j, k, l), ()");
  EXPECT_EQ(std::count(most.begin(), most.end(), '('), 4096);
  EXPECT_NE(Sets("CUBE (a, b, c, d, e, f, g, h, i, j, k, l), ROLLUP (m)")
                .find("54001: too many grouping sets present (maximum 4096)"),
            std::string::npos);
}

}  // namespace
}  // namespace komodo::sql
