// Database, Connection and PreparedStatement: the embedded API over the engine. Connection::Impl
// is the session: it owns the transaction and applies PostgreSQL's transaction-block rules.
#include <filesystem>
#include <utility>

#include "api/database_impl.h"
#include "common/macros.h"
#include "exec/executor.h"
#include "sql/parser/parser.h"

namespace komodo {

using TxnState = Connection::Impl::TxnState;

Status api::CommitTransaction(Connection::Impl& s) {
  if (Status held = CursorsAtCommit(s); !held.ok()) {
    RollbackTransaction(s);
    return held;
  }
  std::unique_ptr<storage::Transaction> txn = std::move(s.txn);
  std::shared_ptr<catalog::CatalogState> ddl = std::move(s.ddl_state);
  s.state = TxnState::kIdle;
  if (ddl != nullptr) return s.db.catalog->CommitDdl(*txn, std::move(ddl));
  return txn->Commit();
}

void api::RollbackTransaction(Connection::Impl& s) {
  CursorsAtRollback(s, 0);  // their iterators go before the transaction
  if (s.txn != nullptr) s.txn->Rollback().PermitUncheckedError();
  s.txn.reset();
  s.ddl_state.reset();
  s.savepoints.clear();
  s.state = TxnState::kIdle;
}

namespace {

using api::CommitTransaction;
using api::RollbackTransaction;

Status OutsideBlock(const char* what) {
  return Status("25P01", std::string(what) + " can only be used in transaction blocks");
}

// The savepoint named `name`, innermost first. Errors: 3B001.
Result<size_t> FindSavepoint(const Connection::Impl& s, const std::string& name) {
  for (size_t i = s.savepoints.size(); i-- > 0;) {
    if (s.savepoints[i].name == name) return i;
  }
  return Status("3B001", "savepoint \"" + name + "\" does not exist");
}

// COMMIT or ROLLBACK outside a block: PostgreSQL warns and does nothing.
void NoTransactionWarning(Connection::Impl& s) {
  s.notices.push_back({"WARNING", "25P01", "there is no transaction in progress", "", ""});
}

Result<QueryResult> RunTransactionStatement(Connection::Impl& s, const sql::TransactionStmt& t) {
  using Kind = sql::TransactionStmt::Kind;
  switch (t.kind) {
    case Kind::kBegin:
      if (t.isolation == sql::TransactionStmt::Isolation::kSerializable) {
        // Never silently weaker: SERIALIZABLE would need predicate locking (SSI).
        return Status::FeatureNotSupported("SERIALIZABLE isolation is not supported yet")
            .WithDetail("Use REPEATABLE READ (snapshot isolation) or READ COMMITTED.");
      }
      if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
      // BEGIN inside a block only warns in PostgreSQL; the block goes on.
      if (s.state == TxnState::kInBlock) {
        s.notices.push_back(
            {"WARNING", "25001", "there is already a transaction in progress", "", ""});
      }
      if (s.state == TxnState::kIdle) {
        s.txn = s.db.engine->BeginTransaction();
        s.transaction_start = exec::CurrentTimestampMicros();
        s.state = TxnState::kInBlock;
        s.repeatable_read = t.isolation == sql::TransactionStmt::Isolation::kRepeatableRead;
        s.read_only = t.read_only;
      }
      return QueryResult(t.start ? "START TRANSACTION" : "BEGIN", {}, {});
    case Kind::kCommit:
      if (s.state == TxnState::kFailed) {
        RollbackTransaction(s);
        return QueryResult("ROLLBACK", {}, {});
      }
      if (s.state == TxnState::kIdle) NoTransactionWarning(s);
      if (s.state == TxnState::kInBlock) RETURN_IF_ERROR(CommitTransaction(s));
      return QueryResult("COMMIT", {}, {});
    case Kind::kRollback:
      if (s.state == TxnState::kIdle) NoTransactionWarning(s);
      RollbackTransaction(s);
      return QueryResult("ROLLBACK", {}, {});
    case Kind::kSavepoint: {
      if (s.state == TxnState::kIdle) return OutsideBlock("SAVEPOINT");
      if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
      s.txn->SetSavePoint();
      std::shared_ptr<catalog::CatalogState> ddl;
      if (s.ddl_state != nullptr) ddl = std::make_shared<catalog::CatalogState>(*s.ddl_state);
      s.savepoints.push_back({t.savepoint, std::move(ddl)});
      return QueryResult("SAVEPOINT", {}, {});
    }
    case Kind::kRelease: {
      if (s.state == TxnState::kIdle) return OutsideBlock("RELEASE SAVEPOINT");
      if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
      ASSIGN_OR_RETURN(size_t i, FindSavepoint(s, t.savepoint));
      while (s.savepoints.size() > i) {
        RETURN_IF_ERROR(s.txn->PopSavePoint());
        s.savepoints.pop_back();
      }
      return QueryResult("RELEASE", {}, {});
    }
    case Kind::kRollbackTo: {
      if (s.state == TxnState::kIdle) return OutsideBlock("ROLLBACK TO SAVEPOINT");
      ASSIGN_OR_RETURN(size_t i, FindSavepoint(s, t.savepoint));
      api::CursorsAtRollback(s, i + 1);
      while (s.savepoints.size() > i + 1) {
        RETURN_IF_ERROR(s.txn->PopSavePoint());
        s.savepoints.pop_back();
      }
      RETURN_IF_ERROR(s.txn->RollbackToSavePoint());
      s.txn->SetSavePoint();  // the savepoint stays, as in PostgreSQL
      const auto& saved = s.savepoints[i].ddl_state;
      if (saved != nullptr) {
        s.ddl_state = std::make_shared<catalog::CatalogState>(*saved);
      } else if (s.ddl_state != nullptr) {
        // DDL began after the savepoint: back to the published catalog (the DDL lock is kept).
        s.ddl_state = std::make_shared<catalog::CatalogState>(*s.db.catalog->Current());
      }
      s.state = TxnState::kInBlock;
      return QueryResult("ROLLBACK", {}, {});
    }
  }
  return Status::Internal("unknown transaction statement");
}

// The command a read-only transaction refuses, or nullptr.
const char* WriteCommand(const sql::Statement& stmt) {
  return std::visit(
      [](const auto& n) -> const char* {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, sql::InsertStmt>) return "INSERT";
        if constexpr (std::is_same_v<T, sql::UpdateStmt>) return "UPDATE";
        if constexpr (std::is_same_v<T, sql::DeleteStmt>) return "DELETE";
        if constexpr (std::is_same_v<T, sql::CreateTableStmt>) return "CREATE TABLE";
        if constexpr (std::is_same_v<T, sql::CreateIndexStmt>) return "CREATE INDEX";
        if constexpr (std::is_same_v<T, sql::DropStmt>) return "DROP";
        if constexpr (std::is_same_v<T, sql::TruncateStmt>) return "TRUNCATE TABLE";
        if constexpr (std::is_same_v<T, sql::AlterTableStmt>) return "ALTER TABLE";
        if constexpr (std::is_same_v<T, sql::CreateSequenceStmt>) return "CREATE SEQUENCE";
        if constexpr (std::is_same_v<T, sql::CreateRoleStmt>) return "CREATE ROLE";
        if constexpr (std::is_same_v<T, sql::AlterRoleStmt>) return "ALTER ROLE";
        if constexpr (std::is_same_v<T, sql::DropRoleStmt>) return "DROP ROLE";
        if constexpr (std::is_same_v<T, sql::CreateViewStmt>) return "CREATE VIEW";
        return nullptr;
      },
      stmt.node);
}

// `sink`, when given, receives a query's rows as they are produced (ExecuteEach).
Result<QueryResult> RunStatement(Connection::Impl& s, const sql::Statement& stmt,
                                 const std::vector<Value>& params, ResultSink* sink = nullptr) {
  if (const auto* t = std::get_if<sql::TransactionStmt>(&stmt.node)) {
    Result<QueryResult> r = RunTransactionStatement(s, *t);
    // An error inside a block (other than in ROLLBACK TO) aborts it, as any statement's does.
    if (!r.ok() && s.state == TxnState::kInBlock && t->kind != sql::TransactionStmt::Kind::kBegin) {
      s.state = TxnState::kFailed;
    }
    return r;
  }
  if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
  bool autocommit = s.state == TxnState::kIdle;
  if (!autocommit && s.read_only && WriteCommand(stmt) != nullptr) {
    s.state = TxnState::kFailed;
    return Status("25006", std::string("cannot execute ") + WriteCommand(stmt) +
                               " in a read-only transaction");
  }
  if (autocommit) {
    const auto* declare = std::get_if<sql::DeclareCursorStmt>(&stmt.node);
    if (declare != nullptr && !declare->hold) return OutsideBlock("DECLARE CURSOR");
  }
  if (s.terminated.load()) {
    return Status("57P01", "terminating connection due to administrator command");
  }
  s.cancel.store(false);  // a cancel applies to the statement running when it arrives
  if (autocommit) {
    s.txn = s.db.engine->BeginTransaction();
    s.transaction_start = exec::CurrentTimestampMicros();
  } else if (!s.repeatable_read) {
    s.txn->RefreshSnapshot();  // READ COMMITTED: each statement sees what committed before it
  }
  exec::ExecContext ctx = api::StatementContext(s, autocommit);
  if (std::holds_alternative<sql::SelectStmt>(stmt.node)) ctx.sink = sink;
  Result<QueryResult> result = api::IsCursorStatement(stmt)
                                   ? api::RunCursorStatement(s, stmt, ctx, params)
                                   : exec::Execute(stmt, ctx, params);
  if (!result.ok()) {
    if (autocommit) {
      RollbackTransaction(s);
    } else {
      s.state = TxnState::kFailed;
    }
    return result;
  }
  if (autocommit) RETURN_IF_ERROR(CommitTransaction(s));
  return result;
}

// Several statements in one string run as one transaction unless they control transactions
// themselves (PostgreSQL's implicit transaction block of a simple query).
Status RunAll(Connection::Impl& s, const std::vector<sql::Statement>& stmts,
              const std::vector<Value>& params, ResultSink* sink,
              const std::function<Status(const sql::Statement&, const QueryResult&)>& on_result) {
  bool implicit = stmts.size() > 1 && s.state == TxnState::kIdle;
  for (const sql::Statement& stmt : stmts) {
    implicit &= !std::holds_alternative<sql::TransactionStmt>(stmt.node);
  }
  if (implicit) {
    s.txn = s.db.engine->BeginTransaction();
    s.transaction_start = exec::CurrentTimestampMicros();
    s.state = TxnState::kInBlock;
  }
  for (const sql::Statement& stmt : stmts) {
    Result<QueryResult> r = RunStatement(s, stmt, params, sink);
    if (!r.ok()) {
      if (implicit) RollbackTransaction(s);
      return r.status();
    }
    RETURN_IF_ERROR(on_result(stmt, *r));
  }
  if (implicit) return CommitTransaction(s);
  return Status::OK();
}

}  // namespace

// --- QueryResult ------------------------------------------------------------------------------

namespace {
Status NullValue() { return Status("22004", "value is null"); }
Status WrongType(const Value& v, const char* wanted) {
  return Status::DatatypeMismatch("column of type " + std::string(TypeName(v.type())) +
                                  " cannot be read as " + wanted);
}
}  // namespace

Result<int64_t> QueryResult::GetInt64(size_t row, size_t col) const {
  const Value& v = Get(row, col);
  if (v.is_null()) return NullValue();
  if (v.type() != TypeId::kInt2 && v.type() != TypeId::kInt4 && v.type() != TypeId::kInt8) {
    return WrongType(v, "int64");
  }
  return v.int_value();
}

Result<double> QueryResult::GetDouble(size_t row, size_t col) const {
  const Value& v = Get(row, col);
  if (v.is_null()) return NullValue();
  if (PhysicalTypeOf(v.type()) == PhysicalType::kFloat) return v.float_value();
  if (v.type() == TypeId::kInt2 || v.type() == TypeId::kInt4 || v.type() == TypeId::kInt8) {
    return static_cast<double>(v.int_value());
  }
  if (v.type() == TypeId::kNumeric) return v.numeric_value().ToDouble();
  return WrongType(v, "double");
}

Result<bool> QueryResult::GetBool(size_t row, size_t col) const {
  const Value& v = Get(row, col);
  if (v.is_null()) return NullValue();
  if (v.type() != TypeId::kBool) return WrongType(v, "bool");
  return v.bool_value();
}

Result<std::string> QueryResult::GetText(size_t row, size_t col) const {
  const Value& v = Get(row, col);
  if (v.is_null()) return NullValue();
  return v.ToText();
}

// --- PreparedStatement --------------------------------------------------------------------------

struct PreparedStatement::Impl {
  Connection::Impl& session;
  sql::Statement statement;
  std::vector<TypeId> param_types;
  std::vector<ColumnInfo> columns;
};

const std::vector<TypeId>& PreparedStatement::param_types() const { return impl_->param_types; }
const std::vector<ColumnInfo>& PreparedStatement::columns() const { return impl_->columns; }

Result<QueryResult> PreparedStatement::Execute(const std::vector<Value>& params) {
  impl_->session.notices.clear();
  return RunStatement(impl_->session, impl_->statement, params);
}

Result<std::unique_ptr<QueryStream>> PreparedStatement::Stream(const std::vector<Value>& params) {
  const auto* select = std::get_if<sql::SelectStmt>(&impl_->statement.node);
  if (select == nullptr || impl_->session.state != TxnState::kInBlock) {
    return std::unique_ptr<QueryStream>();
  }
  // The stream shares the prepared statement's ownership of its parse tree.
  return api::OpenStream(impl_->session, std::shared_ptr<const sql::SelectStmt>(impl_, select),
                         params);
}

// --- Connection
// -----------------------------------------------------------------------------------

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Connection::~Connection() { api::RollbackTransaction(*impl_); }

// Parses `sql`; a syntax error inside a transaction block aborts the block, as in PostgreSQL.
static Result<std::vector<sql::Statement>> ParseInSession(Connection::Impl& s,
                                                          std::string_view sql) {
  Result<std::vector<sql::Statement>> stmts = sql::Parse(sql);
  if (!stmts.ok() && s.state == TxnState::kInBlock) s.state = TxnState::kFailed;
  return stmts;
}

Result<QueryResult> Connection::Execute(std::string_view sql, const std::vector<Value>& params) {
  impl_->notices.clear();
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, ParseInSession(*impl_, sql));
  if (!params.empty() && stmts.size() > 1) {
    return Status::SyntaxError("cannot insert multiple commands into a prepared statement");
  }
  if (stmts.empty()) return QueryResult();  // an empty query, as PostgreSQL's EmptyQueryResponse
  QueryResult last;
  RETURN_IF_ERROR(
      RunAll(*impl_, stmts, params, nullptr, [&](const sql::Statement&, const QueryResult& r) {
        last = r;
        return Status::OK();
      }));
  return last;
}

exec::ExecContext api::StatementContext(Connection::Impl& s, bool autocommit) {
  exec::ExecContext ctx{*s.txn, *s.db.catalog, *s.db.tables, s.CatalogView(), &s.ddl_state};
  ctx.repeatable_read = !autocommit && s.repeatable_read;
  ctx.in_block = !autocommit;
  ctx.sequences = s.db.sequences.get();
  ctx.sequence_values = &s.sequence_values;
  ctx.cancel = &s.cancel;
  ctx.transaction_start = s.transaction_start;
  ctx.work_mem = s.work_mem;
  ctx.settings = s.settings;
  ctx.backend_pid = s.backend_pid;
  ctx.sessions = s.sessions;
  ctx.user = s.user;
  ctx.notices = &s.notices;
  if (s.statement_timeout_ms > 0) {
    ctx.deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(s.statement_timeout_ms);
  }
  return ctx;
}

void Connection::Cancel() { impl_->cancel.store(true); }
void Connection::Terminate() {
  impl_->terminated.store(true);
  impl_->cancel.store(true);
}

void Connection::SetWorkMem(int64_t bytes) { impl_->work_mem = bytes; }
void Connection::SetSettings(SettingsProvider* settings) { impl_->settings = settings; }
void Connection::SetBackendPid(int32_t pid) { impl_->backend_pid = pid; }
void Connection::SetSessionDirectory(SessionDirectory* sessions) { impl_->sessions = sessions; }

void Connection::SetStatementTimeout(int64_t milliseconds) {
  impl_->statement_timeout_ms = milliseconds;
}

void Connection::SetUser(std::string name) { impl_->user = std::move(name); }

Status Connection::ExecuteEach(std::string_view sql, ResultSink& sink) {
  impl_->notices.clear();
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, ParseInSession(*impl_, sql));
  return RunAll(*impl_, stmts, {}, &sink,
                [&](const sql::Statement& stmt, const QueryResult& r) -> Status {
                  // A SELECT streamed its rows already; other statements hand them over here.
                  if (!std::holds_alternative<sql::SelectStmt>(stmt.node) && r.num_columns() > 0) {
                    RETURN_IF_ERROR(sink.Columns(r.columns()));
                    RETURN_IF_ERROR(sink.Rows(r.rows()));
                  }
                  return sink.Complete(r.command_tag());
                });
}

Result<PreparedStatement> Connection::Prepare(std::string_view sql) {
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, ParseInSession(*impl_, sql));
  if (stmts.size() != 1) {
    return Status::SyntaxError(stmts.empty()
                                   ? "cannot prepare an empty statement"
                                   : "cannot insert multiple commands into a prepared statement");
  }
  ASSIGN_OR_RETURN(exec::Description d, exec::Describe(stmts[0], *impl_->CatalogView()));
  if (const auto* f = std::get_if<sql::FetchStmt>(&stmts[0].node); f != nullptr && !f->move) {
    ASSIGN_OR_RETURN(d.columns, api::CursorColumns(*impl_, f->cursor));
  }
  return PreparedStatement(std::make_shared<PreparedStatement::Impl>(PreparedStatement::Impl{
      *impl_, std::move(stmts[0]), std::move(d.param_types), std::move(d.columns)}));
}

std::vector<Notice> Connection::TakeNotices() { return std::exchange(impl_->notices, {}); }

Status Connection::Begin() { return Execute("BEGIN").status(); }
Status Connection::Commit() { return Execute("COMMIT").status(); }
Status Connection::Rollback() { return Execute("ROLLBACK").status(); }
bool Connection::in_transaction() const { return impl_->state != TxnState::kIdle; }
char Connection::transaction_status() const {
  switch (impl_->state) {
    case TxnState::kIdle:
      return 'I';
    case TxnState::kInBlock:
      return 'T';
    case TxnState::kFailed:
      return 'E';
  }
  return 'I';
}

// --- Database
// -------------------------------------------------------------------------------------

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() {
  impl_->tables.reset();
  impl_->sequences.reset();
  impl_->catalog.reset();
  impl_->engine.reset();
}

const std::string& Database::path() const { return impl_->engine->path(); }

Result<std::unique_ptr<Connection>> Database::Connect() {
  return std::make_unique<Connection>(std::make_unique<Connection::Impl>(*impl_));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const Options& options) {
  storage::EngineOptions engine_options;
  engine_options.create_if_missing = options.create_if_missing;
  engine_options.sync_commit = options.sync_commit;
  engine_options.cache_bytes = options.cache_bytes;
  return api::OpenDatabase(path, engine_options);
}

Result<std::unique_ptr<Database>> api::OpenDatabase(const std::string& path,
                                                    const storage::EngineOptions& options) {
  auto impl = std::make_unique<Database::Impl>();
  ASSIGN_OR_RETURN(impl->engine, storage::Engine::Open(path, options));
  ASSIGN_OR_RETURN(impl->catalog, catalog::Catalog::Load(*impl->engine));
  impl->tables = std::make_unique<table::TableStore>(*impl->engine);
  impl->sequences = std::make_unique<catalog::SequenceStore>(*impl->engine);
  return std::make_unique<Database>(std::move(impl));
}

}  // namespace komodo
