// merge, branches, heads --resolve-dependencies, history -r and --sql through the binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::run_retort;

void write_fork(const ProjectDir& dir) {
  dir.write_migration("a.sql", migration_text("a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("b.sql", migration_text("b", "a", "CREATE TABLE b (id int);", "DROP TABLE b;"));
  dir.write_migration("c.sql", migration_text("c", "a", "CREATE TABLE c (id int);", "DROP TABLE c;"));
}

TEST(CliGraph, BranchesShowsTheBranchPointAndItsChildren) {
  ProjectDir dir;
  write_fork(dir);
  auto r = run_retort({"branches"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a (branchpoint), test a\n    -> b (head), test b\n    -> c (head), test c\n");
}

TEST(CliGraph, HeadsResolveDependenciesHidesHeadsOthersDependOn) {
  ProjectDir dir;
  write_fork(dir);
  dir.write_migration("c.sql", migration_text("c", "a", "CREATE TABLE c (id int);", "DROP TABLE c;", "-- depends_on: b\n"));
  EXPECT_EQ(run_retort({"heads"}, dir.path()).out, "b (head)\nc (head)\n");
  EXPECT_EQ(run_retort({"heads", "--resolve-dependencies"}, dir.path()).out, "c (head)\n");
}

TEST(CliGraph, MergeHeadsMakesOneHead) {
  ProjectDir dir;
  write_fork(dir);
  auto r = run_retort({"merge", "-m", "join b and c", "b", "c"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto heads = nlohmann::json::parse(run_retort({"heads", "--json"}, dir.path()).out)["heads"];
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0]["revision"], "0001_join_b_and_c");
  EXPECT_EQ(heads[0]["down_revisions"], nlohmann::json({"b", "c"}));
  auto url = test::fresh_database();
  auto up = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "0001_join_b_and_c (head)\n");
  auto one = run_retort({"merge", "-m", "x", "b"}, dir.path());
  EXPECT_EQ(one.exit_code, 6) << "a merge of one revision is refused";
}

TEST(CliGraph, HistoryRangeShowsOnlyThatSpan) {
  ProjectDir dir;
  write_fork(dir);
  EXPECT_EQ(run_retort({"history", "-r", "b:"}, dir.path()).out, "a -> b (head), test b\n");
  EXPECT_EQ(run_retort({"history", "-r", ":b"}, dir.path()).out, "a -> b (head), test b\n<base> -> a (branchpoint), test a\n");
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade", "b"}, dir.path()).exit_code, 0);
  auto cur = run_retort({"--url", url, "history", "-r", "current:", "--indicate-current"}, dir.path());
  EXPECT_EQ(cur.out, "a -> b (head) (current), test b\n") << cur.err;
}

TEST(CliGraph, UpgradeSqlPrintsAScriptWithoutAnyDatabase) {
  ProjectDir dir;
  write_fork(dir);
  auto r = run_retort({"--url", "postgresql://nobody@/x?host=/nonexistent", "upgrade", "--sql", "b"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("BEGIN;\nCREATE TABLE a (id int);\nINSERT INTO \"retort_version\" (version_num) VALUES ('a');"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("UPDATE \"retort_version\" SET version_num = 'b' WHERE version_num = 'a';"), std::string::npos);
  EXPECT_EQ(r.out.find("CREATE TABLE c"), std::string::npos);
  auto down = run_retort({"downgrade", "--sql", "b:base"}, dir.path());
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_NE(down.out.find("DROP TABLE b;"), std::string::npos);
  EXPECT_LT(down.out.find("DROP TABLE b;"), down.out.find("DROP TABLE a;"));
  EXPECT_EQ(run_retort({"downgrade", "--sql", "base"}, dir.path()).exit_code, 6);
}

} // namespace
} // namespace retort
