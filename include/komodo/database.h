// The embedded API: open a data folder, connect, run SQL, read typed results.
//
//   ASSIGN_OR_RETURN(auto db, komodo::Database::Open("./data"));
//   ASSIGN_OR_RETURN(auto conn, db->Connect());
//   auto r = conn->Execute("SELECT name FROM users WHERE id = $1", {komodo::Value::Int8(7)});
//
// Thread safety: a Database may be shared by any number of threads. A Connection (and the
// transaction it holds) is used by one thread at a time; open one Connection per thread.
// Lifetime: every Connection must be destroyed before its Database.
// Errors are Status values carrying a PostgreSQL SQLSTATE; no exception leaves this API.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/options.h"
#include "komodo/result.h"
#include "komodo/sessions.h"
#include "komodo/status.h"
#include "komodo/value.h"

namespace komodo {

struct ColumnInfo {
  std::string name;
  TypeId type = TypeId::kUnknown;
};

// The outcome of one statement: a command tag and, for statements that return rows, the rows.
class QueryResult {
 public:
  QueryResult() = default;
  QueryResult(std::string command_tag, std::vector<ColumnInfo> columns,
              std::vector<std::vector<Value>> rows)
      : command_tag_(std::move(command_tag)),
        columns_(std::move(columns)),
        rows_(std::move(rows)) {}

  // PostgreSQL's command tag: "SELECT 3", "INSERT 0 1", "CREATE TABLE", "BEGIN", ...
  const std::string& command_tag() const { return command_tag_; }
  // Empty for statements that return no rows.
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  size_t num_columns() const { return columns_.size(); }
  size_t num_rows() const { return rows_.size(); }

  // Precondition: row < num_rows(), col < num_columns().
  const Value& Get(size_t row, size_t col) const { return rows_[row][col]; }
  bool IsNull(size_t row, size_t col) const { return Get(row, col).is_null(); }

  // Typed accessors. Errors: 22004 when the value is NULL, 42804 when the column's type does
  // not convert (GetInt64 takes any integer type, GetDouble any integer or float type).
  Result<int64_t> GetInt64(size_t row, size_t col) const;
  Result<double> GetDouble(size_t row, size_t col) const;
  Result<bool> GetBool(size_t row, size_t col) const;
  // The PostgreSQL text output of any type; 22004 when NULL.
  Result<std::string> GetText(size_t row, size_t col) const;

  const std::vector<std::vector<Value>>& rows() const { return rows_; }

 private:
  std::string command_tag_;
  std::vector<ColumnInfo> columns_;
  std::vector<std::vector<Value>> rows_;
};

// A NOTICE or WARNING a statement raised, as PostgreSQL's NoticeResponse carries it: "table \"t\"
// does not exist, skipping" (DROP TABLE IF EXISTS), "there is no transaction in progress" (COMMIT
// outside a block), ... A notice is not an error: the statement goes on.
struct Notice {
  std::string severity;  // "NOTICE" or "WARNING", as PostgreSQL spells them
  std::string sqlstate;  // "00000" for most notices, "01000" for a plain warning, ...
  std::string message;
  std::string detail;  // empty when there is none
  std::string hint;    // empty when there is none
};

class Connection;

// Receives results as they are produced (Connection::ExecuteEach).
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // A statement that returns rows announces its columns first (even when it returns none).
  virtual Status Columns(const std::vector<ColumnInfo>& columns) = 0;
  // The next batch of rows.
  virtual Status Rows(const std::vector<std::vector<Value>>& rows) = 0;
  // The statement is done: "SELECT 3", "INSERT 0 1", ...
  virtual Status Complete(const std::string& command_tag) = 0;
};

// One COPY ... FROM STDIN or COPY ... TO STDOUT statement in progress (Connection::BeginCopy):
// PostgreSQL's COPY sub-protocol over the embedded API. Data is in the statement's format (text
// or CSV). COPY FROM runs in the connection's transaction: outside a block, one transaction for
// the whole COPY, so that nothing of a failed COPY is kept; inside a block, an error aborts the
// block. No other statement may run on the connection until the copy is finished or aborted.
class Copy {
 public:
  ~Copy();  // aborts a COPY FROM that was not finished
  Copy(const Copy&) = delete;
  Copy& operator=(const Copy&) = delete;

  bool is_copy_in() const;  // COPY FROM STDIN (else COPY TO STDOUT)
  size_t num_columns() const;

  // COPY FROM STDIN. Write takes data in chunks of any size (a line may span chunks); after an
  // error (22P02, 22P04, 23502, 23505... with the line in Status::context()) the copy is over.
  Status Write(std::string_view data);
  // The end of the data: "COPY n".
  Result<QueryResult> Finish();
  // The client gave up: rolls back and returns 57014 "COPY from stdin failed: <message>".
  Status Abort(std::string_view message);

  // COPY TO STDOUT: runs it, calling `sink` once per line (the header first). "COPY n".
  Result<QueryResult> Out(const std::function<Status(std::string_view)>& sink);

  struct Impl;
  explicit Copy(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// A query left open inside a transaction block and read a batch at a time (what the wire
// protocol's portals use for Execute with a row limit), so a large result is never held whole.
// It reads as of its start, and ends with its transaction; destroying it closes it.
class QueryStream {
 public:
  ~QueryStream();
  QueryStream(const QueryStream&) = delete;
  QueryStream& operator=(const QueryStream&) = delete;

  const std::vector<ColumnInfo>& columns() const { return columns_; }
  // Up to `max_rows` more rows; fewer (or none) once the query is done. An error fails the
  // transaction block as a statement's would. Errors: 34000 when the transaction ended.
  Result<std::vector<std::vector<Value>>> Next(size_t max_rows);
  bool done() const { return done_; }

  struct Impl;
  QueryStream(std::unique_ptr<Impl> impl, std::vector<ColumnInfo> columns);

 private:
  std::unique_ptr<Impl> impl_;
  std::vector<ColumnInfo> columns_;
  bool done_ = false;
};

// A parsed statement, executed many times with different parameters. Valid while the
// Connection that prepared it lives.
class PreparedStatement {
 public:
  // Types of $1..$n as inferred from the statement.
  // The columns the statement returns (empty for statements without rows), known before it runs.
  const std::vector<ColumnInfo>& columns() const;
  const std::vector<TypeId>& param_types() const;
  Result<QueryResult> Execute(const std::vector<Value>& params = {});
  // Starts a SELECT as a QueryStream inside the open transaction block. Returns nullptr, having
  // done nothing, when the statement is not a query or no block is open: use Execute then.
  Result<std::unique_ptr<QueryStream>> Stream(const std::vector<Value>& params = {});

  struct Impl;
  explicit PreparedStatement(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

// The session's settings as the wire server keeps them (SET/SHOW): what current_setting() and
// set_config() read and write (Connection::SetSettings).
class SettingsProvider {
 public:
  virtual ~SettingsProvider() = default;
  // The setting's value as SHOW prints it. Errors: 42704 no such setting.
  virtual Result<std::string> Get(const std::string& name) = 0;
  // Sets it (is_local: until the end of the transaction) and returns the new value as SHOW
  // prints it. Errors: 42704, 22023 a value that cannot be honoured.
  virtual Result<std::string> Set(const std::string& name, const std::string& value,
                                  bool is_local) = 0;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements separated by semicolons and returns the result of the last.
  // Parameters $1..$n are allowed only when `sql` holds a single statement.
  // Outside BEGIN ... COMMIT each statement commits on its own (autocommit); a failed statement
  // inside a transaction block aborts the block (25P02 until ROLLBACK), as in PostgreSQL.
  Result<QueryResult> Execute(std::string_view sql, const std::vector<Value>& params = {});

  // Runs the statements of `sql` one at a time, handing each result to `sink` before the next
  // one starts (the wire protocol's simple query). A query's rows go to the sink batch by batch
  // as they are produced, so a large result is never held whole. Stops at the first error, from
  // a statement or from the sink, and returns it (rows already handed over stay handed over).
  // The whole text is parsed first, so a syntax error runs nothing. An empty query calls nothing.
  Status ExecuteEach(std::string_view sql, ResultSink& sink);

  Result<PreparedStatement> Prepare(std::string_view sql);

  // The notices raised since the last call that runs SQL on this connection began (Execute,
  // ExecuteEach, a PreparedStatement's Execute, BeginCopy...), in the order raised, including
  // those of a statement that then failed; taking them clears them. A notice arrives here whole
  // (client_min_messages is the wire server's: it filters what it sends). ExecuteEach's sink may
  // take them in Complete, to pass each statement's on before its command tag as PostgreSQL does.
  std::vector<Notice> TakeNotices();

  // Starts `sql`, a single COPY ... FROM STDIN or COPY ... TO STDOUT statement. Errors as for the
  // statement (42P01, 42703, ...); 25P02 in a failed block.
  Result<std::unique_ptr<Copy>> BeginCopy(std::string_view sql);
  // BeginCopy and Copy::Out in one call, for COPY ... TO STDOUT.
  Result<QueryResult> CopyOut(std::string_view sql,
                              const std::function<Status(std::string_view)>& sink);

  // Same as Execute("BEGIN"), Execute("COMMIT"), Execute("ROLLBACK").
  Status Begin();
  Status Commit();
  Status Rollback();
  bool in_transaction() const;
  // PostgreSQL's ReadyForQuery status: 'I' idle, 'T' in a transaction block, 'E' in a failed
  // block (statements are refused until ROLLBACK).
  char transaction_status() const;

  // Cancels the statement running on this connection, from any thread: it fails with 57014
  // "canceling statement due to user request" (PostgreSQL's CancelRequest). No effect when idle.
  void Cancel();
  // Cancels the running statement (57014), from any thread, and refuses every later one (57P01
  // "terminating connection due to administrator command"): what pg_terminate_backend() does
  // before the server ends the session. Unlike Cancel(), it cannot be lost between statements.
  void Terminate();
  // statement_timeout: statements running longer fail with 57014; 0 turns it off.
  void SetStatementTimeout(int64_t milliseconds);
  // The role this connection acts as (the wire server sets the one that logged in):
  // current_user and session_user return it, and CREATE/ALTER/DROP ROLE check its attributes.
  // Default: "komodo", the bootstrap superuser. A name with no role (the wire server's trust
  // authentication lets any name in) has the bootstrap superuser's rights.
  void SetUser(std::string name);
  // Where current_setting() and set_config() go (not owned; nullptr: none, and they fail with
  // 42704), and what pg_backend_pid() returns (0: this process's id).
  void SetSettings(SettingsProvider* settings);
  void SetBackendPid(int32_t pid);
  // The server's sessions (not owned; nullptr, the default: none): pg_stat_activity lists them,
  // pg_cancel_backend() and pg_terminate_backend() reach them. Without one, pg_stat_activity
  // has no rows and those functions return false.
  void SetSessionDirectory(SessionDirectory* sessions);
  // work_mem: the memory a sort or hash aggregation may use before it spills to temporary files.
  // Default: 4 MiB, as PostgreSQL's.
  void SetWorkMem(int64_t bytes);

  struct Impl;
  explicit Connection(std::unique_ptr<Impl> impl);
  Impl& impl() { return *impl_; }  // internal

 private:
  std::unique_ptr<Impl> impl_;
};

class Database {
 public:
  // Opens (and with options.create_if_missing, creates) the database in the folder `path`.
  // Errors: 58P01 missing folder; 55006 another process has the folder open; XX001 the folder
  // holds something that is not a KomodoDB database; 0A000 written by an incompatible format
  // version; 58030 other I/O errors.
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const Options& options = {});

  ~Database();  // precondition: every Connection is already destroyed
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<std::unique_ptr<Connection>> Connect();

  const std::string& path() const;

  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace komodo
