// SCRAM-SHA-256 against the RFC 7677 example (section 3: user "user", password "pencil").
#include "common/scram.h"

#include <gtest/gtest.h>

namespace komodo::scram {
namespace {

constexpr const char* kSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
// Computed independently (Python's hashlib.pbkdf2_hmac and hmac) from "pencil" and kSalt.
constexpr const char* kVerifier =
    "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
    "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

Verifier Pencil() { return MakeVerifier("pencil", *Base64Decode(kSalt), 4096); }

TEST(ScramTest, VerifierOfTheRfcPasswordAndItsTextForm) {
  EXPECT_EQ(FormatVerifier(Pencil()), kVerifier);
  std::optional<Verifier> parsed = ParseVerifier(kVerifier);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(FormatVerifier(*parsed), kVerifier);
  EXPECT_FALSE(ParseVerifier("md5abc").has_value());
  EXPECT_FALSE(ParseVerifier("SCRAM-SHA-256$4096:W22Z$abc:def").has_value());
  EXPECT_FALSE(ParseVerifier("SCRAM-SHA-256$x:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkB"
                             "FzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=")
                   .has_value());
}

TEST(ScramTest, HashPasswordUsesAFreshSaltAndVerifies) {
  Result<std::string> a = HashPassword("pencil");
  Result<std::string> b = HashPassword("pencil");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  std::optional<Verifier> v = ParseVerifier(*a);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->salt.size(), kSaltBytes);
  EXPECT_EQ(FormatVerifier(MakeVerifier("pencil", v->salt, v->iterations)), *a);
}

TEST(ScramTest, ServerExchangeReproducesRfc7677) {
  ServerExchange ex(Pencil(), "");
  Result<std::string> first = ex.ClientFirst(kClientFirst, kServerNonce);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, kServerFirst);
  Result<std::string> final_message = ex.ClientFinal(kClientFinal);
  ASSERT_TRUE(final_message.ok()) << final_message.status().message();
  EXPECT_EQ(*final_message, kServerFinal);
}

TEST(ScramTest, WrongProofOrNoVerifierFailsWith28P01) {
  ServerExchange wrong(MakeVerifier("pencil2", *Base64Decode(kSalt), 4096), "");
  ASSERT_TRUE(wrong.ClientFirst(kClientFirst, kServerNonce).ok());
  EXPECT_EQ(wrong.ClientFinal(kClientFinal).status().sqlstate(), "28P01");

  // Unknown user: the exchange goes on with the mock salt, then fails the same way.
  ServerExchange mock(std::nullopt, *Base64Decode(kSalt));
  Result<std::string> first = mock.ClientFirst(kClientFirst, kServerNonce);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, kServerFirst);
  EXPECT_EQ(mock.ClientFinal(kClientFinal).status().sqlstate(), "28P01");
}

TEST(ScramTest, MalformedMessagesAndChannelBinding) {
  auto first = [](const std::string& m) {
    ServerExchange ex(Pencil(), "");
    return std::string(ex.ClientFirst(m, kServerNonce).status().sqlstate());
  };
  EXPECT_EQ(first("y,,n=,r=abc"), "00000");  // the client could bind but the server offers none
  EXPECT_EQ(first("p=tls-server-end-point,,n=,r=abc"), "08P01");
  EXPECT_EQ(first("n,a=someone,n=,r=abc"), "0A000");
  EXPECT_EQ(first("x,,n=,r=abc"), "08P01");
  EXPECT_EQ(first("n,,r=abc"), "08P01");
  EXPECT_EQ(first(""), "08P01");

  auto final_status = [](const std::string& m) {
    ServerExchange ex(Pencil(), "");
    EXPECT_TRUE(ex.ClientFirst(kClientFirst, kServerNonce).ok());
    return std::string(ex.ClientFinal(m).status().sqlstate());
  };
  // The gs2 header echoed in c= must be the one sent first ("eSws" is "y,,").
  std::string tail = std::string(kClientFinal).substr(6);
  EXPECT_EQ(final_status("c=eSws" + tail), "08P01");
  EXPECT_EQ(final_status("c=biws,r=rOprNGfwEbeRWgbNEkqOother,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmi"
                         "z7AndVQ="),
            "08P01");
  EXPECT_EQ(final_status("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"), "08P01");
}

}  // namespace
}  // namespace komodo::scram
