// Status: the outcome of an operation, as a value. Errors never cross the API as exceptions.
//
// An error carries a PostgreSQL SQLSTATE (five characters, e.g. "42P01"), a message, and where it
// is known, a 1-based character position in the statement and a detail line. The wire server turns
// a Status into an ErrorResponse field by field; no translation table sits in between.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace komodo {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(std::string_view sqlstate, std::string message, int position = 0)
      : sqlstate_(sqlstate), message_(std::move(message)), position_(position) {}

  static Status OK() { return Status(); }

  // Named constructors for the classes KomodoDB raises most. Any other SQLSTATE is fine too.
  static Status SyntaxError(std::string msg, int pos = 0) { return {"42601", std::move(msg), pos}; }
  static Status FeatureNotSupported(std::string msg) { return {"0A000", std::move(msg)}; }
  static Status InvalidParameter(std::string msg) { return {"22023", std::move(msg)}; }
  static Status InvalidText(std::string msg) { return {"22P02", std::move(msg)}; }
  static Status OutOfRange(std::string msg) { return {"22003", std::move(msg)}; }
  static Status DivisionByZero() { return {"22012", "division by zero"}; }
  static Status UndefinedTable(std::string msg) { return {"42P01", std::move(msg)}; }
  static Status UndefinedColumn(std::string msg) { return {"42703", std::move(msg)}; }
  static Status UndefinedObject(std::string msg) { return {"42704", std::move(msg)}; }
  static Status DuplicateTable(std::string msg) { return {"42P07", std::move(msg)}; }
  static Status DuplicateColumn(std::string msg) { return {"42701", std::move(msg)}; }
  static Status DatatypeMismatch(std::string msg) { return {"42804", std::move(msg)}; }
  static Status UndefinedFunction(std::string msg) { return {"42883", std::move(msg)}; }
  static Status InvalidColumnReference(std::string msg, int pos = 0) {
    return {"42P10", std::move(msg), pos};
  }
  static Status InvalidTableDefinition(std::string msg) { return {"42P16", std::move(msg)}; }
  static Status NotNullViolation(std::string msg) { return {"23502", std::move(msg)}; }
  static Status UniqueViolation(std::string msg) { return {"23505", std::move(msg)}; }
  static Status InFailedTransaction() {
    return {"25P02",
            "current transaction is aborted, commands ignored until end of transaction block"};
  }
  static Status SerializationFailure(std::string msg) { return {"40001", std::move(msg)}; }
  static Status LockNotAvailable(std::string msg) { return {"55P03", std::move(msg)}; }
  static Status ObjectInUse(std::string msg) { return {"55006", std::move(msg)}; }
  static Status DiskFull(std::string msg) { return {"53100", std::move(msg)}; }
  static Status IOError(std::string msg) { return {"58030", std::move(msg)}; }
  static Status UndefinedFile(std::string msg) { return {"58P01", std::move(msg)}; }
  static Status Corruption(std::string msg) { return {"XX001", std::move(msg)}; }
  static Status Internal(std::string msg) { return {"XX000", std::move(msg)}; }

  bool ok() const { return sqlstate_.empty(); }
  // "00000" when OK.
  std::string_view sqlstate() const { return ok() ? std::string_view("00000") : sqlstate_; }
  const std::string& message() const { return message_; }
  int position() const { return position_; }  // 0 when unknown
  const std::string& detail() const { return detail_; }
  // What the user might do about it, as PostgreSQL's HINT line.
  const std::string& hint() const { return hint_; }
  // Where the error happened, as PostgreSQL's CONTEXT line ("COPY t, line 3, column a: ...").
  const std::string& context() const { return context_; }

  Status& WithDetail(std::string detail) & {
    detail_ = std::move(detail);
    return *this;
  }
  Status&& WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  Status&& WithHint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }
  Status&& WithContext(std::string context) && {
    context_ = std::move(context);
    return std::move(*this);
  }
  Status&& WithPosition(int pos) && {
    position_ = pos;
    return std::move(*this);
  }

  // "ERROR 42P01: relation \"t\" does not exist" (or "OK").
  std::string ToString() const;

  // Spelled out so that deliberately ignoring an error can be grepped for.
  void PermitUncheckedError() const {}

 private:
  std::string sqlstate_;
  std::string message_;
  int position_ = 0;
  std::string detail_;
  std::string hint_;
  std::string context_;
};

}  // namespace komodo
