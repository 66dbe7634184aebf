// CREATE ROLE, ALTER ROLE, DROP ROLE: the role records of the catalog, with PostgreSQL's checks
// and messages (commands/user.c).
#include "common/macros.h"
#include "common/scram.h"
#include "exec/executor.h"

namespace komodo::exec {

namespace {

QueryResult Tag(std::string tag) { return QueryResult(std::move(tag), {}, {}); }

Status RoleNotFound(const std::string& name) {
  return Status::UndefinedObject("role \"" + name + "\" does not exist");
}

// What a PASSWORD option stores: a SCRAM verifier given as such is kept as it is (what
// pg_dumpall writes); any other text is a clear password and only its verifier is kept. An
// empty password clears it, as in PostgreSQL.
Result<std::string> StoredPassword(const std::optional<std::string>& password) {
  if (!password.has_value() || password->empty()) return std::string();
  if (scram::ParseVerifier(*password).has_value()) return *password;
  return scram::HashPassword(*password);
}

// The rights of the connection's role (Connection::SetUser). A name that has no role (the wire
// server's trust authentication lets any name in) has the bootstrap superuser's.
struct Actor {
  uint32_t id = catalog::kBootstrapRoleOid;
  bool superuser = true;
  bool createrole = true;
};

Actor ActingRole(const catalog::CatalogState& state, const std::string& user) {
  Actor a;
  if (const catalog::RoleDef* r = state.FindRole(user)) {
    a.id = r->id;
    a.superuser = r->superuser;
    a.createrole = r->superuser || r->createrole;
  }
  return a;
}

Status Denied(std::string message) { return Status("42501", std::move(message)); }

Status ApplyOptions(const sql::RoleOptions& o, catalog::RoleDef* role) {
  if (o.connection_limit.has_value() && *o.connection_limit < -1) {
    return Status::InvalidParameter("invalid connection limit: " +
                                    std::to_string(*o.connection_limit));
  }
  if (o.superuser) role->superuser = *o.superuser;
  if (o.inherit) role->inherit = *o.inherit;
  if (o.createrole) role->createrole = *o.createrole;
  if (o.createdb) role->createdb = *o.createdb;
  if (o.login) role->login = *o.login;
  if (o.replication) role->replication = *o.replication;
  if (o.bypassrls) role->bypassrls = *o.bypassrls;
  if (o.connection_limit) role->connection_limit = *o.connection_limit;
  if (o.has_password) {
    ASSIGN_OR_RETURN(role->password, StoredPassword(o.password));
  }
  return Status::OK();
}

}  // namespace

Result<QueryResult> ExecuteCreateRole(const sql::CreateRoleStmt& s, ExecContext& ctx) {
  if (s.name.starts_with("pg_")) {
    return Status("42939", "role name \"" + s.name + "\" is reserved")
        .WithDetail("Role names starting with \"pg_\" are reserved.");
  }
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  // PostgreSQL 15's checks, in its order (commands/user.c, CreateRole).
  Actor me = ActingRole(*state, ctx.user);
  const sql::RoleOptions& o = s.options;
  if (o.superuser.value_or(false)) {
    if (!me.superuser) return Denied("must be superuser to create superusers");
  } else if (o.replication.value_or(false)) {
    if (!me.superuser) return Denied("must be superuser to create replication users");
  } else if (o.bypassrls.value_or(false)) {
    if (!me.superuser) return Denied("must be superuser to create bypassrls users");
  } else if (!me.createrole) {
    return Denied("permission denied to create role");
  }
  if (state->FindRole(s.name) != nullptr) {
    return Status("42710", "role \"" + s.name + "\" already exists");
  }
  catalog::RoleDef role;
  role.name = s.name;
  role.login = s.user;  // CREATE USER implies LOGIN
  RETURN_IF_ERROR(ApplyOptions(s.options, &role));
  ASSIGN_OR_RETURN(role.id, ctx.catalog.AllocateId(ctx.txn));
  RETURN_IF_ERROR(ctx.catalog.WriteRole(ctx.txn, role));
  state->PutRole(std::move(role));
  return Tag("CREATE ROLE");
}

Result<QueryResult> ExecuteAlterRole(const sql::AlterRoleStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  const catalog::RoleDef* found = state->FindRole(s.name);
  if (found == nullptr) return RoleNotFound(s.name);
  // PostgreSQL 15's checks (AlterRole): without CREATEROLE a role may change only its own
  // password.
  Actor me = ActingRole(*state, ctx.user);
  const sql::RoleOptions& o = s.options;
  if (found->superuser || o.superuser.has_value()) {
    if (!me.superuser) {
      return Denied("must be superuser to alter superuser roles or change superuser attribute");
    }
  } else if (found->replication || o.replication.has_value()) {
    if (!me.superuser) {
      return Denied("must be superuser to alter replication roles or change replication attribute");
    }
  } else if (o.bypassrls.has_value()) {
    if (!me.superuser) return Denied("must be superuser to change bypassrls attribute");
  } else if (!me.createrole) {
    if (o.inherit || o.createrole || o.createdb || o.login || o.connection_limit ||
        !o.has_password || found->id != me.id) {
      return Denied("permission denied");
    }
  }
  catalog::RoleDef role = *found;
  RETURN_IF_ERROR(ApplyOptions(s.options, &role));
  if (role.id == catalog::kBootstrapRoleOid && !role.superuser) {
    return Status("42501", "permission denied: bootstrap user must be superuser");
  }
  RETURN_IF_ERROR(ctx.catalog.WriteRole(ctx.txn, role));
  state->PutRole(std::move(role));
  return Tag("ALTER ROLE");
}

Result<QueryResult> ExecuteDropRole(const sql::DropRoleStmt& s, ExecContext& ctx) {
  ASSIGN_OR_RETURN(catalog::CatalogState * state, BeginDdl(ctx));
  Actor me = ActingRole(*state, ctx.user);
  if (!me.createrole) return Denied("permission denied to drop role");
  // Check every name first: PostgreSQL drops all or nothing.
  for (const std::string& name : s.names) {
    const catalog::RoleDef* role = state->FindRole(name);
    if (role == nullptr) {
      if (s.if_exists) {
        RaiseNotice(ctx, "role \"" + name + "\" does not exist, skipping");
        continue;
      }
      return RoleNotFound(name);
    }
    if (name == ctx.user) return Status::ObjectInUse("current user cannot be dropped");
    if (role->superuser && !me.superuser) return Denied("must be superuser to drop superusers");
    if (role->id == catalog::kBootstrapRoleOid) {
      // Every table belongs to the bootstrap superuser.
      return Status("2BP01",
                    "cannot drop role " + name + " because it is required by the database system");
    }
  }
  for (const std::string& name : s.names) {
    const catalog::RoleDef* role = state->FindRole(name);
    if (role == nullptr) continue;  // IF EXISTS, or named twice
    RETURN_IF_ERROR(ctx.catalog.DropRole(ctx.txn, *role));
    state->RemoveRole(name);
  }
  return Tag("DROP ROLE");
}

}  // namespace komodo::exec
