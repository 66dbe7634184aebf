// INSERT ... VALUES / SELECT, UPDATE and DELETE, with RETURNING.
#include <functional>
#include <set>
#include <unordered_set>

#include "common/macros.h"
#include "exec/evaluate.h"
#include "exec/exec_view.h"
#include "exec/executor.h"
#include "exec/foreign_keys.h"
#include "exec/identity.h"
#include "exec/operators.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"
#include "sql/planner/planner.h"
#include "types/compare.h"

namespace komodo::exec {

namespace {

std::string FailingRow(const std::vector<Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); i++) {
    if (i > 0) out += ", ";
    out += row[i].is_null() ? "null" : row[i].ToText();
  }
  return "Failing row contains (" + out + ").";
}

// The expression's type must convert to the column's in an assignment (PostgreSQL 42804).
Status CheckAssignable(const catalog::ColumnDef& col, const sql::BoundExpr& e) {
  if (e.type == TypeId::kUnknown || e.type == col.type) return Status::OK();
  if (FindCast(e.type, col.type).has_value() &&
      *FindCast(e.type, col.type) != CastContext::kExplicit) {
    return Status::OK();
  }
  return Status::DatatypeMismatch("column \"" + col.name + "\" is of type " +
                                  std::string(TypeName(col.type)) + " but expression is of type " +
                                  std::string(TypeName(e.type)))
      .WithPosition(e.location + 1)
      .WithDetail("You will need to rewrite or cast the expression.");
}

Result<const catalog::TableDef*> FindTarget(const catalog::CatalogState& state,
                                            const std::string& name, int location) {
  const catalog::TableDef* t = state.FindTable(name);
  if (t == nullptr) {
    return Status::UndefinedTable("relation \"" + name + "\" does not exist")
        .WithPosition(location + 1);
  }
  return t;
}

// RETURNING: expressions bound against `scope`, evaluated on each changed row.
struct Returning {
  std::vector<sql::BoundExprPtr> exprs;
  std::vector<ColumnInfo> columns;
  std::vector<Row> rows;

  Status Bind(const std::vector<sql::SelectTarget>& targets, const sql::Scope& scope,
              sql::BindContext* ctx) {
    sql::Binder binder(&scope, ctx);
    binder.set_clause("RETURNING");
    for (const sql::SelectTarget& t : targets) {
      if (t.expr->kind == sql::Expr::Kind::kStar) {
        for (size_t i = 0; i < scope.columns.size(); i++) {
          const sql::ScopeColumn& c = scope.columns[i];
          if (c.system || (!t.expr->qualifier.empty() && c.table != t.expr->qualifier)) continue;
          if (t.expr->qualifier.empty() && c.hidden) continue;
          auto col = std::make_unique<sql::BoundExpr>();
          col->kind = sql::BoundExpr::Kind::kColumn;
          col->column = static_cast<int>(i);
          col->type = c.type;
          exprs.push_back(std::move(col));
          columns.push_back({c.name, c.type});
        }
        continue;
      }
      ASSIGN_OR_RETURN(sql::BoundExprPtr b, binder.Bind(*t.expr));
      if (b->type == TypeId::kUnknown) RETURN_IF_ERROR(binder.Convert(&b, TypeId::kText));
      columns.push_back({t.alias.empty() ? sql::OutputName(*t.expr) : t.alias, b->type});
      exprs.push_back(std::move(b));
    }
    return Status::OK();
  }
  Status Add(const Row& row, Runtime& rt) {
    if (exprs.empty()) return Status::OK();
    Row out;
    for (const auto& e : exprs) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, rt));
      out.push_back(std::move(v));
    }
    rows.push_back(std::move(out));
    return Status::OK();
  }
  QueryResult Result(std::string tag) {
    return QueryResult(std::move(tag), std::move(columns), std::move(rows));
  }
};

sql::Scope TableScope(const catalog::TableDef& t, const std::string& alias) {
  sql::Scope scope;
  for (const catalog::ColumnDef& c : t.columns) {
    scope.columns.push_back(
        {alias.empty() ? t.name : alias, c.name, c.type, c.typmod, false, t.name});
  }
  return scope;
}

}  // namespace

Result<sql::BoundExprPtr> BindDefault(const catalog::ColumnDef& col,
                                      const catalog::CatalogState& state) {
  if (col.default_expr.empty()) return sql::BoundExprPtr();
  ASSIGN_OR_RETURN(auto stmts, sql::Parse("SELECT " + col.default_expr));
  const auto& sel = std::get<sql::SelectStmt>(stmts[0].node);
  std::vector<TypeId> no_params;
  sql::Scope no_columns;
  sql::BindContext bind(&state, &no_params);
  sql::Binder binder(&no_columns, &bind);
  ASSIGN_OR_RETURN(sql::BoundExprPtr e, binder.Bind(*sel.targets[0].expr, col.type));
  return e;
}

Status CheckNotNull(const catalog::TableDef& t, const Row& row) {
  for (size_t i = 0; i < t.columns.size(); i++) {
    if (t.columns[i].not_null && row[i].is_null()) {
      return Status::NotNullViolation("null value in column \"" + t.columns[i].name +
                                      "\" of relation \"" + t.name +
                                      "\" violates not-null constraint")
          .WithDetail(FailingRow(Row(row.begin(), row.begin() + t.columns.size())));
    }
  }
  return Status::OK();
}

namespace {

// ON CONFLICT: the unique indexes whose conflicts it handles, and DO UPDATE's assignments over
// the existing row followed by the proposed one (EXCLUDED).
struct OnConflictPlan {
  std::vector<const catalog::IndexDef*> arbiters;
  std::vector<std::pair<int, sql::BoundExprPtr>> sets;
  sql::BoundExprPtr where;
};

Result<OnConflictPlan> PlanOnConflict(const sql::InsertStmt& s, const catalog::TableDef& t,
                                      sql::BindContext* bind) {
  using OnConflict = sql::InsertStmt::OnConflict;
  OnConflictPlan p;
  if (s.on_conflict == OnConflict::kNone) return p;
  std::vector<const catalog::IndexDef*> unique;
  if (t.primary_key) unique.push_back(&*t.primary_key);
  for (const catalog::IndexDef& idx : t.indexes) {
    if (idx.unique) unique.push_back(&idx);
  }
  if (!s.conflict_constraint.empty()) {
    for (const catalog::IndexDef* idx : unique) {
      if (idx->name == s.conflict_constraint) p.arbiters.push_back(idx);
    }
    if (p.arbiters.empty()) {
      return Status::UndefinedObject("constraint \"" + s.conflict_constraint + "\" for table \"" +
                                     t.name + "\" does not exist");
    }
  } else if (!s.conflict_columns.empty()) {
    std::set<uint32_t> wanted;
    for (const std::string& c : s.conflict_columns) {
      int pos = t.FindColumn(c);
      if (pos < 0) return Status::UndefinedColumn("column \"" + c + "\" does not exist");
      wanted.insert(t.columns[pos].id);
    }
    for (const catalog::IndexDef* idx : unique) {
      if (std::set<uint32_t>(idx->column_ids.begin(), idx->column_ids.end()) == wanted) {
        p.arbiters.push_back(idx);
      }
    }
    if (p.arbiters.empty()) {
      return Status::InvalidColumnReference(
          "there is no unique or exclusion constraint matching the ON CONFLICT specification");
    }
  } else if (s.on_conflict == OnConflict::kUpdate) {
    return Status::SyntaxError(
        "ON CONFLICT DO UPDATE requires inference specification or "
        "constraint name");
  } else {
    p.arbiters = unique;
  }
  if (s.on_conflict != OnConflict::kUpdate) return p;
  // The existing row under the table's name, then the proposed one as "excluded".
  sql::Scope scope = TableScope(t, s.alias);
  for (const catalog::ColumnDef& c : t.columns) {
    scope.columns.push_back({"excluded", c.name, c.type, c.typmod, false, ""});
  }
  sql::Binder binder(&scope, bind);
  binder.set_clause("ON CONFLICT DO UPDATE");
  for (const auto& [name, expr] : s.conflict_set) {
    int pos = t.FindColumn(name);
    if (pos < 0) {
      return Status::UndefinedColumn("column \"" + name + "\" of relation \"" + t.name +
                                     "\" does not exist");
    }
    sql::BoundExprPtr value;
    if (expr != nullptr) {
      RETURN_IF_ERROR(CheckIdentityUpdate(t.columns[pos]));
      ASSIGN_OR_RETURN(value, binder.Bind(*expr, t.columns[pos].type));
      RETURN_IF_ERROR(CheckAssignable(t.columns[pos], *value));
    } else {
      ASSIGN_OR_RETURN(value, BindDefault(t.columns[pos], *bind->catalog));
    }
    p.sets.emplace_back(pos, std::move(value));
  }
  if (s.conflict_where != nullptr) {
    ASSIGN_OR_RETURN(p.where, binder.BindCondition(*s.conflict_where, "WHERE"));
  }
  return p;
}

// Looks for a row `row` conflicts with; returns true when ON CONFLICT took care of the row
// (skipped it, or updated the existing one).
Result<bool> HandleConflict(const sql::InsertStmt& s, const OnConflictPlan& p,
                            const catalog::TableDef& t, const std::vector<BoundCheck>& checks,
                            const Row& row, Runtime& rt, ForeignKeys& fks,
                            std::set<std::string>* touched, Returning* returning, size_t* count) {
  ExecContext& ctx = *rt.ctx;
  std::optional<std::string> key;
  for (const catalog::IndexDef* idx : p.arbiters) {
    ASSIGN_OR_RETURN(key, ctx.tables.FindConflict(ctx.txn, t, *idx, row));
    if (key) break;
  }
  if (!key) return false;
  if (s.on_conflict == sql::InsertStmt::OnConflict::kNothing) return true;
  if (touched->count(*key)) {
    return Status("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time")
        .WithDetail(
            "Ensure that no rows proposed for insertion within the same command have "
            "duplicate constrained values.");
  }
  ASSIGN_OR_RETURN(std::optional<Row> existing, ctx.tables.LockRow(ctx.txn, t, *key));
  if (!existing) return false;  // deleted since: insert it after all
  Row both = *existing;
  both.insert(both.end(), row.begin(), row.end());
  if (p.where != nullptr) {
    ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*p.where, both, rt));
    if (!pass) return true;
  }
  Row updated = *existing;
  for (const auto& [pos, expr] : p.sets) {
    Value v = Value::Null(t.columns[pos].type);
    if (expr != nullptr) {
      ASSIGN_OR_RETURN(v, Evaluate(*expr, both, rt));
    }
    ASSIGN_OR_RETURN(updated[pos], AssignCast(v, t.columns[pos].type, t.columns[pos].typmod));
  }
  RETURN_IF_ERROR(CheckNotNull(t, updated));
  RETURN_IF_ERROR(EnforceChecks(checks, t, updated, rt));
  RETURN_IF_ERROR(ctx.tables.Update(ctx.txn, t, *key, *existing, updated));
  RETURN_IF_ERROR(fks.RowUpdated(t, *existing, updated));
  touched->insert(*key);
  RETURN_IF_ERROR(returning->Add(updated, rt));
  (*count)++;
  return true;
}

}  // namespace

Result<std::vector<BoundCheck>> BindChecks(const catalog::TableDef& t,
                                           const catalog::CatalogState& state) {
  std::vector<BoundCheck> out;
  if (t.checks.empty()) return out;
  sql::Scope scope = TableScope(t, "");
  std::vector<TypeId> no_params;
  sql::BindContext bind(&state, &no_params);
  sql::Binder binder(&scope, &bind);
  for (const catalog::CheckDef& c : t.checks) {
    ASSIGN_OR_RETURN(auto stmts, sql::Parse("SELECT " + c.expr));
    const auto& sel = std::get<sql::SelectStmt>(stmts[0].node);
    ASSIGN_OR_RETURN(sql::BoundExprPtr e, binder.BindCondition(*sel.targets[0].expr, "CHECK"));
    out.push_back({c.name, std::move(e)});
  }
  return out;
}

Status EnforceChecks(const std::vector<BoundCheck>& checks, const catalog::TableDef& t,
                     const Row& row, Runtime& rt) {
  for (const BoundCheck& c : checks) {
    ASSIGN_OR_RETURN(Value v, Evaluate(*c.expr, row, rt));
    if (!v.is_null() && !v.bool_value()) {
      return Status("23514", "new row for relation \"" + t.name +
                                 "\" violates check constraint \"" + c.name + "\"")
          .WithDetail(FailingRow(Row(row.begin(), row.begin() + t.columns.size())));
    }
  }
  return Status::OK();
}

Result<QueryResult> ExecuteInsert(const sql::InsertStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  RETURN_IF_ERROR(RefuseViewChange(state, s.table, "insert into"));
  ASSIGN_OR_RETURN(const catalog::TableDef* t, FindTarget(state, s.table, s.table_location));
  // Target positions: the listed columns, or all in table order.
  std::vector<int> targets;
  if (s.columns.empty()) {
    for (size_t i = 0; i < t->columns.size(); i++) targets.push_back(static_cast<int>(i));
  } else {
    for (const std::string& name : s.columns) {
      int pos = t->FindColumn(name);
      if (pos < 0) {
        return Status::UndefinedColumn("column \"" + name + "\" of relation \"" + t->name +
                                       "\" does not exist");
      }
      for (int p : targets) {
        if (p == pos) {
          return Status::DuplicateColumn("column \"" + name + "\" specified more than once");
        }
      }
      targets.push_back(pos);
    }
  }
  sql::BindContext bind(&state, types);
  if (ctx != nullptr) bind.sessions = ctx->sessions;
  sql::Scope no_columns;
  sql::Binder binder(&no_columns, &bind);
  binder.set_clause("VALUES");
  // VALUES: every expression bound against its target column's type. SELECT: planned.
  std::vector<std::vector<sql::BoundExprPtr>> rows;
  sql::PlanPtr query;
  size_t width = 0;
  if (s.select != nullptr) {
    ASSIGN_OR_RETURN(query, sql::PlanQuery(*s.select, &bind, nullptr));
    width = query->columns.size();
    for (size_t i = 0; i < width && i < targets.size(); i++) {
      sql::BoundExpr probe;
      probe.type = query->columns[i].type;
      RETURN_IF_ERROR(CheckAssignable(t->columns[targets[i]], probe));
    }
  }
  for (const auto& row : s.rows) {
    std::vector<sql::BoundExprPtr> bound;
    for (size_t i = 0; i < row.size() && i < targets.size(); i++) {
      if (row[i] == nullptr) {
        bound.push_back(nullptr);
        continue;
      }
      const catalog::ColumnDef& col = t->columns[targets[i]];
      ASSIGN_OR_RETURN(sql::BoundExprPtr e, binder.Bind(*row[i], col.type));
      RETURN_IF_ERROR(CheckAssignable(col, *e));
      bound.push_back(std::move(e));
    }
    width = row.size();
    rows.push_back(std::move(bound));
  }
  if (width > targets.size()) {
    return Status::SyntaxError("INSERT has more expressions than target columns");
  }
  if (width < targets.size() && !s.columns.empty()) {
    return Status::SyntaxError("INSERT has more target columns than expressions");
  }
  // Identity columns, as PostgreSQL's rewriter treats them: OVERRIDING USER VALUE replaces the
  // values given by the sequence's; a value (not DEFAULT) for a GENERATED ALWAYS column needs
  // OVERRIDING SYSTEM VALUE.
  std::vector<bool> use_default(targets.size(), false);
  for (size_t i = 0; i < width; i++) {
    const catalog::ColumnDef& col = t->columns[targets[i]];
    if (col.identity == 0) continue;
    if (s.overriding == sql::InsertStmt::Overriding::kUser) {
      use_default[i] = true;
    } else if (s.overriding == sql::InsertStmt::Overriding::kNone) {
      bool given = query != nullptr;
      for (const auto& row : rows) given |= row[i] != nullptr;
      if (given) RETURN_IF_ERROR(CheckIdentityInsert(col));
    }
  }
  Returning returning;
  sql::Scope table_scope = TableScope(*t, s.alias);
  RETURN_IF_ERROR(returning.Bind(s.returning, table_scope, &bind));
  ASSIGN_OR_RETURN(OnConflictPlan conflict, PlanOnConflict(s, *t, &bind));
  if (ctx == nullptr) return QueryResult("", std::move(returning.columns), {});  // describe

  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  Runtime rt(ctx, &args);
  std::vector<Row> selected;
  if (query != nullptr) {
    ASSIGN_OR_RETURN(selected, RunPlan(*query, rt));
  }
  // DEFAULT expressions are bound once per statement, and only for columns that use them.
  std::vector<sql::BoundExprPtr> defaults(t->columns.size());
  std::vector<bool> defaults_bound(t->columns.size(), false);
  const Row no_row;
  size_t proposed = query != nullptr ? selected.size() : rows.size();
  size_t count = 0;
  std::set<std::string> touched;  // rows this statement inserted or updated (DO UPDATE)
  ASSIGN_OR_RETURN(std::vector<BoundCheck> checks, BindChecks(*t, state));
  ForeignKeys fks(rt, state);
  for (size_t r = 0; r < proposed; r++) {
    Row row(t->columns.size());
    std::vector<bool> given(t->columns.size(), false);
    for (size_t i = 0; i < width; i++) {
      const catalog::ColumnDef& col = t->columns[targets[i]];
      if (use_default[i]) continue;
      if (query != nullptr) {
        ASSIGN_OR_RETURN(row[targets[i]], AssignCast(selected[r][i], col.type, col.typmod));
        given[targets[i]] = true;
      } else if (rows[r][i] != nullptr) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*rows[r][i], no_row, rt));
        ASSIGN_OR_RETURN(row[targets[i]], AssignCast(v, col.type, col.typmod));
        given[targets[i]] = true;
      }
    }
    for (size_t i = 0; i < t->columns.size(); i++) {
      if (given[i]) continue;
      const catalog::ColumnDef& col = t->columns[i];
      if (!defaults_bound[i]) {
        ASSIGN_OR_RETURN(defaults[i], BindDefault(col, state));
        defaults_bound[i] = true;
      }
      row[i] = Value::Null(col.type);
      if (defaults[i] != nullptr) {
        ASSIGN_OR_RETURN(Value v, Evaluate(*defaults[i], no_row, rt));
        ASSIGN_OR_RETURN(row[i], AssignCast(v, col.type, col.typmod));
      }
    }
    if (s.on_conflict != sql::InsertStmt::OnConflict::kNone) {
      ASSIGN_OR_RETURN(bool handled, HandleConflict(s, conflict, *t, checks, row, rt, fks, &touched,
                                                    &returning, &count));
      if (handled) continue;
    }
    RETURN_IF_ERROR(CheckNotNull(*t, row));
    RETURN_IF_ERROR(EnforceChecks(checks, *t, row, rt));
    RETURN_IF_ERROR(ctx->tables.Insert(ctx->txn, *t, row));
    RETURN_IF_ERROR(fks.RowInserted(*t, row));
    if (s.on_conflict == sql::InsertStmt::OnConflict::kUpdate) {
      ASSIGN_OR_RETURN(std::optional<std::string> key,
                       ctx->tables.FindConflict(ctx->txn, *t, *conflict.arbiters[0], row));
      if (key) touched.insert(*key);
    }
    RETURN_IF_ERROR(returning.Add(row, rt));
    count++;
  }
  RETURN_IF_ERROR(fks.Finish());
  return returning.Result("INSERT 0 " + std::to_string(count));
}

namespace {

// What UPDATE and DELETE share: the rows of the target (with their storage keys) joined with
// FROM/USING and filtered by WHERE; each is locked and re-read at its latest committed version
// before it changes, as PostgreSQL does in READ COMMITTED.
struct DmlPlan {
  const catalog::TableDef* table = nullptr;
  sql::FromPlan from;
  sql::BoundExprPtr recheck;  // WHERE over the target row alone (no FROM/USING)
  size_t key_column = 0;
};

Result<DmlPlan> PlanDml(const std::string& table, const std::string& alias, int location,
                        const std::vector<sql::TableRef>& others, const sql::Expr* where,
                        sql::BindContext* bind) {
  DmlPlan p;
  ASSIGN_OR_RETURN(p.table, FindTarget(*bind->catalog, table, location));
  sql::TableRef target;
  target.name = table;
  target.alias = alias;
  target.location = location;
  std::vector<const sql::TableRef*> items = {&target};
  for (const sql::TableRef& r : others) items.push_back(&r);
  ASSIGN_OR_RETURN(p.from, sql::PlanFrom(items, where, bind, nullptr, 0, /*dml_target=*/true));
  p.key_column = p.table->columns.size();
  if (where != nullptr && others.empty()) {
    sql::Binder binder(&p.from.scope, bind);
    ASSIGN_OR_RETURN(p.recheck, binder.BindCondition(*where, "WHERE"));
  }
  return p;
}

// Locks the row of `input` and returns `input` with the target's latest column values, or
// nullopt when the row is gone or no longer matches WHERE.
Result<std::optional<Row>> LockLatest(const DmlPlan& p, const Row& input, Runtime& rt) {
  const std::string& key = input[p.key_column].string_value();
  ASSIGN_OR_RETURN(std::optional<Row> latest, rt.ctx->tables.LockRow(rt.ctx->txn, *p.table, key));
  if (!latest) return std::optional<Row>();
  Row row = input;
  bool changed = false;
  for (size_t i = 0; i < p.key_column; i++) {
    if (!((*latest)[i] == row[i])) {
      row[i] = std::move((*latest)[i]);
      changed = true;
    }
  }
  if (changed && rt.ctx->repeatable_read) {
    return Status::SerializationFailure("could not serialize access due to concurrent update");
  }
  if (changed && p.recheck != nullptr) {
    ASSIGN_OR_RETURN(bool still, EvaluatePredicate(*p.recheck, row, rt));
    if (!still) return std::optional<Row>();
  }
  return std::optional<Row>(std::move(row));
}

// Calls `change` on each target row, locked at its latest version (once per row, however many
// FROM/USING rows it joined); returns how many rows it changed.
Result<size_t> ForEachTargetRow(const DmlPlan& p, Runtime& rt,
                                const std::function<Status(Row& row)>& change) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, RunPlan(*p.from.plan, rt));
  std::unordered_set<std::string> done;
  size_t count = 0;
  for (const Row& input : rows) {
    if (!done.insert(input[p.key_column].string_value()).second) continue;
    ASSIGN_OR_RETURN(std::optional<Row> row, LockLatest(p, input, rt));
    if (!row) continue;
    RETURN_IF_ERROR(change(*row));
    count++;
  }
  return count;
}

}  // namespace

Result<QueryResult> ExecuteUpdate(const sql::UpdateStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  RETURN_IF_ERROR(RefuseViewChange(state, s.table, "update"));
  sql::BindContext bind(&state, types);
  ASSIGN_OR_RETURN(DmlPlan p,
                   PlanDml(s.table, s.alias, s.table_location, s.from, s.where.get(), &bind));
  const catalog::TableDef& t = *p.table;
  sql::Binder binder(&p.from.scope, &bind);
  binder.set_clause("UPDATE");
  std::vector<std::pair<int, sql::BoundExprPtr>> sets;
  for (const auto& [name, expr] : s.set) {
    int pos = t.FindColumn(name);
    if (pos < 0) {
      return Status::UndefinedColumn("column \"" + name + "\" of relation \"" + t.name +
                                     "\" does not exist");
    }
    for (const auto& [other, unused] : sets) {
      if (other == pos) {
        return Status("42601", "multiple assignments to same column \"" + name + "\"");
      }
    }
    sql::BoundExprPtr value;
    if (expr != nullptr) {
      RETURN_IF_ERROR(CheckIdentityUpdate(t.columns[pos]));
      ASSIGN_OR_RETURN(value, binder.Bind(*expr, t.columns[pos].type));
      RETURN_IF_ERROR(CheckAssignable(t.columns[pos], *value));
    } else {
      ASSIGN_OR_RETURN(value, BindDefault(t.columns[pos], state));
    }
    sets.emplace_back(pos, std::move(value));
  }
  Returning returning;
  RETURN_IF_ERROR(returning.Bind(s.returning, p.from.scope, &bind));
  if (ctx == nullptr) return QueryResult("", std::move(returning.columns), {});

  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  ASSIGN_OR_RETURN(std::vector<BoundCheck> checks, BindChecks(t, state));
  Runtime rt(ctx, &args);
  ForeignKeys fks(rt, state);
  ASSIGN_OR_RETURN(
      size_t count, ForEachTargetRow(p, rt, [&](Row& row) -> Status {
        Row old_row(row.begin(), row.begin() + p.key_column);
        Row new_row = old_row;
        for (const auto& [pos, expr] : sets) {
          Value v = Value::Null(t.columns[pos].type);
          if (expr != nullptr) {
            ASSIGN_OR_RETURN(v, Evaluate(*expr, row, rt));
          }
          ASSIGN_OR_RETURN(new_row[pos], AssignCast(v, t.columns[pos].type, t.columns[pos].typmod));
        }
        RETURN_IF_ERROR(CheckNotNull(t, new_row));
        RETURN_IF_ERROR(EnforceChecks(checks, t, new_row, rt));
        RETURN_IF_ERROR(
            ctx->tables.Update(ctx->txn, t, row[p.key_column].string_value(), old_row, new_row));
        RETURN_IF_ERROR(fks.RowUpdated(t, old_row, new_row));
        std::copy(new_row.begin(), new_row.end(), row.begin());
        return returning.Add(row, rt);
      }));
  RETURN_IF_ERROR(fks.Finish());
  return returning.Result("UPDATE " + std::to_string(count));
}

Result<QueryResult> ExecuteDelete(const sql::DeleteStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  RETURN_IF_ERROR(RefuseViewChange(state, s.table, "delete from"));
  sql::BindContext bind(&state, types);
  ASSIGN_OR_RETURN(
      DmlPlan p, PlanDml(s.table, s.alias, s.table_location, s.using_tables, s.where.get(), &bind));
  Returning returning;
  RETURN_IF_ERROR(returning.Bind(s.returning, p.from.scope, &bind));
  if (ctx == nullptr) return QueryResult("", std::move(returning.columns), {});

  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  Runtime rt(ctx, &args);
  ForeignKeys fks(rt, state);
  ASSIGN_OR_RETURN(size_t count, ForEachTargetRow(p, rt, [&](Row& row) -> Status {
                     Row old_row(row.begin(), row.begin() + p.key_column);
                     RETURN_IF_ERROR(ctx->tables.Delete(ctx->txn, *p.table,
                                                        row[p.key_column].string_value(), old_row));
                     RETURN_IF_ERROR(fks.RowDeleted(*p.table, old_row));
                     return returning.Add(row, rt);
                   }));
  RETURN_IF_ERROR(fks.Finish());
  return returning.Result("DELETE " + std::to_string(count));
}

}  // namespace komodo::exec
