// The CRM's screen-pop template: only http(s) URLs with known placeholders pass; filled in, each
// value is URL-encoded (a '+' or '&' in a name cannot change the query).
#include <gtest/gtest.h>

#include "config/screen_pop_template.hpp"

using blendd::config::check_screen_pop;
using blendd::config::expand_screen_pop;

TEST(ScreenPop, OnlyHttpUrlsWithKnownPlaceholdersPass) {
  EXPECT_EQ(check_screen_pop("https://crm.example/c?n={number}&id={call}"), "");
  EXPECT_NE(check_screen_pop("javascript:alert(1)").find("http"), std::string::npos);
  EXPECT_NE(check_screen_pop("https://crm.example/{phone}").find("{phone}"), std::string::npos);
  EXPECT_NE(check_screen_pop("https://crm.example/{number").find("'{'"), std::string::npos);
}

TEST(ScreenPop, ValuesAreUrlEncoded) {
  EXPECT_EQ(expand_screen_pop("https://crm.example/c?n={number}&who={name}&x={agent}",
                              {{"number", "+4930 1"}, {"name", "A&B=C/ü"}}),
            "https://crm.example/c?n=%2B4930%201&who=A%26B%3DC%2F%C3%BC&x=");
}
