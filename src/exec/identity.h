// Identity columns (GENERATED ALWAYS|BY DEFAULT AS IDENTITY): their sequences under CREATE and
// ALTER TABLE, and the rules INSERT and UPDATE apply to them (PostgreSQL's rewriter rules).
//
// An identity column keeps the nextval() of its own sequence as its default expression, so
// INSERT, COPY and SET col = DEFAULT fill it as they fill a serial column; `ColumnDef::identity`
// says which kind it is. The catalog views show it as PostgreSQL does: no pg_attrdef row, no
// column_default, attidentity 'a' or 'd'.
#pragma once

#include <set>
#include <string>

#include "catalog/catalog.h"
#include "exec/executor.h"
#include "sql/parser/ast.h"

namespace komodo::exec {

// A sequence's bounds and start from its options, with PostgreSQL's defaults and checks.
Result<catalog::SequenceDef> MakeSequence(const sql::CreateSequenceStmt& s);

// Creates the sequence a serial or identity column `c` owns (<table>_<column>_seq, unique among
// `taken_names`) and points `col`'s default at it. Errors: 22023 when an identity column is not
// smallint, integer or bigint; the sequence options' errors.
Status AddOwnedSequence(const sql::ColumnDefAst& c, catalog::CatalogState& state, ExecContext& ctx,
                        catalog::TableDef* t, catalog::ColumnDef* col,
                        std::set<std::string>* taken_names);

// ALTER TABLE ... ALTER COLUMN ... ADD GENERATED ... AS IDENTITY, SET GENERATED / SET options /
// RESTART, DROP IDENTITY [IF EXISTS], applied to `t` (saved by the caller).
Status AlterIdentity(const sql::AlterTableStmt::Action& a, catalog::CatalogState& state,
                     ExecContext& ctx, catalog::TableDef* t);

// ALTER COLUMN ... SET/DROP DEFAULT or DROP NOT NULL of an identity column: 42601, with `hint`
// when not empty.
Status RefuseIdentityChange(const catalog::TableDef& t, const catalog::ColumnDef& col,
                            const std::string& hint);
// DROP COLUMN: the sequences the column owns (serial or identity) go with it, as in PostgreSQL.
Status DropOwnedSequences(catalog::CatalogState& state, ExecContext& ctx,
                          const catalog::TableDef& t, const catalog::ColumnDef& col);

// Keeps the sequences owned by table `old_id`'s columns (column `old_column`, or all when empty)
// owned after the table gets a new id (TRUNCATE, key changes) or the column a new name.
Status ReownSequences(catalog::CatalogState& state, ExecContext& ctx, uint32_t old_id,
                      uint32_t new_id, const std::string& old_column = "",
                      const std::string& new_column = "");

// INSERT into an identity column: 428C9 when a value (not DEFAULT) goes into a GENERATED ALWAYS
// column without OVERRIDING SYSTEM VALUE.
Status CheckIdentityInsert(const catalog::ColumnDef& col);
// UPDATE SET col = value of a GENERATED ALWAYS column: 428C9.
Status CheckIdentityUpdate(const catalog::ColumnDef& col);

}  // namespace komodo::exec
