#include "exec/executor.h"

#include "common/macros.h"
#include "exec/exec_view.h"
#include "types/compare.h"

namespace komodo::exec {

int64_t CurrentTimestampMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() -
         946684800LL * 1000000;  // PostgreSQL's epoch is 2000-01-01
}

void RaiseNotice(const ExecContext& ctx, std::string message, std::string detail,
                 std::string sqlstate) {
  if (ctx.notices == nullptr) return;
  ctx.notices->push_back(
      {"NOTICE", std::move(sqlstate), std::move(message), std::move(detail), ""});
}

void RaiseWarning(const ExecContext& ctx, std::string message, std::string sqlstate) {
  if (ctx.notices == nullptr) return;
  ctx.notices->push_back({"WARNING", std::move(sqlstate), std::move(message), "", ""});
}

Status CheckInterrupts(const ExecContext& ctx) {
  if (ctx.cancel != nullptr && ctx.cancel->load(std::memory_order_relaxed)) {
    return Status("57014", "canceling statement due to user request");
  }
  if (ctx.deadline != std::chrono::steady_clock::time_point::max() &&
      std::chrono::steady_clock::now() > ctx.deadline) {
    return Status("57014", "canceling statement due to statement timeout");
  }
  return Status::OK();
}

Result<catalog::CatalogState*> BeginDdl(ExecContext& ctx) {
  if (*ctx.ddl_state == nullptr) {
    ASSIGN_OR_RETURN(*ctx.ddl_state, ctx.catalog.BeginDdl(ctx.txn));
  }
  ctx.state = *ctx.ddl_state;
  return ctx.ddl_state->get();
}

Result<std::vector<Value>> BindParams(const std::vector<TypeId>& types,
                                      const std::vector<Value>& params) {
  if (params.size() != types.size()) {
    return Status("08P01", "bind message supplies " + std::to_string(params.size()) +
                               " parameters, but prepared statement requires " +
                               std::to_string(types.size()));
  }
  std::vector<Value> out;
  out.reserve(params.size());
  for (size_t i = 0; i < params.size(); i++) {
    TypeId t = types[i] == TypeId::kUnknown ? TypeId::kText : types[i];
    if (params[i].type() == t || params[i].is_null()) {
      out.push_back(params[i].is_null() ? Value::Null(t) : params[i]);
      continue;
    }
    ASSIGN_OR_RETURN(Value v, CastValue(params[i], t));
    out.push_back(std::move(v));
  }
  return out;
}

// Calls the statement kind's function; ctx == nullptr only describes.
Result<QueryResult> Dispatch(const sql::Statement& stmt, ExecContext* ctx,
                             const catalog::CatalogState& state, const std::vector<Value>& params,
                             std::vector<TypeId>* types) {
  return std::visit(
      [&](const auto& s) -> Result<QueryResult> {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, sql::InsertStmt>) {
          return ExecuteInsert(s, ctx, state, params, types);
        } else if constexpr (std::is_same_v<T, sql::SelectStmt>) {
          return ExecuteSelect(s, ctx, state, params, types);
        } else if constexpr (std::is_same_v<T, sql::UpdateStmt>) {
          return ExecuteUpdate(s, ctx, state, params, types);
        } else if constexpr (std::is_same_v<T, sql::DeleteStmt>) {
          return ExecuteDelete(s, ctx, state, params, types);
        } else if constexpr (std::is_same_v<T, sql::ExplainStmt>) {
          return ExecuteExplain(s, ctx, state, params, types);
        } else if constexpr (std::is_same_v<T, sql::DeclareCursorStmt>) {
          if (ctx != nullptr) return Status::Internal("cursors are run by the session");
          // Describing DECLARE: its query's parameters; the rows come from FETCH.
          RETURN_IF_ERROR(ExecuteSelect(*s.query, nullptr, state, params, types).status());
          return QueryResult();
        } else if (ctx == nullptr) {
          return QueryResult();
        } else if constexpr (std::is_same_v<T, sql::CreateTableStmt>) {
          return ExecuteCreateTable(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::CreateIndexStmt>) {
          return ExecuteCreateIndex(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::DropStmt>) {
          return ExecuteDrop(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::CreateViewStmt>) {
          return ExecuteCreateView(s, stmt.text, *ctx);
        } else if constexpr (std::is_same_v<T, sql::CreateSequenceStmt>) {
          return ExecuteCreateSequence(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::AlterTableStmt>) {
          return ExecuteAlterTable(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::TruncateStmt>) {
          return ExecuteTruncate(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::VacuumStmt>) {
          return ExecuteVacuum(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::CreateRoleStmt>) {
          return ExecuteCreateRole(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::AlterRoleStmt>) {
          return ExecuteAlterRole(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::DropRoleStmt>) {
          return ExecuteDropRole(s, *ctx);
        } else if constexpr (std::is_same_v<T, sql::CopyStmt>) {
          return Status::FeatureNotSupported(
              "COPY FROM STDIN and COPY TO STDOUT run only through the COPY protocol "
              "(Connection::BeginCopy)");
        } else {
          return Status::Internal("transaction and cursor statements are run by the session");
        }
      },
      stmt.node);
}

Result<QueryResult> Execute(const sql::Statement& stmt, ExecContext& ctx,
                            const std::vector<Value>& params) {
  std::vector<TypeId> types;
  return Dispatch(stmt, &ctx, *ctx.state, params, &types);
}

Result<Description> Describe(const sql::Statement& stmt, const catalog::CatalogState& state) {
  Description d;
  ASSIGN_OR_RETURN(QueryResult r, Dispatch(stmt, nullptr, state, {}, &d.param_types));
  for (TypeId& t : d.param_types) {
    if (t == TypeId::kUnknown) t = TypeId::kText;
  }
  d.columns = r.columns();
  return d;
}

}  // namespace komodo::exec
