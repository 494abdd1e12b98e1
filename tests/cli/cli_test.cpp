// The retort binary end to end: commands, JSON answers, exit codes and what is never printed.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::run_retort;

void write_three(const ProjectDir& dir) {
  dir.write_migration("0001_a.sql", migration_text("0001_a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("0002_b.sql", migration_text("0002_b", "0001_a", "CREATE TABLE b (id int);", "DROP TABLE b;"));
  dir.write_migration("0003_c.sql", migration_text("0003_c", "0002_b", "CREATE TABLE c (id int);", "DROP TABLE c;"));
}

TEST(Cli, HelpListsEveryCommand) {
  ProjectDir dir;
  auto r = run_retort({"--help"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"init", "revision", "upgrade", "downgrade", "current", "status", "history", "heads", "show",
                          "stamp", "pgtemp"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  auto sub = run_retort({"upgrade", "--help"}, dir.path());
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("+N"), std::string::npos);
}

TEST(Cli, UnknownCommandIsAUsageError) {
  ProjectDir dir;
  auto r = run_retort({"upgrayedd"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, UpgradeCurrentHistoryAndDowngradeThroughDatabaseUrl) {
  ProjectDir dir;
  write_three(dir);
  auto url = test::fresh_database();
  std::map<std::string, std::string> env{{"DATABASE_URL", url}};
  auto up = run_retort({"upgrade", "+2"}, dir.path(), env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.err.find("Running upgrade <base> -> 0001_a"), std::string::npos) << up.err;
  auto cur = run_retort({"current"}, dir.path(), env);
  EXPECT_EQ(cur.out, "0002_b\n");
  auto js = nlohmann::json::parse(run_retort({"current", "--json"}, dir.path(), env).out);
  EXPECT_EQ(js["current"][0]["revision"], "0002_b");
  EXPECT_EQ(js["current"][0]["is_head"], false);
  auto hist = run_retort({"history"}, dir.path(), env);
  EXPECT_EQ(hist.out, "0002_b -> 0003_c (head), test 0003_c\n0001_a -> 0002_b, test 0002_b\n<base> -> 0001_a, test 0001_a\n");
  auto status = nlohmann::json::parse(run_retort({"status", "--json"}, dir.path(), env).out);
  EXPECT_EQ(status["pending"].size(), 1u);
  EXPECT_EQ(status["applied"][1]["revision"], "0002_b");
  EXPECT_TRUE(status["applied"][1].contains("applied_at")) << "JSON always carries the history";
  auto brief = run_retort({"status"}, dir.path(), env);
  EXPECT_NE(brief.out.find("applied (2):\n  0001_a                           test 0001_a\n"), std::string::npos) << brief.out;
  EXPECT_EQ(brief.out.find(" by "), std::string::npos) << "no history times without --verbose: " << brief.out;
  EXPECT_NE(brief.out.find("pending (1):\n  0003_c"), std::string::npos) << brief.out;
  auto verbose = run_retort({"status", "-v"}, dir.path(), env);
  EXPECT_NE(verbose.out.find(" ms  test 0002_b\n"), std::string::npos) << verbose.out;
  EXPECT_NE(verbose.out.find(" by "), std::string::npos) << verbose.out;
  auto down = run_retort({"downgrade", "base", "--yes"}, dir.path(), env);
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(run_retort({"current"}, dir.path(), env).out, "");
}

TEST(Cli, UrlFlagOverridesDatabaseUrlWhichOverridesTheFile) {
  ProjectDir dir;
  write_three(dir);
  auto good = test::fresh_database();
  dir.write("retort.toml", "url = \"postgresql://nobody@/nowhere?host=/nonexistent\"\n");
  auto from_file = run_retort({"current"}, dir.path());
  EXPECT_EQ(from_file.exit_code, 7) << from_file.err;
  auto from_env = run_retort({"current"}, dir.path(), {{"DATABASE_URL", good}});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  auto from_flag = run_retort({"--url", "postgresql://x@/y?host=/nonexistent", "current"}, dir.path(), {{"DATABASE_URL", good}});
  EXPECT_EQ(from_flag.exit_code, 7);
}

TEST(Cli, WrongPasswordIsReportedWithoutPrintingIt) {
  ProjectDir dir;
  write_three(dir);
  auto url = test::fresh_database();
  test::scalar(test::cluster().url(), "DO $$ BEGIN CREATE ROLE alice LOGIN PASSWORD 'right-pw'; "
                                      "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  const std::string secret = "Wr0ng-S3cret";
  auto bad = test::cluster().url_as("alice", secret, "postgres");
  auto r = run_retort({"--url", bad, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("alice:****@"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find(secret), std::string::npos);
  // the same through DATABASE_URL and as a key=value password parameter
  auto r2 = run_retort({"status"}, dir.path(), {{"DATABASE_URL", bad}});
  EXPECT_EQ(r2.exit_code, 7);
  EXPECT_EQ(r2.err.find(secret), std::string::npos) << r2.err;
  auto kv = fmt::format("host={} dbname=postgres user=alice password={}", test::cluster().socket_dir().string(), secret);
  auto r3 = run_retort({"--url", kv, "current"}, dir.path());
  EXPECT_EQ(r3.exit_code, 7);
  EXPECT_EQ(r3.err.find(secret), std::string::npos) << r3.err;
}

TEST(Cli, UnreachableServerAndMissingDatabaseAreConnectionErrors) {
  ProjectDir dir;
  write_three(dir);
  auto r = run_retort({"--url", "postgresql://postgres@/postgres?host=/nonexistent-socket-dir&connect_timeout=2", "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  auto missing = test::cluster().url("no_such_db");
  auto m = run_retort({"--url", missing, "upgrade"}, dir.path());
  EXPECT_EQ(m.exit_code, 7);
  EXPECT_NE(m.err.find("no_such_db"), std::string::npos) << m.err;
}

TEST(Cli, SqlFailureExitCodeNamesFileLineAndSqlstate) {
  ProjectDir dir;
  write_three(dir);
  dir.write_migration("0004_d.sql", migration_text("0004_d", "0003_c", "SELECT 1;\nSELECT * FROM nope;"));
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8);
  EXPECT_NE(r.err.find("0004_d.sql:7"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("SQLSTATE: 42P01"), std::string::npos) << r.err;
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "0003_c\n");
}

TEST(Cli, MalformedMigrationIsReportedWithFileAndLineEvenWhenTheServerIsUnreachable) {
  ProjectDir dir;
  write_three(dir);
  dir.write_migration("0004_d.sql", "-- revision: 0004_d\n-- down_revision: 0003_c\n-- colour: blue\n-- migrate:up\nSELECT 1;\n");
  auto r = run_retort({"--url", "postgresql://x@/y?host=/nonexistent", "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("0004_d.sql:3: unknown header key 'colour'"), std::string::npos) << r.err;
}

TEST(Cli, GraphErrorsAreReported) {
  ProjectDir dir;
  write_three(dir);
  dir.write_migration("0004_d.sql", migration_text("0004_d", "0009_missing", "SELECT 1;"));
  auto r = run_retort({"heads"}, dir.path());
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.err.find("down_revision '0009_missing'"), std::string::npos) << r.err;
}

TEST(Cli, AmbiguousPrefixListsTheCandidates) {
  ProjectDir dir;
  write_three(dir);
  auto r = run_retort({"show", "000"}, dir.path());
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_NE(r.err.find("0001_a, 0002_b, 0003_c"), std::string::npos) << r.err;
  auto ok = run_retort({"show", "0002"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_NE(ok.out.find("Rev: 0002_b"), std::string::npos);
  EXPECT_NE(ok.out.find("CREATE TABLE b"), std::string::npos);
}

TEST(Cli, InitThenRevisionWritesAParseableChain) {
  ProjectDir dir;
  auto init = run_retort({"init", "proj"}, dir.path());
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "proj/retort.toml"));
  EXPECT_EQ(run_retort({"init", "proj"}, dir.path()).exit_code, 10) << "init must not overwrite";
  auto proj = dir.path() / "proj";
  auto r1 = run_retort({"revision", "-m", "Add users table"}, proj);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_TRUE(std::filesystem::exists(proj / "migrations/0001_add_users_table.sql"));
  auto r2 = run_retort({"revision", "-m", "Second", "--rev-id", "abc", "--branch-label", "core"}, proj);
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  auto heads = nlohmann::json::parse(run_retort({"heads", "--json"}, proj).out);
  ASSERT_EQ(heads["heads"].size(), 1u);
  EXPECT_EQ(heads["heads"][0]["revision"], "abc");
  EXPECT_EQ(heads["heads"][0]["down_revisions"][0], "0001_add_users_table");
  EXPECT_EQ(heads["heads"][0]["branch_labels"][0], "core");
  auto dup = run_retort({"revision", "-m", "x", "--rev-id", "abc"}, proj);
  EXPECT_EQ(dup.exit_code, 5);
  auto base2 = run_retort({"revision", "-m", "other base", "--head", "base"}, proj);
  ASSERT_EQ(base2.exit_code, 0) << base2.err;
  EXPECT_EQ(nlohmann::json::parse(run_retort({"heads", "--json"}, proj).out)["heads"].size(), 2u);
  auto splice = run_retort({"revision", "-m", "fork", "--head", "0001"}, proj);
  EXPECT_EQ(splice.exit_code, 6) << "branching from a non-head needs --splice";
  EXPECT_EQ(run_retort({"revision", "-m", "fork", "--head", "0001", "--splice"}, proj).exit_code, 0);
}

TEST(Cli, StampAndAlembicStyleTroubleshooting) {
  ProjectDir dir;
  write_three(dir);
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "stamp", "head"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "0003_c (head)\n");
  EXPECT_EQ(test::scalar(url, "SELECT to_regclass('a') IS NULL"), "t") << "stamp must not run SQL";
}

TEST(Cli, SqliteUrlsAsSqlalchemySpellsThem) {
  ProjectDir dir;
  write_three(dir);
  auto rel = run_retort({"--url", "sqlite:///app.db", "upgrade"}, dir.path());
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "app.db"));
  auto abs_url = "sqlite:///" + (dir.path() / "abs.db").string();
  ASSERT_EQ(run_retort({"--url", abs_url, "upgrade", "0002"}, dir.path()).exit_code, 0);
  EXPECT_EQ(run_retort({"--url", abs_url, "current"}, dir.path()).out, "0002_b\n");
}

TEST(Cli, PgtempRunsACommandOnAThrowawayClusterAndRemovesIt) {
  ProjectDir dir;
  write_three(dir);
  auto r = run_retort({"pgtemp", "--", RETORT_BINARY, "upgrade"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("now at 0003_c"), std::string::npos) << r.err;
  auto inline_url = run_retort({"--url", "pgtemp://", "upgrade"}, dir.path());
  EXPECT_EQ(inline_url.exit_code, 0) << inline_url.err;
}

} // namespace
} // namespace retort
