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

namespace {
// Runs the plan handing each batch to `sink`; the result carries only the tag.
Result<QueryResult> StreamPlan(const sql::PlanNode& plan, Runtime& rt,
                               std::vector<ColumnInfo> columns, ResultSink& sink) {
  RETURN_IF_ERROR(sink.Columns(columns));
  std::unique_ptr<Operator> op = BuildOperator(plan);
  RETURN_IF_ERROR(op->Open(rt));
  size_t count = 0;
  Chunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, op->Next(rt, &chunk));
    if (!more) break;
    count += chunk.rows.size();
    RETURN_IF_ERROR(sink.Rows(chunk.rows));
  }
  return QueryResult("SELECT " + std::to_string(count), std::move(columns), {});
}
}  // namespace

Result<QueryResult> ExecuteSelect(const sql::SelectStmt& s, ExecContext* ctx,
                                  const catalog::CatalogState& state,
                                  const std::vector<Value>& params, std::vector<TypeId>* types) {
  sql::BindContext bind(&state, types);
  if (ctx != nullptr) bind.sessions = ctx->sessions;
  ASSIGN_OR_RETURN(sql::PlanPtr plan, sql::PlanQuery(s, &bind, nullptr));
  std::vector<ColumnInfo> columns = ResultColumns(plan->columns);
  if (ctx == nullptr) return QueryResult("", std::move(columns), {});  // describe only
  ASSIGN_OR_RETURN(std::vector<Value> args, BindParams(*types, params));
  Runtime rt(ctx, &args);
  if (ctx->sink != nullptr) return StreamPlan(*plan, rt, std::move(columns), *ctx->sink);
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
  if (ctx != nullptr) bind.sessions = ctx->sessions;
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
