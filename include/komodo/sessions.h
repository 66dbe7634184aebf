// The sessions of a server, as the engine sees them: what pg_stat_activity lists, and what
// pg_cancel_backend() and pg_terminate_backend() act on. The wire server keeps the sessions
// and hands each Connection a SessionDirectory (Connection::SetSessionDirectory); an embedded
// Connection has none, so there pg_stat_activity has no rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace komodo {

// One session at the moment it was looked at. Times are microseconds since 2000-01-01 UTC
// (timestamptz); nullopt is NULL.
struct SessionActivity {
  int32_t pid = 0;  // what BackendKeyData and pg_backend_pid() report
  std::string user;
  std::string application_name;
  std::string client_addr;  // empty: not a TCP client (NULL)
  int32_t client_port = -1;
  int64_t backend_start = 0;
  std::optional<int64_t> xact_start;   // the open transaction's first statement; none when idle
  std::optional<int64_t> query_start;  // the running or last statement; none before the first
  int64_t state_change = 0;
  // "active", "idle", "idle in transaction" or "idle in transaction (aborted)".
  std::string state;
  std::string query;  // the running or last statement's text (cut to 1023 bytes, as PostgreSQL)
};

// Thread-safe: any session's statement may call it while the others run.
class SessionDirectory {
 public:
  virtual ~SessionDirectory() = default;
  // Every session, in pid order.
  virtual std::vector<SessionActivity> Sessions() const = 0;
  // Cancels the statement running in session `pid` (57014 there); false when there is no such
  // session.
  virtual bool Cancel(int32_t pid) = 0;
  // Ends session `pid` (FATAL 57P01 there), cancelling its statement first; false when there is
  // no such session.
  virtual bool Terminate(int32_t pid) = 0;
};

}  // namespace komodo
