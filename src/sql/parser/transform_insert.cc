// INSERT, UPDATE and DELETE.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<InsertStmt> TransformInsert(const PgQuery__InsertStmt& stmt) {
  InsertStmt out;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.table_location = stmt.relation->location;
  if (stmt.with_clause != nullptr) return Unsupported("WITH in INSERT");
  if (stmt.relation->alias != nullptr) out.alias = stmt.relation->alias->aliasname;
  if (stmt.override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE) {
    out.overriding = InsertStmt::Overriding::kSystem;
  } else if (stmt.override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE) {
    out.overriding = InsertStmt::Overriding::kUser;
  }
  if (const PgQuery__OnConflictClause* oc = stmt.on_conflict_clause; oc != nullptr) {
    out.on_conflict = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE
                          ? InsertStmt::OnConflict::kUpdate
                          : InsertStmt::OnConflict::kNothing;
    if (oc->infer != nullptr) {
      if (oc->infer->where_clause != nullptr) {
        return Unsupported("ON CONFLICT with a partial index predicate", oc->location);
      }
      if (oc->infer->conname != nullptr) out.conflict_constraint = oc->infer->conname;
      for (size_t i = 0; i < oc->infer->n_index_elems; i++) {
        const PgQuery__IndexElem& el = *oc->infer->index_elems[i]->index_elem;
        if (el.name == nullptr || el.name[0] == '\0') {
          return Unsupported("ON CONFLICT on an expression", oc->location);
        }
        out.conflict_columns.push_back(el.name);
      }
    }
    for (size_t i = 0; i < oc->n_target_list; i++) {
      const PgQuery__ResTarget& t = *oc->target_list[i]->res_target;
      if (t.n_indirection > 0) return Unsupported("assignment to a field or element", t.location);
      if (t.val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
        return Unsupported("SET (a, b) = ...", t.location);
      }
      ExprPtr value;
      if (t.val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
        ASSIGN_OR_RETURN(value, TransformExpr(t.val));
      }
      out.conflict_set.emplace_back(t.name, std::move(value));
    }
    if (oc->where_clause != nullptr) {
      ASSIGN_OR_RETURN(out.conflict_where, TransformExpr(oc->where_clause));
    }
  }
  ASSIGN_OR_RETURN(out.returning, TransformReturning(stmt.returning_list, stmt.n_returning_list));
  for (size_t i = 0; i < stmt.n_cols; i++) out.columns.push_back(stmt.cols[i]->res_target->name);
  if (stmt.select_stmt == nullptr) return Unsupported("INSERT ... DEFAULT VALUES");
  const PgQuery__SelectStmt& sel = *stmt.select_stmt->select_stmt;
  bool plain_values = sel.n_values_lists > 0 && sel.n_sort_clause == 0 &&
                      sel.limit_count == nullptr && sel.limit_offset == nullptr;
  if (!plain_values) {
    ASSIGN_OR_RETURN(SelectStmt query, TransformSelect(sel));
    out.select = std::make_shared<SelectStmt>(std::move(query));
    return out;
  }
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
    if (!out.rows.empty() && row.size() != out.rows[0].size()) {
      return Status::SyntaxError("VALUES lists must all be the same length");
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Result<UpdateStmt> TransformUpdate(const PgQuery__UpdateStmt& stmt) {
  UpdateStmt out;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.table_location = stmt.relation->location;
  if (stmt.relation->alias != nullptr) out.alias = stmt.relation->alias->aliasname;
  if (stmt.with_clause != nullptr) return Unsupported("WITH in UPDATE");
  for (size_t i = 0; i < stmt.n_target_list; i++) {
    const PgQuery__ResTarget& t = *stmt.target_list[i]->res_target;
    if (t.n_indirection > 0) return Unsupported("assignment to a field or element", t.location);
    if (t.val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
      return Unsupported("UPDATE ... SET (a, b) = ...", t.location);
    }
    ExprPtr value;
    if (t.val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
      ASSIGN_OR_RETURN(value, TransformExpr(t.val));
    }
    out.set.emplace_back(t.name, std::move(value));
  }
  for (size_t i = 0; i < stmt.n_from_clause; i++) {
    ASSIGN_OR_RETURN(TableRef ref, TransformFromItem(stmt.from_clause[i]));
    out.from.push_back(std::move(ref));
  }
  if (stmt.where_clause != nullptr) {
    ASSIGN_OR_RETURN(out.where, TransformExpr(stmt.where_clause));
  }
  ASSIGN_OR_RETURN(out.returning, TransformReturning(stmt.returning_list, stmt.n_returning_list));
  return out;
}

Result<DeleteStmt> TransformDelete(const PgQuery__DeleteStmt& stmt) {
  DeleteStmt out;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.table_location = stmt.relation->location;
  if (stmt.relation->alias != nullptr) out.alias = stmt.relation->alias->aliasname;
  if (stmt.with_clause != nullptr) return Unsupported("WITH in DELETE");
  for (size_t i = 0; i < stmt.n_using_clause; i++) {
    ASSIGN_OR_RETURN(TableRef ref, TransformFromItem(stmt.using_clause[i]));
    out.using_tables.push_back(std::move(ref));
  }
  if (stmt.where_clause != nullptr) {
    ASSIGN_OR_RETURN(out.where, TransformExpr(stmt.where_clause));
  }
  ASSIGN_OR_RETURN(out.returning, TransformReturning(stmt.returning_list, stmt.n_returning_list));
  return out;
}

}  // namespace komodo::sql::transform
