#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<SelectStmt> TransformSelect(const PgQuery__SelectStmt& stmt) {
  if (stmt.op != PG_QUERY__SET_OPERATION__SETOP_NONE) return Unsupported("UNION/INTERSECT/EXCEPT");
  if (stmt.with_clause != nullptr) return Unsupported("WITH");
  if (stmt.n_values_lists > 0) return Unsupported("VALUES lists");
  if (stmt.n_group_clause > 0 || stmt.having_clause != nullptr) return Unsupported("GROUP BY");
  if (stmt.n_distinct_clause > 0) return Unsupported("DISTINCT");
  if (stmt.n_window_clause > 0) return Unsupported("WINDOW");
  if (stmt.n_locking_clause > 0) return Unsupported("FOR UPDATE/FOR SHARE");
  if (stmt.into_clause != nullptr) return Unsupported("SELECT INTO");
  if (stmt.n_from_clause > 1) return Unsupported("joins");

  SelectStmt out;
  if (stmt.n_from_clause == 1) {
    const PgQuery__Node* from = stmt.from_clause[0];
    if (from->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
      return Unsupported("joins and subqueries in FROM");
    ASSIGN_OR_RETURN(out.table, RelationName(from->range_var));
    out.table_location = from->range_var->location;
    if (from->range_var->alias != nullptr) out.table_alias = from->range_var->alias->aliasname;
  }
  for (size_t i = 0; i < stmt.n_target_list; i++) {
    const PgQuery__ResTarget& t = *stmt.target_list[i]->res_target;
    SelectTarget target;
    ASSIGN_OR_RETURN(target.expr, TransformExpr(t.val));
    if (t.name != nullptr) target.alias = t.name;
    out.targets.push_back(std::move(target));
  }
  if (stmt.where_clause != nullptr) {
    ASSIGN_OR_RETURN(out.where, TransformExpr(stmt.where_clause));
  }
  for (size_t i = 0; i < stmt.n_sort_clause; i++) {
    const PgQuery__SortBy& s = *stmt.sort_clause[i]->sort_by;
    OrderItem item;
    ASSIGN_OR_RETURN(item.expr, TransformExpr(s.node));
    if (s.sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) return Unsupported("ORDER BY USING");
    item.desc = s.sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (s.sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) item.nulls_first = 1;
    if (s.sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST) item.nulls_first = 0;
    out.order_by.push_back(std::move(item));
  }
  if (stmt.limit_count != nullptr) {
    ASSIGN_OR_RETURN(out.limit, TransformExpr(stmt.limit_count));
  }
  if (stmt.limit_offset != nullptr) {
    ASSIGN_OR_RETURN(out.offset, TransformExpr(stmt.limit_offset));
  }
  return out;
}

}  // namespace komodo::sql::transform
