// Unit tests for resolve_target (src/plan/target_resolve.cpp): what each form names, the line it
// follows, and errors that name what went wrong. The plan, stamp and history tables cover the
// commands; these cover the resolver's own contract.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan/graphs.hpp"
#include "retort/error.hpp"
#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

namespace {

using namespace retort::test;  // the graphs
using retort::ErrorCode;
using retort::Overrun;
using retort::RevisionGraph;
using retort::Target;
using retort::TargetContext;

Ids names(const RevisionGraph& g, const Target& t, const Ids* rows = nullptr, Overrun overrun = Overrun::refuse) {
  return g.ids(retort::resolve_target(g, t, TargetContext{.rows = rows, .overrun = overrun}).revisions);
}

std::string error_of(const RevisionGraph& g, const Target& t, const Ids* rows = nullptr) {
  try {
    (void)retort::resolve_target(g, t, TargetContext{.rows = rows});
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::target) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "'" << t.text << "' resolved";
  return {};
}

TEST(TargetResolve, RevisionsLabelsAndPrefixes) {
  RevisionGraph g(labelled());
  EXPECT_EQ(names(g, "cc01"), (Ids{"cc01"}));
  EXPECT_EQ(names(g, "fa"), (Ids{"a1a1"}));           // a label: the revision carrying it
  EXPECT_EQ(names(g, "abcd"), (Ids{"cc01"}));         // an exact label wins over the prefix of abcd1234
  EXPECT_EQ(names(g, "abcd12"), (Ids{"abcd1234"}));
  EXPECT_EQ(names(g, "b2"), (Ids{"b2b2"}));           // a prefix
  EXPECT_EQ(names(g, "fa@head"), (Ids{"cc01"}));      // labels name their line: cc01 is above a1a1
  EXPECT_EQ(names(g, "fb@heads"), (Ids{"b2b2"}));
  EXPECT_EQ(names(g, "fa@a1"), (Ids{"a1a1"}));        // a prefix looked for on the branch only
}

TEST(TargetResolve, PrefixOnABranchIgnoresOtherBranches) {
  // "a" is a prefix of a1a1, a2a2 and abcd1234; on fb's line none of them is, on fa's two are.
  RevisionGraph g(labelled());
  EXPECT_NE(error_of(g, "a").find("'a' is ambiguous: it is a prefix of a1a1, a2a2, abcd (the label of cc01), abcd1234"),
            std::string::npos);
  EXPECT_NE(error_of(g, "fb@a").find("no revision or branch label on branch 'fb' matches 'a' (in 'fb@a')"),
            std::string::npos);
  EXPECT_NE(error_of(g, "fa@a").find("'a' is ambiguous: it is a prefix of a1a1, a2a2, abcd (the label of cc01)"),
            std::string::npos);
}

TEST(TargetResolve, CurrentNeedsTheVersionRows) {
  RevisionGraph g(linear());
  EXPECT_NE(error_of(g, "+1").find("'+1' counts from the database's current revision, which this command does not read"),
            std::string::npos);
  EXPECT_NE(error_of(g, "current").find("counts from the database's current revision"), std::string::npos);
  Ids rows{"b"};
  EXPECT_EQ(names(g, "current", &rows), (Ids{"b"}));
  EXPECT_EQ(names(g, "+1", &rows), (Ids{"c"}));
  EXPECT_EQ(names(g, "-1", &rows), (Ids{"a"}));
  EXPECT_EQ(names(g, "-2", &rows), (Ids{}));  // base
}

TEST(TargetResolve, StepsPastTheEndsSayHowFarTheyGot) {
  RevisionGraph g(linear());
  Ids rows{"b"};
  EXPECT_NE(error_of(g, "+5", &rows).find("didn't produce 5 migrations (only 2 available: d is a head)"), std::string::npos);
  EXPECT_NE(error_of(g, "-5", &rows).find("didn't produce 5 migrations (only 2 available: step 2 reaches base)"),
            std::string::npos);
  EXPECT_NE(error_of(g, "base-1").find("'base-1' steps below base"), std::string::npos);
  // history ranges stop at the ends instead
  EXPECT_EQ(names(g, "+5", &rows, Overrun::stop), (Ids{"d"}));
  EXPECT_EQ(names(g, "-5", &rows, Overrun::stop), (Ids{}));
}

TEST(TargetResolve, ForksSayWhere) {
  RevisionGraph g(branched());
  EXPECT_NE(error_of(g, "r+1").find("'r+1' is ambiguous: after 0 step(s), at r, the path forks into a1, b1"),
            std::string::npos);
  EXPECT_EQ(names(g, "fb@r+1"), (Ids{"b1"}));  // on a branch, the path does not fork
  Ids rows{"a2", "b2"};
  EXPECT_NE(error_of(g, "-1", &rows).find("the database has several heads (a2, b2); name one revision instead, e.g. a2-1"),
            std::string::npos);
  EXPECT_EQ(names(g, "fb@-1", &rows), (Ids{"b1"}));
}

TEST(TargetResolve, TheLineATargetFollows) {
  RevisionGraph g(branched());
  Ids rows{"a2", "b2"};
  auto down = retort::resolve_target(g, "fb@-2", TargetContext{.rows = &rows});
  EXPECT_EQ(g.ids(down.revisions), (Ids{"r"}));
  ASSERT_TRUE(down.line);
  EXPECT_EQ(g[*down.line].revision, "b2");  // the start of a step down
  auto labelled_base = retort::resolve_target(g, "fa@base");
  EXPECT_TRUE(labelled_base.revisions.empty());
  ASSERT_TRUE(labelled_base.line);
  EXPECT_EQ(g[*labelled_base.line].revision, "a1");  // the revision carrying the label
  EXPECT_FALSE(retort::resolve_target(g, "a2").line);
}

TEST(TargetResolve, UnknownVersionRowIsAVersionTableError) {
  RevisionGraph g(linear());
  Ids rows{"gone"};
  try {
    (void)retort::resolve_target(g, "+1", TargetContext{.rows = &rows});
    ADD_FAILURE() << "resolved";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::version_table);
    EXPECT_NE(std::string(e.what()).find("'gone'"), std::string::npos);
  }
}

} // namespace
