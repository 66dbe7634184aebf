// Backend message encoding. Each message is a type byte, an int32 length that counts itself and
// the body, and the body; Begin() reserves the length and End() fills it in.
#include "server/pgwire_writer.h"

#include "server/pgwire_values.h"

namespace komodo::server {

void MessageWriter::Begin(char type) {
  buf_.push_back(type);
  start_ = buf_.size();
  buf_.append(4, '\0');
}

void MessageWriter::End() {
  auto len = static_cast<uint32_t>(buf_.size() - start_);
  for (int i = 0; i < 4; i++) buf_[start_ + i] = static_cast<char>((len >> (24 - 8 * i)) & 0xff);
}

void MessageWriter::Int16(int16_t v) {
  auto u = static_cast<uint16_t>(v);
  buf_.push_back(static_cast<char>(u >> 8));
  buf_.push_back(static_cast<char>(u & 0xff));
}

void MessageWriter::Int32(int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8)
    buf_.push_back(static_cast<char>((u >> shift) & 0xff));
}

void MessageWriter::CString(std::string_view s) {
  // A NUL inside would end the field early on the client; PostgreSQL strings hold none.
  for (char c : s) buf_.push_back(c == '\0' ? ' ' : c);
  buf_.push_back('\0');
}

void MessageWriter::Fields(const Status& status, std::string_view severity) {
  buf_.push_back('S');
  CString(severity);
  buf_.push_back('V');  // the same, never translated
  CString(severity);
  buf_.push_back('C');
  CString(status.sqlstate());
  buf_.push_back('M');
  CString(status.message());
  if (!status.detail().empty()) {
    buf_.push_back('D');
    CString(status.detail());
  }
  if (!status.hint().empty()) {
    buf_.push_back('H');
    CString(status.hint());
  }
  if (status.position() > 0) {
    buf_.push_back('P');
    CString(std::to_string(status.position()));
  }
  if (!status.context().empty()) {
    buf_.push_back('W');
    CString(status.context());
  }
  buf_.push_back('\0');
}

void MessageWriter::ErrorResponse(const Status& status, std::string_view severity) {
  Begin('E');
  Fields(status, severity);
  End();
}

void MessageWriter::NoticeResponse(const Status& status, std::string_view severity) {
  Begin('N');
  Fields(status, severity);
  End();
}

void MessageWriter::AuthenticationOk() {
  Begin('R');
  Int32(0);
  End();
}

void MessageWriter::AuthenticationSasl(const std::vector<std::string>& mechanisms) {
  Begin('R');
  Int32(10);
  for (const std::string& m : mechanisms) CString(m);
  buf_.push_back('\0');
  End();
}

void MessageWriter::AuthenticationSaslContinue(std::string_view data) {
  Begin('R');
  Int32(11);
  buf_.append(data);
  End();
}

void MessageWriter::AuthenticationSaslFinal(std::string_view data) {
  Begin('R');
  Int32(12);
  buf_.append(data);
  End();
}

void MessageWriter::ParameterStatus(std::string_view name, std::string_view value) {
  Begin('S');
  CString(name);
  CString(value);
  End();
}

void MessageWriter::BackendKeyData(int32_t pid, int32_t secret) {
  Begin('K');
  Int32(pid);
  Int32(secret);
  End();
}

void MessageWriter::NegotiateProtocolVersion(int32_t newest_minor,
                                             const std::vector<std::string>& unknown) {
  Begin('v');
  Int32(newest_minor);
  Int32(static_cast<int32_t>(unknown.size()));
  for (const std::string& option : unknown) CString(option);
  End();
}

void MessageWriter::ReadyForQuery(char status) {
  Begin('Z');
  buf_.push_back(status);
  End();
}

void MessageWriter::RowDescription(const std::vector<FieldDescription>& fields) {
  Begin('T');
  Int16(static_cast<int16_t>(fields.size()));
  for (const FieldDescription& f : fields) {
    CString(f.name);
    Int32(0);  // table OID: not a plain table column
    Int16(0);  // column number
    Int32(static_cast<int32_t>(f.type == TypeId::kUnknown ? TypeId::kText : f.type));
    Int16(TypeLength(f.type == TypeId::kUnknown ? TypeId::kText : f.type));
    Int32(-1);  // type modifier
    Int16(f.format);
  }
  End();
}

void MessageWriter::DataRow(const std::vector<Value>& row, const std::vector<int16_t>& formats) {
  Begin('D');
  Int16(static_cast<int16_t>(row.size()));
  for (size_t i = 0; i < row.size(); i++) {
    const Value& v = row[i];
    if (v.is_null()) {
      Int32(-1);
      continue;
    }
    bool binary = i < formats.size() && formats[i] == 1;
    std::string bytes = binary ? EncodeBinary(v) : v.ToText();
    Int32(static_cast<int32_t>(bytes.size()));
    buf_ += bytes;
  }
  End();
}

void MessageWriter::CommandComplete(std::string_view tag) {
  Begin('C');
  CString(tag);
  End();
}

void MessageWriter::EmptyQueryResponse() {
  Begin('I');
  End();
}

void MessageWriter::ParseComplete() {
  Begin('1');
  End();
}

void MessageWriter::BindComplete() {
  Begin('2');
  End();
}

void MessageWriter::CloseComplete() {
  Begin('3');
  End();
}

void MessageWriter::ParameterDescription(const std::vector<uint32_t>& types) {
  Begin('t');
  Int16(static_cast<int16_t>(types.size()));
  for (uint32_t t : types) Int32(static_cast<int32_t>(t));
  End();
}

void MessageWriter::NoData() {
  Begin('n');
  End();
}

void MessageWriter::PortalSuspended() {
  Begin('s');
  End();
}

void MessageWriter::CopyInResponse(size_t columns) {
  Begin('G');
  buf_.push_back('\0');
  Int16(static_cast<int16_t>(columns));
  for (size_t i = 0; i < columns; i++) Int16(0);
  End();
}

void MessageWriter::CopyOutResponse(size_t columns) {
  Begin('H');
  buf_.push_back('\0');
  Int16(static_cast<int16_t>(columns));
  for (size_t i = 0; i < columns; i++) Int16(0);
  End();
}

void MessageWriter::CopyData(std::string_view data) {
  Begin('d');
  buf_.append(data);
  End();
}

void MessageWriter::CopyDone() {
  Begin('c');
  End();
}

}  // namespace komodo::server
