// Unit tests for parse_target and parse_target_range (src/plan/target_parse.cpp): every form of
// Alembic's target syntax, and the malformed ones refused with a message that says why.
#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/target.hpp"

namespace {

using retort::ErrorCode;
using retort::Target;
using Anchor = Target::Anchor;

struct ParseCase {
  std::string text;
  Anchor anchor;
  std::string symbol;
  std::string branch;
  int steps;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << "'" << c.text << "'"; }

class TargetParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(TargetParse, ReadsAnchorBranchAndStep) {
  const auto& c = GetParam();
  Target t = retort::parse_target(c.text);
  EXPECT_EQ(t.anchor, c.anchor);
  EXPECT_EQ(t.symbol, c.symbol);
  EXPECT_EQ(t.branch, c.branch);
  EXPECT_EQ(t.steps, c.steps);
  EXPECT_EQ(t.text, c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, TargetParse,
    ::testing::Values(ParseCase{"head", Anchor::head, "", "", 0}, ParseCase{"heads", Anchor::heads, "", "", 0},
                      ParseCase{"base", Anchor::base, "", "", 0}, ParseCase{"current", Anchor::current, "", "", 0},
                      ParseCase{"0002_users", Anchor::revision, "0002_users", "", 0},
                      ParseCase{"v1.2", Anchor::revision, "v1.2", "", 0},
                      ParseCase{"billing@head", Anchor::head, "", "billing", 0},
                      ParseCase{"billing@heads", Anchor::heads, "", "billing", 0},
                      ParseCase{"billing@base", Anchor::base, "", "billing", 0},
                      ParseCase{"billing@0003", Anchor::revision, "0003", "billing", 0},
                      ParseCase{"+2", Anchor::current, "", "", 2}, ParseCase{"-1", Anchor::current, "", "", -1},
                      ParseCase{"current-1", Anchor::current, "", "", -1},
                      ParseCase{"billing@+1", Anchor::current, "", "billing", 1},
                      ParseCase{"billing@-3", Anchor::current, "", "billing", -3},
                      ParseCase{"0002+1", Anchor::revision, "0002", "", 1},
                      ParseCase{"head-2", Anchor::head, "", "", -2}, ParseCase{"base+1", Anchor::base, "", "", 1},
                      ParseCase{"billing@0003-1", Anchor::revision, "0003", "billing", -1},
                      ParseCase{"ae1+12", Anchor::revision, "ae1", "", 12}),
    [](const ::testing::TestParamInfo<ParseCase>& param) {
      // the target as a test name: "billing@0003-1" → "billing_at_0003_minus_1"
      std::string name;
      for (char ch : param.param.text) {
        if (ch == '@') name += "_at_";
        else if (ch == '+') name += "_plus_";
        else if (ch == '-') name += "_minus_";
        else if (std::isalnum(static_cast<unsigned char>(ch)) != 0) name += ch;
        else name += '_';
      }
      return "target_" + name;
    });

void expect_refused(std::string_view text, std::string_view fragment) {
  try {
    (void)retort::parse_target(text);
    ADD_FAILURE() << "'" << text << "' parsed";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::target) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(TargetParse, MalformedTargetsSayWhy) {
  expect_refused("", "empty target");
  expect_refused("-", "'-' is not a step");
  expect_refused("+", "'+' is not a step");
  expect_refused("+0", "'+0' is not a step");
  expect_refused("+x", "'+x' is not a step");
  expect_refused("a+1+1", "'+1+1' is not a step");
  expect_refused("+99999999999", "is not a step");
  expect_refused("@head", "nothing before '@'");
  expect_refused("billing@", "nothing after '@'");
  expect_refused("a@b@head", "more than one '@'");
  expect_refused("heads+1", "'heads' names every head");
  expect_refused("a:b", "a range FROM:TO is only taken by history -r and --sql");
  expect_refused("a b", "has a character no revision id or label has");
  expect_refused("bill ing@head", "is not a branch label or revision id");
}

TEST(TargetParse, ImplicitFromTextParsesToo) {
  Target t = "billing@-1";
  EXPECT_EQ(t, retort::parse_target("billing@-1"));
  EXPECT_EQ(Target(), retort::parse_target("head"));
  EXPECT_THROW(Target("@"), retort::Error);
}

TEST(TargetParse, RangesHaveOptionalEnds) {
  auto r = retort::parse_target_range("-3:current");
  ASSERT_TRUE(r.lower && r.upper);
  EXPECT_EQ(r.lower->steps, -3);
  EXPECT_EQ(r.upper->anchor, Anchor::current);
  EXPECT_TRUE(r.uses_current());
  auto open_upper = retort::parse_target_range("0002:");
  EXPECT_TRUE(open_upper.lower && !open_upper.upper);
  EXPECT_FALSE(open_upper.uses_current());
  auto open_lower = retort::parse_target_range(":head");
  EXPECT_TRUE(!open_lower.lower && open_lower.upper);
  auto both_open = retort::parse_target_range(":");
  EXPECT_TRUE(!both_open.lower && !both_open.upper);
  EXPECT_TRUE(retort::parse_target_range("+1:").uses_current());
}

TEST(TargetParse, MalformedRangesSayWhy) {
  for (std::string_view text : {"head", "a:b:c"}) {
    try {
      (void)retort::parse_target_range(text);
      ADD_FAILURE() << "'" << text << "' parsed";
    } catch (const retort::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::target);
      EXPECT_NE(std::string(e.what()).find("a range is LOWER:UPPER"), std::string::npos) << e.what();
    }
  }
  // Alembic 1.8.1: "Can't locate revision identified by '-'" (the old help's own example)
  EXPECT_THROW((void)retort::parse_target_range("-:current"), retort::Error);
}

} // namespace
