// Unit tests for RevisionGraph (src/graph/revision_graph.cpp): shapes, order, and validation errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "retort/revision_graph.hpp"

namespace {

using retort::ErrorCode;
using retort::Migration;
using retort::RevisionGraph;
using Ids = std::vector<std::string>;

Migration mig(std::string revision, Ids down = {}, Ids depends_on = {}, Ids labels = {}) {
  Migration m;
  m.file = "migrations/" + revision + ".sql";
  m.revision = std::move(revision);
  m.down_revisions = std::move(down);
  m.depends_on = std::move(depends_on);
  m.branch_labels = std::move(labels);
  m.up_sql = "SELECT 1;\n";
  return m;
}

Ids ids(const RevisionGraph& g, const std::vector<std::size_t>& indexes) { return g.ids(indexes); }

Ids order(const RevisionGraph& g) {
  Ids out;
  for (const auto& m : g.migrations()) out.push_back(m.revision);
  return out;
}

/// Ids whose mask entry is set, in graph order.
Ids members(const RevisionGraph& g, const std::vector<bool>& mask) {
  Ids out;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    if (mask[i]) out.push_back(g[i].revision);
  }
  return out;
}

std::vector<bool> mask_of(const RevisionGraph& g, const Ids& revs) {
  std::vector<bool> mask(g.size(), false);
  for (const auto& r : revs) mask[g.at(r)] = true;
  return mask;
}

/// Builds a graph from `migrations`; expects Error(revision_graph) whose message holds every fragment.
retort::Error expect_graph_error(std::vector<Migration> migrations, const std::vector<std::string>& fragments) {
  try {
    RevisionGraph g(std::move(migrations));
    ADD_FAILURE() << "the graph was accepted (" << g.size() << " revisions)";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::revision_graph) << e.what();
    for (const auto& f : fragments) {
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << "message lacks '" << f << "': " << e.what();
    }
    return e;
  }
  return retort::Error(ErrorCode::internal, "no error");
}

} // namespace

TEST(RevisionGraph, LinearChainHasOneBaseOneHeadAndParentOrder) {
  RevisionGraph g({mig("c", {"b"}), mig("a"), mig("b", {"a"})});
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(order(g), (Ids{"a", "b", "c"}));
  EXPECT_EQ(ids(g, g.heads()), (Ids{"c"}));
  EXPECT_EQ(ids(g, g.bases()), (Ids{"a"}));
  EXPECT_EQ(ids(g, g.parents(g.at("c"))), (Ids{"b"}));
  EXPECT_EQ(ids(g, g.children(g.at("a"))), (Ids{"b"}));
  EXPECT_TRUE(g.parents(g.at("a")).empty());
  EXPECT_TRUE(g.children(g.at("c")).empty());
  EXPECT_EQ(g[g.at("b")].file, "migrations/b.sql");
  EXPECT_EQ(g[g.at("b")].file_name(), "b.sql");
}

TEST(RevisionGraph, EmptyGraphHasNoHeadsOrBases) {
  RevisionGraph g({});
  EXPECT_EQ(g.size(), 0u);
  EXPECT_TRUE(g.heads().empty());
  EXPECT_TRUE(g.bases().empty());
  EXPECT_EQ(g.find("a"), RevisionGraph::npos);
}

TEST(RevisionGraph, FindAtAndPrefixLookups) {
  RevisionGraph g({mig("ab12"), mig("ab34", {"ab12"}), mig("cd56", {"ab34"})});
  EXPECT_EQ(g.find("ab34"), 1u);
  EXPECT_EQ(g.find("ab"), RevisionGraph::npos);  // find is exact
  EXPECT_EQ(ids(g, g.with_prefix("ab")), (Ids{"ab12", "ab34"}));
  EXPECT_EQ(ids(g, g.with_prefix("cd5")), (Ids{"cd56"}));
  EXPECT_TRUE(g.with_prefix("zz").empty());
  try {
    (void)g.at("nope");
    ADD_FAILURE() << "at() accepted an unknown id";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::target);
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos) << e.what();
  }
}

TEST(RevisionGraph, BranchHasTwoHeadsAndABranchPoint) {
  RevisionGraph g({mig("r"), mig("a1", {"r"}), mig("a2", {"a1"}), mig("b1", {"r"})});
  EXPECT_EQ(ids(g, g.heads()), (Ids{"a2", "b1"}));
  EXPECT_EQ(ids(g, g.bases()), (Ids{"r"}));
  EXPECT_EQ(ids(g, g.children(g.at("r"))), (Ids{"a1", "b1"}));
  EXPECT_EQ(members(g, g.descendants({g.at("a1")})), (Ids{"a1", "a2"}));
  EXPECT_EQ(members(g, g.ancestors({g.at("b1")})), (Ids{"r", "b1"}));
}

TEST(RevisionGraph, MergeHasTwoParentsAndOneHead) {
  RevisionGraph g({mig("r"), mig("a", {"r"}), mig("b", {"r"}), mig("m", {"a", "b"})});
  EXPECT_EQ(ids(g, g.heads()), (Ids{"m"}));
  EXPECT_EQ(ids(g, g.parents(g.at("m"))), (Ids{"a", "b"}));
  EXPECT_EQ(ids(g, g.children(g.at("a"))), (Ids{"m"}));
  EXPECT_EQ(ids(g, g.children(g.at("b"))), (Ids{"m"}));
}

TEST(RevisionGraph, DiamondAncestorsAndDescendantsVisitEachRevisionOnce) {
  RevisionGraph g({mig("top", {"left", "right"}), mig("left", {"root"}), mig("right", {"root"}), mig("root")});
  EXPECT_EQ(order(g), (Ids{"root", "left", "right", "top"}));  // ties broken by input (file) order
  EXPECT_EQ(members(g, g.ancestors({g.at("top")})), (Ids{"root", "left", "right", "top"}));
  EXPECT_EQ(members(g, g.ancestors({g.at("left")})), (Ids{"root", "left"}));
  EXPECT_EQ(members(g, g.descendants({g.at("root")})), (Ids{"root", "left", "right", "top"}));
  EXPECT_EQ(members(g, g.descendants({g.at("right")})), (Ids{"right", "top"}));
  EXPECT_EQ(members(g, g.ancestors({})), Ids{});
}

TEST(RevisionGraph, SeveralBasesAreListedInOrder) {
  RevisionGraph g({mig("x1"), mig("y1"), mig("x2", {"x1"}), mig("y2", {"y1"})});
  EXPECT_EQ(ids(g, g.bases()), (Ids{"x1", "y1"}));
  EXPECT_EQ(ids(g, g.heads()), (Ids{"x2", "y2"}));
  EXPECT_EQ(members(g, g.ancestors({g.at("y2")})), (Ids{"y1", "y2"}));
}

TEST(RevisionGraph, TopologicalOrderPutsParentsFirstAndOtherwiseKeepsFileOrder) {
  // Input (file) order deliberately lists children before parents.
  RevisionGraph g({mig("d", {"c"}), mig("b1", {"a"}), mig("c", {"b1", "b2"}), mig("b2", {"a"}), mig("a"), mig("z")});
  EXPECT_EQ(order(g), (Ids{"a", "b1", "b2", "c", "d", "z"}));
  for (std::size_t i = 0; i < g.size(); ++i) {
    for (auto p : g.parents(i)) EXPECT_LT(p, i) << g[i].revision << " comes before its parent " << g[p].revision;
  }
  // Among revisions that are ready at the same time the earlier file wins; with no edges at all
  // the input order is kept as is.
  RevisionGraph flat({mig("q"), mig("p"), mig("r")});
  EXPECT_EQ(order(flat), (Ids{"q", "p", "r"}));
}

TEST(RevisionGraph, AnAlreadyOrderedFolderAndAShuffledOneMakeTheSameGraph) {
  // The first takes the shortcut for input that is already topological, the second sorts.
  std::vector<Migration> ordered{mig("a"), mig("b1", {"a"}), mig("b2", {"a"}), mig("c", {"b1", "b2"}), mig("d", {"c"})};
  ordered.push_back(mig("e", {"a"}));
  ordered.back().depends_on = {"d"};
  std::vector<Migration> shuffled{ordered[5], ordered[3], ordered[0], ordered[4], ordered[1], ordered[2]};
  RevisionGraph g1(ordered), g2(shuffled);
  ASSERT_EQ(order(g1), (Ids{"a", "b1", "b2", "c", "d", "e"}));
  ASSERT_EQ(order(g2), order(g1)) << "children before parents in the files, siblings in the same file order";
  for (std::size_t i = 0; i < g1.size(); ++i) {
    EXPECT_EQ(g1.ids(g1.parents(i)), g2.ids(g2.parents(i))) << g1[i].revision;
    EXPECT_EQ(g1.ids(g1.children(i)), g2.ids(g2.children(i))) << g1[i].revision;
    EXPECT_EQ(g1.ids(g1.dependencies(i)), g2.ids(g2.dependencies(i))) << g1[i].revision;
    EXPECT_EQ(g1.ids(g1.dependents(i)), g2.ids(g2.dependents(i))) << g1[i].revision;
    EXPECT_EQ(g1.find(g1[i].revision), i);
    EXPECT_EQ(g2.find(g2[i].revision), i);
  }
}

TEST(RevisionGraph, DependsOnOrdersAndCountsAsAncestryButNotAsParent) {
  // "y" depends on "x" on another line: x must come first, but x stays a head.
  RevisionGraph g({mig("y", {"p"}, {"x"}), mig("p"), mig("x")});
  EXPECT_LT(g.at("x"), g.at("y"));
  EXPECT_LT(g.at("p"), g.at("y"));
  EXPECT_EQ(ids(g, g.parents(g.at("y"))), (Ids{"p"}));
  EXPECT_EQ(ids(g, g.dependencies(g.at("y"))), (Ids{"x"}));
  EXPECT_TRUE(g.children(g.at("x")).empty());
  EXPECT_EQ(ids(g, g.heads()), (Ids{"x", "y"}));
  EXPECT_EQ(ids(g, g.bases()), (Ids{"p", "x"}));
  EXPECT_EQ(members(g, g.ancestors({g.at("y")})), (Ids{"p", "x", "y"}));
  EXPECT_EQ(members(g, g.descendants({g.at("x")})), (Ids{"x", "y"}));
}

TEST(RevisionGraph, HeadsOfAnAppliedSetIgnoreDependencyEdges) {
  RevisionGraph g({mig("a"), mig("b", {"a"}), mig("c", {"b"}), mig("x"), mig("y", {"c"}, {"x"})});
  EXPECT_EQ(ids(g, g.heads_of(mask_of(g, {"a", "b"}))), (Ids{"b"}));
  EXPECT_EQ(ids(g, g.heads_of(mask_of(g, {"a", "b", "c", "x"}))), (Ids{"c", "x"}));
  // x is depended on by y but does not name y's line: it stays a head of the applied set.
  EXPECT_EQ(ids(g, g.heads_of(g.ancestors({g.at("y")}))), (Ids{"x", "y"}));
  EXPECT_TRUE(g.heads_of(std::vector<bool>(g.size(), false)).empty());
}

TEST(RevisionGraph, HeadsOfABranchedAppliedSet) {
  RevisionGraph g({mig("r"), mig("a1", {"r"}), mig("a2", {"a1"}), mig("b1", {"r"}), mig("m", {"a2", "b1"})});
  EXPECT_EQ(ids(g, g.heads_of(mask_of(g, {"r", "a1", "b1"}))), (Ids{"a1", "b1"}));
  EXPECT_EQ(ids(g, g.heads_of(mask_of(g, {"r", "a1", "a2", "b1", "m"}))), (Ids{"m"}));
  EXPECT_EQ(ids(g, g.heads_of(mask_of(g, {"r"}))), (Ids{"r"}));
}

TEST(RevisionGraph, BranchLabelsAreFoundByLabel) {
  RevisionGraph g({mig("r"), mig("a1", {"r"}, {}, {"feature", "alt"}), mig("a2", {"a1"})});
  EXPECT_EQ(g.find_label("feature"), g.at("a1"));
  EXPECT_EQ(g.find_label("alt"), g.at("a1"));
  EXPECT_EQ(g.find_label("a2"), RevisionGraph::npos);
  EXPECT_EQ(g.find_label("nope"), RevisionGraph::npos);
}

TEST(RevisionGraph, DuplicateRevisionIdNamesBothFiles) {
  Migration first = mig("a");
  Migration second = mig("a");
  first.file = "migrations/0001_first.sql";
  second.file = "migrations/0002_second.sql";
  auto e = expect_graph_error({first, mig("b", {"a"}), second},
                              {"'a' is defined twice", "migrations/0001_first.sql", "migrations/0002_second.sql"});
  EXPECT_EQ(e.context().revision, "a");
}

TEST(RevisionGraph, DanglingDownRevisionIsAnErrorNamingTheFile) {
  auto e = expect_graph_error({mig("a"), mig("b", {"gone"})},
                              {"migrations/b.sql", "down_revision 'gone'", "revision 'b'"});
  EXPECT_EQ(e.context().file, "migrations/b.sql");
}

TEST(RevisionGraph, DanglingDependsOnIsAnErrorNamingTheFile) {
  auto e = expect_graph_error({mig("a"), mig("b", {"a"}, {"elsewhere"})},
                              {"migrations/b.sql", "depends_on 'elsewhere'", "revision 'b'"});
  EXPECT_EQ(e.context().file, "migrations/b.sql");
}

TEST(RevisionGraph, TwoRevisionCycleIsAnErrorNamingBoth) {
  expect_graph_error({mig("root"), mig("a", {"b"}), mig("b", {"a"})}, {"cycle", "a (a.sql)", "b (b.sql)"});
}

TEST(RevisionGraph, CycleThroughDependsOnIsAnError) {
  expect_graph_error({mig("a", {}, {"b"}), mig("b", {"a"})}, {"cycle", "a (a.sql)", "b (b.sql)"});
}

TEST(RevisionGraph, RevisionThatIsItsOwnParentIsACycle) {
  expect_graph_error({mig("a", {"a"})}, {"cycle", "a (a.sql)"});
}

TEST(RevisionGraph, SelfDependencyIsAnError) {
  expect_graph_error({mig("base0"), mig("a", {"base0"}, {"a"})}, {"migrations/a.sql", "'a' depends on itself"});
}

TEST(RevisionGraph, BranchLabelUsedTwiceNamesBothRevisions) {
  expect_graph_error({mig("r"), mig("a", {"r"}, {}, {"feature"}), mig("b", {"r"}, {}, {"feature"})},
                     {"branch label 'feature'", "'a'", "'b'"});
}

TEST(RevisionGraph, BranchLabelEqualToARevisionIdIsAnError) {
  expect_graph_error({mig("r"), mig("a", {"r"}, {}, {"r"})}, {"migrations/a.sql", "branch label 'r' is also a revision id"});
  // also when the revision with that id comes later in the order
  expect_graph_error({mig("r", {}, {}, {"z"}), mig("z", {"r"})}, {"branch label 'z' is also a revision id"});
}

TEST(RevisionGraph, DependsOnMayNameABranchLabel) {
  // Alembic resolves a depends_on label to the revision carrying it (not the branch's head).
  RevisionGraph g({mig("x1", {}, {}, {"billing"}), mig("x2", {"x1"}), mig("y1"), mig("y2", {"y1"}, {"billing"})});
  EXPECT_EQ(ids(g, g.dependencies(g.at("y2"))), (Ids{"x1"}));
  EXPECT_EQ(ids(g, g.dependents(g.at("x1"))), (Ids{"y2"}));
  EXPECT_EQ(g[g.at("y2")].depends_on, (Ids{"billing"})) << "the file's text is kept as written";
}

TEST(RevisionGraph, DependsOnALabelOrdersTheLabelledRevisionFirst) {
  // y2's file comes first, and depends on the label its own file does not define
  RevisionGraph g({mig("y2", {}, {"billing"}), mig("x1", {}, {}, {"billing"})});
  EXPECT_EQ(order(g), (Ids{"x1", "y2"}));
}

TEST(RevisionGraph, DependsOnAnUnknownNameSaysRevisionOrLabel) {
  expect_graph_error({mig("a"), mig("b", {"a"}, {"nolabel"})}, {"depends_on 'nolabel'", "names no migration or branch label"});
}

TEST(RevisionGraph, DependsOnItsOwnLabelIsAnError) {
  expect_graph_error({mig("a"), mig("b", {"a"}, {"mine"}, {"mine"})}, {"'mine' depends on itself"});
}

TEST(RevisionGraph, EdgesVersionLineLeavesOutDependsOn) {
  RevisionGraph g({mig("x"), mig("p"), mig("y", {"p"}, {"x"})});
  EXPECT_EQ(members(g, g.ancestors({g.at("y")})), (Ids{"x", "p", "y"}));
  EXPECT_EQ(members(g, g.ancestors({g.at("y")}, retort::Edges::version_line)), (Ids{"p", "y"}));
  EXPECT_EQ(members(g, g.descendants({g.at("x")})), (Ids{"x", "y"}));
  EXPECT_EQ(members(g, g.descendants({g.at("x")}, retort::Edges::version_line)), (Ids{"x"}));
}

TEST(RevisionGraph, LineageIsAncestorsAndDescendantsOnTheVersionLine) {
  RevisionGraph g({mig("r"), mig("a1", {"r"}), mig("a2", {"a1"}), mig("b1", {"r"}), mig("m", {"a2", "b1"})});
  EXPECT_EQ(members(g, g.lineage(g.at("a1"))), (Ids{"r", "a1", "a2", "m"}));
  EXPECT_EQ(members(g, g.lineage(g.at("b1"))), (Ids{"r", "b1", "m"}));
  EXPECT_EQ(members(g, g.lineage(g.at("r"))), (Ids{"r", "a1", "a2", "b1", "m"}));
}

TEST(RevisionGraph, LabelsWithAPrefix) {
  RevisionGraph g({mig("r"), mig("a1", {"r"}, {}, {"feature", "fix"}), mig("b1", {"r"}, {}, {"fast"})});
  using Found = std::vector<std::pair<std::string, std::size_t>>;
  EXPECT_EQ(g.labels_with_prefix("f"), (Found{{"fast", g.at("b1")}, {"feature", g.at("a1")}, {"fix", g.at("a1")}}));
  EXPECT_EQ(g.labels_with_prefix("fe"), (Found{{"feature", g.at("a1")}}));
  EXPECT_TRUE(g.labels_with_prefix("z").empty());
}
