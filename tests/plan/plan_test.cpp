// Unit tests for the planner (src/plan/plan.cpp). The step lists were cross-checked, where Alembic
// accepts the same target, against Alembic 1.8 running the same graph on SQLite; the cases from
// "Alembic, round two" on were checked with Debian's python3-alembic 1.8.1 through
// tests/plan/alembic/oracle.py (tests/plan/alembic/plan_cases.txt), its answer in each comment
// where retort differs (docs/decisions.md says why).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"
#include "plan/graphs.hpp"

namespace {

using namespace retort::test;  // the graphs

using retort::Direction;
using retort::ErrorCode;
using retort::Migration;
using retort::Plan;
using retort::RevisionGraph;
using retort::VersionOp;
using Kind = VersionOp::Kind;

enum class Cmd { upgrade, downgrade };

struct PlanCase {
  std::string name;
  std::vector<Migration> (*graph)();
  Ids current;
  Cmd cmd;
  std::string target;
  Ids steps;               ///< "up X" / "down X", in order
  Ids heads_after;         ///< sorted
  std::optional<ErrorCode> error = std::nullopt;
  std::string fragment = {};  ///< must appear in the error message
};

// gtest prints a failing parameter with this: the case name instead of the object's bytes.
void PrintTo(const PlanCase& c, std::ostream* os) { *os << c.name << " (target '" << c.target << "')"; }

PlanCase ok(std::string name, std::vector<Migration> (*graph)(), Ids current, Cmd cmd, std::string target, Ids steps,
            Ids heads_after) {
  return PlanCase{std::move(name), graph, std::move(current), cmd, std::move(target), std::move(steps), std::move(heads_after)};
}

PlanCase fails(std::string name, std::vector<Migration> (*graph)(), Ids current, Cmd cmd, std::string target, ErrorCode code,
               std::string fragment) {
  return PlanCase{std::move(name), graph, std::move(current), cmd, std::move(target), {}, {}, code, std::move(fragment)};
}

std::string describe_steps(const RevisionGraph& g, const Plan& plan, Ids* out) {
  std::string text;
  for (const auto& s : plan.steps) {
    std::string step = (s.direction == Direction::up ? "up " : "down ") + g[s.revision].revision;
    out->push_back(step);
    text += step + "; ";
  }
  return text;
}

Ids sorted(Ids v) {
  std::sort(v.begin(), v.end());
  return v;
}

const std::vector<PlanCase>& plan_cases() {
  static const std::vector<PlanCase> cases = {
      // ---- upgrade ----
      ok("LinearHeadFromEmpty", linear, {}, Cmd::upgrade, "head", {"up a", "up b", "up c", "up d"}, {"d"}),
      ok("LinearHeadFromMiddle", linear, {"b"}, Cmd::upgrade, "head", {"up c", "up d"}, {"d"}),
      ok("AlreadyAtHeadIsEmpty", linear, {"d"}, Cmd::upgrade, "head", {}, {"d"}),
      ok("PlusOne", linear, {"b"}, Cmd::upgrade, "+1", {"up c"}, {"c"}),
      ok("PlusTwo", linear, {"b"}, Cmd::upgrade, "+2", {"up c", "up d"}, {"d"}),
      ok("PlusTwoFromEmpty", linear, {}, Cmd::upgrade, "+2", {"up a", "up b"}, {"b"}),
      fails("PlusBeyondHead", linear, {"c"}, Cmd::upgrade, "+2", ErrorCode::target,
            "relative revision '+2' didn't produce 2 migrations (only 1 available: d is a head)"),
      fails("PlusWithSeveralHeads", branched, {"a2", "b2"}, Cmd::upgrade, "+1", ErrorCode::target,
            "the database has several heads (a2, b2)"),
      fails("PlusAtBranchPointIsAmbiguous", branched, {"r"}, Cmd::upgrade, "+1", ErrorCode::target,
            "the path forks into a1, b1"),
      fails("MinusIsNotAnUpgrade", linear, {"c"}, Cmd::upgrade, "-1", ErrorCode::target, "goes backwards"),
      ok("ToRevision", linear, {"a"}, Cmd::upgrade, "c", {"up b", "up c"}, {"c"}),
      ok("UniquePrefix", prefixed, {}, Cmd::upgrade, "ab3", {"up ab12", "up ab34"}, {"ab34"}),
      fails("AmbiguousPrefixListsCandidates", prefixed, {}, Cmd::upgrade, "ab", ErrorCode::target,
            "'ab' is ambiguous: it is a prefix of ab12, ab34"),
      fails("UnknownRevision", linear, {}, Cmd::upgrade, "zz", ErrorCode::target,
            "no revision or branch label matches 'zz'"),
      fails("HeadWithTwoHeadsNamesBoth", branched, {}, Cmd::upgrade, "head", ErrorCode::target,
            "'head' is ambiguous: there are 2 heads (a2, b2)"),
      ok("HeadsAppliesBothBranches", branched, {}, Cmd::upgrade, "heads", {"up r", "up a1", "up a2", "up b1", "up b2"},
         {"a2", "b2"}),
      ok("HeadsFromOneBranchAppliesTheOther", branched, {"a2"}, Cmd::upgrade, "heads", {"up b1", "up b2"}, {"a2", "b2"}),
      ok("HeadsWhenAllAppliedIsEmpty", branched, {"a2", "b2"}, Cmd::upgrade, "heads", {}, {"a2", "b2"}),
      ok("OneBranchLeavesTheOtherAlone", branched, {"a1", "b1"}, Cmd::upgrade, "a2", {"up a2"}, {"a2", "b1"}),
      ok("LabelAtHead", branched, {}, Cmd::upgrade, "fa@head", {"up r", "up a1", "up a2"}, {"a2"}),
      ok("OtherLabelAtHeadKeepsFirstBranch", branched, {"a2"}, Cmd::upgrade, "fb@head", {"up b1", "up b2"}, {"a2", "b2"}),
      fails("UnknownLabel", branched, {}, Cmd::upgrade, "nolabel@head", ErrorCode::target,
            "'nolabel@head' names no branch: no revision or branch label matches 'nolabel'"),
      ok("LabelPlusOneFollowsOnlyThatBranch", branched, {"a2"}, Cmd::upgrade, "fb@+1", {"up b1"}, {"a2", "b1"}),
      ok("LabelPlusTwoFromTheSharedBase", branched, {"r"}, Cmd::upgrade, "fa@+2", {"up a1", "up a2"}, {"a2"}),
      ok("LabelPlusOneFromEmptyStartsAtTheBase", branched, {}, Cmd::upgrade, "fb@+1", {"up r"}, {"r"}),
      fails("LabelPlusBeyondBranchHead", branched, {"a2", "b2"}, Cmd::upgrade, "fa@+1", ErrorCode::target, "didn't produce 1 migrations"),
      ok("LabelMinusOneUndoesOnlyThatBranch", branched, {"a2", "b2"}, Cmd::downgrade, "fb@-1", {"down b2"}, {"a2", "b1"}),
      ok("LabelMinusTwoLeavesTheOtherBranch", branched, {"a2", "b2"}, Cmd::downgrade, "fa@-2", {"down a2", "down a1"}, {"b2"}),
      ok("MergeAfterBothParents", merged, {"a"}, Cmd::upgrade, "m", {"up b", "up m"}, {"m"}),
      // checked against Alembic 1.8: upgrade heads runs r, a, b, m1, m2 (a/b in file order) and leaves m1, m2;
      // downgrade a then runs m2 and m1 down and leaves a, b
      ok("CrissCrossHeadsAppliesBothMerges", criss_cross, {}, Cmd::upgrade, "heads", {"up r", "up a", "up b", "up m1", "up m2"},
         {"m1", "m2"}),
      fails("CrissCrossHeadIsAmbiguous", criss_cross, {}, Cmd::upgrade, "head", ErrorCode::target, "m1, m2"),
      ok("CrissCrossDowngradeBelowBothMerges", criss_cross, {"m1", "m2"}, Cmd::downgrade, "a", {"down m2", "down m1"}, {"a", "b"}),
      ok("MergeGraphHeadFromEmpty", merged, {}, Cmd::upgrade, "head", {"up r", "up a", "up b", "up m", "up n"}, {"n"}),
      ok("RevPlusOne", linear, {"a"}, Cmd::upgrade, "b+1", {"up b", "up c"}, {"c"}),
      ok("RevPlusTwoFromEmpty", linear, {}, Cmd::upgrade, "a+2", {"up a", "up b", "up c"}, {"c"}),
      fails("RevPlusBeyondHead", linear, {}, Cmd::upgrade, "c+2", ErrorCode::target, "didn't produce 2 migrations"),
      fails("AlreadyAppliedNonHead", linear, {"c"}, Cmd::upgrade, "a", ErrorCode::target,
            "'a' (a) is already applied below the current head(s) c"),
      fails("BaseIsNotAnUpgradeTarget", linear, {"c"}, Cmd::upgrade, "base", ErrorCode::target,
            "'base' is not an upgrade target"),
      fails("UnknownCurrentRowOnUpgrade", linear, {"gone"}, Cmd::upgrade, "head", ErrorCode::version_table,
            "the database is at revision 'gone', which no file in the migrations folder has: the database is ahead of this folder"),
      ok("DependencyIsAppliedFirstAndKeepsItsRow", with_dependency, {}, Cmd::upgrade, "y", {"up x", "up p", "up y"},
         {"x", "y"}),
      // A database stamped (or written by Alembic) with only the dependent's row: x is applied through y.
      ok("HeadsSkipsAHeadAppliedAsADependency", with_dependency, {"y"}, Cmd::upgrade, "heads", {}, {"y"}),

      // ---- downgrade ----
      ok("MinusOne", linear, {"d"}, Cmd::downgrade, "-1", {"down d"}, {"c"}),
      ok("MinusTwo", linear, {"d"}, Cmd::downgrade, "-2", {"down d", "down c"}, {"b"}),
      ok("MinusToBelowBase", linear, {"b"}, Cmd::downgrade, "-2", {"down b", "down a"}, {}),
      fails("MinusBeyondBase", linear, {"b"}, Cmd::downgrade, "-3", ErrorCode::target,
            "relative revision '-3' didn't produce 3 migrations (only 2 available: step 2 reaches base)"),
      fails("MinusWithNothingApplied", linear, {}, Cmd::downgrade, "-1", ErrorCode::target, "nothing is applied"),
      fails("MinusWithSeveralHeads", branched, {"a2", "b2"}, Cmd::downgrade, "-1", ErrorCode::target,
            "the database has several heads (a2, b2)"),
      // Alembic 1.8 refuses this one ("Ambiguous walk"); retort steps back to both parents of the merge.
      ok("MinusOneOverAMergeReturnsToBothParents", merged, {"m"}, Cmd::downgrade, "-1", {"down m"}, {"a", "b"}),
      ok("MinusTwoOverAMerge", merged, {"n"}, Cmd::downgrade, "-2", {"down n", "down m"}, {"a", "b"}),
      fails("MinusBelowAMergeIsAmbiguous", merged, {"n"}, Cmd::downgrade, "-3", ErrorCode::target,
            "the path forks into a, b"),
      fails("PlusIsNotADowngrade", linear, {"b"}, Cmd::downgrade, "+1", ErrorCode::target, "goes forwards"),
      ok("Base", linear, {"d"}, Cmd::downgrade, "base", {"down d", "down c", "down b", "down a"}, {}),
      ok("BaseWithTwoBranches", branched, {"a2", "b2"}, Cmd::downgrade, "base",
         {"down b2", "down b1", "down a2", "down a1", "down r"}, {}),
      ok("BaseWhenEmptyIsEmpty", linear, {}, Cmd::downgrade, "base", {}, {}),
      ok("ToRevision", linear, {"d"}, Cmd::downgrade, "b", {"down d", "down c"}, {"b"}),
      ok("ToCurrentIsEmpty", linear, {"d"}, Cmd::downgrade, "d", {}, {"d"}),
      ok("ToRevisionKeepsOtherBranch", branched, {"a2", "b2"}, Cmd::downgrade, "a1", {"down a2"}, {"a1", "b2"}),
      ok("ToBranchPointRemovesBothBranches", branched, {"a2", "b2"}, Cmd::downgrade, "r",
         {"down b2", "down b1", "down a2", "down a1"}, {"r"}),
      ok("ToMergeParentUnmerges", merged, {"n"}, Cmd::downgrade, "a", {"down n", "down m"}, {"a", "b"}),
      ok("RevMinusOne", linear, {"d"}, Cmd::downgrade, "c-1", {"down d", "down c"}, {"b"}),
      fails("NotAppliedTarget", branched, {"a2"}, Cmd::downgrade, "b1", ErrorCode::target,
            "'b1' (b1) is not applied: it is not a valid downgrade target from a2"),
      fails("NotAppliedTargetFromEmpty", linear, {}, Cmd::downgrade, "a", ErrorCode::target,
            "is not a valid downgrade target from base"),
      fails("HeadIsNotADowngradeTarget", linear, {"d"}, Cmd::downgrade, "head", ErrorCode::target,
            "'head' is not a downgrade target"),
      fails("UnknownCurrentRowOnDowngrade", linear, {"d", "gone"}, Cmd::downgrade, "base", ErrorCode::version_table,
            "'gone'"),
      ok("LabelAtBaseRemovesOnlyThatLine", two_bases, {"x2", "y2"}, Cmd::downgrade, "fx@base", {"down x2", "down x1"},
         {"y2"}),
      ok("DependencyBase", with_dependency, {"x", "y"}, Cmd::downgrade, "base", {"down y", "down p", "down x"}, {}),
      ok("DependencyOnlyRowBase", with_dependency, {"y"}, Cmd::downgrade, "base", {"down y", "down p", "down x"}, {}),
      ok("DowngradeDependencyRemovesDependent", with_dependency, {"x", "y"}, Cmd::downgrade, "p", {"down y"}, {"p", "x"}),

      // ---- Alembic, round two: every target form resolves to revisions first ----
      // A revision-relative target is a revision: an upgrade target when not applied yet,
      ok("RevMinusIsAnUpgradeTargetAboveCurrent", linear, {"b"}, Cmd::upgrade, "d-1", {"up c"}, {"c"}),
      ok("HeadMinusOneAtCurrentIsEmpty", linear, {"c"}, Cmd::upgrade, "head-1", {}, {"c"}),
      ok("BasePlusTwo", linear, {}, Cmd::upgrade, "base+2", {"up a", "up b"}, {"b"}),
      // Alembic 1.8.1: AssertionError
      fails("RevPlusPastHeadSaysHowFar", linear, {"c"}, Cmd::upgrade, "a+9", ErrorCode::target,
            "relative revision 'a+9' didn't produce 9 migrations (only 3 available: d is a head)"),
      // Alembic 1.8.1: a silent no-op; retort refuses it as it refuses `upgrade b`
      fails("RevMinusBelowCurrentIsRefused", linear, {"c"}, Cmd::upgrade, "d-2", ErrorCode::target,
            "'d-2' (b) is already applied below the current head(s) c"),
      // Alembic 1.8.1: "Can't locate revision identified by 'current'"; retort reads `current` everywhere
      ok("CurrentIsANoOp", linear, {"c"}, Cmd::upgrade, "current", {}, {"c"}),
      // and a downgrade target when applied.
      ok("RevPlusIsADowngradeTargetBelowCurrent", linear, {"d"}, Cmd::downgrade, "b+1", {"down d"}, {"c"}),
      fails("RevPlusNotAppliedIsNoDowngradeTarget", linear, {"b"}, Cmd::downgrade, "b+1", ErrorCode::target,
            "'b+1' (c) is not applied: it is not a valid downgrade target from b"),
      // Alembic 1.8.1: "Walked too far"
      fails("RevPlusPastHeadOnDowngrade", linear, {"d"}, Cmd::downgrade, "c+2", ErrorCode::target,
            "relative revision 'c+2' didn't produce 2 migrations (only 1 available: d is a head)"),
      ok("HeadMinusTwo", linear, {"d"}, Cmd::downgrade, "head-2", {"down d", "down c"}, {"b"}),
      ok("BasePlusOne", linear, {"b"}, Cmd::downgrade, "base+1", {"down b"}, {"a"}),
      ok("RevMinusToBase", linear, {"d"}, Cmd::downgrade, "a-1", {"down d", "down c", "down b", "down a"}, {}),
      // Alembic 1.8.1: "Walked too far"
      fails("RevMinusPastBaseSaysHowFar", linear, {"d"}, Cmd::downgrade, "d-9", ErrorCode::target,
            "relative revision 'd-9' didn't produce 9 migrations (only 4 available: step 4 reaches base)"),
      // A bare branch label is the revision carrying it.
      ok("BareLabel", branched, {}, Cmd::upgrade, "fb", {"up r", "up b1"}, {"b1"}),
      ok("BareLabelBesideTheOtherBranch", branched, {"b1"}, Cmd::upgrade, "fa", {"up a1"}, {"a1", "b1"}),
      ok("BareLabelOnDowngrade", branched, {"a2", "b2"}, Cmd::downgrade, "fa", {"down a2"}, {"a1", "b2"}),
      ok("LabelAtRevisionOnTheBranch", branched, {"a2"}, Cmd::upgrade, "fb@b2", {"up b1", "up b2"}, {"a2", "b2"}),
      // Alembic 1.8.1: "Can't locate revision identified by 'b2'"
      fails("LabelAtRevisionOffTheBranch", branched, {"a2"}, Cmd::upgrade, "fa@b2", ErrorCode::target,
            "revision b2 is not on branch 'fa' (in 'fa@b2')"),
      ok("LabelAtHeads", branched, {}, Cmd::upgrade, "fa@heads", {"up r", "up a1", "up a2"}, {"a2"}),
      ok("RevisionNamesItsBranch", branched, {"a1"}, Cmd::upgrade, "a1@head", {"up a2"}, {"a2"}),
      ok("LabelPlusOneBesideTheOtherBranch", branched, {"a1", "b2"}, Cmd::upgrade, "fa@+1", {"up a2"}, {"a2", "b2"}),
      // LABEL@REV on a downgrade undoes only that branch down to REV (Alembic's branch filter).
      ok("LabelAtSharedRevisionUndoesOnlyThatBranch", branched, {"a1", "b1"}, Cmd::downgrade, "fb@r", {"down b1"}, {"a1"}),
      ok("LabelAtSharedRevisionUndoesTheWholeBranch", branched, {"a2", "b2"}, Cmd::downgrade, "fb@r",
         {"down b2", "down b1"}, {"a2"}),
      ok("LabelAtRevisionOnItsLine", branched, {"a2", "b2"}, Cmd::downgrade, "fa@a1", {"down a2"}, {"a1", "b2"}),
      ok("RevMinusOneStaysOnItsBranch", branched, {"a2", "b2"}, Cmd::downgrade, "a2-1", {"down a2"}, {"a1", "b2"}),
      ok("LabelAtBaseOfASharedBaseUndoesEverything", branched, {"a2", "b2"}, Cmd::downgrade, "fb@base",
         {"down b2", "down b1", "down a2", "down a1", "down r"}, {}),
      ok("LabelMinusTwoToItsBase", two_bases, {"x2", "y2"}, Cmd::downgrade, "fx@-2", {"down x2", "down x1"}, {"y2"}),
      // Alembic 1.8.1 undoes y1 and y2 as well (a walk to base without a label undoes every line)
      ok("RevMinusToBaseStaysOnItsLine", two_bases, {"x2", "y2"}, Cmd::downgrade, "x2-2", {"down x2", "down x1"}, {"y2"}),
      // Alembic 1.8.1: "Ambiguous walk"; retort steps back over a merge to both parents, as for -1
      ok("RevMinusOverAMergeReturnsToBothParents", merged, {"n"}, Cmd::downgrade, "n-2", {"down n", "down m"}, {"a", "b"}),
      ok("RevMinusOneAboveAMerge", merged, {"a"}, Cmd::upgrade, "n-1", {"up b", "up m"}, {"m"}),
      // An exact label wins over a revision-id prefix that matches it; a prefix of both is ambiguous.
      ok("ExactLabelWinsOverAPrefix", labelled, {}, Cmd::upgrade, "abcd", {"up root", "up a1a1", "up a2a2", "up cc01"},
         {"cc01"}),
      // Alembic 1.8.1: "Multiple revisions start with 'abc': 'abcd1234', 'abcd'..."
      fails("PrefixOfAnIdAndALabelIsAmbiguous", labelled, {}, Cmd::upgrade, "abc", ErrorCode::target,
            "'abc' is ambiguous: it is a prefix of abcd (the label of cc01), abcd1234"),
      ok("LongerPrefixIsUnique", labelled, {}, Cmd::upgrade, "abcd1", {"up root", "up abcd1234"}, {"abcd1234"}),
      fails("UnknownNameSaysSo", labelled, {}, Cmd::upgrade, "zzzz", ErrorCode::target,
            "no revision or branch label matches 'zzzz'"),
      fails("UnknownBranchSaysSo", labelled, {}, Cmd::upgrade, "zz@head", ErrorCode::target, "'zz@head' names no branch"),
      // depends_on may name a branch label: the revision carrying it (Alembic's rows: yb02 alone;
      // retort keeps the dependency's own row, as for any depends_on).
      ok("DependsOnALabel", dependency_on_label, {}, Cmd::upgrade, "yb02", {"up xa01", "up yb01", "up yb02"},
         {"xa01", "yb02"}),
      ok("DependsOnALabelDowngrade", dependency_on_label, {"xa02", "yb02"}, Cmd::downgrade, "xa01", {"down xa02"},
         {"xa01", "yb02"}),
      // A revision that depends on the target stays, as the target does.
      ok("DowngradeToADependencyKeepsItsDependent", with_dependency, {"x", "y"}, Cmd::downgrade, "x", {}, {"x", "y"}),
      // Alembic 1.8.1: "Destination x is not a valid downgrade target" (x has no row of its own);
      // for retort x is applied through y's depends_on, so this is already done.
      ok("DowngradeToADependencyWithoutItsRow", with_dependency, {"y"}, Cmd::downgrade, "x", {}, {"y"}),
      // An empty folder: head and heads name nothing, so upgrading to them does nothing.
      ok("EmptyFolderHeadIsANoOp", empty_folder, {}, Cmd::upgrade, "head", {}, {}),
      ok("EmptyFolderHeadsIsANoOp", empty_folder, {}, Cmd::upgrade, "heads", {}, {}),
      ok("EmptyFolderBase", empty_folder, {}, Cmd::downgrade, "base", {}, {}),
      fails("EmptyFolderPlusOne", empty_folder, {}, Cmd::upgrade, "+1", ErrorCode::target,
            "relative revision '+1' didn't produce 1 migrations (only 0 available: the migrations folder is empty)"),
  };
  return cases;
}

class PlanTable : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanTable, ProducesTheExpectedStepsOrError) {
  const PlanCase& c = GetParam();
  RevisionGraph g(c.graph());
  try {
    Plan plan = c.cmd == Cmd::upgrade ? retort::plan_upgrade(g, c.current, c.target)
                                      : retort::plan_downgrade(g, c.current, c.target);
    ASSERT_FALSE(c.error.has_value()) << "expected an error containing '" << c.fragment << "'";
    Ids steps;
    std::string text = describe_steps(g, plan, &steps);
    EXPECT_EQ(steps, c.steps) << text;
    EXPECT_EQ(plan.heads_before, c.current);
    EXPECT_EQ(sorted(plan.heads_after), c.heads_after);
    for (const auto& s : plan.steps) {
      EXPECT_EQ(s.direction, c.cmd == Cmd::upgrade ? Direction::up : Direction::down);
    }
  } catch (const retort::Error& e) {
    ASSERT_TRUE(c.error.has_value()) << "unexpected error: " << e.what();
    EXPECT_EQ(e.code(), *c.error) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos)
        << "message lacks '" << c.fragment << "': " << e.what();
  }
}

std::string plan_case_name(const ::testing::TestParamInfo<PlanCase>& info) {
  return (info.param.cmd == Cmd::upgrade ? "Upgrade" : "Downgrade") + info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Plan, PlanTable, ::testing::ValuesIn(plan_cases()), plan_case_name);

const retort::PlanStep& step_for(const RevisionGraph& g, const Plan& plan, const std::string& revision) {
  for (const auto& s : plan.steps) {
    if (g[s.revision].revision == revision) return s;
  }
  throw std::runtime_error("no step for " + revision);
}

} // namespace

TEST(PlanVersionOps, FirstStepInsertsAndLinearStepUpdates) {
  RevisionGraph g(linear());
  Plan plan = retort::plan_upgrade(g, {}, "b");
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].version_ops, (std::vector<VersionOp>{{Kind::insert, "", "a"}}));
  EXPECT_EQ(plan.steps[1].version_ops, (std::vector<VersionOp>{{Kind::update, "a", "b"}}));
}

TEST(PlanVersionOps, MergeStepRemovesOneRowAndUpdatesTheOther) {
  RevisionGraph g(merged());
  Plan plan = retort::plan_upgrade(g, {"a", "b"}, "m");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].version_ops,
            (std::vector<VersionOp>{{Kind::remove, "b", ""}, {Kind::update, "a", "m"}}));
  EXPECT_EQ(plan.heads_after, (Ids{"m"}));
}

TEST(PlanVersionOps, SecondBranchFromAnAppliedBranchPointInsertsANewRow) {
  RevisionGraph g(branched());
  Plan plan = retort::plan_upgrade(g, {"a1"}, "b1");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].version_ops, (std::vector<VersionOp>{{Kind::insert, "", "b1"}}));
  EXPECT_EQ(sorted(plan.heads_after), (Ids{"a1", "b1"}));
}

TEST(PlanVersionOps, DowngradeOfABaseRemovesItsRow) {
  RevisionGraph g(linear());
  Plan plan = retort::plan_downgrade(g, {"a"}, "base");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].direction, Direction::down);
  EXPECT_EQ(plan.steps[0].version_ops, (std::vector<VersionOp>{{Kind::remove, "a", ""}}));
  EXPECT_TRUE(plan.heads_after.empty());
}

TEST(PlanVersionOps, LinearDowngradeUpdatesToTheParent) {
  RevisionGraph g(linear());
  Plan plan = retort::plan_downgrade(g, {"d"}, "-1");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].version_ops, (std::vector<VersionOp>{{Kind::update, "d", "c"}}));
}

TEST(PlanVersionOps, DowngradeOfAMergeReinsertsTheSecondParent) {
  RevisionGraph g(merged());
  Plan plan = retort::plan_downgrade(g, {"m"}, "a");
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(g[plan.steps[0].revision].revision, "m");
  EXPECT_EQ(plan.steps[0].version_ops,
            (std::vector<VersionOp>{{Kind::update, "m", "a"}, {Kind::insert, "", "b"}}));
  EXPECT_EQ(sorted(plan.heads_after), (Ids{"a", "b"}));
}

TEST(PlanVersionOps, DowngradeOfOneBranchAtABranchPointRemovesItsRow) {
  RevisionGraph g(branched());
  Plan plan = retort::plan_downgrade(g, {"a1", "b1"}, "r");
  ASSERT_EQ(plan.steps.size(), 2u);
  // b1 goes first (later in topological order) and r is still covered by a1: b1's row is removed.
  EXPECT_EQ(step_for(g, plan, "b1").version_ops, (std::vector<VersionOp>{{Kind::remove, "b1", ""}}));
  EXPECT_EQ(step_for(g, plan, "a1").version_ops, (std::vector<VersionOp>{{Kind::update, "a1", "r"}}));
  EXPECT_EQ(plan.heads_after, (Ids{"r"}));
}

TEST(PlanVersionOps, DependencyKeepsItsOwnRowOnUpgrade) {
  RevisionGraph g(with_dependency());
  Plan plan = retort::plan_upgrade(g, {}, "y");
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(step_for(g, plan, "x").version_ops, (std::vector<VersionOp>{{Kind::insert, "", "x"}}));
  EXPECT_EQ(step_for(g, plan, "p").version_ops, (std::vector<VersionOp>{{Kind::insert, "", "p"}}));
  EXPECT_EQ(step_for(g, plan, "y").version_ops, (std::vector<VersionOp>{{Kind::update, "p", "y"}}));
}

TEST(PlanVersionOps, DowngradingADependencyWithoutARowTouchesNoRow) {
  // Rows as `stamp y` (or Alembic) writes them: x is applied only through y's depends_on.
  RevisionGraph g(with_dependency());
  Plan plan = retort::plan_downgrade(g, {"y"}, "base");
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(step_for(g, plan, "y").version_ops, (std::vector<VersionOp>{{Kind::update, "y", "p"}}));
  EXPECT_EQ(step_for(g, plan, "p").version_ops, (std::vector<VersionOp>{{Kind::remove, "p", ""}}));
  EXPECT_TRUE(step_for(g, plan, "x").version_ops.empty());
  EXPECT_TRUE(plan.heads_after.empty());
}

TEST(PlanVersionOps, StepOpsReplayedOnTheRowsGiveHeadsAfter) {
  // Applying each step's ops to the version rows must end in heads_after, for every ok case in the table.
  for (const auto& c : plan_cases()) {
    if (c.error) continue;
    SCOPED_TRACE(c.name);
    RevisionGraph g(c.graph());
    Plan plan = c.cmd == Cmd::upgrade ? retort::plan_upgrade(g, c.current, c.target)
                                      : retort::plan_downgrade(g, c.current, c.target);
    Ids rows = c.current;
    for (const auto& s : plan.steps) {
      for (const auto& op : s.version_ops) {
        if (op.kind != Kind::insert) {
          auto it = std::find(rows.begin(), rows.end(), op.from);
          ASSERT_NE(it, rows.end()) << "op removes/updates a row that is not there: " << op.from;
          rows.erase(it);
        }
        if (op.kind != Kind::remove) {
          ASSERT_EQ(std::find(rows.begin(), rows.end(), op.to), rows.end()) << "duplicate row " << op.to;
          rows.push_back(op.to);
        }
      }
    }
    EXPECT_EQ(sorted(rows), sorted(plan.heads_after));
  }
}

TEST(PlanVersionOpsBetween, OneForOneIsAnUpdate) {
  EXPECT_EQ(retort::version_ops_between({"a"}, {"b"}), (std::vector<VersionOp>{{Kind::update, "a", "b"}}));
}

TEST(PlanVersionOpsBetween, FromNothingInsertsAndToNothingRemoves) {
  EXPECT_EQ(retort::version_ops_between({}, {"a"}), (std::vector<VersionOp>{{Kind::insert, "", "a"}}));
  EXPECT_EQ(retort::version_ops_between({"a"}, {}), (std::vector<VersionOp>{{Kind::remove, "a", ""}}));
}

TEST(PlanVersionOpsBetween, MergeAndUnmerge) {
  EXPECT_EQ(retort::version_ops_between({"a", "b"}, {"m"}),
            (std::vector<VersionOp>{{Kind::update, "a", "m"}, {Kind::remove, "b", ""}}));
  EXPECT_EQ(retort::version_ops_between({"m"}, {"a", "b"}),
            (std::vector<VersionOp>{{Kind::update, "m", "a"}, {Kind::insert, "", "b"}}));
}

TEST(PlanVersionOpsBetween, UnchangedRowsAreLeftAlone) {
  EXPECT_EQ(retort::version_ops_between({"a", "x"}, {"y", "a"}), (std::vector<VersionOp>{{Kind::update, "x", "y"}}));
  EXPECT_TRUE(retort::version_ops_between({"a", "b"}, {"b", "a"}).empty());
  EXPECT_TRUE(retort::version_ops_between({}, {}).empty());
}

TEST(PlanResolve, ExactIdWinsOverLongerIdsWithThatPrefix) {
  RevisionGraph g({mig("ab"), mig("abc", {"ab"})});
  EXPECT_EQ(retort::resolve_revision(g, "ab"), g.at("ab"));
  EXPECT_EQ(retort::resolve_revision(g, "abc"), g.at("abc"));
}

TEST(PlanResolve, HeadPrefixAndLabel) {
  RevisionGraph g(branched());
  EXPECT_EQ(retort::resolve_revision(g, "fb@head"), g.at("b2"));
  EXPECT_EQ(retort::resolve_revision(g, "a2"), g.at("a2"));
  RevisionGraph lin(linear());
  EXPECT_EQ(retort::resolve_revision(lin, "head"), lin.at("d"));
}

TEST(PlanResolve, ErrorsAreTargetErrors) {
  RevisionGraph g(branched());
  auto expect_target_error = [&](const RevisionGraph& graph, std::string_view ref, std::string_view fragment) {
    try {
      (void)retort::resolve_revision(graph, ref);
      ADD_FAILURE() << "'" << ref << "' resolved";
    } catch (const retort::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::target) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_target_error(g, "", "empty target");
  expect_target_error(g, "head", "a2, b2");
  expect_target_error(g, "fa@base", "'fa@base' names base, not a revision");
  expect_target_error(g, "heads", "'heads' names several revisions (a2, b2)");
  expect_target_error(g, "zz@head", "'zz@head' names no branch");
  expect_target_error(RevisionGraph({}), "head", "the migrations folder is empty");
  // a label whose branch forks has no single head
  RevisionGraph forked({mig("r", {}, {"lbl"}), mig("a", {"r"}), mig("b", {"r"})});
  expect_target_error(forked, "lbl@head", "'lbl@head' is ambiguous: the branch has heads a, b");
}

