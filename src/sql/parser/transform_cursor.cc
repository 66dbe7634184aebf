// DECLARE CURSOR and FETCH/MOVE (CLOSE is transformed in parser.cc).
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {
// PostgreSQL's CURSOR_OPT_* bits (nodes/parsenodes.h), as libpg_query passes them through.
constexpr int32_t kCursorBinary = 0x0001;
constexpr int32_t kCursorScroll = 0x0002;
constexpr int32_t kCursorHold = 0x0020;
}  // namespace

Result<DeclareCursorStmt> TransformDeclareCursor(const PgQuery__DeclareCursorStmt& stmt) {
  if (stmt.options & kCursorBinary) return Unsupported("DECLARE BINARY CURSOR");
  if (stmt.query == nullptr || stmt.query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    return Unsupported("DECLARE CURSOR for statements other than SELECT");
  }
  DeclareCursorStmt out;
  out.name = stmt.portalname;
  out.scroll = (stmt.options & kCursorScroll) != 0;
  out.hold = (stmt.options & kCursorHold) != 0;
  ASSIGN_OR_RETURN(SelectStmt query, TransformSelect(*stmt.query->select_stmt));
  out.query = std::make_shared<SelectStmt>(std::move(query));
  return out;
}

Result<FetchStmt> TransformFetch(const PgQuery__FetchStmt& stmt) {
  FetchStmt out;
  out.cursor = stmt.portalname;
  out.move = stmt.ismove;
  // The grammar gives ALL as LONG_MAX, which is INT64_MAX here.
  out.count = stmt.how_many;
  switch (stmt.direction) {
    case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
      out.direction = FetchStmt::Direction::kBackward;
      break;
    case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
      out.direction = FetchStmt::Direction::kAbsolute;
      break;
    case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
      out.direction = FetchStmt::Direction::kRelative;
      break;
    default:
      out.direction = FetchStmt::Direction::kForward;
      break;
  }
  return out;
}

}  // namespace komodo::sql::transform
