// Numbers in every API answer are plain JSON decimals, not Boost.JSON's exponent form.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>

#include "desk/json_text.hpp"

using blendd::desk::json_text;
namespace json = boost::json;

TEST(JsonText, DoublesArePlainDecimalsThatReadBackTheSame) {
  EXPECT_EQ(json::serialize(json::value(0.03)), "3E-2");  // why this exists
  EXPECT_EQ(json_text(json::value(0.03)), "0.03");
  EXPECT_EQ(json_text(json::value(0.0)), "0.0");  // a double stays a double for typed readers
  EXPECT_EQ(json_text(json::value(95.0)), "95.0");
  EXPECT_EQ(json_text(json::value(95)), "95");  // an integer stays an integer
  EXPECT_EQ(json_text(json::value(-1.5)), "-1.5");
  EXPECT_EQ(json_text(json::value(std::numeric_limits<double>::quiet_NaN())), "null");
  const json::value nested = {{"rate", 0.56}, {"list", {0.3, 1, "a\"b"}}, {"n", nullptr}};
  EXPECT_EQ(json_text(nested), R"({"rate":0.56,"list":[0.3,1,"a\"b"],"n":null})");
  EXPECT_TRUE(json::parse(json_text(json::value(1.0))).is_double());
  for (double d : {0.1, 1.0 / 3, 1e-300, 12345678.9}) {
    EXPECT_EQ(json::parse(json_text(json::value(d))).as_double(), d);
  }
}
