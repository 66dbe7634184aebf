// Descriptors of tables, columns and indexes, and their persisted form.
//
// A table's descriptor, with its columns and indexes, is one catalog record (key layout in
// storage/keys.h). Column ids are never reused within a table, so a row written before an
// ALTER TABLE ... ADD/DROP COLUMN still decodes (table/row_codec.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "komodo/result.h"
#include "komodo/value.h"
#include "storage/key_codec.h"

namespace komodo::catalog {

struct ColumnDef {
  uint32_t id = 0;  // unique within the table, never reused
  std::string name;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;  // varchar(n): n; otherwise -1
  bool not_null = false;
  // SQL text of the DEFAULT expression; empty when none. An identity column's is the nextval()
  // of its sequence, which the catalog views hide as PostgreSQL keeps it out of pg_attrdef.
  std::string default_expr;
  // pg_attribute.attidentity: 'a' GENERATED ALWAYS, 'd' BY DEFAULT, 0 not an identity column.
  char identity = 0;
};

struct IndexDef {
  uint32_t id = 0;  // the primary key's id is the table's id: rows are keyed by it
  std::string name;
  bool primary = false;
  bool unique = false;
  // Made by a UNIQUE constraint (pg_constraint lists it) rather than CREATE UNIQUE INDEX.
  // Records written before this was kept leave `origin_known` false: the name decides then.
  bool constraint = false;
  bool origin_known = true;
  std::vector<uint32_t> column_ids;
  std::vector<storage::SortOrder> orders;  // one per column
};

// A CHECK constraint: its name and the expression's SQL text over the table's columns.
struct CheckDef {
  std::string name;
  std::string expr;
};

// A FOREIGN KEY constraint of the referencing table. The referenced table is named (a rename
// rewrites its referencing tables' records) because TRUNCATE and key changes give a table a new
// id; columns are named by id, which renames keep. The actions are pg_constraint's codes (on-disk:
// never change): 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT.
struct ForeignKeyDef {
  std::string name;
  std::vector<uint32_t> column_ids;  // referencing columns, in constraint order
  std::string ref_table;
  std::vector<uint32_t> ref_column_ids;  // the referenced table's, one per referencing column
  char on_update = 'a';
  char on_delete = 'a';
  bool match_full = false;  // MATCH FULL: a key is all NULL or all non-NULL
};

struct TableDef {
  uint32_t id = 0;
  std::string schema = "public";
  std::string name;
  std::vector<ColumnDef> columns;  // in table order
  uint32_t next_column_id = 1;
  std::optional<IndexDef> primary_key;  // none: rows are keyed by a hidden row id
  std::vector<IndexDef> indexes;        // secondary indexes
  std::vector<CheckDef> checks;
  std::vector<ForeignKeyDef> foreign_keys;

  // Position of the column in `columns`, or -1.
  int FindColumn(std::string_view column_name) const;
  int ColumnPosition(uint32_t column_id) const;
  // "character varying(20)", "integer", ...
  std::string ColumnTypeName(const ColumnDef& c) const;
};

// On-disk form of a table record: a version byte, then varint/length-prefixed fields.
std::string EncodeTableDef(const TableDef& t);
// Errors: XX001 when the record is truncated or of an unknown version.
Result<TableDef> DecodeTableDef(std::string_view record);

}  // namespace komodo::catalog
