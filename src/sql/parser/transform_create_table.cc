#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

std::vector<std::string> KeyNames(PgQuery__Node** keys, size_t n) {
  std::vector<std::string> names;
  for (size_t i = 0; i < n; i++) names.push_back(StringOf(keys[i]));
  return names;
}

Status ApplyColumnConstraint(const PgQuery__Constraint& c, ColumnDefAst* col) {
  switch (c.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      col->not_null = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      col->primary_key = true;
      col->not_null = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      col->unique = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
      ASSIGN_OR_RETURN(col->default_expr, TransformExpr(c.raw_expr));
      col->default_text = ExprToSql(*col->default_expr);
      return Status::OK();
    }
    default:
      return Unsupported("this column constraint", c.location);
  }
}

}  // namespace

Result<CreateTableStmt> TransformCreateTable(const PgQuery__CreateStmt& stmt) {
  CreateTableStmt out;
  ASSIGN_OR_RETURN(out.name, RelationName(stmt.relation));
  out.if_not_exists = stmt.if_not_exists;
  if (stmt.n_inh_relations > 0) return Unsupported("INHERITS");
  if (stmt.partspec != nullptr) return Unsupported("partitioned tables");
  if (stmt.relation->relpersistence != nullptr && stmt.relation->relpersistence[0] == 't') {
    return Unsupported("temporary tables", stmt.relation->location);
  }
  for (size_t i = 0; i < stmt.n_table_elts; i++) {
    const PgQuery__Node* elt = stmt.table_elts[i];
    if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      const PgQuery__ColumnDef& cd = *elt->column_def;
      ColumnDefAst col;
      col.name = cd.colname;
      col.location = cd.location;
      ASSIGN_OR_RETURN(col.type, TransformTypeName(cd.type_name));
      for (size_t j = 0; j < cd.n_constraints; j++) {
        RETURN_IF_ERROR(ApplyColumnConstraint(*cd.constraints[j]->constraint, &col));
      }
      out.columns.push_back(std::move(col));
    } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      const PgQuery__Constraint& c = *elt->constraint;
      if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
        if (!out.primary_key.empty()) {
          return Status::InvalidTableDefinition("multiple primary keys for table \"" + out.name +
                                                "\" are not allowed")
              .WithPosition(c.location + 1);
        }
        out.primary_key = KeyNames(c.keys, c.n_keys);
        out.pk_location = c.location;
      } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
        out.unique.push_back(KeyNames(c.keys, c.n_keys));
      } else {
        return Unsupported("this table constraint", c.location);
      }
    } else {
      return Unsupported("LIKE in CREATE TABLE");
    }
  }
  return out;
}

}  // namespace komodo::sql::transform
