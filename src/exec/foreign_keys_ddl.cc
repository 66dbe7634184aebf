// Foreign keys under DROP TABLE, TRUNCATE, DROP COLUMN, DROP CONSTRAINT/INDEX and RENAME.
#include <algorithm>
#include <map>
#include <set>

#include "common/macros.h"
#include "exec/executor.h"
#include "exec/foreign_keys.h"

namespace komodo::exec {

using catalog::ForeignKeyDef;
using catalog::IndexDef;
using catalog::TableDef;

namespace {

const char kCascadeHint[] = "Use DROP ... CASCADE to drop the dependent objects too.";

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Status DropReferencingKeys(ExecContext& ctx, catalog::CatalogState* state,
                           const std::vector<std::string>& names, bool cascade) {
  std::string detail;
  std::vector<std::string> cascaded;        // "constraint k on table c", for the notice
  std::map<std::string, TableDef> changed;  // referencing tables, their keys dropped
  for (const std::string& name : names) {
    for (const auto& [child, fk] : ReferencingKeys(*state, name)) {
      if (Contains(names, child->name)) continue;
      if (!cascade) {
        if (!detail.empty()) detail += "\n";
        detail +=
            "constraint " + fk->name + " on table " + child->name + " depends on table " + name;
        continue;
      }
      cascaded.push_back("constraint " + fk->name + " on table " + child->name);
      auto it = changed.try_emplace(child->name, *child).first;
      auto& keys = it->second.foreign_keys;
      std::string fk_name = fk->name;
      keys.erase(std::remove_if(keys.begin(), keys.end(),
                                [&](const ForeignKeyDef& k) { return k.name == fk_name; }),
                 keys.end());
    }
    if (!detail.empty()) {
      return Status("2BP01", "cannot drop table " + name + " because other objects depend on it")
          .WithDetail(detail)
          .WithHint(kCascadeHint);
    }
  }
  // PostgreSQL's notice: one object in the message, several counted with a DETAIL line each.
  if (cascaded.size() == 1) {
    RaiseNotice(ctx, "drop cascades to " + cascaded[0]);
  } else if (cascaded.size() > 1) {
    std::string lines;
    for (const std::string& c : cascaded)
      lines += (lines.empty() ? "" : "\n") + ("drop cascades to " + c);
    RaiseNotice(ctx, "drop cascades to " + std::to_string(cascaded.size()) + " other objects",
                std::move(lines));
  }
  for (auto& [name, t] : changed) {
    RETURN_IF_ERROR(ctx.catalog.WriteTable(ctx.txn, t));
    state->PutTable(std::move(t));
  }
  return Status::OK();
}

Result<std::vector<std::string>> TruncateTargets(const catalog::CatalogState& state,
                                                 const std::vector<std::string>& names,
                                                 bool cascade) {
  std::vector<std::string> out = names;
  for (size_t i = 0; i < out.size(); i++) {
    for (const auto& [child, fk] : ReferencingKeys(state, out[i])) {
      if (Contains(out, child->name)) continue;
      if (!cascade) {
        return Status::FeatureNotSupported(
                   "cannot truncate a table referenced in a foreign key constraint")
            .WithDetail("Table \"" + child->name + "\" references \"" + out[i] + "\".")
            .WithHint("Truncate table \"" + child->name +
                      "\" at the same time, or use TRUNCATE ... CASCADE.");
      }
      out.push_back(child->name);
    }
  }
  return out;
}

Status DropColumnKeys(const catalog::CatalogState& state, TableDef* t, uint32_t column_id) {
  const std::string& column = t->columns[t->ColumnPosition(column_id)].name;
  auto depends = [&](const ForeignKeyDef& fk, const std::string& child) {
    return Status("2BP01", "cannot drop column " + column + " of table " + t->name +
                               " because other objects depend on it")
        .WithDetail("constraint " + fk.name + " on table " + child + " depends on column " +
                    column + " of table " + t->name)
        .WithHint(kCascadeHint);
  };
  auto uses = [](const std::vector<uint32_t>& ids, uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const auto& [child, fk] : ReferencingKeys(state, t->name)) {
    if (child->name == t->name) continue;  // t's own keys are checked below, as being altered
    if (uses(fk->ref_column_ids, column_id)) return depends(*fk, child->name);
  }
  for (const ForeignKeyDef& fk : t->foreign_keys) {
    if (fk.ref_table == t->name && uses(fk.ref_column_ids, column_id) &&
        !uses(fk.column_ids, column_id)) {
      return depends(fk, t->name);
    }
  }
  // A table's own constraint on the column goes with it, as in PostgreSQL.
  auto& keys = t->foreign_keys;
  keys.erase(
      std::remove_if(keys.begin(), keys.end(),
                     [&](const ForeignKeyDef& fk) {
                       return uses(fk.column_ids, column_id) ||
                              (fk.ref_table == t->name && uses(fk.ref_column_ids, column_id));
                     }),
      keys.end());
  return Status::OK();
}

Status CheckIndexDrop(const catalog::CatalogState& state, const TableDef& t, const IndexDef& index,
                      bool constraint) {
  std::vector<std::pair<std::string, const ForeignKeyDef*>> keys;
  for (const auto& [child, fk] : ReferencingKeys(state, t.name)) {
    if (child->name != t.name) keys.emplace_back(child->name, fk);
  }
  for (const ForeignKeyDef& fk : t.foreign_keys) {
    if (fk.ref_table == t.name) keys.emplace_back(t.name, &fk);
  }
  for (const auto& [child, fk] : keys) {
    const IndexDef* used = ReferencedIndex(t, fk->ref_column_ids);
    if (used == nullptr || used->id != index.id || used->name != index.name) continue;
    std::string what =
        constraint ? "constraint " + index.name + " on table " + t.name : "index " + index.name;
    return Status("2BP01", "cannot drop " + what + " because other objects depend on it")
        .WithDetail("constraint " + fk->name + " on table " + child + " depends on index " +
                    index.name)
        .WithHint(kCascadeHint);
  }
  return Status::OK();
}

Status RenameReferences(ExecContext& ctx, catalog::CatalogState* state, const std::string& old_name,
                        TableDef* t) {
  for (ForeignKeyDef& fk : t->foreign_keys) {
    if (fk.ref_table == old_name) fk.ref_table = t->name;
  }
  std::vector<TableDef> changed;
  for (const auto& [child, fk] : ReferencingKeys(*state, old_name)) {
    if (child->name == old_name) continue;  // t itself, done above
    bool seen = false;
    for (const TableDef& c : changed) seen |= c.name == child->name;
    if (!seen) changed.push_back(*child);
  }
  for (TableDef& c : changed) {
    for (ForeignKeyDef& fk : c.foreign_keys) {
      if (fk.ref_table == old_name) fk.ref_table = t->name;
    }
    RETURN_IF_ERROR(ctx.catalog.WriteTable(ctx.txn, c));
    state->PutTable(std::move(c));
  }
  return Status::OK();
}

}  // namespace komodo::exec
