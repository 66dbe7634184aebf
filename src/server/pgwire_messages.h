// The PostgreSQL v3 frontend messages: framing (bytes in, one message or an error out) and the
// parsing of each message body into a struct. Pure functions with no I/O, so that a fuzzer can
// drive them with arbitrary bytes (tests/fuzz/pgwire_fuzz.cc).
//
// Framing: a startup-phase packet is int32 length (counting itself) + payload; every later
// message is a type byte + int32 length (counting itself, not the type byte) + body. All
// integers are big-endian. Strings are NUL-terminated.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/result.h"

namespace komodo::server {

// Request codes carried where a startup packet has its protocol version.
inline constexpr int32_t kProtocolVersion3 = 3 << 16;  // 196608
inline constexpr int32_t kCancelRequestCode = 80877102;
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;

// Default for the largest message a client may send (the length field included).
inline constexpr size_t kDefaultMaxMessageBytes = 64 << 20;
// Startup packets are small; PostgreSQL caps them at 10,000 bytes.
inline constexpr size_t kMaxStartupPacketBytes = 10000;

// The outcome of looking at the front of a receive buffer.
struct Frame {
  enum class Kind {
    kNeedMore,  // the buffer holds only part of a message; read more
    kMessage,   // one whole message: type and body (views into the buffer)
    kError,     // the bytes cannot be a valid message: `error` says why (08P01); close
  } kind = Kind::kNeedMore;
  char type = 0;  // kMessage after startup: the type byte; 0 for startup packets
  std::string_view body;
  size_t consumed = 0;  // bytes to drop from the buffer after handling the message
  Status error;
};

// Splits the next startup-phase packet off `buffer`.
Frame NextStartupFrame(std::string_view buffer);
// Splits the next typed message off `buffer`. Rejects lengths < 4, lengths over
// max_message_bytes, and type bytes no v3 frontend sends.
Frame NextFrame(std::string_view buffer, size_t max_message_bytes);

// --- Startup-phase packets ---------------------------------------------------------------------

struct StartupPacket {
  enum class Kind { kStartup, kSslRequest, kGssEncRequest, kCancelRequest } kind = Kind::kStartup;
  int32_t protocol = 0;                                         // kStartup
  std::vector<std::pair<std::string, std::string>> parameters;  // kStartup, in order
  int32_t cancel_pid = 0;                                       // kCancelRequest
  int32_t cancel_secret = 0;                                    // kCancelRequest
};
// Errors: 08P01 for a malformed packet; 0A000 for a protocol major version other than 3.
Result<StartupPacket> ParseStartupPacket(std::string_view body);

// --- Typed frontend messages -------------------------------------------------------------------

struct ParseMessage {  // 'P'
  std::string statement;
  std::string query;
  std::vector<uint32_t> param_types;  // 0 = let the server infer
};

struct BindMessage {  // 'B'
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;              // 0 entries: all text; 1: for all; else each
  std::vector<std::optional<std::string>> params;  // nullopt = NULL
  std::vector<int16_t> result_formats;             // same rule as param_formats
};

struct DescribeMessage {  // 'D'; also the shape of Close 'C'
  char target = 'S';      // 'S' statement, 'P' portal
  std::string name;
};

struct ExecuteMessage {  // 'E'
  std::string portal;
  int32_t max_rows = 0;  // 0 = no limit
};

// Each parser errs with 08P01 on a truncated or malformed body (and on trailing bytes).
// 'p' as the first answer to AuthenticationSASL: the mechanism and the client-first-message
// (nullopt when the length is -1).
struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;
};
Result<SaslInitialResponse> ParseSaslInitialResponse(std::string_view body);

Result<std::string> ParseQueryMessage(std::string_view body);  // 'Q'
Result<ParseMessage> ParseParseMessage(std::string_view body);
Result<BindMessage> ParseBindMessage(std::string_view body);
Result<DescribeMessage> ParseDescribeMessage(std::string_view body);  // 'D' and 'C'
Result<ExecuteMessage> ParseExecuteMessage(std::string_view body);

// The format code (0 text, 1 binary) that applies to column or parameter `i` of `n`, by the
// protocol's rule; errors 08P01 when the code list has a wrong length or an unknown code.
Result<int16_t> FormatFor(const std::vector<int16_t>& formats, size_t i, size_t n);

}  // namespace komodo::server
