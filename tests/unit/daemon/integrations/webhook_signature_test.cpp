// The webhook signature: HMAC-SHA256 as RFC 4231 defines it (its test case 2), over
// "<timestamp>.<body>".
#include <gtest/gtest.h>

#include "config/http_url.hpp"
#include "daemon/integrations/webhook_signature.hpp"

using namespace blendd;

TEST(WebhookSignature, IsHmacSha256AsRfc4231Has) {
  EXPECT_EQ(daemon::hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignature, SignsTheTimestampAndTheBody) {
  const std::string a =
      daemon::webhook_signature("0123456789abcdef", 1781085600, R"({"id":"1-0"})");
  EXPECT_EQ(a, "v1=" + daemon::hmac_sha256_hex("0123456789abcdef", R"(1781085600.{"id":"1-0"})"));
  EXPECT_NE(a, daemon::webhook_signature("0123456789abcdef", 1781085601, R"({"id":"1-0"})"));
  EXPECT_NE(a, daemon::webhook_signature("0123456789abcdeF", 1781085600, R"({"id":"1-0"})"));
}

TEST(HttpUrl, TakesAWebhookUrlApart) {
  std::string why;
  auto u = config::parse_http_url("https://crm.example:8443/hooks/blendd?x=1", why);
  EXPECT_EQ(why, "");
  EXPECT_TRUE(u.tls);
  EXPECT_EQ(u.host, "crm.example");
  EXPECT_EQ(u.port, "8443");
  EXPECT_EQ(u.target, "/hooks/blendd?x=1");
  EXPECT_EQ(u.host_header(), "crm.example:8443");
  u = config::parse_http_url("http://[::1]/h", why);
  EXPECT_EQ(why, "");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.host_header(), "[::1]");
  u = config::parse_http_url("http://127.0.0.1:9000", why);
  EXPECT_EQ(u.target, "/");
}

TEST(HttpUrl, RefusesWhatItCannotConnectToPlainly) {
  for (const char* bad : {"ftp://x/", "http://", "http://user:pw@x/", "http://x:0/",
                          "http://x:70000/", "http://x/a#frag", "http://x/a b", "http://[::1/"}) {
    std::string why;
    config::parse_http_url(bad, why);
    EXPECT_NE(why, "") << bad;
  }
}
