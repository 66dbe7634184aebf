#include "catalog/role.h"

#include "common/coding.h"

namespace komodo::catalog {

namespace {
// On-disk: bump when the record layout changes, and keep decoding the old versions.
constexpr uint8_t kRoleVersion = 1;

// Bits of the flags field.
constexpr uint64_t kSuperuser = 1, kInherit = 2, kCreateRole = 4, kCreateDb = 8, kLogin = 16,
                   kReplication = 32, kBypassRls = 64;
}  // namespace

RoleDef BootstrapRole() {
  RoleDef r;
  r.id = kBootstrapRoleOid;
  r.name = kBootstrapRoleName;
  r.superuser = r.inherit = r.createrole = r.createdb = r.login = r.replication = r.bypassrls =
      true;
  return r;
}

std::string EncodeRoleDef(const RoleDef& r) {
  std::string out(1, static_cast<char>(kRoleVersion));
  PutVarint64(&out, r.id);
  PutLengthPrefixed(&out, r.name);
  uint64_t flags = (r.superuser ? kSuperuser : 0) | (r.inherit ? kInherit : 0) |
                   (r.createrole ? kCreateRole : 0) | (r.createdb ? kCreateDb : 0) |
                   (r.login ? kLogin : 0) | (r.replication ? kReplication : 0) |
                   (r.bypassrls ? kBypassRls : 0);
  PutVarint64(&out, flags);
  PutZigZag64(&out, r.connection_limit);
  PutLengthPrefixed(&out, r.password);
  return out;
}

Result<RoleDef> DecodeRoleDef(std::string_view in) {
  auto damaged = [] { return Status::Corruption("role record is damaged"); };
  if (in.empty() || static_cast<uint8_t>(in[0]) != kRoleVersion) return damaged();
  in.remove_prefix(1);
  RoleDef r;
  uint64_t id, flags;
  int64_t limit;
  std::string_view name, password;
  if (!GetVarint64(&in, &id) || !GetLengthPrefixed(&in, &name) || !GetVarint64(&in, &flags) ||
      !GetZigZag64(&in, &limit) || !GetLengthPrefixed(&in, &password)) {
    return damaged();
  }
  r.id = static_cast<uint32_t>(id);
  r.name = std::string(name);
  r.superuser = flags & kSuperuser;
  r.inherit = flags & kInherit;
  r.createrole = flags & kCreateRole;
  r.createdb = flags & kCreateDb;
  r.login = flags & kLogin;
  r.replication = flags & kReplication;
  r.bypassrls = flags & kBypassRls;
  r.connection_limit = static_cast<int32_t>(limit);
  r.password = std::string(password);
  return r;
}

}  // namespace komodo::catalog
