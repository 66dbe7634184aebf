// The wire server's pure parts: message framing and body parsing (what the fuzzer drives), and
// the session settings handler.
#include "server/pgwire_messages.h"

#include <gtest/gtest.h>

#include "server/session_settings.h"
#include "test_util.h"

namespace komodo::server {
namespace {

std::string Int32(int32_t v) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
  return s;
}

std::string Typed(char type, const std::string& body) {
  return std::string(1, type) + Int32(static_cast<int32_t>(body.size() + 4)) + body;
}

TEST(PgwireFramingTest, PartialMessageNeedsMore) {
  std::string q = Typed('Q', std::string("SELECT 1\0", 9));
  for (size_t n = 0; n < q.size(); n++) {
    EXPECT_EQ(NextFrame(std::string_view(q).substr(0, n), 1 << 20).kind, Frame::Kind::kNeedMore)
        << n;
  }
  std::string buffer = q + "trailing";  // the frame's body is a view into it
  Frame f = NextFrame(buffer, 1 << 20);
  ASSERT_EQ(f.kind, Frame::Kind::kMessage);
  EXPECT_EQ(f.type, 'Q');
  EXPECT_EQ(f.consumed, q.size());
  ASSERT_OK(ParseQueryMessage(f.body));
  EXPECT_EQ(*ParseQueryMessage(f.body), "SELECT 1");
}

TEST(PgwireFramingTest, BadLengthsAndTypesAreProtocolViolations) {
  EXPECT_EQ(NextFrame(std::string("Q") + Int32(3), 1 << 20).error.sqlstate(), "08P01");
  EXPECT_EQ(NextFrame(std::string("Q") + Int32(-1), 1 << 20).error.sqlstate(), "08P01");
  EXPECT_EQ(NextFrame(std::string("Q") + Int32((1 << 20) + 1), 1 << 20).error.sqlstate(), "08P01");
  EXPECT_EQ(NextFrame("\x01", 1 << 20).kind, Frame::Kind::kError);
  EXPECT_EQ(NextStartupFrame(Int32(4) + Int32(0)).kind, Frame::Kind::kError);
  EXPECT_EQ(NextStartupFrame(Int32(1 << 30)).kind, Frame::Kind::kError);
}

TEST(PgwireFramingTest, StartupPacketKinds) {
  std::string body = Int32(3 << 16) + std::string("user\0ann\0database\0db\0\0", 22);
  Result<StartupPacket> p = ParseStartupPacket(body);
  ASSERT_OK(p);
  EXPECT_EQ(p->kind, StartupPacket::Kind::kStartup);
  ASSERT_EQ(p->parameters.size(), 2u);
  EXPECT_EQ(p->parameters[0].second, "ann");
  EXPECT_EQ(ParseStartupPacket(Int32(kSslRequestCode))->kind, StartupPacket::Kind::kSslRequest);
  Result<StartupPacket> cancel =
      ParseStartupPacket(Int32(kCancelRequestCode) + Int32(7) + Int32(9));
  ASSERT_OK(cancel);
  EXPECT_EQ(cancel->cancel_pid, 7);
  EXPECT_EQ(cancel->cancel_secret, 9);
  EXPECT_EQ(ParseStartupPacket(Int32(4 << 16) + std::string(1, '\0')).status().sqlstate(), "0A000");
  // No terminating NUL, or a name without a value.
  EXPECT_EQ(ParseStartupPacket(Int32(3 << 16) + "user").status().sqlstate(), "08P01");
  EXPECT_EQ(ParseStartupPacket(Int32(3 << 16) + std::string("user\0", 5)).status().sqlstate(),
            "08P01");
}

TEST(PgwireBodyTest, BindParsesParametersAndRefusesTruncation) {
  std::string body = std::string("p\0s\0", 4) + std::string("\0\1\0\1\0\2", 6) + Int32(2) + "42" +
                     Int32(-1) + std::string("\0\1\0\1", 4);
  Result<BindMessage> b = ParseBindMessage(body);
  ASSERT_OK(b);
  EXPECT_EQ(b->portal, "p");
  EXPECT_EQ(b->statement, "s");
  ASSERT_EQ(b->params.size(), 2u);
  EXPECT_EQ(*b->params[0], "42");
  EXPECT_FALSE(b->params[1].has_value());
  EXPECT_EQ(b->result_formats, std::vector<int16_t>{1});
  for (size_t n = 0; n < body.size(); n++) {
    EXPECT_EQ(ParseBindMessage(body.substr(0, n)).status().sqlstate(), "08P01") << n;
  }
  EXPECT_EQ(ParseBindMessage(body + "x").status().sqlstate(), "08P01");
  // A parameter length past the end, and a huge count, fail without allocating for them.
  EXPECT_FALSE(ParseBindMessage(std::string("\0\0\0\0\0\1", 6) + Int32(1 << 30)).ok());
  EXPECT_FALSE(ParseBindMessage(std::string("\0\0\x7f\xff", 4)).ok());
}

TEST(PgwireBodyTest, SaslInitialResponseCarriesMechanismAndData) {
  Result<SaslInitialResponse> m =
      ParseSaslInitialResponse(std::string("SCRAM-SHA-256\0", 14) + Int32(5) + "n,,ab");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(m->data, std::optional<std::string>("n,,ab"));
  m = ParseSaslInitialResponse(std::string("X\0", 2) + Int32(-1));
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->data.has_value());
  // A length past the body, a negative one other than -1, bytes after the data.
  EXPECT_EQ(
      ParseSaslInitialResponse(std::string("X\0", 2) + Int32(6) + "n,,ab").status().sqlstate(),
      "08P01");
  EXPECT_EQ(ParseSaslInitialResponse(std::string("X\0", 2) + Int32(-2)).status().sqlstate(),
            "08P01");
  EXPECT_EQ(ParseSaslInitialResponse(std::string("X\0", 2) + Int32(1) + "nn").status().sqlstate(),
            "08P01");
  EXPECT_EQ(ParseSaslInitialResponse("no terminator").status().sqlstate(), "08P01");
}

TEST(PgwireBodyTest, FormatCodesFollowTheProtocolRule) {
  EXPECT_EQ(*FormatFor({}, 2, 3), 0);
  EXPECT_EQ(*FormatFor({1}, 2, 3), 1);
  EXPECT_EQ(*FormatFor({0, 1, 0}, 1, 3), 1);
  EXPECT_FALSE(FormatFor({0, 1}, 1, 3).ok());
  EXPECT_FALSE(FormatFor({2}, 0, 1).ok());
}

TEST(SessionSettingsTest, HandlesOnlySingleSettingsStatements) {
  EXPECT_TRUE(SessionSettings::Handles("SET x = 1"));
  EXPECT_TRUE(SessionSettings::Handles("  show DateStyle ;"));
  EXPECT_TRUE(SessionSettings::Handles("RESET ALL"));
  EXPECT_FALSE(SessionSettings::Handles("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
  EXPECT_FALSE(SessionSettings::Handles("SET SESSION AUTHORIZATION bob"));
  EXPECT_FALSE(SessionSettings::Handles("SET a = 1; SELECT 1"));
  EXPECT_FALSE(SessionSettings::Handles("SELECT 1"));
}

TEST(SessionSettingsTest, SetShowReset) {
  SessionSettings s;
  auto run = [&](const char* sql) -> std::string {
    auto r = s.Handle(sql);
    if (!r.has_value()) return "not handled";
    if (!r->ok()) return r->status().ToString();
    std::string out = (*r)->result.command_tag();
    if ((*r)->result.num_rows() > 0) out += " " + test::Render((*r)->result);
    for (const auto& [name, value] : (*r)->changed) out += " report " + name + "=" + value;
    return out;
  };
  EXPECT_EQ(run("SHOW DateStyle"), "SHOW ISO, MDY\n");
  EXPECT_EQ(run("SET datestyle TO 'iso, mdy'"), "SET");
  EXPECT_EQ(run("SET DateStyle = German"),
            "ERROR 22023: invalid value for parameter \"DateStyle\": \"german\"");
  EXPECT_EQ(run("SET application_name TO 'it''s'"), "SET report application_name=it's");
  EXPECT_EQ(run("SET search_path TO a, b"), "SET");
  EXPECT_EQ(run("SHOW search_path"), "SHOW a, b\n");
  EXPECT_EQ(run("RESET search_path"), "RESET");
  EXPECT_EQ(run("SHOW search_path"), "SHOW \"$user\", public\n");
  EXPECT_EQ(run("SET server_version = '16'"),
            "ERROR 55P02: parameter \"server_version\" cannot be changed");
  EXPECT_EQ(run("SET nope = 1"), "ERROR 42704: unrecognized configuration parameter \"nope\"");
}

}  // namespace
}  // namespace komodo::server
