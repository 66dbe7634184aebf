// jsonb's and json's binary wire formats; the bytes are what PostgreSQL 15's jsonb_send and
// json_send printed.
#include <gtest/gtest.h>

#include "server/pgwire_values.h"

namespace komodo::server {
namespace {

TEST(PgwireJsonbTest, BinaryIsVersionOneThenTheText) {
  Result<Value> v = Value::FromText(TypeId::kJsonb, R"({"b":1,"a":[2, "é"]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(EncodeBinary(*v), "\x01{\"a\": [2, \"é\"], \"b\": 1}");
  Result<Value> back = DecodeParam(TypeId::kJsonb, 1, "\x01[1, {\"x\": null}]");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ToText(), "[1, {\"x\": null}]");
  EXPECT_EQ(TypeFromOid(3802), TypeId::kJsonb);
  EXPECT_EQ(TypeFromOid(114), TypeId::kJson);
}

TEST(PgwireJsonbTest, RejectsOtherVersionsAndBadJson) {
  EXPECT_EQ(DecodeParam(TypeId::kJsonb, 1, "\x02{}").status().message(),
            "unsupported jsonb version number 2");
  EXPECT_EQ(DecodeParam(TypeId::kJsonb, 1, "").status().message(),
            "unsupported jsonb version number 0");
  EXPECT_EQ(DecodeParam(TypeId::kJsonb, 1, "\x01{").status().sqlstate(), "22P02");
  EXPECT_EQ(DecodeParam(TypeId::kJsonb, 0, "[1,").status().sqlstate(), "22P02");
}

TEST(PgwireJsonbTest, JsonKeepsItsTextInBothFormats) {
  Result<Value> v = DecodeParam(TypeId::kJson, 1, "{\"b\" : 1,  \"a\":2}");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(EncodeBinary(*v), "{\"b\" : 1,  \"a\":2}");
  EXPECT_EQ(v->ToText(), "{\"b\" : 1,  \"a\":2}");
}

}  // namespace
}  // namespace komodo::server
