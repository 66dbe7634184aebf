// pg_stat_activity: one row per session of the server, from the SessionDirectory the server
// gives each connection. PostgreSQL also lists its background processes (checkpointer,
// autovacuum launcher, ...); KomodoDB has none that are sessions, so every row is a
// "client backend". Without a directory (an embedded Connection) the view has no rows.
#include "catalog/system_views_internal.h"

namespace komodo::catalog::views {

namespace {
Value Timestamp(std::optional<int64_t> micros) {
  return micros ? Value::TimestampTz(*micros) : Null(TypeId::kTimestampTz);
}
}  // namespace

void PgStatActivity(Builder& b, const CatalogState& s, const SessionDirectory* sessions) {
  // Column names and order are PostgreSQL 15's; inet, name and xid are text here.
  b.Columns({{"datid", kOid},
             {"datname", kText},
             {"pid", kInt4},
             {"leader_pid", kInt4},
             {"usesysid", kOid},
             {"usename", kText},
             {"application_name", kText},
             {"client_addr", kText},
             {"client_hostname", kText},
             {"client_port", kInt4},
             {"backend_start", TypeId::kTimestampTz},
             {"xact_start", TypeId::kTimestampTz},
             {"query_start", TypeId::kTimestampTz},
             {"state_change", TypeId::kTimestampTz},
             {"wait_event_type", kText},
             {"wait_event", kText},
             {"state", kText},
             {"backend_xid", kText},
             {"backend_xmin", kText},
             {"query_id", TypeId::kInt8},
             {"query", kText},
             {"backend_type", kText}});
  if (sessions == nullptr) return;
  for (const SessionActivity& a : sessions->Sessions()) {
    // Every session is in the one database (current_database()), whatever name it asked for.
    // A role that does not exist (trust authentication lets any name in) has no oid.
    const RoleDef* role = s.FindRole(a.user);
    Value usesysid = role != nullptr                ? Oid(role->id)
                     : a.user == kBootstrapRoleName ? Oid(kRoleOid)
                                                    : Null(kOid);
    b.Add({Oid(kDatabaseOid),
           Text(kDatabaseName),
           Value::Int4(a.pid),
           Null(kInt4),
           std::move(usesysid),
           Text(a.user),
           Text(a.application_name),
           a.client_addr.empty() ? Null(kText) : Text(a.client_addr),
           Null(kText),
           a.client_addr.empty() ? Value::Int4(-1) : Value::Int4(a.client_port),
           Value::TimestampTz(a.backend_start),
           Timestamp(a.xact_start),
           Timestamp(a.query_start),
           Value::TimestampTz(a.state_change),
           Null(kText),
           Null(kText),
           Text(a.state),
           Null(kText),
           Null(kText),
           Null(TypeId::kInt8),
           Text(a.query),
           Text("client backend")});
  }
}

}  // namespace komodo::catalog::views
