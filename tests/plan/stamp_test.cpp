// Unit tests for plan_stamp (src/plan/stamp.cpp): the version rows `stamp TARGET…` leaves. Each row
// was checked with Debian's python3-alembic 1.8.1 through tests/plan/alembic/oracle.py
// (tests/plan/alembic/stamp_cases.txt); where retort differs, Alembic's answer is in the comment
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
using retort::Target;

struct StampCase {
  std::string name;
  std::vector<Migration> (*graph)();
  Ids current;
  Ids targets;
  Ids rows;                                   ///< the rows afterwards, in order (kept rows first)
  std::optional<ErrorCode> error = std::nullopt;
  std::string fragment = {};
};

void PrintTo(const StampCase& c, std::ostream* os) { *os << c.name; }

StampCase rows(std::string name, std::vector<Migration> (*graph)(), Ids current, Ids targets, Ids after) {
  return StampCase{std::move(name), graph, std::move(current), std::move(targets), std::move(after)};
}

StampCase refused(std::string name, std::vector<Migration> (*graph)(), Ids current, Ids targets, ErrorCode code,
                  std::string fragment) {
  return StampCase{std::move(name), graph, std::move(current), std::move(targets), {}, code, std::move(fragment)};
}

const std::vector<StampCase>& stamp_cases() {
  static const std::vector<StampCase> cases = {
      // A revision on a line of its own is added beside the current rows; on the same line, it replaces.
      rows("UnrelatedBranchAddsARow", two_bases, {"x2"}, {"y1"}, {"x2", "y1"}),
      rows("SameLineReplacesUpward", two_bases, {"x2", "y1"}, {"y2"}, {"x2", "y2"}),
      rows("SameLineReplacesDownward", two_bases, {"x2", "y2"}, {"x1"}, {"y2", "x1"}),
      rows("SiblingBranchAddsARow", branched, {"a2"}, {"b1"}, {"a2", "b1"}),
      rows("BranchPointReplacesBothBranches", branched, {"a2", "b1"}, {"r"}, {"r"}),
      rows("OneBranchMovesTheOtherStays", branched, {"a2", "b2"}, {"a1"}, {"b2", "a1"}),
      rows("SiblingOfAMergeParentAddsARow", merged, {"a"}, {"b"}, {"a", "b"}),
      rows("MergeReplacesBothParents", merged, {"a", "b"}, {"m"}, {"m"}),
      // Alembic 1.8.1: KeyError: 'n'
      rows("BothParentsOfAMergeFromAbove", merged, {"n"}, {"a", "b"}, {"a", "b"}),
      rows("AlreadyThereChangesNothing", two_bases, {"x2"}, {"x2"}, {"x2"}),
      // Several targets at once.
      rows("TwoRevisionsOnTwoLines", two_bases, {}, {"x1", "y1"}, {"x1", "y1"}),
      rows("Heads", two_bases, {}, {"heads"}, {"x2", "y2"}),
      rows("LabelAtHeadBesideAnotherLine", two_bases, {"y2"}, {"fx@head"}, {"y2", "x2"}),
      rows("LabelAtHeadMovesItsBranchOnly", branched, {"a1", "b2"}, {"fa@head"}, {"b2", "a2"}),
      rows("BareLabelIsTheLabelledRevision", two_bases, {"x2"}, {"fx"}, {"x1"}),
      // base clears every row; LABEL@base the rows of its line; both before any revision is added.
      rows("Base", two_bases, {"x1", "y2"}, {"base"}, {}),
      rows("LabelAtBaseClearsItsLine", two_bases, {"x2", "y2"}, {"fx@base"}, {"y2"}),
      rows("RevisionThenBase", two_bases, {"x2", "y2"}, {"y1", "base"}, {"y1"}),
      rows("BaseThenRevision", two_bases, {"x2", "y2"}, {"base", "y1"}, {"y1"}),
      refused("HeadWithTwoHeads", two_bases, {}, {"head"}, ErrorCode::target, "'head' is ambiguous: there are 2 heads"),
      // Alembic 1.8.1 writes x1 and y2 (the later target ignored); retort refuses the contradiction.
      refused("TwoRevisionsOnOneLine", two_bases, {"x2", "y2"}, {"x1", "x2"}, ErrorCode::target,
              "cannot stamp both x1 and x2: they are on one line (x1 is below x2)"),
      // Alembic 1.8.1 writes three rows, x1, x2 and y2: two on one line.
      refused("HeadsAndARevisionBelowOne", two_bases, {}, {"heads", "x1"}, ErrorCode::target,
              "cannot stamp both x1 and x2"),
      // depends_on does not join lines: Alembic 1.8.1 leaves y alone, retort keeps x's row as upgrade does.
      rows("DependencyKeepsItsRow", with_dependency, {"x"}, {"y"}, {"x", "y"}),
      rows("DependencyRowsUnchanged", with_dependency, {"x", "y"}, {"y"}, {"x", "y"}),
      rows("DownToTheDependentsParent", with_dependency, {"y"}, {"p"}, {"p"}),
      // An empty folder: head names nothing.
      rows("EmptyFolderHead", empty_folder, {}, {"head"}, {}),
      rows("EmptyFolderBase", empty_folder, {}, {"base"}, {}),
      // Every target form works (Alembic 1.8.1: "Can't locate revision identified by '-1'" / 'b+1').
      rows("RelativeToCurrent", linear, {"d"}, {"-1"}, {"c"}),
      rows("RevisionRelative", linear, {"d"}, {"b+1"}, {"c"}),
      refused("NoTarget", linear, {}, {}, ErrorCode::target, "stamp needs a target"),
      refused("UnknownRow", linear, {"gone"}, {"a"}, ErrorCode::version_table, "'stamp --purge'"),
  };
  return cases;
}

class StampTable : public ::testing::TestWithParam<StampCase> {};

TEST_P(StampTable, LeavesTheExpectedRowsOrError) {
  const StampCase& c = GetParam();
  RevisionGraph g(c.graph());
  try {
    std::vector<Target> targets(c.targets.begin(), c.targets.end());
    auto plan = retort::plan_stamp(g, c.current, targets);
    ASSERT_FALSE(c.error.has_value()) << "expected an error containing '" << c.fragment << "'";
    EXPECT_EQ(plan.rows, c.rows);
  } catch (const retort::Error& e) {
    ASSERT_TRUE(c.error.has_value()) << "unexpected error: " << e.what();
    EXPECT_EQ(e.code(), *c.error) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos) << "message lacks '" << c.fragment << "': " << e.what();
  }
}

std::string stamp_case_name(const ::testing::TestParamInfo<StampCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Stamp, StampTable, ::testing::ValuesIn(stamp_cases()), stamp_case_name);

} // namespace

TEST(PlanStamp, NamedRevisionsAreWhatTheTargetsName) {
  RevisionGraph g(two_bases());
  auto plan = retort::plan_stamp(g, {"x2", "y2"}, {Target("fx@base"), Target("y1")});
  EXPECT_EQ(plan.rows, (Ids{"y1"}));
  EXPECT_EQ(plan.named, (Ids{"y1"}));
  EXPECT_TRUE(retort::plan_stamp(g, {"x2"}, {Target("base")}).named.empty());
}
