// CREATE TABLE, CREATE INDEX, DROP TABLE / DROP INDEX.
#include <algorithm>
#include <functional>
#include <set>

#include "common/macros.h"
#include "exec/evaluate.h"
#include "exec/exec_view.h"
#include "exec/executor.h"
#include "exec/foreign_keys.h"
#include "exec/identity.h"
#include "sql/binder/binder.h"

namespace komodo::exec {

using catalog::IndexDef;
using catalog::TableDef;

namespace {

bool RelationExists(const catalog::CatalogState& state, const std::string& name) {
  return state.FindTable(name) != nullptr || state.FindIndexOwner(name) != nullptr ||
         state.FindSequence(name) != nullptr || state.FindView(name) != nullptr;
}

// serial, bigserial, smallserial: the integer type they stand for, or kUnknown.
TypeId SerialType(const std::string& name) {
  if (name == "serial" || name == "serial4") return TypeId::kInt4;
  if (name == "bigserial" || name == "serial8") return TypeId::kInt8;
  if (name == "smallserial" || name == "serial2") return TypeId::kInt2;
  return TypeId::kUnknown;
}

// PostgreSQL's naming for implicit indexes: <table>_<columns>_<suffix>, made unique with a
// number when taken.
std::string ChooseName(const catalog::CatalogState& state, const TableDef& t,
                       const std::vector<std::string>& cols, const std::string& suffix,
                       const std::set<std::string>& taken) {
  std::string base = t.name;
  if (suffix != "pkey") {
    for (const std::string& c : cols) base += "_" + c;
  }
  base += "_" + suffix;
  std::string name = base;
  for (int n = 1; RelationExists(state, name) || taken.count(name); n++) {
    name = base + std::to_string(n);
  }
  return name;
}

// `constraint`: for PRIMARY KEY/UNIQUE in CREATE TABLE, whose message PostgreSQL words apart.
Result<IndexDef> MakeIndex(const TableDef& t, const std::vector<std::string>& cols,
                           const std::vector<storage::SortOrder>& orders, bool constraint = true) {
  IndexDef idx;
  for (size_t i = 0; i < cols.size(); i++) {
    int pos = t.FindColumn(cols[i]);
    if (pos < 0) {
      return Status::UndefinedColumn(
          "column \"" + cols[i] +
          (constraint ? "\" named in key does not exist" : "\" does not exist"));
    }
    if (!storage::IsKeyEncodable(t.columns[pos].type)) {
      return Status::FeatureNotSupported("type " + t.ColumnTypeName(t.columns[pos]) +
                                         " cannot be used in an index key");
    }
    idx.column_ids.push_back(t.columns[pos].id);
    idx.orders.push_back(orders.empty() ? storage::SortOrder::kAsc : orders[i]);
  }
  return idx;
}

// Writes the table's catalog record and makes it visible in this transaction's catalog copy.
Status SaveTable(ExecContext& ctx, catalog::CatalogState* state, TableDef t) {
  RETURN_IF_ERROR(ctx.catalog.WriteTable(ctx.txn, t));
  state->PutTable(std::move(t));
  return Status::OK();
}

QueryResult Tag(std::string tag) { return QueryResult(std::move(tag), {}, {}); }

// CREATE ... IF NOT EXISTS on a name that is taken: PostgreSQL's notice, and nothing done.
QueryResult SkipExisting(const ExecContext& ctx, const std::string& name, std::string tag) {
  RaiseNotice(ctx, "relation \"" + name + "\" already exists, skipping", "", "42P07");
  return Tag(std::move(tag));
}

// A duplicate found while building a unique index over existing rows: PostgreSQL names the
// index it could not build and shows the duplicated key.
Status AsIndexBuildError(Status s, const std::string& index_name) {
  if (s.sqlstate() != "23505") return s;
  std::string detail = s.detail();
  size_t at = detail.rfind(" already exists.");
  if (at != std::string::npos) detail = detail.substr(0, at) + " is duplicated.";
  return Status::UniqueViolation("could not create unique index \"" + index_name + "\"")
      .WithDetail(detail);
}

// Gives the table and its indexes new ids, leaving the old rows and entries to the range delete
// of DROP: the table is empty in this transaction, and whole again if it rolls back.
Status RenewIds(ExecContext& ctx, TableDef* t) {
  RETURN_IF_ERROR(ctx.catalog.DropTable(ctx.txn, *t));
  uint32_t old_id = t->id;
  ASSIGN_OR_RETURN(t->id, ctx.catalog.AllocateId(ctx.txn));
  // Its serial and identity sequences stay owned by it.
  RETURN_IF_ERROR(ReownSequences(*ctx.ddl_state->get(), ctx, old_id, t->id));
  if (t->primary_key) t->primary_key->id = t->id;
  for (IndexDef& idx : t->indexes) {
    ASSIGN_OR_RETURN(idx.id, ctx.catalog.AllocateId(ctx.txn));
  }
  return Status::OK();
}

// The one column an expression names, or "" when it names none or several: what PostgreSQL
// names a table CHECK constraint after.
std::string OnlyColumn(const sql::Expr& e) {
  std::set<std::string> names;
  std::function<void(const sql::Expr&)> walk = [&](const sql::Expr& x) {
    if (x.kind == sql::Expr::Kind::kColumn) names.insert(x.name);
    for (const sql::ExprPtr& a : x.args) walk(*a);
  };
  walk(e);
  return names.size() == 1 ? *names.begin() : "";
}

// Adds a CHECK constraint to `t`, named <table>_<column>_check unless it has a name; the
// expression must bind over the table's columns and be boolean.
Status AddCheck(const sql::CheckAst& check, const std::string& column, ExecContext& ctx,
                TableDef* t) {
  std::string name = check.name;
  if (name.empty()) {
    std::string base = t->name + (column.empty() ? "" : "_" + column) + "_check";
    name = base;
    for (int n = 1;; n++) {
      bool taken = false;
      for (const catalog::CheckDef& c : t->checks) taken |= c.name == name;
      if (!taken) break;
      name = base + std::to_string(n);
    }
  }
  for (const catalog::CheckDef& c : t->checks) {
    if (c.name == name) {
      return Status("42710",
                    "constraint \"" + name + "\" for relation \"" + t->name + "\" already exists");
    }
  }
  t->checks.push_back({name, check.text});
  return BindChecks(*t, *ctx.state).status();
}

Status ContainsNulls(const TableDef& t, const catalog::ColumnDef& c) {
  return Status::NotNullViolation("column \"" + c.name + "\" of relation \"" + t.name +
                                  "\" contains null values");
}

// Checks that a DEFAULT expression binds and fits its column, as PostgreSQL does at DDL time.
Status CheckDefault(const sql::Expr& e, TypeId type, ExecContext& ctx) {
  std::vector<TypeId> no_params;
  sql::Scope no_columns;
  sql::BindContext bind(ctx.state.get(), &no_params);
  sql::Binder binder(&no_columns, &bind);
  binder.set_clause("DEFAULT expressions");
  ASSIGN_OR_RETURN(auto bound, binder.Bind(e, type));
  if (!no_params.empty()) {
    return Status("42P02", "there is no parameter $1").WithPosition(e.location + 1);
  }
  return Status::OK();
}

}  // namespace

Result<catalog::SequenceDef> MakeSequence(const sql::CreateSequenceStmt& s) {
  catalog::SequenceDef def;
  def.name = s.name;
  if (!s.type.name.empty()) {
    ASSIGN_OR_RETURN(def.type, sql::ResolveType(s.type));
    if (def.type != TypeId::kInt2 && def.type != TypeId::kInt4 && def.type != TypeId::kInt8) {
      return Status::InvalidParameter("sequence type must be smallint, integer, or bigint");
    }
  }
  int64_t type_max = def.type == TypeId::kInt2   ? INT16_MAX
                     : def.type == TypeId::kInt4 ? INT32_MAX
                                                 : INT64_MAX;
  int64_t type_min = def.type == TypeId::kInt2   ? INT16_MIN
                     : def.type == TypeId::kInt4 ? INT32_MIN
                                                 : INT64_MIN;
  def.increment = s.increment.value_or(1);
  if (def.increment == 0) return Status::InvalidParameter("INCREMENT must not be zero");
  bool up = def.increment > 0;
  def.min = s.min.value_or(up ? 1 : type_min);
  def.max = s.max.value_or(up ? type_max : -1);
  def.start = s.start.value_or(up ? def.min : def.max);
  def.cycle = s.cycle;
  if (def.min >= def.max) {
    return Status::InvalidParameter("MINVALUE (" + std::to_string(def.min) +
                                    ") must be less than MAXVALUE (" + std::to_string(def.max) +
                                    ")");
  }
  if (def.start < def.min) {
    return Status::InvalidParameter("START value (" + std::to_string(def.start) +
                                    ") cannot be less than MINVALUE (" + std::to_string(def.min) +
                                    ")");
  }
  if (def.start > def.max) {
    return Status::InvalidParameter("START value (" + std::to_string(def.start) +
                                    ") cannot be greater than MAXVALUE (" +
                                    std::to_string(def.max) + ")");
  }
  return def;
}

Status AddOwnedSequence(const sql::ColumnDefAst& c, catalog::CatalogState& state, ExecContext& ctx,
                        TableDef* t, catalog::ColumnDef* col, std::set<std::string>* taken_names) {
  sql::CreateSequenceStmt seq_stmt;
  if (c.identity != 0) {
    if (col->type != TypeId::kInt2 && col->type != TypeId::kInt4 && col->type != TypeId::kInt8) {
      return Status::InvalidParameter("identity column type must be smallint, integer, or bigint");
    }
    seq_stmt = c.identity_options;
  }
  seq_stmt.name = ChooseName(state, *t, {c.name}, "seq", *taken_names);
  taken_names->insert(seq_stmt.name);
  seq_stmt.type.name = std::string(TypeName(col->type));
  ASSIGN_OR_RETURN(catalog::SequenceDef seq, MakeSequence(seq_stmt));
  ASSIGN_OR_RETURN(seq.id, ctx.catalog.AllocateId(ctx.txn));
  seq.owner_table = t->id;
  seq.owner_column = c.name;
  RETURN_IF_ERROR(ctx.catalog.WriteSequence(ctx.txn, seq));
  col->default_expr = "nextval('" + seq.name + "'::regclass)";
  col->identity = c.identity;
  col->not_null = true;
  state.PutSequence(std::move(seq));
  return Status::OK();
}

Result<QueryResult> ExecuteCreateTable(const sql::CreateTableStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  if (RelationExists(*state, s.name)) {
    if (s.if_not_exists) return SkipExisting(ctx, s.name, "CREATE TABLE");
    return Status::DuplicateTable("relation \"" + s.name + "\" already exists");
  }
  TableDef t;
  ASSIGN_OR_RETURN(t.id, ctx.catalog.AllocateId(ctx.txn));
  t.name = s.name;
  std::vector<std::string> pk = s.primary_key;
  std::vector<std::vector<std::string>> uniques = s.unique;
  std::set<std::string> taken_names{s.name};
  for (const sql::ColumnDefAst& c : s.columns) {
    if (t.FindColumn(c.name) >= 0) {
      return Status::DuplicateColumn("column \"" + c.name + "\" specified more than once");
    }
    catalog::ColumnDef col;
    col.id = t.next_column_id++;
    col.name = c.name;
    col.not_null = c.not_null;
    col.default_expr = c.default_text;
    TypeId serial = SerialType(c.type.name);
    if (serial != TypeId::kUnknown || c.identity != 0) {
      // A sequence of its own, owned by the column: <table>_<column>_seq.
      if (serial != TypeId::kUnknown && c.identity != 0) {
        return Status::SyntaxError("both default and identity specified for column \"" + c.name +
                                   "\" of table \"" + s.name + "\"");
      }
      if (c.default_expr != nullptr) {
        return Status::SyntaxError("multiple default values specified for column \"" + c.name +
                                   "\" of table \"" + s.name + "\"");
      }
      if (serial != TypeId::kUnknown) {
        col.type = serial;
      } else {
        ASSIGN_OR_RETURN(col.type, sql::ResolveType(c.type));
      }
      RETURN_IF_ERROR(AddOwnedSequence(c, *state, ctx, &t, &col, &taken_names));
    } else {
      ASSIGN_OR_RETURN(col.type, sql::ResolveType(c.type));
    }
    ASSIGN_OR_RETURN(col.typmod, sql::ResolveTypmod(c.type, col.type));
    if (c.default_expr != nullptr) RETURN_IF_ERROR(CheckDefault(*c.default_expr, col.type, ctx));
    if (c.primary_key) {
      if (!pk.empty()) {
        return Status::InvalidTableDefinition("multiple primary keys for table \"" + s.name +
                                              "\" are not allowed");
      }
      pk = {c.name};
    }
    if (c.unique) uniques.push_back({c.name});
    t.columns.push_back(std::move(col));
  }
  std::set<std::string> taken{t.name};
  if (!pk.empty()) {
    ASSIGN_OR_RETURN(IndexDef idx, MakeIndex(t, pk, {}));
    idx.id = t.id;
    idx.primary = idx.unique = true;
    idx.name =
        s.primary_key_name.empty() ? ChooseName(*state, t, pk, "pkey", taken) : s.primary_key_name;
    if (taken.contains(idx.name) || RelationExists(*state, idx.name)) {
      return Status::DuplicateTable("relation \"" + idx.name + "\" already exists");
    }
    taken.insert(idx.name);
    for (uint32_t id : idx.column_ids) t.columns[t.ColumnPosition(id)].not_null = true;
    t.primary_key = std::move(idx);
  }
  for (size_t i = 0; i < uniques.size(); i++) {
    const std::vector<std::string>& cols = uniques[i];
    ASSIGN_OR_RETURN(IndexDef idx, MakeIndex(t, cols, {}));
    ASSIGN_OR_RETURN(idx.id, ctx.catalog.AllocateId(ctx.txn));
    idx.unique = idx.constraint = true;
    // Table constraints come first in `uniques`, with their CONSTRAINT names.
    std::string named = i < s.unique_names.size() ? s.unique_names[i] : "";
    idx.name = named.empty() ? ChooseName(*state, t, cols, "key", taken) : named;
    if (taken.contains(idx.name) || RelationExists(*state, idx.name)) {
      return Status::DuplicateTable("relation \"" + idx.name + "\" already exists");
    }
    taken.insert(idx.name);
    t.indexes.push_back(std::move(idx));
  }
  for (const sql::ColumnDefAst& c : s.columns) {
    for (const sql::CheckAst& check : c.checks) RETURN_IF_ERROR(AddCheck(check, c.name, ctx, &t));
  }
  for (const sql::CheckAst& check : s.checks) {
    RETURN_IF_ERROR(AddCheck(check, OnlyColumn(*check.expr), ctx, &t));
  }
  for (const sql::ColumnDefAst& c : s.columns) {
    for (const sql::ForeignKeyAst& fk : c.references) {
      RETURN_IF_ERROR(AddForeignKey(fk, c.name, *state, &t));
    }
  }
  for (const sql::ForeignKeyAst& fk : s.foreign_keys) {
    RETURN_IF_ERROR(AddForeignKey(fk, "", *state, &t));
  }
  RETURN_IF_ERROR(SaveTable(ctx, state, std::move(t)));
  return Tag("CREATE TABLE");
}

Result<QueryResult> ExecuteCreateIndex(const sql::CreateIndexStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  const TableDef* found = state->FindTable(s.table);
  if (found == nullptr)
    return Status::UndefinedTable("relation \"" + s.table + "\" does not exist");
  TableDef t = *found;
  std::vector<std::string> cols;
  std::vector<storage::SortOrder> orders;
  for (const sql::IndexColumn& c : s.columns) {
    cols.push_back(c.name);
    orders.push_back(c.order);
  }
  ASSIGN_OR_RETURN(IndexDef idx, MakeIndex(t, cols, orders, /*constraint=*/false));
  idx.unique = s.unique;
  if (!s.name.empty()) {
    if (RelationExists(*state, s.name)) {
      if (s.if_not_exists) return SkipExisting(ctx, s.name, "CREATE INDEX");
      return Status::DuplicateTable("relation \"" + s.name + "\" already exists");
    }
    idx.name = s.name;
  } else {
    idx.name = ChooseName(*state, t, cols, "idx", {});
  }
  ASSIGN_OR_RETURN(idx.id, ctx.catalog.AllocateId(ctx.txn));
  RETURN_IF_ERROR(AsIndexBuildError(ctx.tables.BuildIndex(ctx.txn, t, idx), idx.name));
  t.indexes.push_back(std::move(idx));
  RETURN_IF_ERROR(SaveTable(ctx, state, std::move(t)));
  return Tag("CREATE INDEX");
}

namespace {

Result<QueryResult> DropSequences(const sql::DropStmt& s, ExecContext& ctx,
                                  catalog::CatalogState* state) {
  for (const std::string& name : s.names) {
    const catalog::SequenceDef* seq = state->FindSequence(name);
    if (seq == nullptr) {
      if (s.if_exists) {
        RaiseNotice(ctx, "sequence \"" + name + "\" does not exist, skipping");
        continue;
      }
      return Status::UndefinedTable("sequence \"" + name + "\" does not exist");
    }
    const TableDef* owner = nullptr;
    for (const auto& [tname, t] : state->tables()) {
      if (t->id == seq->owner_table) owner = t.get();
    }
    int owner_pos = owner != nullptr ? owner->FindColumn(seq->owner_column) : -1;
    if (owner_pos >= 0 && owner->columns[owner_pos].identity != 0) {
      return Status("2BP01", "cannot drop sequence " + name + " because column " +
                                 seq->owner_column + " of table " + owner->name + " requires it")
          .WithHint("You can drop column " + seq->owner_column + " of table " + owner->name +
                    " instead.");
    }
    if (owner != nullptr) {
      return Status("2BP01", "cannot drop sequence " + name + " because other objects depend on it")
          .WithDetail("default value for column " + seq->owner_column + " of table " + owner->name +
                      " depends on sequence " + name);
    }
  }
  for (const std::string& name : s.names) {
    const catalog::SequenceDef* seq = state->FindSequence(name);
    if (seq == nullptr) continue;
    RETURN_IF_ERROR(ctx.catalog.DropSequence(ctx.txn, *seq));
    state->RemoveSequence(name);
  }
  return Tag("DROP SEQUENCE");
}

}  // namespace

Result<QueryResult> ExecuteCreateSequence(const sql::CreateSequenceStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  if (RelationExists(*state, s.name)) {
    if (s.if_not_exists) return SkipExisting(ctx, s.name, "CREATE SEQUENCE");
    return Status::DuplicateTable("relation \"" + s.name + "\" already exists");
  }
  ASSIGN_OR_RETURN(catalog::SequenceDef seq, MakeSequence(s));
  ASSIGN_OR_RETURN(seq.id, ctx.catalog.AllocateId(ctx.txn));
  RETURN_IF_ERROR(ctx.catalog.WriteSequence(ctx.txn, seq));
  state->PutSequence(std::move(seq));
  return Tag("CREATE SEQUENCE");
}

Result<QueryResult> ExecuteDrop(const sql::DropStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  bool is_table = s.object == sql::DropStmt::Object::kTable;
  // Check every name first: PostgreSQL drops all or nothing.
  if (s.object == sql::DropStmt::Object::kSequence) return DropSequences(s, ctx, state);
  if (s.object == sql::DropStmt::Object::kView) return ExecuteDropView(s, ctx);
  for (const std::string& name : s.names) {
    if (is_table) RETURN_IF_ERROR(CheckDropTable(*state, name));  // exec/exec_view.cc
    const TableDef* owner = is_table ? state->FindTable(name) : state->FindIndexOwner(name);
    if (owner == nullptr && s.if_exists) {
      RaiseNotice(ctx, std::string(is_table ? "table" : "index") + " \"" + name +
                           "\" does not exist, skipping");
    }
    if (owner == nullptr && !s.if_exists) {
      std::string message =
          std::string(is_table ? "table" : "index") + " \"" + name + "\" does not exist";
      return is_table ? Status::UndefinedTable(message) : Status::UndefinedObject(message);
    }
    if (!is_table && owner != nullptr && owner->primary_key && owner->primary_key->name == name) {
      return Status("2BP01", "cannot drop index " + name + " because constraint " + name +
                                 " on table " + owner->name + " requires it")
          .WithDetail("You can drop constraint " + name + " on table " + owner->name + " instead.");
    }
    if (!is_table && owner != nullptr) {
      for (const IndexDef& idx : owner->indexes) {
        if (idx.name == name) RETURN_IF_ERROR(CheckIndexDrop(*state, *owner, idx, false));
      }
    }
  }
  if (is_table) RETURN_IF_ERROR(DropReferencingKeys(ctx, state, s.names, s.cascade));
  for (const std::string& name : s.names) {
    if (is_table) {
      const TableDef* t = state->FindTable(name);
      if (t == nullptr) continue;
      // Sequences of its serial and identity columns go with it.
      std::vector<std::string> owned;
      for (const auto& [seq_name, seq] : state->sequences()) {
        if (seq.owner_table == t->id) owned.push_back(seq_name);
      }
      for (const std::string& seq_name : owned) {
        RETURN_IF_ERROR(ctx.catalog.DropSequence(ctx.txn, *state->FindSequence(seq_name)));
        state->RemoveSequence(seq_name);
      }
      RETURN_IF_ERROR(ctx.catalog.DropTable(ctx.txn, *t));
      state->RemoveTable(name);
      continue;
    }
    const TableDef* owner = state->FindIndexOwner(name);
    if (owner == nullptr) continue;
    TableDef t = *owner;
    for (auto it = t.indexes.begin(); it != t.indexes.end(); ++it) {
      if (it->name != name) continue;
      RETURN_IF_ERROR(ctx.catalog.DropIndexData(ctx.txn, it->id));
      t.indexes.erase(it);
      break;
    }
    RETURN_IF_ERROR(SaveTable(ctx, state, std::move(t)));
  }
  return Tag(is_table ? "DROP TABLE" : "DROP INDEX");
}

}  // namespace komodo::exec

namespace komodo::exec {

// TRUNCATE gives each table (and its indexes) new ids, so the old rows are out of sight at once
// and removed by the range delete that DROP uses; it commits or rolls back with the transaction.
Result<QueryResult> ExecuteTruncate(const sql::TruncateStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  for (const std::string& name : s.tables) {
    if (state->FindTable(name) == nullptr) {
      return Status::UndefinedTable("relation \"" + name + "\" does not exist");
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> tables, TruncateTargets(*state, s.tables, s.cascade));
  // The tables CASCADE added come after the named ones.
  for (size_t i = s.tables.size(); i < tables.size(); i++) {
    RaiseNotice(ctx, "truncate cascades to table \"" + tables[i] + "\"");
  }
  for (const std::string& name : tables) {
    TableDef t = *state->FindTable(name);
    RETURN_IF_ERROR(RenewIds(ctx, &t));
    RETURN_IF_ERROR(SaveTable(ctx, state, std::move(t)));
  }
  return Tag("TRUNCATE TABLE");
}

// VACUUM compacts the tables' key ranges in the store (deleted rows leave tombstones behind);
// ANALYZE is accepted: the planner does not use statistics yet.
Result<QueryResult> ExecuteVacuum(const sql::VacuumStmt& s, ExecContext& ctx) {
  const catalog::CatalogState& state = *ctx.state;
  std::vector<const TableDef*> tables;
  for (const std::string& name : s.tables) {
    const TableDef* t = state.FindTable(name);
    if (t == nullptr) return Status::UndefinedTable("relation \"" + name + "\" does not exist");
    tables.push_back(t);
  }
  if (!s.vacuum) return Tag("ANALYZE");
  if (ctx.in_block) {
    return Status("25001", "VACUUM cannot run inside a transaction block");
  }
  if (s.tables.empty()) {
    for (const auto& [name, t] : state.tables()) tables.push_back(t.get());
  }
  for (const TableDef* t : tables) {
    RETURN_IF_ERROR(ctx.tables.Compact(*t));
  }
  return Tag("VACUUM");
}

namespace {

// Reads every row of `old_def` into memory.
Result<std::vector<std::vector<Value>>> ReadAllRows(ExecContext& ctx, const TableDef& old_def) {
  std::vector<std::vector<Value>> rows;
  auto it = ctx.tables.ScanPrimary(ctx.txn, old_def, "", "");
  while (true) {
    ASSIGN_OR_RETURN(bool more, it->Next());
    if (!more) break;
    rows.push_back(it->row());
  }
  return rows;
}

// Rewrites the table under new ids with the rows of `rows` laid out for `t` (a changed primary
// key, or a new column whose default fills existing rows).
Status RewriteTable(ExecContext& ctx, TableDef* t, const std::vector<std::vector<Value>>& rows) {
  RETURN_IF_ERROR(RenewIds(ctx, t));
  for (const auto& row : rows) {
    Status s = ctx.tables.Insert(ctx.txn, *t, row);
    RETURN_IF_ERROR(t->primary_key ? AsIndexBuildError(s, t->primary_key->name) : s);
  }
  return Status::OK();
}

Result<int> FindColumnOrFail(const TableDef& t, const std::string& name) {
  int pos = t.FindColumn(name);
  if (pos < 0) {
    return Status::UndefinedColumn("column \"" + name + "\" of relation \"" + t.name +
                                   "\" does not exist");
  }
  return pos;
}

bool InPrimaryKey(const TableDef& t, uint32_t column_id) {
  if (!t.primary_key) return false;
  for (uint32_t id : t.primary_key->column_ids) {
    if (id == column_id) return true;
  }
  return false;
}

}  // namespace

Result<QueryResult> ExecuteAlterTable(const sql::AlterTableStmt& s, ExecContext& ctx) {
  using Kind = sql::AlterTableStmt::Action::Kind;
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  const TableDef* found = state->FindTable(s.table);
  if (found == nullptr) {
    if (s.if_exists) {
      RaiseNotice(ctx, "relation \"" + s.table + "\" does not exist, skipping");
      return Tag("ALTER TABLE");
    }
    return Status::UndefinedTable("relation \"" + s.table + "\" does not exist");
  }
  TableDef t = *found;
  std::string old_name = t.name;
  std::vector<std::string> to_validate;  // foreign keys added: existing rows are checked last
  for (const sql::AlterTableStmt::Action& a : s.actions) {
    switch (a.kind) {
      case Kind::kAddColumn: {
        const sql::ColumnDefAst& c = a.column;
        if (t.FindColumn(c.name) >= 0) {
          if (a.missing_ok) {
            RaiseNotice(
                ctx,
                "column \"" + c.name + "\" of relation \"" + t.name + "\" already exists, skipping",
                "", "42701");
            break;
          }
          return Status::DuplicateColumn("column \"" + c.name + "\" of relation \"" + t.name +
                                         "\" already exists");
        }
        catalog::ColumnDef col;
        col.id = t.next_column_id++;
        col.name = c.name;
        ASSIGN_OR_RETURN(col.type, sql::ResolveType(c.type));
        ASSIGN_OR_RETURN(col.typmod, sql::ResolveTypmod(c.type, col.type));
        col.not_null = c.not_null;
        col.default_expr = c.default_text;
        if (c.identity != 0) {
          return Status::FeatureNotSupported("ADD COLUMN with an identity is not supported yet");
        }
        if (c.default_expr != nullptr)
          RETURN_IF_ERROR(CheckDefault(*c.default_expr, col.type, ctx));
        ASSIGN_OR_RETURN(auto rows, ReadAllRows(ctx, t));
        TableDef before = t;
        t.columns.push_back(col);
        for (const sql::ForeignKeyAst& fk : c.references) {
          RETURN_IF_ERROR(AddForeignKey(fk, c.name, *state, &t));
          to_validate.push_back(t.foreign_keys.back().name);
        }
        if (rows.empty()) break;
        // Existing rows get the default (evaluated once per row, as PostgreSQL's rewrite does).
        sql::BoundExprPtr def;
        if (c.default_expr != nullptr) {
          std::vector<TypeId> no_params;
          sql::Scope no_columns;
          sql::BindContext bind(ctx.state.get(), &no_params);
          sql::Binder binder(&no_columns, &bind);
          ASSIGN_OR_RETURN(def, binder.Bind(*c.default_expr, col.type));
        }
        if (def == nullptr) {
          if (col.not_null) return ContainsNulls(t, col);
          break;  // rows without the column read it as NULL
        }
        std::vector<Value> no_params;
        for (auto& row : rows) {
          ASSIGN_OR_RETURN(Value v, EvaluateConstant(*def, no_params));
          ASSIGN_OR_RETURN(v, AssignCast(v, col.type, col.typmod));
          if (v.is_null() && col.not_null) return ContainsNulls(t, col);
          row.push_back(std::move(v));
        }
        RETURN_IF_ERROR(RewriteTable(ctx, &t, rows));
        break;
      }
      case Kind::kDropColumn: {
        int pos = t.FindColumn(a.name);
        if (pos < 0) {
          if (a.missing_ok) {
            RaiseNotice(ctx, "column \"" + a.name + "\" of relation \"" + t.name +
                                 "\" does not exist, skipping");
            break;
          }
          RETURN_IF_ERROR(FindColumnOrFail(t, a.name).status());
        }
        uint32_t id = t.columns[pos].id;
        RETURN_IF_ERROR(DropColumnKeys(*state, &t, id));
        if (InPrimaryKey(t, id)) {
          return Status::FeatureNotSupported("dropping a primary-key column is not supported yet");
        }
        // Indexes on the column go with it, as in PostgreSQL.
        for (auto it = t.indexes.begin(); it != t.indexes.end();) {
          bool uses =
              std::find(it->column_ids.begin(), it->column_ids.end(), id) != it->column_ids.end();
          if (!uses) {
            ++it;
            continue;
          }
          RETURN_IF_ERROR(ctx.catalog.DropIndexData(ctx.txn, it->id));
          it = t.indexes.erase(it);
        }
        RETURN_IF_ERROR(DropOwnedSequences(*state, ctx, t, t.columns[pos]));
        t.columns.erase(t.columns.begin() + pos);  // rows keep the old value; it is never read
        break;
      }
      case Kind::kRenameColumn: {
        int pos = t.FindColumn(a.name);
        if (pos < 0) return Status::UndefinedColumn("column \"" + a.name + "\" does not exist");
        if (t.FindColumn(a.new_name) >= 0) {
          return Status::DuplicateColumn("column \"" + a.new_name + "\" of relation \"" + t.name +
                                         "\" already exists");
        }
        RETURN_IF_ERROR(ReownSequences(*state, ctx, t.id, t.id, a.name, a.new_name));
        t.columns[pos].name = a.new_name;
        break;
      }
      case Kind::kRenameTable:
        if (a.new_name != t.name && RelationExists(*state, a.new_name)) {
          return Status::DuplicateTable("relation \"" + a.new_name + "\" already exists");
        }
        t.name = a.new_name;
        break;
      case Kind::kSetNotNull: {
        ASSIGN_OR_RETURN(int pos, FindColumnOrFail(t, a.name));
        ASSIGN_OR_RETURN(auto rows, ReadAllRows(ctx, t));
        for (const auto& row : rows) {
          if (row[pos].is_null()) return ContainsNulls(t, t.columns[pos]);
        }
        t.columns[pos].not_null = true;
        break;
      }
      case Kind::kDropNotNull: {
        ASSIGN_OR_RETURN(int pos, FindColumnOrFail(t, a.name));
        RETURN_IF_ERROR(RefuseIdentityChange(t, t.columns[pos], ""));
        if (InPrimaryKey(t, t.columns[pos].id)) {
          return Status::InvalidTableDefinition("column \"" + a.name + "\" is in a primary key");
        }
        t.columns[pos].not_null = false;
        break;
      }
      case Kind::kSetDefault: {
        ASSIGN_OR_RETURN(int pos, FindColumnOrFail(t, a.name));
        RETURN_IF_ERROR(
            RefuseIdentityChange(t, t.columns[pos],
                                 a.column.default_expr == nullptr
                                     ? "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead."
                                     : ""));
        if (a.column.default_expr != nullptr) {
          RETURN_IF_ERROR(CheckDefault(*a.column.default_expr, t.columns[pos].type, ctx));
        }
        t.columns[pos].default_expr = a.column.default_text;
        break;
      }
      case Kind::kAddIdentity:
      case Kind::kSetIdentity:
      case Kind::kDropIdentity:
        RETURN_IF_ERROR(AlterIdentity(a, *state, ctx, &t));
        break;
      case Kind::kAddPrimaryKey: {
        if (t.primary_key) {
          return Status::InvalidTableDefinition("multiple primary keys for table \"" + t.name +
                                                "\" are not allowed");
        }
        ASSIGN_OR_RETURN(IndexDef idx, MakeIndex(t, a.keys, {}));
        idx.primary = idx.unique = true;
        idx.name = a.new_name.empty() ? ChooseName(*state, t, a.keys, "pkey", {}) : a.new_name;
        if (RelationExists(*state, idx.name)) {
          return Status::DuplicateTable("relation \"" + idx.name + "\" already exists");
        }
        ASSIGN_OR_RETURN(auto rows, ReadAllRows(ctx, t));
        for (uint32_t id : idx.column_ids) {
          int pos = t.ColumnPosition(id);
          for (const auto& row : rows) {
            if (row[pos].is_null()) return ContainsNulls(t, t.columns[pos]);
          }
          t.columns[pos].not_null = true;
        }
        t.primary_key = std::move(idx);
        RETURN_IF_ERROR(RewriteTable(ctx, &t, rows));  // rows are now keyed by the new key
        break;
      }
      case Kind::kAddUnique: {
        ASSIGN_OR_RETURN(IndexDef idx, MakeIndex(t, a.keys, {}));
        idx.unique = idx.constraint = true;
        idx.name = a.new_name.empty() ? ChooseName(*state, t, a.keys, "key", {}) : a.new_name;
        if (RelationExists(*state, idx.name)) {
          return Status::DuplicateTable("relation \"" + idx.name + "\" already exists");
        }
        ASSIGN_OR_RETURN(idx.id, ctx.catalog.AllocateId(ctx.txn));
        RETURN_IF_ERROR(AsIndexBuildError(ctx.tables.BuildIndex(ctx.txn, t, idx), idx.name));
        t.indexes.push_back(std::move(idx));
        break;
      }
      case Kind::kAddCheck: {
        RETURN_IF_ERROR(
            AddCheck(a.column.checks[0], OnlyColumn(*a.column.checks[0].expr), ctx, &t));
        // Existing rows must satisfy it.
        ASSIGN_OR_RETURN(std::vector<BoundCheck> checks, BindChecks(t, *ctx.state));
        ASSIGN_OR_RETURN(auto rows, ReadAllRows(ctx, t));
        std::vector<Value> no_params;
        Runtime rt(&ctx, &no_params);
        for (const auto& row : rows) {
          Status s = EnforceChecks(checks, t, row, rt);
          if (!s.ok()) {
            return Status("23514", "check constraint \"" + t.checks.back().name +
                                       "\" of relation \"" + t.name + "\" is violated by some row");
          }
        }
        break;
      }
      case Kind::kAddForeignKey:
        RETURN_IF_ERROR(AddForeignKey(a.foreign_key, "", *state, &t));
        to_validate.push_back(t.foreign_keys.back().name);
        break;
      case Kind::kDropConstraint: {
        auto fk = std::find_if(t.foreign_keys.begin(), t.foreign_keys.end(),
                               [&](const catalog::ForeignKeyDef& k) { return k.name == a.name; });
        if (fk != t.foreign_keys.end()) {
          t.foreign_keys.erase(fk);
          break;
        }
        auto check = std::find_if(t.checks.begin(), t.checks.end(),
                                  [&](const catalog::CheckDef& c) { return c.name == a.name; });
        if (check != t.checks.end()) {
          t.checks.erase(check);
          break;
        }
        if (t.primary_key && t.primary_key->name == a.name) {
          RETURN_IF_ERROR(CheckIndexDrop(*state, t, *t.primary_key, true));
          ASSIGN_OR_RETURN(auto rows, ReadAllRows(ctx, t));
          t.primary_key.reset();  // rows are keyed by hidden row ids again
          RETURN_IF_ERROR(RewriteTable(ctx, &t, rows));
          break;
        }
        auto it = std::find_if(t.indexes.begin(), t.indexes.end(),
                               [&](const IndexDef& i) { return i.name == a.name && i.unique; });
        if (it == t.indexes.end()) {
          if (a.missing_ok) {
            RaiseNotice(ctx, "constraint \"" + a.name + "\" of relation \"" + t.name +
                                 "\" does not exist, skipping");
            break;
          }
          return Status::UndefinedObject("constraint \"" + a.name + "\" of relation \"" + t.name +
                                         "\" does not exist");
        }
        RETURN_IF_ERROR(CheckIndexDrop(*state, t, *it, true));
        RETURN_IF_ERROR(ctx.catalog.DropIndexData(ctx.txn, it->id));
        t.indexes.erase(it);
        break;
      }
    }
  }
  if (t.name != old_name) {
    RETURN_IF_ERROR(RenameReferences(ctx, state, old_name, &t));
    state->RemoveTable(old_name);
  }
  for (const std::string& name : to_validate) {
    for (const catalog::ForeignKeyDef& fk : t.foreign_keys) {
      if (fk.name == name) RETURN_IF_ERROR(ValidateForeignKey(ctx, *state, t, fk));
    }
  }
  RETURN_IF_ERROR(SaveTable(ctx, state, std::move(t)));
  return Tag("ALTER TABLE");
}

}  // namespace komodo::exec
