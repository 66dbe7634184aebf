// One client connection of the wire server: the startup handshake, then the simple and extended
// query protocols over one Connection. Runs on the connection's own thread.
//
// Invariants: every response is written to `out_` and sent when the protocol expects the client
// to wait (ReadyForQuery, Flush) or when it grows large; after an error in the extended protocol,
// messages are discarded until Sync. A protocol violation ends the session with FATAL 08P01; an
// SQL error never does.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/database.h"
#include "server/pgwire_messages.h"
#include "server/pgwire_writer.h"
#include "server/server.h"
#include "server/session_settings.h"
#include "server/tls.h"

namespace komodo::server {

class Session {
 public:
  struct Env {
    Database& db;
    const ServerOptions& options;
    BackendRegistry& registry;
    int wake_fd;      // readable once the server stops
    TlsContext* tls;  // null when TLS is off
  };
  // Takes ownership of the socket `fd`. `loopback`: the client is on a loopback address.
  // `refuse`: answer the startup with FATAL 53300.
  Session(Env env, int fd, std::string peer, bool loopback, bool refuse);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs the session to its end (client Terminate, EOF, a fatal error, or server stop).
  void Run();

 private:
  // A prepared statement of the extended protocol (or of the settings handler).
  struct Statement {
    std::string query;
    std::optional<PreparedStatement> prepared;  // nullopt: empty query or a settings statement
    bool settings = false;                      // SET / SHOW / RESET, run by SessionSettings
    std::vector<TypeId> param_types;            // what Bind decodes parameters as
    std::vector<uint32_t> param_oids;           // what ParameterDescription reports
  };
  struct Portal {
    std::shared_ptr<const Statement> statement;
    std::vector<Value> params;
    std::vector<int16_t> result_formats;  // per column, resolved when the result is known
    std::vector<int16_t> requested_formats;
    bool ran = false;
    Status error;
    QueryResult result;
    size_t next_row = 0;
    // A SELECT inside a transaction block is read as the client asks for rows instead.
    std::unique_ptr<QueryStream> stream;
  };
  enum class ReadOutcome { kOk, kEof, kStop, kTimeout, kError };

  bool Startup();
  // Answers SSLRequest 'S' and runs the TLS handshake; false when the session must end.
  bool StartTls();
  // The authentication exchange the options ask for (session_auth.cc); false when it failed
  // (the FATAL is sent) or the client left.
  bool Authenticate();
  // The role's CONNECTION LIMIT (superusers have none), as PostgreSQL checks it after
  // authentication; false when refused (FATAL 53300 sent).
  bool CheckConnectionLimit();
  // The next whole message during authentication, reading as needed; nullopt: the session
  // ends (a FATAL is sent when the client broke the protocol).
  std::optional<Frame> NextAuthFrame();
  void MessageLoop();
  // Handlers return false when the session must end.
  bool HandleQuery(std::string_view body);
  bool HandleParse(std::string_view body);
  bool HandleBind(std::string_view body);
  bool HandleDescribe(std::string_view body);
  bool HandleExecute(std::string_view body);
  bool HandleClose(std::string_view body);

  // Runs a COPY statement with the COPY sub-protocol; returns its error (already sent). Sets
  // *keep to false when the session must end.
  Status RunCopy(const std::string& query, bool* keep);
  // The next whole message during COPY FROM STDIN, reading as needed; nullopt: the session ends.
  std::optional<Frame> NextCopyFrame();

  // Runs the portal's statement once; its result or error stays in the portal.
  void RunPortal(Portal& portal);
  Result<QueryResult> RunSettings(const std::string& query);
  // Sends the rows of a result in text format and its CommandComplete.
  void SendResult(const QueryResult& result, const std::vector<int16_t>& formats, bool describe);
  // An ErrorResponse, or the FATAL of Terminated() once pg_terminate_backend() asked for it.
  void SendError(const Status& status);
  void Fatal(const Status& status);
  // FATAL 57P01 (once); the session then ends.
  void Terminated();
  // ReadyForQuery with the transaction status, and the state pg_stat_activity shows; before it,
  // a ParameterStatus for each reported setting whose value changed since it was last sent
  // (PostgreSQL 14+'s ReportChangedGUCOptions: after the CommandComplete of the SET).
  void ReadyForQuery();
  // NoticeResponse for each notice the engine raised since the last call, as client_min_messages
  // lets through. Called before the DataRows, CommandComplete or ErrorResponse they precede.
  void SendNotices();
  // CommandComplete, after the statement's notices.
  void CommandComplete(const std::string& tag);
  // pg_stat_activity: the session runs `query`.
  void ReportActive(std::string_view query);

  ReadOutcome ReadMore(int timeout_ms);
  bool Flush();
  bool FlushIfLarge();
  // Execute on a portal whose query is read as it goes (Portal::stream).
  bool ExecuteStream(const std::string& name, Portal& portal, int32_t max_rows);
  // Hands the settings the engine honours (statement_timeout, work_mem) to the connection.
  void ApplySettings();

  Env env_;
  int fd_;
  std::string peer_;
  bool loopback_;
  bool refuse_;
  std::unique_ptr<TlsStream> tls_;  // set once SSLRequest was answered 'S'
  bool counted_for_role_ = false;   // counted against the role's CONNECTION LIMIT
  BackendRegistry::Key key_;
  bool registered_ = false;
  int64_t backend_start_;  // pg_stat_activity's backend_start: when the connection was accepted
  // pg_terminate_backend(): set (and terminate_fd_, an eventfd, written) by the registry.
  std::atomic<bool> terminate_{false};
  int terminate_fd_ = -1;
  bool terminated_ = false;  // the FATAL is sent
  std::string user_;
  std::string database_;

  std::string in_;               // bytes received and not yet handled
  size_t current_consumed_ = 0;  // the size of the message being handled, at the front of in_
  MessageWriter out_;
  bool broken_ = false;  // the socket failed; stop
  bool ignore_till_sync_ = false;

  SessionSettings settings_;
  // The values of the reported settings as the client last received them (ParameterStatus).
  std::map<std::string, std::string> reported_;
  // current_setting() and set_config() of this session's statements, answered by settings_.
  class SqlSettings;
  std::unique_ptr<SqlSettings> sql_settings_;
  std::map<std::string, std::shared_ptr<const Statement>> statements_;
  std::map<std::string, Portal> portals_;
  // The destructor drops statements and portals before this: they borrow it.
  std::unique_ptr<Connection> conn_;
};

}  // namespace komodo::server
