// FOREIGN KEY constraints: their definition (CREATE TABLE, ALTER TABLE ADD) and their
// enforcement by INSERT, UPDATE, DELETE, ON CONFLICT DO UPDATE and COPY.
//
// Enforcement follows PostgreSQL's row triggers that fire at the end of the statement: the
// statement reports each row it changed (RowInserted/RowUpdated/RowDeleted), and Finish() then
// checks each new referencing key against the referenced table and applies each referenced
// table's changes to the referencing rows (NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT),
// recursively, before the statement returns. MATCH SIMPLE: a referencing key with a NULL is not
// checked.
//
// Locking: a referencing key is looked up in the referenced table's primary key or unique index
// with TableStore::FindConflict, which locks that key until commit. The storage layer has one lock
// strength, exclusive, so this is stronger than PostgreSQL's FOR KEY SHARE: it blocks a concurrent
// DELETE or key-changing UPDATE of the referenced row (as in PostgreSQL) and also a concurrent
// insert of another row referencing the same key (PostgreSQL lets those run together). The
// referenced side takes the same lock when it deletes or changes the key, so one of the two waits
// for the other; in READ COMMITTED the referencing rows are then looked up in a snapshot taken
// after every lock of the statement was granted, so a referencing row committed meanwhile is seen.
// REPEATABLE READ keeps its snapshot and also looks in the latest committed state: a referencing
// row found only there fails NO ACTION and RESTRICT with 23503 (as in PostgreSQL) and the other
// actions with 40001.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "exec/evaluate.h"
#include "komodo/result.h"
#include "sql/parser/ast.h"

namespace komodo::exec {

struct ExecContext;
struct BoundCheck;

// The foreign keys of every table that reference `table`, as (referencing table, key) pairs.
std::vector<std::pair<const catalog::TableDef*, const catalog::ForeignKeyDef*>> ReferencingKeys(
    const catalog::CatalogState& state, const std::string& table);

// The referenced table's primary key or unique index over exactly the key's referenced columns,
// or nullptr.
const catalog::IndexDef* ReferencedIndex(const catalog::TableDef& parent,
                                         const std::vector<uint32_t>& ref_column_ids);

// Resolves `fk` of table `t` (whose columns are final) against the catalog and appends it to
// t->foreign_keys, named as PostgreSQL does (<table>_<columns>_fkey) unless named. `state` is
// the catalog that holds the referenced table (t itself when self-referencing).
// Errors: 42P01, 42703, 42830 (no matching unique constraint, column count), 42804 (types), 42710.
Status AddForeignKey(const sql::ForeignKeyAst& fk, const std::string& column,
                     const catalog::CatalogState& state, catalog::TableDef* t);

// Checks every existing row of `t` against its foreign key `fk` (ALTER TABLE ADD FOREIGN KEY).
// Errors: 23503.
Status ValidateForeignKey(ExecContext& ctx, const catalog::CatalogState& state,
                          const catalog::TableDef& t, const catalog::ForeignKeyDef& fk);

// One statement's foreign-key work; see the top of this file.
class ForeignKeys {
 public:
  ForeignKeys(Runtime& rt, const catalog::CatalogState& state);

  Status RowInserted(const catalog::TableDef& t, const Row& row);
  Status RowUpdated(const catalog::TableDef& t, const Row& old_row, const Row& new_row);
  Status RowDeleted(const catalog::TableDef& t, const Row& old_row);

  // Runs the checks and actions queued so far and those they queue. Errors: 23503, and those of
  // the changed referencing rows (23502, 23514, 23505).
  Status Finish();

 private:
  struct Event {
    const catalog::TableDef* table;
    Row old_row;  // empty for an insert
    Row new_row;  // empty for a delete
  };
  Status CheckReferences(const catalog::TableDef& t, const Row& row, const Row* old_row);
  Status ApplyToReferencing(const Event& e);
  Result<const std::vector<BoundCheck>*> Checks(const catalog::TableDef& t);

  Runtime& rt_;
  const catalog::CatalogState& state_;
  bool any_ = false;  // some table has a foreign key: otherwise every call is a no-op
  std::set<std::string> referenced_;  // the tables some foreign key references
  bool refreshed_ = false;
  std::vector<Event> queue_;
  std::map<const catalog::TableDef*, std::vector<BoundCheck>> checks_;
};

}  // namespace komodo::exec

// What DDL must do about foreign keys (foreign_keys_ddl.cc). `state` is the transaction's private
// catalog copy; referencing tables whose records change are written in `ctx`'s transaction.
namespace komodo::exec {

// DROP TABLE: 2BP01 when a table outside `names` references one of them, unless `cascade`, which
// drops those foreign keys instead.
Status DropReferencingKeys(ExecContext& ctx, catalog::CatalogState* state,
                           const std::vector<std::string>& names, bool cascade);
// TRUNCATE: the tables to empty. 0A000 when a table outside `names` references one of them,
// unless `cascade`, which adds the referencing tables (transitively).
Result<std::vector<std::string>> TruncateTargets(const catalog::CatalogState& state,
                                                 const std::vector<std::string>& names,
                                                 bool cascade);
// ALTER TABLE DROP COLUMN of `t` (as being altered): 2BP01 when a foreign key references the
// column; otherwise drops t's own foreign keys that use it.
Status DropColumnKeys(const catalog::CatalogState& state, catalog::TableDef* t, uint32_t column_id);
// DROP CONSTRAINT / DROP INDEX of `index` of `t`: 2BP01 when a foreign key needs it.
Status CheckIndexDrop(const catalog::CatalogState& state, const catalog::TableDef& t,
                      const catalog::IndexDef& index, bool constraint);
// ALTER TABLE RENAME of `t` (already renamed from `old_name`): the foreign keys that reference it
// follow the new name.
Status RenameReferences(ExecContext& ctx, catalog::CatalogState* state, const std::string& old_name,
                        catalog::TableDef* t);

}  // namespace komodo::exec
