// Roles: the users and groups of CREATE/ALTER/DROP ROLE, persisted as catalog records, and what
// the wire server authenticates against.
//
// A password is kept only as its SCRAM-SHA-256 verifier (common/scram.h), never in clear. The
// bootstrap superuser `komodo` (oid 10, PostgreSQL's BOOTSTRAP_SUPERUSERID) exists in every
// database: Catalog::Load() supplies it until ALTER ROLE komodo writes a record of its own.
#pragma once

#include <cstdint>
#include <string>

#include "komodo/result.h"

namespace komodo::catalog {

constexpr uint32_t kBootstrapRoleOid = 10;
constexpr const char* kBootstrapRoleName = "komodo";

struct RoleDef {
  uint32_t id = 0;
  std::string name;
  bool superuser = false;
  bool inherit = true;
  bool createrole = false;
  bool createdb = false;
  bool login = false;
  bool replication = false;
  bool bypassrls = false;
  int32_t connection_limit = -1;  // -1: no limit
  std::string password;           // SCRAM verifier; empty: no password (NULL)
};

// The bootstrap superuser: every attribute on, no password.
RoleDef BootstrapRole();

std::string EncodeRoleDef(const RoleDef& r);
// Errors: XX001 when the record is damaged.
Result<RoleDef> DecodeRoleDef(std::string_view record);

}  // namespace komodo::catalog
