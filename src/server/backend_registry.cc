#include "server/backend_registry.h"

#include <unistd.h>

#include <chrono>
#include <random>

namespace komodo::server {

int64_t NowMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() -
         946684800LL * 1000000;  // PostgreSQL's epoch is 2000-01-01
}

namespace {
// The first `max` bytes of `text`, not cutting a UTF-8 character in two.
std::string_view Clip(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) n--;
  return text.substr(0, n);
}
}  // namespace

BackendRegistry::Key BackendRegistry::Register(Backend backend) {
  static thread_local std::mt19937 rng(std::random_device{}());
  std::lock_guard<std::mutex> lock(mu_);
  Key key;
  key.pid = next_pid_++;
  if (next_pid_ <= 0) next_pid_ = 1;
  key.secret = static_cast<int32_t>(rng());
  backend.activity.pid = key.pid;
  backend.activity.state = "idle";
  backends_[key.pid] = Entry{key.secret, std::move(backend)};
  return key;
}

void BackendRegistry::Unregister(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  backends_.erase(pid);
}

bool BackendRegistry::Cancel(int32_t pid, int32_t secret) {
  std::lock_guard<std::mutex> lock(mu_);  // held while cancelling: Unregister waits for it
  auto it = backends_.find(pid);
  if (it == backends_.end() || it->second.secret != secret) return false;
  if (it->second.backend.conn != nullptr) it->second.backend.conn->Cancel();
  return true;
}

void BackendRegistry::ReportActive(int32_t pid, std::string_view query, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(pid);
  if (it == backends_.end()) return;
  SessionActivity& a = it->second.backend.activity;
  if (!a.xact_start) a.xact_start = now;
  a.query_start = now;
  a.state_change = now;
  a.state = "active";
  a.query.assign(Clip(query, kMaxQueryBytes));
}

void BackendRegistry::ReportIdle(int32_t pid, char transaction_status, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(pid);
  if (it == backends_.end()) return;
  SessionActivity& a = it->second.backend.activity;
  const char* state = transaction_status == 'T'   ? "idle in transaction"
                      : transaction_status == 'E' ? "idle in transaction (aborted)"
                                                  : "idle";
  if (transaction_status == 'I') a.xact_start.reset();
  if (a.state != state) {
    a.state = state;
    a.state_change = now;
  }
}

void BackendRegistry::SetApplicationName(int32_t pid, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(pid);
  if (it != backends_.end()) it->second.backend.activity.application_name = name;
}

bool BackendRegistry::AddRoleSession(const std::string& role, int32_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  int32_t& n = role_sessions_[role];
  if (n >= limit) return false;
  n++;
  return true;
}

void BackendRegistry::RemoveRoleSession(const std::string& role) {
  std::lock_guard<std::mutex> lock(mu_);
  if (--role_sessions_[role] <= 0) role_sessions_.erase(role);
}

std::vector<SessionActivity> BackendRegistry::Sessions() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<SessionActivity> out;
  out.reserve(backends_.size());
  for (const auto& [pid, e] : backends_) out.push_back(e.backend.activity);
  return out;
}

bool BackendRegistry::Cancel(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(pid);
  if (it == backends_.end()) return false;
  if (it->second.backend.conn != nullptr) it->second.backend.conn->Cancel();
  return true;
}

bool BackendRegistry::Terminate(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = backends_.find(pid);
  if (it == backends_.end()) return false;
  Backend& b = it->second.backend;
  if (b.terminate != nullptr) b.terminate->store(true);
  if (b.conn != nullptr) b.conn->Terminate();
  if (b.wake_fd >= 0) {
    uint64_t one = 1;
    ssize_t n = ::write(b.wake_fd, &one, sizeof(one));
    (void)n;
  }
  return true;
}

}  // namespace komodo::server
