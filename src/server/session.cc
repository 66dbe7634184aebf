// The per-connection protocol state machine: startup, simple query, extended query.
#include "server/session.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/macros.h"
#include "server/pgwire_values.h"

namespace komodo::server {
namespace {

constexpr int kStartupTimeoutMs = 60'000;  // PostgreSQL's authentication_timeout
constexpr size_t kFlushThreshold = 64 << 10;
constexpr size_t kReadChunk = 64 << 10;

Status ProtocolViolation(std::string message) { return Status("08P01", std::move(message)); }

// The first keyword of a statement, lower-cased, after blanks, comments and '('.
std::string FirstKeyword(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(') {
      i++;
    } else if (sql.substr(i, 2) == "--") {
      while (i < sql.size() && sql[i] != '\n') i++;
    } else if (sql.substr(i, 2) == "/*") {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++]))));
  }
  return word;
}

// Statements that only read, so running one early (to describe its columns) changes nothing.
bool IsReadOnlyQuery(std::string_view sql) {
  std::string w = FirstKeyword(sql);
  return w == "select" || w == "values" || w == "table" || w == "show";
}

std::vector<FieldDescription> Fields(const std::vector<ColumnInfo>& columns,
                                     const std::vector<int16_t>& formats) {
  std::vector<FieldDescription> fields;
  for (size_t i = 0; i < columns.size(); i++) {
    fields.push_back(
        {columns[i].name, columns[i].type, i < formats.size() ? formats[i] : int16_t{0}});
  }
  return fields;
}

std::vector<FieldDescription> Fields(const QueryResult& r, const std::vector<int16_t>& formats) {
  return Fields(r.columns(), formats);
}

}  // namespace

class Session::SqlSettings : public SettingsProvider {
 public:
  explicit SqlSettings(Session& s) : s_(s) {}
  Result<std::string> Get(const std::string& name) override {
    ASSIGN_OR_RETURN(SessionSettings::Outcome o, Run("SHOW " + Name(name)));
    return o.result.rows().at(0).at(0).ToText();
  }
  Result<std::string> Set(const std::string& name, const std::string& value,
                          bool is_local) override {
    std::string literal = "'";
    for (char c : value) literal += c == '\'' ? std::string("''") : std::string(1, c);
    ASSIGN_OR_RETURN(SessionSettings::Outcome o,
                     Run(std::string("SET ") + (is_local ? "LOCAL " : "") + Name(name) + " TO " +
                         literal + "'"));
    s_.ApplySettings();  // the client hears of a reported change before ReadyForQuery
    return Get(name);
  }

 private:
  // A name as the SET/SHOW parser reads it; anything else is no setting there is.
  static std::string Name(const std::string& name) {
    bool plain = !name.empty();
    for (char c : name) plain &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    return plain ? name : "\"invalid name\"";
  }
  Result<SessionSettings::Outcome> Run(const std::string& sql) {
    std::optional<Result<SessionSettings::Outcome>> r = s_.settings_.Handle(sql);
    if (!r.has_value()) return Status::Internal("not a settings statement: " + sql);
    return std::move(*r);
  }
  Session& s_;
};

Session::Session(Env env, int fd, std::string peer, bool loopback, bool refuse)
    : env_(env),
      fd_(fd),
      peer_(std::move(peer)),
      loopback_(loopback),
      refuse_(refuse),
      backend_start_(NowMicros()) {}

Session::~Session() {
  if (registered_) env_.registry.Unregister(key_.pid);  // before the connection goes
  if (counted_for_role_) env_.registry.RemoveRoleSession(user_);
  portals_.clear();
  statements_.clear();
  conn_.reset();
  tls_.reset();  // close_notify before the socket closes
  ::close(fd_);
  if (terminate_fd_ >= 0) ::close(terminate_fd_);  // unregistered: nobody writes to it now
}

// --- I/O ---------------------------------------------------------------------------------------

Session::ReadOutcome Session::ReadMore(int timeout_ms) {
  // The server's stop and pg_terminate_backend() wake the session the same way.
  pollfd fds[3] = {{fd_, POLLIN, 0}, {env_.wake_fd, POLLIN, 0}, {terminate_fd_, POLLIN, 0}};
  // TLS may hold decrypted bytes that poll() on the socket does not see.
  while (tls_ == nullptr || !tls_->HasPending()) {
    int n = ::poll(fds, terminate_fd_ >= 0 ? 3 : 2, timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadOutcome::kError;
    }
    if (n == 0) return ReadOutcome::kTimeout;
    if (fds[1].revents != 0 || fds[2].revents != 0) return ReadOutcome::kStop;
    break;
  }
  char buf[kReadChunk];
  while (true) {
    ssize_t got = tls_ ? tls_->Read(buf, sizeof(buf)) : ::recv(fd_, buf, sizeof(buf), 0);
    if (got > 0) {
      in_.append(buf, static_cast<size_t>(got));
      return ReadOutcome::kOk;
    }
    if (got == 0) return ReadOutcome::kEof;
    if (!tls_ && errno == EINTR) continue;
    return ReadOutcome::kError;
  }
}

bool Session::Flush() {
  const std::string& data = out_.data();
  if (tls_ != nullptr) {
    if (!broken_ && !tls_->WriteAll(data)) broken_ = true;
    out_.Clear();
    return !broken_;
  }
  size_t sent = 0;
  while (!broken_ && sent < data.size()) {
    ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A client that does not read blocks only its own session, and pg_terminate_backend()
        // still ends it: wait for room or for the terminate request.
        pollfd fds[2] = {{fd_, POLLOUT, 0}, {terminate_fd_, POLLIN, 0}};
        int k = ::poll(fds, terminate_fd_ >= 0 ? 2 : 1, -1);
        if (k > 0 && fds[1].revents != 0) broken_ = true;  // nothing more reaches that client
        continue;
      }
      broken_ = true;
      break;
    }
    sent += static_cast<size_t>(n);
  }
  out_.Clear();
  return !broken_;
}

bool Session::FlushIfLarge() { return out_.size() < kFlushThreshold || Flush(); }

void Session::SendError(const Status& status) {
  if (terminate_.load()) {
    // pg_terminate_backend() cancelled the statement: the session ends instead, as in PostgreSQL.
    Terminated();
    return;
  }
  SendNotices();  // what the statement raised before it failed
  out_.ErrorResponse(status);
  LogLine("[" + std::to_string(key_.pid) + "] ERROR " + std::string(status.sqlstate()) + ": " +
          status.message());
}

void Session::Fatal(const Status& status) {
  out_.ErrorResponse(status, "FATAL");
  Flush();
  LogLine("[" + std::to_string(key_.pid) + "] FATAL " + std::string(status.sqlstate()) + ": " +
          status.message() + " (" + peer_ + ")");
}

void Session::Terminated() {
  if (terminated_) return;
  terminated_ = true;
  Fatal(Status("57P01", "terminating connection due to administrator command"));
}

void Session::ReadyForQuery() {
  if (terminate_.load()) return;  // the message loop ends the session instead
  SendNotices();                  // none should be left; if one is, it still precedes ReadyForQuery
  for (const auto& [name, value] : settings_.Reported()) {
    std::string& last = reported_[name];
    if (last == value) continue;
    out_.ParameterStatus(name, value);
    last = value;
  }
  char status = conn_->transaction_status();
  if (registered_) env_.registry.ReportIdle(key_.pid, status, NowMicros());
  out_.ReadyForQuery(status);
}

namespace {

// A message level's rank among client_min_messages' values (PostgreSQL's elog levels: DEBUG5 ...
// DEBUG1 < LOG < NOTICE < WARNING < ERROR).
int MessageLevel(std::string_view level) {
  static const char* const kLevels[] = {"debug5", "debug4", "debug3",  "debug2", "debug1",
                                        "log",    "notice", "warning", "error"};
  std::string lower;
  for (char c : level)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "debug") lower = "debug2";
  if (lower == "info") return 6;  // INFO always reaches the client; as NOTICE here
  for (int i = 0; i < 9; i++) {
    if (lower == kLevels[i]) return i;
  }
  return 6;  // notice: the default
}

}  // namespace

void Session::SendNotices() {
  std::vector<Notice> notices = conn_->TakeNotices();
  if (notices.empty()) return;
  int min_level = MessageLevel(settings_.Get("client_min_messages"));
  for (const Notice& n : notices) {
    if (MessageLevel(n.severity) < min_level) continue;
    out_.NoticeResponse(Status(n.sqlstate, n.message).WithDetail(n.detail).WithHint(n.hint),
                        n.severity);
  }
}

void Session::CommandComplete(const std::string& tag) {
  SendNotices();
  out_.CommandComplete(tag);
}

void Session::ReportActive(std::string_view query) {
  if (registered_) env_.registry.ReportActive(key_.pid, query, NowMicros());
}

// --- Startup -----------------------------------------------------------------------------------

bool Session::Startup() {
  bool negotiated_encryption = false;
  while (true) {
    Frame f = NextStartupFrame(in_);
    if (f.kind == Frame::Kind::kError) {
      Fatal(f.error);
      return false;
    }
    if (f.kind == Frame::Kind::kNeedMore) {
      ReadOutcome r = ReadMore(kStartupTimeoutMs);
      if (r != ReadOutcome::kOk) return false;  // EOF, timeout or stop before startup: just close
      continue;
    }
    Result<StartupPacket> packet = ParseStartupPacket(f.body);
    in_.erase(0, f.consumed);
    if (!packet.ok()) {
      Fatal(packet.status());
      return false;
    }
    switch (packet->kind) {
      case StartupPacket::Kind::kSslRequest:
      case StartupPacket::Kind::kGssEncRequest:
        // No TLS or GSS encryption yet: 'N', and the client goes on in plain text. Only once,
        // and only as the first thing: bytes after it would be a plaintext injection.
        if (negotiated_encryption || !in_.empty()) {
          Fatal(ProtocolViolation("unexpected encryption request"));
          return false;
        }
        negotiated_encryption = true;
        if (packet->kind == StartupPacket::Kind::kSslRequest && env_.tls != nullptr) {
          if (!StartTls()) return false;
          continue;
        }
        out_.RawByte('N');
        if (!Flush()) return false;
        continue;
      case StartupPacket::Kind::kCancelRequest:
        LogLine(std::string("cancel request for backend ") + std::to_string(packet->cancel_pid) +
                (env_.registry.Cancel(packet->cancel_pid, packet->cancel_secret)
                     ? ""
                     : " (no such backend)"));
        return false;  // PostgreSQL answers a cancel request with nothing
      case StartupPacket::Kind::kStartup:
        break;
    }
    std::vector<std::string> unknown_options;
    for (const auto& [name, value] : packet->parameters) {
      if (name == "user") user_ = value;
      if (name == "database") database_ = value;
      if (name.starts_with("_pq_.")) unknown_options.push_back(name);
    }
    if (user_.empty()) {
      Fatal(Status("28000", "no PostgreSQL user name specified in startup packet"));
      return false;
    }
    if (database_.empty()) database_ = user_;
    if (env_.options.ssl_require_remote && !loopback_ && tls_ == nullptr) {
      // PostgreSQL's words for a client that no pg_hba.conf line lets in without TLS.
      Fatal(Status("28000", "no pg_hba.conf entry for host \"" + peer_.substr(0, peer_.rfind(':')) +
                                "\", user \"" + user_ + "\", database \"" + database_ +
                                "\", no encryption"));
      return false;
    }
    if (refuse_) {
      Fatal(Status("53300", "sorry, too many clients already"));
      return false;
    }
    // A newer 3.x minor version or protocol options: say what this server speaks.
    if ((packet->protocol & 0xffff) != 0 || !unknown_options.empty()) {
      out_.NegotiateProtocolVersion(0, unknown_options);
    }
    settings_.ApplyStartup(packet->parameters);
    break;
  }

  Result<std::unique_ptr<Connection>> conn = env_.db.Connect();
  if (!conn.ok()) {
    Fatal(conn.status());
    return false;
  }
  conn_ = std::move(*conn);
  if (!Authenticate() || !CheckConnectionLimit()) return false;
  conn_->SetUser(user_);
  terminate_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (terminate_fd_ < 0) {
    Fatal(Status("53000", std::string("could not create an eventfd: ") + std::strerror(errno)));
    return false;
  }
  BackendRegistry::Backend backend;
  backend.conn = conn_.get();
  backend.terminate = &terminate_;
  backend.wake_fd = terminate_fd_;
  SessionActivity& a = backend.activity;
  a.user = user_;
  a.application_name = settings_.Get("application_name");
  if (size_t colon = peer_.rfind(':'); colon != std::string::npos) {
    a.client_addr = peer_.substr(0, colon);
    a.client_port = std::atoi(peer_.c_str() + colon + 1);
  }
  a.backend_start = backend_start_;
  a.state_change = NowMicros();
  key_ = env_.registry.Register(std::move(backend));
  registered_ = true;
  conn_->SetSessionDirectory(&env_.registry);
  sql_settings_ = std::make_unique<SqlSettings>(*this);
  conn_->SetSettings(sql_settings_.get());
  conn_->SetBackendPid(key_.pid);
  ApplySettings();
  LogLine("[" + std::to_string(key_.pid) + "] connection from " + peer_ + " user=" + user_ +
          " database=" + database_ + " application_name=" + settings_.Get("application_name") +
          (tls_ ? " ssl=" + tls_->version() + "/" + tls_->cipher() : std::string()));
  out_.AuthenticationOk();
  for (const auto& [name, value] : settings_.Reported()) {
    out_.ParameterStatus(name, value);
    reported_[name] = value;
  }
  out_.BackendKeyData(key_.pid, key_.secret);
  ReadyForQuery();
  return Flush();
}

// --- Message loop ------------------------------------------------------------------------------

void Session::Run() {
  if (Startup()) MessageLoop();
  if (registered_) LogLine("[" + std::to_string(key_.pid) + "] disconnected");
}

void Session::MessageLoop() {
  while (!broken_) {
    Frame f = NextFrame(in_, env_.options.max_message_bytes);
    if (f.kind == Frame::Kind::kError) {
      Fatal(f.error);
      return;
    }
    if (f.kind == Frame::Kind::kNeedMore) {
      // Everything answered so far goes out before waiting (the client may be waiting too).
      if (!Flush()) return;
      ReadOutcome r = ReadMore(-1);
      if (r == ReadOutcome::kStop) {
        if (in_.empty() || terminate_.load()) Terminated();
        return;
      }
      if (r != ReadOutcome::kOk) return;  // EOF or a socket error: the client is gone
      continue;
    }
    std::string_view body = f.body;
    char type = f.type;
    bool keep = true;
    current_consumed_ = f.consumed;
    if (ignore_till_sync_ && type != 'S' && type != 'X') {
      // After an error in the extended protocol everything up to Sync is discarded.
    } else {
      switch (type) {
        case 'Q':
          keep = HandleQuery(body);
          break;
        case 'P':
          keep = HandleParse(body);
          break;
        case 'B':
          keep = HandleBind(body);
          break;
        case 'D':
          keep = HandleDescribe(body);
          break;
        case 'E':
          keep = HandleExecute(body);
          break;
        case 'C':
          keep = HandleClose(body);
          break;
        case 'H':
          keep = Flush();
          break;
        case 'S':
          ignore_till_sync_ = false;
          // The implicit transaction of the extended protocol ends here: so do its portals.
          if (conn_->transaction_status() == 'I') portals_.clear();
          ReadyForQuery();
          break;
        case 'X':
          return;
        case 'd':
        case 'c':
        case 'f':
          break;  // COPY messages outside COPY are ignored, as PostgreSQL does
        case 'F':
          SendError(Status::FeatureNotSupported("the function call protocol is not supported"));
          ignore_till_sync_ = true;
          break;
        default:  // 'p': a password message when no authentication is in progress
          Fatal(ProtocolViolation("unexpected message type " + std::string(1, type)));
          return;
      }
    }
    in_.erase(0, current_consumed_);  // 0 when a COPY already dropped the message
    if (!keep) return;
    if (terminate_.load()) {  // pg_terminate_backend() came while the message was handled
      Terminated();
      return;
    }
  }
}

// --- Simple query ------------------------------------------------------------------------------

void Session::SendResult(const QueryResult& result, const std::vector<int16_t>& formats,
                         bool describe) {
  if (describe && result.num_columns() > 0) out_.RowDescription(Fields(result, formats));
  for (const auto& row : result.rows()) {
    out_.DataRow(row, formats);
    if (!FlushIfLarge()) return;
  }
  CommandComplete(result.command_tag());
}

void Session::ApplySettings() {
  if (registered_) env_.registry.SetApplicationName(key_.pid, settings_.Get("application_name"));
  conn_->SetStatementTimeout(TimeoutMillis(settings_.Get("statement_timeout")).value_or(0));
  conn_->SetWorkMem(MemoryKilobytes(settings_.Get("work_mem")).value_or(4096) * 1024);
}

Result<QueryResult> Session::RunSettings(const std::string& query) {
  if (conn_->transaction_status() == 'E') return Status::InFailedTransaction();
  std::optional<Result<SessionSettings::Outcome>> outcome = settings_.Handle(query);
  if (!outcome.has_value()) return Status::Internal("not a settings statement");
  if (!outcome->ok()) return outcome->status();
  ApplySettings();  // the client hears of a reported change before ReadyForQuery
  return std::move((*outcome)->result);
}

bool Session::HandleQuery(std::string_view body) {
  Result<std::string> query = ParseQueryMessage(body);
  if (!query.ok()) {
    Fatal(query.status());
    return false;
  }
  // A simple query drops the unnamed statement and portal, as in PostgreSQL.
  statements_.erase("");
  portals_.erase("");
  ReportActive(*query);
  Status status;
  int results = 0;
  if (FirstKeyword(*query) == "copy") {
    bool keep = true;
    RunCopy(*query, &keep).PermitUncheckedError();  // sent already
    if (!keep) return false;
    ReadyForQuery();
    return !broken_;
  }
  if (SessionSettings::Handles(*query)) {
    Result<QueryResult> r = RunSettings(*query);
    if (r.ok()) {
      SendResult(*r, {}, /*describe=*/true);
      results = 1;
    } else {
      status = r.status();
    }
  } else {
    // Rows go out as the query produces them, flushed whenever the buffer grows large, so a
    // big result never sits whole in the server's memory.
    class Sink : public ResultSink {
     public:
      explicit Sink(Session& s) : s_(s) {}
      Status Columns(const std::vector<ColumnInfo>& columns) override {
        s_.out_.RowDescription(Fields(columns, {}));
        return Check();
      }
      Status Rows(const std::vector<std::vector<Value>>& rows) override {
        s_.SendNotices();  // raised while these rows were computed
        for (const auto& row : rows) {
          s_.out_.DataRow(row, {});
          if (!s_.FlushIfLarge()) break;
        }
        return Check();
      }
      Status Complete(const std::string& tag) override {
        s_.CommandComplete(tag);
        results++;
        return Check();
      }
      int results = 0;

     private:
      Status Check() const {
        return s_.broken_ ? Status::IOError("connection lost") : Status::OK();
      }
      Session& s_;
    } sink(*this);
    status = conn_->ExecuteEach(*query, sink);
    results = sink.results;
  }
  if (!status.ok()) {
    SendError(status);
  } else if (results == 0) {
    out_.EmptyQueryResponse();
  }
  ReadyForQuery();
  return !broken_;
}

// --- Extended query ----------------------------------------------------------------------------

bool Session::HandleParse(std::string_view body) {
  Result<ParseMessage> msg = ParseParseMessage(body);
  if (!msg.ok()) {
    Fatal(msg.status());
    return false;
  }
  if (!msg->statement.empty() && statements_.count(msg->statement) != 0) {
    SendError(Status("42P05", "prepared statement \"" + msg->statement + "\" already exists"));
    ignore_till_sync_ = true;
    return true;
  }
  ReportActive(msg->query);
  auto stmt = std::make_shared<Statement>();
  stmt->query = msg->query;
  Status status;
  if (SessionSettings::Handles(msg->query)) {
    stmt->settings = true;
    if (!msg->param_types.empty()) {
      status = Status::SyntaxError("SET, SHOW and RESET take no parameters");
    }
  } else if (msg->query.find_first_not_of(" \t\r\n;") == std::string::npos) {
    // An empty query: Execute answers EmptyQueryResponse.
  } else {
    Result<PreparedStatement> prepared = conn_->Prepare(msg->query);
    if (!prepared.ok()) {
      status = prepared.status();
    } else {
      stmt->prepared = std::move(*prepared);
      const std::vector<TypeId>& inferred = stmt->prepared->param_types();
      if (msg->param_types.size() > inferred.size()) {
        status = Status("08P01", "Parse message gives " + std::to_string(msg->param_types.size()) +
                                     " parameter types, but the statement has " +
                                     std::to_string(inferred.size()) + " parameters");
      }
      for (size_t i = 0; status.ok() && i < inferred.size(); i++) {
        uint32_t given = i < msg->param_types.size() ? msg->param_types[i] : 0;
        TypeId type = given != 0 ? TypeFromOid(given) : TypeId::kUnknown;
        // A type the client names wins where KomodoDB has it; the engine casts it to what the
        // statement needs at execution.
        if (type == TypeId::kUnknown) type = inferred[i];
        if (type == TypeId::kUnknown) type = TypeId::kText;
        stmt->param_types.push_back(type);
        stmt->param_oids.push_back(given != 0 ? given : static_cast<uint32_t>(type));
      }
    }
  }
  if (!status.ok()) {
    SendError(status);
    ignore_till_sync_ = true;
    return true;
  }
  statements_[msg->statement] = std::move(stmt);
  out_.ParseComplete();
  return true;
}

bool Session::HandleBind(std::string_view body) {
  Result<BindMessage> msg = ParseBindMessage(body);
  if (!msg.ok()) {
    Fatal(msg.status());
    return false;
  }
  auto fail = [&](const Status& s) {
    SendError(s);
    ignore_till_sync_ = true;
    return true;
  };
  auto it = statements_.find(msg->statement);
  if (it == statements_.end()) {
    return fail(Status("26000", "prepared statement \"" + msg->statement + "\" does not exist"));
  }
  if (!msg->portal.empty() && portals_.count(msg->portal) != 0) {
    return fail(Status("42P03", "cursor \"" + msg->portal + "\" already exists"));
  }
  const Statement& stmt = *it->second;
  ReportActive(stmt.query);
  // As in PostgreSQL, only a statement that ends the transaction may be bound in a failed one.
  std::string keyword = FirstKeyword(stmt.query);
  if (conn_->transaction_status() == 'E' && keyword != "rollback" && keyword != "commit" &&
      keyword != "abort" && keyword != "end") {
    return fail(Status::InFailedTransaction());
  }
  if (msg->params.size() != stmt.param_types.size()) {
    return fail(ProtocolViolation("bind message supplies " + std::to_string(msg->params.size()) +
                                  " parameters, but prepared statement \"" + msg->statement +
                                  "\" requires " + std::to_string(stmt.param_types.size())));
  }
  Portal portal;
  portal.statement = it->second;
  for (size_t i = 0; i < msg->params.size(); i++) {
    Result<int16_t> format = FormatFor(msg->param_formats, i, msg->params.size());
    if (!format.ok()) return fail(format.status());
    if (!msg->params[i].has_value()) {
      portal.params.push_back(Value::Null(stmt.param_types[i]));
      continue;
    }
    Result<Value> v = DecodeParam(stmt.param_types[i], *format, *msg->params[i]);
    if (!v.ok()) return fail(v.status());
    portal.params.push_back(std::move(*v));
  }
  for (int16_t f : msg->result_formats) {
    if (f != 0 && f != 1)
      return fail(ProtocolViolation("unsupported format code: " + std::to_string(f)));
  }
  portal.requested_formats = std::move(msg->result_formats);
  portals_[msg->portal] = std::move(portal);
  out_.BindComplete();
  return true;
}

void Session::RunPortal(Portal& portal) {
  if (portal.ran) return;
  portal.ran = true;
  const Statement& stmt = *portal.statement;
  Result<QueryResult> r = QueryResult();
  if (stmt.settings) {
    r = RunSettings(stmt.query);
  } else if (stmt.prepared.has_value()) {
    PreparedStatement prepared = *stmt.prepared;
    Result<std::unique_ptr<QueryStream>> stream = prepared.Stream(portal.params);
    if (!stream.ok()) {
      portal.error = stream.status();
      return;
    }
    portal.stream = std::move(stream).value();
    if (portal.stream != nullptr) {
      r = QueryResult("", portal.stream->columns(), {});
    } else {
      r = prepared.Execute(portal.params);
    }
  }
  if (!r.ok()) {
    portal.error = r.status();
    return;
  }
  portal.result = std::move(*r);
  size_t n = portal.result.num_columns();
  for (size_t i = 0; i < n; i++) {
    Result<int16_t> f = FormatFor(portal.requested_formats, i, n);
    if (!f.ok()) {
      portal.error = f.status();
      return;
    }
    portal.result_formats.push_back(*f);
  }
}

bool Session::HandleDescribe(std::string_view body) {
  Result<DescribeMessage> msg = ParseDescribeMessage(body);
  if (!msg.ok()) {
    Fatal(msg.status());
    return false;
  }
  if (msg->target == 'S') {
    auto it = statements_.find(msg->name);
    if (it == statements_.end()) {
      SendError(Status("26000", "prepared statement \"" + msg->name + "\" does not exist"));
      ignore_till_sync_ = true;
      return true;
    }
    const Statement& stmt = *it->second;
    out_.ParameterDescription(stmt.param_oids);
    if (stmt.prepared.has_value() && !stmt.prepared->columns().empty()) {
      out_.RowDescription(Fields(stmt.prepared->columns(), {}));
      return true;
    }
    if (stmt.settings && IsReadOnlyQuery(stmt.query)) {  // SHOW: run it to learn its column
      Result<QueryResult> r = RunSettings(stmt.query);
      if (r.ok() && r->num_columns() > 0) {
        out_.RowDescription(Fields(*r, {}));
        return true;
      }
    }
    out_.NoData();
    return true;
  }
  auto it = portals_.find(msg->name);
  if (it == portals_.end()) {
    SendError(Status("34000", "portal \"" + msg->name + "\" does not exist"));
    ignore_till_sync_ = true;
    return true;
  }
  Portal& portal = it->second;
  // A prepared statement knows its columns before it runs; a settings statement (SHOW) is run
  // here and its result kept for Execute.
  const Statement& stmt = *portal.statement;
  if (stmt.prepared.has_value()) {
    const std::vector<ColumnInfo>& columns = stmt.prepared->columns();
    if (columns.empty()) {
      out_.NoData();
      return true;
    }
    std::vector<int16_t> formats;
    for (size_t i = 0; i < columns.size(); i++) {
      Result<int16_t> f = FormatFor(portal.requested_formats, i, columns.size());
      if (!f.ok()) {
        SendError(f.status());
        ignore_till_sync_ = true;
        return true;
      }
      formats.push_back(*f);
    }
    out_.RowDescription(Fields(columns, formats));
    return true;
  }
  RunPortal(portal);
  if (!portal.error.ok()) {
    SendError(portal.error);
    ignore_till_sync_ = true;
    return true;
  }
  if (portal.result.num_columns() == 0) {
    out_.NoData();
  } else {
    out_.RowDescription(Fields(portal.result, portal.result_formats));
  }
  return true;
}

bool Session::HandleExecute(std::string_view body) {
  Result<ExecuteMessage> msg = ParseExecuteMessage(body);
  if (!msg.ok()) {
    Fatal(msg.status());
    return false;
  }
  auto it = portals_.find(msg->portal);
  if (it == portals_.end()) {
    SendError(Status("34000", "portal \"" + msg->portal + "\" does not exist"));
    ignore_till_sync_ = true;
    return true;
  }
  Portal& portal = it->second;
  const Statement& stmt = *portal.statement;
  ReportActive(stmt.query);
  if (!stmt.settings && !stmt.prepared.has_value()) {
    out_.EmptyQueryResponse();
    return true;
  }
  if (stmt.prepared.has_value() && FirstKeyword(stmt.query) == "copy") {
    bool keep = true;
    if (!RunCopy(stmt.query, &keep).ok()) ignore_till_sync_ = true;
    return keep;
  }
  RunPortal(portal);
  if (!portal.error.ok()) {
    SendError(portal.error);
    ignore_till_sync_ = true;
    return true;
  }
  if (portal.stream != nullptr) return ExecuteStream(msg->portal, portal, msg->max_rows);
  SendNotices();  // raised while the statement ran, before its rows
  const QueryResult& r = portal.result;
  if (r.num_columns() == 0) {
    CommandComplete(r.command_tag());  // executing it again does not run it again
    return true;
  }
  size_t limit = msg->max_rows > 0 ? static_cast<size_t>(msg->max_rows) : SIZE_MAX;
  size_t sent = 0;
  while (portal.next_row < r.num_rows() && sent < limit) {
    out_.DataRow(r.rows()[portal.next_row], portal.result_formats);
    portal.next_row++;
    sent++;
    if (!FlushIfLarge()) return false;
  }
  if (portal.next_row < r.num_rows()) {
    out_.PortalSuspended();
    return true;
  }
  // The tag counts the rows this Execute returned, as PostgreSQL's does.
  std::string tag = r.command_tag();
  if (tag.starts_with("SELECT")) tag = "SELECT " + std::to_string(sent);
  CommandComplete(tag);
  return true;
}

// Execute on a streamed portal: reads batches until the row limit (0: no limit) or the end.
bool Session::ExecuteStream(const std::string& name, Portal& portal, int32_t max_rows) {
  size_t limit = max_rows > 0 ? static_cast<size_t>(max_rows) : SIZE_MAX;
  size_t sent = 0;
  while (sent < limit && !portal.stream->done()) {
    Result<std::vector<std::vector<Value>>> rows =
        portal.stream->Next(std::min<size_t>(limit - sent, 1024));
    if (!rows.ok()) {
      // A portal ends with its transaction, as in PostgreSQL.
      SendError(rows.status().sqlstate() == "34000"
                    ? Status("34000", "portal \"" + name + "\" does not exist")
                    : rows.status());
      ignore_till_sync_ = true;
      return true;
    }
    SendNotices();
    for (const auto& row : *rows) {
      out_.DataRow(row, portal.result_formats);
      if (!FlushIfLarge()) return false;
    }
    sent += rows->size();
  }
  if (!portal.stream->done()) {
    out_.PortalSuspended();
    return true;
  }
  // The tag counts the rows this Execute returned, as PostgreSQL's does.
  CommandComplete("SELECT " + std::to_string(sent));
  return true;
}

bool Session::HandleClose(std::string_view body) {
  Result<DescribeMessage> msg = ParseDescribeMessage(body);
  if (!msg.ok()) {
    Fatal(msg.status());
    return false;
  }
  // Closing a name that does not exist is not an error.
  if (msg->target == 'S') {
    statements_.erase(msg->name);
  } else {
    portals_.erase(msg->name);
  }
  out_.CloseComplete();
  return true;
}

}  // namespace komodo::server
