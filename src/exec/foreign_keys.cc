#include "exec/foreign_keys.h"

#include <algorithm>
#include <set>

#include "common/macros.h"
#include "exec/executor.h"
#include "storage/key_codec.h"
#include "types/compare.h"

namespace komodo::exec {

using catalog::ForeignKeyDef;
using catalog::IndexDef;
using catalog::TableDef;

namespace {

bool IsInteger(TypeId t) { return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8; }
bool IsFloat(TypeId t) { return t == TypeId::kFloat4 || t == TypeId::kFloat8; }
bool IsString(TypeId t) {
  return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kBpchar;
}
bool IsDateTime(TypeId t) {
  return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
}

// PostgreSQL accepts a key when the referenced index's operator family has an equality operator
// for the referencing type, or the referencing type converts to the referenced one implicitly.
bool TypesCompatible(TypeId child, TypeId parent) {
  if (child == parent) return true;
  if ((IsInteger(child) && IsInteger(parent)) || (IsFloat(child) && IsFloat(parent)) ||
      (IsString(child) && IsString(parent)) || (IsDateTime(child) && IsDateTime(parent))) {
    return true;
  }
  std::optional<CastContext> cast = FindCast(child, parent);
  return cast.has_value() && *cast == CastContext::kImplicit;
}

std::vector<Value> KeyValues(const TableDef& t, const std::vector<uint32_t>& ids, const Row& row) {
  std::vector<Value> out;
  for (uint32_t id : ids) out.push_back(row[t.ColumnPosition(id)]);
  return out;
}

bool HasNull(const std::vector<Value>& vals) {
  return std::any_of(vals.begin(), vals.end(), [](const Value& v) { return v.is_null(); });
}

bool SameKey(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t i = 0; i < a.size(); i++) {
    if (a[i].is_null() != b[i].is_null()) return false;
    if (!a[i].is_null() && CompareValues(a[i], b[i]) != 0) return false;
  }
  return true;
}

// "Key (a, b)=(1, 2)"
std::string KeyText(const TableDef& t, const std::vector<uint32_t>& ids,
                    const std::vector<Value>& vals) {
  std::string cols, text;
  for (size_t i = 0; i < ids.size(); i++) {
    if (i > 0) cols += ", ", text += ", ";
    cols += t.columns[t.ColumnPosition(ids[i])].name;
    text += vals[i].is_null() ? "null" : vals[i].ToText();
  }
  return "Key (" + cols + ")=(" + text + ")";
}

Status NotPresent(const TableDef& child, const ForeignKeyDef& fk, const std::vector<Value>& vals) {
  return Status("23503", "insert or update on table \"" + child.name +
                             "\" violates foreign key constraint \"" + fk.name + "\"")
      .WithDetail(KeyText(child, fk.column_ids, vals) + " is not present in table \"" +
                  fk.ref_table + "\".");
}

// MATCH SIMPLE skips a key with any NULL; MATCH FULL skips an all-NULL key and refuses a mixed
// one.
Result<bool> SkipKey(const TableDef& child, const ForeignKeyDef& fk,
                     const std::vector<Value>& vals) {
  if (!HasNull(vals)) return false;
  if (!fk.match_full ||
      std::all_of(vals.begin(), vals.end(), [](const Value& v) { return v.is_null(); })) {
    return true;
  }
  return Status("23503", "insert or update on table \"" + child.name +
                             "\" violates foreign key constraint \"" + fk.name + "\"")
      .WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.");
}

Status StillReferenced(const TableDef& parent, const TableDef& child, const ForeignKeyDef& fk,
                       const std::vector<Value>& vals) {
  return Status("23503", "update or delete on table \"" + parent.name +
                             "\" violates foreign key constraint \"" + fk.name + "\" on table \"" +
                             child.name + "\"")
      .WithDetail(KeyText(parent, fk.ref_column_ids, vals) + " is still referenced from table \"" +
                  child.name + "\".");
}

// Whether the referenced table holds the key `vals` (one value per referenced column, of any
// compatible type), locking it until commit; reads the latest committed state.
Result<bool> ParentHasKey(ExecContext& ctx, const TableDef& parent, const ForeignKeyDef& fk,
                          const std::vector<Value>& vals) {
  const IndexDef* idx = ReferencedIndex(parent, fk.ref_column_ids);
  if (idx == nullptr) {
    return Status::Internal("foreign key \"" + fk.name + "\" has no referenced index");
  }
  Row prow;
  for (const catalog::ColumnDef& c : parent.columns) prow.push_back(Value::Null(c.type));
  for (size_t i = 0; i < vals.size(); i++) {
    int pos = parent.ColumnPosition(fk.ref_column_ids[i]);
    Result<Value> v = CastValue(vals[i], parent.columns[pos].type);
    if (!v.ok()) return false;  // out of the referenced type's range: no row has it
    prow[pos] = std::move(*v);
  }
  ASSIGN_OR_RETURN(std::optional<std::string> key,
                   ctx.tables.FindConflict(ctx.txn, parent, *idx, prow));
  return key.has_value();
}

struct StoredRow {
  std::string key;
  Row row;
};

// The rows of `child` whose key columns of `fk` equal `vals` (the referenced table's values),
// through an index that starts with those columns when there is one.
Result<std::vector<StoredRow>> ReferencingRows(ExecContext& ctx, storage::Transaction& txn,
                                               const TableDef& child, const ForeignKeyDef& fk,
                                               const std::vector<Value>& vals) {
  std::vector<StoredRow> out;
  std::vector<Value> want;
  for (size_t i = 0; i < vals.size(); i++) {
    const catalog::ColumnDef& c = child.columns[child.ColumnPosition(fk.column_ids[i])];
    Result<Value> v = CastValue(vals[i], c.type);
    if (!v.ok()) return out;  // no referencing value can equal it
    want.push_back(std::move(*v));
  }
  std::set<uint32_t> key_cols(fk.column_ids.begin(), fk.column_ids.end());
  std::vector<const IndexDef*> candidates;
  if (child.primary_key) candidates.push_back(&*child.primary_key);
  for (const IndexDef& idx : child.indexes) candidates.push_back(&idx);
  std::unique_ptr<table::RowIterator> it;
  for (const IndexDef* idx : candidates) {
    size_t n = fk.column_ids.size();
    if (idx->column_ids.size() < n ||
        std::set<uint32_t>(idx->column_ids.begin(), idx->column_ids.begin() + n) != key_cols) {
      continue;
    }
    std::vector<Value> ordered;
    for (size_t j = 0; j < n; j++) {
      size_t k = std::find(fk.column_ids.begin(), fk.column_ids.end(), idx->column_ids[j]) -
                 fk.column_ids.begin();
      ordered.push_back(want[k]);
    }
    std::string lower = table::TableStore::EncodeIndexPrefix(*idx, ordered);
    std::string upper = storage::PrefixSuccessor(lower);
    it = idx->primary ? ctx.tables.ScanPrimary(txn, child, lower, upper)
                      : ctx.tables.ScanIndex(txn, child, *idx, lower, upper);
    break;
  }
  if (it == nullptr) it = ctx.tables.ScanPrimary(txn, child, "", "");
  while (true) {
    RETURN_IF_ERROR(CheckInterrupts(ctx));
    ASSIGN_OR_RETURN(bool more, it->Next());
    if (!more) break;
    std::vector<Value> have = KeyValues(child, fk.column_ids, it->row());
    if (HasNull(have) || !SameKey(have, want)) continue;
    out.push_back({it->key(), it->row()});
  }
  return out;
}

// REPEATABLE READ keeps the transaction's snapshot, so a referencing row that another
// transaction committed after it (waiting for no lock of ours) is looked for in the latest
// committed state: one that this transaction did not delete itself is returned.
Result<std::vector<StoredRow>> NewerReferencingRows(ExecContext& ctx, const TableDef& child,
                                                    const ForeignKeyDef& fk,
                                                    const std::vector<Value>& vals,
                                                    const std::vector<StoredRow>& seen) {
  std::unique_ptr<storage::Transaction> latest = ctx.tables.BeginReadTransaction();
  ASSIGN_OR_RETURN(std::vector<StoredRow> rows, ReferencingRows(ctx, *latest, child, fk, vals));
  std::vector<StoredRow> out;
  for (StoredRow& r : rows) {
    bool known =
        std::any_of(seen.begin(), seen.end(), [&](const StoredRow& s) { return s.key == r.key; });
    if (known) continue;
    std::string record;
    ASSIGN_OR_RETURN(bool live, ctx.txn.LockAndGetLatest(r.key, &record));
    if (live) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<std::pair<const TableDef*, const ForeignKeyDef*>> ReferencingKeys(
    const catalog::CatalogState& state, const std::string& table) {
  std::vector<std::pair<const TableDef*, const ForeignKeyDef*>> out;
  for (const auto& [name, t] : state.tables()) {
    for (const ForeignKeyDef& fk : t->foreign_keys) {
      if (fk.ref_table == table) out.emplace_back(t.get(), &fk);
    }
  }
  return out;
}

const IndexDef* ReferencedIndex(const TableDef& parent, const std::vector<uint32_t>& ids) {
  std::set<uint32_t> want(ids.begin(), ids.end());
  if (want.size() != ids.size()) return nullptr;
  if (parent.primary_key &&
      std::set<uint32_t>(parent.primary_key->column_ids.begin(),
                         parent.primary_key->column_ids.end()) == want &&
      parent.primary_key->column_ids.size() == ids.size()) {
    return &*parent.primary_key;
  }
  for (const IndexDef& idx : parent.indexes) {
    if (idx.unique && idx.column_ids.size() == ids.size() &&
        std::set<uint32_t>(idx.column_ids.begin(), idx.column_ids.end()) == want) {
      return &idx;
    }
  }
  return nullptr;
}

Status AddForeignKey(const sql::ForeignKeyAst& ast, const std::string& column,
                     const catalog::CatalogState& state, TableDef* t) {
  ForeignKeyDef fk;
  std::vector<std::string> cols = ast.columns;
  if (cols.empty()) cols.push_back(column);
  for (const std::string& c : cols) {
    int pos = t->FindColumn(c);
    if (pos < 0) {
      return Status::UndefinedColumn("column \"" + c +
                                     "\" referenced in foreign key constraint does not exist");
    }
    fk.column_ids.push_back(t->columns[pos].id);
  }
  const TableDef* parent = ast.ref_table == t->name ? t : state.FindTable(ast.ref_table);
  if (parent == nullptr) {
    return Status::UndefinedTable("relation \"" + ast.ref_table + "\" does not exist");
  }
  fk.ref_table = parent->name;
  if (ast.ref_columns.empty()) {
    if (!parent->primary_key) {
      return Status("42830",
                    "there is no primary key for referenced table \"" + parent->name + "\"");
    }
    fk.ref_column_ids = parent->primary_key->column_ids;
  } else {
    for (const std::string& c : ast.ref_columns) {
      int pos = parent->FindColumn(c);
      if (pos < 0) {
        return Status::UndefinedColumn("column \"" + c +
                                       "\" referenced in foreign key constraint does not exist");
      }
      fk.ref_column_ids.push_back(parent->columns[pos].id);
    }
    if (ReferencedIndex(*parent, fk.ref_column_ids) == nullptr) {
      return Status("42830",
                    "there is no unique constraint matching given keys for referenced "
                    "table \"" +
                        parent->name + "\"");
    }
  }
  if (fk.column_ids.size() != fk.ref_column_ids.size()) {
    return Status("42830", "number of referencing and referenced columns for foreign key disagree");
  }
  fk.name = ast.name;
  auto taken = [&](const std::string& name) {
    for (const catalog::CheckDef& c : t->checks) {
      if (c.name == name) return true;
    }
    for (const ForeignKeyDef& f : t->foreign_keys) {
      if (f.name == name) return true;
    }
    if (t->primary_key && t->primary_key->name == name) return true;
    for (const IndexDef& idx : t->indexes) {
      if (idx.name == name) return true;
    }
    return false;
  };
  if (fk.name.empty()) {
    std::string base = t->name;
    for (const std::string& c : cols) base += "_" + c;
    base += "_fkey";
    fk.name = base;
    for (int n = 1; taken(fk.name); n++) fk.name = base + std::to_string(n);
  } else if (taken(fk.name)) {
    return Status("42710",
                  "constraint \"" + fk.name + "\" for relation \"" + t->name + "\" already exists");
  }
  for (size_t i = 0; i < fk.column_ids.size(); i++) {
    const catalog::ColumnDef& c = t->columns[t->ColumnPosition(fk.column_ids[i])];
    const catalog::ColumnDef& r = parent->columns[parent->ColumnPosition(fk.ref_column_ids[i])];
    if (!TypesCompatible(c.type, r.type)) {
      return Status::DatatypeMismatch("foreign key constraint \"" + fk.name +
                                      "\" cannot be implemented")
          .WithDetail("Key columns \"" + c.name + "\" and \"" + r.name +
                      "\" are of incompatible types: " + std::string(TypeName(c.type)) + " and " +
                      std::string(TypeName(r.type)) + ".");
    }
  }
  fk.on_update = ast.on_update;
  fk.on_delete = ast.on_delete;
  fk.match_full = ast.match_full;
  t->foreign_keys.push_back(std::move(fk));
  return Status::OK();
}

Status ValidateForeignKey(ExecContext& ctx, const catalog::CatalogState& state, const TableDef& t,
                          const ForeignKeyDef& fk) {
  const TableDef* parent = fk.ref_table == t.name ? &t : state.FindTable(fk.ref_table);
  if (parent == nullptr) return Status::Internal("referenced table is missing");
  auto it = ctx.tables.ScanPrimary(ctx.txn, t, "", "");
  while (true) {
    RETURN_IF_ERROR(CheckInterrupts(ctx));
    ASSIGN_OR_RETURN(bool more, it->Next());
    if (!more) break;
    std::vector<Value> vals = KeyValues(t, fk.column_ids, it->row());
    ASSIGN_OR_RETURN(bool skip, SkipKey(t, fk, vals));
    if (skip) continue;
    ASSIGN_OR_RETURN(bool found, ParentHasKey(ctx, *parent, fk, vals));
    if (!found) return NotPresent(t, fk, vals);
  }
  return Status::OK();
}

ForeignKeys::ForeignKeys(Runtime& rt, const catalog::CatalogState& state) : rt_(rt), state_(state) {
  for (const auto& [name, t] : state.tables()) {
    for (const ForeignKeyDef& fk : t->foreign_keys) referenced_.insert(fk.ref_table);
  }
  any_ = !referenced_.empty();
}

Status ForeignKeys::RowInserted(const TableDef& t, const Row& row) {
  if (!any_ || t.foreign_keys.empty()) return Status::OK();
  queue_.push_back({&t, {}, Row(row.begin(), row.begin() + t.columns.size())});
  return Status::OK();
}

Status ForeignKeys::RowUpdated(const TableDef& t, const Row& old_row, const Row& new_row) {
  if (!any_ || (t.foreign_keys.empty() && referenced_.count(t.name) == 0)) return Status::OK();
  queue_.push_back({&t, Row(old_row.begin(), old_row.begin() + t.columns.size()),
                    Row(new_row.begin(), new_row.begin() + t.columns.size())});
  return Status::OK();
}

Status ForeignKeys::RowDeleted(const TableDef& t, const Row& old_row) {
  if (!any_ || referenced_.count(t.name) == 0) return Status::OK();
  queue_.push_back({&t, Row(old_row.begin(), old_row.begin() + t.columns.size()), {}});
  return Status::OK();
}

Status ForeignKeys::Finish() {
  // Each event may queue more (a cascaded change of a referencing row): run until none is left.
  for (size_t i = 0; i < queue_.size(); i++) {
    Event e = queue_[i];
    if (!e.new_row.empty()) {
      RETURN_IF_ERROR(
          CheckReferences(*e.table, e.new_row, e.old_row.empty() ? nullptr : &e.old_row));
    }
    if (!e.old_row.empty()) RETURN_IF_ERROR(ApplyToReferencing(e));
  }
  queue_.clear();
  return Status::OK();
}

Status ForeignKeys::CheckReferences(const TableDef& t, const Row& row, const Row* old_row) {
  for (const ForeignKeyDef& fk : t.foreign_keys) {
    std::vector<Value> vals = KeyValues(t, fk.column_ids, row);
    ASSIGN_OR_RETURN(bool skip, SkipKey(t, fk, vals));
    if (skip) continue;
    if (old_row != nullptr && SameKey(vals, KeyValues(t, fk.column_ids, *old_row))) continue;
    const TableDef* parent = state_.FindTable(fk.ref_table);
    if (parent == nullptr) return Status::Internal("referenced table is missing");
    ASSIGN_OR_RETURN(bool found, ParentHasKey(*rt_.ctx, *parent, fk, vals));
    if (!found) return NotPresent(t, fk, vals);
  }
  return Status::OK();
}

Result<const std::vector<BoundCheck>*> ForeignKeys::Checks(const TableDef& t) {
  auto it = checks_.find(&t);
  if (it == checks_.end()) {
    ASSIGN_OR_RETURN(std::vector<BoundCheck> bound, BindChecks(t, state_));
    it = checks_.emplace(&t, std::move(bound)).first;
  }
  return &it->second;
}

Status ForeignKeys::ApplyToReferencing(const Event& e) {
  const TableDef& parent = *e.table;
  ExecContext& ctx = *rt_.ctx;
  bool deleted = e.new_row.empty();
  for (const auto& [child, fk] : ReferencingKeys(state_, parent.name)) {
    std::vector<Value> old_key = KeyValues(parent, fk->ref_column_ids, e.old_row);
    if (HasNull(old_key)) continue;
    std::vector<Value> new_key;
    if (!deleted) {
      new_key = KeyValues(parent, fk->ref_column_ids, e.new_row);
      if (SameKey(old_key, new_key)) continue;
    }
    char action = deleted ? fk->on_delete : fk->on_update;
    if (action == 'a') {
      // NO ACTION: nothing to do when another row now holds the key.
      ASSIGN_OR_RETURN(bool still, ParentHasKey(ctx, parent, *fk, old_key));
      if (still) continue;
    }
    if (!refreshed_ && !ctx.repeatable_read) {
      // Every referenced row this statement changes is locked by now: a referencing row that a
      // concurrent transaction added under such a lock has committed, and must be seen.
      ctx.txn.RefreshSnapshot();
      refreshed_ = true;
    }
    ASSIGN_OR_RETURN(std::vector<StoredRow> rows,
                     ReferencingRows(ctx, ctx.txn, *child, *fk, old_key));
    if (ctx.repeatable_read) {
      ASSIGN_OR_RETURN(std::vector<StoredRow> newer,
                       NewerReferencingRows(ctx, *child, *fk, old_key, rows));
      if (!newer.empty()) {
        if (action == 'a' || action == 'r') return StillReferenced(parent, *child, *fk, old_key);
        return Status::SerializationFailure("could not serialize access due to concurrent update");
      }
    }
    if (rows.empty()) continue;
    if (action == 'a' || action == 'r') return StillReferenced(parent, *child, *fk, old_key);
    for (const StoredRow& r : rows) {
      ASSIGN_OR_RETURN(std::optional<Row> latest, ctx.tables.LockRow(ctx.txn, *child, r.key));
      if (!latest) continue;
      std::vector<Value> now = KeyValues(*child, fk->column_ids, *latest);
      if (HasNull(now) || !SameKey(now, KeyValues(*child, fk->column_ids, r.row))) continue;
      if (deleted && action == 'c') {
        RETURN_IF_ERROR(ctx.tables.Delete(ctx.txn, *child, r.key, *latest));
        queue_.push_back({child, *latest, {}});
        continue;
      }
      Row updated = *latest;
      for (size_t i = 0; i < fk->column_ids.size(); i++) {
        int pos = child->ColumnPosition(fk->column_ids[i]);
        const catalog::ColumnDef& col = child->columns[pos];
        Value v = Value::Null(col.type);
        if (action == 'c') {
          v = new_key[i];
        } else if (action == 'd') {
          ASSIGN_OR_RETURN(sql::BoundExprPtr def, BindDefault(col, state_));
          if (def != nullptr) {
            ASSIGN_OR_RETURN(v, Evaluate(*def, Row(), rt_));
          }
        }
        ASSIGN_OR_RETURN(updated[pos], AssignCast(v, col.type, col.typmod));
      }
      RETURN_IF_ERROR(CheckNotNull(*child, updated));
      ASSIGN_OR_RETURN(const std::vector<BoundCheck>* checks, Checks(*child));
      RETURN_IF_ERROR(EnforceChecks(*checks, *child, updated, rt_));
      RETURN_IF_ERROR(ctx.tables.Update(ctx.txn, *child, r.key, *latest, updated));
      queue_.push_back({child, *latest, updated});
    }
    if (action == 'd') {
      // A default equal to the removed key leaves the rows referencing it (unchanged, so not
      // checked again): PostgreSQL looks again and refuses.
      ASSIGN_OR_RETURN(std::vector<StoredRow> left,
                       ReferencingRows(ctx, ctx.txn, *child, *fk, old_key));
      if (!left.empty()) return StillReferenced(parent, *child, *fk, old_key);
    }
  }
  return Status::OK();
}

}  // namespace komodo::exec
