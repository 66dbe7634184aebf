// SELECT, VALUES and set operations, with their FROM items.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

Result<std::vector<ExprPtr>> TransformList(PgQuery__Node** items, size_t n) {
  std::vector<ExprPtr> out;
  for (size_t i = 0; i < n; i++) {
    ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(items[i]));
    out.push_back(std::move(e));
  }
  return out;
}

void TransformAlias(const PgQuery__Alias* alias, TableRef* ref) {
  if (alias == nullptr) return;
  ref->alias = alias->aliasname;
  for (size_t i = 0; i < alias->n_colnames; i++) {
    ref->column_aliases.push_back(StringOf(alias->colnames[i]));
  }
}

}  // namespace

Result<TableRef> TransformFromItem(const PgQuery__Node* node) {
  TableRef ref;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
      const PgQuery__RangeVar& rv = *node->range_var;
      ASSIGN_OR_RETURN(ref.name, RelationName(&rv));
      ref.location = rv.location;
      TransformAlias(rv.alias, &ref);
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
      const PgQuery__RangeSubselect& rs = *node->range_subselect;
      if (rs.subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        return Unsupported("this kind of subquery in FROM");
      }
      ref.kind = TableRef::Kind::kSubquery;
      ref.lateral = rs.lateral;
      ASSIGN_OR_RETURN(SelectStmt sub, TransformSelect(*rs.subquery->select_stmt));
      ref.subquery = std::make_shared<SelectStmt>(std::move(sub));
      if (rs.alias == nullptr) {
        // PostgreSQL 15 still requires the alias (16 made it optional).
        return Status::SyntaxError("subquery in FROM must have an alias");
      }
      TransformAlias(rs.alias, &ref);
      return ref;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
      const PgQuery__JoinExpr& j = *node->join_expr;
      ref.kind = TableRef::Kind::kJoin;
      switch (j.jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
          ref.join_type = j.quals == nullptr && j.n_using_clause == 0 && !j.is_natural
                              ? TableRef::JoinType::kCross
                              : TableRef::JoinType::kInner;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
          ref.join_type = TableRef::JoinType::kLeft;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
          ref.join_type = TableRef::JoinType::kRight;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL:
          ref.join_type = TableRef::JoinType::kFull;
          break;
        default:
          return Unsupported("this join type");
      }
      ASSIGN_OR_RETURN(TableRef left, TransformFromItem(j.larg));
      ASSIGN_OR_RETURN(TableRef right, TransformFromItem(j.rarg));
      ref.left = std::make_unique<TableRef>(std::move(left));
      ref.right = std::make_unique<TableRef>(std::move(right));
      if (j.quals != nullptr) {
        ASSIGN_OR_RETURN(ref.on, TransformExpr(j.quals));
      }
      for (size_t i = 0; i < j.n_using_clause; i++) {
        ref.using_columns.push_back(StringOf(j.using_clause[i]));
      }
      ref.natural = j.is_natural;
      if (j.alias != nullptr) return Unsupported("an alias on a JOIN");
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
      const PgQuery__RangeFunction& rf = *node->range_function;
      if (rf.is_rowsfrom || rf.n_functions != 1 || rf.n_coldeflist > 0) {
        return Unsupported("this form of function in FROM");
      }
      // LATERAL changes nothing: a function in FROM may always name earlier FROM items.
      const PgQuery__List& pair = *rf.functions[0]->list;  // [call, column definitions]
      ref.kind = TableRef::Kind::kFunction;
      ASSIGN_OR_RETURN(ref.function, TransformExpr(pair.items[0]));
      ref.location = ref.function->location;
      ref.name = ref.function->name;
      ref.ordinality = rf.ordinality;
      TransformAlias(rf.alias, &ref);
      return ref;
    }
    default:
      return Unsupported("this kind of FROM item");
  }
}

Result<SelectStmt> TransformSelect(const PgQuery__SelectStmt& stmt) {
  if (stmt.n_window_clause > 0) return Unsupported("WINDOW");
  if (stmt.into_clause != nullptr) return Unsupported("SELECT INTO");

  SelectStmt out;
  if (stmt.with_clause != nullptr) {
    const PgQuery__WithClause& with = *stmt.with_clause;
    for (size_t i = 0; i < with.n_ctes; i++) {
      const PgQuery__CommonTableExpr& cte = *with.ctes[i]->common_table_expr;
      if (cte.ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        return Unsupported("data-modifying statements in WITH", cte.location);
      }
      CommonTableExpr c;
      c.name = cte.ctename;
      c.recursive = with.recursive;
      c.location = cte.location;
      for (size_t k = 0; k < cte.n_aliascolnames; k++) {
        c.columns.push_back(StringOf(cte.aliascolnames[k]));
      }
      for (const CommonTableExpr& prev : out.with) {
        if (prev.name == c.name) {
          return Status("42712", "WITH query name \"" + c.name + "\" specified more than once",
                        cte.location + 1);
        }
      }
      ASSIGN_OR_RETURN(SelectStmt q, TransformSelect(*cte.ctequery->select_stmt));
      c.query = std::make_shared<SelectStmt>(std::move(q));
      out.with.push_back(std::move(c));
    }
  }
  if (stmt.op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
    out.set_op = stmt.op == PG_QUERY__SET_OPERATION__SETOP_UNION ? SelectStmt::SetOp::kUnion
                 : stmt.op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT
                     ? SelectStmt::SetOp::kIntersect
                     : SelectStmt::SetOp::kExcept;
    out.set_all = stmt.all;
    ASSIGN_OR_RETURN(SelectStmt l, TransformSelect(*stmt.larg));
    ASSIGN_OR_RETURN(SelectStmt r, TransformSelect(*stmt.rarg));
    out.left = std::make_shared<SelectStmt>(std::move(l));
    out.right = std::make_shared<SelectStmt>(std::move(r));
  }
  for (size_t i = 0; i < stmt.n_values_lists; i++) {
    const PgQuery__List& row = *stmt.values_lists[i]->list;
    ASSIGN_OR_RETURN(std::vector<ExprPtr> values, TransformList(row.items, row.n_items));
    if (!out.values.empty() && values.size() != out.values[0].size()) {
      return Status::SyntaxError("VALUES lists must all be the same length");
    }
    out.values.push_back(std::move(values));
  }
  for (size_t i = 0; i < stmt.n_from_clause; i++) {
    ASSIGN_OR_RETURN(TableRef ref, TransformFromItem(stmt.from_clause[i]));
    out.from.push_back(std::move(ref));
  }
  for (size_t i = 0; i < stmt.n_target_list; i++) {
    const PgQuery__ResTarget& t = *stmt.target_list[i]->res_target;
    SelectTarget target;
    ASSIGN_OR_RETURN(target.expr, TransformExpr(t.val));
    if (t.name != nullptr) target.alias = t.name;
    out.targets.push_back(std::move(target));
  }
  if (stmt.n_distinct_clause > 0) {
    out.distinct = true;
    // DISTINCT is a list holding one NULL node; DISTINCT ON (...) holds the expressions.
    if (stmt.distinct_clause[0] != nullptr &&
        stmt.distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET) {
      ASSIGN_OR_RETURN(out.distinct_on,
                       TransformList(stmt.distinct_clause, stmt.n_distinct_clause));
    }
  }
  if (stmt.where_clause != nullptr) {
    ASSIGN_OR_RETURN(out.where, TransformExpr(stmt.where_clause));
  }
  RETURN_IF_ERROR(TransformGroupClause(stmt, &out));
  if (stmt.having_clause != nullptr) {
    ASSIGN_OR_RETURN(out.having, TransformExpr(stmt.having_clause));
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
  for (size_t i = 0; i < stmt.n_locking_clause; i++) {
    const PgQuery__LockingClause& lc = *stmt.locking_clause[i]->locking_clause;
    if (lc.wait_policy != PG_QUERY__LOCK_WAIT_POLICY__LockWaitBlock) {
      return Unsupported("NOWAIT and SKIP LOCKED");
    }
    out.lock_rows = true;
    for (size_t k = 0; k < lc.n_locked_rels; k++) {
      out.locked_tables.push_back(lc.locked_rels[k]->range_var->relname);
    }
  }
  if (stmt.limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
    return Unsupported("FETCH ... WITH TIES");
  }
  if (stmt.limit_count != nullptr) {
    ASSIGN_OR_RETURN(out.limit, TransformExpr(stmt.limit_count));
  }
  if (stmt.limit_offset != nullptr) {
    ASSIGN_OR_RETURN(out.offset, TransformExpr(stmt.limit_offset));
  }
  return out;
}

Result<std::vector<SelectTarget>> TransformReturning(PgQuery__Node** items, size_t n) {
  std::vector<SelectTarget> out;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__ResTarget& t = *items[i]->res_target;
    SelectTarget target;
    ASSIGN_OR_RETURN(target.expr, TransformExpr(t.val));
    if (t.name != nullptr) target.alias = t.name;
    out.push_back(std::move(target));
  }
  return out;
}

}  // namespace komodo::sql::transform
