// The PostgreSQL wire-protocol server: a listening socket and one thread per connection, each
// running a Session over a Connection to the shared Database.
//
//   Server server(*db, options);
//   RETURN_IF_ERROR(server.Listen());
//   std::thread t([&] { server.Run(); });   // returns after RequestStop()
//   ... server.RequestStop(); t.join(); server.WaitForSessions(timeout);
//
// Shutdown: RequestStop() (thread-safe, and safe from a signal handler) stops accepting, and every
// session that waits for a client message ends at once (FATAL 57P01 to the client); a session that
// runs a statement finishes it and its answer first. WaitForSessions() waits a bounded time for
// them; once it returns true no session uses the Database any more.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "komodo/database.h"
#include "server/backend_registry.h"
#include "server/pgwire_messages.h"

namespace komodo::server {

class TlsContext;

enum class AuthMethod {
  kTrust,        // any user name, no password (no role needs to exist)
  kScramSha256,  // the role must exist, be allowed to log in and prove its password
};

struct ServerOptions {
  // Address to listen on (IPv4 or IPv6 literal, or a host name). Default: 127.0.0.1.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one (see Server::port()). Default: 5432.
  int port = 5432;
  // Sessions at once; one more is refused with FATAL 53300 "sorry, too many clients already".
  // Default: 100.
  int max_connections = 100;
  // Largest frontend message (length field included); a longer one is a protocol violation
  // (08P01) that closes the connection. Default: 64 MiB.
  size_t max_message_bytes = kDefaultMaxMessageBytes;
  // KomodoDB's version, for the log and server_version_num-style reporting. Default: "".
  std::string version;
  // How clients authenticate. Default: kTrust.
  AuthMethod auth_method = AuthMethod::kTrust;
  // With kScramSha256: clients on a loopback address (127.0.0.0/8, ::1) are trusted instead.
  // Default: false.
  bool trust_loopback = false;
  // TLS: when on, Listen() loads ssl_cert_file and ssl_key_file (PEM) and an SSLRequest is
  // answered 'S'; when off it is answered 'N'. Default: off.
  bool ssl = false;
  std::string ssl_cert_file;
  std::string ssl_key_file;
  // Clients on a non-loopback address that do not use TLS are refused (FATAL 28000, as a
  // pg_hba.conf with only hostssl lines for them). Needs `ssl`. Default: false.
  bool ssl_require_remote = false;
};

class Server {
 public:
  Server(Database& db, ServerOptions options);
  ~Server();  // precondition: Run() has returned
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key when `ssl` is on, binds and listens. Errors: 58000 when
  // the address cannot be resolved or bound, or the certificate or key cannot be loaded.
  Status Listen();
  // The bound port (after Listen()).
  int port() const { return bound_port_; }

  // Accepts connections until RequestStop(). Precondition: Listen() succeeded.
  void Run();
  // Async-signal-safe: one write() to an eventfd.
  void RequestStop();
  // Waits up to `timeout` for every session thread to end; true when they all did.
  bool WaitForSessions(std::chrono::milliseconds timeout);

 private:
  void StartSession(int fd, std::string peer, bool loopback);

  Database& db_;
  ServerOptions options_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd, readable once a stop is requested
  int bound_port_ = 0;
  BackendRegistry registry_;
  std::unique_ptr<TlsContext> tls_;  // null when TLS is off

  std::mutex mu_;
  std::condition_variable done_cv_;
  int threads_ = 0;   // session threads alive (refused connections included)
  int sessions_ = 0;  // sessions counted against max_connections
};

// One line to stderr, with a timestamp; thread-safe.
void LogLine(const std::string& line);

}  // namespace komodo::server
