// DROP and transaction control: statements too small for a file each.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<DropStmt> TransformDrop(const PgQuery__DropStmt& stmt) {
  DropStmt out;
  if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
    out.object = DropStmt::Object::kTable;
  } else if (stmt.remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
    out.object = DropStmt::Object::kIndex;
  } else {
    return Unsupported("DROP of this kind of object");
  }
  if (stmt.behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
    return Unsupported("DROP ... CASCADE");
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

Result<TransactionStmt> TransformTransaction(const PgQuery__TransactionStmt& stmt) {
  switch (stmt.kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      if (stmt.n_options > 0) return Unsupported("transaction modes");
      return TransactionStmt{TransactionStmt::Kind::kBegin};
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
      return TransactionStmt{TransactionStmt::Kind::kCommit};
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
      return TransactionStmt{TransactionStmt::Kind::kRollback};
    default:
      return Unsupported("savepoints and two-phase commit");
  }
}

}  // namespace komodo::sql::transform
