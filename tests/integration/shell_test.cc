// `komodo sql`: psql-compatible output, scripts, meta-commands and exit codes, checked by running
// the binary as a child process over a fresh data folder; and the statement splitter on its own.
#include "../../tools/komodo/shell.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace komodo::cli {
namespace {

struct ChildResult {
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs KOMODO_BINARY with `args`, feeding `input` on its stdin (a pipe, so never a TTY).
ChildResult RunKomodo(const std::vector<std::string>& args, const std::string& input = "",
                      const std::string& cwd = "") {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<char*> argv = {const_cast<char*>(KOMODO_BINARY)};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(KOMODO_BINARY, argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  ChildResult run;
  size_t written = 0;
  if (input.empty()) close(in[1]);
  std::vector<pollfd> fds = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
  if (input.empty()) fds[2].fd = -1;
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        (i == 0 ? run.out : run.err).append(buf, n);
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
    if (fds[2].fd >= 0 && fds[2].revents != 0) {
      ssize_t n = write(fds[2].fd, input.data() + written, input.size() - written);
      written += n > 0 ? n : 0;
      if (n < 0 || written == input.size()) {
        close(fds[2].fd);
        fds[2].fd = -1;
      }
    }
  }
  if (fds[2].fd >= 0) close(fds[2].fd);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/komodo_shell_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    data_ = root_ + "/data";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // `komodo sql DATA args...`
  ChildResult Sql(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"sql", data_});
    return RunKomodo(args, input);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = root_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  std::string root_;
  std::string data_;
};

TEST_F(ShellTest, CommandsPrintPsqlAlignedOutput) {
  ChildResult r =
      Sql({"-c", "CREATE TABLE t (id int PRIMARY KEY, name text, score double precision)", "-c",
           "INSERT INTO t VALUES (1, 'alice', 3.5)",  //
           "-c", "INSERT INTO t VALUES (22, 'a much longer name', -1.25), (3, NULL, NULL)", "-c",
           "SELECT * FROM t ORDER BY id"});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "INSERT 0 1\n"
            "INSERT 0 2\n"
            " id |        name        | score \n"
            "----+--------------------+-------\n"
            "  1 | alice              |   3.5\n"
            "  3 |                    |      \n"
            " 22 | a much longer name | -1.25\n"
            "(3 rows)\n"
            "\n");
}

TEST_F(ShellTest, SelectFootersCountRows) {
  ChildResult r = Sql({"-c", "CREATE TABLE t (flag bool, label varchar)", "-c",
                       "INSERT INTO t VALUES (true, 'x')", "-c", "SELECT label, flag FROM t", "-c",
                       "SELECT flag FROM t WHERE label = 'nothing'"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "INSERT 0 1\n"
            " label | flag \n"
            "-------+------\n"
            " x     | t\n"
            "(1 row)\n"
            "\n"
            " flag \n"
            "------\n"
            "(0 rows)\n"
            "\n");
}

TEST_F(ShellTest, ScriptFileRunsMultiLineStatementsWithQuotedSemicolons) {
  std::string script = WriteFile("script.sql",
                                 "-- a comment; not a statement\n"
                                 "CREATE TABLE t (\n"
                                 "  id int PRIMARY KEY,  -- the key;\n"
                                 "  note text\n"
                                 ");\n"
                                 "INSERT INTO t VALUES (1, 'semi;colon'), /* ; */ (2, 'two\n"
                                 "lines;');\n"
                                 "SELECT id, note FROM t ORDER BY id; SELECT note FROM t\n"
                                 "WHERE id = 1\n");
  ChildResult r = Sql({"-f", script});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "INSERT 0 2\n"
            " id |    note    \n"
            "----+------------\n"
            "  1 | semi;colon\n"
            "  2 | two       +\n"
            "    | lines;\n"
            "(2 rows)\n"
            "\n"
            "    note    \n"
            "------------\n"
            " semi;colon\n"
            "(1 row)\n"
            "\n");
}

TEST_F(ShellTest, ErrorExitsOneAndSkipsLaterCommands) {
  ChildResult r = Sql({"-c", "CREATE TABLE t (id int)", "-c", "INSERT INTO nosuch VALUES (1)", "-c",
                       "INSERT INTO t VALUES (1)"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "CREATE TABLE\n");
  EXPECT_EQ(r.err.rfind("ERROR:  ", 0), 0u) << r.err;

  ChildResult check = Sql({"-c", "SELECT id FROM t"});
  EXPECT_EQ(check.out, " id \n----\n(0 rows)\n\n");
}

// Notices go to stderr as psql prints them, in a script prefixed with its line.
TEST_F(ShellTest, NoticesPrintLikePsql) {
  ChildResult r = Sql({"-c", "DROP TABLE IF EXISTS nope", "-c", "COMMIT"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "DROP TABLE\nCOMMIT\n");
  EXPECT_EQ(r.err,
            "NOTICE:  table \"nope\" does not exist, skipping\n"
            "WARNING:  there is no transaction in progress\n");
  std::string script = WriteFile("n.sql",
                                 "CREATE TABLE p (a int PRIMARY KEY);\n"
                                 "CREATE TABLE c (a int REFERENCES p);\n"
                                 "CREATE TABLE d (a int REFERENCES p);\n"
                                 "DROP TABLE p CASCADE;\n");
  r = Sql({"-f", script});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "komodo:" + script +
                       ":4: NOTICE:  drop cascades to 2 other objects\n"
                       "DETAIL:  drop cascades to constraint c_a_fkey on table c\n"
                       "drop cascades to constraint d_a_fkey on table d\n");
}

TEST_F(ShellTest, SyntaxErrorShowsLineAndCaret) {
  ChildResult r = Sql({"-c", "SELEC 1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "ERROR:  syntax error at or near \"SELEC\"\n"
            "LINE 1: SELEC 1\n"
            "        ^\n");
}

TEST_F(ShellTest, ScriptErrorsNameFileAndLine) {
  std::string script = WriteFile("bad.sql",
                                 "CREATE TABLE t (id int);\nSELECT id\n  FROM nosuch;\n"
                                 "CREATE TABLE u (id int);\n");
  ChildResult r = Sql({"-f", script});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "CREATE TABLE\n");
  EXPECT_EQ(r.err.rfind("komodo:" + script + ":3: ERROR:  ", 0), 0u) << r.err;
}

TEST_F(ShellTest, StdinScriptRunsWithoutPrompt) {
  ChildResult r = Sql({},
                      "CREATE TABLE t (id int, name text);\nINSERT INTO t\n VALUES (7, 'seven');\n"
                      "SELECT * FROM t;\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "INSERT 0 1\n"
            " id | name  \n"
            "----+-------\n"
            "  7 | seven\n"
            "(1 row)\n"
            "\n");
}

TEST_F(ShellTest, StdinScriptStopsAtFirstError) {
  ChildResult r =
      Sql({}, "CREATE TABLE t (id int);\nSELECT nosuch FROM t;\nCREATE TABLE u (id int);\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "CREATE TABLE\n");
  EXPECT_EQ(r.err.rfind("ERROR:  ", 0), 0u) << r.err;
}

TEST_F(ShellTest, DashFileReadsStdinAndRunsInOrderWithCommands) {
  ChildResult r = Sql({"-c", "CREATE TABLE t (id int)", "-f", "-", "-c", "SELECT id FROM t"},
                      "INSERT INTO t VALUES (5);\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "CREATE TABLE\nINSERT 0 1\n id \n----\n  5\n(1 row)\n\n");
}

TEST_F(ShellTest, DescribeTableShowsColumnsAndIndexes) {
  ChildResult r =
      Sql({"-c",
           "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL UNIQUE, score bigint); "
           "CREATE INDEX t_score_idx ON t (score, id)",
           "-c", "\\d t"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "CREATE TABLE\n"
            "CREATE INDEX\n"
            "                 Table \"public.t\"\n"
            " Column |  Type   | Collation | Nullable | Default \n"
            "--------+---------+-----------+----------+---------\n"
            " id     | integer |           | not null | \n"
            " name   | text    |           | not null | \n"
            " score  | bigint  |           |          | \n"
            "Indexes:\n"
            "    \"t_pkey\" PRIMARY KEY, btree (id)\n"
            "    \"t_name_key\" UNIQUE, btree (name)\n"
            "    \"t_score_idx\" btree (score, id)\n"
            "\n");
}

TEST_F(ShellTest, DescribeMissingTableFails) {
  ChildResult r = Sql({"-c", "\\d nosuch"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "Did not find any relation named \"nosuch\".\n");
}

TEST_F(ShellTest, ListTablesShowsListOfRelations) {
  ChildResult r = Sql(
      {"-c", "CREATE TABLE zebra (a int); CREATE TABLE apple (b int)", "-c", "\\dt", "-c", "\\d"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string listing =
      "        List of relations\n"
      " Schema | Name  | Type  | Owner  \n"
      "--------+-------+-------+--------\n"
      " public | apple | table | komodo\n"
      " public | zebra | table | komodo\n"
      "(2 rows)\n"
      "\n";
  EXPECT_EQ(r.out, "CREATE TABLE\nCREATE TABLE\n" + listing + listing);
}

TEST_F(ShellTest, ListTablesOnEmptyDatabaseSaysSo) {
  ChildResult r = Sql({"-c", "\\dt"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "Did not find any relations.\n");
}

TEST_F(ShellTest, UnknownMetaCommandFails) {
  ChildResult r = Sql({"-c", "\\foo", "-c", "CREATE TABLE t (a int)"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "invalid command \\foo\nTry \\? for help.\n");
}

TEST_F(ShellTest, TimingPrintsElapsedTime) {
  ChildResult r = Sql({"-c", "\\timing", "-c", "CREATE TABLE t (a int)"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_match(
      r.out, std::regex("Timing is on\\.\nCREATE TABLE\nTime: [0-9]+\\.[0-9]{3} ms\n")))
      << r.out;
}

TEST_F(ShellTest, HelpMetaCommandListsMetaCommands) {
  ChildResult r = Sql({"-c", "\\?"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* command : {"\\q", "\\timing", "\\d NAME", "\\dt"}) {
    EXPECT_NE(r.out.find(command), std::string::npos) << command;
  }
}

TEST_F(ShellTest, QuitStopsLaterCommands) {
  ChildResult r = Sql({"-c", "\\q", "-c", "CREATE TABLE t (a int)"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(ShellTest, TransactionsPrintTagsAndRollBack) {
  ChildResult r = Sql({},
                      "CREATE TABLE t (a int);\nBEGIN;\nINSERT INTO t VALUES (1);\nROLLBACK;\n"
                      "SELECT a FROM t;\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "CREATE TABLE\nBEGIN\nINSERT 0 1\nROLLBACK\n a \n---\n(0 rows)\n\n");
}

TEST_F(ShellTest, DataPersistsBetweenRuns) {
  ASSERT_EQ(Sql({"-c", "CREATE TABLE t (a int)", "-c", "INSERT INTO t VALUES (42)"}).exit_code, 0);
  ChildResult r = Sql({"-c", "SELECT a FROM t"});
  EXPECT_EQ(r.out, " a  \n----\n 42\n(1 row)\n\n");
}

TEST_F(ShellTest, DefaultDataFolderIsCreatedInWorkingDirectory) {
  ChildResult r = RunKomodo({"sql", "-c", "CREATE TABLE t (a int)"}, "", root_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::is_directory(root_ + "/komodo-data"));
}

TEST_F(ShellTest, BadUsageExitsTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {}, {"frobnicate"}, {"sql", "--bogus"}, {"sql", "dir1", "dir2"}, {"sql", "-c"}};
  for (const auto& args : cases) {
    ChildResult r = RunKomodo(args, "", root_);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args);
    EXPECT_EQ(r.out, "") << ::testing::PrintToString(args);
    EXPECT_NE(r.err, "") << ::testing::PrintToString(args);
  }
  EXPECT_NE(RunKomodo({"frobnicate"}).err.find("Usage:"), std::string::npos);
}

TEST_F(ShellTest, HelpAndVersionExitZero) {
  ChildResult help = RunKomodo({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage:"), std::string::npos);
  EXPECT_NE(help.out.find("sql"), std::string::npos);
  ChildResult sql_help = RunKomodo({"sql", "--help"});
  EXPECT_EQ(sql_help.exit_code, 0);
  EXPECT_NE(sql_help.out.find("--command"), std::string::npos);
  ChildResult version = RunKomodo({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("komodo (KomodoDB) ", 0), 0u) << version.out;
}

TEST_F(ShellTest, OpeningARegularFileExitsTwo) {
  std::string file = WriteFile("not_a_folder", "hello\n");
  ChildResult r = RunKomodo({"sql", file, "-c", "CREATE TABLE t (a int)"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "komodo: could not open database \"" + file + "\": not a directory\n");
}

TEST_F(ShellTest, MissingScriptFileExitsOne) {
  ChildResult r = Sql({"-f", root_ + "/nosuch.sql"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "komodo: " + root_ + "/nosuch.sql: No such file or directory\n");
}

// ---- StatementSplitter ----

TEST(StatementSplitterTest, SplitsAtSemicolonsAndKeepsThem) {
  EXPECT_EQ(SplitStatements("SELECT 1; SELECT 2;\nSELECT 3"),
            (std::vector<std::string>{"SELECT 1;", "SELECT 2;", "SELECT 3"}));
}

TEST(StatementSplitterTest, IgnoresSemicolonsInQuotesAndIdentifiers) {
  EXPECT_EQ(SplitStatements("SELECT 'a;b', 'it''s;'; SELECT \"x;\"\"y\" FROM t;"),
            (std::vector<std::string>{"SELECT 'a;b', 'it''s;';", "SELECT \"x;\"\"y\" FROM t;"}));
  EXPECT_EQ(SplitStatements("SELECT E'it\\'s;', 'back\\'; SELECT 2;"),
            (std::vector<std::string>{"SELECT E'it\\'s;', 'back\\';", "SELECT 2;"}));
}

TEST(StatementSplitterTest, IgnoresSemicolonsInDollarQuotes) {
  EXPECT_EQ(SplitStatements("SELECT $$a;b$$; SELECT $fn$ $$;$$ ; $fn$;"),
            (std::vector<std::string>{"SELECT $$a;b$$;", "SELECT $fn$ $$;$$ ; $fn$;"}));
}

TEST(StatementSplitterTest, ParametersAndIdentifiersWithDollarAreNotQuotes) {
  EXPECT_EQ(SplitStatements("SELECT $1; SELECT a$b$ FROM t; SELECT 2;"),
            (std::vector<std::string>{"SELECT $1;", "SELECT a$b$ FROM t;", "SELECT 2;"}));
}

TEST(StatementSplitterTest, IgnoresSemicolonsInCommentsAndParentheses) {
  EXPECT_EQ(SplitStatements("SELECT 1 -- one; two\n, 2; SELECT /* a /* nested; */ b; */ 3;"),
            (std::vector<std::string>{"SELECT 1 -- one; two\n, 2;",
                                      "SELECT /* a /* nested; */ b; */ 3;"}));
  EXPECT_EQ(SplitStatements("CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);"),
            (std::vector<std::string>{"CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);"}));
}

TEST(StatementSplitterTest, DropsLeadingWhitespaceCommentsAndEmptyStatements) {
  EXPECT_EQ(
      SplitStatements("  \n-- header; comment\n\tSELECT 1;;  ; /* only a comment */;\n-- end"),
      (std::vector<std::string>{"SELECT 1;"}));
  EXPECT_TRUE(SplitStatements("  \n-- nothing\n").empty());
}

TEST(StatementSplitterTest, AccumulatesLinesUntilTheSemicolon) {
  StatementSplitter splitter;
  std::vector<std::string> out;
  EXPECT_EQ(splitter.prompt_state(), '=');
  splitter.Feed("INSERT INTO t VALUES (1, 'a\n", out);
  EXPECT_TRUE(splitter.pending());
  EXPECT_FALSE(splitter.at_top_level());
  EXPECT_EQ(splitter.prompt_state(), '\'');
  splitter.Feed("b;')\n", out);
  EXPECT_EQ(splitter.prompt_state(), '-');
  EXPECT_TRUE(out.empty());
  splitter.Feed("; SELECT (\n", out);
  EXPECT_EQ(out, (std::vector<std::string>{"INSERT INTO t VALUES (1, 'a\nb;')\n;"}));
  EXPECT_EQ(splitter.prompt_state(), '(');
  EXPECT_EQ(splitter.Flush(), "SELECT (");
  EXPECT_FALSE(splitter.pending());
}

TEST(StatementSplitterTest, PromptStateTracksOpenQuotesAndComments) {
  auto state_after = [](std::string_view text) {
    StatementSplitter splitter;
    std::vector<std::string> out;
    splitter.Feed(text, out);
    return splitter.prompt_state();
  };
  EXPECT_EQ(state_after("SELECT \"a\n"), '"');
  EXPECT_EQ(state_after("SELECT $x$ a\n"), '$');
  EXPECT_EQ(state_after("SELECT /* a\n"), '*');
  EXPECT_EQ(state_after("SELECT 1;\n"), '=');
  EXPECT_EQ(state_after("-- only a comment\n"), '=');
}

}  // namespace
}  // namespace komodo::cli
