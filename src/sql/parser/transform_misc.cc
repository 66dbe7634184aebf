// DROP and transaction control: statements too small for a file each.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<DropStmt> TransformDrop(const PgQuery__DropStmt& stmt) {
  DropStmt out;
  if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    out.object = DropStmt::Object::kTable;
  } else if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
    out.object = DropStmt::Object::kIndex;
  } else if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
    out.object = DropStmt::Object::kSequence;
  } else if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) {
    out.object = DropStmt::Object::kView;
  } else {
    return Unsupported("DROP of this kind of object");
  }
  if (stmt.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
    if (out.object != DropStmt::Object::kTable) return Unsupported("DROP ... CASCADE");
    out.cascade = true;
  }
  out.if_exists = stmt.missing_ok;
  for (size_t i = 0; i < stmt.n_objects; i++) {
    const PgQuery__Node* obj = stmt.objects[i];
    if (obj->node_case != PG_QUERY__NODE__NODE_LIST || obj->list->n_items == 0) {
      return Unsupported("this DROP syntax");
    }
    const PgQuery__List& names = *obj->list;
    if (names.n_items > 2 || (names.n_items == 2 && StringOf(names.items[0]) != "public")) {
      return Status("3F000", "schema \"" + StringOf(names.items[0]) + "\" does not exist");
    }
    out.names.push_back(StringOf(names.items[names.n_items - 1]));
  }
  return out;
}

Status ApplySequenceOption(const PgQuery__DefElem& opt, CreateSequenceStmt* out) {
  std::string name = opt.defname;
  if (name == "as") {
    ASSIGN_OR_RETURN(out->type, TransformTypeName(opt.arg->type_name));
    return Status::OK();
  }
  if (name == "cycle") {
    out->cycle = opt.arg == nullptr || opt.arg->node_case != PG_QUERY__NODE__NODE_BOOLEAN ||
                 opt.arg->boolean->boolval;
    return Status::OK();
  }
  if (name == "cache" || name == "owned_by") return Status::OK();  // no effect here
  std::optional<int64_t>* field = name == "start"       ? &out->start
                                  : name == "increment" ? &out->increment
                                  : name == "minvalue"  ? &out->min
                                  : name == "maxvalue"  ? &out->max
                                                        : nullptr;
  if (field == nullptr) return Unsupported("sequence option " + name, opt.location);
  if (opt.arg == nullptr) return Status::OK();  // NO MINVALUE / NO MAXVALUE: the default
  ASSIGN_OR_RETURN(*field, SequenceOptionValue(opt));
  return Status::OK();
}

Result<int64_t> SequenceOptionValue(const PgQuery__DefElem& opt) {
  if (opt.arg != nullptr && opt.arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
    return static_cast<int64_t>(opt.arg->integer->ival);
  }
  if (opt.arg != nullptr && opt.arg->node_case == PG_QUERY__NODE__NODE_FLOAT) {
    return static_cast<int64_t>(std::stoll(opt.arg->float_->fval));  // too large for int4
  }
  return Status::SyntaxError("sequence option " + std::string(opt.defname) + " needs an integer");
}

Result<CreateSequenceStmt> TransformCreateSequence(const PgQuery__CreateSeqStmt& stmt) {
  CreateSequenceStmt out;
  ASSIGN_OR_RETURN(out.name, RelationName(stmt.sequence));
  out.if_not_exists = stmt.if_not_exists;
  for (size_t i = 0; i < stmt.n_options; i++) {
    RETURN_IF_ERROR(ApplySequenceOption(*stmt.options[i]->def_elem, &out));
  }
  return out;
}

Result<TruncateStmt> TransformTruncate(const PgQuery__TruncateStmt& stmt) {
  TruncateStmt out;
  out.cascade = stmt.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  for (size_t i = 0; i < stmt.n_relations; i++) {
    ASSIGN_OR_RETURN(std::string name, RelationName(stmt.relations[i]->range_var));
    out.tables.push_back(std::move(name));
  }
  return out;
}

Result<VacuumStmt> TransformVacuum(const PgQuery__VacuumStmt& stmt) {
  VacuumStmt out;
  out.vacuum = stmt.is_vacuumcmd;
  for (size_t i = 0; i < stmt.n_rels; i++) {
    const PgQuery__VacuumRelation& rel = *stmt.rels[i]->vacuum_relation;
    ASSIGN_OR_RETURN(std::string name, RelationName(rel.relation));
    out.tables.push_back(std::move(name));
  }
  return out;
}

Result<TransactionStmt> TransformTransaction(const PgQuery__TransactionStmt& stmt) {
  TransactionStmt out;
  if (stmt.savepoint_name != nullptr) out.savepoint = stmt.savepoint_name;
  switch (stmt.kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      out.kind = TransactionStmt::Kind::kBegin;
      out.start = stmt.kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START;
      for (size_t i = 0; i < stmt.n_options; i++) {
        const PgQuery__DefElem& opt = *stmt.options[i]->def_elem;
        std::string name = opt.defname;
        const PgQuery__Node* arg = opt.arg;
        if (name == "transaction_isolation" && arg != nullptr &&
            arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
          std::string level = arg->a_const->sval->sval;
          out.isolation = level == "serializable"      ? TransactionStmt::Isolation::kSerializable
                          : level == "repeatable read" ? TransactionStmt::Isolation::kRepeatableRead
                                                       : TransactionStmt::Isolation::kReadCommitted;
        } else if (name == "transaction_read_only" && arg != nullptr &&
                   arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
          out.read_only = arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL &&
                          arg->a_const->ival->ival != 0;
        } else if (name != "transaction_deferrable") {
          return Unsupported("transaction option " + name);
        }
      }
      return out;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
      out.kind = TransactionStmt::Kind::kCommit;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
      out.kind = TransactionStmt::Kind::kRollback;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
      out.kind = TransactionStmt::Kind::kSavepoint;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
      out.kind = TransactionStmt::Kind::kRelease;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
      out.kind = TransactionStmt::Kind::kRollbackTo;
      break;
    default:
      return Unsupported("two-phase commit");
  }
  if (stmt.chain) return Unsupported("AND CHAIN");
  return out;
}

}  // namespace komodo::sql::transform

namespace komodo::sql::transform {

Result<CreateViewStmt> TransformCreateView(const PgQuery__ViewStmt& stmt) {
  CreateViewStmt out;
  ASSIGN_OR_RETURN(out.name, RelationName(stmt.view));
  out.location = stmt.view->location;
  if (stmt.view->relpersistence != nullptr && std::string_view(stmt.view->relpersistence) == "t") {
    return Unsupported("temporary views", stmt.view->location);
  }
  if (stmt.n_options > 0) return Unsupported("view options", stmt.view->location);
  if (stmt.with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION &&
      stmt.with_check_option != PG_QUERY__VIEW_CHECK_OPTION__VIEW_CHECK_OPTION_UNDEFINED) {
    return Unsupported("WITH CHECK OPTION", stmt.view->location);
  }
  out.replace = stmt.replace;
  for (size_t i = 0; i < stmt.n_aliases; i++) out.columns.push_back(StringOf(stmt.aliases[i]));
  if (stmt.query == nullptr || stmt.query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    return Unsupported("this view query", stmt.view->location);
  }
  ASSIGN_OR_RETURN(SelectStmt q, TransformSelect(*stmt.query->select_stmt));
  out.query = std::make_shared<SelectStmt>(std::move(q));
  return out;
}

}  // namespace komodo::sql::transform
