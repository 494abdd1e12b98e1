// upgrade_at_startup: a current database costs one query and no lock; work takes the lock and runs
// once however many instances start together; a database newer than the binary is reported and
// left untouched; a dirty one is refused.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "retort/error.hpp"
#include "retort/service.hpp"
#include "runner/runner.hpp"
#include "support/counting_connection.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::CountingConnection;
using test::fresh_database;
using test::migration_text;
using test::ProjectDir;
using test::scalar;

void write_two(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "INSERT INTO a VALUES (1);\nSELECT pg_sleep(0.2);",
                                              "DELETE FROM a;"));
}

/// Both migrations applied exactly once, whoever applied them.
void expect_applied_once(const std::string& url) {
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM a"), "1");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "2");
}

/// Holds the project's migration lock on a connection of its own, as another run would.
class HeldLock {
public:
  explicit HeldLock(const Config& config) : m_db(connect(config.url)), m_store(*m_db, config), m_lock(*m_db, m_store, config) {}
  /// The holder's session: a run on it takes the lock again (it is re-entrant) and keeps it held.
  Connection& session() { return *m_db; }

private:
  std::unique_ptr<Connection> m_db;
  VersionStore m_store;
  MigrationLock m_lock;
};

TEST(Startup, AFreshDatabaseIsMigratedAndTheRunSaysWhat) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto result = upgrade_at_startup(project, *db);
  EXPECT_EQ(result.outcome, StartupOutcome::migrated);
  ASSERT_EQ(result.run.applied.size(), 2u);
  EXPECT_EQ(result.run.applied[1].revision, "0002");
  EXPECT_EQ(result.run.heads_now, std::vector<std::string>{"0002"});
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM a"), "1");
}

TEST(Startup, ACurrentDatabaseCostsOneQueryAndNoLock) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade_at_startup(project, *db);

  CountingConnection counting(*db);
  auto again = upgrade_at_startup(project, counting);
  EXPECT_EQ(again.outcome, StartupOutcome::current);
  EXPECT_TRUE(again.run.applied.empty());
  EXPECT_EQ(again.run.heads_now, std::vector<std::string>{"0002"});
  EXPECT_EQ(counting.queries, 1);
  EXPECT_EQ(counting.executes, 0);
  EXPECT_EQ(counting.batch_sizes.size(), 0u);
  EXPECT_EQ(counting.locks, 0);

  // Another run holding the lock does not hold up a current database's start-up...
  Config impatient = dir.config(url);
  impatient.lock_timeout = 300ms;
  Project impatient_project(impatient);
  HeldLock held(impatient);
  EXPECT_EQ(upgrade_at_startup(impatient_project, *db).outcome, StartupOutcome::current);
  // ...but does hold up one with work to do.
  dir.write_migration("3.sql", migration_text("0003", "0002", "CREATE TABLE c (id int);"));
  Project pending(impatient);
  try {
    upgrade_at_startup(pending, *db);
    FAIL() << "expected a lock timeout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::lock_timeout) << e.what();
  }
  EXPECT_EQ(scalar(url, "SELECT to_regclass('c') IS NULL"), "t");
}

TEST(Startup, InstancesStartingTogetherApplyEachMigrationOnce) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  Project project(dir.config(url));
  std::vector<std::future<StartupOutcome>> instances;
  for (int i = 0; i < 4; ++i) {
    instances.push_back(std::async(std::launch::async, [&] {
      auto db = connect(url);
      return upgrade_at_startup(project, *db).outcome;
    }));
  }
  int migrated = 0;
  for (auto& instance : instances) migrated += instance.get() == StartupOutcome::migrated ? 1 : 0;
  EXPECT_EQ(migrated, 1) << "one instance ran the migrations; the others found them applied";
  expect_applied_once(url);
}

TEST(Startup, AnInstanceWaitingForTheLockAnswersCurrentOnceTheOtherCommitsWithoutTakingIt) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  Config config = dir.config(url);
  config.lock_timeout = 20s;  // far longer than the test: only "current" ends the wait in time
  Project project(config);
  // Another instance: holds the lock, migrates, and keeps holding it until this one has answered.
  HeldLock other(config);

  std::atomic<bool> told{false};
  RunOptions options;
  options.on_lock_wait = [&](const LockWait&) { told = true; };
  auto waiting = std::async(std::launch::async, [&] {
    auto db = connect(url);
    return upgrade_at_startup(project, *db, options);
  });
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (!told && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(told) << "the instance did not report waiting for the lock";
  EXPECT_EQ(upgrade(project, other.session(), {}).applied.size(), 2u);
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready) << "still waiting while the other holds the lock";
  auto result = waiting.get();
  EXPECT_EQ(result.outcome, StartupOutcome::current);
  EXPECT_EQ(result.run.heads_now, std::vector<std::string>{"0002"});
  expect_applied_once(url);
}

TEST(Startup, AWaitThatOutlastsLockWaitFailsNamingTheWaitAndChangesNothing) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  Config config = dir.config(url);
  Project project(config);
  HeldLock held(config);
  auto db = connect(url);
  RunOptions options;
  options.lock_wait = 300ms;
  const auto started = std::chrono::steady_clock::now();
  try {
    upgrade_at_startup(project, *db, options);
    FAIL() << "expected a lock timeout";
  } catch (const RunError& e) {
    FAIL() << "a run started: " << e.what();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::lock_timeout) << e.what();
    EXPECT_NE(std::string(e.what()).find("300 ms"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("held by pid"), std::string::npos) << "the holder is named: " << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(scalar(url, "SELECT to_regclass('a') IS NULL"), "t");
}

TEST(Startup, ADatabaseNewerThanTheBinaryIsReportedAndLeftAlone) {
  ProjectDir dir;
  write_two(dir);
  const auto url = fresh_database();
  {
    ProjectDir newer;
    write_two(newer);
    newer.write_migration("3.sql", migration_text("0003", "0002", "CREATE TABLE c (id int);"));
    Project project(newer.config(url));
    auto db = connect(url);
    upgrade_at_startup(project, *db);
  }
  const auto history = scalar(url, "SELECT count(*) FROM retort_history");
  Project older(dir.config(url));
  auto db = connect(url);
  CountingConnection counting(*db);
  auto result = upgrade_at_startup(older, counting);
  EXPECT_EQ(result.outcome, StartupOutcome::database_ahead);
  EXPECT_EQ(result.unknown, std::vector<std::string>{"0003"});
  EXPECT_EQ(counting.queries, 1);
  EXPECT_EQ(counting.locks, 0);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history"), history);
  EXPECT_EQ(scalar(url, "SELECT version_num FROM retort_version"), "0003");
}

TEST(Startup, ADirtyDatabaseIsRefusedNotResumed) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);\nCREATE TABLE a (id int);", "",
                                              "-- transaction: none\n"));
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_THROW(upgrade_at_startup(project, *db), RunError);
  try {
    upgrade_at_startup(project, *db);
    FAIL() << "a dirty database must be refused";
  } catch (const RunError&) {
    FAIL() << "the dirty migration was run again";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::refused) << e.what();
    EXPECT_NE(std::string(e.what()).find("resolve"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace retort
