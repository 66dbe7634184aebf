// What `komodo sql`'s \d and \dt show, read from the catalog of a connection's current snapshot.
// Internal: tools may use it, the public API does not expose it (pg_catalog will, over SQL).
#pragma once

#include <string>
#include <vector>

#include "komodo/database.h"

namespace komodo::api {

struct ColumnDescription {
  std::string name;
  std::string type;  // as format_type() prints it: "integer", "character varying(20)", "text"
  bool not_null = false;
  std::string default_expr;  // empty when none
};

struct IndexDescription {
  std::string name;
  bool primary = false;
  bool unique = false;
  std::vector<std::string> columns;
};

struct TableDescription {
  std::string schema;  // "public"
  std::string name;
  std::vector<ColumnDescription> columns;
  std::vector<IndexDescription> indexes;  // the primary key first, when there is one
};

// Tables visible to `conn`, sorted by schema then name.
Result<std::vector<TableDescription>> ListTables(Connection& conn);
// Errors: 42P01 when there is no such table.
Result<TableDescription> DescribeTable(Connection& conn, const std::string& name);

}  // namespace komodo::api
