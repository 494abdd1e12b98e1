// Embedded migrations run like the folder's: two sets in one program keep their own version
// tables, and the CLI (reading the folder) and the program (its compiled-in copy) take turns on one
// database, each seeing the other's work as its own: same revisions, same checksums.
#include <gtest/gtest.h>

#include <string>

#include "retort/embedded.hpp"
#include "retort/service.hpp"
#include "retort_embedded/jobs.hpp"
#include "retort_embedded/agent.hpp"
#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::ProjectDir;
using test::run_retort;
using test::scalar;

Config embedded_config(const std::string& url, const std::string& version_table) {
  Config config;
  config.url = url;
  config.version_table = version_table;
  config.history_table = version_table + "_history";
  return config;
}

TEST(EmbeddedRun, TwoSetsInOneProgramKeepSeparateVersionTables) {
  const auto url = fresh_database();
  const Project agent(embedded_config(url, "agent_version"), load_embedded(embedded::agent));
  const Project jobs(embedded_config(url, "jobs_version"), load_embedded(embedded::jobs));
  auto db = connect(url);
  EXPECT_EQ(upgrade_at_startup(agent, *db).outcome, StartupOutcome::migrated);
  EXPECT_EQ(upgrade_at_startup(jobs, *db).outcome, StartupOutcome::migrated);
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM agent_version"), "0001_init");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM jobs_version"), "j2");
  EXPECT_EQ(scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'jobs_queued'::regclass"), "t");
  EXPECT_EQ(upgrade_at_startup(agent, *db).outcome, StartupOutcome::current);
  EXPECT_EQ(upgrade_at_startup(jobs, *db).outcome, StartupOutcome::current);
}

TEST(EmbeddedRun, TheCliAndTheProgramTakeTurnsOnOneDatabase) {
  const auto url = fresh_database();
  ProjectDir cli_project;
  cli_project.write("retort.toml", "migrations = \"" RETORT_SOURCE_DIR "/tests/migration/embedded_jobs\"\n"
                                   "version_table = \"jobs_version\"\nhistory_table = \"jobs_version_history\"\n");
  // The CLI applies the first migration from the folder...
  auto first = run_retort({"--url", url, "upgrade", "j1"}, cli_project.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // ...the program, from its compiled-in copy, sees it applied and applies the second...
  const Project jobs(embedded_config(url, "jobs_version"), load_embedded(embedded::jobs));
  auto db = connect(url);
  auto started = upgrade_at_startup(jobs, *db);
  EXPECT_EQ(started.outcome, StartupOutcome::migrated);
  ASSERT_EQ(started.run.applied.size(), 1u);
  EXPECT_EQ(started.run.applied[0].revision, "j2");
  // ...and the CLI finds both checksums equal to its files'.
  auto verified = run_retort({"--url", url, "verify"}, cli_project.path());
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  auto current = run_retort({"--url", url, "current"}, cli_project.path());
  EXPECT_NE(current.out.find("j2"), std::string::npos) << current.out;
  // Back down with the CLI, up again with the program.
  auto down = run_retort({"--url", url, "downgrade", "j1", "--yes"}, cli_project.path());
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(upgrade_at_startup(jobs, *db).outcome, StartupOutcome::migrated);
  EXPECT_EQ(scalar(url, "SELECT version_num FROM jobs_version"), "j2");
}

} // namespace
} // namespace retort
