// The internals behind include/komodo/database.h, shared by the API and by tools that need more
// than the public API (introspection for `komodo sql`'s \d).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "exec/cursor.h"
#include "exec/executor.h"
#include "komodo/database.h"
#include "storage/engine.h"
#include "table/table_store.h"

namespace komodo {

struct Database::Impl {
  std::unique_ptr<storage::Engine> engine;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<table::TableStore> tables;
  std::unique_ptr<catalog::SequenceStore> sequences;
};

// A session: one connection's transaction state, as PostgreSQL keeps it per backend.
struct Connection::Impl {
  enum class TxnState { kIdle, kInBlock, kFailed };

  Database::Impl& db;
  TxnState state = TxnState::kIdle;
  std::atomic<bool> cancel{false};      // set by Cancel() from another thread
  std::atomic<bool> terminated{false};  // set by Terminate(): every statement is cancelled
  int64_t statement_timeout_ms = 0;
  int64_t work_mem = int64_t{4} << 20;
  int64_t transaction_start = 0;                     // when the current transaction began (now())
  std::unique_ptr<storage::Transaction> txn;         // set in kInBlock and kFailed
  std::shared_ptr<catalog::CatalogState> ddl_state;  // this transaction's catalog edits
  bool repeatable_read = false;  // one snapshot for the whole block (else one per statement)
  bool read_only = false;
  struct Savepoint {
    std::string name;
    std::shared_ptr<catalog::CatalogState> ddl_state;  // a copy, restored by ROLLBACK TO
  };
  std::vector<Savepoint> savepoints;
  std::map<uint32_t, int64_t> sequence_values;  // currval(): the last nextval() per sequence
  struct OpenCursor {
    std::unique_ptr<exec::Cursor> cursor;
    bool hold = false;       // WITH HOLD
    bool committed = false;  // declared in a transaction that committed (then materialized)
    size_t savepoints = 0;   // savepoints open at its DECLARE (ROLLBACK TO closes younger ones)
  };
  std::map<std::string, OpenCursor> cursors;  // also QueryStreams, under names SQL cannot give
  uint64_t streams_opened = 0;
  std::string user = catalog::kBootstrapRoleName;  // Connection::SetUser
  SettingsProvider* settings = nullptr;            // Connection::SetSettings
  int32_t backend_pid = 0;                         // Connection::SetBackendPid
  SessionDirectory* sessions = nullptr;            // Connection::SetSessionDirectory
  std::vector<Notice> notices;  // raised since the last API call began (TakeNotices)

  explicit Impl(Database::Impl& d) : db(d) {}
  // The catalog the next statement of this connection sees.
  std::shared_ptr<const catalog::CatalogState> CatalogView() const {
    return ddl_state ? ddl_state : db.catalog->Current();
  }
};

namespace api {
// Ends the session's transaction (Connection::Impl::txn), leaving it idle.
Status CommitTransaction(Connection::Impl& s);
void RollbackTransaction(Connection::Impl& s);
// The context a statement runs in: the session's transaction, catalog view, sequences,
// cancellation flag and statement_timeout deadline.
exec::ExecContext StatementContext(Connection::Impl& s, bool autocommit);
// DECLARE, FETCH/MOVE and CLOSE (api/cursors.cc); `ctx` is the statement's context.
bool IsCursorStatement(const sql::Statement& stmt);
Result<QueryResult> RunCursorStatement(Connection::Impl& s, const sql::Statement& stmt,
                                       exec::ExecContext& ctx, const std::vector<Value>& params);
// The columns a FETCH on an open cursor returns (Describe of a prepared FETCH); 34000.
Result<std::vector<ColumnInfo>> CursorColumns(const Connection::Impl& s, const std::string& name);
// A QueryStream over `query` in the open transaction block (PreparedStatement::Stream).
Result<std::unique_ptr<QueryStream>> OpenStream(Connection::Impl& s,
                                                std::shared_ptr<const sql::SelectStmt> query,
                                                const std::vector<Value>& params);
// Before a commit: WITH HOLD cursors read their remaining rows, the others close.
Status CursorsAtCommit(Connection::Impl& s);
// At a rollback (to `savepoints` open savepoints): cursors declared after them close.
void CursorsAtRollback(Connection::Impl& s, size_t savepoints);
// Opens with storage options the public Options do not expose (fault injection in tests).
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& path,
                                               const storage::EngineOptions& options);
}  // namespace api

}  // namespace komodo
