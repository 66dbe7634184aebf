// SELECT (and VALUES, set operations) and EXPLAIN: plan, then run the operator tree.
#include "common/macros.h"
#include "exec/executor.h"
#include "exec/operators.h"
#include "sql/planner/planner.h"

namespace komodo::exec {

std::vector<ColumnInfo> ResultColumns(const std::vector<sql::PlanColumn>& columns) {
  std::vector<ColumnInfo> out;
  for (const sql::PlanColumn& c : columns) {
    out.push_back({c.name, c.type == TypeId::kUnknown ? TypeId::kText : c.type});
  }
  return out;
}

Result<QueryResult> ExecuteSelect(const sql::SelectStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  sql::BindContext bind(&state, types);
  ASSIGN_OR_RETURN(sql::PlanPtr plan, sql::PlanQuery(s, &bind, nullptr));
  std::vector<ColumnInfo> columns = ResultColumns(plan->columns);
  if (ctx == nullptr) return QueryResult("", std::move(columns), {});  // describe only
  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  Runtime rt(ctx, &args);
  ASSIGN_OR_RETURN(std::vector<Row> rows, RunPlan(*plan, rt));
  std::string tag = "SELECT " + std::to_string(rows.size());
  return QueryResult(std::move(tag), std::move(columns), std::move(rows));
}

Result<QueryResult> ExecuteExplain(const sql::ExplainStmt& s, ExecContext* ctx,
                                   const catalog::CatalogState& state,
                                   const std::vector<Value>& params, std::vector<TypeId>* types) {
  const auto* select = std::get_if<sql::SelectStmt>(&s.statement->node);
  if (select == nullptr) {
    return Status::FeatureNotSupported("EXPLAIN of statements other than SELECT");
  }
  sql::BindContext bind(&state, types);
  ASSIGN_OR_RETURN(sql::PlanPtr plan, sql::PlanQuery(*select, &bind, nullptr));
  std::vector<ColumnInfo> columns = {{"QUERY PLAN", TypeId::kText}};
  if (ctx == nullptr) return QueryResult("", std::move(columns), {});
  std::vector<std::string> lines;
  if (s.analyze) {
    ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
    Runtime rt(ctx, &args);
    ASSIGN_OR_RETURN(lines, ExplainAnalyze(*plan, rt));
  } else {
    lines = sql::ExplainPlan(*plan);
  }
  std::vector<Row> rows;
  for (std::string& l : lines) rows.push_back({Value::Text(std::move(l))});
  return QueryResult("EXPLAIN", std::move(columns), std::move(rows));
}

}  // namespace komodo::exec
