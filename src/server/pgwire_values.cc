// Binary send/receive formats of PostgreSQL for the types KomodoDB has. The text formats are
// Value::ToText / Value::FromText.
#include "server/pgwire_values.h"

#include <bit>
#include <cstdio>
#include <cstring>

#include "common/macros.h"
#include "types/array.h"
#include "types/utf8.h"

namespace komodo::server {
namespace {

void PutBigEndian(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; i--) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetBigEndian(std::string_view s) {
  uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return v;
}

Status WrongSize(TypeId type) {
  return Status("22P03", "incorrect binary data format in bind parameter of type " +
                             std::string(TypeName(type)));
}

// numeric_send / numeric_recv: int16 ndigits, int16 weight, uint16 sign, int16 dscale, then
// ndigits base-10000 digits as int16, most significant first.
constexpr uint16_t kNumericPos = 0x0000;
constexpr uint16_t kNumericNeg = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPInf = 0xD000;
constexpr uint16_t kNumericNInf = 0xF000;

void EncodeNumeric(const Numeric& n, std::string& out) {
  uint16_t sign = kNumericPos;
  switch (n.kind()) {
    case Numeric::Kind::kNaN:
      sign = kNumericNaN;
      break;
    case Numeric::Kind::kPosInfinity:
      sign = kNumericPInf;
      break;
    case Numeric::Kind::kNegInfinity:
      sign = kNumericNInf;
      break;
    case Numeric::Kind::kFinite:
      sign = n.is_negative() ? kNumericNeg : kNumericPos;
      break;
  }
  PutBigEndian(out, n.digits().size(), 2);
  PutBigEndian(out, static_cast<uint16_t>(n.weight()), 2);
  PutBigEndian(out, sign, 2);
  // PostgreSQL 15 reads the dscale of an infinity out of its header bits: 0xD000 / 0xF000 give
  // 32 there (NaN's 0xC000 gives 0), and numeric_send sends that.
  PutBigEndian(out, n.is_infinite() ? 32 : static_cast<uint16_t>(n.dscale()), 2);
  for (int16_t d : n.digits()) PutBigEndian(out, static_cast<uint16_t>(d), 2);
}

Status BadNumeric(const char* what) {
  return Status("22P03", std::string("invalid ") + what + " in external \"numeric\" value");
}

// numeric_recv: digits hidden by dscale are truncated away, as PostgreSQL does.
Result<Value> DecodeNumeric(std::string_view bytes) {
  if (bytes.size() < 8) return WrongSize(TypeId::kNumeric);
  auto get16 = [&](size_t at) { return static_cast<uint16_t>(GetBigEndian(bytes.substr(at, 2))); };
  int ndigits = static_cast<int16_t>(get16(0));
  int weight = static_cast<int16_t>(get16(2));
  uint16_t sign = get16(4);
  uint16_t dscale = get16(6);
  if (ndigits < 0 || ndigits > Numeric::kMaxPrecision + Numeric::kMaxScale) {
    return BadNumeric("length");
  }
  if (bytes.size() != 8 + 2 * static_cast<size_t>(ndigits)) return WrongSize(TypeId::kNumeric);
  if (sign != kNumericPos && sign != kNumericNeg && sign != kNumericNaN && sign != kNumericPInf &&
      sign != kNumericNInf) {
    return BadNumeric("sign");
  }
  if ((dscale & 0x3FFF) != dscale) return BadNumeric("scale");
  std::string digits;
  for (int i = 0; i < ndigits; i++) {
    uint16_t d = get16(8 + 2 * i);
    if (d >= 10000) return BadNumeric("digit");
    char buf[5];
    std::snprintf(buf, sizeof buf, "%04u", static_cast<unsigned>(d));
    digits += buf;
  }
  if (sign == kNumericNaN) return Value::Numeric(Numeric::NaN());
  if (sign == kNumericPInf) return Value::Numeric(Numeric::Infinity());
  if (sign == kNumericNInf) return Value::Numeric(Numeric::NegativeInfinity());
  // Lay the digits out positionally: the point goes after 4 * (weight + 1) digits.
  std::string text = sign == kNumericNeg ? "-" : "";
  int64_t point = 4 * (int64_t{weight} + 1);
  if (digits.empty()) {
    text = "0";
  } else if (point <= 0) {
    text += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int64_t>(digits.size())) {
    text += digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    text += digits.substr(0, point) + "." + digits.substr(point);
  }
  Result<Numeric> n = Numeric::Parse(text);
  if (!n.ok()) return n.status();
  Result<Numeric> t = n->Trunc(dscale);
  if (!t.ok()) return t.status();
  return Value::Numeric(std::move(*t));
}

}  // namespace

namespace {

// array_send: ndim, has-nulls flag, element type OID, then per dimension its length and lower
// bound, then each element as a length (-1 for NULL) and its binary form.
// One element or field: its length (-1 for NULL) and its binary form.
void EncodeElementBinary(const Value& e, std::string& out) {
  if (e.is_null()) {
    PutBigEndian(out, 0xFFFFFFFFu, 4);
    return;
  }
  std::string bytes = EncodeBinary(e);
  PutBigEndian(out, bytes.size(), 4);
  out += bytes;
}

void EncodeArrayBinary(const Value& v, std::string& out) {
  const std::vector<Value>& elements = v.array_value();
  if (v.type() == TypeId::kRecord) {  // record_send: the field count, then oid, length, bytes
    PutBigEndian(out, elements.size(), 4);
    for (const Value& e : elements) {
      PutBigEndian(out, static_cast<uint32_t>(e.type()), 4);
      EncodeElementBinary(e, out);
    }
    return;
  }
  bool has_null = false;
  for (const Value& e : elements) has_null |= e.is_null();
  PutBigEndian(out, elements.empty() ? 0 : 1, 4);
  PutBigEndian(out, has_null ? 1 : 0, 4);
  PutBigEndian(out, static_cast<uint32_t>(ArrayElementType(v.type())), 4);
  if (!elements.empty()) {
    PutBigEndian(out, elements.size(), 4);
    PutBigEndian(out, v.type() == TypeId::kInt2Vector ? 0 : 1, 4);  // int2vector counts from 0
  }
  for (const Value& e : elements) EncodeElementBinary(e, out);
}

// array_recv for one dimension. Errors: 22P03 for truncated data, 42804 for another element
// type, 0A000 for more dimensions or a lower bound other than 1.
Result<Value> DecodeArrayBinary(TypeId type, std::string_view bytes) {
  auto take = [&](size_t n, uint64_t* out) {
    if (bytes.size() < n) return false;
    *out = GetBigEndian(bytes.substr(0, n));
    bytes.remove_prefix(n);
    return true;
  };
  auto truncated = [] { return Status("22P03", "insufficient data left in message"); };
  uint64_t ndim, flags, element_oid;
  if (!take(4, &ndim) || !take(4, &flags) || !take(4, &element_oid)) return truncated();
  TypeId element = ArrayElementType(type);
  if (ndim > 1) {
    return Status::FeatureNotSupported("multidimensional arrays are not supported");
  }
  if (static_cast<TypeId>(element_oid) != element) {
    return Status::DatatypeMismatch("binary data has array element type " +
                                    std::to_string(element_oid) + " instead of expected " +
                                    std::to_string(static_cast<uint32_t>(element)));
  }
  uint64_t count = 0, lower = 1;
  if (ndim == 1 && (!take(4, &count) || !take(4, &lower))) return truncated();
  if (static_cast<int32_t>(lower) != 1) {
    return Status::FeatureNotSupported("array lower bounds other than 1 are not supported");
  }
  std::vector<Value> elements;
  for (uint64_t i = 0; i < count; i++) {
    uint64_t len;
    if (!take(4, &len)) return truncated();
    if (static_cast<int32_t>(len) == -1) {
      elements.push_back(Value::Null(element));
      continue;
    }
    if (bytes.size() < len) return truncated();
    ASSIGN_OR_RETURN(Value e, DecodeParam(element, 1, bytes.substr(0, len)));
    bytes.remove_prefix(len);
    elements.push_back(std::move(e));
  }
  if (!bytes.empty()) {
    return Status("22P03", "incorrect binary data format in array");
  }
  return Value::Array(type, std::move(elements));
}

}  // namespace

int16_t TypeLength(TypeId type) {
  switch (type) {
    case TypeId::kBool:
      return 1;
    case TypeId::kInt2:
      return 2;
    case TypeId::kInt4:
    case TypeId::kFloat4:
    case TypeId::kDate:
      return 4;
    case TypeId::kInt8:
    case TypeId::kFloat8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return 8;
    case TypeId::kUuid:
    case TypeId::kInterval:
      return 16;
    case TypeId::kUnknown:
      return -2;  // PostgreSQL's unknown is a C string
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kNumeric:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return -1;
  }
  return -1;
}

TypeId TypeFromOid(uint32_t oid) {
  switch (static_cast<TypeId>(oid)) {
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
    case TypeId::kInterval:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return static_cast<TypeId>(oid);
    case TypeId::kUnknown:
      break;
    default:
      if (IsArrayType(static_cast<TypeId>(oid))) return static_cast<TypeId>(oid);
      break;
  }
  return TypeId::kUnknown;
}

std::string EncodeBinary(const Value& v) {
  std::string out;
  switch (v.type()) {
    case TypeId::kBool:
      out.push_back(v.bool_value() ? 1 : 0);
      break;
    case TypeId::kInt2:
      PutBigEndian(out, static_cast<uint64_t>(v.int_value()), 2);
      break;
    case TypeId::kInt4:
    case TypeId::kDate:
      PutBigEndian(out, static_cast<uint64_t>(v.int_value()), 4);
      break;
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      PutBigEndian(out, static_cast<uint64_t>(v.int_value()), 8);
      break;
    case TypeId::kInterval:  // interval_send: microseconds, days, months
      PutBigEndian(out, static_cast<uint64_t>(v.interval_value().micros), 8);
      PutBigEndian(out, static_cast<uint32_t>(v.interval_value().days), 4);
      PutBigEndian(out, static_cast<uint32_t>(v.interval_value().months), 4);
      break;
    case TypeId::kFloat4:
      PutBigEndian(out, std::bit_cast<uint32_t>(static_cast<float>(v.float_value())), 4);
      break;
    case TypeId::kFloat8:
      PutBigEndian(out, std::bit_cast<uint64_t>(v.float_value()), 8);
      break;
    case TypeId::kUnknown:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kUuid:
      out = v.string_value();
      break;
    case TypeId::kNumeric:
      EncodeNumeric(v.numeric_value(), out);
      break;
    case TypeId::kJson:  // json_send: the text
      out = v.string_value();
      break;
    case TypeId::kJsonb:  // jsonb_send: version 1, then the text
      out = "\x01" + v.ToText();
      break;
    default:
      if (IsArrayType(v.type()) || v.type() == TypeId::kRecord) EncodeArrayBinary(v, out);
      break;
  }
  return out;
}

Result<Value> DecodeParam(TypeId type, int16_t format, std::string_view bytes) {
  if (format == 0) return Value::FromText(type, bytes);
  auto need = [&](size_t n) { return bytes.size() == n ? Status::OK() : WrongSize(type); };
  switch (type) {
    case TypeId::kBool: {
      if (Status s = need(1); !s.ok()) return s;
      return Value::Bool(bytes[0] != 0);
    }
    case TypeId::kInt2: {
      if (Status s = need(2); !s.ok()) return s;
      return Value::Int2(static_cast<int16_t>(GetBigEndian(bytes)));
    }
    case TypeId::kInt4: {
      if (Status s = need(4); !s.ok()) return s;
      return Value::Int4(static_cast<int32_t>(GetBigEndian(bytes)));
    }
    case TypeId::kInt8: {
      if (Status s = need(8); !s.ok()) return s;
      return Value::Int8(static_cast<int64_t>(GetBigEndian(bytes)));
    }
    case TypeId::kFloat4: {
      if (Status s = need(4); !s.ok()) return s;
      return Value::Float4(std::bit_cast<float>(static_cast<uint32_t>(GetBigEndian(bytes))));
    }
    case TypeId::kFloat8: {
      if (Status s = need(8); !s.ok()) return s;
      return Value::Float8(std::bit_cast<double>(GetBigEndian(bytes)));
    }
    case TypeId::kDate: {
      if (Status s = need(4); !s.ok()) return s;
      return Value::Date(static_cast<int32_t>(GetBigEndian(bytes)));
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      if (Status s = need(8); !s.ok()) return s;
      auto micros = static_cast<int64_t>(GetBigEndian(bytes));
      return type == TypeId::kTimestamp ? Value::Timestamp(micros) : Value::TimestampTz(micros);
    }
    case TypeId::kUuid: {
      if (Status s = need(16); !s.ok()) return s;
      return Value::Uuid(std::string(bytes));
    }
    case TypeId::kTime: {
      if (Status s = need(8); !s.ok()) return s;
      return Value::Time(static_cast<int64_t>(GetBigEndian(bytes)));
    }
    case TypeId::kInterval: {
      if (Status s = need(16); !s.ok()) return s;
      return Value::Interval(Interval{static_cast<int32_t>(GetBigEndian(bytes.substr(12, 4))),
                                      static_cast<int32_t>(GetBigEndian(bytes.substr(8, 4))),
                                      static_cast<int64_t>(GetBigEndian(bytes.substr(0, 8)))});
    }
    case TypeId::kBytea:
      return Value::Bytea(std::string(bytes));
    case TypeId::kNumeric:
      return DecodeNumeric(bytes);
    case TypeId::kJson:
      return Value::FromText(type, bytes);
    case TypeId::kJsonb:  // jsonb_recv: a version byte (1), then the text
      if (bytes.empty() || bytes[0] != 1) {
        return Status::Internal(
            "unsupported jsonb version number " +
            std::to_string(bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0])));
      }
      return Value::FromText(type, bytes.substr(1));
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kUnknown: {
      if (Status s = ValidateUtf8(bytes); !s.ok()) return s;
      if (type == TypeId::kVarchar) return Value::Varchar(std::string(bytes));
      if (type == TypeId::kBpchar) return Value::Bpchar(std::string(bytes));
      return Value::Text(std::string(bytes));
    }
    default:
      if (IsArrayType(type)) return DecodeArrayBinary(type, bytes);
      break;
  }
  return Status::FeatureNotSupported("binary format for type " + std::string(TypeName(type)) +
                                     " is not supported");
}

}  // namespace komodo::server
