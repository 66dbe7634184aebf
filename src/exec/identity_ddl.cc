// Identity columns under ALTER TABLE, and the INSERT/UPDATE rules on them.
#include "common/macros.h"
#include "exec/identity.h"

namespace komodo::exec {

namespace {

std::string ColumnOf(const catalog::TableDef& t, const std::string& column) {
  return "column \"" + column + "\" of relation \"" + t.name + "\"";
}

const catalog::SequenceDef* OwnedSequence(const catalog::CatalogState& state,
                                          const catalog::TableDef& t,
                                          const catalog::ColumnDef& col) {
  for (const auto& [name, seq] : state.sequences()) {
    if (seq.owner_table == t.id && seq.owner_column == col.name) return &seq;
  }
  return nullptr;
}

// SET options: those given replace the sequence's, as ALTER SEQUENCE does; RESTART [WITH n].
Status SetIdentityOptions(const sql::AlterTableStmt::Action& a, ExecContext& ctx,
                          catalog::CatalogState& state, const catalog::SequenceDef& old) {
  const sql::CreateSequenceStmt& o = a.column.identity_options;
  bool changed = o.start || o.increment || o.min || o.max || o.cycle;
  catalog::SequenceDef seq = old;
  if (changed) {
    sql::CreateSequenceStmt merged;
    merged.name = old.name;
    merged.type.name = std::string(TypeName(old.type));
    merged.increment = o.increment.value_or(old.increment);
    merged.min = o.min.value_or(old.min);
    merged.max = o.max.value_or(old.max);
    merged.start = o.start.value_or(old.start);
    merged.cycle = o.cycle || old.cycle;
    ASSIGN_OR_RETURN(seq, MakeSequence(merged));
    seq.id = old.id;
    seq.owner_table = old.owner_table;
    seq.owner_column = old.owner_column;
    RETURN_IF_ERROR(ctx.catalog.WriteSequence(ctx.txn, seq));
  }
  if (a.restart) {
    RETURN_IF_ERROR(ctx.sequences->Set(seq, a.restart_with.value_or(seq.start), false));
  }
  state.PutSequence(std::move(seq));
  return Status::OK();
}

}  // namespace

Status AlterIdentity(const sql::AlterTableStmt::Action& a, catalog::CatalogState& state,
                     ExecContext& ctx, catalog::TableDef* t) {
  using Kind = sql::AlterTableStmt::Action::Kind;
  int pos = t->FindColumn(a.name);
  if (pos < 0) return Status::UndefinedColumn(ColumnOf(*t, a.name) + " does not exist");
  catalog::ColumnDef& col = t->columns[pos];
  if (a.kind == Kind::kAddIdentity) {
    if (col.type != TypeId::kInt2 && col.type != TypeId::kInt4 && col.type != TypeId::kInt8) {
      return Status::InvalidParameter("identity column type must be smallint, integer, or bigint");
    }
    if (!col.not_null) {
      return Status("55000", ColumnOf(*t, a.name) +
                                 " must be declared NOT NULL before identity can be added");
    }
    if (col.identity != 0) {
      return Status("55000", ColumnOf(*t, a.name) + " is already an identity column");
    }
    if (!col.default_expr.empty()) {
      return Status("55000", ColumnOf(*t, a.name) + " already has a default value");
    }
    sql::ColumnDefAst c;
    c.name = col.name;
    c.identity = a.column.identity;
    c.identity_options = a.column.identity_options;
    std::set<std::string> taken{t->name};
    return AddOwnedSequence(c, state, ctx, t, &col, &taken);
  }
  if (col.identity == 0) {
    if (a.kind == Kind::kDropIdentity && a.missing_ok) return Status::OK();
    return Status("55000", ColumnOf(*t, a.name) + " is not an identity column");
  }
  const catalog::SequenceDef* seq = OwnedSequence(state, *t, col);
  if (seq == nullptr) return Status::Internal("identity column without its sequence");
  if (a.kind == Kind::kDropIdentity) {
    // The sequence goes with the identity; NOT NULL stays, as in PostgreSQL.
    std::string name = seq->name;
    RETURN_IF_ERROR(ctx.catalog.DropSequence(ctx.txn, *seq));
    state.RemoveSequence(name);
    col.identity = 0;
    col.default_expr.clear();
    return Status::OK();
  }
  if (a.column.identity != 0) col.identity = a.column.identity;
  return SetIdentityOptions(a, ctx, state, *seq);
}

Status RefuseIdentityChange(const catalog::TableDef& t, const catalog::ColumnDef& col,
                            const std::string& hint) {
  if (col.identity == 0) return Status::OK();
  Status s = Status::SyntaxError(ColumnOf(t, col.name) + " is an identity column");
  if (!hint.empty()) return std::move(s).WithHint(hint);
  return s;
}

Status DropOwnedSequences(catalog::CatalogState& state, ExecContext& ctx,
                          const catalog::TableDef& t, const catalog::ColumnDef& col) {
  std::vector<std::string> owned;
  for (const auto& [name, seq] : state.sequences()) {
    if (seq.owner_table == t.id && seq.owner_column == col.name) owned.push_back(name);
  }
  for (const std::string& name : owned) {
    RETURN_IF_ERROR(ctx.catalog.DropSequence(ctx.txn, *state.FindSequence(name)));
    state.RemoveSequence(name);
  }
  return Status::OK();
}

Status ReownSequences(catalog::CatalogState& state, ExecContext& ctx, uint32_t old_id,
                      uint32_t new_id, const std::string& old_column,
                      const std::string& new_column) {
  std::vector<catalog::SequenceDef> moved;
  for (const auto& [name, seq] : state.sequences()) {
    if (seq.owner_table != old_id) continue;
    if (!old_column.empty() && seq.owner_column != old_column) continue;
    catalog::SequenceDef m = seq;
    m.owner_table = new_id;
    if (!new_column.empty()) m.owner_column = new_column;
    moved.push_back(std::move(m));
  }
  for (catalog::SequenceDef& seq : moved) {
    RETURN_IF_ERROR(ctx.catalog.WriteSequence(ctx.txn, seq));
    state.PutSequence(std::move(seq));
  }
  return Status::OK();
}

Status CheckIdentityInsert(const catalog::ColumnDef& col) {
  if (col.identity != 'a') return Status::OK();
  return Status("428C9", "cannot insert a non-DEFAULT value into column \"" + col.name + "\"")
      .WithDetail("Column \"" + col.name + "\" is an identity column defined as GENERATED ALWAYS.")
      .WithHint("Use OVERRIDING SYSTEM VALUE to override.");
}

Status CheckIdentityUpdate(const catalog::ColumnDef& col) {
  if (col.identity != 'a') return Status::OK();
  return Status("428C9", "column \"" + col.name + "\" can only be updated to DEFAULT")
      .WithDetail("Column \"" + col.name + "\" is an identity column defined as GENERATED ALWAYS.");
}

}  // namespace komodo::exec
