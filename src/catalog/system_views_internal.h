// Helpers shared by the system views' files (system_views.cc: pg_catalog; system_views_info.cc:
// information_schema). Not part of the catalog's interface.
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "catalog/system_views.h"
#include "types/array.h"

namespace komodo::catalog::views {

using Row = std::vector<Value>;
inline constexpr TypeId kOid = TypeId::kInt8;  // oid columns are bigint
inline constexpr TypeId kText = TypeId::kText;
inline constexpr TypeId kBool = TypeId::kBool;
inline constexpr TypeId kInt2 = TypeId::kInt2;
inline constexpr TypeId kInt4 = TypeId::kInt4;

inline Value Oid(int64_t v) { return Value::Int8(v); }
inline Value Text(std::string s) { return Value::Text(std::move(s)); }
inline Value Bool(bool b) { return Value::Bool(b); }
inline Value Null(TypeId t) { return Value::Null(t); }

// PostgreSQL's atttypmod: varchar(n) and char(n) store n + 4; numeric's is already so.
inline int32_t PgTypmod(const ColumnDef& c) {
  TypeId element = IsArrayType(c.type) ? ArrayElementType(c.type) : c.type;  // the element's
  if ((element == TypeId::kVarchar || element == TypeId::kBpchar) && c.typmod >= 0) {
    return c.typmod + 4;
  }
  return c.typmod;
}

inline int64_t IndexOid(const TableDef& t, const IndexDef& idx) {
  return idx.primary ? t.id + kPrimaryKeyOidOffset : idx.id;
}

// Every index of a table, the primary key first.
inline std::vector<const IndexDef*> Indexes(const TableDef& t) {
  std::vector<const IndexDef*> out;
  if (t.primary_key) out.push_back(&*t.primary_key);
  for (const IndexDef& idx : t.indexes) out.push_back(&idx);
  return out;
}

// A unique index made by a UNIQUE constraint is named like one (table_column_key); created by
// CREATE UNIQUE INDEX it is not a constraint. The catalog does not record which, so the name
// decides.
inline bool IsConstraint(const TableDef& t, const IndexDef& idx) {
  if (idx.primary) return true;
  return idx.unique && idx.name.ends_with("_key");
}

inline std::string ColumnNames(const TableDef& t, const std::vector<uint32_t>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size(); i++) {
    if (i > 0) s += ", ";
    s += t.columns[t.ColumnPosition(ids[i])].name;
  }
  return s;
}

inline const char* ActionName(char action) {
  switch (action) {
    case 'r':
      return "RESTRICT";
    case 'c':
      return "CASCADE";
    case 'n':
      return "SET NULL";
    case 'd':
      return "SET DEFAULT";
    default:
      return "NO ACTION";
  }
}

// Each foreign key of the catalog with its table and the table it references.
struct ForeignKeyRef {
  const TableDef* table;
  const ForeignKeyDef* fk;
  size_t position;
  const TableDef* ref;
};
inline std::vector<ForeignKeyRef> ForeignKeys(const CatalogState& s) {
  std::vector<ForeignKeyRef> out;
  for (const auto& [name, t] : s.tables()) {
    for (size_t i = 0; i < t->foreign_keys.size(); i++) {
      const TableDef* ref = s.FindTable(t->foreign_keys[i].ref_table);
      if (ref != nullptr) out.push_back({t.get(), &t->foreign_keys[i], i, ref});
    }
  }
  return out;
}

// The constraint (primary key or unique) a foreign key's referenced columns match, or nullptr.
inline const IndexDef* ReferencedConstraint(const TableDef& ref, const ForeignKeyDef& fk) {
  for (const IndexDef* idx : Indexes(ref)) {
    if (!idx->unique || idx->column_ids.size() != fk.ref_column_ids.size()) continue;
    bool all = true;
    for (uint32_t id : fk.ref_column_ids) {
      all &= std::find(idx->column_ids.begin(), idx->column_ids.end(), id) != idx->column_ids.end();
    }
    if (all) return idx;
  }
  return nullptr;
}

struct TypeInfo {
  TypeId id;
  const char* name;
  int len;
  const char* category;
};
inline constexpr TypeInfo kTypes[] = {
    {TypeId::kBool, "bool", 1, "B"},           {TypeId::kBytea, "bytea", -1, "U"},
    {TypeId::kInt8, "int8", 8, "N"},           {TypeId::kInt2, "int2", 2, "N"},
    {TypeId::kInt4, "int4", 4, "N"},           {TypeId::kText, "text", -1, "S"},
    {TypeId::kFloat4, "float4", 4, "N"},       {TypeId::kFloat8, "float8", 8, "N"},
    {TypeId::kBpchar, "bpchar", -1, "S"},      {TypeId::kVarchar, "varchar", -1, "S"},
    {TypeId::kNumeric, "numeric", -1, "N"},    {TypeId::kDate, "date", 4, "D"},
    {TypeId::kTimestamp, "timestamp", 8, "D"}, {TypeId::kTimestampTz, "timestamptz", 8, "D"},
    {TypeId::kUuid, "uuid", 16, "U"},          {TypeId::kJson, "json", -1, "U"},
    {TypeId::kJsonb, "jsonb", -1, "U"},
};

inline std::string UdtName(TypeId type) {
  if (IsArrayType(type)) return "_" + UdtName(ArrayElementType(type));  // _int4
  for (const TypeInfo& t : kTypes) {
    if (t.id == type) return t.name;
  }
  return "unknown";
}

struct Builder {
  SystemView view;
  void Columns(std::initializer_list<SystemColumn> cols) { view.columns = cols; }
  void Add(Row row) { view.rows.push_back(std::move(row)); }
};

// pg_stat_activity (system_views_activity.cc).
void PgStatActivity(Builder& b, const CatalogState& s, const SessionDirectory* sessions);

// information_schema's views (system_views_info.cc).
void InfoTables(Builder& b, const CatalogState& s);
void InfoColumns(Builder& b, const CatalogState& s);
void InfoSchemata(Builder& b);
void InfoTableConstraints(Builder& b, const CatalogState& s);
void InfoKeyColumnUsage(Builder& b, const CatalogState& s);
void InfoReferentialConstraints(Builder& b, const CatalogState& s);
void InfoConstraintColumnUsage(Builder& b, const CatalogState& s);

}  // namespace komodo::catalog::views
