// System views: pg_catalog's and information_schema's relations, computed from a CatalogState
// when a query names them (nothing is stored). Object identifiers follow PostgreSQL's layout:
// a table's oid is its catalog id (>= 16384), a secondary index's its index id, a primary key
// index's the table id + kPrimaryKeyOidOffset; namespaces pg_catalog 11, public 2200,
// information_schema kInformationSchemaOid; types their TypeId (PostgreSQL's type oids); roles
// their role id (the bootstrap superuser, owner of everything, is oid 10); a foreign key's
// kForeignKeyOidBase + (table id << 8) + its position among the table's foreign keys. oid columns
// are bigint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "komodo/sessions.h"
#include "komodo/value.h"

namespace komodo::catalog {

constexpr int64_t kPgCatalogOid = 11;
constexpr int64_t kPublicOid = 2200;
constexpr int64_t kInformationSchemaOid = 13000;
constexpr int64_t kRoleOid = 10;
constexpr int64_t kDatabaseOwnerOid = 6171;  // pg_database_owner, public's owner in PostgreSQL 15
constexpr int64_t kDatabaseOid = 16383;      // the one database's
constexpr int64_t kPrimaryKeyOidOffset = int64_t{1} << 30;
constexpr int64_t kForeignKeyOidBase = int64_t{1} << 40;
// The role and database names the catalog reports.
constexpr const char* kRoleName = "komodo";
constexpr const char* kDatabaseName = "komodo";

struct SystemColumn {
  std::string name;
  TypeId type = TypeId::kText;
};

struct SystemView {
  std::string name;  // unqualified: "pg_class", "tables"
  std::vector<SystemColumn> columns;
  std::vector<std::vector<Value>> rows;
};

// The view named `name` ("pg_class", "pg_catalog.pg_class", "information_schema.tables"; an
// unqualified name is looked up in pg_catalog only), or nullopt when there is none.
// `sessions`: the server's sessions, which pg_stat_activity lists (null: none, no rows).
std::optional<SystemView> BuildSystemView(const std::string& name, const CatalogState& state,
                                          const SessionDirectory* sessions = nullptr);

// Data for the catalog functions whose result depends on the catalog (pg_get_indexdef,
// pg_get_constraintdef, oid::regclass): "oid\tresult\n" lines, one per object. The binder stores
// it in the call; LookupCatalogText() reads it at execution.
std::string CatalogFunctionData(const std::string& function, const CatalogState& state);
std::optional<std::string> LookupCatalogText(const std::string& data, int64_t oid);

// format_type(type oid, typmod): "integer", "character varying(20)", "numeric(10,2)".
std::string FormatType(TypeId type, int32_t typmod);

}  // namespace komodo::catalog
