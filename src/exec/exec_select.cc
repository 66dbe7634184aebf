// SELECT from one table (or none): access path, filter, projection, ORDER BY, LIMIT/OFFSET.
#include <algorithm>

#include "common/macros.h"
#include "exec/evaluate.h"
#include "exec/executor.h"
#include "sql/binder/binder.h"
#include "sql/planner/access_path.h"
#include "types/compare.h"

namespace komodo::exec {

namespace {

struct SortKey {
  sql::BoundExprPtr expr;  // evaluated on the input row
  int output = -1;         // or: position in the output row
  bool desc = false;
  bool nulls_first = false;
};

std::string OutputName(const sql::Expr& e) {
  switch (e.kind) {
    case sql::Expr::Kind::kColumn:
      return e.name;
    case sql::Expr::Kind::kFunction:
      return e.name;
    case sql::Expr::Kind::kCast:
      return e.args[0]->kind == sql::Expr::Kind::kConst ? e.type.name : OutputName(*e.args[0]);
    default:
      return "?column?";
  }
}

Result<int64_t> EvaluateCount(const sql::Expr* e, sql::Binder& binder,
                              const std::vector<Value>& params, const char* what) {
  if (e == nullptr) return int64_t{-1};
  ASSIGN_OR_RETURN(sql::BoundExprPtr b, binder.Bind(*e, TypeId::kInt8));
  ASSIGN_OR_RETURN(Value v, Evaluate(*b, {}, params));
  if (v.is_null()) return int64_t{-1};
  ASSIGN_OR_RETURN(Value n, AssignCast(v, TypeId::kInt8, -1));
  if (n.int_value() < 0) {
    return Status("2201W", std::string(what) + " must not be negative");
  }
  return n.int_value();
}

}  // namespace

Result<QueryResult> ExecuteSelect(const sql::SelectStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  const catalog::TableDef* t = nullptr;
  if (!s.table.empty()) {
    t = state.FindTable(s.table);
    if (t == nullptr) {
      return Status::UndefinedTable("relation \"" + s.table + "\" does not exist")
          .WithPosition(s.table_location + 1);
    }
  }
  sql::Binder binder(t, s.table_alias.empty() ? s.table : s.table_alias, types);

  // Select list, with * expanded to the table's columns.
  std::vector<sql::BoundExprPtr> outputs;
  std::vector<ColumnInfo> columns;
  for (const sql::SelectTarget& target : s.targets) {
    if (target.expr->kind == sql::Expr::Kind::kStar) {
      if (t == nullptr) {
        return Status::SyntaxError("SELECT * with no tables specified is not valid",
                                   target.expr->location + 1);
      }
      for (size_t i = 0; i < t->columns.size(); i++) {
        auto col = std::make_unique<sql::BoundExpr>();
        col->kind = sql::BoundExpr::Kind::kColumn;
        col->type = t->columns[i].type;
        col->column = static_cast<int>(i);
        outputs.push_back(std::move(col));
        columns.push_back({t->columns[i].name, t->columns[i].type});
      }
      continue;
    }
    ASSIGN_OR_RETURN(sql::BoundExprPtr e, binder.Bind(*target.expr));
    if (e->type == TypeId::kUnknown) e->type = TypeId::kText;  // SELECT 'literal'
    columns.push_back({target.alias.empty() ? OutputName(*target.expr) : target.alias, e->type});
    outputs.push_back(std::move(e));
  }

  sql::BoundExprPtr where;
  if (s.where != nullptr) {
    ASSIGN_OR_RETURN(where, binder.Bind(*s.where, TypeId::kBool));
    if (where->type != TypeId::kBool) {
      return Status::DatatypeMismatch("argument of WHERE must be type boolean, not type " +
                                      std::string(TypeName(where->type)))
          .WithPosition(s.where->location + 1);
    }
  }

  // ORDER BY: an output column by name or number, else an expression over the input.
  std::vector<SortKey> sort_keys;
  for (const sql::OrderItem& item : s.order_by) {
    SortKey key;
    key.desc = item.desc;
    key.nulls_first = item.nulls_first < 0 ? item.desc : item.nulls_first == 1;
    const sql::Expr& e = *item.expr;
    if (e.kind == sql::Expr::Kind::kConst && e.value.type() == TypeId::kInt4) {
      int64_t n = e.value.int_value();
      if (n < 1 || n > static_cast<int64_t>(columns.size())) {
        return Status::InvalidColumnReference(
            "ORDER BY position " + std::to_string(n) + " is not in select list", e.location + 1);
      }
      key.output = static_cast<int>(n - 1);
    } else if (e.kind == sql::Expr::Kind::kColumn && e.qualifier.empty() &&
               (t == nullptr || t->FindColumn(e.name) < 0)) {
      for (size_t i = 0; i < columns.size(); i++) {
        if (columns[i].name == e.name) key.output = static_cast<int>(i);
      }
    }
    if (key.output < 0) {
      ASSIGN_OR_RETURN(key.expr, binder.Bind(e));
    }
    sort_keys.push_back(std::move(key));
  }
  ASSIGN_OR_RETURN(int64_t limit, EvaluateCount(s.limit.get(), binder, params, "LIMIT"));
  ASSIGN_OR_RETURN(int64_t offset, EvaluateCount(s.offset.get(), binder, params, "OFFSET"));
  if (ctx == nullptr) return QueryResult();  // describe only

  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  struct Out {
    std::vector<Value> row;
    std::vector<Value> keys;
  };
  std::vector<Out> out;
  bool need_sort = !sort_keys.empty();
  auto emit = [&](const std::vector<Value>& input) -> Status {
    if (where != nullptr) {
      ASSIGN_OR_RETURN(bool pass, EvaluatePredicate(*where, input, args));
      if (!pass) return Status::OK();
    }
    Out o;
    o.row.reserve(outputs.size());
    for (const auto& e : outputs) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*e, input, args));
      o.row.push_back(std::move(v));
    }
    for (const SortKey& k : sort_keys) {
      if (k.output >= 0) {
        o.keys.push_back(o.row[k.output]);
      } else {
        ASSIGN_OR_RETURN(Value v, Evaluate(*k.expr, input, args));
        o.keys.push_back(std::move(v));
      }
    }
    out.push_back(std::move(o));
    return Status::OK();
  };

  if (t == nullptr) {
    RETURN_IF_ERROR(emit({}));
  } else {
    sql::AccessPath path = sql::ChooseAccessPath(*t, where.get());
    ASSIGN_OR_RETURN(sql::KeyRange range, sql::ComputeKeyRange(*t, path, args));
    if (!range.empty) {
      std::unique_ptr<table::RowIterator> rows =
          path.index == nullptr || path.index->primary
              ? ctx->tables.ScanPrimary(ctx->txn, *t, range.lower, range.upper)
              : ctx->tables.ScanIndex(ctx->txn, *t, *path.index, range.lower, range.upper);
      // Without ORDER BY, stop reading once LIMIT + OFFSET rows qualified.
      size_t wanted = limit >= 0 && !need_sort ? static_cast<size_t>(limit + offset) : SIZE_MAX;
      while (out.size() < wanted) {
        ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        RETURN_IF_ERROR(emit(rows->row()));
      }
    }
  }

  if (need_sort) {
    std::stable_sort(out.begin(), out.end(), [&](const Out& a, const Out& b) {
      for (size_t i = 0; i < sort_keys.size(); i++) {
        const Value& x = a.keys[i];
        const Value& y = b.keys[i];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() && y.is_null()) continue;
          return x.is_null() == sort_keys[i].nulls_first;
        }
        int c = CompareValues(x, y);
        if (c != 0) return sort_keys[i].desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  std::vector<std::vector<Value>> rows;
  size_t begin = std::min(out.size(), static_cast<size_t>(std::max<int64_t>(offset, 0)));
  size_t end = limit >= 0 ? std::min(out.size(), begin + static_cast<size_t>(limit)) : out.size();
  for (size_t i = begin; i < end; i++) rows.push_back(std::move(out[i].row));
  std::string tag = "SELECT " + std::to_string(rows.size());
  return QueryResult(std::move(tag), std::move(columns), std::move(rows));
}

}  // namespace komodo::exec
