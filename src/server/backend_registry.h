// The server's live sessions: their BackendKeyData (so that a CancelRequest finds its session),
// what each is doing (pg_stat_activity), the sessions counted against each role's CONNECTION
// LIMIT, and the way to cancel or end one from another session (pg_cancel_backend,
// pg_terminate_backend). Every session's Connection gets the registry as its SessionDirectory.
//
// Thread-safe: one mutex guards everything. A session reports its state at each statement's start
// and end, a short update under that mutex; what it keeps is bounded (the query text is cut to
// kMaxQueryBytes, as PostgreSQL's track_activity_query_size does).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/database.h"
#include "komodo/sessions.h"

namespace komodo::server {

class BackendRegistry : public SessionDirectory {
 public:
  static constexpr size_t kMaxQueryBytes = 1023;  // PostgreSQL's default, less its terminator

  struct Key {
    int32_t pid = 0;
    int32_t secret = 0;
  };
  // What a session hands over when it registers. `conn`, `terminate` and `wake_fd` are borrowed
  // until Unregister: Terminate sets *terminate, cancels conn's statement and writes to wake_fd
  // (an eventfd the session polls while it waits for its client).
  struct Backend {
    Connection* conn = nullptr;
    std::atomic<bool>* terminate = nullptr;
    int wake_fd = -1;
    SessionActivity activity;  // its pid is set by Register
  };
  // Lists the session (state "idle") under a new pid and secret.
  Key Register(Backend backend);
  void Unregister(int32_t pid);
  // Cancels the statement running in the session (pid, secret) names; false when none does.
  bool Cancel(int32_t pid, int32_t secret);

  // A statement starts: state "active", its text, query_start (and xact_start when the session
  // was not in a transaction). `now`: microseconds since 2000-01-01 UTC.
  void ReportActive(int32_t pid, std::string_view query, int64_t now);
  // The session waits for its client again; `transaction_status` is ReadyForQuery's ('I', 'T',
  // 'E').
  void ReportIdle(int32_t pid, char transaction_status, int64_t now);
  // SET application_name.
  void SetApplicationName(int32_t pid, const std::string& name);

  // Counts one more session of `role` unless it already has `limit` (its CONNECTION LIMIT);
  // false when refused. Each true is paired with one RemoveRoleSession.
  bool AddRoleSession(const std::string& role, int32_t limit);
  void RemoveRoleSession(const std::string& role);

  // SessionDirectory.
  std::vector<SessionActivity> Sessions() const override;
  bool Cancel(int32_t pid) override;
  bool Terminate(int32_t pid) override;

 private:
  mutable std::mutex mu_;
  int32_t next_pid_ = 1;
  struct Entry {
    int32_t secret = 0;
    Backend backend;
  };
  std::map<int32_t, Entry> backends_;             // pid -> its session
  std::map<std::string, int32_t> role_sessions_;  // role -> sessions counted against its limit
};

// Microseconds since 2000-01-01 UTC, PostgreSQL's timestamptz.
int64_t NowMicros();

}  // namespace komodo::server
