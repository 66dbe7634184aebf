#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

std::vector<std::string> KeyNames(PgQuery__Node** keys, size_t n) {
  std::vector<std::string> names;
  for (size_t i = 0; i < n; i++) names.push_back(StringOf(keys[i]));
  return names;
}

Result<CheckAst> TransformCheck(const PgQuery__Constraint& c) {
  if (c.is_no_inherit) return Unsupported("NO INHERIT", c.location);
  CheckAst check;
  if (c.conname != nullptr) check.name = c.conname;
  ASSIGN_OR_RETURN(check.expr, TransformExpr(c.raw_expr));
  check.text = ExprToSql(*check.expr);
  return check;
}

// REFERENCES / FOREIGN KEY. MATCH PARTIAL (as in PostgreSQL), DEFERRABLE and SET NULL (columns)
// are not implemented.
Result<ForeignKeyAst> TransformForeignKey(const PgQuery__Constraint& c) {
  ForeignKeyAst fk;
  if (c.conname != nullptr) fk.name = c.conname;
  fk.location = c.location;
  if (c.fk_matchtype != nullptr && c.fk_matchtype[0] == 'p') {
    return Unsupported("MATCH PARTIAL", c.location);
  }
  fk.match_full = c.fk_matchtype != nullptr && c.fk_matchtype[0] == 'f';
  if (c.deferrable || c.initdeferred) return Unsupported("DEFERRABLE constraints", c.location);
  if (c.n_fk_del_set_cols > 0) return Unsupported("ON DELETE SET NULL (columns)", c.location);
  ASSIGN_OR_RETURN(fk.ref_table, RelationName(c.pktable));
  fk.columns = KeyNames(c.fk_attrs, c.n_fk_attrs);
  fk.ref_columns = KeyNames(c.pk_attrs, c.n_pk_attrs);
  auto action = [](const char* a) { return a != nullptr && a[0] != '\0' ? a[0] : 'a'; };
  fk.on_update = action(c.fk_upd_action);
  fk.on_delete = action(c.fk_del_action);
  return fk;
}

// GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(sequence options)].
Status TransformIdentity(const PgQuery__Constraint& c, ColumnDefAst* col) {
  col->identity = c.generated_when != nullptr && c.generated_when[0] == 'a' ? 'a' : 'd';
  col->identity_location = c.location;
  col->not_null = true;
  for (size_t i = 0; i < c.n_options; i++) {
    const PgQuery__DefElem& opt = *c.options[i]->def_elem;
    if (std::string_view(opt.defname) == "sequence_name") {
      return Unsupported("SEQUENCE NAME of an identity column", c.location);
    }
    if (std::string_view(opt.defname) == "as") {
      return Unsupported("AS type of an identity column", c.location);
    }
    RETURN_IF_ERROR(ApplySequenceOption(opt, &col->identity_options));
  }
  return Status::OK();
}

Status ApplyColumnConstraint(const PgQuery__Constraint& c, const std::string& table,
                             ColumnDefAst* col) {
  switch (c.contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      col->not_null = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
      col->explicit_null = true;
      col->null_location = c.location;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      col->primary_key = true;
      col->not_null = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      col->unique = true;
      return Status::OK();
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
      ASSIGN_OR_RETURN(CheckAst check, TransformCheck(c));
      col->checks.push_back(std::move(check));
      return Status::OK();
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
      ASSIGN_OR_RETURN(ForeignKeyAst fk, TransformForeignKey(c));
      col->references.push_back(std::move(fk));
      return Status::OK();
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
      if (col->identity != 0) {
        return Status::SyntaxError("multiple identity specifications for column \"" + col->name +
                                   "\" of table \"" + table + "\"")
            .WithPosition(c.location + 1);
      }
      RETURN_IF_ERROR(TransformIdentity(c, col));
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

Result<ColumnDefAst> TransformColumnDef(const PgQuery__ColumnDef& cd, const std::string& table) {
  ColumnDefAst col;
  col.name = cd.colname;
  col.location = cd.location;
  ASSIGN_OR_RETURN(col.type, TransformTypeName(cd.type_name));
  for (size_t j = 0; j < cd.n_constraints; j++) {
    RETURN_IF_ERROR(ApplyColumnConstraint(*cd.constraints[j]->constraint, table, &col));
  }
  if (col.identity != 0 && col.explicit_null) {
    return Status::SyntaxError("conflicting NULL/NOT NULL declarations for column \"" + col.name +
                               "\" of table \"" + table + "\"")
        .WithPosition(col.null_location + 1);
  }
  if (col.identity != 0 && col.default_expr != nullptr) {
    return Status::SyntaxError("both default and identity specified for column \"" + col.name +
                               "\" of table \"" + table + "\"")
        .WithPosition(cd.constraints[cd.n_constraints - 1]->constraint->location + 1);
  }
  return col;
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
      ASSIGN_OR_RETURN(ColumnDefAst col, TransformColumnDef(*elt->column_def, out.name));
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
        out.primary_key_name = c.conname != nullptr ? c.conname : "";
      } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
        out.unique.push_back(KeyNames(c.keys, c.n_keys));
        out.unique_names.push_back(c.conname != nullptr ? c.conname : "");
      } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
        ASSIGN_OR_RETURN(CheckAst check, TransformCheck(c));
        out.checks.push_back(std::move(check));
      } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
        ASSIGN_OR_RETURN(ForeignKeyAst fk, TransformForeignKey(c));
        out.foreign_keys.push_back(std::move(fk));
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

namespace komodo::sql::transform {

Result<AlterTableStmt> TransformAlterTable(const PgQuery__AlterTableStmt& stmt) {
  if (stmt.objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return Unsupported("ALTER of this kind");
  AlterTableStmt out;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.if_exists = stmt.missing_ok;
  using Kind = AlterTableStmt::Action::Kind;
  for (size_t i = 0; i < stmt.n_cmds; i++) {
    const PgQuery__AlterTableCmd& cmd = *stmt.cmds[i]->alter_table_cmd;
    AlterTableStmt::Action a;
    a.name = cmd.name != nullptr ? cmd.name : "";
    a.missing_ok = cmd.missing_ok;
    if (cmd.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) return Unsupported("CASCADE");
    switch (cmd.subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        a.kind = Kind::kAddColumn;
        ASSIGN_OR_RETURN(a.column, TransformColumnDef(*cmd.def->column_def, out.table));
        if (a.column.primary_key || a.column.unique) {
          return Unsupported("PRIMARY KEY or UNIQUE in ADD COLUMN", a.column.location);
        }
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        a.kind = Kind::kDropColumn;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        a.kind = Kind::kSetNotNull;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        a.kind = Kind::kDropNotNull;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        a.kind = Kind::kSetDefault;
        if (cmd.def != nullptr) {
          ASSIGN_OR_RETURN(a.column.default_expr, TransformExpr(cmd.def));
          a.column.default_text = ExprToSql(*a.column.default_expr);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
        const PgQuery__Constraint& c = *cmd.def->constraint;
        if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
          a.kind = Kind::kAddPrimaryKey;
        } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
          a.kind = Kind::kAddUnique;
        } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
          a.kind = Kind::kAddCheck;
          ASSIGN_OR_RETURN(CheckAst check, TransformCheck(c));
          a.column.checks.push_back(std::move(check));
          break;
        } else if (c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
          a.kind = Kind::kAddForeignKey;
          ASSIGN_OR_RETURN(a.foreign_key, TransformForeignKey(c));
          break;
        } else {
          return Unsupported("this kind of constraint", c.location);
        }
        if (c.indexname != nullptr && c.indexname[0] != '\0') {
          return Unsupported("constraints USING INDEX", c.location);
        }
        a.keys = KeyNames(c.keys, c.n_keys);
        if (c.conname != nullptr) a.new_name = c.conname;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        a.kind = Kind::kDropConstraint;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        a.kind = Kind::kAddIdentity;
        RETURN_IF_ERROR(TransformIdentity(*cmd.def->constraint, &a.column));
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        a.kind = Kind::kDropIdentity;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
        // A list of options: "generated" (ALWAYS/BY DEFAULT), "restart", sequence options.
        a.kind = Kind::kSetIdentity;
        const PgQuery__List& opts = *cmd.def->list;
        for (size_t j = 0; j < opts.n_items; j++) {
          const PgQuery__DefElem& opt = *opts.items[j]->def_elem;
          std::string_view name = opt.defname;
          if (name == "generated") {
            a.column.identity = static_cast<char>(opt.arg->integer->ival);
          } else if (name == "restart") {
            a.restart = true;
            if (opt.arg != nullptr) {
              ASSIGN_OR_RETURN(int64_t v, SequenceOptionValue(opt));
              a.restart_with = v;
            }
          } else if (name == "as" || name == "sequence_name") {
            return Unsupported("this identity option", opt.location);
          } else {
            RETURN_IF_ERROR(ApplySequenceOption(opt, &a.column.identity_options));
          }
        }
        break;
      }
      default:
        return Unsupported("this ALTER TABLE action");
    }
    out.actions.push_back(std::move(a));
  }
  return out;
}

Result<AlterTableStmt> TransformRename(const PgQuery__RenameStmt& stmt) {
  AlterTableStmt out;
  AlterTableStmt::Action a;
  if (stmt.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    a.kind = AlterTableStmt::Action::Kind::kRenameTable;
  } else if (stmt.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
             stmt.relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    a.kind = AlterTableStmt::Action::Kind::kRenameColumn;
    a.name = stmt.subname;
  } else {
    return Unsupported("RENAME of this kind of object");
  }
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.if_exists = stmt.missing_ok;
  a.new_name = stmt.newname;
  out.actions.push_back(std::move(a));
  return out;
}

}  // namespace komodo::sql::transform
