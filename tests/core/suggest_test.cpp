// retort::closest_matches and did_you_mean (src/core/suggest.cpp).
#include <gtest/gtest.h>

#include "retort/suggest.hpp"

namespace retort {
namespace {

using Words = std::vector<std::string>;

TEST(Suggest, TyposTranspositionsAndPrefixesAreClose) {
  const Words commands{"upgrade", "downgrade", "history", "heads", "status", "stamp"};
  EXPECT_EQ(closest_matches("upgarde", commands), (Words{"upgrade"}));
  EXPECT_EQ(closest_matches("histroy", commands), (Words{"history"}));
  EXPECT_EQ(closest_matches("downg", commands), (Words{"downgrade"}));
  EXPECT_EQ(closest_matches("STATUS", commands), (Words{"status"})) << "case does not count";
  EXPECT_EQ(closest_matches("stmap", commands), (Words{"stamp"}));
  EXPECT_EQ(closest_matches("xyzzy", commands), Words{});
  EXPECT_EQ(closest_matches("", commands), Words{});
  EXPECT_EQ(closest_matches("heads", commands), Words{}) << "the word itself is no suggestion";
}

TEST(Suggest, DidYouMeanListsUpToThree) {
  EXPECT_EQ(did_you_mean("hed", {"head", "heads", "base"}), " (did you mean 'head'?)");
  EXPECT_EQ(did_you_mean("0002", {"0001", "0003", "0004", "0005"}), " (did you mean '0001', '0003' or '0004'?)");
  EXPECT_EQ(did_you_mean("colour", {"url", "migrations"}), "");
}

} // namespace
} // namespace retort
