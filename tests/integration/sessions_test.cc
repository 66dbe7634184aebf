// The server's sessions: pg_stat_activity, pg_cancel_backend() and pg_terminate_backend(), and
// many concurrent libpq clients served while one sits idle in a transaction and another has
// stopped reading its socket. The expected texts and SQLSTATEs are PostgreSQL 15's.
#include <libpq-fe.h>

#include <fstream>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "integration/server_fixture.h"

namespace komodo::server {
namespace {

// The pid of the session's BackendKeyData.
int32_t BackendPid(const std::vector<Msg>& startup) {
  for (const Msg& m : startup) {
    if (m.type == 'K') return BodyReader(m.body).Int32();
  }
  return 0;
}

// A client after a successful startup, retrying while the readiness probe of StartServer still
// holds a slot (it frees when the server notices the probe's close).
std::unique_ptr<Client> ConnectRetrying(int port, const std::string& user,
                                        std::vector<Msg>* startup) {
  auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
  while (true) {
    auto c = std::make_unique<Client>(port);
    *startup = c->Startup(user);
    if (Render(startup->back()) == "Z[I]" || std::chrono::steady_clock::now() > deadline) return c;
    std::this_thread::sleep_for(20ms);
  }
}

// The server process's resident memory in kB (VmRSS), or -1.
long ResidentKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

class SessionsTest : public ServerTest {
 protected:
  // Runs `sql` on `c` and returns the rows only ("D[..] D[..]"), or the error.
  std::string Rows(Client& c, const std::string& sql) {
    std::string out;
    c.Send(Query(sql));
    for (const Msg& m : c.ReadUntilReady()) {
      if (m.type == 'D' || m.type == 'E' || m.type == 0) {
        out += (out.empty() ? "" : " ") + Render(m);
      }
    }
    return out;
  }
  // Asks `c` for `sql` until its rows are `expected` (the other session changes its state on its
  // own time); returns the last answer.
  std::string WaitForRows(Client& c, const std::string& sql, const std::string& expected) {
    auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    std::string got;
    while (std::chrono::steady_clock::now() < deadline) {
      got = Rows(c, sql);
      if (got == expected) break;
      std::this_thread::sleep_for(10ms);
    }
    return got;
  }
};

TEST_F(SessionsTest, PgStatActivityListsEverySessionWithItsStateAndQuery) {
  StartServer();
  std::vector<Msg> sa, sb;
  auto a = ConnectRetrying(server_.port(), "komodo", &sa);
  auto b = ConnectRetrying(server_.port(), "alice", &sb);
  ASSERT_EQ(Render(sb.back()), "Z[I]");
  std::string pa = std::to_string(BackendPid(sa)), pb = std::to_string(BackendPid(sb));

  // PostgreSQL 15's columns, in its order.
  a->Send(Query("SELECT * FROM pg_stat_activity WHERE false"));
  EXPECT_EQ(Render(a->ReadUntilReady()),
            "T[datid:20 datname:25 pid:23 leader_pid:23 usesysid:20 usename:25 "
            "application_name:25 client_addr:25 client_hostname:25 client_port:23 "
            "backend_start:1184 xact_start:1184 query_start:1184 state_change:1184 "
            "wait_event_type:25 wait_event:25 state:25 backend_xid:25 backend_xmin:25 "
            "query_id:20 query:25 backend_type:25] C[SELECT 0] Z[I]");

  // One row per session: the pid of its BackendKeyData, its role (alice has no role: trust lets
  // any name in, and she has no oid), its address and port, and what it does. b has not run a
  // statement yet: idle, with no query.
  std::string q =
      "SELECT pid, datname = current_database(), usename, usesysid, application_name, "
      "client_addr, client_port, state, query, backend_type, xact_start IS NULL, "
      "query_start IS NULL, backend_start <= state_change FROM pg_stat_activity ORDER BY pid";
  EXPECT_EQ(Rows(*a, q), "D[" + pa + "|t|komodo|10|server_test|127.0.0.1|" +
                             std::to_string(a->local_port()) + "|active|" + q +
                             "|client backend|f|f|t] D[" + pb +
                             "|t|alice|NULL|server_test|127.0.0.1|" +
                             std::to_string(b->local_port()) + "|idle||client backend|t|t|t]");
  EXPECT_EQ(Rows(*a, "SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()"), "D[1]");

  // b's state follows its transaction; its query is its last statement.
  std::string of_b =
      "SELECT state, query, xact_start IS NULL, query_start <= state_change, application_name "
      "FROM pg_stat_activity WHERE pid = " +
      pb;
  ASSERT_EQ(Exchange(*b, Query("BEGIN")), "C[BEGIN] Z[T]");
  EXPECT_EQ(Rows(*a, of_b), "D[idle in transaction|BEGIN|f|t|server_test]");
  ASSERT_EQ(Exchange(*b, Query("SELECT 1/0")),
            "T[?column?:23] E[ERROR 22012 division by zero] Z[E]");
  EXPECT_EQ(Rows(*a, of_b), "D[idle in transaction (aborted)|SELECT 1/0|f|t|server_test]");
  ASSERT_EQ(Exchange(*b, Query("ROLLBACK")), "C[ROLLBACK] Z[I]");
  EXPECT_EQ(Rows(*a, of_b), "D[idle|ROLLBACK|t|t|server_test]");
  ASSERT_EQ(Rows(*b, "SET application_name = 'renamed'"), "");
  EXPECT_EQ(Rows(*a, of_b), "D[idle|SET application_name = 'renamed'|t|t|renamed]");
  // The extended protocol reports the prepared statement's text.
  ASSERT_EQ(Exchange(*b, Parse("", "SELECT 42") + Bind("", "", {}) + Execute("") + Sync()),
            "1 2 D[42] C[SELECT 1] Z[I]");
  EXPECT_EQ(Rows(*a, of_b), "D[idle|SELECT 42|t|t|renamed]");

  // A session that ends leaves the view.
  b->Send(Message('X', ""));
  EXPECT_EQ(WaitForRows(*a, "SELECT count(*) FROM pg_stat_activity", "D[1]"), "D[1]");
}

TEST_F(SessionsTest, PgTerminateBackendEndsASessionAndRollsBackItsTransaction) {
  StartServer();
  std::vector<Msg> sa, sb;
  auto a = ConnectRetrying(server_.port(), "komodo", &sa);
  auto b = ConnectRetrying(server_.port(), "komodo", &sb);
  std::string pb = std::to_string(BackendPid(sb));
  ASSERT_EQ(Exchange(*a, Query("CREATE TABLE t (id int)")), "C[CREATE TABLE] Z[I]");
  ASSERT_EQ(Exchange(*b, Query("BEGIN; INSERT INTO t VALUES (1)")), "C[BEGIN] C[INSERT 0 1] Z[T]");

  EXPECT_EQ(Rows(*a, "SELECT pg_terminate_backend(" + pb + ")"), "D[t]");
  EXPECT_EQ(Render(b->ReadUntilReady()),
            "E[FATAL 57P01 terminating connection due to administrator command] EOF");
  EXPECT_EQ(WaitForRows(*a, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pb, "D[0]"),
            "D[0]");
  EXPECT_EQ(Rows(*a, "SELECT count(*) FROM t"), "D[0]");

  // No such session: false (PostgreSQL also warns). NULL in, NULL out.
  EXPECT_EQ(Rows(*a, "SELECT pg_terminate_backend(" + pb + "), pg_cancel_backend(" + pb + ")"),
            "D[f|f]");
  EXPECT_EQ(Rows(*a, "SELECT pg_terminate_backend(NULL), pg_cancel_backend(NULL)"), "D[NULL|NULL]");
  EXPECT_EQ(Rows(*a, "SELECT pg_terminate_backend(1, -1)"),
            "E[ERROR 22003 \"timeout\" must not be negative]");
  // Cancelling itself cancels the statement; the session goes on.
  EXPECT_EQ(Rows(*a, "SELECT pg_cancel_backend(pg_backend_pid())"),
            "E[ERROR 57014 canceling statement due to user request]");
  EXPECT_EQ(Rows(*a, "SELECT 1"), "D[1]");
  // Terminating itself ends it.
  a->Send(Query("SELECT pg_terminate_backend(pg_backend_pid())"));
  EXPECT_EQ(Render(a->ReadUntilReady()),
            "T[pg_terminate_backend:16] E[FATAL 57P01 terminating connection due to "
            "administrator command] EOF");
}

TEST_F(SessionsTest, CancelAndTerminateReachARunningStatement) {
  StartServer();
  std::vector<Msg> sa, sb;
  auto a = ConnectRetrying(server_.port(), "komodo", &sa);
  auto b = ConnectRetrying(server_.port(), "komodo", &sb);
  std::string pb = std::to_string(BackendPid(sb));
  const std::string endless = "SELECT count(*) FROM generate_series(1, 2000000000)";
  std::string running = "SELECT state, query FROM pg_stat_activity WHERE pid = " + pb;

  b->Send(Query(endless));
  ASSERT_EQ(WaitForRows(*a, running, "D[active|" + endless + "]"), "D[active|" + endless + "]");
  // A cancel that lands before the statement starts is lost (as in PostgreSQL): ask again until
  // b answers.
  auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_EQ(Rows(*a, "SELECT pg_cancel_backend(" + pb + ")"), "D[t]");
    if (b->Readable(100)) break;
  }
  EXPECT_EQ(Render(b->ReadUntilReady()),
            "T[count:20] E[ERROR 57014 canceling statement due to user request] Z[I]");
  EXPECT_EQ(Exchange(*b, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[I]");

  // Terminating a running statement ends the session instead of failing the statement; it is
  // never lost, whenever it lands.
  b->Send(Query(endless));
  ASSERT_EQ(WaitForRows(*a, running, "D[active|" + endless + "]"), "D[active|" + endless + "]");
  EXPECT_EQ(Rows(*a, "SELECT pg_terminate_backend(" + pb + ")"), "D[t]");
  EXPECT_EQ(Render(b->ReadUntilReady()),
            "T[count:20] E[FATAL 57P01 terminating connection due to administrator command] EOF");
}

// 200 libpq clients at once, each writing and reading, while one session holds a row lock idle
// in a transaction and another has stopped reading a large result (its thread blocks in send):
// every client is served, the view shows them all, and the one over max_connections is refused.
TEST_F(SessionsTest, TwoHundredClientsAreServedBesideAnIdleTransactionAndAStalledReader) {
  constexpr int kClients = 200;
  // The 200, the idle transaction, the stalled reader and the session that watches.
  StartServer({"--max-connections", std::to_string(kClients + 3)});
  std::vector<Msg> startup;
  auto admin = ConnectRetrying(server_.port(), "komodo", &startup);
  ASSERT_EQ(Render(startup.back()), "Z[I]");
  ASSERT_EQ(Rows(*admin,
                 "CREATE TABLE t (id int PRIMARY KEY, v int); CREATE TABLE hits (n int); "
                 "INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g"),
            "");
  auto idle = ConnectRetrying(server_.port(), "komodo", &startup);
  ASSERT_EQ(Exchange(*idle, Query("BEGIN; UPDATE t SET v = 0 WHERE id = 1")),
            "C[BEGIN] C[UPDATE 1] Z[T]");
  auto stalled = ConnectRetrying(server_.port(), "komodo", &startup);
  std::string stalled_pid = std::to_string(BackendPid(startup));
  const std::string big = "SELECT repeat('x', 1000) FROM generate_series(1, 1000000)";  // 1 GB
  stalled->Send(Query(big));
  std::string watch = "SELECT state, count(*) FROM pg_stat_activity GROUP BY state ORDER BY state";
  ASSERT_EQ(WaitForRows(*admin, watch, "D[active|2] D[idle in transaction|1]"),
            "D[active|2] D[idle in transaction|1]");
  long rss_before = ResidentKb(server_.pid());

  std::string conninfo = "host=127.0.0.1 port=" + std::to_string(server_.port()) +
                         " user=komodo dbname=komodo sslmode=disable gssencmode=disable "
                         "connect_timeout=30";
  std::latch served(kClients);
  std::latch release(1);
  std::vector<std::string> failures(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; i++) {
    threads.emplace_back([&, i] {
      PGconn* conn = nullptr;
      // Retry only while the readiness probe's slot is not yet free.
      auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
      while (true) {
        conn = PQconnectdb(conninfo.c_str());
        if (PQstatus(conn) == CONNECTION_OK) break;
        std::string why = PQerrorMessage(conn);
        PQfinish(conn);
        conn = nullptr;
        if (why.find("too many clients") == std::string::npos ||
            std::chrono::steady_clock::now() > deadline) {
          failures[i] = "connect: " + why;
          break;
        }
        std::this_thread::sleep_for(20ms);
      }
      if (conn != nullptr) {
        PGresult* r = PQexec(conn, ("INSERT INTO hits VALUES (" + std::to_string(i) + ")").c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) failures[i] = PQresultErrorMessage(r);
        PQclear(r);
        // The row idle's transaction changed reads as committed: v = 1.
        r = PQexec(conn, "SELECT count(*), sum(v) FROM t");
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
          failures[i] += PQresultErrorMessage(r);
        } else if (std::string(PQgetvalue(r, 0, 0)) + "|" + PQgetvalue(r, 0, 1) != "1000|500500") {
          failures[i] += std::string("rows: ") + PQgetvalue(r, 0, 0) + "|" + PQgetvalue(r, 0, 1);
        }
        PQclear(r);
      }
      served.count_down();
      release.wait();
      if (conn != nullptr) PQfinish(conn);
    });
  }
  served.wait();
  for (int i = 0; i < kClients; i++) EXPECT_EQ(failures[i], "") << "client " << i;

  // All 200 sit idle now, beside the idle transaction and the stalled reader.
  EXPECT_EQ(Rows(*admin, watch), "D[active|2] D[idle|200] D[idle in transaction|1]");
  EXPECT_EQ(Rows(*admin,
                 "SELECT query FROM pg_stat_activity WHERE state = 'active' AND "
                 "pid <> pg_backend_pid()"),
            "D[" + big + "]");
  long rss_after = ResidentKb(server_.pid());
  std::printf("server VmRSS: %ld kB before, %ld kB with %d more idle sessions (%.1f kB each)\n",
              rss_before, rss_after, kClients,
              static_cast<double>(rss_after - rss_before) / kClients);
  EXPECT_GT(rss_after, 0);
  EXPECT_LT(rss_after, 2L << 20);  // a sanity bound (2 GB), not a measurement

  // Every slot is taken: one more is refused, before and after authentication alike.
  {
    Client over(server_.port());
    EXPECT_EQ(Render(over.Startup()), "E[FATAL 53300 sorry, too many clients already] EOF");
    PGconn* conn = PQconnectdb(conninfo.c_str());
    EXPECT_EQ(PQstatus(conn), CONNECTION_BAD);
    EXPECT_NE(std::string(PQerrorMessage(conn)).find("FATAL:  sorry, too many clients already"),
              std::string::npos)
        << PQerrorMessage(conn);
    PQfinish(conn);
  }

  release.count_down();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(Rows(*admin, "SELECT count(*), count(DISTINCT n) FROM hits"), "D[200|200]");
  EXPECT_EQ(Exchange(*idle, Query("COMMIT")), "C[COMMIT] Z[I]");
  // pg_terminate_backend() ends the stalled reader's session, blocked as it is in sending.
  EXPECT_EQ(Rows(*admin, "SELECT pg_terminate_backend(" + stalled_pid + ")"), "D[t]");
  EXPECT_EQ(WaitForRows(*admin, "SELECT count(*) FROM pg_stat_activity", "D[2]"), "D[2]");
  stalled.reset();
  EXPECT_EQ(Rows(*admin, "SELECT sum(v) FROM t"), "D[500499]");
}

}  // namespace
}  // namespace komodo::server
