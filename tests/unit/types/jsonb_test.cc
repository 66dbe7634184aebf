// types/jsonb.h: the encoding round trip, the btree order and the hash agreeing with it, and
// ParseTextArray (the stand-in for text[] in the path operators).
#include "types/jsonb.h"

#include <gtest/gtest.h>

#include "exec/jsonb_functions.h"

namespace komodo::jsonb {
namespace {

std::string Enc(std::string_view text) {
  Result<std::string> e = FromText(text);
  EXPECT_TRUE(e.ok()) << text;
  return e.ok() ? *e : std::string();
}

TEST(JsonbTest, RoundTripsThroughTheEncoding) {
  EXPECT_EQ(ToText(Enc(R"({"b":[1,2.0,{"d":null}],"a":"x\n","b":true})")),
            R"({"a": "x\n", "b": true})");
  EXPECT_EQ(ToText(Enc("  1e2 ")), "100");
  EXPECT_EQ(ToText(Enc("[]")), "[]");
}

TEST(JsonbTest, OrdersLikePostgres) {
  // PostgreSQL 15's ORDER BY of these values (tests/sql/types/jsonb.test has the same rows).
  const char* kSorted[] = {"[]",  "null",       "\"a\"",        "\"s\"",
                           "1",   "2",          "false",        "true",
                           "[3]", "[[1]]",      "[{\"a\": 1}]", "[1, 2]",
                           "{}",  "{\"a\": 1}", "{\"b\": 0}",   "{\"a\": 1, \"b\": 2}"};
  for (size_t i = 0; i + 1 < std::size(kSorted); i++) {
    EXPECT_LT(Compare(Enc(kSorted[i]), Enc(kSorted[i + 1])), 0) << kSorted[i];
    EXPECT_GT(Compare(Enc(kSorted[i + 1]), Enc(kSorted[i])), 0) << kSorted[i];
  }
}

TEST(JsonbTest, EqualNumbersCompareAndHashAlike) {
  EXPECT_EQ(Compare(Enc(R"({"a": [1.0]})"), Enc(R"({"a": [1]})")), 0);
  EXPECT_EQ(Hash(Enc(R"({"a": [1.0]})")), Hash(Enc(R"({"a": [1]})")));
  EXPECT_NE(Compare(Enc("1"), Enc("\"1\"")), 0);
}

TEST(JsonbTest, ParsesTextArrayLiterals) {
  auto r = exec::ParseTextArray(R"( {a, "b c" ,NULL,"NULL",\,x} )");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ(*(*r)[0], "a");
  EXPECT_EQ(*(*r)[1], "b c");
  EXPECT_FALSE((*r)[2].has_value());
  EXPECT_EQ(*(*r)[3], "NULL");
  EXPECT_EQ(*(*r)[4], ",x");
  EXPECT_TRUE(exec::ParseTextArray("{}")->empty());
  EXPECT_EQ(exec::ParseTextArray("{a,b").status().message(), "malformed array literal: \"{a,b\"");
  EXPECT_EQ(exec::ParseTextArray("a").status().sqlstate(), "22P02");
}

// Inputs and the SQLSTATE, DETAIL and CONTEXT PostgreSQL 15 reported for them.
TEST(JsonbTest, SyntaxErrorsReadLikePostgres) {
  struct Case {
    const char* text;
    const char* sqlstate;
    const char* detail;
    const char* context;
  };
  const Case kCases[] = {
      {"x", "22P02", "Token \"x\" is invalid.", "JSON data, line 1: x"},
      {"{\"a\":1,}", "22P02", "Expected string, but found \"}\".", "JSON data, line 1: {\"a\":1,}"},
      {"[1,2", "22P02", "The input string ended unexpectedly.", "JSON data, line 1: [1,2"},
      {"", "22P02", "The input string ended unexpectedly.", "JSON data, line 1: "},
      {"01", "22P02", "Token \"01\" is invalid.", "JSON data, line 1: 01"},
      {"{\"a\" 1}", "22P02", "Expected \":\", but found \"1\".", "JSON data, line 1: {\"a\" 1..."},
      {"\"\\u0000\"", "22P05", "\\u0000 cannot be converted to text.",
       "JSON data, line 1: \"\\u0000..."},
      {"[1 2]", "22P02", "Expected \",\" or \"]\", but found \"2\".", "JSON data, line 1: [1 2..."},
      {"{1:2}", "22P02", "Expected string or \"}\", but found \"1\".", "JSON data, line 1: {1..."},
      {"{\"a\":1 \"b\"}", "22P02", "Expected \",\" or \"}\", but found \"\"b\"\".",
       "JSON data, line 1: {\"a\":1 \"b\"..."},
      {"tru", "22P02", "Token \"tru\" is invalid.", "JSON data, line 1: tru"},
      {"truex", "22P02", "Token \"truex\" is invalid.", "JSON data, line 1: truex"},
      {"1.", "22P02", "Token \"1.\" is invalid.", "JSON data, line 1: 1."},
      {"-", "22P02", "Token \"-\" is invalid.", "JSON data, line 1: -"},
      {"1e", "22P02", "Token \"1e\" is invalid.", "JSON data, line 1: 1e"},
      {"1.5x", "22P02", "Token \"1.5x\" is invalid.", "JSON data, line 1: 1.5x"},
      {"\"abc", "22P02", "Token \"\"abc\" is invalid.", "JSON data, line 1: \"abc"},
      {"\"a\tb\"", "22P02", "Character with value 0x09 must be escaped.",
       "JSON data, line 1: \"a..."},
      {"\"\\q\"", "22P02", "Escape sequence \"\\q\" is invalid.", "JSON data, line 1: \"\\q..."},
      {"\"\\u12\"", "22P02", "\"\\u\" must be followed by four hexadecimal digits.",
       "JSON data, line 1: \"\\u12\""},
      {"\"\\ud800\"", "22P02", "Unicode low surrogate must follow a high surrogate.",
       "JSON data, line 1: \"\\ud800\""},
      {"\"\\udc00\"", "22P02", "Unicode low surrogate must follow a high surrogate.",
       "JSON data, line 1: \"\\udc00..."},
      {"\"\\ud800\\ud800\"", "22P02", "Unicode high surrogate must not follow a high surrogate.",
       "JSON data, line 1: \"\\ud800\\ud800..."},
      {"[1,]", "22P02", "Expected JSON value, but found \"]\".", "JSON data, line 1: [1,]"},
      {"]", "22P02", "Expected JSON value, but found \"]\".", "JSON data, line 1: ]"},
      {"{\"a\":}", "22P02", "Expected JSON value, but found \"}\".", "JSON data, line 1: {\"a\":}"},
      {"\"x\" 1", "22P02", "Expected end of input, but found \"1\".", "JSON data, line 1: \"x\" 1"},
      {"@", "22P02", "Token \"@\" is invalid.", "JSON data, line 1: @"},
      {"nul", "22P02", "Token \"nul\" is invalid.", "JSON data, line 1: nul"},
      {"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, x]", "22P02",
       "Token \"x\" is invalid.",
       "JSON data, line 1: ... 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, x..."},
      {"{\n\"a\":\n1,\nbad}", "22P02", "Token \"bad\" is invalid.", "JSON data, line 4: bad..."},
      {"{\"é\": é}", "22P02", "Token \"é\" is invalid.", "JSON data, line 1: {\"é\": é..."},
      {"[\n", "22P02", "The input string ended unexpectedly.", "JSON data, line 2: "},
  };
  for (const Case& c : kCases) {
    Result<std::string> r = FromText(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().sqlstate(), c.sqlstate) << c.text;
    EXPECT_EQ(r.status().detail(), c.detail) << c.text;
    EXPECT_EQ(r.status().context(), c.context) << c.text;
  }
}

}  // namespace
}  // namespace komodo::jsonb
