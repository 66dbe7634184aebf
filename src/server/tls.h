// TLS for the wire server, with OpenSSL: the server's certificate and key (TlsContext), and one
// session's encrypted stream over its socket (TlsStream). After SSLRequest is answered 'S',
// every byte of the session goes through its TlsStream.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "komodo/result.h"

struct ssl_ctx_st;
struct ssl_st;

namespace komodo::server {

class TlsContext {
 public:
  // Loads a PEM certificate (chain) and its private key. TLS 1.2 is the oldest version accepted,
  // as PostgreSQL's default ssl_min_protocol_version. Errors: 58000 naming the file and
  // OpenSSL's reason.
  static Result<std::unique_ptr<TlsContext>> Load(const std::string& cert_file,
                                                  const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  ssl_ctx_st* get() const { return ctx_; }

 private:
  explicit TlsContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

class TlsStream {
 public:
  // Runs the server side of the handshake on the blocking socket `fd` (not owned), giving up
  // after `timeout_ms` without progress. Errors: 08P01 with OpenSSL's reason.
  static Result<std::unique_ptr<TlsStream>> Accept(const TlsContext& ctx, int fd, int timeout_ms);
  // Sends close_notify (best effort) and frees the connection; the socket stays open.
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // Like recv(): > 0 bytes read, 0 at a clean close, -1 on an error. Blocks until one record is
  // complete.
  ssize_t Read(char* buf, size_t n);
  // Writes all of `data`; false when the connection failed.
  bool WriteAll(std::string_view data);
  // Decrypted bytes already buffered, which poll() on the socket would not announce.
  bool HasPending() const;
  // "TLSv1.3", "TLS_AES_256_GCM_SHA384", the cipher's secret bits.
  std::string version() const;
  std::string cipher() const;
  int bits() const;

 private:
  explicit TlsStream(ssl_st* ssl) : ssl_(ssl) {}
  ssl_st* ssl_;
};

}  // namespace komodo::server
