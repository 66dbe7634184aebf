// The listener and the session threads. One thread per connection keeps a session's code
// sequential; a stop request reaches every thread through one eventfd that all of them poll.
#include "server/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>

#include "common/macros.h"
#include "server/session.h"
#include "server/tls.h"

namespace komodo::server {

void LogLine(const std::string& line) {
  static std::mutex mu;
  char when[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
  std::lock_guard<std::mutex> lock(mu);
  std::fprintf(stderr, "%s komodo: %s\n", when, line.c_str());
  std::fflush(stderr);
}

// --- Server ------------------------------------------------------------------------------------

Server::Server(Database& db, ServerOptions options) : db_(db), options_(std::move(options)) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

Server::~Server() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

Status Server::Listen() {
  if (wake_fd_ < 0) return Status("58000", std::string("eventfd: ") + std::strerror(errno));
  if (options_.ssl) {
    if (options_.ssl_cert_file.empty() || options_.ssl_key_file.empty()) {
      return Status("58000", "ssl is on but ssl_cert_file or ssl_key_file is not set");
    }
    ASSIGN_OR_RETURN(tls_, TlsContext::Load(options_.ssl_cert_file, options_.ssl_key_file));
  } else if (options_.ssl_require_remote) {
    return Status("58000", "ssl_require_remote needs ssl to be on");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options_.port);
  int rc = ::getaddrinfo(options_.host.empty() ? nullptr : options_.host.c_str(), port.c_str(),
                         &hints, &found);
  if (rc != 0) {
    return Status("58000", "could not resolve \"" + options_.host + "\": " + gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    listen_fd_ = fd;
    break;
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) {
    return Status("58000", "could not listen on " + options_.host + ":" + port + ": " + last_error);
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port_ = addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  LogLine(
      "listening on " + options_.host + ":" + std::to_string(bound_port_) + " (max_connections " +
      std::to_string(options_.max_connections) + ", auth " +
      (options_.auth_method == AuthMethod::kTrust ? "trust"
       : options_.trust_loopback                  ? "scram-sha-256, loopback trusted"
                                                  : "scram-sha-256") +
      ", ssl " +
      (tls_ ? (options_.ssl_require_remote ? "on, required for remote clients" : "on") : "off") +
      ")");
  return Status::OK();
}

namespace {
std::string PeerName(const sockaddr_storage& addr) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
    port = ntohs(a->sin6_port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

bool IsLoopback(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
  }
  if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr)) return true;
    return IN6_IS_ADDR_V4MAPPED(&a->sin6_addr) && a->sin6_addr.s6_addr[12] == 127;
  }
  return false;
}
}  // namespace

void Server::Run() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  while (true) {
    int n = ::poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      LogLine(std::string("poll failed: ") + std::strerror(errno));
      break;
    }
    if (fds[1].revents != 0) break;
    if (fds[0].revents == 0) continue;
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors or a connection reset before accept: log and go on accepting.
      if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN) {
        LogLine(std::string("accept failed: ") + std::strerror(errno));
        if (errno == EMFILE || errno == ENFILE) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    StartSession(fd, PeerName(addr), IsLoopback(addr));
  }
  ::close(listen_fd_);
  listen_fd_ = -1;
  LogLine("no longer accepting connections");
}

void Server::StartSession(int fd, std::string peer, bool loopback) {
  bool refuse;
  {
    std::lock_guard<std::mutex> lock(mu_);
    refuse = sessions_ >= options_.max_connections;
    if (!refuse) sessions_++;
    threads_++;
  }
  auto run = [this, fd, peer = std::move(peer), refuse, loopback]() mutable {
    {
      Session session(Session::Env{db_, options_, registry_, wake_fd_, tls_.get()}, fd,
                      std::move(peer), loopback, refuse);
      session.Run();
    }  // the session's Connection is gone before the count drops
    std::lock_guard<std::mutex> lock(mu_);
    if (!refuse) sessions_--;
    threads_--;
    done_cv_.notify_all();
  };
  try {
    std::thread(std::move(run)).detach();
  } catch (const std::system_error& e) {  // no thread to be had: refuse this one connection
    LogLine(std::string("could not start a session thread: ") + e.what());
    ::close(fd);
    std::lock_guard<std::mutex> lock(mu_);
    if (!refuse) sessions_--;
    threads_--;
  }
}

void Server::RequestStop() {
  uint64_t one = 1;
  ssize_t n = ::write(wake_fd_, &one, sizeof(one));
  (void)n;
}

bool Server::WaitForSessions(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return done_cv_.wait_for(lock, timeout, [this] { return threads_ == 0; });
}

}  // namespace komodo::server
