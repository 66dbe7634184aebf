// NOTICE and WARNING messages over the wire: where NoticeResponse falls in the message flow
// (before the DataRows, CommandComplete or ErrorResponse of the statement that raised it),
// client_min_messages, and ParameterStatus after CommandComplete (PostgreSQL 14+). Every expected
// exchange was captured from PostgreSQL 15 with a raw protocol client; the psql output too.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "integration/server_fixture.h"

namespace komodo::server {
namespace {

using NoticesTest = ServerTest;

TEST_F(NoticesTest, NoticeComesBeforeCommandComplete) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("DROP TABLE IF EXISTS nope")),
            "N[NOTICE 00000 table \"nope\" does not exist, skipping] C[DROP TABLE] Z[I]");
  // Each statement's notices go out with it, not all at the end of the query string.
  EXPECT_EQ(Exchange(*c, Query("DROP TABLE IF EXISTS nope; SELECT 1")),
            "N[NOTICE 00000 table \"nope\" does not exist, skipping] C[DROP TABLE] "
            "T[?column?:23] D[1] C[SELECT 1] Z[I]");
  // Raised while a row was computed: after RowDescription, before the row.
  EXPECT_EQ(Exchange(*c, Query("SELECT pg_cancel_backend(2147483647)")),
            "T[pg_cancel_backend:16] "
            "N[WARNING 01000 PID 2147483647 is not a PostgreSQL backend process] D[f] "
            "C[SELECT 1] Z[I]");
  // The notices of a statement that fails come before its error.
  EXPECT_EQ(Exchange(*c, Query("DROP TABLE IF EXISTS a1, a2; DROP TABLE nope")),
            "N[NOTICE 00000 table \"a1\" does not exist, skipping] "
            "N[NOTICE 00000 table \"a2\" does not exist, skipping] C[DROP TABLE] "
            "E[ERROR 42P01 table \"nope\" does not exist] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE t (a int)")), "C[CREATE TABLE] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE IF NOT EXISTS t (a int)")),
            "N[NOTICE 42P07 relation \"t\" already exists, skipping] C[CREATE TABLE] Z[I]");
}

TEST_F(NoticesTest, TransactionControlWarnings) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("COMMIT")),
            "N[WARNING 25P01 there is no transaction in progress] C[COMMIT] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("ROLLBACK")),
            "N[WARNING 25P01 there is no transaction in progress] C[ROLLBACK] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("BEGIN")), "C[BEGIN] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("BEGIN")),
            "N[WARNING 25001 there is already a transaction in progress] C[BEGIN] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("COMMIT")), "C[COMMIT] Z[I]");
}

TEST_F(NoticesTest, ClientMinMessagesFilters) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("SET client_min_messages = warning")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("DROP TABLE IF EXISTS nope")), "C[DROP TABLE] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("COMMIT")),
            "N[WARNING 25P01 there is no transaction in progress] C[COMMIT] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET client_min_messages = error")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("COMMIT")), "C[COMMIT] Z[I]");
  // Filtered notices are dropped, not kept for later.
  EXPECT_EQ(Exchange(*c, Query("RESET client_min_messages")), "C[RESET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT 1")), "T[?column?:23] D[1] C[SELECT 1] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET client_min_messages = foo")),
            "E[ERROR 22023 invalid value for parameter \"client_min_messages\": \"foo\"] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET client_min_messages = Debug")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW client_min_messages")),
            "T[client_min_messages:25] D[debug2] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("DROP TABLE IF EXISTS nope")),
            "N[NOTICE 00000 table \"nope\" does not exist, skipping] C[DROP TABLE] Z[I]");
}

TEST_F(NoticesTest, ExtendedProtocolSendsNoticesInExecute) {
  StartServer();
  auto c = Connect();
  auto run = [&](const std::string& sql) {
    return Exchange(*c,
                    Parse("", sql) + Bind("", "", {}) + Describe('P', "") + Execute("") + Sync());
  };
  EXPECT_EQ(run("DROP TABLE IF EXISTS nope"),
            "1 2 n N[NOTICE 00000 table \"nope\" does not exist, skipping] C[DROP TABLE] Z[I]");
  EXPECT_EQ(run("SELECT pg_cancel_backend(2147483647)"),
            "1 2 T[pg_cancel_backend:16] "
            "N[WARNING 01000 PID 2147483647 is not a PostgreSQL backend process] D[f] "
            "C[SELECT 1] Z[I]");
  EXPECT_EQ(run("COMMIT"),
            "1 2 n N[WARNING 25P01 there is no transaction in progress] C[COMMIT] Z[I]");
}

// PostgreSQL 14+ reports a changed GUC_REPORT setting after the statement's CommandComplete,
// just before ReadyForQuery (ReportChangedGUCOptions), and only when its value changed.
TEST_F(NoticesTest, ParameterStatusFollowsCommandComplete) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("SET application_name = 'x'")), "C[SET] S[application_name=x] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET application_name = 'x'")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT set_config('application_name', 'y', false)")),
            "T[set_config:25] D[y] C[SELECT 1] S[application_name=y] Z[I]");
  EXPECT_EQ(Exchange(*c, Parse("", "SELECT set_config('application_name', 'ext', false)") +
                             Bind("", "", {}) + Describe('P', "") + Execute("") + Sync()),
            "1 2 T[set_config:25] D[ext] C[SELECT 1] S[application_name=ext] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("RESET application_name")),
            "C[RESET] S[application_name=server_test] Z[I]");
}

// psql prints notices on stderr as PostgreSQL 15's server makes it print them.
TEST_F(NoticesTest, PsqlPrintsNoticesAsWithPostgres) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::string script = dir_.path() + "/notices.sql";
  std::ofstream(script) << "DROP TABLE IF EXISTS missing_t, other_t;\n"
                           "DROP INDEX IF EXISTS missing_i;\n"
                           "DROP VIEW IF EXISTS missing_v;\n"
                           "DROP SEQUENCE IF EXISTS missing_s;\n"
                           "DROP ROLE IF EXISTS missing_r;\n"
                           "CREATE TABLE p (a int PRIMARY KEY, b int);\n"
                           "CREATE TABLE IF NOT EXISTS p (a int);\n"
                           "CREATE INDEX p_b ON p (b);\n"
                           "CREATE INDEX IF NOT EXISTS p_b ON p (b);\n"
                           "CREATE SEQUENCE s;\n"
                           "CREATE SEQUENCE IF NOT EXISTS s;\n"
                           "ALTER TABLE p DROP CONSTRAINT IF EXISTS nope;\n"
                           "ALTER TABLE p DROP COLUMN IF EXISTS nope;\n"
                           "ALTER TABLE p ADD COLUMN IF NOT EXISTS b int;\n"
                           "ALTER TABLE IF EXISTS missing_t ADD COLUMN c int;\n"
                           "COMMIT;\n"
                           "ROLLBACK;\n"
                           "BEGIN;\n"
                           "BEGIN;\n"
                           "COMMIT;\n"
                           "CREATE TABLE c1 (a int REFERENCES p (a));\n"
                           "CREATE TABLE c2 (a int REFERENCES p (a));\n"
                           "TRUNCATE p CASCADE;\n"
                           "DROP TABLE p CASCADE;\n"
                           "CREATE TABLE q (a int PRIMARY KEY);\n"
                           "CREATE TABLE r (a int REFERENCES q);\n"
                           "DROP TABLE q CASCADE;\n"
                           "SELECT pg_cancel_backend(2147483647);\n"
                           "SELECT pg_terminate_backend(2147483647);\n"
                           "SET client_min_messages = warning;\n"
                           "DROP TABLE IF EXISTS missing_t;\n"
                           "COMMIT;\n"
                           "SET client_min_messages = error;\n"
                           "COMMIT;\n"
                           "RESET client_min_messages;\n"
                           "DROP TABLE c1, c2, r;\n"
                           "DROP SEQUENCE s;\n";
  ChildResult r = RunChild(
      {psql, "-X", "-d",
       "host=127.0.0.1 port=" + std::to_string(server_.port()) + " user=komodo dbname=komodo", "-f",
       script},
      dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string err = r.err;
  for (size_t at; (at = err.find(script)) != std::string::npos;)
    err.replace(at, script.size(), "S");
  EXPECT_EQ(err,
            "psql:S:1: NOTICE:  table \"missing_t\" does not exist, skipping\n"
            "psql:S:1: NOTICE:  table \"other_t\" does not exist, skipping\n"
            "psql:S:2: NOTICE:  index \"missing_i\" does not exist, skipping\n"
            "psql:S:3: NOTICE:  view \"missing_v\" does not exist, skipping\n"
            "psql:S:4: NOTICE:  sequence \"missing_s\" does not exist, skipping\n"
            "psql:S:5: NOTICE:  role \"missing_r\" does not exist, skipping\n"
            "psql:S:7: NOTICE:  relation \"p\" already exists, skipping\n"
            "psql:S:9: NOTICE:  relation \"p_b\" already exists, skipping\n"
            "psql:S:11: NOTICE:  relation \"s\" already exists, skipping\n"
            "psql:S:12: NOTICE:  constraint \"nope\" of relation \"p\" does not exist, skipping\n"
            "psql:S:13: NOTICE:  column \"nope\" of relation \"p\" does not exist, skipping\n"
            "psql:S:14: NOTICE:  column \"b\" of relation \"p\" already exists, skipping\n"
            "psql:S:15: NOTICE:  relation \"missing_t\" does not exist, skipping\n"
            "psql:S:16: WARNING:  there is no transaction in progress\n"
            "psql:S:17: WARNING:  there is no transaction in progress\n"
            "psql:S:19: WARNING:  there is already a transaction in progress\n"
            "psql:S:23: NOTICE:  truncate cascades to table \"c1\"\n"
            "psql:S:23: NOTICE:  truncate cascades to table \"c2\"\n"
            "psql:S:24: NOTICE:  drop cascades to 2 other objects\n"
            "DETAIL:  drop cascades to constraint c1_a_fkey on table c1\n"
            "drop cascades to constraint c2_a_fkey on table c2\n"
            "psql:S:27: NOTICE:  drop cascades to constraint r_a_fkey on table r\n"
            "psql:S:28: WARNING:  PID 2147483647 is not a PostgreSQL backend process\n"
            "psql:S:29: WARNING:  PID 2147483647 is not a PostgreSQL backend process\n"
            "psql:S:32: WARNING:  there is no transaction in progress\n");
}

}  // namespace
}  // namespace komodo::server
