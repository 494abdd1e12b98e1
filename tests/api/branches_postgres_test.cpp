// Branched histories on a real database: one version row per applied head, as Alembic keeps them.
#include <gtest/gtest.h>

#include <algorithm>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::scalar;

//        base
//       /    \      (labels: left on l1, right on r1)
//     l1      r1
//     |       |
//     l2      r2
//       \    /
//       merge
void write_diamond(const ProjectDir& dir) {
  auto table = [](const std::string& name) { return "CREATE TABLE " + name + " (id int);"; };
  auto drop = [](const std::string& name) { return "DROP TABLE " + name + ";"; };
  dir.write_migration("00_base.sql", migration_text("base0", "", table("base0"), drop("base0")));
  dir.write_migration("01_l1.sql", migration_text("l1", "base0", table("l1"), drop("l1"), "-- branch_labels: left\n"));
  dir.write_migration("02_l2.sql", migration_text("l2", "l1", table("l2"), drop("l2")));
  dir.write_migration("01_r1.sql", migration_text("r1", "base0", table("r1"), drop("r1"), "-- branch_labels: right\n"));
  dir.write_migration("02_r2.sql", migration_text("r2", "r1", table("r2"), drop("r2")));
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(PostgresBranches, UpgradingOneBranchLeavesTheOtherAlone) {
  ProjectDir dir;
  write_diamond(dir);
  auto url = test::fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL() << "head is ambiguous with two heads";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("l2, r2"), std::string::npos) << e.what();
  }
  upgrade(project, *db, {.target = "left@head"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"l2"});
  EXPECT_EQ(scalar(url, "SELECT to_regclass('r1') IS NULL"), "t");
  upgrade(project, *db, {.target = "r1"});
  EXPECT_EQ(sorted(current_heads(project, *db)), (std::vector<std::string>{"l2", "r1"})) << "a new branch inserts a row";
  upgrade(project, *db, {.target = "heads"});
  EXPECT_EQ(sorted(current_heads(project, *db)), (std::vector<std::string>{"l2", "r2"}));
}

TEST(PostgresBranches, MergeCollapsesTwoRowsAndDowngradeRestoresThem) {
  ProjectDir dir;
  write_diamond(dir);
  dir.write_migration("03_merge.sql", migration_text("m", "l2, r2", "") + "-- migrate:down\n");
  auto url = test::fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"m"});
  downgrade(project, *db, {.target = "-1"});
  EXPECT_EQ(sorted(current_heads(project, *db)), (std::vector<std::string>{"l2", "r2"}));
  downgrade(project, *db, {.target = "l1"});
  EXPECT_EQ(sorted(current_heads(project, *db)), (std::vector<std::string>{"l1", "r2"})) << "the right branch stays";
  EXPECT_EQ(scalar(url, "SELECT to_regclass('r2') IS NOT NULL"), "t");
  downgrade(project, *db, {.target = "base"});
  EXPECT_TRUE(current_heads(project, *db).empty());
}

TEST(PostgresBranches, DependsOnPullsInTheOtherBranchWithoutMergingIt) {
  ProjectDir dir;
  write_diamond(dir);
  dir.write_migration("03_l3.sql", migration_text("l3", "l2", "SELECT * FROM r1;", "", "-- depends_on: r1\n"));
  auto url = test::fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "l3"});
  EXPECT_EQ(sorted(current_heads(project, *db)), (std::vector<std::string>{"l3", "r1"}));
  EXPECT_EQ(scalar(url, "SELECT to_regclass('r2') IS NULL"), "t");
}

TEST(PostgresBranches, MergeRevisionCreatedByTheLibraryJoinsTheHeads) {
  ProjectDir dir;
  write_diamond(dir);
  {
    Project project(dir.config(""));
    create_revision(project, RevisionOptions{.message = "join", .merge = {"heads"}});
  }
  Project project(dir.config(""));
  auto heads = project.graph().heads();
  ASSERT_EQ(heads.size(), 1u);
  const auto& m = project.graph()[heads.front()];
  EXPECT_EQ(m.revision, "0001_join");
  EXPECT_EQ(m.down_revisions, (std::vector<std::string>{"l2", "r2"}));
  EXPECT_THROW(create_revision(project, RevisionOptions{.message = "bad", .merge = {"l1", "0001_join"}}), Error);
}

} // namespace
} // namespace retort
