// The registrar's digest arithmetic and its nonce rules, on simulated time.
#include "sip/digest_auth.hpp"

#include <gtest/gtest.h>

using namespace blendd::sip;

namespace {

constexpr std::int64_t kLife = 300'000;

DigestCredentials answer(DigestAuthenticator& auth, const std::string& nonce,
                         const std::string& password, const std::string& nc = "00000001") {
  DigestCredentials c;
  c.username = "alice";
  c.realm = auth.realm();
  c.nonce = nonce;
  c.uri = "sip:blendd.example";
  c.algorithm = "MD5";
  c.qop = "auth";
  c.nc = nc;
  c.cnonce = "0a4f113b";
  c.response = digest_response(digest_ha1("alice", auth.realm(), password), c, "REGISTER");
  return c;
}

}  // namespace

TEST(DigestAuth, TheRfc2617ExampleGivesItsResponse) {
  DigestCredentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "/dir/index.html";
  c.qop = "auth";
  c.nc = "00000001";
  c.cnonce = "0a4f113b";
  const std::string ha1 = digest_ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
  EXPECT_EQ(digest_response(ha1, c, "GET"), "6629fae49393a05397450978507c4ef1");
}

TEST(DigestAuth, ARightAnswerToOurNonceIsAccepted) {
  DigestAuthenticator auth("blendd", "secret-of-this-run", kLife);
  const std::string ha1 = digest_ha1("alice", "blendd", "pw");
  const auto c = answer(auth, auth.nonce(1000), "pw");
  EXPECT_EQ(auth.check(c, ha1, "REGISTER", 2000), DigestVerdict::ok);
}

TEST(DigestAuth, AWrongPasswordAnotherRealmOrAnotherMethodIsWrong) {
  DigestAuthenticator auth("blendd", "s", kLife);
  const std::string ha1 = digest_ha1("alice", "blendd", "pw");
  EXPECT_EQ(auth.check(answer(auth, auth.nonce(0), "guess"), ha1, "REGISTER", 1),
            DigestVerdict::wrong);
  auto other_realm = answer(auth, auth.nonce(0), "pw");
  other_realm.realm = "elsewhere";
  EXPECT_EQ(auth.check(other_realm, ha1, "REGISTER", 1), DigestVerdict::wrong);
  EXPECT_EQ(auth.check(answer(auth, auth.nonce(0), "pw"), ha1, "INVITE", 1), DigestVerdict::wrong);
}

TEST(DigestAuth, OldForgedOrForeignNoncesAreStale) {
  DigestAuthenticator auth("blendd", "s", kLife);
  const std::string ha1 = digest_ha1("alice", "blendd", "pw");
  EXPECT_EQ(auth.check(answer(auth, auth.nonce(0), "pw"), ha1, "REGISTER", kLife + 1),
            DigestVerdict::stale);
  std::string forged = auth.nonce(0);
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(auth.check(answer(auth, forged, "pw"), ha1, "REGISTER", 1), DigestVerdict::stale);
  // An earlier run's nonce (another secret) is stale, not wrong: the phone retries at once.
  DigestAuthenticator earlier("blendd", "another secret", kLife);
  EXPECT_EQ(auth.check(answer(auth, earlier.nonce(0), "pw"), ha1, "REGISTER", 1),
            DigestVerdict::stale);
  EXPECT_EQ(auth.check(answer(auth, "nonsense", "pw"), ha1, "REGISTER", 1), DigestVerdict::stale);
}

TEST(DigestAuth, ANonceCountMustRise) {
  DigestAuthenticator auth("blendd", "s", kLife);
  const std::string ha1 = digest_ha1("alice", "blendd", "pw");
  const std::string nonce = auth.nonce(0);
  EXPECT_EQ(auth.check(answer(auth, nonce, "pw", "00000001"), ha1, "REGISTER", 1),
            DigestVerdict::ok);
  // The same request again (a capture replayed): refused; the next count is fine.
  EXPECT_EQ(auth.check(answer(auth, nonce, "pw", "00000001"), ha1, "REGISTER", 2),
            DigestVerdict::replayed);
  EXPECT_EQ(auth.check(answer(auth, nonce, "pw", "00000002"), ha1, "REGISTER", 3),
            DigestVerdict::ok);
  // A wrong answer does not use up a count.
  EXPECT_EQ(auth.check(answer(auth, nonce, "guess", "00000003"), ha1, "REGISTER", 4),
            DigestVerdict::wrong);
  EXPECT_EQ(auth.check(answer(auth, nonce, "pw", "00000003"), ha1, "REGISTER", 5),
            DigestVerdict::ok);
}

TEST(DigestAuth, WhatWeDoNotOfferIsMalformed) {
  DigestAuthenticator auth("blendd", "s", kLife);
  const std::string ha1 = digest_ha1("alice", "blendd", "pw");
  auto sess = answer(auth, auth.nonce(0), "pw");
  sess.algorithm = "MD5-sess";
  EXPECT_EQ(auth.check(sess, ha1, "REGISTER", 1), DigestVerdict::malformed);
  auto int_qop = answer(auth, auth.nonce(0), "pw");
  int_qop.qop = "auth-int";
  EXPECT_EQ(auth.check(int_qop, ha1, "REGISTER", 1), DigestVerdict::malformed);
  auto no_response = answer(auth, auth.nonce(0), "pw");
  no_response.response.clear();
  EXPECT_EQ(auth.check(no_response, ha1, "REGISTER", 1), DigestVerdict::malformed);
}

TEST(DigestAuth, TheChallengeNamesRealmNonceAndStale) {
  DigestAuthenticator auth("blendd", "s", kLife);
  const std::string fresh = auth.challenge(5, false);
  EXPECT_NE(fresh.find("realm=\"blendd\""), std::string::npos);
  EXPECT_NE(fresh.find("nonce=\"" + auth.nonce(5) + "\""), std::string::npos);
  EXPECT_NE(fresh.find("qop=\"auth\""), std::string::npos);
  EXPECT_EQ(fresh.find("stale"), std::string::npos);
  EXPECT_NE(auth.challenge(5, true).find("stale=true"), std::string::npos);
}
