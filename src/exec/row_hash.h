// Hashing and equality of values and rows for hash joins, grouping, DISTINCT and set
// operations: values that compare equal hash equally (1 = 1.0, -0 = 0), and NULL equals NULL
// (DISTINCT's and GROUP BY's notion, not the = operator's).
#pragma once

#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "komodo/value.h"
#include "types/compare.h"
#include "types/jsonb.h"

namespace komodo::exec {

inline size_t HashValue(const Value& v) {
  if (v.is_null()) return 0x9e3779b97f4a7c15ULL;
  switch (PhysicalTypeOf(v.type())) {
    case PhysicalType::kBool:
      return v.bool_value() ? 1 : 2;
    case PhysicalType::kInt:
      return std::hash<int64_t>()(v.int_value());
    case PhysicalType::kFloat: {
      double d = v.float_value();
      if (std::isnan(d)) return 0x7ff8;
      if (d == std::trunc(d) && std::fabs(d) < 9.2e18) {
        return std::hash<int64_t>()(static_cast<int64_t>(d));  // equal to the integer
      }
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return std::hash<uint64_t>()(bits);
    }
    case PhysicalType::kString: {
      std::string_view s = v.string_value();
      if (v.type() == TypeId::kJsonb) return jsonb::Hash(s);  // 1.0 = 1.00 inside documents
      if (v.type() == TypeId::kBpchar) {                      // 'a' = 'a  ' in character(n)
        size_t end = s.find_last_not_of(' ');
        s = end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
      }
      return std::hash<std::string_view>()(s);
    }
    case PhysicalType::kNumeric: {
      // Consistent with the integers (exact) and, as far as a double allows, with the floats.
      const Numeric& n = v.numeric_value();
      if (n.is_nan()) return 0x7ff8;
      Result<int64_t> i = n.Trunc(0).ok() && Numeric::Compare(*n.Trunc(0), n) == 0
                              ? n.ToInt64()
                              : Result<int64_t>(Status::OutOfRange(""));
      if (i.ok()) return std::hash<int64_t>()(*i);
      Result<double> d = n.ToDouble();
      if (!d.ok()) return n.Hash();
      uint64_t bits;
      double x = *d;
      std::memcpy(&bits, &x, sizeof bits);
      return std::hash<uint64_t>()(bits);
    }
    case PhysicalType::kInterval: {  // '1 mon' = '30 days': hash the span interval_cmp orders by
      const Interval& iv = v.interval_value();
      __int128 span = static_cast<__int128>(iv.months) * 30 * 86'400'000'000 +
                      static_cast<__int128>(iv.days) * 86'400'000'000 + iv.micros;
      return std::hash<uint64_t>()(static_cast<uint64_t>(span)) ^
             std::hash<uint64_t>()(static_cast<uint64_t>(span >> 64)) * 31;
    }
    case PhysicalType::kArray: {
      size_t h = 0x51ed27;
      for (const Value& e : v.array_value()) h = h * 0x100000001b3ULL ^ HashValue(e);
      return h;
    }
    case PhysicalType::kNull:
      break;
  }
  return 0;
}

inline size_t HashRow(const std::vector<Value>& row) {
  size_t h = 0;
  for (const Value& v : row) h = h * 0x100000001b3ULL ^ HashValue(v);
  return h;
}

inline bool ValuesEqual(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null();
  return CompareValues(a, b) == 0;
}

inline bool RowsEqual(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (!ValuesEqual(a[i], b[i])) return false;
  }
  return true;
}

struct RowHasher {
  size_t operator()(const std::vector<Value>& row) const { return HashRow(row); }
};
struct RowEquals {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    return RowsEqual(a, b);
  }
};

}  // namespace komodo::exec
