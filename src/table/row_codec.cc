#include "table/row_codec.h"

#include <cstring>

#include "common/coding.h"
#include "common/macros.h"
#include "types/array.h"

namespace komodo::table {

namespace {

// On-disk: never renumber.
constexpr uint8_t kRowVersion = 1;
enum Tag : uint8_t {
  kFalse = 1,
  kTrue = 2,
  kInt = 3,
  kFloat = 4,
  kBytes = 5,
  kNumeric = 6,
  kInterval = 7
};

Status Damaged() { return Status::Corruption("row record is damaged"); }

}  // namespace

std::string EncodeRow(const catalog::TableDef& def, const std::vector<Value>& row) {
  std::string out(1, static_cast<char>(kRowVersion));
  uint64_t present = 0;
  for (const Value& v : row) present += v.is_null() ? 0 : 1;
  PutVarint64(&out, present);
  for (size_t i = 0; i < row.size(); i++) {
    const Value& v = row[i];
    if (v.is_null()) continue;
    uint64_t id = uint64_t{def.columns[i].id} << 3;
    switch (PhysicalTypeOf(v.type())) {
      case PhysicalType::kBool:
        PutVarint64(&out, id | (v.bool_value() ? kTrue : kFalse));
        break;
      case PhysicalType::kInt:
        PutVarint64(&out, id | kInt);
        PutZigZag64(&out, v.int_value());
        break;
      case PhysicalType::kFloat: {
        PutVarint64(&out, id | kFloat);
        uint64_t bits;
        double d = v.float_value();
        std::memcpy(&bits, &d, 8);
        PutFixed64LE(&out, bits);
        break;
      }
      case PhysicalType::kString:
        PutVarint64(&out, id | kBytes);
        PutLengthPrefixed(&out, v.string_value());
        break;
      case PhysicalType::kNumeric: {
        PutVarint64(&out, id | kNumeric);
        std::string bytes;
        v.numeric_value().EncodeBinary(&bytes);
        PutLengthPrefixed(&out, bytes);
        break;
      }
      case PhysicalType::kInterval: {  // months, days, microseconds
        PutVarint64(&out, id | kInterval);
        const Interval& iv = v.interval_value();
        PutZigZag64(&out, iv.months);
        PutZigZag64(&out, iv.days);
        PutZigZag64(&out, iv.micros);
        break;
      }
      case PhysicalType::kArray: {  // a kBytes field holding EncodeArray's bytes
        PutVarint64(&out, id | kBytes);
        std::string bytes;
        EncodeArray(v, &bytes);
        PutLengthPrefixed(&out, bytes);
        break;
      }
      case PhysicalType::kNull:
        break;
    }
  }
  return out;
}

Status DecodeRowInto(const catalog::TableDef& def, std::string_view in,
                     const std::vector<bool>& read, std::vector<Value>* row) {
  row->resize(def.columns.size());
  for (size_t i = 0; i < def.columns.size(); i++) (*row)[i] = Value::Null(def.columns[i].type);
  uint64_t n;
  if (in.empty() || static_cast<uint8_t>(in[0]) != kRowVersion) return Damaged();
  in.remove_prefix(1);
  if (!GetVarint64(&in, &n)) return Damaged();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t head;
    if (!GetVarint64(&in, &head)) return Damaged();
    int pos = def.ColumnPosition(static_cast<uint32_t>(head >> 3));
    bool wanted = pos >= 0 && (read.empty() || read[pos]);
    TypeId type = pos >= 0 ? def.columns[pos].type : TypeId::kUnknown;
    Value v;
    switch (head & 7) {
      case kFalse:
      case kTrue:
        v = Value::Bool((head & 7) == kTrue);
        break;
      case kInt: {
        int64_t x;
        if (!GetZigZag64(&in, &x)) return Damaged();
        v = Value::FromInt64(PhysicalTypeOf(type) == PhysicalType::kInt ? type : TypeId::kInt8, x);
        break;
      }
      case kFloat: {
        uint64_t bits;
        if (!GetFixed64LE(&in, &bits)) return Damaged();
        double d;
        std::memcpy(&d, &bits, 8);
        v = type == TypeId::kFloat4 ? Value::Float4(static_cast<float>(d)) : Value::Float8(d);
        break;
      }
      case kBytes: {
        std::string_view s;
        if (!GetLengthPrefixed(&in, &s)) return Damaged();
        if (!wanted) continue;  // a column the query does not read: not copied
        if (PhysicalTypeOf(type) == PhysicalType::kArray) {
          Result<Value> array = DecodeArray(type, s);
          if (!array.ok()) return Damaged();
          v = std::move(*array);
          break;
        }
        v = Value::FromBytes(PhysicalTypeOf(type) == PhysicalType::kString ? type : TypeId::kText,
                             std::string(s));
        break;
      }
      case kNumeric: {
        std::string_view s;
        if (!GetLengthPrefixed(&in, &s)) return Damaged();
        if (!wanted) continue;
        Result<Numeric> n = Numeric::DecodeBinary(s);
        if (!n.ok()) return Damaged();
        v = Value::Numeric(std::move(*n));
        break;
      }
      case kInterval: {
        int64_t months, days, micros;
        if (!GetZigZag64(&in, &months) || !GetZigZag64(&in, &days) || !GetZigZag64(&in, &micros) ||
            months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX) {
          return Damaged();
        }
        v = Value::Interval(
            Interval{static_cast<int32_t>(months), static_cast<int32_t>(days), micros});
        break;
      }
      default:
        return Damaged();
    }
    if (wanted) {
      if (PhysicalTypeOf(type) != PhysicalTypeOf(v.type())) return Damaged();
      (*row)[pos] = std::move(v);
    }
  }
  if (!in.empty()) return Damaged();
  return Status::OK();
}

Result<std::vector<Value>> DecodeRow(const catalog::TableDef& def, std::string_view in) {
  std::vector<Value> row;
  RETURN_IF_ERROR(DecodeRowInto(def, in, {}, &row));
  return row;
}

}  // namespace komodo::table
