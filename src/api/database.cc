// Database, Connection and PreparedStatement: the embedded API over the engine. Connection::Impl
// is the session: it owns the transaction and applies PostgreSQL's transaction-block rules.
#include <filesystem>

#include "api/database_impl.h"
#include "common/macros.h"
#include "exec/executor.h"
#include "sql/parser/parser.h"

namespace komodo {

using TxnState = Connection::Impl::TxnState;

namespace {

Status CommitTransaction(Connection::Impl& s) {
  std::unique_ptr<storage::Transaction> txn = std::move(s.txn);
  std::shared_ptr<catalog::CatalogState> ddl = std::move(s.ddl_state);
  s.state = TxnState::kIdle;
  if (ddl != nullptr) return s.db.catalog->CommitDdl(*txn, std::move(ddl));
  return txn->Commit();
}

void RollbackTransaction(Connection::Impl& s) {
  if (s.txn != nullptr) s.txn->Rollback().PermitUncheckedError();
  s.txn.reset();
  s.ddl_state.reset();
  s.state = TxnState::kIdle;
}

Result<QueryResult> RunTransactionStatement(Connection::Impl& s, const sql::TransactionStmt& t) {
  switch (t.kind) {
    case sql::TransactionStmt::Kind::kBegin:
      // BEGIN inside a block only warns in PostgreSQL; the block goes on.
      if (s.state == TxnState::kIdle) {
        s.txn = s.db.engine->BeginTransaction();
        s.state = TxnState::kInBlock;
      }
      return QueryResult("BEGIN", {}, {});
    case sql::TransactionStmt::Kind::kCommit:
      if (s.state == TxnState::kFailed) {
        RollbackTransaction(s);
        return QueryResult("ROLLBACK", {}, {});
      }
      if (s.state == TxnState::kInBlock) RETURN_IF_ERROR(CommitTransaction(s));
      return QueryResult("COMMIT", {}, {});
    case sql::TransactionStmt::Kind::kRollback:
      RollbackTransaction(s);
      return QueryResult("ROLLBACK", {}, {});
  }
  return Status::Internal("unknown transaction statement");
}

Result<QueryResult> RunStatement(Connection::Impl& s, const sql::Statement& stmt,
                                 const std::vector<Value>& params) {
  if (const auto* t = std::get_if<sql::TransactionStmt>(&stmt.node)) {
    return RunTransactionStatement(s, *t);
  }
  if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
  bool autocommit = s.state == TxnState::kIdle;
  if (autocommit) {
    s.txn = s.db.engine->BeginTransaction();
  } else {
    s.txn->RefreshSnapshot();  // READ COMMITTED: each statement sees what committed before it
  }
  exec::ExecContext ctx{*s.txn, *s.db.catalog, *s.db.tables, s.CatalogView(), &s.ddl_state};
  Result<QueryResult> result = exec::Execute(stmt, ctx, params);
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
  return RunStatement(impl_->session, impl_->statement, params);
}

// --- Connection
// -----------------------------------------------------------------------------------

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Connection::~Connection() { RollbackTransaction(*impl_); }

Result<QueryResult> Connection::Execute(std::string_view sql, const std::vector<Value>& params) {
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, sql::Parse(sql));
  if (!params.empty() && stmts.size() > 1) {
    return Status::SyntaxError("cannot insert multiple commands into a prepared statement");
  }
  if (stmts.empty()) return QueryResult();  // an empty query, as PostgreSQL's EmptyQueryResponse
  QueryResult last;
  for (const sql::Statement& stmt : stmts) {
    ASSIGN_OR_RETURN(last, RunStatement(*impl_, stmt, params));
  }
  return last;
}

Status Connection::ExecuteEach(std::string_view sql,
                               const std::function<Status(const QueryResult&)>& on_result) {
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, sql::Parse(sql));
  for (const sql::Statement& stmt : stmts) {
    ASSIGN_OR_RETURN(QueryResult result, RunStatement(*impl_, stmt, {}));
    RETURN_IF_ERROR(on_result(result));
  }
  return Status::OK();
}

Result<PreparedStatement> Connection::Prepare(std::string_view sql) {
  ASSIGN_OR_RETURN(std::vector<sql::Statement> stmts, sql::Parse(sql));
  if (stmts.size() != 1) {
    return Status::SyntaxError(stmts.empty()
                                   ? "cannot prepare an empty statement"
                                   : "cannot insert multiple commands into a prepared statement");
  }
  ASSIGN_OR_RETURN(exec::Description d, exec::Describe(stmts[0], *impl_->CatalogView()));
  return PreparedStatement(std::make_shared<PreparedStatement::Impl>(PreparedStatement::Impl{
      *impl_, std::move(stmts[0]), std::move(d.param_types), std::move(d.columns)}));
}

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
  return api::OpenDatabase(path, engine_options);
}

Result<std::unique_ptr<Database>> api::OpenDatabase(const std::string& path,
                                                    const storage::EngineOptions& options) {
  auto impl = std::make_unique<Database::Impl>();
  ASSIGN_OR_RETURN(impl->engine, storage::Engine::Open(path, options));
  ASSIGN_OR_RETURN(impl->catalog, catalog::Catalog::Load(*impl->engine));
  impl->tables = std::make_unique<table::TableStore>(*impl->engine);
  return std::make_unique<Database>(std::move(impl));
}

}  // namespace komodo
