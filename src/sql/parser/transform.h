// Transforms from libpg_query's protobuf nodes to the AST, one file per statement kind.
// Internal to src/sql/parser/.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <string>

#include "common/macros.h"
#include "sql/parser/ast.h"

namespace komodo::sql::transform {

Status Unsupported(const std::string& what, int location = -1);

Result<ExprPtr> TransformExpr(const PgQuery__Node* node);
Result<TypeRef> TransformTypeName(const PgQuery__TypeName* type);
// The string of a PgQuery__String node; empty for other nodes.
std::string StringOf(const PgQuery__Node* node);
// The last name of a RangeVar, refusing catalog-qualified names and schemas other than public.
Result<std::string> RelationName(const PgQuery__RangeVar* rv);

Result<CreateTableStmt> TransformCreateTable(const PgQuery__CreateStmt& stmt);
Result<CreateIndexStmt> TransformCreateIndex(const PgQuery__IndexStmt& stmt);
Result<DropStmt> TransformDrop(const PgQuery__DropStmt& stmt);
Result<CreateViewStmt> TransformCreateView(const PgQuery__ViewStmt& stmt);
Result<InsertStmt> TransformInsert(const PgQuery__InsertStmt& stmt);
Result<SelectStmt> TransformSelect(const PgQuery__SelectStmt& stmt);
// GROUP BY into out->group_by and, with GROUPING SETS, ROLLUP, CUBE or (), the sets they
// expand to. Errors: 54011 for a CUBE of more than 12 elements, 54001 past 4096 sets.
Status TransformGroupClause(const PgQuery__SelectStmt& stmt, SelectStmt* out);
Result<TableRef> TransformFromItem(const PgQuery__Node* node);
Result<std::vector<SelectTarget>> TransformReturning(PgQuery__Node** items, size_t n);
Result<UpdateStmt> TransformUpdate(const PgQuery__UpdateStmt& stmt);
Result<DeleteStmt> TransformDelete(const PgQuery__DeleteStmt& stmt);
Result<TransactionStmt> TransformTransaction(const PgQuery__TransactionStmt& stmt);
Result<AlterTableStmt> TransformAlterTable(const PgQuery__AlterTableStmt& stmt);
Result<AlterTableStmt> TransformRename(const PgQuery__RenameStmt& stmt);
Result<CreateSequenceStmt> TransformCreateSequence(const PgQuery__CreateSeqStmt& stmt);
// One option of CREATE SEQUENCE or of an identity column (START WITH, INCREMENT BY, ...).
Status ApplySequenceOption(const PgQuery__DefElem& opt, CreateSequenceStmt* out);
// The integer argument of a sequence option. Errors: 42601 when it is not an integer.
Result<int64_t> SequenceOptionValue(const PgQuery__DefElem& opt);
Result<TruncateStmt> TransformTruncate(const PgQuery__TruncateStmt& stmt);
Result<VacuumStmt> TransformVacuum(const PgQuery__VacuumStmt& stmt);
Result<CopyStmt> TransformCopy(const PgQuery__CopyStmt& stmt);
Result<DeclareCursorStmt> TransformDeclareCursor(const PgQuery__DeclareCursorStmt& stmt);
Result<FetchStmt> TransformFetch(const PgQuery__FetchStmt& stmt);
Result<CreateRoleStmt> TransformCreateRole(const PgQuery__CreateRoleStmt& stmt);
Result<AlterRoleStmt> TransformAlterRole(const PgQuery__AlterRoleStmt& stmt);
Result<DropRoleStmt> TransformDropRole(const PgQuery__DropRoleStmt& stmt);

}  // namespace komodo::sql::transform
