// The session's cursors: DECLARE, FETCH/MOVE and CLOSE, and what commit and rollback do to them
// (as PostgreSQL: a cursor without HOLD ends with its transaction; a WITH HOLD cursor is read to
// the end at commit and lives until CLOSE or the end of the session).
#include "api/database_impl.h"
#include "common/macros.h"

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

}  // namespace komodo::api
