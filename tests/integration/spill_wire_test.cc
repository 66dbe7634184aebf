// work_mem set over the wire (SET work_mem, as psql users do): DISTINCT, set operations and
// window functions that spill to temporary files answer psql exactly as they do in memory, and
// EXPLAIN ANALYZE shows the spill. The answers themselves are checked against PostgreSQL in
// tests/unit/api/spill_test.cc.
#include <fstream>
#include <string>
#include <vector>

#include "integration/server_fixture.h"

namespace komodo::server {
namespace {

class SpillWireTest : public ServerTest {
 protected:
  // Runs `sql` through psql -At; stdout, with stderr appended.
  std::string RunPsql(const std::string& sql) {
    std::string file = dir_.path() + "/script.sql";
    std::ofstream(file) << sql;
    ChildResult r =
        RunChild({psql_, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                  std::to_string(server_.port()), "-U", "komodo", "-d", "komodo", "-f", file},
                 dir_.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out + r.err;
  }
  std::string psql_ = Psql();
};

TEST_F(SpillWireTest, DistinctSetOperationsAndWindowsGiveTheSameRowsAt64kB) {
  ASSERT_FALSE(psql_.empty()) << "psql not found: run scripts/install-deps.sh";
  StartServer();
  RunPsql(
      "CREATE TABLE t (id int PRIMARY KEY, grp int, label text, flag boolean);\n"
      "INSERT INTO t SELECT i, (i * 7919) % 3000, 'label-' || ((i * 31) % 997), i % 3 = 0 "
      "FROM generate_series(1, 12000) AS s(i);\n");
  const std::vector<std::string> queries = {
      "SELECT DISTINCT grp, label FROM t ORDER BY 1, 2",
      "SELECT * FROM (SELECT DISTINCT ON (label) label, id FROM t) AS d ORDER BY 1",
      "SELECT label, grp % 7 FROM t WHERE id <= 8000 UNION SELECT label, grp % 7 FROM t "
      "WHERE id > 4000 ORDER BY 1, 2",
      "SELECT label, grp % 7 FROM t WHERE id <= 8000 INTERSECT ALL SELECT label, grp % 7 FROM t "
      "WHERE id > 4000 ORDER BY 1, 2",
      "SELECT label, grp % 7 FROM t WHERE id <= 8000 EXCEPT SELECT label, grp % 7 FROM t "
      "WHERE id > 4000 AND id % 3 = 0 ORDER BY 1, 2",
      "SELECT id, rank() OVER (ORDER BY label), sum(grp) OVER (PARTITION BY flag ORDER BY id), "
      "lag(label) OVER (ORDER BY grp, id) FROM t",
  };
  std::string all;
  for (const std::string& q : queries) all += q + ";\n";
  std::string in_memory = RunPsql("SET work_mem = '256MB';\n" + all);
  std::string spilled = RunPsql("SET work_mem = '64kB';\n" + all);
  EXPECT_EQ(spilled, in_memory);
  EXPECT_GT(std::count(in_memory.begin(), in_memory.end(), '\n'), 30000);
  for (const std::string& q : {queries[0], queries[3], queries[5]}) {
    std::string plan = RunPsql("SET work_mem = '64kB';\nEXPLAIN ANALYZE " + q + ";\n");
    EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << q << "\n" << plan;
    plan = RunPsql("SET work_mem = '256MB';\nEXPLAIN ANALYZE " + q + ";\n");
    EXPECT_EQ(plan.find("Disk Usage: "), std::string::npos) << q << "\n" << plan;
  }
}

}  // namespace
}  // namespace komodo::server
