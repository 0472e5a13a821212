// The o= line a transferred customer sees: the new party's SDP continues the customer's
// session (same username, session id and address; the version one higher), and comparing
// SDPs for the media alone ignores it.
#include <gtest/gtest.h>

#include "sip/sdp_origin.hpp"

using blendd::sip::continue_origin;
using blendd::sip::same_media;

namespace {

const std::string kFirstAgent =
    "v=0\r\no=alice 1000 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0\r\n";
const std::string kSecondAgent =
    "v=0\r\no=bob 55 2 IN IP4 127.0.0.9\r\ns=call\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\n"
    "m=audio 41000 RTP/AVP 8 0\r\n";

}  // namespace

TEST(SdpOrigin, TheNewPartysSdpContinuesTheSessionTheCustomerKnows) {
  const std::string out = continue_origin(kFirstAgent, kSecondAgent);
  EXPECT_NE(out.find("o=alice 1000 8 IN IP4 127.0.0.1\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("o=bob"), std::string::npos);
  // Everything else is the new party's.
  EXPECT_NE(out.find("c=IN IP4 127.0.0.9\r\n"), std::string::npos);
  EXPECT_NE(out.find("m=audio 41000 RTP/AVP 8 0\r\n"), std::string::npos);
  EXPECT_NE(out.find("s=call\r\n"), std::string::npos);
  // Again (a hold after the transfer): the version keeps rising.
  const std::string again = continue_origin(out, kSecondAgent);
  EXPECT_NE(again.find("o=alice 1000 9 IN IP4 127.0.0.1\r\n"), std::string::npos) << again;
}

TEST(SdpOrigin, AHigherVersionOfTheNewPartyIsNotGoneBelow) {
  const std::string later =
      "v=0\r\no=bob 55 20 IN IP4 127.0.0.9\r\ns=-\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\n"
      "m=audio 41000 RTP/AVP 0\r\n";
  EXPECT_NE(continue_origin(kFirstAgent, later).find("o=alice 1000 21 "), std::string::npos);
}

TEST(SdpOrigin, WithoutAnOriginOnEitherSideTheSdpPassesUnchanged) {
  const std::string bare = "v=0\r\nm=audio 1 RTP/AVP 0\r\n";
  EXPECT_EQ(continue_origin(bare, kSecondAgent), kSecondAgent);
  EXPECT_EQ(continue_origin(kFirstAgent, bare), bare);
  const std::string bad = "v=0\r\no=x y notanumber IN IP4 1.2.3.4\r\n";
  EXPECT_EQ(continue_origin(bad, kSecondAgent), kSecondAgent);
}

TEST(SdpOrigin, SameMediaComparesWhereTheMediaGoesAndItsFormats) {
  std::string relabelled = kFirstAgent;
  relabelled.replace(relabelled.find("o=alice 1000 7"), 14, "o=other 1 99");
  EXPECT_TRUE(same_media(kFirstAgent, relabelled));
  std::string unix_endings = kFirstAgent;
  for (std::size_t at; (at = unix_endings.find("\r\n")) != std::string::npos;)
    unix_endings.replace(at, 2, "\n");
  EXPECT_TRUE(same_media(kFirstAgent, unix_endings));
  EXPECT_FALSE(same_media(kFirstAgent, kSecondAgent));
  std::string other_port = kFirstAgent;
  other_port.replace(other_port.find("40000"), 5, "40002");
  EXPECT_FALSE(same_media(kFirstAgent, other_port));
  EXPECT_TRUE(same_media(kFirstAgent, kFirstAgent + "a=ssrc:1234 cname:x\r\n"));
}
