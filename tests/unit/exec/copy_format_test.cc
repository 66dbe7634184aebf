// COPY's text and CSV formats: decoding lines and fields (in any chunking) and encoding rows,
// with PostgreSQL 15's results.
#include <gtest/gtest.h>

#include "exec/copy.h"

namespace komodo::exec {
namespace {

sql::CopyOptions Text() { return sql::CopyOptions(); }
sql::CopyOptions Csv() {
  sql::CopyOptions o;
  o.csv = true;
  o.delimiter = ',';
  o.null_string = "";
  return o;
}

// Decodes `data` fed in chunks of `chunk` bytes; rows render as "a|b|NULL\n".
std::string Decode(const sql::CopyOptions& o, std::string_view data, size_t chunk = 0) {
  CopyDecoder d(o);
  std::string out;
  auto on_line = [&](std::vector<CopyField>& fields) {
    for (size_t i = 0; i < fields.size(); i++) {
      if (i > 0) out += "|";
      out += fields[i].has_value() ? "[" + *fields[i] + "]" : "NULL";
    }
    out += "\n";
    return Status::OK();
  };
  if (chunk == 0) chunk = data.size() + 1;
  for (size_t i = 0; i < data.size(); i += chunk) {
    Status s = d.Feed(data.substr(i, chunk), on_line);
    if (!s.ok()) return out + "ERROR " + s.message() + " @" + std::to_string(d.line_number());
  }
  Status s = d.Finish(on_line);
  if (!s.ok()) return out + "ERROR " + s.message() + " @" + std::to_string(d.line_number());
  return out;
}

TEST(CopyDecoderTest, TextFieldsNullsAndEscapes) {
  EXPECT_EQ(Decode(Text(), "1\ta\n2\t\\N\n"), "[1]|[a]\n[2]|NULL\n");
  EXPECT_EQ(Decode(Text(), "a\\tb\\nc\\\\d\\re\\bf\\fg\\vh\n"), "[a\tb\nc\\d\re\bf\fg\vh]\n");
  EXPECT_EQ(Decode(Text(), "\\101\\x42\\x4a\\7\\q\n"),
            "[ABJ\a"
            "q]\n");
  EXPECT_EQ(Decode(Text(), "a\\\tb\tc\n"), "[a\tb]|[c]\n");  // an escaped delimiter
  EXPECT_EQ(Decode(Text(), "\\\\N\t\n"), "[\\N]|[]\n");      // only the raw \N is NULL
  EXPECT_EQ(Decode(Text(), "x\r\ny\n"), "[x]\n[y]\n");
  EXPECT_EQ(Decode(Text(), "last line without newline"), "[last line without newline]\n");
  EXPECT_EQ(Decode(Text(), "\n"), "[]\n");
}

TEST(CopyDecoderTest, EndMarker) {
  EXPECT_EQ(Decode(Text(), "1\n\\.\nignored\n"), "[1]\n");
  EXPECT_EQ(Decode(Text(), "1\n\\.x\n"), "[1]\nERROR end-of-copy marker corrupt @2");
  EXPECT_EQ(Decode(Text(), "5\ta\\.\nignored\n"), "[5]|[a]\n");
  EXPECT_EQ(Decode(Csv(), "1,2\n\\.\n3,4\n"), "[1]|[2]\n");
}

TEST(CopyDecoderTest, CsvQuotesAndNulls) {
  EXPECT_EQ(Decode(Csv(), "1,\"x\"\"y\",\n"), "[1]|[x\"y]|NULL\n");
  EXPECT_EQ(Decode(Csv(), "\"\",,\"a,b\"\n"), "[]|NULL|[a,b]\n");  // quoted empty is not NULL
  EXPECT_EQ(Decode(Csv(), "\"multi\nline\",2\r\n3,4\n"), "[multi\nline]|[2]\n[3]|[4]\n");
  EXPECT_EQ(Decode(Csv(), " a , b\n"), "[ a ]|[ b]\n");
  EXPECT_EQ(Decode(Csv(), "1,\"open\n"), "ERROR unterminated CSV quoted field @1");
  sql::CopyOptions o = Csv();
  o.escape = '\\';
  o.delimiter = ';';
  o.null_string = "NULL";
  EXPECT_EQ(Decode(o, "\"a\\\"b\\\\c\\d\";NULL;\"NULL\"\n"), "[a\"b\\c\\d]|NULL|[NULL]\n");
}

TEST(CopyDecoderTest, HeaderIsSkipped) {
  sql::CopyOptions o = Csv();
  o.header = true;
  EXPECT_EQ(Decode(o, "a,b\n1,2\n"), "[1]|[2]\n");
}

TEST(CopyDecoderTest, EveryChunkingGivesTheSameRows) {
  const std::string text = "1\ta\\tb\t\\N\n22\t\\x41\\101\tz\r\n\\.\n";
  const std::string csv = "1,\"a\"\"\nb\",\n2,\"\",x\r\n";
  std::string want_text = Decode(Text(), text), want_csv = Decode(Csv(), csv);
  EXPECT_EQ(want_text, "[1]|[a\tb]|NULL\n[22]|[AA]|[z]\n");
  EXPECT_EQ(want_csv, "[1]|[a\"\nb]|NULL\n[2]|[]|[x]\n");
  for (size_t chunk = 1; chunk < 8; chunk++) {
    EXPECT_EQ(Decode(Text(), text, chunk), want_text) << chunk;
    EXPECT_EQ(Decode(Csv(), csv, chunk), want_csv) << chunk;
  }
}

TEST(CopyEncoderTest, Text) {
  EXPECT_EQ(EncodeCopyRow(Text(), {"1", std::nullopt, "a\tb\\c\nd\re"}),
            "1\t\\N\ta\\tb\\\\c\\nd\\re\n");
  sql::CopyOptions o = Text();
  o.delimiter = '|';
  o.null_string = "";
  EXPECT_EQ(EncodeCopyRow(o, {"a|b", std::nullopt}), "a\\|b|\n");
}

TEST(CopyEncoderTest, Csv) {
  EXPECT_EQ(EncodeCopyRow(Csv(), {"1", std::nullopt, "", "x\"y", "a,b", "l1\nl2", "plain"}),
            "1,,\"\",\"x\"\"y\",\"a,b\",\"l1\nl2\",plain\n");
  EXPECT_EQ(EncodeCopyRow(Csv(), {"\\."}), "\"\\.\"\n");
  sql::CopyOptions o = Csv();
  o.escape = '\\';
  EXPECT_EQ(EncodeCopyRow(o, {"a\"b\\c"}), "\"a\\\"b\\\\c\"\n");
}

TEST(CopyEncoderTest, RoundTrips) {
  std::vector<CopyField> row = {"a\tb", std::nullopt, "", "q\"\n,\\"};
  for (const sql::CopyOptions& o : {Text(), Csv()}) {
    CopyDecoder d(o);
    std::vector<CopyField> got;
    ASSERT_TRUE(d.Feed(EncodeCopyRow(o, row), [&](std::vector<CopyField>& f) {
                   got = f;
                   return Status::OK();
                 }).ok());
    EXPECT_EQ(got, row);
  }
}

TEST(CopyContextTest, NamesTheLineAndColumn) {
  std::string col = "a", val = "x";
  EXPECT_EQ(CopyContext("t", 3, &col, &val), "COPY t, line 3, column a: \"x\"");
  EXPECT_EQ(CopyContext("t", 2, nullptr, nullptr), "COPY t, line 2");
  std::string long_line(150, 'z');
  EXPECT_EQ(CopyContext("t", 1, nullptr, &long_line),
            "COPY t, line 1: \"" + std::string(100, 'z') + "...\"");
}

}  // namespace
}  // namespace komodo::exec
