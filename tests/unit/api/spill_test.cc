// work_mem: sorts, hash aggregation, hash joins, DISTINCT, set operations and window partitions
// larger than it spill to temporary files and give the same answers as in memory. EXPLAIN ANALYZE
// shows that they did (PostgreSQL's "external merge" and hash aggregate "Batches"/"Disk Usage"
// lines).
#include <gtest/gtest.h>

#include "sql_fixture.h"

namespace komodo {
namespace {

class SpillTest : public test::SqlFixture {
 protected:
  void SetUp() override {
    SqlFixture::SetUp();
    conn_->SetWorkMem(int64_t{256} << 20);  // the in-memory answers first
    // 20,000 rows of about 60 bytes: 1.2 MB, many times the 64 kB work_mem below. Every type
    // the spill files encode appears in a column.
    ASSERT_TRUE(conn_
                    ->Execute("CREATE TABLE t (id int PRIMARY KEY, grp int, label text, "
                              "amount numeric(10,2), ratio float8, at timestamptz, gap interval, "
                              "flag boolean, note varchar(20))")
                    .ok());
    auto r = conn_->Execute(
        "INSERT INTO t SELECT i, (i * 7919) % 3000, 'label-' || ((i * 31) % 997), "
        "(i % 1000) / 7.0, i / 3.0, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 min', "
        "i * interval '1 sec', i % 3 = 0, CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || i END "
        "FROM generate_series(1, 20000) AS s(i)");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::string Explain(const std::string& sql) { return Run("EXPLAIN ANALYZE " + sql); }
};

TEST_F(SpillTest, SortSpillsToAnExternalMergeWithTheSameResult) {
  const std::string q =
      "SELECT label, id, amount, ratio, at, gap, flag, note FROM t ORDER BY label DESC, amount, id";
  std::string in_memory = Run(q);
  EXPECT_EQ(Explain(q).find("external merge"), std::string::npos);
  conn_->SetWorkMem(64 * 1024);
  std::string spilled = Run(q);
  EXPECT_EQ(spilled, in_memory);
  EXPECT_NE(in_memory.find("label-996|"), std::string::npos);  // the data is really there
  std::string plan = Explain(q);
  EXPECT_NE(plan.find("Sort Method: external merge  Disk: "), std::string::npos) << plan;
  // Top-N keeps only LIMIT rows and never spills.
  EXPECT_EQ(Explain(q + " LIMIT 5").find("external merge"), std::string::npos);
}

TEST_F(SpillTest, HashAggregationSpillsIntoBatchesWithTheSameResult) {
  const std::string q =
      "SELECT grp, count(*), sum(amount), min(label), max(at), string_agg(note, ',' ORDER BY id), "
      "count(DISTINCT flag) FROM t GROUP BY grp ORDER BY grp";
  std::string in_memory = Run(q);
  EXPECT_EQ(Explain(q).find("Disk Usage"), std::string::npos);
  conn_->SetWorkMem(64 * 1024);
  std::string spilled = Run(q);
  EXPECT_EQ(spilled, in_memory);
  EXPECT_EQ(std::count(spilled.begin(), spilled.end(), '\n'), 3000);
  std::string plan = Explain(q);
  EXPECT_NE(plan.find("Batches: "), std::string::npos) << plan;
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
  // Grouping by a key with few values never spills.
  EXPECT_EQ(Explain("SELECT flag, count(*) FROM t GROUP BY flag").find("Disk Usage"),
            std::string::npos);
}

TEST_F(SpillTest, GroupingSetsSpillPerSetWithTheSameResult) {
  // 3,000 + 997 + 3,000 + 1 groups (grp decides flag): a row spilled for one set must not be
  // counted again in the sets whose groups were in memory.
  const std::string q =
      "SELECT grp, label, flag, grouping(grp, label, flag), count(*), sum(amount), "
      "count(DISTINCT note), string_agg(id::text, ',' ORDER BY id) FROM t "
      "GROUP BY GROUPING SETS ((grp), (label), (grp, flag), ()) ORDER BY 1, 2, 3, 4";
  std::string in_memory = Run(q);
  EXPECT_EQ(Explain(q).find("Disk Usage"), std::string::npos);
  conn_->SetWorkMem(64 * 1024);
  std::string spilled = Run(q);
  EXPECT_EQ(spilled, in_memory);
  EXPECT_EQ(std::count(spilled.begin(), spilled.end(), '\n'), 3000 + 997 + 3000 + 1);
  std::string plan = Explain(q);
  EXPECT_NE(plan.find("MixedAggregate"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Hash Key: t.grp, t.flag"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Group Key: ()"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
  // Every set counts every row once.
  EXPECT_EQ(Run("SELECT s, sum(c) FROM (SELECT grouping(grp, flag) AS s, count(*) AS c FROM t "
                "GROUP BY CUBE (grp, flag)) AS g GROUP BY s ORDER BY s"),
            "0|20000\n1|20000\n2|20000\n3|20000\n");
}

TEST_F(SpillTest, DistinctAndGroupByOverAllRowsSpillAndStayExact) {
  conn_->SetWorkMem(64 * 1024);
  EXPECT_EQ(Run("SELECT count(*), sum(c), sum(s) FROM (SELECT id, count(*) AS c, sum(amount) AS s "
                "FROM t GROUP BY id) AS g"),
            Run("SELECT count(*), count(*), sum(amount) FROM t"));
  EXPECT_EQ(Run("SELECT count(*) FROM (SELECT DISTINCT label, flag FROM t) AS d"), "1994\n");
}

TEST_F(SpillTest, HashJoinsSplitIntoBatchesWithTheSameResultForEveryJoinType) {
  // u: half of t's ids (and ids t does not have), some with a NULL key that matches nothing.
  ASSERT_TRUE(conn_
                  ->Execute("CREATE TABLE u (uid int PRIMARY KEY, tid int, label text, at "
                            "timestamptz)")
                  .ok());
  ASSERT_TRUE(
      conn_
          ->Execute("INSERT INTO u SELECT i, CASE WHEN i % 97 = 0 THEN NULL ELSE i * 2 END, "
                    "'u-' || i, timestamptz '2024-06-01 00:00:00+00' - i * interval '1 h' "
                    "FROM generate_series(1, 15000) AS s(i)")
          .ok());
  const std::vector<std::string> queries = {
      "SELECT t.id, t.label, u.uid, u.at FROM t JOIN u ON u.tid = t.id ORDER BY t.id",
      "SELECT t.id, u.uid FROM t LEFT JOIN u ON u.tid = t.id ORDER BY t.id, u.uid",
      "SELECT t.id, u.uid FROM t RIGHT JOIN u ON u.tid = t.id ORDER BY u.uid, t.id",
      "SELECT t.id, u.uid FROM t FULL JOIN u ON u.tid = t.id AND u.uid % 3 <> 0 "
      "ORDER BY t.id, u.uid",
      "SELECT count(*) FROM t JOIN u ON u.tid = t.id",
      "SELECT count(*), sum(t.amount) FROM t JOIN u ON u.tid = t.id AND u.label > t.label",
  };
  std::vector<std::string> in_memory;
  for (const std::string& q : queries) in_memory.push_back(Run(q));
  EXPECT_EQ(Explain(queries[0]).find("Batches: "), std::string::npos);
  // The data is really there: u.tid holds the even ids up to 30,000 but those of i % 97 = 0.
  EXPECT_EQ(Run(queries[4]), "9897\n");
  conn_->SetWorkMem(64 * 1024);
  for (size_t i = 0; i < queries.size(); i++)
    EXPECT_EQ(Run(queries[i]), in_memory[i]) << queries[i];
  std::string plan = Explain(queries[1]);
  EXPECT_NE(plan.find("Batches: "), std::string::npos) << plan;
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
}

// Batches that do not fit split again; one key too frequent to fit anywhere ends, after the last
// split, joined in memory.
TEST_F(SpillTest, AHashJoinBatchThatDoesNotFitSplitsAgain) {
  ASSERT_EQ(State("CREATE TABLE w (wid int PRIMARY KEY, tid int, pad text)"), "00000");
  ASSERT_EQ(State("INSERT INTO w SELECT i, CASE WHEN i % 2 = 0 THEN 7 ELSE i END, repeat('x', 40) "
                  "FROM generate_series(1, 20000) AS s(i)"),
            "00000");
  const std::string q =
      "SELECT t.id, count(*), min(w.wid), max(w.wid), sum(length(w.pad)) FROM t JOIN w ON w.tid = "
      "t.id GROUP BY t.id ORDER BY t.id";
  std::string in_memory = Run(q);
  conn_->SetWorkMem(64 * 1024);
  EXPECT_EQ(Run(q), in_memory);
  EXPECT_NE(in_memory.find("7|10001|2|20000|400040\n"), std::string::npos) << in_memory;
  std::string plan = Explain(q);
  size_t at = plan.find("Batches: ");
  ASSERT_NE(at, std::string::npos) << plan;
  EXPECT_GT(std::stoi(plan.substr(at + 9)), 32) << plan;  // more than the first 32: some split
}

TEST_F(SpillTest, DistinctSpillsIntoBatchesWithTheSameResult) {
  const std::vector<std::string> queries = {
      "SELECT DISTINCT grp, label, flag FROM t ORDER BY grp, label, flag",
      "SELECT count(*) FROM (SELECT DISTINCT grp % 500, label FROM t) AS d",
      // DISTINCT ON without ORDER BY keeps each key's first row in input order (the scan's: id).
      "SELECT * FROM (SELECT DISTINCT ON (label, flag) label, flag, id, note FROM t) AS d "
      "ORDER BY label, flag",
      // With ORDER BY: the input is sorted, equal keys are adjacent.
      "SELECT DISTINCT ON (label) label, id, amount FROM t ORDER BY label, id DESC",
  };
  std::vector<std::string> in_memory;
  for (const std::string& q : queries) in_memory.push_back(Run(q));
  EXPECT_EQ(Explain(queries[0]).find("Disk Usage"), std::string::npos);
  EXPECT_GT(std::count(in_memory[0].begin(), in_memory[0].end(), '\n'), 10000);
  EXPECT_EQ(std::count(in_memory[2].begin(), in_memory[2].end(), '\n'), 1994);
  EXPECT_NE(in_memory[2].find("label-0|f|997|n997\n"), std::string::npos) << in_memory[2];
  conn_->SetWorkMem(64 * 1024);
  for (size_t i = 0; i < queries.size(); i++)
    EXPECT_EQ(Run(queries[i]), in_memory[i]) << queries[i];
  std::string plan = Explain(queries[0]);
  EXPECT_NE(plan.find("HashAggregate (distinct)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Batches: "), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Batches: 1 "), std::string::npos) << plan;  // the first and the deferred
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
  plan = Explain("SELECT DISTINCT ON (label, flag) label, flag, id FROM t");
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
  // Sorted input needs no table: nothing spills past the sort.
  plan = Explain(queries[3]);
  EXPECT_EQ(plan.find("Batches: "), std::string::npos) << plan;
  // A LIMIT still stops a spilling DISTINCT early, with the first rows of the input.
  EXPECT_EQ(Run("SELECT DISTINCT id % 7000, label FROM t LIMIT 3"),
            "1|label-31\n2|label-62\n3|label-93\n");
}

TEST_F(SpillTest, SetOperationsSpillIntoBatchesWithTheSameResult) {
  // Overlapping halves of t, about three rows per (label, grp % 7) key: every operation has
  // duplicates to remove or count, on both sides.
  const std::string left = "SELECT label, grp % 7 AS g, flag FROM t WHERE id <= 14000";
  const std::string right = "SELECT label, grp % 7, flag FROM t WHERE id > 6000 AND id % 4 <> 1";
  std::vector<std::string> queries;
  for (const char* op : {"UNION", "INTERSECT", "EXCEPT"}) {
    for (const char* all : {"", " ALL"}) {
      queries.push_back(left + " " + op + all + " " + right + " ORDER BY 1, 2, 3");
    }
  }
  // Right side first: EXCEPT's left-only keys are many.
  queries.push_back(right + " EXCEPT " + left + " ORDER BY 1, 2, 3");
  std::vector<std::string> in_memory;
  for (const std::string& q : queries) in_memory.push_back(Run(q));
  // Row counts from PostgreSQL 15 over the same data.
  const std::vector<int> counts = {8146, 14000 + 10500, 5963, 8909, 2099, 5091, 84};
  for (size_t i = 0; i < queries.size(); i++) {
    EXPECT_EQ(std::count(in_memory[i].begin(), in_memory[i].end(), '\n'), counts[i]) << queries[i];
  }
  EXPECT_EQ(Explain(queries[2]).find("Disk Usage"), std::string::npos);
  conn_->SetWorkMem(64 * 1024);
  for (size_t i = 0; i < queries.size(); i++)
    EXPECT_EQ(Run(queries[i]), in_memory[i]) << queries[i];
  for (size_t i : {0, 2, 3, 4, 5, 6}) {
    std::string plan = Explain(queries[i]);
    EXPECT_NE(plan.find("Batches: "), std::string::npos) << queries[i] << "\n" << plan;
    EXPECT_EQ(plan.find("Batches: 1 "), std::string::npos) << queries[i] << "\n" << plan;
    EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << queries[i] << "\n" << plan;
  }
  // UNION ALL appends without a table: nothing to spill.
  EXPECT_EQ(Explain(queries[1]).find("Disk Usage"), std::string::npos);
}

TEST_F(SpillTest, WindowsOverBigPartitionsSpillWithTheSameResult) {
  const std::vector<std::string> queries = {
      // One partition of every row, far larger than work_mem; rows leave in input order.
      "SELECT id, row_number() OVER (ORDER BY label, id), rank() OVER (ORDER BY label), "
      "dense_rank() OVER (ORDER BY label), sum(amount) OVER (ORDER BY label), count(*) OVER (), "
      "percent_rank() OVER (ORDER BY grp), cume_dist() OVER (ORDER BY grp DESC), "
      "ntile(7) OVER (ORDER BY id), lag(note, 3) OVER (ORDER BY id), "
      "lead(id, 2, -1) OVER (ORDER BY id), first_value(label) OVER (ORDER BY at DESC), "
      "last_value(id) OVER (ORDER BY label), nth_value(id, 5000) OVER (ORDER BY id), "
      "max(note) OVER (ORDER BY ratio ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
      // A few big partitions and many small ones.
      "SELECT id, sum(amount) OVER (PARTITION BY flag ORDER BY id), "
      "string_agg(note, ',') OVER (PARTITION BY grp ORDER BY id), "
      "rank() OVER (PARTITION BY flag, id % 5 ORDER BY label DESC NULLS LAST) FROM t "
      "ORDER BY id",
  };
  std::vector<std::string> in_memory;
  for (const std::string& q : queries) in_memory.push_back(Run(q));
  EXPECT_EQ(Explain(queries[0]).find("Disk Usage"), std::string::npos);
  EXPECT_EQ(std::count(in_memory[0].begin(), in_memory[0].end(), '\n'), 20000);
  // As PostgreSQL 15 gives it.
  EXPECT_EQ(in_memory[0].substr(0, in_memory[0].find('\n')),
            "1|4715|4715|236|337543.70|20000|0.639681984099205|0.36035|1|NULL|3|label-863|19941|"
            "NULL|n1");
  conn_->SetWorkMem(64 * 1024);
  for (size_t i = 0; i < queries.size(); i++)
    EXPECT_EQ(Run(queries[i]), in_memory[i]) << queries[i];
  std::string plan = Explain(queries[0]);
  EXPECT_NE(plan.find("WindowAgg"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Batches: "), std::string::npos) << plan;
  EXPECT_NE(plan.find("Disk Usage: "), std::string::npos) << plan;
  // statement_timeout still stops it.
  conn_->SetStatementTimeout(1);
  EXPECT_EQ(Run(queries[0]), "ERROR 57014: canceling statement due to statement timeout");
  conn_->SetStatementTimeout(0);
}

}  // namespace
}  // namespace komodo
