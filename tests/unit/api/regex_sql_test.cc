// Where KomodoDB's regular expressions (RE2) knowingly differ from PostgreSQL's: the features RE2
// does not have fail with a clear error instead of matching differently. What agrees with
// PostgreSQL is tested in tests/sql/query/regex.test.
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class RegexSqlTest : public test::SqlFixture {};

TEST_F(RegexSqlTest, BackReferenceInPatternIsNotSupported) {
  EXPECT_EQ(Run("SELECT 'abab' ~ '^(ab)\\1$'"),
            "ERROR 0A000: invalid regular expression: back references (\\1) are not supported");
  // A back reference in the replacement is PostgreSQL's and works.
  EXPECT_EQ(Run("SELECT regexp_replace('abab', '(ab)', '<\\1>', 'g')"), "<ab><ab>\n");
}

TEST_F(RegexSqlTest, LookaroundIsAnInvalidRegularExpression) {
  std::string out = Run("SELECT regexp_replace('foobar', 'o(?=b)', '0')");
  EXPECT_EQ(out.substr(0, 40), "ERROR 2201B: invalid regular expression:") << out;
}

TEST_F(RegexSqlTest, BasicAndExtendedFlavoursAreNotSupported) {
  EXPECT_EQ(Run("SELECT regexp_replace('a', 'a', 'b', 'b')").substr(0, 11), "ERROR 0A000");
  EXPECT_EQ(Run("SELECT regexp_like('a', 'a', 'e')").substr(0, 11), "ERROR 0A000");
}

TEST_F(RegexSqlTest, VaryingPatternsCompilePerRow) {
  ASSERT_EQ(Run("CREATE TABLE p (id int PRIMARY KEY, pat text)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1, 'a+'), (2, '('), (3, 'b')"), "INSERT 0 3");
  EXPECT_EQ(Run("SELECT id FROM p WHERE id <> 2 AND 'aab' ~ pat ORDER BY id"), "1\n3\n");
  EXPECT_EQ(Run("SELECT id FROM p WHERE 'aab' ~ pat ORDER BY id"),
            "ERROR 2201B: invalid regular expression: parentheses () not balanced");
}

}  // namespace
}  // namespace komodo
