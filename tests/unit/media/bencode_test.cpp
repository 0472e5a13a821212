#include "media/bencode.hpp"

#include <gtest/gtest.h>

using blendd::media::Bencode;

TEST(Bencode, EncodesDictionariesWithSortedKeys) {
  Bencode d(Bencode::Dict{{"sdp", "v=0"},
                          {"command", "offer"},
                          {"n", 42},
                          {"flags", Bencode::List{Bencode("a"), Bencode(-1)}}});
  EXPECT_EQ(d.encode(), "d7:command5:offer5:flagsl1:ai-1ee1:ni42e3:sdp3:v=0e");
}

TEST(Bencode, DecodesWhatItEncodes) {
  const std::string wire = "d5:callsl3:abc3:defe6:result2:ok4:sizei-7e4:tagsd1:xdeee";
  Bencode v;
  ASSERT_FALSE(Bencode::decode(wire, v));
  EXPECT_EQ(v.text("result"), "ok");
  ASSERT_NE(v.find("calls"), nullptr);
  ASSERT_EQ(v.find("calls")->list()->size(), 2u);
  EXPECT_EQ(*v.find("size")->integer(), -7);
  EXPECT_EQ(v.encode(), wire);
}

TEST(Bencode, BadInputSaysWhereAndWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "input ends where a value should start"},
      {"d3:abc", "input ends where a value should start"},
      {"d3:abci1e", "dictionary without its closing 'e'"},
      {"li1e", "list without its closing 'e'"},
      {"i12", "integer without its closing 'e'"},
      {"ixe", "not an integer"},
      {"5:ab", "string runs past the end of the input"},
      {"99999999999:x", "string length without ':'"},
      {"di1e1:xe", "a dictionary key must be a string"},
      {"1:ax", "trailing bytes after the value"},
      {"x", "unexpected byte 'x' where a value should start"},
  };
  for (const auto& [input, why] : cases) {
    Bencode v;
    const auto e = Bencode::decode(input, v);
    ASSERT_TRUE(e.has_value()) << input;
    EXPECT_EQ(e->why, why) << input;
  }
  Bencode v;
  const auto e = Bencode::decode("d1:ai1e1:bxe", v);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->offset, 10u);  // the 'x'
}

TEST(Bencode, DeepNestingIsRefusedNotRecursedInto) {
  Bencode v;
  const auto e = Bencode::decode(std::string(100000, 'l'), v);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->why, "nested deeper than 32");
}
