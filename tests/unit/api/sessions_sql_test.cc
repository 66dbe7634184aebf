// pg_stat_activity and the session functions through the embedded API, with and without the
// wire server's session registry (server/backend_registry.h) as the connection's directory.
#include <string>

#include "server/backend_registry.h"
#include "sql_fixture.h"

namespace komodo::test {
namespace {

using SessionsSqlTest = SqlFixture;

TEST_F(SessionsSqlTest, EmbeddedThereAreNoSessionsToListOrSignal) {
  EXPECT_EQ(Run("SELECT count(*) FROM pg_stat_activity"), "0\n");
  EXPECT_EQ(Run("SELECT pg_cancel_backend(pg_backend_pid()), "
                "pg_terminate_backend(pg_backend_pid())"),
            "f|f\n");
}

TEST_F(SessionsSqlTest, TheRegistryIsWhatTheViewShows) {
  server::BackendRegistry registry;
  server::BackendRegistry::Backend backend;
  backend.conn = conn_.get();
  backend.activity.user = "komodo";
  backend.activity.application_name = "app";
  backend.activity.client_addr = "::1";
  backend.activity.client_port = 5000;
  backend.activity.backend_start = 1000;
  backend.activity.state_change = 1000;
  int32_t pid = registry.Register(backend).pid;
  conn_->SetSessionDirectory(&registry);
  conn_->SetBackendPid(pid);

  registry.ReportActive(pid, "SELECT ...", 2000);
  EXPECT_EQ(Run("SELECT pid = pg_backend_pid(), usename, application_name, client_addr, "
                "client_port, backend_start, xact_start, query_start, state_change, state, query "
                "FROM pg_stat_activity"),
            "t|komodo|app|::1|5000|2000-01-01 00:00:00.001+00|2000-01-01 00:00:00.002+00|"
            "2000-01-01 00:00:00.002+00|2000-01-01 00:00:00.002+00|active|SELECT ...\n");
  // The transaction stays open: xact_start is kept; idle again, it goes.
  registry.ReportIdle(pid, 'T', 3000);
  registry.ReportActive(pid, "COMMIT", 4000);
  registry.ReportIdle(pid, 'I', 5000);
  EXPECT_EQ(Run("SELECT xact_start, query_start, state_change, state, query FROM "
                "pg_stat_activity"),
            "NULL|2000-01-01 00:00:00.004+00|2000-01-01 00:00:00.005+00|idle|COMMIT\n");

  // The query text is cut as PostgreSQL's track_activity_query_size cuts it, never inside a
  // UTF-8 character.
  std::string long_query = "SELECT '" + std::string(1000, 'x');
  for (int i = 0; i < 100; i++) long_query += "é";
  registry.ReportActive(pid, long_query, 6000);
  EXPECT_EQ(Run("SELECT octet_length(query), query = left($1, length(query)) FROM "
                "pg_stat_activity",
                {Value::Text(long_query)}),
            "1022|t\n");

  // pg_cancel_backend on itself cancels the statement; after pg_terminate_backend every later
  // statement is refused, as the wire server ends the session.
  EXPECT_EQ(Run("SELECT pg_cancel_backend(" + std::to_string(pid) + ")"),
            "ERROR 57014: canceling statement due to user request");
  EXPECT_EQ(Run("SELECT 1"), "1\n");
  EXPECT_EQ(Run("SELECT pg_cancel_backend(" + std::to_string(pid + 1) + ")"), "f\n");
  EXPECT_EQ(Run("SELECT pg_terminate_backend(pg_backend_pid())"),
            "ERROR 57P01: terminating connection due to administrator command");
  EXPECT_EQ(Run("SELECT 1"), "ERROR 57P01: terminating connection due to administrator command");

  registry.Unregister(pid);
  conn_->SetSessionDirectory(nullptr);
}

}  // namespace
}  // namespace komodo::test
