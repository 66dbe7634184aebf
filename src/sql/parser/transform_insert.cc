#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<InsertStmt> TransformInsert(const PgQuery__InsertStmt& stmt) {
  InsertStmt out;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.table_location = stmt.relation->location;
  if (stmt.with_clause != nullptr) return Unsupported("WITH in INSERT");
  if (stmt.on_conflict_clause != nullptr) return Unsupported("ON CONFLICT");
  if (stmt.n_returning_list > 0) return Unsupported("RETURNING");
  for (size_t i = 0; i < stmt.n_cols; i++) out.columns.push_back(stmt.cols[i]->res_target->name);
  if (stmt.select_stmt == nullptr) return Unsupported("INSERT ... DEFAULT VALUES");
  const PgQuery__SelectStmt& sel = *stmt.select_stmt->select_stmt;
  if (sel.n_values_lists == 0) return Unsupported("INSERT ... SELECT");
  for (size_t r = 0; r < sel.n_values_lists; r++) {
    const PgQuery__List& list = *sel.values_lists[r]->list;
    std::vector<ExprPtr> row;
    for (size_t c = 0; c < list.n_items; c++) {
      if (list.items[c]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
        row.push_back(nullptr);
        continue;
      }
      ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(list.items[c]));
      row.push_back(std::move(e));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace komodo::sql::transform
