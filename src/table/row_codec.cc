#include "table/row_codec.h"

#include <cstring>

#include "common/coding.h"
#include "common/macros.h"
#include "types/array.h"
#include "types/tagged_value.h"

namespace komodo::table {

namespace {

// On-disk: never renumber.
constexpr uint8_t kRowVersion = 1;

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
    if (PhysicalTypeOf(v.type()) == PhysicalType::kArray) {  // bytes holding EncodeArray's
      PutVarint64(&out, id | kTagBytes);
      std::string bytes;
      EncodeArray(v, &bytes);
      PutLengthPrefixed(&out, bytes);
      continue;
    }
    PutVarint64(&out, id | TagOf(v));
    PutTaggedPayload(v, &out);
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
    // An unknown column id is a dropped column's: skipped. So is a column the query does not read.
    int pos = def.ColumnPosition(static_cast<uint32_t>(head >> 3));
    bool wanted = pos >= 0 && (read.empty() || read[pos]);
    TypeId type = pos >= 0 ? def.columns[pos].type : TypeId::kUnknown;
    const auto tag = static_cast<uint8_t>(head & 7);
    if (wanted && tag == kTagBytes && PhysicalTypeOf(type) == PhysicalType::kArray) {
      std::string_view bytes;
      if (!GetLengthPrefixed(&in, &bytes)) return Damaged();
      Result<Value> array = DecodeArray(type, bytes);
      if (!array.ok()) return Damaged();
      (*row)[pos] = std::move(*array);
      continue;
    }
    Value v;
    if (!GetTaggedPayload(tag, type, &in, wanted ? &v : nullptr)) return Damaged();
    if (!wanted) continue;
    if (PhysicalTypeOf(type) != PhysicalTypeOf(v.type())) return Damaged();
    (*row)[pos] = std::move(v);
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
