#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace komodo::storage {
namespace {

using Row = std::vector<Value>;
using Rng = std::mt19937_64;

constexpr SortOrder kAsc = SortOrder::kAsc;
constexpr SortOrder kDesc = SortOrder::kDesc;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Fixed unless KOMODO_TEST_SEED is set; printed so that a failure can be replayed.
uint64_t TestSeed() {
  static const uint64_t seed = [] {
    const char* env = std::getenv("KOMODO_TEST_SEED");
    const uint64_t s = env != nullptr ? std::strtoull(env, nullptr, 10) : 20240531;
    std::cout << "[ key_codec_test ] seed " << s << " (override with KOMODO_TEST_SEED)\n";
    return s;
  }();
  return seed;
}

// ---------------------------------------------------------------------------------------------
// Type families, rendering.

// Types in one family share an encoding and compare with each other.
enum class Family { kBool, kInt, kFloat, kString, kUuid };

Family FamilyOf(TypeId t) {
  switch (t) {
    case TypeId::kBool:
      return Family::kBool;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return Family::kFloat;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBytea:
      return Family::kString;
    case TypeId::kUuid:
      return Family::kUuid;
    default:
      return Family::kInt;
  }
}

const std::vector<TypeId>& TypesOf(Family f) {
  static const std::vector<TypeId> kBool = {TypeId::kBool};
  static const std::vector<TypeId> kInt = {TypeId::kInt2, TypeId::kInt4,      TypeId::kInt8,
                                           TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz};
  static const std::vector<TypeId> kFloat = {TypeId::kFloat4, TypeId::kFloat8};
  static const std::vector<TypeId> kString = {TypeId::kText, TypeId::kVarchar, TypeId::kBytea};
  static const std::vector<TypeId> kUuid = {TypeId::kUuid};
  switch (f) {
    case Family::kBool:
      return kBool;
    case Family::kInt:
      return kInt;
    case Family::kFloat:
      return kFloat;
    case Family::kString:
      return kString;
    default:
      return kUuid;
  }
}

constexpr Family kAllFamilies[] = {Family::kBool, Family::kInt, Family::kFloat, Family::kString,
                                   Family::kUuid};

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) s += ' ';
    const auto b = static_cast<uint8_t>(bytes[i]);
    s += kDigits[b >> 4];
    s += kDigits[b & 0xF];
  }
  return s;
}

std::string Describe(const Value& v) {
  std::string s = "type" + std::to_string(static_cast<uint32_t>(v.type())) + ":";
  if (v.is_null()) return s + "NULL";
  switch (FamilyOf(v.type())) {
    case Family::kBool:
      return s + (v.bool_value() ? "true" : "false");
    case Family::kInt:
      return s + std::to_string(v.int_value());
    case Family::kFloat: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%a", v.float_value());
      return s + buf;
    }
    default:
      return s + "[" + Hex(v.string_value()) + "]";
  }
}

std::string Describe(const Row& row) {
  std::string s = "(";
  for (size_t i = 0; i < row.size(); ++i) s += (i > 0 ? ", " : "") + Describe(row[i]);
  return s + ")";
}

std::string Enc(const Value& v, SortOrder order = kAsc) {
  std::string out;
  EncodeKeyValue(v, order, &out);
  return out;
}

std::string EncRow(const Row& row, const std::vector<SortOrder>& orders) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) EncodeKeyValue(row[i], orders[i], &out);
  return out;
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

int Sign(int x) { return (x > 0) - (x < 0); }

// memcmp order of two keys, as RocksDB's BytewiseComparator sees them.
int KeyCompare(std::string_view a, std::string_view b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return Sign(c);
  return (a.size() > b.size()) - (a.size() < b.size());
}

// ---------------------------------------------------------------------------------------------
// Reference comparator: PostgreSQL's btree order, written independently of the codec.

int SqlCompareNonNull(const Value& a, const Value& b) {
  switch (FamilyOf(a.type())) {
    case Family::kBool:
      return int{a.bool_value()} - int{b.bool_value()};
    case Family::kInt:
      return (a.int_value() > b.int_value()) - (a.int_value() < b.int_value());
    case Family::kFloat: {
      // float8_cmp_internal: NaNs are equal to each other and above everything else.
      const double x = a.float_value(), y = b.float_value();
      if (std::isnan(x) || std::isnan(y)) return int{std::isnan(x)} - int{std::isnan(y)};
      return (x > y) - (x < y);
    }
    default: {
      // text under the C collation, bytea and uuid: unsigned bytes, then length.
      const std::string& x = a.string_value();
      const std::string& y = b.string_value();
      for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
        const auto cx = static_cast<unsigned char>(x[i]), cy = static_cast<unsigned char>(y[i]);
        if (cx != cy) return cx < cy ? -1 : 1;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
  }
}

// ASC is NULLS LAST; DESC (NULLS FIRST by default) is exactly the reverse of ASC.
int SqlCompare(const Value& a, const Value& b, SortOrder order) {
  int c;
  if (a.is_null() || b.is_null()) {
    c = int{a.is_null()} - int{b.is_null()};
  } else {
    c = SqlCompareNonNull(a, b);
  }
  return order == kDesc ? -c : c;
}

int SqlCompareRows(const Row& a, const Row& b, const std::vector<SortOrder>& orders) {
  for (size_t i = 0; i < a.size(); ++i) {
    const int c = SqlCompare(a[i], b[i], orders[i]);
    if (c != 0) return c;
  }
  return 0;
}

// What DecodeKeyValue must give back for `v`: the same type and datum, with -0.0 read as 0.0 and
// any NaN as a NaN.
::testing::AssertionResult DecodedAs(const Value& decoded, const Value& v) {
  bool same = decoded.type() == v.type() && decoded.is_null() == v.is_null();
  if (same && !v.is_null() && FamilyOf(v.type()) == Family::kFloat) {
    const double x = decoded.float_value(), y = v.float_value();
    same = std::isnan(y) ? std::isnan(x) : (x == y && !(x == 0.0 && std::signbit(x)));
  } else if (same) {
    same = decoded == v;
  }
  if (same) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "decoded " << Describe(decoded) << ", encoded " << Describe(v);
}

// ---------------------------------------------------------------------------------------------
// Random values, biased towards edge cases and towards collisions.

class ValueGen {
 public:
  explicit ValueGen(uint64_t seed) : rng_(seed) {}

  Rng& rng() { return rng_; }
  size_t Uniform(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool OneIn(size_t n) { return Uniform(n) == 0; }

  Value Random(TypeId type) {
    if (OneIn(20)) return Value::Null(type);
    switch (type) {
      case TypeId::kBool:
        return Value::Bool(OneIn(2));
      case TypeId::kInt2:
        return Value::Int2(static_cast<int16_t>(RandomInt(16)));
      case TypeId::kInt4:
        return Value::Int4(static_cast<int32_t>(RandomInt(32)));
      case TypeId::kDate:
        return Value::Date(static_cast<int32_t>(RandomInt(32)));
      case TypeId::kInt8:
        return Value::Int8(RandomInt(64));
      case TypeId::kTimestamp:
        return Value::Timestamp(RandomInt(64));
      case TypeId::kTimestampTz:
        return Value::TimestampTz(RandomInt(64));
      case TypeId::kFloat4:
        return Value::Float4(RandomFloat());
      case TypeId::kFloat8:
        return Value::Float8(RandomDouble());
      case TypeId::kText:
        return Value::Text(RandomString());
      case TypeId::kVarchar:
        return Value::Varchar(RandomString());
      case TypeId::kBytea:
        return Value::Bytea(RandomString());
      default:
        return Value::Uuid(RandomUuid());
    }
  }

  Value RandomOf(Family f) {
    const auto& types = TypesOf(f);
    return Random(types[Uniform(types.size())]);
  }

  // Random bytes drawn mostly from the ones the codec treats specially.
  std::string RandomBytes(size_t max_len) {
    static constexpr char kSpecial[] = {'\x00', '\x01', '\x02', '\xfd', '\xfe', '\xff', 'a', 'b'};
    std::string s(Uniform(max_len + 1), '\0');
    for (char& c : s) {
      c = OneIn(4) ? static_cast<char>(Uniform(256)) : kSpecial[Uniform(sizeof(kSpecial))];
    }
    return s;
  }

 private:
  // Edge values of a `bits`-wide signed integer, small values (collisions), powers of two +-1,
  // and uniform values over the whole range.
  int64_t RandomInt(int bits) {
    const int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
    const int64_t min = -max - 1;
    switch (Uniform(4)) {
      case 0: {
        const int64_t edges[] = {min, min + 1, max, max - 1, 0, -1, 1};
        return edges[Uniform(std::size(edges))];
      }
      case 1:
        return std::uniform_int_distribution<int64_t>(-3, 3)(rng_);
      case 2: {
        const int64_t p = int64_t{1} << Uniform(bits - 1);
        const int64_t v = p + static_cast<int64_t>(Uniform(3)) - 1;
        return OneIn(2) ? v : -v;
      }
      default:
        return std::uniform_int_distribution<int64_t>(min, max)(rng_);
    }
  }

  double RandomDouble() {
    switch (Uniform(4)) {
      case 0: {
        const double edges[] = {0.0,
                                -0.0,
                                kNaN,
                                -kNaN,
                                std::nan("0x12345"),
                                kInf,
                                -kInf,
                                std::numeric_limits<double>::denorm_min(),
                                -std::numeric_limits<double>::denorm_min(),
                                DBL_MIN,
                                -DBL_MIN,
                                std::nextafter(DBL_MIN, 0.0),  // largest denormal
                                -std::nextafter(DBL_MIN, 0.0),
                                DBL_MAX,
                                -DBL_MAX,
                                1.0,
                                -1.0,
                                std::nextafter(1.0, 2.0),
                                std::nextafter(-1.0, -2.0)};
        return edges[Uniform(std::size(edges))];
      }
      case 1:
        return static_cast<double>(std::uniform_int_distribution<int>(-3, 3)(rng_)) / 2;
      case 2: {
        // Any bit pattern: every sign, exponent, denormal and NaN payload.
        const uint64_t bits = rng_();
        double d;
        std::memcpy(&d, &bits, sizeof(d));
        return d;
      }
      default:
        return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
    }
  }

  float RandomFloat() {
    switch (Uniform(3)) {
      case 0: {
        const float edges[] = {0.0f,
                               -0.0f,
                               std::numeric_limits<float>::quiet_NaN(),
                               -std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::denorm_min(),
                               -std::numeric_limits<float>::denorm_min(),
                               FLT_MIN,
                               FLT_MAX,
                               -FLT_MAX,
                               1.0f,
                               -1.0f};
        return edges[Uniform(std::size(edges))];
      }
      case 1: {
        const auto bits = static_cast<uint32_t>(rng_());
        float f;
        std::memcpy(&f, &bits, sizeof(f));
        return f;
      }
      default:
        return static_cast<float>(std::uniform_int_distribution<int>(-3, 3)(rng_)) / 2;
    }
  }

  std::string RandomString() { return OneIn(10) ? RandomBytes(40) : RandomBytes(5); }

  // Long runs of 0x00 / 0xFF give uuids that share long prefixes.
  std::string RandomUuid() {
    std::string s(16, '\0');
    const size_t shared = Uniform(17);
    const char fill = OneIn(2) ? '\x00' : '\xff';
    for (size_t i = 0; i < 16; ++i) {
      s[i] = i < shared ? fill : static_cast<char>(OneIn(2) ? Uniform(256) : Uniform(2) * 0xFF);
    }
    return s;
  }

  Rng rng_;
};

// ---------------------------------------------------------------------------------------------
// Property checks shared by the randomized tests.

::testing::AssertionResult OrderAgrees(const Row& a, const Row& b, const std::string& ka,
                                       const std::string& kb,
                                       const std::vector<SortOrder>& orders) {
  const int sql = SqlCompareRows(a, b, orders);
  const int key = KeyCompare(ka, kb);
  if (sql == key) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "SQL order " << sql << " but key order " << key << "\n  a = " << Describe(a)
         << "\n    [" << Hex(ka) << "]\n  b = " << Describe(b) << "\n    [" << Hex(kb) << "]";
}

// Encodes every row, then checks (1) that the keys of rows sorted by the reference comparator are
// non-decreasing with equality exactly where SQL sees equality, which by transitivity makes the
// two orders identical, (2) the same for random pairs, and (3) that decoding gives the rows back.
void CheckRows(const std::vector<Row>& rows, const std::vector<TypeId>& decode_types,
               const std::vector<SortOrder>& orders, ValueGen& gen) {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const Row& row : rows) keys.push_back(EncRow(row, orders));

  std::vector<size_t> idx(rows.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(),
            [&](size_t a, size_t b) { return SqlCompareRows(rows[a], rows[b], orders) < 0; });
  for (size_t i = 0; i + 1 < idx.size(); ++i) {
    const size_t a = idx[i], b = idx[i + 1];
    ASSERT_TRUE(OrderAgrees(rows[a], rows[b], keys[a], keys[b], orders));
  }
  for (int n = 0; n < 20000; ++n) {
    const size_t a = gen.Uniform(rows.size()), b = gen.Uniform(rows.size());
    ASSERT_TRUE(OrderAgrees(rows[a], rows[b], keys[a], keys[b], orders));
  }

  for (size_t r = 0; r < rows.size(); ++r) {
    std::string_view in = keys[r];
    for (size_t c = 0; c < rows[r].size(); ++c) {
      // The decoder is told the column's declared type; rows of a mixed-type column are decoded
      // as the type each value was made with.
      const TypeId type = decode_types.empty() ? rows[r][c].type() : decode_types[c];
      Value out;
      Status st = DecodeKeyValue(&in, type, orders[c], &out);
      ASSERT_TRUE(st.ok()) << st.message() << " in " << Describe(rows[r]) << " [" << Hex(keys[r])
                           << "]";
      ASSERT_TRUE(DecodedAs(out, rows[r][c])) << " column " << c;
    }
    ASSERT_TRUE(in.empty()) << "left over: " << Hex(in);
  }
}

// ---------------------------------------------------------------------------------------------
// Ordering, one behaviour per test.

TEST(KeyCodecTest, NegativeIntsSortBeforePositive) {
  EXPECT_LT(Enc(Value::Int8(INT64_MIN)), Enc(Value::Int8(-1)));
  EXPECT_LT(Enc(Value::Int8(-1)), Enc(Value::Int8(0)));
  EXPECT_LT(Enc(Value::Int8(0)), Enc(Value::Int8(1)));
  EXPECT_LT(Enc(Value::Int8(1)), Enc(Value::Int8(INT64_MAX)));
  EXPECT_LT(Enc(Value::Int4(-256)), Enc(Value::Int4(-255)));
}

TEST(KeyCodecTest, IntegerWidthsShareOneEncoding) {
  const std::string five = Enc(Value::Int8(5));
  EXPECT_EQ(Enc(Value::Int2(5)), five);
  EXPECT_EQ(Enc(Value::Int4(5)), five);
  EXPECT_EQ(Enc(Value::Date(5)), five);
  EXPECT_EQ(Enc(Value::Timestamp(5)), five);
  EXPECT_LT(Enc(Value::Int2(-1)), Enc(Value::Int8(0)));
  EXPECT_LT(Enc(Value::Int4(INT32_MAX)), Enc(Value::Int8(int64_t{INT32_MAX} + 1)));
}

TEST(KeyCodecTest, NullsSortLastAscendingAndFirstDescending) {
  for (const Value& v : {Value::Int8(INT64_MAX), Value::Text("\xff\xff"), Value::Float8(kNaN),
                         Value::Bool(true), Value::Uuid(std::string(16, '\xff'))}) {
    SCOPED_TRACE(Describe(v));
    EXPECT_LT(Enc(v, kAsc), Enc(Value::Null(v.type()), kAsc));
    EXPECT_GT(Enc(v, kDesc), Enc(Value::Null(v.type()), kDesc));
  }
  EXPECT_EQ(Enc(Value::Null(TypeId::kInt4)), Enc(Value::Null(TypeId::kText)));
}

TEST(KeyCodecTest, NegativeZeroEqualsZero) {
  EXPECT_EQ(Enc(Value::Float8(-0.0)), Enc(Value::Float8(0.0)));
  EXPECT_EQ(Enc(Value::Float4(-0.0f)), Enc(Value::Float8(0.0)));
  EXPECT_LT(Enc(Value::Float8(-std::numeric_limits<double>::denorm_min())),
            Enc(Value::Float8(-0.0)));
  EXPECT_LT(Enc(Value::Float8(0.0)), Enc(Value::Float8(std::numeric_limits<double>::denorm_min())));
}

TEST(KeyCodecTest, NanSortsAboveInfinityAndAllNansAreEqual) {
  EXPECT_GT(Enc(Value::Float8(kNaN)), Enc(Value::Float8(kInf)));
  EXPECT_EQ(Enc(Value::Float8(kNaN)), Enc(Value::Float8(-kNaN)));
  EXPECT_EQ(Enc(Value::Float8(kNaN)), Enc(Value::Float8(std::nan("0x5"))));
  EXPECT_EQ(Enc(Value::Float8(kNaN)), Enc(Value::Float4(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_LT(Enc(Value::Float8(kNaN)), Enc(Value::Null(TypeId::kFloat8)));
}

TEST(KeyCodecTest, NegativeInfinitySortsLowest) {
  EXPECT_LT(Enc(Value::Float8(-kInf)), Enc(Value::Float8(-DBL_MAX)));
  EXPECT_LT(Enc(Value::Float8(-DBL_MAX)), Enc(Value::Float8(-1.0)));
  EXPECT_LT(Enc(Value::Float8(-1.0)), Enc(Value::Float8(-0.5)));
  EXPECT_LT(Enc(Value::Float8(DBL_MAX)), Enc(Value::Float8(kInf)));
}

TEST(KeyCodecTest, Float4AndFloat8CompareByValue) {
  EXPECT_EQ(Enc(Value::Float4(1.5f)), Enc(Value::Float8(1.5)));
  EXPECT_GT(Enc(Value::Float4(0.1f)), Enc(Value::Float8(0.1)));  // 0.1f rounds up as a double
}

TEST(KeyCodecTest, FalseSortsBeforeTrue) {
  EXPECT_LT(Enc(Value::Bool(false)), Enc(Value::Bool(true)));
  EXPECT_GT(Enc(Value::Bool(false), kDesc), Enc(Value::Bool(true), kDesc));
}

TEST(KeyCodecTest, StringsSortBytewiseWithEmbeddedZeros) {
  using namespace std::string_literals;
  const std::vector<std::string> sorted = {
      ""s,      "\0"s, "\0\0"s, "\0\x01"s, "\x01"s, "a"s,    "a\0"s,  "a\0\0"s,  "a\0b"s,
      "a\x01"s, "ab"s, "b"s,    "\x7f"s,   "\x80"s, "\xfe"s, "\xff"s, "\xff\0"s, "\xff\xff"s};
  for (size_t i = 0; i + 1 < sorted.size(); ++i) {
    SCOPED_TRACE(Hex(sorted[i]) + " < " + Hex(sorted[i + 1]));
    EXPECT_LT(Enc(Value::Text(sorted[i])), Enc(Value::Text(sorted[i + 1])));
    EXPECT_GT(Enc(Value::Bytea(sorted[i]), kDesc), Enc(Value::Bytea(sorted[i + 1]), kDesc));
  }
  EXPECT_EQ(Enc(Value::Text("x")), Enc(Value::Varchar("x")));
}

TEST(KeyCodecTest, ShorterStringColumnDoesNotBleedIntoNextColumn) {
  for (SortOrder second : {kAsc, kDesc}) {
    const std::vector<SortOrder> orders = {kAsc, second};
    EXPECT_LT(EncRow({Value::Text("a"), Value::Text("z")}, orders),
              EncRow({Value::Text("ab"), Value::Text("a")}, orders));
    EXPECT_LT(EncRow({Value::Text("a"), Value::Text("\xff")}, orders),
              EncRow({Value::Text(std::string("a\0", 2)), Value::Text("")}, orders));
  }
  const std::vector<SortOrder> desc = {kDesc, kAsc};
  EXPECT_GT(EncRow({Value::Text("a"), Value::Text("z")}, desc),
            EncRow({Value::Text("ab"), Value::Text("a")}, desc));
  EXPECT_LT(EncRow({Value::Text("a"), Value::Int4(1)}, desc),
            EncRow({Value::Text("a"), Value::Int4(2)}, desc));
}

TEST(KeyCodecTest, DescendingInvertsEveryByte) {
  for (const Value& v : {Value::Int4(7), Value::Text(std::string("a\0b", 3)), Value::Bool(true),
                         Value::Null(TypeId::kInt8), Value::Float8(-2.5)}) {
    std::string asc = Enc(v, kAsc);
    for (char& c : asc) c = static_cast<char>(~c);
    EXPECT_EQ(Enc(v, kDesc), asc) << Describe(v);
  }
}

// The byte examples of docs/formats/keys.md; a change here is an on-disk format change.
TEST(KeyCodecTest, EncodingMatchesFormatSpecification) {
  EXPECT_EQ(Hex(Enc(Value::Null(TypeId::kInt4), kAsc)), "02");
  EXPECT_EQ(Hex(Enc(Value::Null(TypeId::kInt4), kDesc)), "fd");
  EXPECT_EQ(Hex(Enc(Value::Int4(1))), "01 80 00 00 00 00 00 00 01");
  EXPECT_EQ(Hex(Enc(Value::Int8(-1))), "01 7f ff ff ff ff ff ff ff");
  EXPECT_EQ(Hex(Enc(Value::Int8(INT64_MIN))), "01 00 00 00 00 00 00 00 00");
  EXPECT_EQ(Hex(Enc(Value::Int4(1), kDesc)), "fe 7f ff ff ff ff ff ff fe");
  EXPECT_EQ(Hex(Enc(Value::Bool(true))), "01 01");
  EXPECT_EQ(Hex(Enc(Value::Float8(1.0))), "01 bf f0 00 00 00 00 00 00");
  EXPECT_EQ(Hex(Enc(Value::Float8(-1.0))), "01 40 0f ff ff ff ff ff ff");
  EXPECT_EQ(Hex(Enc(Value::Float8(0.0))), "01 80 00 00 00 00 00 00 00");
  EXPECT_EQ(Hex(Enc(Value::Float8(kNaN))), "01 ff f8 00 00 00 00 00 00");
  EXPECT_EQ(Hex(Enc(Value::Text(""))), "01 00 01");
  EXPECT_EQ(Hex(Enc(Value::Text(std::string("a\0b", 3)))), "01 61 00 ff 62 00 01");
  EXPECT_EQ(Hex(Enc(Value::Text(std::string("a\0b", 3)), kDesc)), "fe 9e ff 00 9d ff fe");
  EXPECT_EQ(Hex(Enc(Value::Uuid(std::string(16, '\x11')))),
            "01 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11");
  EXPECT_EQ(Hex(EncRow({Value::Text("ab"), Value::Null(TypeId::kInt4)}, {kAsc, kDesc})),
            "01 61 62 00 01 fd");
}

TEST(KeyCodecTest, EncodeAppendsWithoutTouchingExistingBytes) {
  std::string out = "prefix";
  EncodeKeyValue(Value::Int4(3), kDesc, &out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), Enc(Value::Int4(3), kDesc));
}

TEST(KeyCodecTest, DecodeReturnsDeclaredTypeAndStopsAtComponentEnd) {
  std::string key;
  EncodeKeyValue(Value::Int2(-7), kAsc, &key);
  EncodeKeyValue(Value::Text(std::string("\0", 1)), kDesc, &key);
  EncodeKeyValue(Value::Null(TypeId::kUuid), kAsc, &key);
  key += "tail";
  std::string_view in = key;
  Value v;
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kInt4, kAsc, &v).ok());
  EXPECT_EQ(v, Value::Int4(-7));
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kBytea, kDesc, &v).ok());
  EXPECT_EQ(v, Value::Bytea(std::string("\0", 1)));
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kUuid, kAsc, &v).ok());
  EXPECT_EQ(v, Value::Null(TypeId::kUuid));
  EXPECT_EQ(in, "tail");
}

TEST(KeyCodecTest, DecodeCanonicalizesNegativeZeroAndNan) {
  Value v;
  std::string key = Enc(Value::Float8(-0.0));
  std::string_view in = key;
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kFloat8, kAsc, &v).ok());
  EXPECT_FALSE(std::signbit(v.float_value()));
  key = Enc(Value::Float4(-std::numeric_limits<float>::quiet_NaN()));
  in = key;
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kFloat4, kAsc, &v).ok());
  EXPECT_EQ(v.type(), TypeId::kFloat4);
  EXPECT_TRUE(std::isnan(v.float_value()));
}

// ---------------------------------------------------------------------------------------------
// Randomized: SQL order == key order, and round trips.

TEST(KeyCodecTest, RandomSingleColumnOrderMatchesSqlOrder) {
  const uint64_t seed = TestSeed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  ValueGen gen(seed);
  for (Family family : kAllFamilies) {
    for (SortOrder order : {kAsc, kDesc}) {
      SCOPED_TRACE("family " + std::to_string(static_cast<int>(family)) +
                   (order == kAsc ? " asc" : " desc"));
      std::vector<Row> rows;
      for (int i = 0; i < 4000; ++i) rows.push_back({gen.RandomOf(family)});
      ASSERT_NO_FATAL_FAILURE(CheckRows(rows, {}, {order}, gen));
    }
  }
}

TEST(KeyCodecTest, RandomCompositeKeysOrderMatchesSqlOrder) {
  const uint64_t seed = TestSeed() + 1;
  SCOPED_TRACE("seed " + std::to_string(seed));
  ValueGen gen(seed);
  for (int schema = 0; schema < 60; ++schema) {
    const size_t ncols = 2 + gen.Uniform(2);
    std::vector<Family> families;
    std::vector<SortOrder> orders;
    std::vector<TypeId> types;
    std::vector<std::vector<Value>> pools;
    for (size_t c = 0; c < ncols; ++c) {
      families.push_back(kAllFamilies[gen.Uniform(std::size(kAllFamilies))]);
      orders.push_back(gen.OneIn(2) ? kAsc : kDesc);
      const auto& family_types = TypesOf(families[c]);
      types.push_back(family_types[gen.Uniform(family_types.size())]);
      // A small pool per column makes ties in the leading columns common, so later columns
      // decide the order; a large pool exercises the leading column alone.
      std::vector<Value> pool;
      const size_t pool_size = gen.OneIn(4) ? 1000 : 1 + gen.Uniform(6);
      for (size_t i = 0; i < pool_size; ++i) pool.push_back(gen.Random(types[c]));
      pools.push_back(std::move(pool));
    }
    std::string schema_text;
    for (size_t c = 0; c < ncols; ++c) {
      schema_text += std::to_string(static_cast<uint32_t>(types[c])) +
                     (orders[c] == kAsc ? " asc, " : " desc, ");
    }
    SCOPED_TRACE("schema " + schema_text);
    std::vector<Row> rows;
    for (int r = 0; r < 500; ++r) {
      Row row;
      for (size_t c = 0; c < ncols; ++c) row.push_back(pools[c][gen.Uniform(pools[c].size())]);
      rows.push_back(std::move(row));
    }
    ASSERT_NO_FATAL_FAILURE(CheckRows(rows, types, orders, gen));
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed input: an error, never a crash or an out-of-bounds read (run under ASan to see).

constexpr TypeId kKeyTypes[] = {
    TypeId::kBool,      TypeId::kInt2,        TypeId::kInt4,   TypeId::kInt8,   TypeId::kDate,
    TypeId::kTimestamp, TypeId::kTimestampTz, TypeId::kFloat4, TypeId::kFloat8, TypeId::kText,
    TypeId::kVarchar,   TypeId::kBytea,       TypeId::kUuid};

Status DecodeStatus(std::string_view bytes, TypeId type, SortOrder order = kAsc) {
  Value v;
  return DecodeKeyValue(&bytes, type, order, &v);
}

TEST(KeyCodecTest, EveryTruncatedEncodingIsCorruption) {
  const uint64_t seed = TestSeed() + 2;
  SCOPED_TRACE("seed " + std::to_string(seed));
  ValueGen gen(seed);
  for (int i = 0; i < 3000; ++i) {
    const TypeId type = kKeyTypes[gen.Uniform(std::size(kKeyTypes))];
    const SortOrder order = gen.OneIn(2) ? kAsc : kDesc;
    const Value v = gen.Random(type);
    // Copied into an exactly sized buffer per prefix so ASan catches a read past the end.
    const std::string key = Enc(v, order);
    for (size_t len = 0; len < key.size(); ++len) {
      const std::string prefix = key.substr(0, len);
      const Status st = DecodeStatus(prefix, type, order);
      ASSERT_EQ(st.sqlstate(), "XX001") << Describe(v) << " cut to [" << Hex(prefix) << "]";
    }
  }
}

TEST(KeyCodecTest, RandomGarbageIsRejectedOrIsACanonicalEncoding) {
  const uint64_t seed = TestSeed() + 3;
  SCOPED_TRACE("seed " + std::to_string(seed));
  ValueGen gen(seed);
  int accepted = 0;
  for (int i = 0; i < 50000; ++i) {
    const TypeId type = kKeyTypes[gen.Uniform(std::size(kKeyTypes))];
    const SortOrder order = gen.OneIn(2) ? kAsc : kDesc;
    std::string bytes = gen.RandomBytes(gen.OneIn(3) ? 24 : 10);
    // Mostly start with a valid value marker so the type-specific decoders see the garbage.
    if (!bytes.empty() && !gen.OneIn(4)) bytes[0] = order == kAsc ? '\x01' : '\xfe';
    std::string_view in = bytes;
    Value v;
    const Status st = DecodeKeyValue(&in, type, order, &v);
    if (!st.ok()) {
      ASSERT_EQ(st.sqlstate(), "XX001") << st.message();
      continue;
    }
    // Whatever the decoder accepts must be exactly the encoding of what it returned: a key has
    // one spelling, so equal values can never hide behind different keys.
    ++accepted;
    ASSERT_EQ(v.type(), type);
    const std::string_view consumed(bytes.data(), bytes.size() - in.size());
    ASSERT_EQ(Hex(Enc(v, order)), Hex(consumed)) << "decoded " << Describe(v);
  }
  EXPECT_GT(accepted, 0);
}

TEST(KeyCodecTest, InvalidMarkerIsCorruption) {
  for (int marker : {0x00, 0x03, 0x80, 0xfd, 0xfe, 0xff}) {
    EXPECT_EQ(DecodeStatus(Bytes({marker, 0, 0, 0, 0, 0, 0, 0, 0}), TypeId::kInt8).sqlstate(),
              "XX001")
        << marker;
  }
}

TEST(KeyCodecTest, DecodingWithTheWrongSortOrderFails) {
  for (const Value& v : {Value::Int4(1), Value::Null(TypeId::kInt4)}) {
    EXPECT_EQ(DecodeStatus(Enc(v, kAsc), TypeId::kInt4, kDesc).sqlstate(), "XX001");
    EXPECT_EQ(DecodeStatus(Enc(v, kDesc), TypeId::kInt4, kAsc).sqlstate(), "XX001");
  }
}

TEST(KeyCodecTest, InvalidBoolByteIsCorruption) {
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 0x02}), TypeId::kBool).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 0xff}), TypeId::kBool).sqlstate(), "XX001");
}

TEST(KeyCodecTest, InvalidStringEscapeIsCorruption) {
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 'a', 0x00, 0x02}), TypeId::kText).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 'a', 0x00}), TypeId::kText).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 'a', 'b'}), TypeId::kText).sqlstate(), "XX001");
}

TEST(KeyCodecTest, IntegerOutOfRangeForDeclaredTypeIsCorruption) {
  EXPECT_EQ(DecodeStatus(Enc(Value::Int8(INT16_MAX + 1)), TypeId::kInt2).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Enc(Value::Int8(INT32_MIN - int64_t{1})), TypeId::kInt4).sqlstate(),
            "XX001");
  EXPECT_EQ(DecodeStatus(Enc(Value::Int8(INT64_MAX)), TypeId::kDate).sqlstate(), "XX001");
  EXPECT_TRUE(DecodeStatus(Enc(Value::Int8(INT16_MIN)), TypeId::kInt2).ok());
}

TEST(KeyCodecTest, NonRealFloatUnderFloat4IsCorruption) {
  EXPECT_EQ(DecodeStatus(Enc(Value::Float8(0.1)), TypeId::kFloat4).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Enc(Value::Float8(1e300)), TypeId::kFloat4).sqlstate(), "XX001");
  EXPECT_EQ(DecodeStatus(Enc(Value::Float8(-DBL_MAX)), TypeId::kFloat4).sqlstate(), "XX001");
  EXPECT_TRUE(DecodeStatus(Enc(Value::Float8(-kInf)), TypeId::kFloat4).ok());
}

TEST(KeyCodecTest, NonCanonicalFloatEncodingsAreCorruption) {
  // -0.0 (bits 80 00..) ordered as ~bits, and a NaN with a payload (7f f8 00..01) with the sign
  // bit flipped.
  EXPECT_EQ(
      DecodeStatus(Bytes({0x01, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), TypeId::kFloat8)
          .sqlstate(),
      "XX001");
  EXPECT_EQ(
      DecodeStatus(Bytes({0x01, 0xff, 0xf8, 0, 0, 0, 0, 0, 0x01}), TypeId::kFloat8).sqlstate(),
      "XX001");
}

TEST(KeyCodecTest, NonNullOfUnsupportedTypeIsInternalError) {
  EXPECT_EQ(DecodeStatus(Bytes({0x01, 0x00}), TypeId::kUnknown).sqlstate(), "XX000");
  EXPECT_FALSE(IsKeyEncodable(TypeId::kUnknown));
  Value v;
  std::string key = Enc(Value::Null());
  std::string_view in = key;
  ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kUnknown, kAsc, &v).ok());
  EXPECT_EQ(v, Value::Null());
}

// ---------------------------------------------------------------------------------------------
// Fixed-width prefixes and prefix successors.

TEST(KeyCodecTest, FixedBigEndianRoundTripsAndSortsNumerically) {
  std::string s;
  PutFixed32BE(&s, 0x01020304);
  PutFixed64BE(&s, 0x05060708090a0b0c);
  EXPECT_EQ(Hex(s), "01 02 03 04 05 06 07 08 09 0a 0b 0c");
  std::string_view in = s;
  uint32_t a = 0;
  uint64_t b = 0;
  ASSERT_TRUE(GetFixed32BE(&in, &a));
  ASSERT_TRUE(GetFixed64BE(&in, &b));
  EXPECT_EQ(a, 0x01020304u);
  EXPECT_EQ(b, 0x05060708090a0b0cu);
  EXPECT_TRUE(in.empty());

  std::string lo, hi;
  PutFixed32BE(&lo, 255);
  PutFixed32BE(&hi, 256);
  EXPECT_LT(lo, hi);
}

TEST(KeyCodecTest, FixedBigEndianShortInputConsumesNothing) {
  const std::string s = "\x01\x02\x03";
  std::string_view in = s;
  uint32_t a = 7;
  uint64_t b = 7;
  EXPECT_FALSE(GetFixed32BE(&in, &a));
  EXPECT_FALSE(GetFixed64BE(&in, &b));
  EXPECT_EQ(in.size(), 3u);
}

TEST(KeyCodecTest, PrefixSuccessorBoundsEveryExtensionOfThePrefix) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  EXPECT_EQ(PrefixSuccessor("a\xff\xff"), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\x00", 1)), "\x01");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
  EXPECT_EQ(PrefixSuccessor(""), "");

  ValueGen gen(TestSeed() + 4);
  for (int i = 0; i < 5000; ++i) {
    const std::string prefix = gen.RandomBytes(4);
    const std::string succ = PrefixSuccessor(prefix);
    const std::string extended = prefix + gen.RandomBytes(4);
    if (succ.empty()) {
      ASSERT_TRUE(prefix.find_first_not_of('\xff') == std::string::npos) << Hex(prefix);
      continue;
    }
    ASSERT_LT(KeyCompare(extended, succ), 0) << Hex(extended) << " vs " << Hex(succ);
    ASSERT_LT(KeyCompare(prefix, succ), 0);
    // Smallest: the successor itself does not start with the prefix.
    ASSERT_NE(succ.substr(0, prefix.size()), prefix);
  }
}

}  // namespace
}  // namespace komodo::storage

namespace komodo::storage {
namespace {

TEST(KeyCodecNumericTest, OrderMatchesNumericCompareInBothDirections) {
  const char* kTexts[] = {"-Infinity", "-1e10", "-1.5", "-0.001", "0",        "0.001",
                          "1",         "1.5",   "2",    "1e10",   "Infinity", "NaN"};
  for (SortOrder order : {SortOrder::kAsc, SortOrder::kDesc}) {
    std::string prev;
    for (size_t i = 0; i < std::size(kTexts); i++) {
      Value v = *Value::FromText(TypeId::kNumeric, kTexts[i]);
      std::string key;
      EncodeKeyValue(v, order, &key);
      if (i > 0) EXPECT_EQ(key > prev, order == SortOrder::kAsc) << kTexts[i];
      prev = key;
      key += "tail";
      std::string_view in = key;
      Value out;
      ASSERT_TRUE(DecodeKeyValue(&in, TypeId::kNumeric, order, &out).ok()) << kTexts[i];
      EXPECT_EQ(in, "tail");
      EXPECT_EQ(Numeric::Compare(out.numeric_value(), v.numeric_value()), 0) << kTexts[i];
    }
  }
  // 1.0 and 1.00 are one key.
  std::string a, b;
  EncodeKeyValue(*Value::FromText(TypeId::kNumeric, "1.0"), SortOrder::kAsc, &a);
  EncodeKeyValue(*Value::FromText(TypeId::kNumeric, "1.00"), SortOrder::kAsc, &b);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace komodo::storage
