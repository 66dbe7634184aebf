// Value: one SQL datum (or NULL) with its type.
//
// Types are identified by their PostgreSQL type OIDs, so the wire protocol and pg_catalog can use
// them as they are. TypeId values are persisted in the catalog: on-disk, never renumber.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "komodo/numeric.h"
#include "komodo/result.h"

namespace komodo {

enum class TypeId : uint32_t {
  kUnknown = 0,  // untyped NULL or a literal whose type is not decided yet
  kBool = 16,
  kBytea = 17,
  kInt8 = 20,  // bigint
  kInt2 = 21,  // smallint
  kInt4 = 23,  // integer
  kText = 25,
  kFloat4 = 700,   // real
  kFloat8 = 701,   // double precision
  kBpchar = 1042,  // character(n): blank-padded
  kVarchar = 1043,
  kNumeric = 1700,      // exact decimal (komodo/numeric.h)
  kDate = 1082,         // days since 2000-01-01
  kTime = 1083,         // time without time zone: microseconds since midnight
  kTimestamp = 1114,    // microseconds since 2000-01-01 00:00:00
  kTimestampTz = 1184,  // microseconds since 2000-01-01 00:00:00 UTC
  kInterval = 1186,     // months, days and microseconds (komodo::Interval)
  kUuid = 2950,
  kJson = 114,    // the text as written, validated
  kJsonb = 3802,  // a binary encoding (types/jsonb.h)
  // One-dimensional arrays of the types above (PostgreSQL's _int4, ...): types/array.h.
  kBoolArray = 1000,
  kByteaArray = 1001,
  kInt2Array = 1005,
  kInt4Array = 1007,
  kTextArray = 1009,
  kBpcharArray = 1014,
  kVarcharArray = 1015,
  kInt8Array = 1016,
  kFloat4Array = 1021,
  kFloat8Array = 1022,
  kTimestampArray = 1115,
  kDateArray = 1182,
  kTimeArray = 1183,
  kTimestampTzArray = 1185,
  kIntervalArray = 1187,
  kNumericArray = 1231,
  kUuidArray = 2951,
  // int2vector (pg_index.indkey): an int2 array written "1 2" and subscripted from 0.
  kInt2Vector = 22,
  // A row value (record). The one kind there is: information_schema._pg_expandarray's
  // (x, n), held like an array of its two fields; its typmod is x's type (types/array.h).
  kRecord = 2249,
};

// An interval as PostgreSQL keeps it: three fields that are never normalised into each other
// ('1 mon' and '30 days' are different datums that compare equal).
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval&) const = default;
};

class Value;
// An array datum's elements (NULL elements are NULL Values of the element type), shared between
// copies of the Value: arrays are immutable once built. The lower bound is always 1.
struct ArrayData {
  std::shared_ptr<const std::vector<Value>> elements;
  bool operator==(const ArrayData& other) const;  // element by element
};

// PostgreSQL's name for the type as format_type() prints it: "integer", "text", "integer[]"...
std::string_view TypeName(TypeId type);
// Parses a type name as written in SQL ("int", "int4", "bigint", "varchar", "timestamptz", ...).
// Returns kUnknown for a name it does not know.
TypeId TypeFromName(std::string_view name);

// Which member of Value's storage a type uses.
enum class PhysicalType { kNull, kBool, kInt, kFloat, kString, kNumeric, kInterval, kArray };
PhysicalType PhysicalTypeOf(TypeId type);

class Value {
 public:
  Value() = default;  // NULL of unknown type
  static Value Null(TypeId type = TypeId::kUnknown) { return Value(type, std::monostate{}); }
  static Value Bool(bool v) { return Value(TypeId::kBool, v); }
  static Value Int2(int16_t v) { return Value(TypeId::kInt2, int64_t{v}); }
  static Value Int4(int32_t v) { return Value(TypeId::kInt4, int64_t{v}); }
  static Value Int8(int64_t v) { return Value(TypeId::kInt8, v); }
  static Value Float4(float v) { return Value(TypeId::kFloat4, double{v}); }
  static Value Float8(double v) { return Value(TypeId::kFloat8, v); }
  static Value Text(std::string v) { return Value(TypeId::kText, std::move(v)); }
  static Value Varchar(std::string v) { return Value(TypeId::kVarchar, std::move(v)); }
  static Value Bpchar(std::string v) { return Value(TypeId::kBpchar, std::move(v)); }
  static Value Bytea(std::string bytes) { return Value(TypeId::kBytea, std::move(bytes)); }
  static Value Date(int32_t days) { return Value(TypeId::kDate, int64_t{days}); }
  static Value Timestamp(int64_t micros) { return Value(TypeId::kTimestamp, micros); }
  static Value TimestampTz(int64_t micros) { return Value(TypeId::kTimestampTz, micros); }
  static Value Numeric(komodo::Numeric v) { return Value(TypeId::kNumeric, std::move(v)); }
  static Value Time(int64_t micros) { return Value(TypeId::kTime, micros); }
  static Value Interval(komodo::Interval v) { return Value(TypeId::kInterval, v); }
  // Precondition: bytes.size() == 16.
  static Value Uuid(std::string bytes) { return Value(TypeId::kUuid, std::move(bytes)); }
  // Precondition: `array_type` is an array type and the elements are of its element type.
  static Value Array(TypeId array_type, std::vector<Value> elements) {
    return Value(array_type,
                 ArrayData{std::make_shared<const std::vector<Value>>(std::move(elements))});
  }
  // `encoding` is types/jsonb.h's binary encoding; `text` is valid JSON.
  static Value Jsonb(std::string encoding) { return Value(TypeId::kJsonb, std::move(encoding)); }
  static Value Json(std::string text) { return Value(TypeId::kJson, std::move(text)); }

  // Any type whose datum is an int64 (integers, date, time, timestamps) or a string (text types,
  // bytea, uuid, json, jsonb), as decoders rebuild it. Precondition: PhysicalTypeOf(type) is
  // kInt, respectively kString.
  static Value FromInt64(TypeId type, int64_t v) { return Value(type, v); }
  static Value FromBytes(TypeId type, std::string bytes) { return Value(type, std::move(bytes)); }

  // Parses PostgreSQL's text input format for `type` ("42", "t", "2024-01-31 10:00:00", "\x00ff").
  // Errors: 22P02 for malformed input, 22003 when out of range for the type, 22007/22008 for dates.
  static Result<Value> FromText(TypeId type, std::string_view text);

  TypeId type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  // Accessors; the precondition is a non-NULL value of a matching physical type.
  bool bool_value() const { return std::get<bool>(data_); }
  int64_t int_value() const { return std::get<int64_t>(data_); }  // ints, date, time, timestamps
  double float_value() const { return std::get<double>(data_); }
  const std::string& string_value() const {
    return std::get<std::string>(data_);
  }  // text, bytea, uuid, json, jsonb
  const komodo::Numeric& numeric_value() const { return std::get<komodo::Numeric>(data_); }
  const komodo::Interval& interval_value() const { return std::get<komodo::Interval>(data_); }
  const std::vector<Value>& array_value() const { return *std::get<ArrayData>(data_).elements; }

  // PostgreSQL's text output format ("t", "3.5", "2024-01-31", "\x00ff"). Empty for NULL.
  std::string ToText() const;

  // Same type and same datum (NULL equals NULL here; this is not SQL equality).
  bool operator==(const Value& other) const = default;

 private:
  using Data = std::variant<std::monostate, bool, int64_t, double, std::string, komodo::Numeric,
                            komodo::Interval, ArrayData>;
  Value(TypeId type, Data data) : type_(type), data_(std::move(data)) {}

  TypeId type_ = TypeId::kUnknown;
  Data data_;
};

inline bool ArrayData::operator==(const ArrayData& other) const {
  return *elements == *other.elements;
}

}  // namespace komodo
