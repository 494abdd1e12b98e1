// Several retort processes at once, and a retort process killed mid-run, on the real server.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::migration_text;
using test::ProjectDir;
using test::RunningRetort;
using test::eventually;
using test::scalar;

TEST(CliConcurrency, EightConcurrentUpgradesApplyEveryMigrationExactlyOnce) {
  ProjectDir dir;
  for (int i = 1; i <= 20; ++i) {
    dir.write_migration(fmt::format("{:02d}.sql", i),
                        migration_text(fmt::format("r{:02d}", i), i == 1 ? "" : fmt::format("r{:02d}", i - 1),
                                       fmt::format("CREATE TABLE t{0} (id int);\nSELECT pg_sleep(0.02);", i)));
  }
  auto url = test::fresh_database();
  std::vector<std::unique_ptr<RunningRetort>> runs;
  for (int k = 0; k < 8; ++k) {
    runs.push_back(std::make_unique<RunningRetort>(std::vector<std::string>{"--url", url, "upgrade", "head"}, dir.path()));
  }
  int applied_by_someone = 0;
  for (auto& r : runs) {
    auto result = r->wait();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.err.find("Applied 20 migration(s)") != std::string::npos) ++applied_by_someone;
  }
  EXPECT_EQ(applied_by_someone, 1) << "one run applies everything; the others wait and find nothing to do";
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "20");
  EXPECT_EQ(scalar(url, "SELECT count(DISTINCT revision) FROM retort_history"), "20");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "r20");
}

TEST(CliConcurrency, ConcurrentIndexBuildCompletesWhileAnotherRunWaits) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 1000) g;"));
  dir.write_migration("2.sql", migration_text("b", "a", "SELECT pg_sleep(1.5);\nCREATE INDEX CONCURRENTLY big_id ON big (id);",
                                              "", "-- transaction: none\n"));
  auto url = test::fresh_database();
  auto started = std::chrono::steady_clock::now();
  RunningRetort first({"--url", url, "upgrade", "head"}, dir.path());
  ASSERT_TRUE(eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(1.5)%')", 10s));
  // The waiter polls pg_try_advisory_lock between statements; if it sat inside a blocking
  // pg_advisory_lock instead, CREATE INDEX CONCURRENTLY would wait for it until --lock-timeout.
  RunningRetort second({"--url", url, "--lock-timeout", "60", "upgrade", "head"}, dir.path());
  auto a = first.wait();
  auto first_took = std::chrono::steady_clock::now() - started;
  auto b = second.wait();
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.err.find("Nothing to do"), std::string::npos) << b.err;
  EXPECT_LT(first_took, 20s);
  EXPECT_EQ(scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_id'::regclass"), "t");
}

TEST(CliConcurrency, LockTimeoutNamesTheHolderAndChangesNothing) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "SELECT pg_sleep(3);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);"));
  auto url = test::fresh_database();
  RunningRetort holder({"--url", url, "upgrade", "a"}, dir.path());
  ASSERT_TRUE(eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%')", 10s));
  auto waiter = test::run_retort({"--url", url, "--lock-timeout", "0.5", "upgrade", "head"}, dir.path());
  EXPECT_EQ(waiter.exit_code, 9) << waiter.err;
  EXPECT_NE(waiter.err.find("held by pid"), std::string::npos) << waiter.err;
  EXPECT_EQ(holder.wait().exit_code, 0);
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "a");
}

TEST(CliConcurrency, KilledRunRollsBackAndReleasesTheLock) {
  // 14+: the server notices the vanished client within client_connection_check_interval (1 s) and
  // rolls back in the middle of the statement. 13 has no such check: the backend finishes the
  // statement, then runs what the client had already sent — the rest of the one-round-trip batch,
  // COMMIT included — so the migration commits whole, and the lock goes with the session.
  const bool checks_client = test::server_version_num() >= 140000;
  const std::string sleep_sql = checks_client ? "SELECT pg_sleep(60)" : "SELECT pg_sleep(3)";
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);\n" + sleep_sql + ";"));
  auto url = test::fresh_database();
  ASSERT_EQ(test::run_retort({"--url", url, "upgrade", "a"}, dir.path()).exit_code, 0);
  RunningRetort victim({"--url", url, "upgrade", "head"}, dir.path());
  const std::string running = fmt::format("FROM pg_stat_activity WHERE query LIKE '{}%'", sleep_sql);
  ASSERT_TRUE(eventually(url, "SELECT EXISTS (SELECT 1 " + running + ")", 10s));
  victim.kill(SIGKILL);
  EXPECT_EQ(victim.wait().exit_code, 128 + SIGKILL);
  EXPECT_TRUE(eventually(url, "SELECT NOT EXISTS (SELECT 1 " + running + ")", 15s));
  if (checks_client) {
    EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "a");
    EXPECT_EQ(scalar(url, "SELECT to_regclass('b') IS NULL"), "t") << "the killed migration's transaction rolled back";
  } else {
    // all or nothing either way: the version row and the schema agree
    auto version = scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version");
    EXPECT_TRUE(version == "a" || version == "b") << version;
    EXPECT_EQ(scalar(url, "SELECT to_regclass('b') IS NOT NULL"), version == "b" ? "t" : "f");
  }
  auto next = test::run_retort({"--url", url, "--lock-timeout", "5", "stamp", "a"}, dir.path());
  EXPECT_EQ(next.exit_code, 0) << "the lock went with the killed session: " << next.err;
}

} // namespace
} // namespace retort
