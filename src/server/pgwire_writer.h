// Encodes PostgreSQL v3 backend messages into a byte buffer. The session sends the buffer when
// the protocol says the client waits for it (ReadyForQuery, Flush) or when it grows large.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/database.h"
#include "komodo/status.h"

namespace komodo::server {

// One column of a RowDescription.
struct FieldDescription {
  std::string name;
  TypeId type = TypeId::kUnknown;
  int16_t format = 0;  // 0 text, 1 binary
};

class MessageWriter {
 public:
  // Severity of an ErrorResponse / NoticeResponse: "ERROR", "FATAL", "WARNING", "NOTICE", ...
  void ErrorResponse(const Status& status, std::string_view severity = "ERROR");
  void NoticeResponse(const Status& status, std::string_view severity = "NOTICE");

  void AuthenticationOk();
  // SASL (PostgreSQL's codes 10, 11, 12): the mechanisms offered, then the server's messages.
  void AuthenticationSasl(const std::vector<std::string>& mechanisms);
  void AuthenticationSaslContinue(std::string_view data);
  void AuthenticationSaslFinal(std::string_view data);
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t pid, int32_t secret);
  void NegotiateProtocolVersion(int32_t newest_minor, const std::vector<std::string>& unknown);
  void ReadyForQuery(char status);

  void RowDescription(const std::vector<FieldDescription>& fields);
  // One row; `formats` gives each column's format (empty: all text). Values are encoded by
  // EncodeText / EncodeBinary (pgwire_values.h).
  void DataRow(const std::vector<Value>& row, const std::vector<int16_t>& formats);
  void CommandComplete(std::string_view tag);
  void EmptyQueryResponse();

  void ParseComplete();
  void BindComplete();
  void CloseComplete();
  void ParameterDescription(const std::vector<uint32_t>& types);
  void NoData();
  void PortalSuspended();

  // The COPY sub-protocol: text format (0) overall and for each of `columns` columns.
  void CopyInResponse(size_t columns);
  void CopyOutResponse(size_t columns);
  void CopyData(std::string_view data);
  void CopyDone();

  // A single byte with no framing: the answer to SSLRequest / GSSENCRequest.
  void RawByte(char c) { buf_.push_back(c); }

  const std::string& data() const { return buf_; }
  size_t size() const { return buf_.size(); }
  void Clear() { buf_.clear(); }

 private:
  void Begin(char type);
  void End();
  void Int16(int16_t v);
  void Int32(int32_t v);
  void CString(std::string_view s);
  void Fields(const Status& status, std::string_view severity);

  std::string buf_;
  size_t start_ = 0;  // where the current message's length field is
};

}  // namespace komodo::server
