#include "server/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>

namespace komodo::server {
namespace {

// The oldest error OpenSSL queued for this thread, as text, and the queue cleared.
std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no SSL error reported";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  return buf;
}

void SetSocketTimeouts(int fd, int timeout_ms) {
  timeval tv{};
  tv.tv_sec = timeout_ms / 1000;
  tv.tv_usec = (timeout_ms % 1000) * 1000;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::Load(const std::string& cert_file,
                                                     const std::string& key_file) {
  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status("58000", "could not create SSL context: " + OpenSslError());
  std::unique_ptr<TlsContext> out(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // As PostgreSQL: no renegotiation, no session tickets or cache (one session per connection).
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status(
        "58000", "could not load server certificate file \"" + cert_file + "\": " + OpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status("58000",
                  "could not load private key file \"" + key_file + "\": " + OpenSslError());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return Status("58000", "check of private key failed: " + OpenSslError());
  }
  return out;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

Result<std::unique_ptr<TlsStream>> TlsStream::Accept(const TlsContext& ctx, int fd,
                                                     int timeout_ms) {
  ERR_clear_error();
  SSL* ssl = SSL_new(ctx.get());
  if (ssl == nullptr)
    return Status("08P01", "could not initialize SSL connection: " + OpenSslError());
  std::unique_ptr<TlsStream> out(new TlsStream(ssl));
  if (SSL_set_fd(ssl, fd) != 1) {
    return Status("08P01", "could not set SSL socket: " + OpenSslError());
  }
  // A client that stalls the handshake must not hold the session thread for ever.
  SetSocketTimeouts(fd, timeout_ms);
  int rc = SSL_accept(ssl);
  SetSocketTimeouts(fd, 0);
  if (rc != 1) {
    int err = SSL_get_error(ssl, rc);
    std::string why = err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN
                          ? "the client closed the connection or timed out"
                          : OpenSslError();
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);  // no close_notify now
    return Status("08P01", "could not accept SSL connection: " + why);
  }
  return out;
}

TlsStream::~TlsStream() {
  SSL_shutdown(ssl_);
  SSL_free(ssl_);
}

ssize_t TlsStream::Read(char* buf, size_t n) {
  ERR_clear_error();
  int got = SSL_read(ssl_, buf, static_cast<int>(n));
  if (got > 0) return got;
  int err = SSL_get_error(ssl_, got);
  if (err == SSL_ERROR_ZERO_RETURN) return 0;
  // A dead connection must not send close_notify on the way out.
  SSL_set_shutdown(ssl_, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  return -1;
}

bool TlsStream::WriteAll(std::string_view data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ERR_clear_error();
    int n = SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent));
    if (n <= 0) {
      SSL_set_shutdown(ssl_, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool TlsStream::HasPending() const { return SSL_pending(ssl_) > 0; }

std::string TlsStream::version() const { return SSL_get_version(ssl_); }

std::string TlsStream::cipher() const { return SSL_get_cipher_name(ssl_); }

int TlsStream::bits() const { return SSL_get_cipher_bits(ssl_, nullptr); }

}  // namespace komodo::server
