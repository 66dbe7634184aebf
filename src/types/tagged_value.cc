#include "types/tagged_value.h"

#include <cstring>

#include "common/coding.h"

namespace komodo {

ValueTag TagOf(const Value& v) {
  switch (PhysicalTypeOf(v.type())) {
    case PhysicalType::kBool:
      return v.bool_value() ? kTagTrue : kTagFalse;
    case PhysicalType::kInt:
      return kTagInt;
    case PhysicalType::kFloat:
      return kTagFloat;
    case PhysicalType::kNumeric:
      return kTagNumeric;
    case PhysicalType::kInterval:
      return kTagInterval;
    default:
      return kTagBytes;
  }
}

void PutTaggedPayload(const Value& v, std::string* out) {
  switch (TagOf(v)) {
    case kTagFalse:
    case kTagTrue:
      break;
    case kTagInt:
      PutZigZag64(out, v.int_value());
      break;
    case kTagFloat: {
      uint64_t bits;
      double d = v.float_value();
      std::memcpy(&bits, &d, 8);
      PutFixed64LE(out, bits);
      break;
    }
    case kTagBytes:
      PutLengthPrefixed(out, v.string_value());
      break;
    case kTagNumeric: {
      std::string bytes;
      v.numeric_value().EncodeBinary(&bytes);
      PutLengthPrefixed(out, bytes);
      break;
    }
    case kTagInterval: {  // months, days, microseconds
      const Interval& iv = v.interval_value();
      PutZigZag64(out, iv.months);
      PutZigZag64(out, iv.days);
      PutZigZag64(out, iv.micros);
      break;
    }
  }
}

bool GetTaggedPayload(uint8_t tag, TypeId type, std::string_view* in, Value* out) {
  switch (tag) {
    case kTagFalse:
    case kTagTrue:
      if (out != nullptr) *out = Value::Bool(tag == kTagTrue);
      return true;
    case kTagInt: {
      int64_t x;
      if (!GetZigZag64(in, &x)) return false;
      if (out != nullptr) {
        *out =
            Value::FromInt64(PhysicalTypeOf(type) == PhysicalType::kInt ? type : TypeId::kInt8, x);
      }
      return true;
    }
    case kTagFloat: {
      uint64_t bits;
      if (!GetFixed64LE(in, &bits)) return false;
      double d;
      std::memcpy(&d, &bits, 8);
      if (out != nullptr) {
        *out = type == TypeId::kFloat4 ? Value::Float4(static_cast<float>(d)) : Value::Float8(d);
      }
      return true;
    }
    case kTagBytes: {
      std::string_view s;
      if (!GetLengthPrefixed(in, &s)) return false;
      if (out != nullptr) {
        *out = Value::FromBytes(
            PhysicalTypeOf(type) == PhysicalType::kString ? type : TypeId::kText, std::string(s));
      }
      return true;
    }
    case kTagNumeric: {
      std::string_view s;
      if (!GetLengthPrefixed(in, &s)) return false;
      if (out == nullptr) return true;
      Result<Numeric> n = Numeric::DecodeBinary(s);
      if (!n.ok()) return false;
      *out = Value::Numeric(std::move(*n));
      return true;
    }
    case kTagInterval: {
      int64_t months, days, micros;
      if (!GetZigZag64(in, &months) || !GetZigZag64(in, &days) || !GetZigZag64(in, &micros) ||
          months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX) {
        return false;
      }
      if (out != nullptr) {
        *out = Value::Interval(
            Interval{static_cast<int32_t>(months), static_cast<int32_t>(days), micros});
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace komodo
