#include "sql/parser/transform.h"

namespace komodo::sql::transform {

Result<CreateIndexStmt> TransformCreateIndex(const PgQuery__IndexStmt& stmt) {
  CreateIndexStmt out;
  if (stmt.idxname != nullptr) out.name = stmt.idxname;
  ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
  out.unique = stmt.unique;
  out.if_not_exists = stmt.if_not_exists;
  if (stmt.access_method != nullptr && std::string_view(stmt.access_method) != "btree") {
    return Unsupported(std::string("index access method \"") + stmt.access_method + "\"");
  }
  if (stmt.where_clause != nullptr) return Unsupported("partial indexes");
  if (stmt.n_index_including_params > 0) return Unsupported("INCLUDE columns");
  if (stmt.concurrent) return Unsupported("CREATE INDEX CONCURRENTLY");
  for (size_t i = 0; i < stmt.n_index_params; i++) {
    const PgQuery__IndexElem& e = *stmt.index_params[i]->index_elem;
    if (e.name == nullptr || e.name[0] == '\0') return Unsupported("expression indexes");
    IndexColumn col;
    col.name = e.name;
    if (e.ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC) col.order = storage::SortOrder::kDesc;
    bool nulls_default = e.nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT;
    bool nulls_first = e.nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST;
    if (!nulls_default && nulls_first != (col.order == storage::SortOrder::kDesc)) {
      return Unsupported("NULLS FIRST/LAST other than the default in an index");
    }
    out.columns.push_back(std::move(col));
  }
  return out;
}

}  // namespace komodo::sql::transform
