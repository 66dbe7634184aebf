// The `komodo serve` backend: each session starts its own server over a new temporary data
// folder and talks to it through libpq, so every test file also runs over the wire protocol
// (simple query messages, text results) exactly as a client sees it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "backend.h"
#include "common/macros.h"
#include "pg_client.h"

namespace komodo::slt {
namespace {

// A port nobody listens on now; the server may still lose it to another process before it binds,
// which NewSession answers by trying again.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

class ServeSession : public Session {
 public:
  ~ServeSession() override {
    conn_.reset();
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);  // a clean shutdown, as a user would stop it
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Status Start(const std::string& komodo) {
    char tmpl[] = "/tmp/komodo_slt_serve_XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return Status::IOError("cannot make a temporary folder");
    dir_ = tmpl;
    Status last = Status::IOError("komodo serve did not start");
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = FreePort();
      if (port < 0) return Status::IOError("no free port");
      std::string data = dir_ + "/data", port_text = std::to_string(port);
      std::string log = dir_ + "/server.log";
      pid_t pid = ::fork();
      if (pid < 0) return Status::IOError("fork failed");
      if (pid == 0) {
        FILE* out = std::freopen(log.c_str(), "a", stderr);
        (void)out;
        ::execl(komodo.c_str(), komodo.c_str(), "serve", "--data", data.c_str(), "--host",
                "127.0.0.1", "--port", port_text.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
      }
      pid_ = pid;
      std::string conninfo =
          "host=127.0.0.1 port=" + port_text + " user=komodo dbname=komodo connect_timeout=5";
      // Safety net against a server that never comes up; a healthy start takes milliseconds.
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: the port was taken, or worse
          pid_ = -1;
          last = Status::IOError("komodo serve exited early; see " + log);
          break;
        }
        auto conn = Connect(conninfo, "");
        if (conn.ok()) {
          conn_ = std::move(conn).value();
          return Status::OK();
        }
        last = conn.status();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
      }
    }
    return last;
  }

  Result<Outcome> Execute(const std::string& sql) override { return Run(conn_.get(), sql); }

 private:
  std::string dir_;
  pid_t pid_ = -1;
  PgConnPtr conn_;
};

class ServeBackend : public Backend {
 public:
  explicit ServeBackend(std::string komodo) : komodo_(std::move(komodo)) {}

  const std::string& engine() const override { return engine_; }

  Result<std::unique_ptr<Session>> NewSession() override {
    auto session = std::make_unique<ServeSession>();
    RETURN_IF_ERROR(session->Start(komodo_));
    return std::unique_ptr<Session>(std::move(session));
  }

 private:
  std::string komodo_;
  std::string engine_ = "komodo";
};

}  // namespace

std::unique_ptr<Backend> NewServeBackend(const std::string& komodo_binary) {
  return std::make_unique<ServeBackend>(komodo_binary);
}

}  // namespace komodo::slt
