// CREATE ROLE / USER / GROUP, ALTER ROLE / USER, DROP ROLE / USER / GROUP.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

// The options of CREATE ROLE and ALTER ROLE, as PostgreSQL's grammar names them (gram.y's
// AlterOptRoleElem and CreateOptRoleElem); a repeated option is 42601, as in user.c.
Result<RoleOptions> TransformRoleOptions(PgQuery__Node** options, size_t n) {
  RoleOptions out;
  for (size_t i = 0; i < n; i++) {
    const PgQuery__DefElem& opt = *options[i]->def_elem;
    std::string name = opt.defname;
    auto conflict = [&] {
      return Status::SyntaxError("conflicting or redundant options",
                                 opt.location >= 0 ? opt.location + 1 : 0);
    };
    auto boolean = [&](std::optional<bool>* field) -> Status {
      if (field->has_value()) return conflict();
      *field = opt.arg == nullptr || opt.arg->node_case != PG_QUERY__NODE__NODE_BOOLEAN ||
               opt.arg->boolean->boolval;
      return Status::OK();
    };
    if (name == "superuser") {
      RETURN_IF_ERROR(boolean(&out.superuser));
    } else if (name == "inherit") {
      RETURN_IF_ERROR(boolean(&out.inherit));
    } else if (name == "createrole") {
      RETURN_IF_ERROR(boolean(&out.createrole));
    } else if (name == "createdb") {
      RETURN_IF_ERROR(boolean(&out.createdb));
    } else if (name == "canlogin") {
      RETURN_IF_ERROR(boolean(&out.login));
    } else if (name == "isreplication") {
      RETURN_IF_ERROR(boolean(&out.replication));
    } else if (name == "bypassrls") {
      RETURN_IF_ERROR(boolean(&out.bypassrls));
    } else if (name == "connectionlimit") {
      if (out.connection_limit.has_value()) return conflict();
      if (opt.arg == nullptr || opt.arg->node_case != PG_QUERY__NODE__NODE_INTEGER) {
        return Status::SyntaxError("syntax error in CONNECTION LIMIT");
      }
      out.connection_limit = opt.arg->integer->ival;
    } else if (name == "password") {
      if (out.has_password) return conflict();
      out.has_password = true;
      if (opt.arg != nullptr) out.password = StringOf(opt.arg);
    } else if (name == "sysid") {
      // PostgreSQL ignores it (with a notice).
    } else if (name == "validUntil") {
      return Unsupported("VALID UNTIL", opt.location);
    } else {
      return Unsupported("role membership options (IN ROLE, ROLE, ADMIN, USER)", opt.location);
    }
  }
  return out;
}

}  // namespace

Result<CreateRoleStmt> TransformCreateRole(const PgQuery__CreateRoleStmt& stmt) {
  CreateRoleStmt out;
  out.name = stmt.role;
  out.user = stmt.stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
  ASSIGN_OR_RETURN(out.options, TransformRoleOptions(stmt.options, stmt.n_options));
  return out;
}

Result<AlterRoleStmt> TransformAlterRole(const PgQuery__AlterRoleStmt& stmt) {
  AlterRoleStmt out;
  if (stmt.role == nullptr || stmt.role->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
    return Unsupported("ALTER ROLE of CURRENT_USER, SESSION_USER or CURRENT_ROLE",
                       stmt.role ? stmt.role->location : -1);
  }
  out.name = stmt.role->rolename;
  if (stmt.action != 1) return Unsupported("ALTER GROUP ... DROP USER");
  ASSIGN_OR_RETURN(out.options, TransformRoleOptions(stmt.options, stmt.n_options));
  return out;
}

Result<DropRoleStmt> TransformDropRole(const PgQuery__DropRoleStmt& stmt) {
  DropRoleStmt out;
  out.if_exists = stmt.missing_ok;
  for (size_t i = 0; i < stmt.n_roles; i++) {
    const PgQuery__RoleSpec* spec = stmt.roles[i]->role_spec;
    if (spec == nullptr || spec->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
      // PostgreSQL: DROP ROLE public / current_user are refused the same way.
      return Status("42939", "cannot use special role specifier in DROP ROLE");
    }
    out.names.push_back(spec->rolename);
  }
  return out;
}

}  // namespace komodo::sql::transform
