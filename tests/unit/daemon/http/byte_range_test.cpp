// Range requests as audio players send them: a first range, an open end, the last bytes, what
// lies outside the file, and what is ignored.
#include "daemon/http/byte_range.hpp"

#include <gtest/gtest.h>

using namespace blendd::daemon;
using Kind = RangeAnswer::Kind;

TEST(ByteRange, APlayersRangesAreAnsweredWithTheBytesAskedFor) {
  auto a = answer_range("bytes=0-99", 1000);
  ASSERT_EQ(a.kind, Kind::partial);
  EXPECT_EQ(a.range.first, 0u);
  EXPECT_EQ(a.range.last, 99u);
  EXPECT_EQ(content_range(a, 1000), "bytes 0-99/1000");
  auto open = answer_range("bytes=500-", 1000);
  ASSERT_EQ(open.kind, Kind::partial);
  EXPECT_EQ(open.range.length(), 500u);
  auto tail = answer_range("bytes=-100", 1000);
  ASSERT_EQ(tail.kind, Kind::partial);
  EXPECT_EQ(tail.range.first, 900u);
  auto beyond = answer_range("bytes=900-5000", 1000);
  ASSERT_EQ(beyond.kind, Kind::partial);
  EXPECT_EQ(beyond.range.last, 999u) << "an end past the file is the file's end";
  EXPECT_EQ(answer_range("bytes=-5000", 1000).range.first, 0u);
}

TEST(ByteRange, AStartOutsideTheFileIsUnsatisfiable) {
  auto a = answer_range("bytes=1000-", 1000);
  EXPECT_EQ(a.kind, Kind::unsatisfiable);
  EXPECT_EQ(content_range(a, 1000), "bytes */1000");
  EXPECT_EQ(answer_range("bytes=-0", 1000).kind, Kind::unsatisfiable);
  EXPECT_EQ(answer_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

TEST(ByteRange, WhatIsNotOneWellFormedByteRangeIsIgnored) {
  for (const char* h : {"", "items=0-5", "bytes=5", "bytes=a-b", "bytes=9-3", "bytes=0-1,5-9",
                        "bytes=-", "bytes=99999999999999999999-"}) {
    EXPECT_EQ(answer_range(h, 1000).kind, Kind::whole) << h;
  }
}
