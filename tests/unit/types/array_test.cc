// Array datums: the row codec's encoding round-trips every element type and rejects damaged
// bytes; the text forms match what PostgreSQL 15 prints for the same literals.
#include "types/array.h"

#include <gtest/gtest.h>

#include <string>

#include "storage/key_codec.h"

namespace komodo {
namespace {

Value Parse(TypeId type, const std::string& text) {
  Result<Value> v = ParseArray(type, text);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : Value();
}

TEST(ArrayTest, EncodingRoundTripsEveryElementType) {
  const std::pair<TypeId, const char*> cases[] = {
      {TypeId::kBoolArray, "{t,NULL,f}"},
      {TypeId::kInt2Array, "{-32768,32767}"},
      {TypeId::kInt4Array, "{1,NULL,3}"},
      {TypeId::kInt8Array, "{-9223372036854775808}"},
      {TypeId::kFloat4Array, "{1.5,NaN,-Infinity}"},
      {TypeId::kFloat8Array, "{0.1,-0}"},
      {TypeId::kNumericArray, "{1.50,NaN,-3}"},
      {TypeId::kTextArray, "{\"a b\",\"\",NULL,\"q\\\"t\"}"},
      {TypeId::kVarcharArray, "{x}"},
      {TypeId::kBpcharArray, "{\"x  \"}"},
      {TypeId::kByteaArray, "{\"\\\\x00ff\"}"},
      {TypeId::kDateArray, "{2024-01-31}"},
      {TypeId::kTimeArray, "{12:30:00}"},
      {TypeId::kTimestampArray, "{\"2024-01-31 10:00:00\"}"},
      {TypeId::kTimestampTzArray, "{\"2024-01-31 10:00:00+00\"}"},
      {TypeId::kIntervalArray, "{\"1 mon 2 days 00:00:03\"}"},
      {TypeId::kUuidArray, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"},
      {TypeId::kInt4Array, "{}"},
  };
  for (const auto& [type, text] : cases) {
    Value v = Parse(type, text);
    EXPECT_EQ(v.ToText(), text);
    std::string bytes;
    EncodeArray(v, &bytes);
    Result<Value> back = DecodeArray(type, bytes);
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(back->type(), type);
    EXPECT_EQ(CompareArrays(*back, v), 0) << text;  // == would fail on NaN
    EXPECT_EQ(back->ToText(), text);
    // Every strict prefix is damaged, not misread.
    for (size_t n = 0; n < bytes.size(); n++) {
      EXPECT_FALSE(DecodeArray(type, bytes.substr(0, n)).ok()) << text << " cut at " << n;
    }
  }
}

TEST(ArrayTest, MalformedLiteralsCarryPostgresDetail) {
  auto err = [](const std::string& text) {
    Result<Value> v = ParseArray(TypeId::kInt4Array, text);
    return v.ok() ? std::string("ok")
                  : std::string(v.status().sqlstate()) + " " + v.status().detail();
  };
  EXPECT_EQ(err("1,2"), "22P02 Array value must start with \"{\" or dimension information.");
  EXPECT_EQ(err("{1,2"), "22P02 Unexpected end of input.");
  EXPECT_EQ(err("{1,,2}"), "22P02 Unexpected \",\" character.");
  EXPECT_EQ(err("{1,2}x"), "22P02 Junk after closing right brace.");
  EXPECT_EQ(err("{,}"), "22P02 Unexpected \",\" character.");
  EXPECT_EQ(err("{{1,2},{3,4}}").substr(0, 5), "0A000");
}

TEST(ArrayTest, OrdersElementWiseThenByLength) {
  Value a = Parse(TypeId::kInt4Array, "{1,2}");
  Value b = Parse(TypeId::kInt4Array, "{1,2,3}");
  Value c = Parse(TypeId::kInt4Array, "{1,NULL}");
  Value e = Parse(TypeId::kInt4Array, "{}");
  EXPECT_LT(CompareArrays(a, b), 0);
  EXPECT_GT(CompareArrays(c, b), 0);  // NULL sorts after every value
  EXPECT_EQ(CompareArrays(c, c), 0);
  EXPECT_LT(CompareArrays(e, a), 0);
}

TEST(ArrayTest, KeysSortAsArraysDoAndRoundTrip) {
  const char* sorted[] = {"{}", "{1}", "{1,2}", "{1,2,3}", "{1,NULL}", "{2}", "{NULL}"};
  for (storage::SortOrder order : {storage::SortOrder::kAsc, storage::SortOrder::kDesc}) {
    std::string previous;
    for (size_t i = 0; i < std::size(sorted); i++) {
      Value v = Parse(TypeId::kInt4Array, sorted[i]);
      std::string key;
      storage::EncodeKeyValue(v, order, &key);
      if (i > 0) {
        EXPECT_EQ(previous < key, order == storage::SortOrder::kAsc) << sorted[i];
      }
      std::string_view in = key;
      Value back;
      ASSERT_TRUE(storage::DecodeKeyValue(&in, TypeId::kInt4Array, order, &back).ok());
      EXPECT_TRUE(in.empty());
      EXPECT_EQ(back.ToText(), sorted[i]);
      previous = key;
    }
  }
  Value text = Parse(TypeId::kTextArray, "{a,\"a b\"}");
  std::string key;
  storage::EncodeKeyValue(text, storage::SortOrder::kAsc, &key);
  std::string_view in = key;
  Value back;
  ASSERT_TRUE(
      storage::DecodeKeyValue(&in, TypeId::kTextArray, storage::SortOrder::kAsc, &back).ok());
  EXPECT_EQ(back.ToText(), "{a,\"a b\"}");
}

}  // namespace
}  // namespace komodo
