// numeric as a SQL type through the embedded API. Every expected output was printed by a
// PostgreSQL 15 server for the same statements.
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class NumericSqlTest : public test::SqlFixture {};

TEST_F(NumericSqlTest, TableWithNumericKeyRoundsOrdersAndLooksUp) {
  ASSERT_EQ(Run("CREATE TABLE t (id numeric(10,2) PRIMARY KEY, v numeric)"), "CREATE TABLE");
  EXPECT_EQ(Run("INSERT INTO t VALUES (1.5, 10), (2.345, 1.0), (-3, 2.50), (1e3, 1e-3)"),
            "INSERT 0 4");
  EXPECT_EQ(Run("INSERT INTO t VALUES (123456789, 1)"), "ERROR 22003: numeric field overflow");
  EXPECT_EQ(Run("INSERT INTO t VALUES (1.499, 1)").substr(0, 11), "ERROR 23505");
  EXPECT_EQ(Run("SELECT * FROM t ORDER BY id"), "-3.00|2.50\n1.50|10\n2.35|1.0\n1000.00|0.001\n");
  EXPECT_EQ(Run("SELECT v FROM t WHERE id = 1.5"), "10\n");
  EXPECT_EQ(Run("SELECT id FROM t WHERE id = 2.35"), "2.35\n");
  EXPECT_EQ(Run("SELECT id FROM t WHERE id > 1 AND id <= 1000"), "1.50\n2.35\n1000.00\n");
  EXPECT_EQ(Run("EXPLAIN SELECT v FROM t WHERE id = 1.5").find("Index Scan") != std::string::npos,
            true);
  EXPECT_EQ(Run("SELECT id FROM t ORDER BY v DESC"), "1.50\n-3.00\n2.35\n1000.00\n");
  EXPECT_EQ(Run("SELECT sum(id), avg(id), sum(v), min(v), max(v), stddev(v), variance(id) FROM t"),
            "1000.85|250.2125000000000000|13.501|0.001|10|4.5343412145536644|"
            "249863.863958333333\n");
  EXPECT_EQ(Run("CREATE INDEX t_v ON t (v)"), "CREATE INDEX");
  EXPECT_EQ(Run("SELECT id FROM t WHERE v = 2.5"), "-3.00\n");
  EXPECT_EQ(Run("UPDATE t SET v = v * 2 WHERE id = -3"), "UPDATE 1");
  EXPECT_EQ(Run("SELECT v FROM t WHERE id = -3"), "5.00\n");
}

TEST_F(NumericSqlTest, LiteralsAndArithmetic) {
  EXPECT_EQ(Run("SELECT 1.5 + 1, 10 / 4, 1/3::numeric, 1.0/3, 7 % 2.5, -1.5, 2 * 0.5, "
                "1.5::float8 + 1, (1.5 + 1::float8) / 3"),
            "2.5|2|0.33333333333333333333|0.33333333333333333333|2.0|-1.5|1.0|2.5|"
            "0.8333333333333334\n");
  EXPECT_EQ(Run("SELECT 1e3, 9223372036854775808, '12.345'::numeric(5,2), '  -0.5 '::numeric, "
                "'NaN'::numeric, 'inf'::numeric"),
            "1000|9223372036854775808|12.35|-0.5|NaN|Infinity\n");
  EXPECT_EQ(Run("SELECT 1 = 1.0, 1.5 > 1, 2.0 = 2::float8"), "t|t|t\n");
  EXPECT_EQ(Run("SELECT 1 / 0.0"), "ERROR 22012: division by zero");
}

TEST_F(NumericSqlTest, AggregatesOverIntegersAreNumeric) {
  EXPECT_EQ(Run("SELECT sum(x), avg(x), stddev_pop(x), var_samp(x), sum(x::bigint), "
                "avg(x::int2) FROM (VALUES (1),(2),(3),(4)) v(x)"),
            "10|2.5000000000000000|1.1180339887498948|1.6666666666666667|10|2.5000000000000000\n");
}

TEST_F(NumericSqlTest, FunctionsAndCasts) {
  EXPECT_EQ(Run("SELECT round(2.5), round(-2.5), round(1234.5678, 2), round(1234.5678, -2), "
                "trunc(-1.99), trunc(1.987, 1), ceil(1.2), floor(-1.2), abs(-1.50), sign(-3.3), "
                "sqrt(2.0), power(2.0, 10), mod(7.5, 2), 2.5::int, (-2.5)::int4, 3.5::smallint, "
                "1.5::float8, 0.1::real"),
            "3|-3|1234.57|1200|-1|1.9|2|-2|1.50|-1|1.414213562373095|1024.0000000000000000|1.5|3|"
            "-3|4|1.5|0.1\n");
  EXPECT_EQ(Run("SELECT round(5) / 3, round(5)"), "1.6666666666666667|5\n");  // float8
  EXPECT_EQ(Run("SELECT 99999999999.0::int"), "ERROR 22003: integer out of range");
}

}  // namespace
}  // namespace komodo
