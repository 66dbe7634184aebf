#include "common/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

#include "common/macros.h"

namespace komodo::scram {
namespace {

constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
constexpr size_t kKeyBytes = 32;  // SHA-256

Status Malformed(std::string detail) {
  return Status("08P01", "malformed SCRAM message").WithDetail(std::move(detail));
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

// Splits "a=x,b=y,..." into its attributes, in order; nullopt when one is not "<letter>=...".
std::optional<std::vector<std::pair<char, std::string_view>>> Attributes(std::string_view s) {
  std::vector<std::pair<char, std::string_view>> out;
  while (true) {
    size_t comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    if (part.size() < 2 || part[1] != '=' || !std::isalpha(static_cast<unsigned char>(part[0]))) {
      return std::nullopt;
    }
    out.emplace_back(part[0], part.substr(2));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

// A nonce is printable ASCII without ','.
bool ValidNonce(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return true;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text) {
    // EVP_DecodeBlock skips blanks; base64 in SCRAM has none.
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=') {
      return std::nullopt;
    }
  }
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad++;
  if (text.size() > 1 && text[text.size() - 2] == '=') pad++;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

Result<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return Status::Internal("could not generate random bytes");
  }
  return out;
}

Verifier MakeVerifier(std::string_view password, std::string_view salt, int iterations) {
  unsigned char salted[kKeyBytes];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), kKeyBytes, salted);
  std::string salted_password(reinterpret_cast<char*>(salted), kKeyBytes);
  Verifier v;
  v.iterations = iterations;
  v.salt = std::string(salt);
  v.stored_key = Sha256(Hmac(salted_password, "Client Key"));
  v.server_key = Hmac(salted_password, "Server Key");
  OPENSSL_cleanse(salted, sizeof(salted));
  OPENSSL_cleanse(salted_password.data(), salted_password.size());
  return v;
}

Result<std::string> HashPassword(std::string_view password) {
  ASSIGN_OR_RETURN(std::string salt, RandomBytes(kSaltBytes));
  return FormatVerifier(MakeVerifier(password, salt, kIterations));
}

std::string FormatVerifier(const Verifier& v) {
  return std::string(kPrefix) + std::to_string(v.iterations) + ":" + Base64Encode(v.salt) + "$" +
         Base64Encode(v.stored_key) + ":" + Base64Encode(v.server_key);
}

std::optional<Verifier> ParseVerifier(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  size_t colon = text.find(':'), dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || dollar < colon) {
    return std::nullopt;
  }
  size_t colon2 = text.find(':', dollar);
  if (colon2 == std::string_view::npos) return std::nullopt;
  Verifier v;
  std::string_view iter = text.substr(0, colon);
  auto [end, ec] = std::from_chars(iter.data(), iter.data() + iter.size(), v.iterations);
  if (ec != std::errc() || end != iter.data() + iter.size() || v.iterations <= 0) {
    return std::nullopt;
  }
  auto salt = Base64Decode(text.substr(colon + 1, dollar - colon - 1));
  auto stored = Base64Decode(text.substr(dollar + 1, colon2 - dollar - 1));
  auto server = Base64Decode(text.substr(colon2 + 1));
  if (!salt || salt->empty() || !stored || stored->size() != kKeyBytes || !server ||
      server->size() != kKeyBytes) {
    return std::nullopt;
  }
  v.salt = std::move(*salt);
  v.stored_key = std::move(*stored);
  v.server_key = std::move(*server);
  return v;
}

std::string MockSalt(std::string_view user) {
  static const std::string secret = [] {
    Result<std::string> r = RandomBytes(32);
    return r.ok() ? *r : std::string(32, 'k');
  }();
  return Hmac(secret, user).substr(0, kSaltBytes);
}

ServerExchange::ServerExchange(std::optional<Verifier> verifier, std::string mock_salt)
    : verifier_(std::move(verifier)) {
  if (verifier_) {
    shown_ = *verifier_;
  } else {
    shown_.salt = std::move(mock_salt);
  }
}

Result<std::string> ServerExchange::ClientFirst(std::string_view message,
                                                std::string server_nonce) {
  if (started_) return Malformed("The SCRAM exchange was already started.");
  started_ = true;
  // gs2-header: a channel-binding flag, an optional authzid, then the bare message.
  if (message.empty()) return Malformed("The message is empty.");
  char flag = message[0];
  if (flag == 'p') {
    return Malformed(
        "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message "
        "includes channel binding data.");
  }
  if ((flag != 'n' && flag != 'y') || message.size() < 2 || message[1] != ',') {
    return Malformed("Unexpected channel-binding flag \"" + std::string(1, flag) + "\".");
  }
  size_t second = message.find(',', 2);
  if (second == std::string_view::npos) return Malformed("Missing authorization identity.");
  if (second != 2) {
    return Status("0A000", "client uses authorization identity, but it is not supported");
  }
  gs2_header_ = std::string(message.substr(0, 3));
  client_first_bare_ = std::string(message.substr(3));
  auto attrs = Attributes(client_first_bare_);
  if (!attrs || attrs->size() < 2) return Malformed("Expected attributes \"n\" and \"r\".");
  if ((*attrs)[0].first == 'm') {
    return Status("0A000", "client requires an unsupported SCRAM extension");
  }
  // The user name ("n=") is ignored, as PostgreSQL does: the startup packet's user counts.
  if ((*attrs)[0].first != 'n' || (*attrs)[1].first != 'r' || !ValidNonce((*attrs)[1].second)) {
    return Malformed("Expected attributes \"n\" and \"r\".");
  }
  if (server_nonce.empty()) {
    ASSIGN_OR_RETURN(std::string raw, RandomBytes(kNonceBytes));
    server_nonce = Base64Encode(raw);
  }
  nonce_ = std::string((*attrs)[1].second) + server_nonce;
  server_first_ =
      "r=" + nonce_ + ",s=" + Base64Encode(shown_.salt) + ",i=" + std::to_string(shown_.iterations);
  return server_first_;
}

Result<std::string> ServerExchange::ClientFinal(std::string_view message) {
  if (!started_ || server_first_.empty()) return Malformed("The SCRAM exchange was not started.");
  size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos)
    return Malformed("Could not find proof in client-final-message.");
  std::string_view without_proof = message.substr(0, proof_at);
  auto attrs = Attributes(without_proof);
  if (!attrs || attrs->size() < 2 || (*attrs)[0].first != 'c' || (*attrs)[1].first != 'r') {
    return Malformed("Expected attributes \"c\" and \"r\".");
  }
  std::optional<std::string> binding = Base64Decode((*attrs)[0].second);
  if (!binding || *binding != gs2_header_) {
    return Malformed("SCRAM channel binding check failed.");
  }
  if ((*attrs)[1].second != nonce_) return Malformed("Nonce does not match.");
  std::optional<std::string> proof = Base64Decode(message.substr(proof_at + 3));
  if (!proof || proof->size() != kKeyBytes)
    return Malformed("Malformed proof in client-final-message.");

  std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  if (!verifier_) return Status("28P01", "");
  // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); it is right when H(ClientKey)
  // is the StoredKey.
  std::string signature = Hmac(verifier_->stored_key, auth_message);
  std::string client_key(kKeyBytes, '\0');
  for (size_t i = 0; i < kKeyBytes; i++) client_key[i] = (*proof)[i] ^ signature[i];
  std::string computed = Sha256(client_key);
  if (CRYPTO_memcmp(computed.data(), verifier_->stored_key.data(), kKeyBytes) != 0) {
    return Status("28P01", "");
  }
  return "v=" + Base64Encode(Hmac(verifier_->server_key, auth_message));
}

}  // namespace komodo::scram
