// numeric's binary wire format; the bytes are what PostgreSQL 15's numeric_send printed.
#include <gtest/gtest.h>

#include "server/pgwire_values.h"

namespace komodo::server {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char b : bytes) {
    out.push_back(kHex[static_cast<unsigned char>(b) >> 4]);
    out.push_back(kHex[static_cast<unsigned char>(b) & 0xf]);
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

TEST(PgwireNumericTest, SendsAndReceivesPostgresLayout) {
  const std::pair<const char*, const char*> kCases[] = {
      {"1.50", "000200000000000200011388"}, {"-0.001", "0001ffff40000003000a"},
      {"NaN", "00000000c0000000"},          {"-Infinity", "00000000f0000020"},
      {"0.00", "0000000000000002"},         {"123456789", "0003000200000000000109291a85"},
  };
  for (const auto& [text, hex] : kCases) {
    Result<Value> v = Value::FromText(TypeId::kNumeric, text);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(Hex(EncodeBinary(*v)), hex) << text;
    Result<Value> back = DecodeParam(TypeId::kNumeric, 1, Unhex(hex));
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().message();
    EXPECT_EQ(back->ToText(), text);
  }
  EXPECT_EQ(TypeLength(TypeId::kNumeric), -1);
  EXPECT_EQ(TypeFromOid(1700), TypeId::kNumeric);
  // Digits beyond dscale are truncated away; bad signs and digits are 22P03.
  Result<Value> cut = DecodeParam(TypeId::kNumeric, 1, Unhex("000200000000000100011388"));
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->ToText(), "1.5");
  EXPECT_EQ(DecodeParam(TypeId::kNumeric, 1, Unhex("0000000012340000")).status().sqlstate(),
            "22P03");
  EXPECT_EQ(DecodeParam(TypeId::kNumeric, 1, Unhex("00010000000000002710")).status().sqlstate(),
            "22P03");
}

}  // namespace
}  // namespace komodo::server
