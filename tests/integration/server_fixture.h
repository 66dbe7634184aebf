// The fixture of the wire server's integration tests (server_test.cc, sessions_test.cc): a raw
// protocol client written here (so every byte is under the test's control), message builders,
// Render() to show an exchange as one string, `komodo serve` as a child process on a free port,
// and RunChild() for real clients (psql, psycopg2, ...).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace komodo::server {

using namespace std::chrono_literals;

// Safety nets against a hung server, not expectations: a healthy run takes milliseconds.
constexpr auto kStartDeadline = 60s;
constexpr int kReadTimeoutMs = 30'000;

inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return -1;
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

inline int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// --- Message building --------------------------------------------------------------------------

inline void PutInt32(std::string& s, int32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
}
inline void PutInt16(std::string& s, int16_t v) {
  s.push_back(static_cast<char>((v >> 8) & 0xff));
  s.push_back(static_cast<char>(v & 0xff));
}
inline void PutCString(std::string& s, std::string_view v) {
  s.append(v);
  s.push_back('\0');
}
inline std::string Message(char type, const std::string& body) {
  std::string m(1, type);
  PutInt32(m, static_cast<int32_t>(body.size() + 4));
  return m + body;
}
inline std::string StartupPacket(const std::string& user, int32_t protocol = 3 << 16) {
  std::string body;
  PutInt32(body, protocol);
  PutCString(body, "user");
  PutCString(body, user);
  PutCString(body, "database");
  PutCString(body, "komodo");
  PutCString(body, "application_name");
  PutCString(body, "server_test");
  body.push_back('\0');
  std::string m;
  PutInt32(m, static_cast<int32_t>(body.size() + 4));
  return m + body;
}
inline std::string Query(const std::string& sql) {
  std::string b;
  PutCString(b, sql);
  return Message('Q', b);
}
inline std::string Parse(const std::string& name, const std::string& sql,
                         const std::vector<int32_t>& types = {}) {
  std::string b;
  PutCString(b, name);
  PutCString(b, sql);
  PutInt16(b, static_cast<int16_t>(types.size()));
  for (int32_t t : types) PutInt32(b, t);
  return Message('P', b);
}
struct Param {
  bool null = false;
  int16_t format = 0;
  std::string bytes;
};
inline std::string Bind(const std::string& portal, const std::string& stmt,
                        const std::vector<Param>& params,
                        const std::vector<int16_t>& result_formats = {}) {
  std::string b;
  PutCString(b, portal);
  PutCString(b, stmt);
  PutInt16(b, static_cast<int16_t>(params.size()));
  for (const Param& p : params) PutInt16(b, p.format);
  PutInt16(b, static_cast<int16_t>(params.size()));
  for (const Param& p : params) {
    if (p.null) {
      PutInt32(b, -1);
    } else {
      PutInt32(b, static_cast<int32_t>(p.bytes.size()));
      b += p.bytes;
    }
  }
  PutInt16(b, static_cast<int16_t>(result_formats.size()));
  for (int16_t f : result_formats) PutInt16(b, f);
  return Message('B', b);
}
inline std::string Describe(char target, const std::string& name) {
  std::string b(1, target);
  PutCString(b, name);
  return Message('D', b);
}
inline std::string Close(char target, const std::string& name) {
  std::string b(1, target);
  PutCString(b, name);
  return Message('C', b);
}
inline std::string Execute(const std::string& portal, int32_t max_rows = 0) {
  std::string b;
  PutCString(b, portal);
  PutInt32(b, max_rows);
  return Message('E', b);
}
inline std::string Sync() { return Message('S', ""); }

inline std::string BigEndian(uint64_t v, int bytes) {
  std::string s;
  for (int i = bytes - 1; i >= 0; i--) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}
inline std::string Hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// --- A raw protocol client ---------------------------------------------------------------------

struct Msg {
  char type = 0;  // 0: the connection ended (EOF, reset or timeout)
  std::string body;
};

class Client {
 public:
  explicit Client(int port) : fd_(ConnectTo(port)) {}
  ~Client() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return fd_ >= 0; }
  // The client's own port (what the server sees as the peer's).
  int local_port() const {
    sockaddr_in addr{};
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.sin_port);
  }
  // Whether a message (or EOF) is there to read within `timeout_ms`.
  bool Readable(int timeout_ms) {
    if (!buf_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, timeout_ms) > 0;
  }

  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the server closed: the reads will tell
      sent += static_cast<size_t>(n);
    }
  }
  // Half-closes the sending side: the server sees EOF.
  void ShutdownWrite() { shutdown(fd_, SHUT_WR); }

  // One raw byte (the answer to SSLRequest); -1 at EOF.
  int ReadByte() {
    if (!Fill(1)) return -1;
    char c = buf_[0];
    buf_.erase(0, 1);
    return static_cast<unsigned char>(c);
  }

  Msg Read() {
    if (!Fill(5)) return {};
    uint32_t len = 0;
    for (int i = 1; i < 5; i++) len = (len << 8) | static_cast<unsigned char>(buf_[i]);
    if (!Fill(1 + len)) return {};
    Msg m{buf_[0], buf_.substr(5, len - 4)};
    buf_.erase(0, 1 + len);
    return m;
  }

  // Messages up to and including ReadyForQuery (or up to the end of the connection).
  std::vector<Msg> ReadUntilReady() {
    std::vector<Msg> out;
    while (true) {
      Msg m = Read();
      out.push_back(m);
      if (m.type == 'Z' || m.type == 0) return out;
    }
  }

  // Startup with `user`; returns the rendered ParameterStatus messages and ReadyForQuery.
  std::vector<Msg> Startup(const std::string& user = "komodo") {
    Send(StartupPacket(user));
    return ReadUntilReady();
  }

 private:
  bool Fill(size_t n) {
    while (buf_.size() < n) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, kReadTimeoutMs) <= 0) return false;
      char tmp[65536];
      ssize_t got = recv(fd_, tmp, sizeof(tmp), 0);
      if (got <= 0) return false;
      buf_.append(tmp, static_cast<size_t>(got));
    }
    return true;
  }

  int fd_;
  std::string buf_;
};

// Reads big-endian integers and NUL-terminated strings from a message body.
class BodyReader {
 public:
  explicit BodyReader(std::string_view s) : s_(s) {}
  int32_t Int32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v = (v << 8) | static_cast<unsigned char>(s_[pos_++]);
    return static_cast<int32_t>(v);
  }
  int16_t Int16() {
    uint16_t v = static_cast<uint16_t>((static_cast<unsigned char>(s_[pos_]) << 8) |
                                       static_cast<unsigned char>(s_[pos_ + 1]));
    pos_ += 2;
    return static_cast<int16_t>(v);
  }
  std::string CString() {
    size_t end = s_.find('\0', pos_);
    std::string v(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return v;
  }
  std::string Bytes(size_t n) {
    std::string v(s_.substr(pos_, n));
    pos_ += n;
    return v;
  }
  bool done() const { return pos_ >= s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// One message as a short string, so that a whole exchange fits one ASSERT_EQ:
//   T[id:23 v:25] D[1|a|NULL] C[SELECT 2] E[ERROR 42P01 relation "x" does not exist] Z[I]
// DataRow columns in binary format are shown as hex with a 0x prefix when `binary` is set.
inline std::string Render(const Msg& m, bool binary = false) {
  BodyReader r(m.body);
  switch (m.type) {
    case 0:
      return "EOF";
    case 'T': {
      std::string out = "T[";
      int n = r.Int16();
      for (int i = 0; i < n; i++) {
        std::string name = r.CString();
        r.Int32();
        r.Int16();
        int32_t type = r.Int32();
        r.Int16();
        r.Int32();
        int16_t format = r.Int16();
        out += (i ? " " : "") + name + ":" + std::to_string(type) + (format ? "b" : "");
      }
      return out + "]";
    }
    case 'D': {
      std::string out = "D[";
      int n = r.Int16();
      for (int i = 0; i < n; i++) {
        int32_t len = r.Int32();
        out += i ? "|" : "";
        out += len < 0 ? "NULL" : binary ? "0x" + Hex(r.Bytes(len)) : r.Bytes(len);
      }
      return out + "]";
    }
    case 'C':
      return "C[" + r.CString() + "]";
    case 'E':
    case 'N': {
      std::string severity, code, message, position;
      while (!r.done()) {
        char field = r.Bytes(1)[0];
        if (field == '\0') break;
        std::string value = r.CString();
        if (field == 'S') severity = value;
        if (field == 'C') code = value;
        if (field == 'M') message = value;
        if (field == 'P') position = " @" + value;
        if (field == 'W') position += " (" + value + ")";
      }
      return std::string(1, m.type) + "[" + severity + " " + code + " " + message + position + "]";
    }
    case 'Z':
      return "Z[" + m.body + "]";
    case 'G':  // CopyInResponse, CopyOutResponse: overall format and each column's
    case 'H': {
      std::string out = std::string(1, m.type) + "[" + std::to_string(r.Bytes(1)[0]);
      int n = r.Int16();
      for (int i = 0; i < n; i++) out += (i ? " " : ":") + std::to_string(r.Int16());
      return out + "]";
    }
    case 'd':
      return "d[" + m.body + "]";
    case 't': {
      std::string out = "t[";
      int n = r.Int16();
      for (int i = 0; i < n; i++) out += (i ? " " : "") + std::to_string(r.Int32());
      return out + "]";
    }
    case 'S': {
      std::string name = r.CString();
      return "S[" + name + "=" + r.CString() + "]";
    }
    case 'R':
      return "R[" + std::to_string(r.Int32()) + "]";
    case 'K':
      return "K";
    default:
      return std::string(1, m.type);  // 1 2 3 n s I
  }
}

inline std::string Render(const std::vector<Msg>& msgs, bool binary = false) {
  std::string out;
  for (const Msg& m : msgs) out += (out.empty() ? "" : " ") + Render(m, binary);
  return out;
}

// --- The server process ------------------------------------------------------------------------

class ServerProcess {
 public:
  // Starts `komodo serve --port P --data DIR extra...` and waits until it accepts connections.
  bool Start(const std::string& data, const std::vector<std::string>& extra = {}) {
    port_ = FreePort();
    log_ = data + ".log";
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      std::vector<std::string> args = {KOMODO_BINARY,         "serve",  "--port",
                                       std::to_string(port_), "--data", data};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(KOMODO_BINARY, argv.data());
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      int fd = ConnectTo(port_);
      if (fd >= 0) {
        close(fd);
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // SIGTERM, then the exit code (128 + signal when killed by one).
  int Stop() {
    if (pid_ < 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return test::ReadFile(log_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    data_ = dir_.path() + "/data";
  }
  void StartServer(const std::vector<std::string>& extra = {}) {
    ASSERT_TRUE(server_.Start(data_, extra)) << server_.log();
  }
  // A client after a successful startup.
  std::unique_ptr<Client> Connect(const std::string& user = "komodo") {
    auto c = std::make_unique<Client>(server_.port());
    EXPECT_TRUE(c->connected());
    std::vector<Msg> startup = c->Startup(user);
    EXPECT_EQ(Render(startup.back()), "Z[I]") << Render(startup) << "\n" << server_.log();
    return c;
  }
  std::string Exchange(Client& c, const std::string& bytes, bool binary = false) {
    c.Send(bytes);
    return Render(c.ReadUntilReady(), binary);
  }

  test::TempDir dir_;
  std::string data_;
  ServerProcess server_;
};

struct ChildResult {
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs `argv` with stdout and stderr captured in files under `dir`.
inline ChildResult RunChild(const std::vector<std::string>& argv, const std::string& dir) {
  std::string out = dir + "/child.out", err = dir + "/child.err";
  pid_t pid = fork();
  if (pid == 0) {
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return {test::ReadFile(out), test::ReadFile(err),
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

// psql and python3-psycopg2 are installed by scripts/install-deps.sh; a missing one fails.
inline std::string Psql() {
  for (const char* p : {"/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"}) {
    if (std::filesystem::exists(p)) return p;
  }
  return "";
}

}  // namespace komodo::server
