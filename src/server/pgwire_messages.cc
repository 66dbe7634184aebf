// Framing and parsing of frontend messages. Every read is bounds-checked: a message body comes
// straight from the network.
#include "server/pgwire_messages.h"

#include <cstring>

#include "common/macros.h"

namespace komodo::server {
namespace {

Status ProtocolViolation(std::string message) { return Status("08P01", std::move(message)); }

int32_t ReadInt32At(std::string_view s, size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data() + pos);
  return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
}

// Sequential reads from a message body; every read fails cleanly past the end.
class BodyReader {
 public:
  BodyReader(std::string_view body, const char* what) : body_(body), what_(what) {}

  Result<int16_t> Int16() {
    if (body_.size() - pos_ < 2) return Truncated();
    const auto* p = reinterpret_cast<const unsigned char*>(body_.data() + pos_);
    pos_ += 2;
    return static_cast<int16_t>((uint16_t{p[0]} << 8) | uint16_t{p[1]});
  }
  Result<int32_t> Int32() {
    if (body_.size() - pos_ < 4) return Truncated();
    int32_t v = ReadInt32At(body_, pos_);
    pos_ += 4;
    return v;
  }
  Result<char> Byte() {
    if (pos_ >= body_.size()) return Truncated();
    return body_[pos_++];
  }
  Result<std::string> CString() {
    size_t end = body_.find('\0', pos_);
    if (end == std::string_view::npos) return Truncated();
    std::string s(body_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }
  Result<std::string> Bytes(size_t n) {
    if (body_.size() - pos_ < n) return Truncated();
    std::string s(body_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count that must be >= 0; each counted item takes at least `min_item_bytes`, so a count
  // the remaining bytes cannot hold is refused before anything is allocated for it.
  Result<size_t> Count(size_t min_item_bytes) {
    ASSIGN_OR_RETURN(int16_t n, Int16());
    if (n < 0) return ProtocolViolation(std::string("negative count in ") + what_ + " message");
    if (static_cast<size_t>(n) * min_item_bytes > body_.size() - pos_) return Truncated();
    return static_cast<size_t>(n);
  }
  Status End() const {
    if (pos_ != body_.size()) {
      return ProtocolViolation(std::string("invalid ") + what_ + " message format");
    }
    return Status::OK();
  }
  size_t remaining() const { return body_.size() - pos_; }

 private:
  Status Truncated() const {
    return ProtocolViolation(std::string("invalid ") + what_ + " message format");
  }

  std::string_view body_;
  const char* what_;
  size_t pos_ = 0;
};

// The message types a v3 frontend sends after startup.
bool IsFrontendType(char type) {
  switch (type) {
    case 'B':  // Bind
    case 'C':  // Close
    case 'D':  // Describe
    case 'E':  // Execute
    case 'F':  // FunctionCall
    case 'H':  // Flush
    case 'P':  // Parse
    case 'Q':  // Query
    case 'S':  // Sync
    case 'X':  // Terminate
    case 'd':  // CopyData
    case 'c':  // CopyDone
    case 'f':  // CopyFail
    case 'p':  // PasswordMessage and the SASL responses
      return true;
    default:
      return false;
  }
}

}  // namespace

Frame NextStartupFrame(std::string_view buffer) {
  Frame f;
  if (buffer.size() < 4) return f;
  int32_t len = ReadInt32At(buffer, 0);
  // The smallest packet is a length and a request code.
  if (len < 8 || static_cast<size_t>(len) > kMaxStartupPacketBytes) {
    f.kind = Frame::Kind::kError;
    f.error = ProtocolViolation("invalid length of startup packet");
    return f;
  }
  if (buffer.size() < static_cast<size_t>(len)) return f;
  f.kind = Frame::Kind::kMessage;
  f.body = buffer.substr(4, len - 4);
  f.consumed = len;
  return f;
}

Frame NextFrame(std::string_view buffer, size_t max_message_bytes) {
  Frame f;
  if (buffer.empty()) return f;
  char type = buffer[0];
  if (!IsFrontendType(type)) {
    f.kind = Frame::Kind::kError;
    f.error = ProtocolViolation("invalid frontend message type " +
                                std::to_string(static_cast<unsigned char>(type)));
    return f;
  }
  if (buffer.size() < 5) return f;
  int32_t len = ReadInt32At(buffer, 1);
  if (len < 4 || static_cast<uint64_t>(len) > max_message_bytes) {
    f.kind = Frame::Kind::kError;
    f.error = ProtocolViolation("invalid message length " + std::to_string(len));
    return f;
  }
  if (buffer.size() - 1 < static_cast<size_t>(len)) return f;
  f.kind = Frame::Kind::kMessage;
  f.type = type;
  f.body = buffer.substr(5, len - 4);
  f.consumed = 1 + static_cast<size_t>(len);
  return f;
}

Result<StartupPacket> ParseStartupPacket(std::string_view body) {
  BodyReader r(body, "startup packet");
  StartupPacket p;
  ASSIGN_OR_RETURN(int32_t code, r.Int32());
  switch (code) {
    case kSslRequestCode:
      p.kind = StartupPacket::Kind::kSslRequest;
      RETURN_IF_ERROR(r.End());
      return p;
    case kGssEncRequestCode:
      p.kind = StartupPacket::Kind::kGssEncRequest;
      RETURN_IF_ERROR(r.End());
      return p;
    case kCancelRequestCode: {
      p.kind = StartupPacket::Kind::kCancelRequest;
      ASSIGN_OR_RETURN(p.cancel_pid, r.Int32());
      ASSIGN_OR_RETURN(p.cancel_secret, r.Int32());
      RETURN_IF_ERROR(r.End());
      return p;
    }
    default:
      break;
  }
  p.protocol = code;
  if ((code >> 16) != 3) {
    return Status::FeatureNotSupported(
        "unsupported frontend protocol " + std::to_string(code >> 16) + "." +
        std::to_string(code & 0xffff) + ": server supports 3.0 to 3.0");
  }
  // name\0value\0 ... \0
  while (true) {
    ASSIGN_OR_RETURN(std::string name, r.CString());
    if (name.empty()) break;
    ASSIGN_OR_RETURN(std::string value, r.CString());
    p.parameters.emplace_back(std::move(name), std::move(value));
  }
  RETURN_IF_ERROR(r.End());
  return p;
}

Result<SaslInitialResponse> ParseSaslInitialResponse(std::string_view body) {
  BodyReader r(body, "SASLInitialResponse");
  SaslInitialResponse m;
  ASSIGN_OR_RETURN(m.mechanism, r.CString());
  ASSIGN_OR_RETURN(int32_t len, r.Int32());
  if (len < -1) return ProtocolViolation("invalid SASLInitialResponse message format");
  if (len >= 0) {
    ASSIGN_OR_RETURN(m.data, r.Bytes(static_cast<size_t>(len)));
  }
  RETURN_IF_ERROR(r.End());
  return m;
}

Result<std::string> ParseQueryMessage(std::string_view body) {
  BodyReader r(body, "Query");
  ASSIGN_OR_RETURN(std::string query, r.CString());
  RETURN_IF_ERROR(r.End());
  return query;
}

Result<ParseMessage> ParseParseMessage(std::string_view body) {
  BodyReader r(body, "Parse");
  ParseMessage m;
  ASSIGN_OR_RETURN(m.statement, r.CString());
  ASSIGN_OR_RETURN(m.query, r.CString());
  ASSIGN_OR_RETURN(size_t n, r.Count(4));
  m.param_types.reserve(n);
  for (size_t i = 0; i < n; i++) {
    ASSIGN_OR_RETURN(int32_t oid, r.Int32());
    m.param_types.push_back(static_cast<uint32_t>(oid));
  }
  RETURN_IF_ERROR(r.End());
  return m;
}

Result<BindMessage> ParseBindMessage(std::string_view body) {
  BodyReader r(body, "Bind");
  BindMessage m;
  ASSIGN_OR_RETURN(m.portal, r.CString());
  ASSIGN_OR_RETURN(m.statement, r.CString());
  ASSIGN_OR_RETURN(size_t nformats, r.Count(2));
  m.param_formats.reserve(nformats);
  for (size_t i = 0; i < nformats; i++) {
    ASSIGN_OR_RETURN(int16_t f, r.Int16());
    m.param_formats.push_back(f);
  }
  ASSIGN_OR_RETURN(size_t nparams, r.Count(4));
  m.params.reserve(nparams);
  for (size_t i = 0; i < nparams; i++) {
    ASSIGN_OR_RETURN(int32_t len, r.Int32());
    if (len == -1) {
      m.params.emplace_back(std::nullopt);
      continue;
    }
    if (len < 0)
      return ProtocolViolation("invalid length of bind parameter " + std::to_string(i + 1));
    ASSIGN_OR_RETURN(std::string value, r.Bytes(static_cast<size_t>(len)));
    m.params.emplace_back(std::move(value));
  }
  ASSIGN_OR_RETURN(size_t nresults, r.Count(2));
  m.result_formats.reserve(nresults);
  for (size_t i = 0; i < nresults; i++) {
    ASSIGN_OR_RETURN(int16_t f, r.Int16());
    m.result_formats.push_back(f);
  }
  RETURN_IF_ERROR(r.End());
  return m;
}

Result<DescribeMessage> ParseDescribeMessage(std::string_view body) {
  BodyReader r(body, "Describe/Close");
  DescribeMessage m;
  ASSIGN_OR_RETURN(m.target, r.Byte());
  if (m.target != 'S' && m.target != 'P') {
    return ProtocolViolation(std::string("invalid Describe/Close message subtype ") +
                             std::to_string(static_cast<unsigned char>(m.target)));
  }
  ASSIGN_OR_RETURN(m.name, r.CString());
  RETURN_IF_ERROR(r.End());
  return m;
}

Result<ExecuteMessage> ParseExecuteMessage(std::string_view body) {
  BodyReader r(body, "Execute");
  ExecuteMessage m;
  ASSIGN_OR_RETURN(m.portal, r.CString());
  ASSIGN_OR_RETURN(m.max_rows, r.Int32());
  RETURN_IF_ERROR(r.End());
  return m;
}

Result<int16_t> FormatFor(const std::vector<int16_t>& formats, size_t i, size_t n) {
  int16_t f = 0;
  if (formats.size() == 1) {
    f = formats[0];
  } else if (formats.size() == n) {
    f = formats[i];
  } else if (!formats.empty()) {
    return ProtocolViolation("bind message has " + std::to_string(formats.size()) +
                             " format codes for " + std::to_string(n) + " values");
  }
  if (f != 0 && f != 1) return ProtocolViolation("unsupported format code: " + std::to_string(f));
  return f;
}

}  // namespace komodo::server
