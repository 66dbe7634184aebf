// CREATE [OR REPLACE] VIEW and DROP VIEW; the checks that keep views consistent with what they
// read (DROP TABLE of a table a view reads is refused, as in PostgreSQL without CASCADE) and that
// refuse INSERT/UPDATE/DELETE on a view.
#include "exec/exec_view.h"

#include <set>

#include "common/macros.h"
#include "sql/planner/planner.h"

namespace komodo::exec {

namespace {

QueryResult Tag(std::string tag) { return QueryResult(std::move(tag), {}, {}); }

bool IsRelation(const catalog::CatalogState& state, const std::string& name) {
  return state.FindTable(name) != nullptr || state.FindIndexOwner(name) != nullptr ||
         state.FindSequence(name) != nullptr || state.FindView(name) != nullptr;
}

// The views that read relation `id`, as PostgreSQL's DETAIL lists them.
std::vector<std::string> Dependents(const catalog::CatalogState& state, uint32_t id) {
  std::vector<std::string> out;
  for (const auto& [name, view] : state.views()) {
    for (uint32_t dep : view.depends) {
      if (dep == id) {
        out.push_back(name);
        break;
      }
    }
  }
  return out;
}

Status DependentsError(const catalog::CatalogState& state, uint32_t id, const char* kind,
                       const std::string& name) {
  std::vector<std::string> views = Dependents(state, id);
  if (views.empty()) return Status::OK();
  std::string detail;
  for (const std::string& v : views) {
    if (!detail.empty()) detail += "\n";
    detail += "view " + v + " depends on " + kind + " " + name;
  }
  return Status("2BP01", std::string("cannot drop ") + kind + " " + name +
                             " because other objects depend on it")
      .WithDetail(detail)
      .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
}

}  // namespace

Result<QueryResult> ExecuteCreateView(const sql::CreateViewStmt& s, const std::string& text,
                                      ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  const catalog::ViewDef* old = state->FindView(s.name);
  if (old == nullptr && IsRelation(*state, s.name)) {
    if (s.replace && state->FindTable(s.name) != nullptr) {
      return Status("42809", "\"" + s.name + "\" is not a view");
    }
    return Status::DuplicateTable("relation \"" + s.name + "\" already exists");
  }
  if (old != nullptr && !s.replace) {
    return Status::DuplicateTable("relation \"" + s.name + "\" already exists");
  }
  // Plan the query to check it and learn its columns and what it reads.
  std::vector<TypeId> params;
  sql::BindContext bind(state, &params);
  std::vector<uint32_t> reads;
  bind.relations_read = &reads;
  ASSIGN_OR_RETURN(sql::PlanPtr plan, sql::PlanQuery(*s.query, &bind, nullptr));
  if (!params.empty()) {
    return Status("42P02", "there is no parameter $1");
  }
  if (s.columns.size() > plan->columns.size()) {
    return Status::SyntaxError("CREATE VIEW specifies more column names than columns");
  }
  catalog::ViewDef view;
  view.name = s.name;
  view.sql = text;
  std::set<std::string> names;
  for (size_t i = 0; i < plan->columns.size(); i++) {
    const sql::PlanColumn& c = plan->columns[i];
    std::string name = i < s.columns.size() ? s.columns[i] : c.name;
    if (!names.insert(name).second) {
      return Status::DuplicateColumn("column \"" + name + "\" specified more than once");
    }
    view.columns.push_back({name, c.type == TypeId::kUnknown ? TypeId::kText : c.type});
  }
  std::set<uint32_t> unique(reads.begin(), reads.end());
  view.depends.assign(unique.begin(), unique.end());
  if (old != nullptr) {
    // OR REPLACE keeps the old columns, in order, with their names and types.
    if (view.columns.size() < old->columns.size()) {
      return Status::InvalidTableDefinition("cannot drop columns from view");
    }
    for (size_t i = 0; i < old->columns.size(); i++) {
      const catalog::ViewColumn &was = old->columns[i], &now = view.columns[i];
      if (was.name != now.name) {
        return Status::InvalidTableDefinition("cannot change name of view column \"" + was.name +
                                              "\" to \"" + now.name + "\"")
            .WithHint(
                "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
      }
      if (was.type != now.type) {
        return Status::InvalidTableDefinition(
            "cannot change data type of view column \"" + was.name + "\" from " +
            std::string(TypeName(was.type)) + " to " + std::string(TypeName(now.type)));
      }
    }
    view.id = old->id;
  } else {
    ASSIGN_OR_RETURN(view.id, ctx.catalog.AllocateId(ctx.txn));
  }
  RETURN_IF_ERROR(ctx.catalog.WriteView(ctx.txn, view));
  state->PutView(std::move(view));
  return Tag("CREATE VIEW");
}

Result<QueryResult> ExecuteDropView(const sql::DropStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  std::set<uint32_t> dropping;
  for (const std::string& name : s.names) {
    const catalog::ViewDef* v = state->FindView(name);
    if (v == nullptr) {
      if (state->FindTable(name) != nullptr) {
        return Status("42809", "\"" + name + "\" is not a view")
            .WithHint("Use DROP TABLE to remove a table.");
      }
      if (s.if_exists) {
        RaiseNotice(ctx, "view \"" + name + "\" does not exist, skipping");
        continue;
      }
      return Status::UndefinedTable("view \"" + name + "\" does not exist");
    }
    dropping.insert(v->id);
  }
  for (const std::string& name : s.names) {
    const catalog::ViewDef* v = state->FindView(name);
    if (v == nullptr) continue;
    for (const std::string& dep : Dependents(*state, v->id)) {
      if (!dropping.count(state->FindView(dep)->id)) {
        return DependentsError(*state, v->id, "view", name);
      }
    }
  }
  for (const std::string& name : s.names) {
    const catalog::ViewDef* v = state->FindView(name);
    if (v == nullptr) continue;
    RETURN_IF_ERROR(ctx.catalog.DropView(ctx.txn, *v));
    state->RemoveView(name);
  }
  return Tag("DROP VIEW");
}

Status CheckDropTable(const catalog::CatalogState& state, const std::string& name) {
  if (state.FindTable(name) == nullptr && state.FindView(name) != nullptr) {
    return Status("42809", "\"" + name + "\" is not a table")
        .WithHint("Use DROP VIEW to remove a view.");
  }
  const catalog::TableDef* t = state.FindTable(name);
  if (t == nullptr) return Status::OK();
  return DependentsError(state, t->id, "table", name);
}

Status RefuseViewChange(const catalog::CatalogState& state, const std::string& name,
                        const char* verb) {
  if (state.FindTable(name) != nullptr || state.FindView(name) == nullptr) return Status::OK();
  return Status("55000", std::string("cannot ") + verb + " view \"" + name + "\"")
      .WithDetail("Views that are not automatically updatable are not supported by KomodoDB.")
      .WithHint(
          "To enable changing the view, provide an INSTEAD OF trigger or an unconditional ON "
          "... DO INSTEAD rule.");
}

}  // namespace komodo::exec
