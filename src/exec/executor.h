// Executor: runs one parsed statement inside the caller's transaction.
//
// Statements are bound against the catalog state given in the context at every execution (a
// prepared statement is re-bound each time, so it never runs against a stale table definition).
// DDL edits the context's private catalog copy, which the session publishes when it commits.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include "catalog/catalog.h"
#include "exec/evaluate.h"
#include "komodo/database.h"
#include "sql/binder/bound_expr.h"
#include "sql/parser/ast.h"
#include "storage/engine.h"
#include "table/table_store.h"

namespace komodo::exec {

struct ExecContext {
  storage::Transaction& txn;
  catalog::Catalog& catalog;
  table::TableStore& tables;
  // The catalog this statement reads: the private copy when this transaction did DDL.
  std::shared_ptr<const catalog::CatalogState> state;
  // This transaction's private catalog copy; null until its first DDL statement.
  std::shared_ptr<catalog::CatalogState>* ddl_state;
  // REPEATABLE READ: a row changed by a transaction that committed after this one's snapshot
  // cannot be updated or deleted (40001) instead of being re-read.
  bool repeatable_read = false;
  bool in_block = false;  // inside BEGIN ... COMMIT (VACUUM refuses to run there)
  catalog::SequenceStore* sequences = nullptr;
  std::map<uint32_t, int64_t>* sequence_values = nullptr;  // the session's currval()s
  const std::atomic<bool>* cancel = nullptr;               // Connection::Cancel()
  int64_t transaction_start = 0;                   // now(): microseconds since 2000-01-01 UTC
  std::string user = catalog::kBootstrapRoleName;  // current_user (Connection::SetUser)
  SettingsProvider* settings = nullptr;            // current_setting(), set_config(); null: none
  int32_t backend_pid = 0;                         // pg_backend_pid(); 0: this process's id
  SessionDirectory* sessions = nullptr;  // pg_stat_activity, pg_cancel_backend(); null: none
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Memory a sort or hash aggregation may use before spilling to temporary files (bytes).
  int64_t work_mem = int64_t{4} << 20;
  // What a hash table may use: work_mem times PostgreSQL's default hash_mem_multiplier (2.0).
  size_t hash_mem() const { return 2 * static_cast<size_t>(work_mem); }
  // When set, a SELECT hands its columns and rows to the sink as it goes and returns only its
  // command tag (Connection::ExecuteEach).
  ResultSink* sink = nullptr;
  // Where the statement's notices go (the session's, Connection::TakeNotices); null: dropped.
  std::vector<Notice>* notices = nullptr;
};

// Raises a NOTICE (or WARNING) for the statement; `sqlstate` "00000" is PostgreSQL's default.
void RaiseNotice(const ExecContext& ctx, std::string message, std::string detail = "",
                 std::string sqlstate = "00000");
void RaiseWarning(const ExecContext& ctx, std::string message, std::string sqlstate = "01000");

// 57014 when the statement was cancelled or ran past statement_timeout. Long loops (scans,
// joins, generate_series) call it now and then.
Status CheckInterrupts(const ExecContext& ctx);

// The current time in PostgreSQL's timestamp representation (microseconds since 2000-01-01).
int64_t CurrentTimestampMicros();

// Runs a DDL or DML statement or a query (transaction control is the session's).
Result<QueryResult> Execute(const sql::Statement& stmt, ExecContext& ctx,
                            const std::vector<Value>& params);

// Binds the statement without running it: the types of $1..$n and the result columns.
struct Description {
  std::vector<TypeId> param_types;
  std::vector<ColumnInfo> columns;
};
Result<Description> Describe(const sql::Statement& stmt, const catalog::CatalogState& state);

// The private catalog copy of `ctx`, taken (with the catalog lock) on first use.
Result<catalog::CatalogState*> BeginDdl(ExecContext& ctx);

// The column's DEFAULT, bound (nullptr when it has none: the default is NULL).
Result<sql::BoundExprPtr> BindDefault(const catalog::ColumnDef& col,
                                      const catalog::CatalogState& state);
// 23502 naming the first NOT NULL column of `t` that is NULL in `row`, with the failing row.
Status CheckNotNull(const catalog::TableDef& t, const std::vector<Value>& row);

// A table's CHECK constraints, bound over its row (once per statement).
struct BoundCheck {
  std::string name;
  sql::BoundExprPtr expr;
};
Result<std::vector<BoundCheck>> BindChecks(const catalog::TableDef& t,
                                           const catalog::CatalogState& state);
// 23514 for the first check `row` makes false (NULL passes, as in PostgreSQL).
Status EnforceChecks(const std::vector<BoundCheck>& checks, const catalog::TableDef& t,
                     const std::vector<Value>& row, Runtime& rt);

// Casts the given parameters to the bound types; errors: 08P01 on a count mismatch.
Result<std::vector<Value>> BindParams(const std::vector<TypeId>& types,
                                      const std::vector<Value>& params);

// Statement kinds, one file each.
Result<QueryResult> ExecuteCreateTable(const sql::CreateTableStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteCreateIndex(const sql::CreateIndexStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteDrop(const sql::DropStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteCreateSequence(const sql::CreateSequenceStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteAlterTable(const sql::AlterTableStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteTruncate(const sql::TruncateStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteVacuum(const sql::VacuumStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteCreateRole(const sql::CreateRoleStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteAlterRole(const sql::AlterRoleStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteDropRole(const sql::DropRoleStmt& s, ExecContext& ctx);
Result<QueryResult> ExecuteInsert(const sql::InsertStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types);
// The statements that take parameters: with ctx == nullptr they only bind (filling `types`)
// and describe their result columns.
Result<QueryResult> ExecuteSelect(const sql::SelectStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types);
Result<QueryResult> ExecuteUpdate(const sql::UpdateStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types);
Result<QueryResult> ExecuteDelete(const sql::DeleteStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types);
Result<QueryResult> ExecuteExplain(const sql::ExplainStmt& s, ExecContext* ctx,
                                   const catalog::CatalogState& state,
                                   const std::vector<Value>& params, std::vector<TypeId>* types);

}  // namespace komodo::exec
