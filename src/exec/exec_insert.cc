// INSERT ... VALUES.
#include "common/macros.h"
#include "exec/evaluate.h"
#include "exec/executor.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"

namespace komodo::exec {

namespace {

// The column's DEFAULT, bound; nullptr when the column has none (the default is NULL).
Result<sql::BoundExprPtr> BindDefault(const catalog::ColumnDef& col) {
  if (col.default_expr.empty()) return sql::BoundExprPtr();
  ASSIGN_OR_RETURN(auto stmts, sql::Parse("SELECT " + col.default_expr));
  const auto& sel = std::get<sql::SelectStmt>(stmts[0].node);
  std::vector<TypeId> no_params;
  sql::Binder binder(nullptr, "", &no_params);
  return binder.Bind(*sel.targets[0].expr, col.type);
}

std::string FailingRow(const std::vector<Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); i++) {
    if (i > 0) out += ", ";
    out += row[i].is_null() ? "null" : row[i].ToText();
  }
  return "Failing row contains (" + out + ").";
}

}  // namespace

Result<QueryResult> ExecuteInsert(const sql::InsertStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  const catalog::TableDef* t = state.FindTable(s.table);
  if (t == nullptr) {
    return Status::UndefinedTable("relation \"" + s.table + "\" does not exist")
        .WithPosition(s.table_location + 1);
  }
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
  // Bind every VALUES expression against its target column's type (no columns in scope).
  sql::Binder binder(nullptr, "", types);
  std::vector<std::vector<sql::BoundExprPtr>> rows;
  for (const auto& row : s.rows) {
    if (row.size() > targets.size()) {
      return Status::SyntaxError("INSERT has more expressions than target columns");
    }
    if (row.size() < targets.size() && !s.columns.empty()) {
      return Status::SyntaxError("INSERT has more target columns than expressions");
    }
    std::vector<sql::BoundExprPtr> bound;
    for (size_t i = 0; i < row.size(); i++) {
      if (row[i] == nullptr) {
        bound.push_back(nullptr);
        continue;
      }
      const catalog::ColumnDef& col = t->columns[targets[i]];
      ASSIGN_OR_RETURN(sql::BoundExprPtr e, binder.Bind(*row[i], col.type));
      bound.push_back(std::move(e));
    }
    rows.push_back(std::move(bound));
  }
  if (ctx == nullptr) return QueryResult();  // describe only

  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  // DEFAULT expressions are parsed and bound once per statement, and only for columns that use
  // them.
  std::vector<sql::BoundExprPtr> defaults(t->columns.size());
  std::vector<bool> defaults_bound(t->columns.size(), false);
  const std::vector<Value> no_row;
  for (const auto& bound : rows) {
    std::vector<const sql::BoundExpr*> source(t->columns.size(), nullptr);
    std::vector<bool> given(t->columns.size(), false);
    for (size_t i = 0; i < bound.size(); i++) {
      if (bound[i] != nullptr) source[targets[i]] = bound[i].get();
      given[targets[i]] = bound[i] != nullptr;
    }
    for (size_t i = 0; i < t->columns.size(); i++) {
      if (given[i]) continue;
      if (!defaults_bound[i]) {
        ASSIGN_OR_RETURN(defaults[i], BindDefault(t->columns[i]));
        defaults_bound[i] = true;
      }
      source[i] = defaults[i].get();
    }
    std::vector<Value> row;
    row.reserve(t->columns.size());
    for (size_t i = 0; i < t->columns.size(); i++) {
      const catalog::ColumnDef& col = t->columns[i];
      Value v = Value::Null(col.type);
      if (source[i] != nullptr) {
        ASSIGN_OR_RETURN(v, Evaluate(*source[i], no_row, args));
        ASSIGN_OR_RETURN(v, AssignCast(v, col.type, col.typmod));
      }
      row.push_back(std::move(v));
    }
    for (size_t i = 0; i < t->columns.size(); i++) {
      if (t->columns[i].not_null && row[i].is_null()) {
        return Status::NotNullViolation("null value in column \"" + t->columns[i].name +
                                        "\" of relation \"" + t->name +
                                        "\" violates not-null constraint")
            .WithDetail(FailingRow(row));
      }
    }
    RETURN_IF_ERROR(ctx->tables.Insert(ctx->txn, *t, row));
  }
  return QueryResult("INSERT 0 " + std::to_string(rows.size()), {}, {});
}

}  // namespace komodo::exec
