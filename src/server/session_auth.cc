// The session's TLS start and authentication (PostgreSQL's libpq/auth.c and auth-scram.c):
// SCRAM-SHA-256 over AuthenticationSASL / SASLContinue / SASLFinal, against the role's verifier
// in the catalog.
#include "common/scram.h"
#include "server/session.h"

namespace komodo::server {
namespace {

constexpr int kAuthTimeoutMs = 60'000;               // PostgreSQL's authentication_timeout
constexpr const char* kMechanism = "SCRAM-SHA-256";  // -PLUS (channel binding) is not offered

}  // namespace

bool Session::StartTls() {
  out_.RawByte('S');
  if (!Flush()) return false;
  Result<std::unique_ptr<TlsStream>> stream = TlsStream::Accept(*env_.tls, fd_, kAuthTimeoutMs);
  if (!stream.ok()) {
    // Nothing can be said to the client: it speaks TLS and the handshake failed.
    LogLine(stream.status().message() + " (" + peer_ + ")");
    return false;
  }
  tls_ = std::move(*stream);
  return true;
}

std::optional<Frame> Session::NextAuthFrame() {
  while (!broken_) {
    Frame f = NextFrame(in_, env_.options.max_message_bytes);
    if (f.kind == Frame::Kind::kError) {
      Fatal(f.error);
      return std::nullopt;
    }
    if (f.kind == Frame::Kind::kMessage) {
      if (f.type != 'p') {
        Fatal(Status("08P01", "expected SASL response, got message type " +
                                  std::to_string(static_cast<unsigned char>(f.type))));
        return std::nullopt;
      }
      return f;
    }
    if (!Flush()) return std::nullopt;
    // libpq closes the connection here when it has no password to give: not an error.
    if (ReadMore(kAuthTimeoutMs) != ReadOutcome::kOk) return std::nullopt;
  }
  return std::nullopt;
}

bool Session::CheckConnectionLimit() {
  Result<QueryResult> role =
      conn_->Execute("SELECT rolsuper, rolconnlimit FROM pg_catalog.pg_roles WHERE rolname = $1",
                     {Value::Text(user_)});
  if (!role.ok()) {
    Fatal(role.status());
    return false;
  }
  if (role->num_rows() == 0) return true;  // trust lets in names without a role
  Result<bool> superuser = role->GetBool(0, 0);
  Result<int64_t> limit = role->GetInt64(0, 1);
  if (!superuser.ok() || *superuser || !limit.ok() || *limit < 0) return true;
  if (!env_.registry.AddRoleSession(user_, static_cast<int32_t>(*limit))) {
    Fatal(Status("53300", "too many connections for role \"" + user_ + "\""));
    return false;
  }
  counted_for_role_ = true;
  return true;
}

bool Session::Authenticate() {
  const ServerOptions& o = env_.options;
  if (o.auth_method == AuthMethod::kTrust || (o.trust_loopback && loopback_)) return true;

  // The role, read through the session's own connection.
  Result<QueryResult> role =
      conn_->Execute("SELECT rolpassword, rolcanlogin FROM pg_catalog.pg_authid WHERE rolname = $1",
                     {Value::Text(user_)});
  if (!role.ok()) {
    Fatal(role.status());
    return false;
  }
  std::optional<scram::Verifier> verifier;
  bool can_login = false;
  std::string why;  // for the log only: the client must not learn whether the role exists
  if (role->num_rows() == 0) {
    why = "Role \"" + user_ + "\" does not exist.";
  } else {
    Result<bool> login = role->GetBool(0, 1);
    can_login = login.ok() && *login;
    if (!role->IsNull(0, 0)) verifier = scram::ParseVerifier(role->Get(0, 0).string_value());
    if (!verifier) why = "User \"" + user_ + "\" has no password assigned.";
  }
  // Without a verifier the exchange still runs, with a made-up salt, and fails at its end.
  scram::ServerExchange exchange(verifier, scram::MockSalt(user_));

  out_.AuthenticationSasl({kMechanism});
  std::optional<Frame> f = NextAuthFrame();
  if (!f) return false;
  Result<SaslInitialResponse> initial = ParseSaslInitialResponse(f->body);
  if (!initial.ok()) {
    Fatal(initial.status());
    return false;
  }
  if (initial->mechanism != kMechanism) {
    Fatal(Status("08P01", "client selected an invalid SASL authentication mechanism"));
    return false;
  }
  if (!initial->data) {
    Fatal(Status("08P01", "malformed SCRAM message").WithDetail("The message is empty."));
    return false;
  }
  Result<std::string> server_first = exchange.ClientFirst(*initial->data);
  if (!server_first.ok()) {
    Fatal(server_first.status());
    return false;
  }
  in_.erase(0, f->consumed);
  out_.AuthenticationSaslContinue(*server_first);

  f = NextAuthFrame();
  if (!f) return false;
  Result<std::string> server_final = exchange.ClientFinal(f->body);
  if (!server_final.ok()) {
    if (server_final.status().sqlstate() != "28P01") {
      Fatal(server_final.status());
      return false;
    }
    if (why.empty()) why = "Password does not match for user \"" + user_ + "\".";
    LogLine("authentication failed: " + why + " (" + peer_ + ")");
    Fatal(Status("28P01", "password authentication failed for user \"" + user_ + "\""));
    return false;
  }
  in_.erase(0, f->consumed);
  out_.AuthenticationSaslFinal(*server_final);
  if (!can_login) {
    Fatal(Status("28000", "role \"" + user_ + "\" is not permitted to log in"));
    return false;
  }
  return true;
}

}  // namespace komodo::server
