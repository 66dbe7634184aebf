#include "storage/key_codec.h"

#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "common/macros.h"
#include "types/array.h"

namespace komodo::storage {
namespace {

// Component markers in ascending form (docs/formats/keys.md). On-disk: never renumber.
// NULL's marker is above the value marker, so NULLs sort last in kAsc; inverting a kDesc component
// turns them into 0xFE / 0xFD, which puts NULLs first there. 0x00 and 0x03..0xFF stay free, so a
// decoder given the wrong SortOrder fails on the marker instead of returning a wrong value.
constexpr uint8_t kValueMarker = 0x01;
constexpr uint8_t kNullMarker = 0x02;
constexpr uint8_t kArrayEnd = 0x00;  // after an array's elements

// Inside a string component 0x00 is escaped as 0x00 0xFF and the component ends in 0x00 0x01.
// The terminator sorts below every continuation (any byte 0x01..0xFF, or an escaped 0x00), which
// makes "a" < "a\0" < "ab", and no encoding is a prefix of another, so a following column never
// takes part in the comparison of a string column.
constexpr uint8_t kEscape = 0x00;
constexpr uint8_t kEscapedZero = 0xFF;
constexpr uint8_t kTerminator = 0x01;

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr uint64_t kCanonicalNaN = 0x7FF8000000000000;
constexpr size_t kUuidSize = 16;

uint8_t Mask(SortOrder order) { return order == SortOrder::kDesc ? 0xFF : 0x00; }

Status Truncated(std::string_view what) {
  return Status::Corruption("truncated key component: " + std::string(what));
}

// Maps a double to a uint64 whose unsigned order is the SQL order of doubles: negatives have all
// bits flipped (larger magnitude -> smaller), non-negatives only the sign bit. -0.0 and NaN are
// canonicalized first so that SQL-equal values have equal encodings.
uint64_t OrderedFloatBits(double d) {
  uint64_t bits;
  if (std::isnan(d)) {
    bits = kCanonicalNaN;
  } else {
    if (d == 0.0) d = 0.0;  // -0.0 == 0.0, so this drops the sign
    std::memcpy(&bits, &d, sizeof(bits));
  }
  return (bits & kSignBit) ? ~bits : bits ^ kSignBit;
}

// Inverse of OrderedFloatBits. Fails on encodings it never produces (-0.0, other NaNs), keeping
// the mapping a bijection: equal keys if and only if equal values.
Status FloatFromOrderedBits(uint64_t ordered, double* d) {
  uint64_t bits = (ordered & kSignBit) ? ordered ^ kSignBit : ~ordered;
  std::memcpy(d, &bits, sizeof(bits));
  if (std::isnan(*d) && bits != kCanonicalNaN) {
    return Status::Corruption("non-canonical NaN in key");
  }
  if (*d == 0.0 && std::signbit(*d)) return Status::Corruption("negative zero in key");
  return Status::OK();
}

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// Reads `bytes` (<= 8) bytes big-endian, undoing the kDesc inversion with `mask`.
bool ReadBigEndian(std::string_view* in, int bytes, uint8_t mask, uint64_t* v) {
  if (in->size() < static_cast<size_t>(bytes)) return false;
  uint64_t r = 0;
  for (int i = 0; i < bytes; ++i) r = (r << 8) | (static_cast<uint8_t>((*in)[i]) ^ mask);
  in->remove_prefix(bytes);
  *v = r;
  return true;
}

void EncodeString(std::string_view s, std::string* out) {
  size_t pos = 0;
  while (true) {
    size_t zero = s.find('\0', pos);
    if (zero == std::string_view::npos) break;
    out->append(s.data() + pos, zero - pos);
    out->push_back(static_cast<char>(kEscape));
    out->push_back(static_cast<char>(kEscapedZero));
    pos = zero + 1;
  }
  out->append(s.data() + pos, s.size() - pos);
  out->push_back(static_cast<char>(kEscape));
  out->push_back(static_cast<char>(kTerminator));
}

Status DecodeString(std::string_view* in, uint8_t mask, std::string* s) {
  // In the stored bytes an escape is `mask` (0x00, or 0xFF when inverted for kDesc).
  const char raw_escape = static_cast<char>(kEscape ^ mask);
  size_t pos = 0;
  while (true) {
    size_t esc = in->find(raw_escape, pos);
    if (esc == std::string_view::npos || esc + 1 >= in->size()) {
      return Truncated("string without terminator");
    }
    for (size_t i = pos; i < esc; ++i) s->push_back(static_cast<char>((*in)[i] ^ mask));
    const uint8_t next = static_cast<uint8_t>((*in)[esc + 1]) ^ mask;
    pos = esc + 2;
    if (next == kTerminator) break;
    if (next != kEscapedZero) return Status::Corruption("invalid escape in string key");
    s->push_back('\0');
  }
  in->remove_prefix(pos);
  return Status::OK();
}

// Range of int_value() a type's Value constructor admits; decoding rejects anything outside.
bool IntFitsType(int64_t v, TypeId type) {
  switch (type) {
    case TypeId::kInt2:
      return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt4:
    case TypeId::kDate:
      return v >= INT32_MIN && v <= INT32_MAX;
    default:
      return true;
  }
}

Value IntValue(int64_t v, TypeId type) {
  switch (type) {
    case TypeId::kInt2:
      return Value::Int2(static_cast<int16_t>(v));
    case TypeId::kInt4:
      return Value::Int4(static_cast<int32_t>(v));
    case TypeId::kDate:
      return Value::Date(static_cast<int32_t>(v));
    case TypeId::kTimestamp:
      return Value::Timestamp(v);
    case TypeId::kTimestampTz:
      return Value::TimestampTz(v);
    case TypeId::kTime:
      return Value::Time(v);
    default:
      return Value::Int8(v);
  }
}

Status DecodeArrayKey(std::string_view* in, TypeId type, uint8_t mask, Value* out);

Status DecodeNonNull(std::string_view* in, TypeId type, uint8_t mask, Value* out) {
  switch (type) {
    case TypeId::kBool: {
      uint64_t b;
      if (!ReadBigEndian(in, 1, mask, &b)) return Truncated("bool");
      if (b > 1) return Status::Corruption("invalid bool in key");
      *out = Value::Bool(b == 1);
      return Status::OK();
    }
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime: {
      uint64_t u;
      if (!ReadBigEndian(in, 8, mask, &u)) return Truncated("integer");
      const auto v = static_cast<int64_t>(u ^ kSignBit);
      if (!IntFitsType(v, type)) return Status::Corruption("integer key out of range for type");
      *out = IntValue(v, type);
      return Status::OK();
    }
    case TypeId::kFloat4:
    case TypeId::kFloat8: {
      uint64_t u;
      if (!ReadBigEndian(in, 8, mask, &u)) return Truncated("float");
      double d;
      Status st = FloatFromOrderedBits(u, &d);
      if (!st.ok()) return st;
      if (type == TypeId::kFloat8) {
        *out = Value::Float8(d);
        return Status::OK();
      }
      // Checked before the cast: converting an out-of-range finite double to float is undefined.
      if (std::isfinite(d) && (std::fabs(d) > FLT_MAX || double{static_cast<float>(d)} != d)) {
        return Status::Corruption("float4 key not representable as real");
      }
      *out = Value::Float4(static_cast<float>(d));
      return Status::OK();
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea: {
      std::string s;
      Status st = DecodeString(in, mask, &s);
      if (!st.ok()) return st;
      *out = type == TypeId::kText      ? Value::Text(std::move(s))
             : type == TypeId::kVarchar ? Value::Varchar(std::move(s))
             : type == TypeId::kBpchar  ? Value::Bpchar(std::move(s))
                                        : Value::Bytea(std::move(s));
      return Status::OK();
    }
    case TypeId::kNumeric: {
      // Numeric::DecodeKey reads ascending bytes; undo a kDesc inversion on a copy first.
      std::string_view view = *in;
      std::string flipped;
      if (mask != 0) {
        flipped.assign(in->data(), in->size());
        for (char& c : flipped) c = static_cast<char>(~c);
        view = flipped;
      }
      const size_t before = view.size();
      Numeric n;
      RETURN_IF_ERROR(Numeric::DecodeKey(&view, &n));
      in->remove_prefix(before - view.size());
      *out = Value::Numeric(std::move(n));
      return Status::OK();
    }
    case TypeId::kUuid: {
      if (in->size() < kUuidSize) return Truncated("uuid");
      std::string s(in->substr(0, kUuidSize));
      for (char& c : s) c = static_cast<char>(c ^ mask);
      in->remove_prefix(kUuidSize);
      *out = Value::Uuid(std::move(s));
      return Status::OK();
    }
    default:
      if (IsArrayType(type)) return DecodeArrayKey(in, type, mask, out);
      return Status::Internal("type " + std::to_string(static_cast<uint32_t>(type)) +
                              " cannot be decoded from a key");
  }
}

// An array: its elements as components (a value marker and payload, or the NULL marker), then
// kArrayEnd, which sorts below both markers: a proper prefix sorts first, NULL elements last.
Status DecodeArrayKey(std::string_view* in, TypeId type, uint8_t mask, Value* out) {
  TypeId element = ArrayElementType(type);
  std::vector<Value> elements;
  while (true) {
    uint64_t marker;
    if (!ReadBigEndian(in, 1, mask, &marker)) return Truncated("array");
    if (marker == kArrayEnd) break;
    if (marker == kNullMarker) {
      elements.push_back(Value::Null(element));
      continue;
    }
    if (marker != kValueMarker) return Status::Corruption("invalid array element marker in key");
    Value v;
    RETURN_IF_ERROR(DecodeNonNull(in, element, mask, &v));
    elements.push_back(std::move(v));
  }
  *out = Value::Array(type, std::move(elements));
  return Status::OK();
}

}  // namespace

bool IsKeyEncodable(TypeId type) {
  if (IsArrayType(type)) return IsKeyEncodable(ArrayElementType(type));
  switch (type) {
    case TypeId::kBool:
    case TypeId::kBytea:
    case TypeId::kInt8:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kText:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kUuid:
    case TypeId::kNumeric:
    case TypeId::kTime:
      return true;
    default:
      return false;
  }
}

void EncodeKeyValue(const Value& v, SortOrder order, std::string* out) {
  const size_t start = out->size();
  if (v.is_null()) {
    out->push_back(static_cast<char>(kNullMarker));
  } else {
    assert(IsKeyEncodable(v.type()));
    out->push_back(static_cast<char>(kValueMarker));
    if (IsArrayType(v.type())) {  // the elements in ascending form; kDesc inverts them below
      for (const Value& e : v.array_value()) EncodeKeyValue(e, SortOrder::kAsc, out);
      out->push_back(static_cast<char>(kArrayEnd));
    }
    switch (IsArrayType(v.type()) ? TypeId::kUnknown : v.type()) {
      case TypeId::kUnknown:
        break;
      case TypeId::kBool:
        out->push_back(v.bool_value() ? 1 : 0);
        break;
      case TypeId::kFloat4:
      case TypeId::kFloat8:
        AppendBigEndian(OrderedFloatBits(v.float_value()), 8, out);
        break;
      case TypeId::kText:
      case TypeId::kVarchar:
      case TypeId::kBytea:
        EncodeString(v.string_value(), out);
        break;
      case TypeId::kBpchar: {  // without its padding: equal values give equal keys
        const std::string& s = v.string_value();
        size_t end = s.find_last_not_of(' ');
        EncodeString(end == std::string::npos ? std::string() : s.substr(0, end + 1), out);
        break;
      }
      case TypeId::kNumeric:
        v.numeric_value().EncodeKey(out);
        break;
      case TypeId::kUuid:
        assert(v.string_value().size() == kUuidSize);
        out->append(v.string_value());
        break;
      default:  // integer family: two's complement with the sign bit flipped orders as unsigned
        AppendBigEndian(static_cast<uint64_t>(v.int_value()) ^ kSignBit, 8, out);
        break;
    }
  }
  if (order == SortOrder::kDesc) {
    for (size_t i = start; i < out->size(); ++i) (*out)[i] = static_cast<char>(~(*out)[i]);
  }
}

Status DecodeKeyValue(std::string_view* in, TypeId type, SortOrder order, Value* out) {
  const uint8_t mask = Mask(order);
  uint64_t marker;
  if (!ReadBigEndian(in, 1, mask, &marker)) return Truncated("missing marker");
  if (marker == kNullMarker) {
    *out = Value::Null(type);
    return Status::OK();
  }
  if (marker != kValueMarker) return Status::Corruption("invalid key component marker");
  return DecodeNonNull(in, type, mask, out);
}

void PutFixed32BE(std::string* out, uint32_t v) { AppendBigEndian(v, 4, out); }
void PutFixed64BE(std::string* out, uint64_t v) { AppendBigEndian(v, 8, out); }

bool GetFixed32BE(std::string_view* in, uint32_t* v) {
  uint64_t r;
  if (!ReadBigEndian(in, 4, 0, &r)) return false;
  *v = static_cast<uint32_t>(r);
  return true;
}

bool GetFixed64BE(std::string_view* in, uint64_t* v) { return ReadBigEndian(in, 8, 0, v); }

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  // Trailing 0xFF bytes cannot be incremented; dropping them and bumping the byte before gives
  // the smallest string above the whole prefix range.
  while (!s.empty() && static_cast<uint8_t>(s.back()) == 0xFF) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<uint8_t>(s.back()) + 1);
  return s;
}

}  // namespace komodo::storage
