#include "api/introspection.h"

#include "api/database_impl.h"

namespace komodo::api {

namespace {

TableDescription Describe(const catalog::TableDef& t) {
  TableDescription d;
  d.schema = t.schema;
  d.name = t.name;
  for (const catalog::ColumnDef& c : t.columns) {
    d.columns.push_back({c.name, t.ColumnTypeName(c), c.not_null, c.default_expr});
  }
  auto index = [&](const catalog::IndexDef& idx) {
    IndexDescription i{idx.name, idx.primary, idx.unique, {}};
    for (uint32_t id : idx.column_ids) i.columns.push_back(t.columns[t.ColumnPosition(id)].name);
    d.indexes.push_back(std::move(i));
  };
  if (t.primary_key) index(*t.primary_key);
  for (const catalog::IndexDef& idx : t.indexes) index(idx);
  return d;
}

}  // namespace

Result<std::vector<TableDescription>> ListTables(Connection& conn) {
  std::vector<TableDescription> out;
  for (const auto& [name, t] : conn.impl().CatalogView()->tables()) out.push_back(Describe(*t));
  return out;
}

Result<TableDescription> DescribeTable(Connection& conn, const std::string& name) {
  const catalog::TableDef* t = conn.impl().CatalogView()->FindTable(name);
  if (t == nullptr) return Status::UndefinedTable("relation \"" + name + "\" does not exist");
  return Describe(*t);
}

}  // namespace komodo::api
