// Targets through the real binary, against the throwaway PostgreSQL: stamp with several
// revisions, bare branch labels, depends_on a label, revision-relative downgrades, relative and
// `current` history ranges, an empty folder's `upgrade head`, `status --exit-code`, and the
// errors a target can meet. The same answers as Alembic 1.8.1 unless docs/decisions.md says otherwise.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::run_retort;
using Ids = std::vector<std::string>;

std::string table_sql(const std::string& revision) {
  return "CREATE TABLE t_" + revision + " (id int);";
}

void write(const ProjectDir& dir, const std::string& revision, const std::string& parent, const std::string& extra = "") {
  dir.write_migration(revision + ".sql", migration_text(revision, parent, table_sql(revision),
                                                        "DROP TABLE t_" + revision + ";", extra));
}

// x1 (label fx) <- x2 ; y1 <- y2
void write_two_lines(const ProjectDir& dir) {
  write(dir, "x1", "", "-- branch_labels: fx\n");
  write(dir, "x2", "x1");
  write(dir, "y1", "");
  write(dir, "y2", "y1");
}

// 0001_init <- 0002_users <- 0003_orders <- 0004_items
void write_line(const ProjectDir& dir) {
  write(dir, "0001_init", "");
  write(dir, "0002_users", "0001_init");
  write(dir, "0003_orders", "0002_users");
  write(dir, "0004_items", "0003_orders");
}

/// The version rows, sorted.
Ids rows(const ProjectDir& dir, const std::string& url) {
  auto r = run_retort({"--url", url, "current", "--json"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Ids out;
  const auto answer = nlohmann::json::parse(r.out);
  for (const auto& row : answer["current"]) out.push_back(row["revision"]);
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs retort and expects it to succeed.
test::CliResult ok(const std::vector<std::string>& args, const ProjectDir& dir) {
  auto r = run_retort(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << fmt::format("retort {}\n{}", fmt::join(args, " "), r.err);
  return r;
}

TEST(CliTargets, StampTakesSeveralRevisionsAndAddsARowForAnUnrelatedBranch) {
  ProjectDir dir;
  write_two_lines(dir);
  auto url = test::fresh_database();
  ok({"--url", url, "stamp", "x2"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"x2"}));
  ok({"--url", url, "stamp", "y1"}, dir);  // Alembic 1.8.1: x2, y1
  EXPECT_EQ(rows(dir, url), (Ids{"x2", "y1"}));
  ok({"--url", url, "stamp", "x1", "y2"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"x1", "y2"}));
  ok({"--url", url, "stamp", "fx@base"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"y2"}));
  ok({"--url", url, "stamp", "heads"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"x2", "y2"}));
  auto same_line = run_retort({"--url", url, "stamp", "x1", "x2"}, dir.path());
  EXPECT_EQ(same_line.exit_code, 6);
  EXPECT_NE(same_line.err.find("cannot stamp both x1 and x2: they are on one line"), std::string::npos) << same_line.err;
  EXPECT_EQ(rows(dir, url), (Ids{"x2", "y2"})) << "a refused stamp changes nothing";
  EXPECT_EQ(test::scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'stamp' AND revision = 'y1'"), "1");
  EXPECT_EQ(test::scalar(url, "SELECT to_regclass('t_x1') IS NULL"), "t") << "stamp runs no SQL";
}

TEST(CliTargets, StampSqlTakesSeveralRangesFromOneStart) {
  ProjectDir dir;
  write_two_lines(dir);
  auto r = ok({"stamp", "--sql", "base:x2", "base:y1"}, dir);
  EXPECT_NE(r.out.find("INSERT INTO \"retort_version\" (version_num) VALUES ('x2');"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("INSERT INTO \"retort_version\" (version_num) VALUES ('y1');"), std::string::npos) << r.out;
  auto two_starts = run_retort({"stamp", "--sql", "base:x2", "x1:y1"}, dir.path());
  EXPECT_EQ(two_starts.exit_code, 6);
  EXPECT_NE(two_starts.err.find("starts every range at one revision"), std::string::npos) << two_starts.err;
}

TEST(CliTargets, OfflineRangesCountFromTheirStart) {
  ProjectDir dir;
  write_line(dir);
  auto up = ok({"upgrade", "--sql", "0001:+2"}, dir);
  EXPECT_NE(up.out.find("UPDATE \"retort_version\" SET version_num = '0003_orders' WHERE version_num = '0002_users';"),
            std::string::npos) << up.out;
  EXPECT_EQ(up.out.find("0004_items"), std::string::npos) << up.out;
  auto down = ok({"downgrade", "--sql", "head:-1"}, dir);
  EXPECT_NE(down.out.find("DROP TABLE t_0004_items;"), std::string::npos) << down.out;
  EXPECT_EQ(down.out.find("DROP TABLE t_0003_orders;"), std::string::npos) << down.out;
  auto from_current = run_retort({"upgrade", "--sql", "current:head"}, dir.path());
  EXPECT_EQ(from_current.exit_code, 6);
  EXPECT_NE(from_current.err.find("which --sql does not read"), std::string::npos) << from_current.err;
}

TEST(CliTargets, ABareBranchLabelIsTheRevisionCarryingIt) {
  ProjectDir dir;
  write_two_lines(dir);
  auto url = test::fresh_database();
  ok({"--url", url, "upgrade", "fx"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"x1"}));
  auto shown = ok({"show", "fx", "--json"}, dir);
  EXPECT_EQ(nlohmann::json::parse(shown.out)["revision"], "x1");
  EXPECT_EQ(ok({"history", "-r", "fx:fx"}, dir).out, "<base> -> x1 (fx), test x1\n");
}

TEST(CliTargets, AnExactLabelWinsOverARevisionPrefix) {
  ProjectDir dir;
  write(dir, "root", "");
  write(dir, "abcd1234", "root");
  write(dir, "cc01", "root", "-- branch_labels: abcd\n");
  auto url = test::fresh_database();
  ok({"--url", url, "upgrade", "abcd"}, dir);
  EXPECT_EQ(rows(dir, url), (Ids{"cc01"}));
  auto ambiguous = run_retort({"--url", url, "upgrade", "abc"}, dir.path());
  EXPECT_EQ(ambiguous.exit_code, 6);
  EXPECT_NE(ambiguous.err.find("'abc' is ambiguous: it is a prefix of abcd1234, abcd (the label of cc01)"),
            std::string::npos) << ambiguous.err;
  auto unknown = run_retort({"--url", url, "upgrade", "nolabel@head"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 6);
  EXPECT_NE(unknown.err.find("'nolabel@head' names no branch: no revision or branch label matches 'nolabel'"),
            std::string::npos) << unknown.err;
}

TEST(CliTargets, DependsOnMayNameABranchLabel) {
  ProjectDir dir;
  write_two_lines(dir);
  ok({"revision", "-m", "needs fx", "--rev-id", "y3", "--head", "y2", "--depends-on", "fx", "--depends-on", "x2"}, dir);
  std::ifstream in(dir.migrations() / "y3.sql");
  std::stringstream text;
  text << in.rdbuf();
  // a label is written as given (as Alembic's revision command does)
  EXPECT_NE(text.str().find("-- depends_on: fx, x2\n"), std::string::npos) << text.str();
  dir.write_migration("y3.sql", migration_text("y3", "y2", "SELECT 1;", "", "-- depends_on: fx\n"));
  auto url = test::fresh_database();
  auto up = ok({"--url", url, "upgrade", "y3"}, dir);
  EXPECT_NE(up.err.find("Running upgrade <base> -> x1"), std::string::npos) << up.err;
  EXPECT_EQ(up.err.find("-> x2"), std::string::npos) << "only the labelled revision, not its branch's head: " << up.err;
}

TEST(CliTargets, RevisionRelativeTargetsResolveToARevisionFirst) {
  ProjectDir dir;
  write_line(dir);
  auto url = test::fresh_database();
  ok({"--url", url, "upgrade", "0004-2"}, dir);  // an upgrade to 0002_users
  EXPECT_EQ(rows(dir, url), (Ids{"0002_users"}));
  ok({"--url", url, "upgrade", "head"}, dir);
  ok({"--url", url, "downgrade", "0002+1", "--yes"}, dir);  // Alembic 1.8.1: downgrade b+1 runs d's down, leaves c
  EXPECT_EQ(rows(dir, url), (Ids{"0003_orders"}));
  auto above = run_retort({"--url", url, "downgrade", "0003+1"}, dir.path());
  EXPECT_EQ(above.exit_code, 6);
  EXPECT_NE(above.err.find("'0003+1' (0004_items) is not applied: it is not a valid downgrade target from 0003_orders"),
            std::string::npos) << above.err;
  auto far = run_retort({"--url", url, "downgrade", "0003-9"}, dir.path());
  EXPECT_EQ(far.exit_code, 6);
  EXPECT_NE(far.err.find("didn't produce 9 migrations (only 3 available: step 3 reaches base)"), std::string::npos)
      << far.err;
}

TEST(CliTargets, HistoryRangesTakeRelativeTargetsAndCurrent) {
  ProjectDir dir;
  write_line(dir);
  auto url = test::fresh_database();
  ok({"--url", url, "upgrade", "0003"}, dir);
  EXPECT_EQ(ok({"--url", url, "history", "-r", "-1:current"}, dir).out,
            "0002_users -> 0003_orders, test 0003_orders\n0001_init -> 0002_users, test 0002_users\n");
  EXPECT_EQ(ok({"--url", url, "history", "-r", "current:+1"}, dir).out,
            "0003_orders -> 0004_items (head), test 0004_items\n0002_users -> 0003_orders, test 0003_orders\n");
  EXPECT_EQ(ok({"--url", url, "history", "-r", "-9:0001"}, dir).out, "<base> -> 0001_init, test 0001_init\n")
      << "a step past base stops there, as in Alembic";
  EXPECT_EQ(ok({"history", "-r", "0004-1:head"}, dir).out,
            "0003_orders -> 0004_items (head), test 0004_items\n0002_users -> 0003_orders, test 0003_orders\n")
      << "a range that does not read the database needs none";
  auto dash = run_retort({"--url", url, "history", "-r", "-:current"}, dir.path());
  EXPECT_EQ(dash.exit_code, 6);
  EXPECT_NE(dash.err.find("'-' is not a target: '-' is not a step"), std::string::npos) << dash.err;
}

TEST(CliTargets, UpgradeHeadOnAnEmptyFolderIsANoOpThatSaysSo) {
  ProjectDir dir;
  auto url = test::fresh_database();
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--url", url, "upgrade"},
                                               std::vector<std::string>{"--url", url, "upgrade", "head"},
                                               std::vector<std::string>{"--url", url, "upgrade", "heads"}}) {
    auto r = run_retort(args, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("holds no migrations yet"), std::string::npos) << r.err;
  }
  EXPECT_EQ(ok({"--url", url, "stamp", "head"}, dir).exit_code, 0);
  EXPECT_EQ(rows(dir, url), Ids{});
  auto plus = run_retort({"--url", url, "upgrade", "+1"}, dir.path());
  EXPECT_EQ(plus.exit_code, 6);
  EXPECT_NE(plus.err.find("the migrations folder is empty"), std::string::npos) << plus.err;
}

TEST(CliTargets, StatusExitCodeIsOneWhileSomethingIsPending) {
  ProjectDir dir;
  write_line(dir);
  auto url = test::fresh_database();
  EXPECT_EQ(run_retort({"--url", url, "status", "--exit-code"}, dir.path()).exit_code, 1);
  EXPECT_EQ(run_retort({"--url", url, "status"}, dir.path()).exit_code, 0) << "without the flag, pending is no error";
  ok({"--url", url, "upgrade", "0003"}, dir);
  EXPECT_EQ(run_retort({"--url", url, "status", "--exit-code", "--json"}, dir.path()).exit_code, 1);
  ok({"--url", url, "upgrade"}, dir);
  auto done = run_retort({"--url", url, "status", "--exit-code"}, dir.path());
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("pending (0)"), std::string::npos) << done.out;
}

TEST(CliTargets, RevisionHeadTakesAnyTargetWithoutTheDatabase) {
  ProjectDir dir;
  write_two_lines(dir);
  ok({"revision", "-m", "more x", "--rev-id", "x3", "--head", "fx@head"}, dir);
  std::ifstream in(dir.migrations() / "x3.sql");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("-- down_revision: x2\n"), std::string::npos) << text.str();
  auto relative = run_retort({"revision", "-m", "no", "--head", "+1"}, dir.path());
  EXPECT_EQ(relative.exit_code, 6);
  EXPECT_NE(relative.err.find("'+1' counts from the database's current revision, which this command does not read"),
            std::string::npos) << relative.err;
}

TEST(CliTargets, DependsOnAPrefixIsWrittenAsTheFullId) {
  ProjectDir dir;
  write_line(dir);
  ok({"revision", "-m", "more", "--rev-id", "0005_more", "--depends-on", "0001"}, dir);
  std::ifstream in(dir.migrations() / "0005_more.sql");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("-- depends_on: 0001_init\n"), std::string::npos) << text.str();
}

} // namespace
} // namespace retort
