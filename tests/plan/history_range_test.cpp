// Unit tests for revision_range (src/plan/plan.cpp): `history -r LOWER:UPPER` with every target
// form at either end. Checked with Debian's python3-alembic 1.8.1 through tests/plan/alembic/oracle.py
// (tests/plan/alembic/history_cases.txt); where retort differs, Alembic's answer is in the comment
// and docs/decisions.md says why.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "plan/graphs.hpp"
#include "retort/error.hpp"
#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"

namespace {

using namespace retort::test;  // the graphs
using retort::ErrorCode;
using retort::Migration;
using retort::RevisionGraph;

struct RangeCase {
  std::string name;
  std::vector<Migration> (*graph)();
  Ids current;
  std::string range;
  Ids shown;  ///< in graph order (history prints them newest first)
  std::optional<ErrorCode> error = std::nullopt;
  std::string fragment = {};
};

void PrintTo(const RangeCase& c, std::ostream* os) { *os << c.name << " ('" << c.range << "')"; }

RangeCase shows(std::string name, std::vector<Migration> (*graph)(), Ids current, std::string range, Ids shown) {
  return RangeCase{std::move(name), graph, std::move(current), std::move(range), std::move(shown)};
}

RangeCase refused(std::string name, std::vector<Migration> (*graph)(), Ids current, std::string range, std::string fragment) {
  return RangeCase{std::move(name), graph, std::move(current), std::move(range), {}, ErrorCode::target, std::move(fragment)};
}

const std::vector<RangeCase>& range_cases() {
  static const std::vector<RangeCase> cases = {
      shows("ThreeBelowCurrentUpToIt", linear, {"d"}, "-3:current", {"a", "b", "c", "d"}),
      shows("OneBelowCurrentUpToIt", linear, {"d"}, "-1:current", {"c", "d"}),
      // Alembic 1.8.1 counts a lower -N from the head, not the current revision: "Requested range
      // -1:('b',) does not refer to ancestor/descendant revisions along the same branch"
      shows("RelativeCountsFromCurrent", linear, {"b"}, "-1:current", {"a", "b"}),
      // Alembic 1.8.1 lists the revisions down to base (a step past it stops there)
      shows("PastBaseStopsAtBase", linear, {"c"}, "-9:current", {"a", "b", "c"}),
      shows("CurrentAndOneAbove", linear, {"c"}, "current:+1", {"c", "d"}),
      shows("PastHeadStopsAtHead", linear, {"c"}, "current:+9", {"c", "d"}),
      shows("CurrentOnwards", linear, {"c"}, "current:", {"c", "d"}),
      shows("UpToCurrent", linear, {"b"}, ":current", {"a", "b"}),
      shows("BaseToCurrent", linear, {"b"}, "base:current", {"a", "b"}),
      // Alembic 1.8.1 lists every revision when nothing is applied (an empty current reads as heads)
      shows("UpToCurrentWithNothingApplied", linear, {}, ":current", {}),
      // Alembic 1.8.1: "Can't locate revision identified by 'current'" / 'b+1'
      shows("CurrentToCurrent", linear, {"c"}, "current:current", {"c"}),
      shows("RevisionRelativeLowerEnd", linear, {"c"}, "b+1:d", {"c", "d"}),
      shows("RevisionRelativeUpperEnd", linear, {"c"}, ":c-1", {"a", "b"}),
      shows("HeadOnwards", linear, {"c"}, "head:", {"d"}),
      shows("UpToTwoBelowHead", linear, {"c"}, ":head-2", {"a", "b"}),
      shows("RevisionToRevision", linear, {"c"}, "b:c", {"b", "c"}),
      shows("OpenBothEnds", linear, {}, ":", {"a", "b", "c", "d"}),
      shows("UpToBaseIsNothing", linear, {}, ":base", {}),
      // Branches: a bare label, LABEL@head, LABEL@base (its line only).
      shows("BareLabelOnwards", branched, {"a2", "b2"}, "fb:", {"b1", "b2"}),
      shows("UpToLabelAtHead", branched, {"a2", "b2"}, ":fa@head", {"r", "a1", "a2"}),
      shows("LabelAtBaseOnwardsIsThatLine", branched, {"a2", "b2"}, "fa@base:", {"r", "a1", "a2"}),
      shows("BranchPointToHeads", branched, {"a2", "b2"}, "r:heads", {"r", "a1", "a2", "b1", "b2"}),
      shows("OneBelowCurrentOverAMerge", merged, {"n"}, "-1:current", {"m", "n"}),
      // Alembic 1.8.1: "Ambiguous walk"; retort steps back over a merge to both parents
      shows("TwoBelowCurrentOverAMerge", merged, {"n"}, "-2:current", {"a", "b", "m", "n"}),
      shows("ExactLabelOnwards", labelled, {}, "abcd:", {"cc01"}),
      shows("PrefixOnwards", labelled, {}, "abcd1:", {"abcd1234"}),
      // Alembic 1.8.1: "Can't locate revision identified by '-'"
      refused("DashAloneIsNoTarget", linear, {"d"}, "-:current", "'-' is not a step"),
      refused("RelativeFromSeveralHeads", branched, {"a2", "b2"}, "-1:current",
              "the database has several heads (a2, b2)"),
      refused("NotARange", linear, {}, "head", "a range is LOWER:UPPER"),
  };
  return cases;
}

class HistoryRange : public ::testing::TestWithParam<RangeCase> {};

TEST_P(HistoryRange, ShowsTheExpectedRevisionsOrError) {
  const RangeCase& c = GetParam();
  RevisionGraph g(c.graph());
  try {
    auto shown = g.ids(retort::revision_range(g, retort::parse_target_range(c.range), c.current));
    ASSERT_FALSE(c.error.has_value()) << "expected an error containing '" << c.fragment << "'";
    EXPECT_EQ(shown, c.shown);
  } catch (const retort::Error& e) {
    ASSERT_TRUE(c.error.has_value()) << "unexpected error: " << e.what();
    EXPECT_EQ(e.code(), *c.error) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos) << "message lacks '" << c.fragment << "': " << e.what();
  }
}

std::string range_case_name(const ::testing::TestParamInfo<RangeCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(History, HistoryRange, ::testing::ValuesIn(range_cases()), range_case_name);

} // namespace
