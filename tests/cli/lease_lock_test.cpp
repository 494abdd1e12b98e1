// The lease-row lock: safe behind a transaction-pooling PgBouncer, and a killed holder's lease expires.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "support/cli.hpp"
#include "support/pgbouncer.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::migration_text;
using test::ProjectDir;
using test::RunningRetort;
using test::scalar;

void write_chain(const ProjectDir& dir, int n) {
  for (int i = 1; i <= n; ++i) {
    dir.write_migration(fmt::format("{:02d}.sql", i),
                        migration_text(fmt::format("r{:02d}", i), i == 1 ? "" : fmt::format("r{:02d}", i - 1),
                                       fmt::format("CREATE TABLE t{0} (id int);\nSELECT pg_sleep(0.02);", i)));
  }
}

TEST(LeaseLock, ConcurrentUpgradesThroughTransactionPoolingPgBouncerApplyEachMigrationOnce) {
  test::PgBouncer bouncer;
  ProjectDir dir;
  write_chain(dir, 12);
  auto direct = test::fresh_database();
  auto pooled = bouncer.url(test::database_name(direct));
  ASSERT_EQ(test::run_retort({"--url", pooled, "current"}, dir.path()).exit_code, 0) << "pgbouncer must pass connections";
  std::vector<std::unique_ptr<RunningRetort>> runs;
  for (int k = 0; k < 6; ++k) {
    runs.push_back(std::make_unique<RunningRetort>(
        std::vector<std::string>{"--url", pooled, "--lock-mode", "lease", "upgrade", "head"}, dir.path()));
  }
  for (auto& r : runs) {
    auto result = r->wait();
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  EXPECT_EQ(scalar(direct, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "12");
  EXPECT_EQ(scalar(direct, "SELECT string_agg(version_num, ',') FROM retort_version"), "r12");
  EXPECT_EQ(scalar(direct, "SELECT count(*) FROM retort_history_lock"), "0") << "the lease is released at the end";
}

TEST(LeaseLock, AKilledHoldersLeaseExpiresAndTheNextRunProceeds) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "SELECT pg_sleep(60);"));
  dir.write("retort.toml", "lock_mode = \"lease\"\nlock_lease_seconds = 2\n");
  auto url = test::fresh_database();
  ASSERT_EQ(test::run_retort({"--url", url, "upgrade", "a"}, dir.path()).exit_code, 0);
  RunningRetort holder({"--url", url, "upgrade", "head"}, dir.path());
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (scalar(url, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%')") != "t" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  auto first_owner = scalar(url, "SELECT owner FROM retort_history_lock");
  ASSERT_FALSE(first_owner.empty());
  // While the holder is alive its heartbeat keeps the lease: a short wait times out.
  auto blocked = test::run_retort({"--url", url, "--lock-timeout", "3", "stamp", "a"}, dir.path());
  EXPECT_EQ(blocked.exit_code, 9) << blocked.err;
  EXPECT_NE(blocked.err.find("held by " + first_owner), std::string::npos) << blocked.err;
  holder.kill(SIGKILL);
  holder.wait();
  auto started = std::chrono::steady_clock::now();
  auto next = test::run_retort({"--url", url, "--lock-timeout", "20", "stamp", "a"}, dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s) << "blocked past the lease";
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "a");
}

} // namespace
} // namespace retort
