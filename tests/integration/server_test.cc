// `komodo serve`: the PostgreSQL wire protocol, checked against the real binary over TCP with the
// raw protocol client of server_fixture.h (so every byte is under the test's control), and with
// real clients: psql and psycopg2.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/server_fixture.h"
#include "test_util.h"

namespace komodo::server {
namespace {

// --- Protocol tests ----------------------------------------------------------------------------

TEST_F(ServerTest, StartupReportsParametersAndBackendKey) {
  StartServer();
  Client c(server_.port());
  ASSERT_TRUE(c.connected());
  std::string rendered = Render(c.Startup("alice"));
  EXPECT_TRUE(rendered.starts_with("R[0] ")) << rendered;
  for (const char* expected :
       {"S[server_version=15.0]", "S[server_encoding=UTF8]", "S[client_encoding=UTF8]",
        "S[DateStyle=ISO, MDY]", "S[integer_datetimes=on]", "S[standard_conforming_strings=on]",
        "S[TimeZone=UTC]", "S[application_name=server_test]", "S[is_superuser=on]",
        "S[session_authorization=alice]", "S[IntervalStyle=postgres]"}) {
    EXPECT_NE(rendered.find(expected), std::string::npos) << expected << " in " << rendered;
  }
  EXPECT_TRUE(rendered.ends_with(" K Z[I]")) << rendered;
  EXPECT_NE(server_.log().find("connection from 127.0.0.1"), std::string::npos);
}

TEST_F(ServerTest, SimpleQueryRunsEveryStatementOfTheMessage) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE t (id int PRIMARY KEY, v text); "
                               "INSERT INTO t VALUES (1, 'a'), (2, NULL); "
                               "SELECT id, v FROM t ORDER BY id")),
            "C[CREATE TABLE] C[INSERT 0 2] T[id:23 v:25] D[1|a] D[2|NULL] C[SELECT 2] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("")), "I Z[I]");
  EXPECT_EQ(Exchange(*c, Query("  ;  ")), "I Z[I]");
  // An error skips the rest of the message.
  EXPECT_EQ(Exchange(*c, Query("SELECT 1 AS x; SELECT * FROM nope; SELECT 2")),
            "T[x:23] D[1] C[SELECT 1] E[ERROR 42P01 relation \"nope\" does not exist @30] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELEC 1")),
            "E[ERROR 42601 syntax error at or near \"SELEC\" @1] Z[I]");
}

TEST_F(ServerTest, QueryRowsStreamBeforeTheQueryEnds) {
  StartServer();
  auto c = Connect();
  // A query that would produce two billion rows: the rows it produced before the timeout are
  // already on their way to the client (a materialising server would send only the error).
  EXPECT_EQ(Exchange(*c, Query("SET statement_timeout = '300ms'")), "C[SET] Z[I]");
  std::string reply = Exchange(
      *c, Query("SELECT i, 'row ' || i AS label FROM generate_series(1, 2000000000) AS s(i)"));
  EXPECT_TRUE(reply.starts_with("T[i:23 label:25] D[1|row 1] D[2|row 2] ")) << reply.substr(0, 200);
  EXPECT_TRUE(reply.ends_with("E[ERROR 57014 canceling statement due to statement timeout] Z[I]"))
      << reply.substr(reply.size() - 200);
  EXPECT_EQ(Exchange(*c, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, ReadyForQueryCarriesTransactionStatus) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE t (id int PRIMARY KEY)")), "C[CREATE TABLE] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("BEGIN")), "C[BEGIN] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("INSERT INTO t VALUES (1)")), "C[INSERT 0 1] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("INSERT INTO t VALUES (1)")),
            "E[ERROR 23505 duplicate key value violates unique constraint \"t_pkey\"] Z[E]");
  EXPECT_EQ(Exchange(*c, Query("SELECT 1")),
            "E[ERROR 25P02 current transaction is aborted, commands ignored until end of "
            "transaction block] Z[E]");
  EXPECT_EQ(Exchange(*c, Query("ROLLBACK")), "C[ROLLBACK] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT id FROM t")), "T[id:23] C[SELECT 0] Z[I]");
  // The same through the extended protocol: only ROLLBACK may be bound in a failed block.
  EXPECT_EQ(Exchange(*c, Parse("", "BEGIN") + Bind("", "", {}) + Execute("") + Sync()),
            "1 2 C[BEGIN] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("SELECT * FROM nope")),
            "E[ERROR 42P01 relation \"nope\" does not exist @15] Z[E]");
  EXPECT_EQ(Exchange(*c, Parse("", "SELECT 1") + Bind("", "", {}) + Sync()),
            "1 E[ERROR 25P02 current transaction is aborted, commands ignored until end of "
            "transaction block] Z[E]");
  EXPECT_EQ(Exchange(*c, Parse("", "ROLLBACK") + Bind("", "", {}) + Execute("") + Sync()),
            "1 2 C[ROLLBACK] Z[I]");
}

TEST_F(ServerTest, ExtendedQueryWithBinaryParametersAndResults) {
  StartServer();
  auto c = Connect();
  ASSERT_EQ(Exchange(*c, Query("CREATE TABLE v (i2 smallint PRIMARY KEY, i4 int, i8 bigint, "
                               "f4 real, f8 double precision, b boolean, t text, "
                               "vc varchar(10), by bytea)")),
            "C[CREATE TABLE] Z[I]");
  // Parameter types: int8 named by the client for $3, the rest inferred from the columns.
  std::string insert = "INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  std::vector<Param> binary = {
      {false, 1, BigEndian(7, 2)},
      {false, 1, BigEndian(static_cast<uint32_t>(-5), 4)},
      {false, 1, BigEndian(1ULL << 40, 8)},
      {false, 1, BigEndian(0x3fc00000, 4)},          // 1.5f
      {false, 1, BigEndian(0x4004000000000000, 8)},  // 2.5
      {false, 1, std::string(1, '\1')},
      {false, 1, "héllo"},
      {false, 1, "vc"},
      {false, 1, std::string("\0\xff", 2)},
  };
  EXPECT_EQ(Exchange(*c, Parse("ins", insert, {0, 0, 20}) + Describe('S', "ins") +
                             Bind("", "ins", binary) + Execute("") + Sync()),
            "1 t[21 23 20 700 701 16 25 1043 17] n 2 C[INSERT 0 1] Z[I]");
  // The same statement again with text parameters and a NULL.
  std::vector<Param> text = {{false, 0, "8"},   {false, 0, "6"}, {false, 0, "9"},
                             {false, 0, "0.5"}, {true, 0, ""},   {false, 0, "f"},
                             {false, 0, "x"},   {false, 0, "y"}, {false, 0, "\\x01"}};
  EXPECT_EQ(Exchange(*c, Bind("", "ins", text) + Execute("") + Sync()), "2 C[INSERT 0 1] Z[I]");

  // Binary results.
  EXPECT_EQ(
      Exchange(*c,
               Parse("", "SELECT i2, i4, i8, f4, f8, b, t, vc, by FROM v WHERE i2 = $1") +
                   Bind("", "", {{false, 1, BigEndian(7, 2)}}, {1}) + Describe('P', "") +
                   Execute("") + Sync(),
               /*binary=*/true),
      "1 2 T[i2:21b i4:23b i8:20b f4:700b f8:701b b:16b t:25b vc:1043b by:17b] "
      "D[0x0007|0xfffffffb|0x0000010000000000|0x3fc00000|0x4004000000000000|0x01|0x68c3a96c6c6f|"
      "0x7663|0x00ff] C[SELECT 1] Z[I]");
  // Text results, per-column formats: binary for the first column only.
  EXPECT_EQ(Exchange(*c,
                     Parse("", "SELECT i2, f8, by FROM v ORDER BY i2") +
                         Bind("", "", {}, {1, 0, 0}) + Describe('P', "") + Execute("") + Sync(),
                     /*binary=*/false),
            "1 2 T[i2:21b f8:701 by:17] D[" + std::string("\0\x07", 2) + "|2.5|\\x00ff] D[" +
                std::string("\0\x08", 2) + "|NULL|\\x01] C[SELECT 2] Z[I]");
}

TEST_F(ServerTest, ExecuteWithRowLimitSuspendsAndResumes) {
  StartServer();
  auto c = Connect();
  ASSERT_EQ(Exchange(*c, Query("CREATE TABLE t (id int PRIMARY KEY); "
                               "INSERT INTO t VALUES (1), (2), (3), (4), (5)")),
            "C[CREATE TABLE] C[INSERT 0 5] Z[I]");
  c->Send(Parse("q", "SELECT id FROM t WHERE id >= $1 ORDER BY id") +
          Bind("p", "q", {{false, 0, "1"}}) + Execute("p", 2) + Execute("p", 2) + Execute("p", 2) +
          Sync());
  EXPECT_EQ(Render(c->ReadUntilReady()), "1 2 D[1] D[2] s D[3] D[4] s D[5] C[SELECT 1] Z[I]");
  // Flush sends what is ready without a Sync.
  c->Send(Bind("", "q", {{false, 0, "4"}}) + Execute("", 1) + Message('H', ""));
  EXPECT_EQ(Render(c->Read()), "2");
  EXPECT_EQ(Render(c->Read()), "D[4]");
  EXPECT_EQ(Render(c->Read()), "s");
  EXPECT_EQ(Exchange(*c, Execute("") + Close('P', "") + Close('S', "q") + Sync()),
            "D[5] C[SELECT 1] 3 3 Z[I]");
  EXPECT_EQ(Exchange(*c, Bind("", "q", {{false, 0, "1"}}) + Sync()),
            "E[ERROR 26000 prepared statement \"q\" does not exist] Z[I]");
}

// In a transaction block a portal reads its rows as Execute asks for them: a portal over two
// billion rows answers its first Execute at once (a server that ran it to the end first would hit
// the statement timeout instead), and it ends with the block.
TEST_F(ServerTest, PortalsInABlockReadRowsAsExecuteAsksForThem) {
  StartServer();
  auto c = Connect();
  ASSERT_EQ(Exchange(*c, Query("SET statement_timeout = '10s'")), "C[SET] Z[I]");
  ASSERT_EQ(Exchange(*c, Query("BEGIN")), "C[BEGIN] Z[T]");
  c->Send(Parse("big", "SELECT i FROM generate_series(1, 2000000000) AS s(i) WHERE i > $1") +
          Bind("p", "big", {{false, 0, "10"}}) + Describe('P', "p") + Execute("p", 3) +
          Execute("p", 2) + Sync());
  EXPECT_EQ(Render(c->ReadUntilReady()), "1 2 T[i:23] D[11] D[12] D[13] s D[14] D[15] s Z[T]");
  // Another statement of the block runs between the Executes; the portal goes on.
  EXPECT_EQ(Exchange(*c, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[T]");
  EXPECT_EQ(Exchange(*c, Execute("p", 1) + Sync()), "D[16] s Z[T]");
  // A runtime error in a later batch fails the block, after the rows of the batches before it
  // (rows are computed 1,024 at a time: those of the failing batch are not sent).
  c->Send(Parse("", "SELECT 4000 / (2000 - i) FROM generate_series(1, 3000) AS s(i)") +
          Bind("q", "", {}) + Execute("q", 1) + Sync());
  EXPECT_EQ(Render(c->ReadUntilReady()), "1 2 D[2] s Z[T]");
  std::string rest = Exchange(*c, Execute("q", 0) + Sync());
  EXPECT_TRUE(rest.starts_with("D[2] D[2] ")) << rest.substr(0, 100);
  EXPECT_TRUE(rest.ends_with("D[4] E[ERROR 22012 division by zero] Z[E]"))
      << rest.substr(rest.size() > 100 ? rest.size() - 100 : 0);
  EXPECT_EQ(Exchange(*c, Query("ROLLBACK")), "C[ROLLBACK] Z[I]");
  // The portal ended with its transaction.
  EXPECT_EQ(Exchange(*c, Execute("p", 1) + Sync()),
            "E[ERROR 34000 portal \"p\" does not exist] Z[I]");
}

TEST_F(ServerTest, ErrorDiscardsMessagesUntilSync) {
  StartServer();
  auto c = Connect();
  // The Bind, Describe and Execute after the failed Parse are skipped; Sync answers.
  EXPECT_EQ(Exchange(*c, Parse("", "SELECT * FROM nope") + Bind("", "", {}) + Describe('P', "") +
                             Execute("") + Sync()),
            "E[ERROR 42P01 relation \"nope\" does not exist @15] Z[I]");
  EXPECT_EQ(Exchange(*c, Parse("", "SELECT $1::int AS n") + Bind("", "", {{false, 0, "abc"}}) +
                             Execute("") + Sync()),
            "1 E[ERROR 22P02 invalid input syntax for type integer: \"abc\"] Z[I]");
  EXPECT_EQ(Exchange(*c, Parse("s", "SELECT 1 AS one") + Parse("s", "SELECT 2") + Sync()),
            "1 E[ERROR 42P05 prepared statement \"s\" already exists] Z[I]");
  // Wrong binary size, and a wrong parameter count.
  EXPECT_EQ(
      Exchange(*c, Parse("", "SELECT $1::int AS n") + Bind("", "", {{false, 1, "ab"}}) + Sync()),
      "1 E[ERROR 22P03 incorrect binary data format in bind parameter of type integer] "
      "Z[I]");
  EXPECT_EQ(Exchange(*c, Bind("", "s", {{false, 0, "1"}}) + Sync()),
            "E[ERROR 08P01 bind message supplies 1 parameters, but prepared statement \"s\" "
            "requires 0] Z[I]");
  // And the session is fine afterwards.
  EXPECT_EQ(Exchange(*c, Bind("", "s", {}) + Describe('P', "") + Execute("") + Sync()),
            "2 T[one:23] D[1] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, SetAndShowKnownSettings) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("SHOW server_version")),
            "T[server_version:25] D[15.0] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET application_name = 'app'")),
            "C[SET] S[application_name=app] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("set extra_float_digits to 3;")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW extra_float_digits")),
            "T[extra_float_digits:25] D[3] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET TIME ZONE 'UTC'")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET client_encoding TO 'LATIN1'")),
            "E[ERROR 22023 invalid value for parameter \"client_encoding\": \"LATIN1\"] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW no_such_thing")),
            "E[ERROR 42704 unrecognized configuration parameter \"no_such_thing\"] Z[I]");
  // work_mem, in PostgreSQL's units and spelling; a sort larger than it spills.
  EXPECT_EQ(Exchange(*c, Query("SHOW work_mem")), "T[work_mem:25] D[4MB] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET work_mem = 65536")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW work_mem")), "T[work_mem:25] D[64MB] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET work_mem = '64kB'")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET work_mem = '10kB'")),
            "E[ERROR 22023 10 kB is outside the valid range for parameter \"work_mem\" "
            "(64 .. 2147483647)] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET work_mem = '1 parsec'")),
            "E[ERROR 22023 invalid value for parameter \"work_mem\": \"1 parsec\"] Z[I]");
  std::string plan = Exchange(
      *c, Query("EXPLAIN ANALYZE SELECT i FROM generate_series(1, 50000) AS s(i) ORDER BY i DESC"));
  EXPECT_NE(plan.find("Sort Method: external merge"), std::string::npos) << plan;
  // current_setting() and set_config() reach the same settings from SQL.
  EXPECT_EQ(Exchange(*c, Query("SELECT current_setting('work_mem'), "
                               "current_setting('no_such_thing', true)")),
            "T[current_setting:25 current_setting:25] D[64kB|NULL] C[SELECT 1] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT set_config('work_mem', '8MB', false)")),
            "T[set_config:25] D[8MB] C[SELECT 1] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW work_mem")), "T[work_mem:25] D[8MB] C[SHOW] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT current_setting('no_such_thing')")),
            "T[current_setting:25] E[ERROR 42704 unrecognized configuration parameter "
            "\"no_such_thing\"] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT pg_backend_pid() > 0 AS ok")),
            "T[ok:16] D[t] C[SELECT 1] Z[I]");
}

// --- Bad input ---------------------------------------------------------------------------------

TEST_F(ServerTest, MalformedLengthIsAProtocolViolationThatClosesOnlyThatSession) {
  StartServer({"--max-message-size", "1048576"});
  auto other = Connect();
  {
    auto c = Connect();
    c->Send(std::string("Q\0\0\0\2", 5));  // length 2 < 4
    EXPECT_EQ(Render(c->ReadUntilReady()), "E[FATAL 08P01 invalid message length 2] EOF");
  }
  {
    auto c = Connect();
    c->Send(std::string("Q\0\x20\0\0", 5));  // 2 MiB > the 1 MiB limit
    EXPECT_EQ(Render(c->ReadUntilReady()), "E[FATAL 08P01 invalid message length 2097152] EOF");
  }
  {
    auto c = Connect();
    c->Send(std::string("\xff\xfe garbage", 10));
    EXPECT_EQ(Render(c->ReadUntilReady()), "E[FATAL 08P01 invalid frontend message type 255] EOF");
  }
  {
    // Garbage instead of a startup packet ("GET " as a length is far too large).
    Client c(server_.port());
    c.Send("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(Render(c.ReadUntilReady()), "E[FATAL 08P01 invalid length of startup packet] EOF");
  }
  {
    // A Bind whose counts run past its end.
    auto c = Connect();
    c->Send(Message('B', std::string("\0\0\0\5", 4)));
    EXPECT_EQ(Render(c->ReadUntilReady()), "E[FATAL 08P01 invalid Bind message format] EOF");
  }
  {
    // A truncated message and then EOF: the session just ends.
    auto c = Connect();
    c->Send(std::string("Q\0\0\0\x20SELE", 9));
    c->ShutdownWrite();
    EXPECT_EQ(Render(c->ReadUntilReady()), "EOF");
  }
  // The other session never noticed.
  EXPECT_EQ(Exchange(*other, Query("SELECT 1 AS ok")), "T[ok:23] D[1] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, WrongProtocolVersionIsRefused) {
  StartServer();
  Client c(server_.port());
  c.Send(StartupPacket("komodo", 2 << 16));
  EXPECT_EQ(Render(c.ReadUntilReady()),
            "E[FATAL 0A000 unsupported frontend protocol 2.0: server supports 3.0 to 3.0] EOF");
}

TEST_F(ServerTest, SslAndGssEncryptionRequestsAreDeclined) {
  StartServer();
  Client c(server_.port());
  std::string ssl;
  PutInt32(ssl, 8);
  PutInt32(ssl, 80877103);
  c.Send(ssl);
  EXPECT_EQ(c.ReadByte(), 'N');
  EXPECT_EQ(Render(c.Startup().back()), "Z[I]");
  EXPECT_EQ(Exchange(c, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[I]");

  Client g(server_.port());
  std::string gss;
  PutInt32(gss, 8);
  PutInt32(gss, 80877104);
  g.Send(gss);
  EXPECT_EQ(g.ReadByte(), 'N');
  EXPECT_EQ(Render(g.Startup().back()), "Z[I]");
}

TEST_F(ServerTest, CancelRequestIsAcceptedAndClosed) {
  StartServer();
  Client c(server_.port());
  std::string cancel;
  PutInt32(cancel, 16);
  PutInt32(cancel, 80877102);
  PutInt32(cancel, 1);
  PutInt32(cancel, 2);
  c.Send(cancel);
  EXPECT_EQ(Render(c.ReadUntilReady()), "EOF");
}

TEST_F(ServerTest, TooManyClientsIsRefusedWith53300) {
  StartServer({"--max-connections", "2"});
  // The readiness probe of StartServer is a connection too; its slot frees when the server
  // notices the close, so retry until both sessions are in.
  auto connect = [&] {
    auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    while (true) {
      auto c = std::make_unique<Client>(server_.port());
      if (Render(c->Startup().back()) == "Z[I]" || std::chrono::steady_clock::now() > deadline) {
        return c;
      }
      std::this_thread::sleep_for(20ms);
    }
  };
  auto a = connect();
  auto b = connect();
  {
    Client c(server_.port());
    EXPECT_EQ(Render(c.Startup()), "E[FATAL 53300 sorry, too many clients already] EOF");
  }
  // A slot frees once a session ends (the server notices the close on its own time).
  a.reset();
  auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    Client c(server_.port());
    last = Render(c.Startup().back());
    if (last == "Z[I]") break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(last, "Z[I]");
  EXPECT_EQ(Exchange(*b, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, SigtermEndsIdleSessionsExitsZeroAndKeepsCommits) {
  StartServer();
  {
    auto c = Connect();
    ASSERT_EQ(Exchange(*c, Query("CREATE TABLE t (id int PRIMARY KEY, v text); "
                                 "INSERT INTO t VALUES (1, 'kept')")),
              "C[CREATE TABLE] C[INSERT 0 1] Z[I]");
    auto idle = Connect();
    EXPECT_EQ(server_.Stop(), 0) << server_.log();
    EXPECT_EQ(Render(idle->ReadUntilReady()),
              "E[FATAL 57P01 terminating connection due to administrator command] EOF");
  }
  EXPECT_NE(server_.log().find("database closed"), std::string::npos) << server_.log();
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("SELECT id, v FROM t")), "T[id:23 v:25] D[1|kept] C[SELECT 1] Z[I]");
}

// --- Real clients ------------------------------------------------------------------------------

// --- COPY --------------------------------------------------------------------------------------

std::string CopyData(const std::string& data) { return Message('d', data); }
std::string CopyDone() { return Message('c', ""); }
std::string CopyFail(const std::string& why) {
  std::string b;
  PutCString(b, why);
  return Message('f', b);
}

TEST_F(ServerTest, CopyFromStdinInsertsRowsAndCopyToStdoutSendsThem) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE t (a int PRIMARY KEY, b text, c int DEFAULT 7)")),
            "C[CREATE TABLE] Z[I]");
  c->Send(Query("COPY t (a, b) FROM STDIN"));
  EXPECT_EQ(Render(c->Read()), "G[0:0 0]");
  // Lines may span CopyData messages; Flush and Sync inside COPY are ignored.
  EXPECT_EQ(Exchange(*c, CopyData("1\tone\n2\t") + Message('H', "") + CopyData("\\N\n3\tth") +
                             Sync() + CopyData("ree\n") + CopyDone()),
            "C[COPY 3] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("COPY t TO STDOUT")),
            "H[0:0 0 0] d[1\tone\t7\n] d[2\t\\N\t7\n] d[3\tthree\t7\n] c C[COPY 3] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("COPY (SELECT b, a FROM t WHERE a > 1 ORDER BY a DESC) TO STDOUT "
                               "WITH (FORMAT csv, HEADER)")),
            "H[0:0 0] d[b,a\n] d[three,3\n] d[,2\n] c C[COPY 2] Z[I]");
  // The extended protocol, as libpq's PQexecParams sends it.
  c->Send(Parse("", "COPY t (a) FROM STDIN CSV") + Bind("", "", {}) + Describe('P', "") +
          Execute("") + Sync());
  EXPECT_EQ(Render(c->Read()), "1");
  EXPECT_EQ(Render(c->Read()), "2");
  EXPECT_EQ(Render(c->Read()), "n");
  EXPECT_EQ(Render(c->Read()), "G[0:0]");
  EXPECT_EQ(Exchange(*c, CopyData("4\n5\n") + CopyDone() + Sync()), "C[COPY 2] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT count(*) FROM t")), "T[count:20] D[5] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, CopyErrorsRollBackTheWholeCopy) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE t (a int PRIMARY KEY, b text)")),
            "C[CREATE TABLE] Z[I]");
  // A bad row on line 3: the error names the line, nothing of the COPY is kept, and the rest of
  // the client's data is ignored.
  c->Send(Query("COPY t FROM STDIN"));
  EXPECT_EQ(Render(c->Read()), "G[0:0 0]");
  EXPECT_EQ(Exchange(*c, CopyData("1\ta\n2\tb\nx\tc\n4\td\n")),
            "E[ERROR 22P02 invalid input syntax for type integer: \"x\" "
            "(COPY t, line 3, column a: \"x\")] Z[I]");
  EXPECT_EQ(Exchange(*c, CopyData("5\te\n") + CopyDone() + Query("SELECT count(*) FROM t")),
            "T[count:20] D[0] C[SELECT 1] Z[I]");
  c->Send(Query("COPY t FROM STDIN"));
  EXPECT_EQ(Render(c->Read()), "G[0:0 0]");
  EXPECT_EQ(Exchange(*c, CopyData("1\ta\textra\n")),
            "E[ERROR 22P04 extra data after last expected column "
            "(COPY t, line 1: \"1\ta\textra\")] Z[I]");
  // CopyFail: 57014 with the client's message.
  c->Send(Query("COPY t FROM STDIN"));
  EXPECT_EQ(Render(c->Read()), "G[0:0 0]");
  EXPECT_EQ(Exchange(*c, CopyData("1\ta\n") + CopyFail("stopped by user")),
            "E[ERROR 57014 COPY from stdin failed: stopped by user] Z[I]");
  // In a transaction block, a failed COPY aborts the block.
  EXPECT_EQ(Exchange(*c, Query("BEGIN")), "C[BEGIN] Z[T]");
  EXPECT_EQ(Exchange(*c, Query("INSERT INTO t VALUES (9, 'nine')")), "C[INSERT 0 1] Z[T]");
  c->Send(Query("COPY t FROM STDIN"));
  EXPECT_EQ(Render(c->Read()), "G[0:0 0]");
  EXPECT_EQ(Exchange(*c, CopyData("9\tdup\n")),
            "E[ERROR 23505 duplicate key value violates unique constraint \"t_pkey\" "
            "(COPY t, line 1)] Z[E]");
  EXPECT_EQ(Exchange(*c, CopyDone() + Query("ROLLBACK")), "C[ROLLBACK] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT count(*) FROM t")), "T[count:20] D[0] C[SELECT 1] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("COPY t FROM '/etc/passwd'")).substr(0, 14), "E[ERROR 0A000 ");
  EXPECT_EQ(Exchange(*c, Query("COPY nope TO STDOUT")),
            "E[ERROR 42P01 relation \"nope\" does not exist] Z[I]");
}

// pgbench's own initialisation (client-side COPY, ALTER TABLE ... ADD PRIMARY KEY) and a short
// tpcb-like run with concurrent clients: no failed transaction, and the balances agree.
TEST_F(ServerTest, PgbenchRunsWithoutFailuresAndKeepsBalancesConsistent) {
  std::string psql = Psql();
  const char* pgbench = "/usr/lib/postgresql/15/bin/pgbench";
  if (!std::filesystem::exists(pgbench)) pgbench = "/usr/bin/pgbench";
  ASSERT_TRUE(std::filesystem::exists(pgbench)) << "pgbench not found: run scripts/install-deps.sh";
  StartServer();
  std::string port = std::to_string(server_.port());
  std::vector<std::string> conn = {"-h", "127.0.0.1", "-p", port, "-U", "komodo"};
  auto command = [&](std::string program, std::vector<std::string> args) {
    std::vector<std::string> v = {std::move(program)};
    v.insert(v.end(), conn.begin(), conn.end());
    v.insert(v.end(), args.begin(), args.end());
    return v;
  };
  ChildResult init = RunChild(command(pgbench, {"-i", "-s", "1", "-q", "komodo"}), dir_.path());
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  ChildResult run =
      RunChild(command(pgbench, {"-n", "-c", "4", "-j", "2", "-t", "50", "komodo"}), dir_.path());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("number of transactions actually processed: 200/200"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("number of failed transactions: 0 (0.000%)"), std::string::npos)
      << run.out;
  // Every transaction added the same delta to one account, teller and branch and logged it.
  ChildResult sums =
      RunChild(command(psql, {"-X", "-At", "-d", "komodo", "-c",
                              "SELECT (SELECT sum(abalance) FROM pgbench_accounts) = "
                              "(SELECT sum(delta) FROM pgbench_history), "
                              "(SELECT sum(tbalance) FROM pgbench_tellers) = "
                              "(SELECT sum(delta) FROM pgbench_history), "
                              "(SELECT sum(bbalance) FROM pgbench_branches) = "
                              "(SELECT sum(delta) FROM pgbench_history), "
                              "(SELECT count(*) FROM pgbench_history), "
                              "(SELECT count(*) FROM pgbench_accounts)"}),
               dir_.path());
  EXPECT_EQ(sums.exit_code, 0) << sums.err;
  EXPECT_EQ(sums.out, "t|t|t|200|100000\n");
}

TEST_F(ServerTest, PsqlRunsStatementsAndReportsErrors) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::string port = std::to_string(server_.port());
  std::vector<std::string> base = {psql, "-X", "-h",     "127.0.0.1", "-p",
                                   port, "-U", "komodo", "-d",        "komodo"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> v = base;
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
  };
  ChildResult r = RunChild(with({"-c",
                                 "CREATE TABLE t (id int PRIMARY KEY, name text); "
                                 "INSERT INTO t VALUES (1, 'one'), (2, NULL); "
                                 "SELECT id, name FROM t ORDER BY id"}),
                           dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // psql 15 prints every result of a multi-statement -c.
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "INSERT 0 2\n"
            " id | name \n"
            "----+------\n"
            "  1 | one\n"
            "  2 | \n"
            "(2 rows)\n"
            "\n");
  // Unaligned, tuples only: one line per row.
  r = RunChild(with({"-At", "-c", "SELECT name FROM t WHERE id = 1"}), dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "one\n");

  // A failing script under ON_ERROR_STOP exits with 3 and the error on stderr.
  std::string script = dir_.path() + "/bad.sql";
  std::ofstream(script) << "SELECT 1;\nSELECT * FROM missing_table;\nSELECT 2;\n";
  r = RunChild(with({"-v", "ON_ERROR_STOP=1", "-f", script}), dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("ERROR:  relation \"missing_table\" does not exist"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("?column?\n----------\n        2"), std::string::npos) << r.out;
  // With -c, psql reports a failed command with exit code 1.
  r = RunChild(with({"-v", "ON_ERROR_STOP=1", "-c", "SELECT * FROM missing_table"}), dir_.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("relation \"missing_table\" does not exist"), std::string::npos) << r.err;
}

TEST_F(ServerTest, PsqlCopyUsesCopyFromStdinAndToStdout) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::vector<std::string> base = {
      psql, "-X",     "-h", "127.0.0.1", "-p", std::to_string(server_.port()),
      "-U", "komodo", "-d", "komodo",    "-c"};
  auto run = [&](const std::string& sql) {
    std::vector<std::string> v = base;
    v.push_back(sql);
    return RunChild(v, dir_.path());
  };
  ASSERT_EQ(run("CREATE TABLE t (id int PRIMARY KEY, name text, score numeric(5,2))").exit_code, 0);
  std::string csv = dir_.path() + "/in.csv";
  std::ofstream(csv) << "id,name,score\n1,\"Smith, Ann\",1.5\n2,,\n3,\"say \"\"hi\"\"\",-2\n";
  ChildResult r = run("\\copy t FROM '" + csv + "' CSV HEADER");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "COPY 3\n");
  r = run("\\copy t TO STDOUT WITH (FORMAT csv, HEADER)");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "id,name,score\n1,\"Smith, Ann\",1.50\n2,,\n3,\"say \"\"hi\"\"\",-2.00\n");
  r = run("COPY t (id, name) TO STDOUT");
  EXPECT_EQ(r.out, "1\tSmith, Ann\n2\t\\N\n3\tsay \"hi\"\n");
  // A bad line: psql prints the error with its CONTEXT line, and nothing is kept.
  std::ofstream(csv) << "4,four,1\n5,five,oops\n";
  r = run("\\copy t FROM '" + csv + "' CSV");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "ERROR:  invalid input syntax for type numeric: \"oops\"\n"
            "CONTEXT:  COPY t, line 2, column score: \"oops\"\n");
  r = run("SELECT count(*) FROM t");
  EXPECT_EQ(r.out, " count \n-------\n     3\n(1 row)\n\n");
}

TEST_F(ServerTest, Psycopg2ParametersExecutemanyAndRollback) {
  std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  StartServer();
  ChildResult r = RunChild({python, std::string(KOMODO_CLIENTS_DIR) + "/psycopg2_test.py",
                            std::to_string(server_.port())},
                           dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out.substr(r.out.size() > 3 ? r.out.size() - 3 : 0), "ok\n") << r.out << r.err;
}

TEST_F(ServerTest, NodePgParametersTypesAndErrors) {
  std::string dir = std::string(KOMODO_CLIENTS_DIR) + "/node";
  ASSERT_TRUE(std::filesystem::exists(dir + "/node_modules/pg"))
      << "node-pg not installed: run scripts/install-deps.sh";
  StartServer();
  ChildResult r =
      RunChild({"/usr/bin/node", dir + "/pg_test.js", std::to_string(server_.port())}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

TEST_F(ServerTest, JdbcPreparedStatementsFetchSizeErrorsAndMetadata) {
  const std::string jar = "/usr/share/java/postgresql.jar";
  ASSERT_TRUE(std::filesystem::exists(jar))
      << "run scripts/install-deps.sh (libpostgresql-jdbc-java)";
  StartServer();
  ChildResult build = RunChild({"/usr/bin/javac", "-d", dir_.path(),
                                std::string(KOMODO_CLIENTS_DIR) + "/jdbc/JdbcTest.java"},
                               dir_.path());
  ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
  ChildResult r = RunChild(
      {"/usr/bin/java", "-cp", dir_.path() + ":" + jar, "JdbcTest", std::to_string(server_.port())},
      dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

// --- Cancellation and statement_timeout ---------------------------------------------------------

TEST_F(ServerTest, StatementTimeoutCancelsALongStatement) {
  StartServer();
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("SET statement_timeout = '50ms'")), "C[SET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SHOW statement_timeout")),
            "T[statement_timeout:25] D[50ms] C[SHOW] Z[I]");
  // The row description goes out when the query starts, before the error (as in PostgreSQL).
  EXPECT_EQ(Exchange(*c, Query("SELECT count(*) FROM generate_series(1, 2000000000)")),
            "T[count:20] E[ERROR 57014 canceling statement due to statement timeout] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SET statement_timeout = 'soon'")),
            "E[ERROR 22023 invalid value for parameter \"statement_timeout\": \"soon\"] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("RESET statement_timeout")), "C[RESET] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT count(*) FROM generate_series(1, 100000)")),
            "T[count:20] D[100000] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, CancelRequestCancelsTheRunningStatementOnly) {
  StartServer();
  auto c = std::make_unique<Client>(server_.port());
  std::vector<Msg> startup = c->Startup();
  ASSERT_EQ(Render(startup.back()), "Z[I]");
  int32_t pid = 0, secret = 0;
  for (const Msg& m : startup) {
    if (m.type != 'K') continue;
    BodyReader r(m.body);
    pid = r.Int32();
    secret = r.Int32();
  }
  c->Send(Query("SELECT count(*) FROM generate_series(1, 2000000000)"));
  std::this_thread::sleep_for(100ms);  // let it start (a cancel before it is simply lost)
  {
    Client canceller(server_.port());
    std::string packet;
    PutInt32(packet, 16);
    PutInt32(packet, 80877102);
    PutInt32(packet, pid);
    PutInt32(packet, secret);
    canceller.Send(packet);
    EXPECT_EQ(Render(canceller.ReadUntilReady()), "EOF");  // no answer, as in PostgreSQL
  }
  EXPECT_EQ(Render(c->ReadUntilReady()),
            "T[count:20] E[ERROR 57014 canceling statement due to user request] Z[I]");
  // The session goes on.
  EXPECT_EQ(Exchange(*c, Query("SELECT 1 AS one")), "T[one:23] D[1] C[SELECT 1] Z[I]");
}

// --- pg_catalog and information_schema: psql's describe commands -------------------------------

// The expected outputs are what psql 15 prints against PostgreSQL 15 for the same tables, run by
// a superuser named komodo in a database named komodo (\l lists only that database here).
TEST_F(ServerTest, PsqlDescribeCommandsMatchPostgres) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::vector<std::string> base = {
      psql, "-X",     "-h", "127.0.0.1", "-p", std::to_string(server_.port()),
      "-U", "komodo", "-d", "komodo"};
  auto run = [&](const std::string& command) {
    std::vector<std::string> v = base;
    v.push_back("-c");
    v.push_back(command);
    ChildResult r = RunChild(v, dir_.path());
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
    EXPECT_EQ(r.err, "") << command;
    return r.out;
  };
  run("CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) NOT NULL, "
      "price numeric(10,2) DEFAULT 0, note text)");
  run("CREATE TABLE u (a int, b text UNIQUE)");
  run("CREATE INDEX u_a_idx ON u (a)");
  EXPECT_EQ(run("\\dt"),
            "       List of relations\n"
            " Schema | Name | Type  | Owner  \n"
            "--------+------+-------+--------\n"
            " public | t    | table | komodo\n"
            " public | u    | table | komodo\n"
            "(2 rows)\n"
            "\n");
  EXPECT_EQ(run("\\di"),
            "             List of relations\n"
            " Schema |  Name   | Type  | Owner  | Table \n"
            "--------+---------+-------+--------+-------\n"
            " public | t_pkey  | index | komodo | t\n"
            " public | u_a_idx | index | komodo | u\n"
            " public | u_b_key | index | komodo | u\n"
            "(3 rows)\n"
            "\n");
  EXPECT_EQ(run("\\dn"),
            "      List of schemas\n"
            "  Name  |       Owner       \n"
            "--------+-------------------\n"
            " public | pg_database_owner\n"
            "(1 row)\n"
            "\n");
  EXPECT_EQ(run("\\d t"),
            "                        Table \"public.t\"\n"
            " Column |         Type          | Collation | Nullable | Default \n"
            "--------+-----------------------+-----------+----------+---------\n"
            " id     | integer               |           | not null | \n"
            " name   | character varying(20) |           | not null | \n"
            " price  | numeric(10,2)         |           |          | 0\n"
            " note   | text                  |           |          | \n"
            "Indexes:\n"
            "    \"t_pkey\" PRIMARY KEY, btree (id)\n"
            "\n");
  EXPECT_EQ(run("\\d u"),
            "                 Table \"public.u\"\n"
            " Column |  Type   | Collation | Nullable | Default \n"
            "--------+---------+-----------+----------+---------\n"
            " a      | integer |           |          | \n"
            " b      | text    |           |          | \n"
            "Indexes:\n"
            "    \"u_a_idx\" btree (a)\n"
            "    \"u_b_key\" UNIQUE CONSTRAINT, btree (b)\n"
            "\n");
  EXPECT_EQ(run("\\du"),
            "                                   List of roles\n"
            " Role name |                         Attributes                         | Member of \n"
            "-----------+------------------------------------------------------------+-----------\n"
            " komodo    | Superuser, Create role, Create DB, Replication, Bypass RLS | {}\n"
            "\n");
  EXPECT_EQ(run("\\l"),
            "                                        List of databases\n"
            "  Name  | Owner  | Encoding | Collate | Ctype | ICU Locale | Locale Provider | "
            "Access privileges \n"
            "--------+--------+----------+---------+-------+------------+-----------------+-"
            "------------------\n"
            " komodo | komodo | UTF8     | C       | C     |            | libc            | \n"
            "(1 row)\n"
            "\n");
  // No user-defined functions: PostgreSQL's \df shows none either in a new database.
  for (const char* df : {"\\df", "\\df foo*"}) {
    EXPECT_EQ(run(df),
              "                       List of functions\n"
              " Schema | Name | Result data type | Argument data types | Type \n"
              "--------+------+------------------+---------------------+------\n"
              "(0 rows)\n"
              "\n")
        << df;
  }
  EXPECT_EQ(run("\\dn public"),
            "      List of schemas\n"
            "  Name  |       Owner       \n"
            "--------+-------------------\n"
            " public | pg_database_owner\n"
            "(1 row)\n"
            "\n");
}

// Arrays in PostgreSQL's binary layout (array_send/array_recv), both directions; the expected
// bytes are what PostgreSQL 15's array_send returns for the same arrays.
TEST_F(ServerTest, ArraysInBinaryFormat) {
  StartServer();
  auto c = Connect();
  ASSERT_EQ(Exchange(*c, Query("CREATE TABLE arr (id int PRIMARY KEY, a int[], t text[])")),
            "C[CREATE TABLE] Z[I]");
  auto unhex = [](const std::string& hex) {
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) {
      out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
  };
  // {1,NULL,3} as int4[] and {a,bc} as text[], sent in binary with the array types named.
  std::string ints =
      "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003";
  std::string texts = "00000001000000000000001900000002000000010000000161000000026263";
  EXPECT_EQ(Exchange(*c, Parse("ins", "INSERT INTO arr VALUES ($1, $2, $3)", {23, 1007, 1009}) +
                             Bind("", "ins",
                                  {{false, 1, BigEndian(1, 4)},
                                   {false, 1, unhex(ints)},
                                   {false, 1, unhex(texts)}}) +
                             Execute("") + Sync()),
            "1 2 C[INSERT 0 1] Z[I]");
  // Text parameters for the same statement; an empty array.
  EXPECT_EQ(Exchange(*c, Bind("", "ins", {{false, 0, "2"}, {false, 0, "{}"}, {false, 0, "{x}"}}) +
                             Execute("") + Sync()),
            "2 C[INSERT 0 1] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT a, t FROM arr ORDER BY id")),
            "T[a:1007 t:1009] D[{1,NULL,3}|{a,bc}] D[{}|{x}] C[SELECT 2] Z[I]");
  EXPECT_EQ(
      Exchange(*c,
               Parse("", "SELECT a, t FROM arr ORDER BY id") + Bind("", "", {}, {1}) +
                   Describe('P', "") + Execute("") + Sync(),
               /*binary=*/true),
      "1 2 T[a:1007b t:1009b] D[0x" + ints + "|0x" + texts +
          "] D[0x000000000000000000000017|0x00000001000000000000001900000001000000010000000178] "
          "C[SELECT 2] Z[I]");
  // A two-dimensional array is refused.
  EXPECT_EQ(
      Exchange(*c,
               Bind("", "ins",
                    {{false, 0, "3"},
                     {false, 1, unhex("00000002000000000000001700000001000000010000000100000001")},
                     {false, 0, "{}"}}) +
                   Execute("") + Sync()),
      "E[ERROR 0A000 multidimensional arrays are not supported] Z[I]");
}

TEST_F(ServerTest, Psycopg2JsonbParameterAndDict) {
  std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  StartServer();
  ChildResult r = RunChild({python, std::string(KOMODO_CLIENTS_DIR) + "/jsonb_psycopg2_test.py",
                            std::to_string(server_.port())},
                           dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

TEST_F(ServerTest, NodePgJsonbObjects) {
  std::string dir = std::string(KOMODO_CLIENTS_DIR) + "/node";
  ASSERT_TRUE(std::filesystem::exists(dir + "/node_modules/pg"))
      << "node-pg not installed: run scripts/install-deps.sh";
  StartServer();
  ChildResult r = RunChild(
      {"/usr/bin/node", dir + "/jsonb_test.js", std::to_string(server_.port())}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

// --- Authentication, roles and TLS ---------------------------------------------------------------

// A server that wants SCRAM-SHA-256 and offers TLS, set up the way an administrator would: the
// roles are made while the server still trusts everyone, then it restarts from a configuration
// file. Roles: komodo (superuser, password komodo-pw), alice (login, alice-pw), carol (login, no
// password), dave (no login, dave-pw).
class AuthTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    psql_ = Psql();
    ASSERT_FALSE(psql_.empty())
        << "psql not found: run scripts/install-deps.sh (postgresql-client)";
    // A self-signed certificate from the openssl command-line tool (scripts/install-deps.sh).
    ChildResult cert =
        RunChild({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                  dir_.path() + "/server.key", "-out", dir_.path() + "/server.crt", "-days", "2",
                  "-subj", "/CN=localhost"},
                 dir_.path());
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
    StartServer();
    ChildResult r =
        RunPsql("komodo", "", "disable",
                {"-v", "ON_ERROR_STOP=1", "-c", "ALTER ROLE komodo PASSWORD 'komodo-pw'", "-c",
                 "CREATE USER alice PASSWORD 'alice-pw'", "-c", "CREATE ROLE carol LOGIN", "-c",
                 "CREATE ROLE dave PASSWORD 'dave-pw'"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(server_.Stop(), 0);
    // The file's port is overridden by the --port the fixture passes.
    config_ = dir_.path() + "/komodo.conf";
    std::ofstream(config_) << "# komodo serve configuration\n"
                              "port = 1\n"
                              "auth_method = scram-sha-256   # passwords from the role catalog\n"
                              "ssl = on\n"
                              "ssl_cert_file = '"
                           << dir_.path() << "/server.crt'\n"
                           << "ssl_key_file = " << dir_.path() << "/server.key\n";
    StartServer({"--config", config_});
  }

  // psql as `user` with PGPASSWORD (none when empty; -w: never prompt).
  ChildResult RunPsql(const std::string& user, const std::string& password,
                      const std::string& sslmode, const std::vector<std::string>& args) {
    std::vector<std::string> v = {"env", "PGPASSWORD=" + password, psql_, "-X", "-w",
                                  "-d",  ConnInfo(user, sslmode)};
    if (password.empty()) v.erase(v.begin(), v.begin() + 2);
    v.insert(v.end(), args.begin(), args.end());
    return RunChild(v, dir_.path());
  }
  std::string ConnInfo(const std::string& user, const std::string& sslmode) {
    return "host=127.0.0.1 port=" + std::to_string(server_.port()) + " user=" + user +
           " dbname=komodo sslmode=" + sslmode;
  }

  std::string psql_;
  std::string config_;
};

TEST_F(AuthTest, PsqlLogsInWithTheRightPasswordOnly) {
  ChildResult r = RunPsql("alice", "alice-pw", "disable", {"-At", "-c", "SELECT 40 + 2"});
  EXPECT_EQ(r.exit_code, 0) << r.err << server_.log();
  EXPECT_EQ(r.out, "42\n");

  // A session stays open (in a transaction) while a wrong password and an unknown user are
  // refused on other connections; it then commits.
  std::string script = dir_.path() + "/auth.sql";
  std::ofstream(script) << "BEGIN;\n"
                           "CREATE TABLE kept (a int);\n"
                           "INSERT INTO kept VALUES (1);\n"
                           "\\! PGPASSWORD=wrong "
                        << psql_ << " -X -w -d '" << ConnInfo("alice", "disable")
                        << "' -c 'SELECT 1'\n"
                           "\\! PGPASSWORD=alice-pw "
                        << psql_ << " -X -w -d '" << ConnInfo("nobody", "disable")
                        << "' -c 'SELECT 1'\n"
                           "INSERT INTO kept VALUES (2);\n"
                           "COMMIT;\n"
                           "SELECT count(*) FROM kept;\n";
  r = RunPsql("komodo", "komodo-pw", "disable", {"-qAt", "-v", "ON_ERROR_STOP=1", "-f", script});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2\n");
  EXPECT_NE(r.err.find("FATAL:  password authentication failed for user \"alice\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("FATAL:  password authentication failed for user \"nobody\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(server_.log().find("FATAL 28P01: password authentication failed for user \"alice\""),
            std::string::npos);

  // No password at all, a role without a password, a role that may not log in.
  r = RunPsql("alice", "", "disable", {"-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no password supplied"), std::string::npos) << r.err;
  r = RunPsql("carol", "anything", "disable", {"-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("FATAL:  password authentication failed for user \"carol\""),
            std::string::npos)
      << r.err;
  r = RunPsql("dave", "dave-pw", "disable", {"-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("FATAL:  role \"dave\" is not permitted to log in"), std::string::npos)
      << r.err;

  // A new password takes effect for the next login.
  r = RunPsql("komodo", "komodo-pw", "disable", {"-c", "ALTER ROLE alice PASSWORD 'new-pw'"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunPsql("alice", "alice-pw", "disable", {"-c", "SELECT 1"}).exit_code, 2);
  EXPECT_EQ(RunPsql("alice", "new-pw", "disable", {"-c", "SELECT 1"}).exit_code, 0);
}

// psql's \du, against PostgreSQL's output for the same roles (its own postgres line left out).
TEST_F(AuthTest, PsqlDuListsTheRolesAsPostgresDoes) {
  ChildResult r = RunPsql("komodo", "komodo-pw", "disable", {"-c", "\\du"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "                                   List of roles\n"
            " Role name |                         Attributes                         | Member of \n"
            "-----------+------------------------------------------------------------+-----------\n"
            " alice     |                                                            | {}\n"
            " carol     |                                                            | {}\n"
            " dave      | Cannot login                                               | {}\n"
            " komodo    | Superuser, Create role, Create DB, Replication, Bypass RLS | {}\n"
            "\n");
}

TEST_F(AuthTest, PsqlSslmodeRequireRunsTheSessionOverTls) {
  ChildResult r =
      RunPsql("alice", "alice-pw", "require", {"-c", "\\conninfo", "-c", "SELECT 'over tls'"});
  EXPECT_EQ(r.exit_code, 0) << r.err << server_.log();
  EXPECT_NE(r.out.find("SSL connection (protocol: TLSv1."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" over tls\n"), std::string::npos) << r.out;
  EXPECT_NE(server_.log().find("user=alice database=komodo application_name=psql ssl=TLSv1."),
            std::string::npos)
      << server_.log();
  // A wrong password over TLS is refused the same way.
  r = RunPsql("alice", "wrong", "require", {"-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("FATAL:  password authentication failed for user \"alice\""),
            std::string::npos)
      << r.err;
  r = RunPsql("alice", "alice-pw", "disable", {"-c", "\\conninfo"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("SSL connection"), std::string::npos) << r.out;
}

TEST_F(AuthTest, Psycopg2AndJdbcLogInWithScram) {
  std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  ChildResult r = RunChild({python, std::string(KOMODO_CLIENTS_DIR) + "/psycopg2_auth_test.py",
                            std::to_string(server_.port())},
                           dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;

  const std::string jar = "/usr/share/java/postgresql.jar";
  ASSERT_TRUE(std::filesystem::exists(jar))
      << "run scripts/install-deps.sh (libpostgresql-jdbc-java)";
  ChildResult build = RunChild({"/usr/bin/javac", "-d", dir_.path(),
                                std::string(KOMODO_CLIENTS_DIR) + "/jdbc/JdbcAuthTest.java"},
                               dir_.path());
  ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
  r = RunChild({"/usr/bin/java", "-cp", dir_.path() + ":" + jar, "JdbcAuthTest",
                std::to_string(server_.port())},
               dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

// The raw exchange: AuthenticationSASL offers SCRAM-SHA-256 only (no -PLUS); another mechanism
// is a protocol violation that ends only that connection.
TEST_F(AuthTest, SaslOffersScramSha256AndRefusesOtherMechanisms) {
  Client c(server_.port());
  ASSERT_TRUE(c.connected());
  c.Send(StartupPacket("alice"));
  Msg m = c.Read();
  EXPECT_EQ(m.type, 'R');
  EXPECT_EQ(m.body, std::string("\0\0\0\x0aSCRAM-SHA-256\0\0", 19));
  std::string body;
  PutCString(body, "SCRAM-SHA-256-PLUS");
  PutInt32(body, 3);
  body += "p=x";
  c.Send(Message('p', body));
  EXPECT_EQ(Render(c.ReadUntilReady()),
            "E[FATAL 08P01 client selected an invalid SASL authentication mechanism] EOF");
  EXPECT_EQ(RunPsql("alice", "alice-pw", "disable", {"-c", "SELECT 1"}).exit_code, 0);
}

TEST_F(AuthTest, TrustLoopbackAndCommandLineOverrideTheFile) {
  ASSERT_EQ(server_.Stop(), 0);
  StartServer({"--config", config_, "--trust-loopback", "on"});
  ChildResult r = RunPsql("carol", "", "disable", {"-At", "-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(server_.Stop(), 0);
  StartServer({"--config", config_, "--auth-method", "trust"});
  r = RunPsql("anyone", "", "disable", {"-At", "-c", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// The logged-in role is current_user, and role DDL checks its rights (PostgreSQL 15's messages):
// without CREATEROLE a role may only change its own password.
TEST_F(AuthTest, RoleDdlChecksTheLoggedInRole) {
  auto as = [&](const std::string& user, const std::string& password, const std::string& sql) {
    ChildResult r = RunPsql(user, password, "disable", {"-At", "-c", sql});
    return r.out + r.err;
  };
  EXPECT_EQ(as("alice", "alice-pw", "SELECT current_user, session_user"), "alice|alice\n");
  EXPECT_EQ(as("alice", "alice-pw", "CREATE ROLE eve"),
            "ERROR:  permission denied to create role\n");
  EXPECT_EQ(as("alice", "alice-pw", "CREATE ROLE eve SUPERUSER"),
            "ERROR:  must be superuser to create superusers\n");
  EXPECT_EQ(as("alice", "alice-pw", "ALTER ROLE alice LOGIN"), "ERROR:  permission denied\n");
  EXPECT_EQ(as("alice", "alice-pw", "ALTER ROLE carol PASSWORD 'x'"),
            "ERROR:  permission denied\n");
  EXPECT_EQ(as("alice", "alice-pw", "ALTER ROLE komodo PASSWORD 'x'"),
            "ERROR:  must be superuser to alter superuser roles or change superuser attribute\n");
  EXPECT_EQ(as("alice", "alice-pw", "DROP ROLE carol"), "ERROR:  permission denied to drop role\n");
  EXPECT_EQ(as("alice", "alice-pw", "ALTER ROLE alice PASSWORD 'own-pw'"), "ALTER ROLE\n");
  EXPECT_EQ(as("alice", "own-pw", "SELECT 1"), "1\n");
  EXPECT_EQ(as("komodo", "komodo-pw", "DROP ROLE komodo"),
            "ERROR:  current user cannot be dropped\n");
  EXPECT_EQ(as("komodo", "komodo-pw", "DROP ROLE alice"), "DROP ROLE\n");
  EXPECT_NE(as("alice", "own-pw", "SELECT 1").find("password authentication failed"),
            std::string::npos);
}

// CONNECTION LIMIT counts a role's open sessions (superusers have no limit), as in PostgreSQL.
TEST_F(AuthTest, ConnectionLimitOfARoleIsEnforced) {
  ChildResult r =
      RunPsql("komodo", "komodo-pw", "disable", {"-c", "ALTER ROLE alice CONNECTION LIMIT 1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string script = dir_.path() + "/limit.sql";
  std::ofstream(script) << "SELECT 'first';\n"
                           "\\! PGPASSWORD=alice-pw "
                        << psql_ << " -X -w -d '" << ConnInfo("alice", "disable")
                        << "' -c 'SELECT 1'\n"
                           "SELECT 'still here';\n";
  r = RunPsql("alice", "alice-pw", "disable", {"-qAt", "-f", script});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "first\nstill here\n");
  EXPECT_NE(r.err.find("FATAL:  too many connections for role \"alice\""), std::string::npos)
      << r.err;
  // The session is gone: the next one is let in.
  EXPECT_EQ(RunPsql("alice", "alice-pw", "disable", {"-c", "SELECT 1"}).exit_code, 0);
}

// A non-loopback IPv4 address of this machine, or "" when it has none.
std::string NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* a = list; a != nullptr && found.empty(); a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
    in_addr addr = reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr;
    if ((ntohl(addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &addr, text, sizeof(text));
    found = text;
  }
  freeifaddrs(list);
  return found;
}

// ssl_require_remote and trust_loopback apply to clients by their address: a client on a
// non-loopback address must use TLS and give its password, one on 127.0.0.1 need not.
TEST_F(AuthTest, RemoteClientsMustUseTlsAndPasswords) {
  std::string address = NonLoopbackAddress();
  if (address.empty()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address";
  ASSERT_EQ(server_.Stop(), 0);
  StartServer({"--config", config_, "--host", "0.0.0.0", "--ssl-require-remote", "on",
               "--trust-loopback", "on"});
  auto remote = [&](const std::string& user, const std::string& password,
                    const std::string& sslmode) {
    std::vector<std::string> v = {"env",
                                  "PGPASSWORD=" + password,
                                  psql_,
                                  "-X",
                                  "-w",
                                  "-At",
                                  "-d",
                                  "host=" + address + " port=" + std::to_string(server_.port()) +
                                      " user=" + user + " dbname=komodo sslmode=" + sslmode,
                                  "-c",
                                  "SELECT current_user"};
    return RunChild(v, dir_.path());
  };
  ChildResult r = remote("alice", "alice-pw", "disable");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("FATAL:  no pg_hba.conf entry for host \"" + address +
                       "\", user \"alice\", database \"komodo\", no encryption"),
            std::string::npos)
      << r.err;
  r = remote("alice", "alice-pw", "require");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alice\n");
  r = remote("alice", "wrong", "require");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("password authentication failed for user \"alice\""), std::string::npos)
      << r.err;
  // On 127.0.0.1: trusted, in plain text.
  r = RunPsql("carol", "", "disable", {"-At", "-c", "SELECT current_user"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "carol\n");
}

TEST_F(ServerTest, SslmodeRequireFailsCleanlyWithoutACertificate) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::string conninfo = "host=127.0.0.1 port=" + std::to_string(server_.port()) +
                         " user=komodo dbname=komodo sslmode=";
  ChildResult r = RunChild({psql, "-X", "-d", conninfo + "require", "-c", "SELECT 1"}, dir_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("server does not support SSL, but SSL was required"), std::string::npos)
      << r.err;
  r = RunChild({psql, "-X", "-At", "-d", conninfo + "prefer", "-c", "SELECT 1"}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1\n");
}

// --cache-size sets the block cache the database opens with; a small one still serves rows that
// do not fit in it.
TEST_F(ServerTest, CacheSizeIsConfigurable) {
  StartServer({"--cache-size", "1MB"});
  auto c = Connect();
  EXPECT_EQ(Exchange(*c, Query("CREATE TABLE big (id int PRIMARY KEY, pad text)")),
            "C[CREATE TABLE] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("INSERT INTO big SELECT i, repeat('x', 200) FROM "
                               "generate_series(1, 20000) AS s(i)")),
            "C[INSERT 0 20000] Z[I]");
  EXPECT_EQ(Exchange(*c, Query("SELECT count(*), sum(length(pad)) FROM big")),
            "T[count:20 sum:20] D[20000|4000000] C[SELECT 1] Z[I]");
}

TEST_F(ServerTest, BadConfigurationExitsWith2) {
  auto serve = [&](const std::string& config_text, std::vector<std::string> extra = {}) {
    std::string path = dir_.path() + "/bad.conf";
    std::ofstream(path) << config_text;
    std::vector<std::string> v = {KOMODO_BINARY, "serve", "--data", data_, "--config", path};
    v.insert(v.end(), extra.begin(), extra.end());
    return RunChild(v, dir_.path());
  };
  ChildResult r = serve("port = 5999\nbogus = 1\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.conf:2: unrecognized configuration parameter \"bogus\""),
            std::string::npos)
      << r.err;
  r = serve("auth_method = md5\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.conf:1: invalid value for parameter \"auth_method\": \"md5\""),
            std::string::npos)
      << r.err;
  r = serve("ssl = maybe\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("invalid value for parameter \"ssl\": \"maybe\""), std::string::npos)
      << r.err;
  r = serve("port = 'unterminated\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unterminated quoted string"), std::string::npos) << r.err;
  r = serve(
      "port = 0\nssl = on\nssl_cert_file = /nonexistent.crt\nssl_key_file = /nonexistent.key\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("could not load server certificate file \"/nonexistent.crt\""),
            std::string::npos)
      << r.err;
  r = serve("", {"--max-connections", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("invalid --max-connections \"0\""), std::string::npos) << r.err;
  r = serve("cache_size = 512kB\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("invalid value for parameter \"cache_size\": \"512kB\" (1MB or more"),
            std::string::npos)
      << r.err;
  r = serve("", {"--cache-size", "lots"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("invalid --cache-size \"lots\""), std::string::npos) << r.err;
  r = RunChild({KOMODO_BINARY, "serve", "--config", dir_.path() + "/missing.conf"}, dir_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("could not open configuration file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace komodo::server

namespace komodo::server {
namespace {

// Foreign-key errors reach psql with their DETAIL and HINT fields, printed as PostgreSQL's are
// (the expected text is psql's output against PostgreSQL 15), from a statement and from COPY.
TEST_F(ServerTest, PsqlShowsForeignKeyErrorsAsPostgresDoes) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  auto run = [&](const std::string& command) {
    std::vector<std::string> v = {
        psql, "-X",     "-h", "127.0.0.1", "-p", std::to_string(server_.port()),
        "-U", "komodo", "-d", "komodo",    "-c", command};
    return RunChild(v, dir_.path());
  };
  ASSERT_EQ(run("CREATE TABLE pp (id int PRIMARY KEY)").exit_code, 0);
  ASSERT_EQ(run("CREATE TABLE cc (p int REFERENCES pp)").exit_code, 0);
  ChildResult drop = run("DROP TABLE pp");
  EXPECT_EQ(drop.err,
            "ERROR:  cannot drop table pp because other objects depend on it\n"
            "DETAIL:  constraint cc_p_fkey on table cc depends on table pp\n"
            "HINT:  Use DROP ... CASCADE to drop the dependent objects too.\n");
  ChildResult insert = run("INSERT INTO cc VALUES (7)");
  EXPECT_EQ(insert.err,
            "ERROR:  insert or update on table \"cc\" violates foreign key constraint "
            "\"cc_p_fkey\"\n"
            "DETAIL:  Key (p)=(7) is not present in table \"pp\".\n");
  ASSERT_EQ(run("DROP TABLE pp CASCADE").exit_code, 0);
  EXPECT_EQ(run("INSERT INTO cc VALUES (7)").exit_code, 0);
}

// psql's \dv and \d on a view print what PostgreSQL 15 prints for the same view (the owner is
// KomodoDB's role).
TEST_F(ServerTest, PsqlDescribesViews) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::vector<std::string> base = {
      psql, "-X",     "-h", "127.0.0.1", "-p", std::to_string(server_.port()),
      "-U", "komodo", "-d", "komodo"};
  auto run = [&](const std::string& command) {
    std::vector<std::string> v = base;
    v.push_back("-c");
    v.push_back(command);
    ChildResult r = RunChild(v, dir_.path());
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
    EXPECT_EQ(r.err, "") << command;
    return r.out;
  };
  run("CREATE TABLE t (id int PRIMARY KEY, v text)");
  run("CREATE VIEW vv AS SELECT id, v, id * 2 AS d FROM t");
  EXPECT_EQ(run("\\dv"),
            "       List of relations\n"
            " Schema | Name | Type | Owner  \n"
            "--------+------+------+--------\n"
            " public | vv   | view | komodo\n"
            "(1 row)\n"
            "\n");
  EXPECT_EQ(run("\\d vv"),
            "                 View \"public.vv\"\n"
            " Column |  Type   | Collation | Nullable | Default \n"
            "--------+---------+-----------+----------+---------\n"
            " id     | integer |           |          | \n"
            " v      | text    |           |          | \n"
            " d      | integer |           |          | \n"
            "\n");
}

// GROUP BY ROLLUP/CUBE through psql, past a small work_mem: the output is PostgreSQL 15's,
// column names included (psql -X against PostgreSQL prints the same).
TEST_F(ServerTest, PsqlShowsGroupingSetsAsPostgresDoes) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  std::string port = std::to_string(server_.port());
  ChildResult r = RunChild(
      {psql,
       "-X",
       "-h",
       "127.0.0.1",
       "-p",
       port,
       "-U",
       "komodo",
       "-d",
       "komodo",
       "-c",
       "SET work_mem = '64kB'",
       "-c",
       "SELECT i % 3 AS r, grouping(i % 3), count(*), sum(i) FROM generate_series(1, 50000) AS "
       "s(i) GROUP BY ROLLUP (i % 3) ORDER BY 2, 1",
       "-c",
       "SELECT count(*) AS groups, sum(n) FROM (SELECT count(*) AS n FROM generate_series(1, "
       "20000) AS s(i) GROUP BY CUBE (i, i % 7)) AS g",
       "-c",
       "EXPLAIN ANALYZE SELECT count(*) FROM generate_series(1, 20000) AS s(i) GROUP BY CUBE (i, "
       "i % 7)",
       "-c",
       "SELECT i, grouping(i % 2) FROM generate_series(1, 3) AS s(i) GROUP BY ROLLUP (i % 2)"},
      dir_.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::string out = r.out;
  size_t plan = out.find("QUERY PLAN");
  ASSERT_NE(plan, std::string::npos) << out;
  EXPECT_NE(out.find("MixedAggregate", plan), std::string::npos) << out;
  EXPECT_NE(out.find("Disk Usage: ", plan), std::string::npos) << out;
  EXPECT_EQ(out.substr(0, out.rfind('\n', out.rfind("QUERY PLAN")) + 1),
            "SET\n"
            " r | grouping | count |    sum     \n"
            "---+----------+-------+------------\n"
            " 0 |        0 | 16666 |  416658333\n"
            " 1 |        0 | 16667 |  416675000\n"
            " 2 |        0 | 16667 |  416691667\n"
            "   |        1 | 50000 | 1250025000\n"
            "(4 rows)\n"
            "\n"
            " groups |  sum  \n"
            "--------+-------\n"
            "  40008 | 80000\n"
            "(1 row)\n"
            "\n");
  EXPECT_EQ(r.err,
            "ERROR:  column \"s.i\" must appear in the GROUP BY clause or be used in an aggregate "
            "function\n"
            "LINE 1: SELECT i, grouping(i % 2) FROM generate_series(1, 3) AS s(i)...\n"
            "               ^\n");
}

// SQLAlchemy's PostgreSQL dialect reflects tables through pg_catalog (regclass casts,
// format_type, pg_get_expr, pg_get_indexdef/constraintdef, indkey and conkey arrays, several
// set-returning functions in one select list), then a Core round trip and an ORM session.
TEST_F(ServerTest, SqlalchemyReflectsTablesAndRoundTrips) {
  std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  StartServer();
  ChildResult r = RunChild({python, std::string(KOMODO_CLIENTS_DIR) + "/sqlalchemy_test.py",
                            std::to_string(server_.port())},
                           dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\n" << server_.log();
  EXPECT_EQ(r.out, "ok\n") << r.err;
}

// psql's \d on an index (its columns are pg_attribute rows of the index, their definitions
// pg_get_indexdef(index, n, true)) prints what PostgreSQL 15 prints.
TEST_F(ServerTest, PsqlDescribesIndexes) {
  std::string psql = Psql();
  ASSERT_FALSE(psql.empty()) << "psql not found: run scripts/install-deps.sh (postgresql-client)";
  StartServer();
  ChildResult r = RunChild(
      {psql, "-X", "-h", "127.0.0.1", "-p", std::to_string(server_.port()), "-U", "komodo", "-d",
       "komodo", "-c", "CREATE TABLE dx (a int, b varchar(10), CONSTRAINT dx_ab UNIQUE (b, a))",
       "-c", "CREATE INDEX dx_b ON dx (b DESC)", "-c", "\\d dx_ab", "-c", "\\d dx_b"},
      dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "CREATE INDEX\n"
            "                Index \"public.dx_ab\"\n"
            " Column |         Type          | Key? | Definition \n"
            "--------+-----------------------+------+------------\n"
            " b      | character varying(10) | yes  | b\n"
            " a      | integer               | yes  | a\n"
            "unique, btree, for table \"public.dx\"\n"
            "\n"
            "                Index \"public.dx_b\"\n"
            " Column |         Type          | Key? | Definition \n"
            "--------+-----------------------+------+------------\n"
            " b      | character varying(10) | yes  | b\n"
            "btree, for table \"public.dx\"\n"
            "\n");
}

}  // namespace
}  // namespace komodo::server
