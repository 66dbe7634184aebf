// SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: the stored verifier of a role's
// password and the server side of one authentication exchange. The crypto is OpenSSL's
// (PBKDF2-HMAC-SHA-256, HMAC, SHA-256, RAND_bytes); this file only arranges it.
//
// A verifier is PostgreSQL's text form, "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>"
// (base64), so a verifier made by PostgreSQL can be stored as is and the clear password is never
// kept. Passwords are used as their UTF-8 bytes: PostgreSQL's SASLprep normalisation is not done,
// which gives the same result for every password that is already in NFKC form (ASCII included).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "komodo/result.h"

namespace komodo::scram {

constexpr int kIterations = 4096;   // PostgreSQL's scram_iterations default
constexpr size_t kSaltBytes = 16;   // PostgreSQL's SCRAM_DEFAULT_SALT_LEN
constexpr size_t kNonceBytes = 18;  // PostgreSQL's SCRAM_RAW_NONCE_LEN

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);
// `n` cryptographically random bytes. Errors: XX000 when OpenSSL's generator fails.
Result<std::string> RandomBytes(size_t n);

struct Verifier {
  int iterations = kIterations;
  std::string salt;        // raw bytes
  std::string stored_key;  // H(ClientKey), 32 raw bytes
  std::string server_key;  // HMAC(SaltedPassword, "Server Key"), 32 raw bytes
};

// The verifier of `password` with the given salt and iteration count.
Verifier MakeVerifier(std::string_view password, std::string_view salt, int iterations);
// The text form, with a fresh random salt: what CREATE ROLE ... PASSWORD stores.
Result<std::string> HashPassword(std::string_view password);
std::string FormatVerifier(const Verifier& v);
// nullopt when `text` is not a well-formed SCRAM-SHA-256 verifier.
std::optional<Verifier> ParseVerifier(std::string_view text);

// The salt shown to a user name that has no verifier: derived from the name and a secret drawn
// once per process, so it is stable for the process's life and tells nothing.
std::string MockSalt(std::string_view user);

// The server side of one exchange. Without a verifier (unknown role, or a role without a
// password) the exchange still runs to its end with a made-up salt, as PostgreSQL's does, so a
// client cannot tell an unknown user from a wrong password; it then fails like a wrong password.
class ServerExchange {
 public:
  // `mock_salt`: the salt shown when there is no verifier (stable per user name, so that asking
  // twice gives the same answer).
  ServerExchange(std::optional<Verifier> verifier, std::string mock_salt);

  // client-first-message -> server-first-message. `server_nonce` (printable, no ',') is drawn
  // at random when empty. Errors: 08P01 for a malformed message or channel binding the server
  // did not offer, 0A000 for an authorization identity.
  Result<std::string> ClientFirst(std::string_view message, std::string server_nonce = "");
  // client-final-message -> server-final-message ("v=<ServerSignature>"). Errors: 08P01 for a
  // malformed message; 28P01 (message empty: the caller names the user) when the proof is wrong
  // or there is no verifier. The proof is compared in constant time.
  Result<std::string> ClientFinal(std::string_view message);

 private:
  std::optional<Verifier> verifier_;
  Verifier shown_;          // the verifier whose salt and iterations the client sees
  std::string gs2_header_;  // "n,," or "y,,"
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
  bool started_ = false;
};

}  // namespace komodo::scram
