// The session's cursors: DECLARE, FETCH/MOVE and CLOSE, and what commit and rollback do to them
// (as PostgreSQL: a cursor without HOLD ends with its transaction; a WITH HOLD cursor is read to
// the end at commit and lives until CLOSE or the end of the session).
#include "api/database_impl.h"
#include "common/macros.h"

namespace komodo {
struct QueryStream::Impl {
  Connection::Impl& session;
  std::string cursor;  // its name in session.cursors
};

}  // namespace komodo

namespace komodo::api {

namespace {
Status NoSuchCursor(const std::string& name) {
  return Status("34000", "cursor \"" + name + "\" does not exist");
}
}  // namespace

bool IsCursorStatement(const sql::Statement& stmt) {
  return std::holds_alternative<sql::DeclareCursorStmt>(stmt.node) ||
         std::holds_alternative<sql::FetchStmt>(stmt.node) ||
         std::holds_alternative<sql::CloseCursorStmt>(stmt.node);
}

Result<QueryResult> RunCursorStatement(Connection::Impl& s, const sql::Statement& stmt,
                                       exec::ExecContext& ctx, const std::vector<Value>& params) {
  if (const auto* d = std::get_if<sql::DeclareCursorStmt>(&stmt.node)) {
    if (s.cursors.count(d->name) != 0) {
      return Status("42P03", "cursor \"" + d->name + "\" already exists");
    }
    ASSIGN_OR_RETURN(std::unique_ptr<exec::Cursor> cursor,
                     exec::Cursor::Open(d->query, d->scroll, ctx, params));
    s.cursors[d->name] = {std::move(cursor), d->hold, false, s.savepoints.size()};
    return QueryResult("DECLARE CURSOR", {}, {});
  }
  if (const auto* f = std::get_if<sql::FetchStmt>(&stmt.node)) {
    auto it = s.cursors.find(f->cursor);
    if (it == s.cursors.end()) return NoSuchCursor(f->cursor);
    return it->second.cursor->Fetch(*f, ctx);
  }
  const auto& c = std::get<sql::CloseCursorStmt>(stmt.node);
  if (c.cursor.empty()) {
    s.cursors.clear();
  } else if (s.cursors.erase(c.cursor) == 0) {
    return NoSuchCursor(c.cursor);
  }
  return QueryResult("CLOSE CURSOR", {}, {});
}

Result<std::vector<ColumnInfo>> CursorColumns(const Connection::Impl& s, const std::string& name) {
  auto it = s.cursors.find(name);
  if (it == s.cursors.end()) return NoSuchCursor(name);
  return it->second.cursor->columns();
}

Status CursorsAtCommit(Connection::Impl& s) {
  for (auto it = s.cursors.begin(); it != s.cursors.end();) {
    Connection::Impl::OpenCursor& c = it->second;
    if (c.committed) {
      ++it;
    } else if (c.hold) {
      RETURN_IF_ERROR(c.cursor->Materialize());
      c.committed = true;
      ++it;
    } else {
      it = s.cursors.erase(it);
    }
  }
  return Status::OK();
}

void CursorsAtRollback(Connection::Impl& s, size_t savepoints) {
  std::erase_if(s.cursors, [&](const auto& entry) {
    return !entry.second.committed && entry.second.savepoints >= savepoints;
  });
}

Result<std::unique_ptr<QueryStream>> OpenStream(Connection::Impl& s,
                                                std::shared_ptr<const sql::SelectStmt> query,
                                                const std::vector<Value>& params) {
  if (!s.repeatable_read) s.txn->RefreshSnapshot();  // a statement of the block starts here
  s.cancel.store(s.terminated.load());
  exec::ExecContext ctx = StatementContext(s, /*autocommit=*/false);
  Result<std::unique_ptr<exec::Cursor>> cursor =
      exec::Cursor::Open(std::move(query), /*scroll=*/false, ctx, params);
  if (!cursor.ok()) {
    s.state = Connection::Impl::TxnState::kFailed;
    return cursor.status();
  }
  std::vector<ColumnInfo> columns = (*cursor)->columns();
  std::string name = "\x01stream " + std::to_string(++s.streams_opened);
  s.cursors[name] = {std::move(cursor).value(), false, false, s.savepoints.size()};
  return std::make_unique<QueryStream>(
      std::make_unique<QueryStream::Impl>(QueryStream::Impl{s, std::move(name)}),
      std::move(columns));
}

}  // namespace komodo::api

namespace komodo {

QueryStream::QueryStream(std::unique_ptr<Impl> impl, std::vector<ColumnInfo> columns)
    : impl_(std::move(impl)), columns_(std::move(columns)) {}

QueryStream::~QueryStream() { impl_->session.cursors.erase(impl_->cursor); }

Result<std::vector<std::vector<Value>>> QueryStream::Next(size_t max_rows) {
  Connection::Impl& s = impl_->session;
  auto it = s.cursors.find(impl_->cursor);
  if (it == s.cursors.end()) {
    return Status("34000", "the query's transaction has ended; its rows cannot be read");
  }
  if (s.state == Connection::Impl::TxnState::kFailed) return Status::InFailedTransaction();
  s.cancel.store(s.terminated.load());
  exec::ExecContext ctx = api::StatementContext(s, /*autocommit=*/false);
  Result<std::vector<exec::Row>> rows = it->second.cursor->Next(max_rows, ctx);
  if (!rows.ok()) {
    s.state = Connection::Impl::TxnState::kFailed;
    return rows.status();
  }
  done_ = it->second.cursor->AtEnd();
  return std::move(rows).value();
}

}  // namespace komodo
