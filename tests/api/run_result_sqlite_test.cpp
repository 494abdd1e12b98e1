// A run as a value and a run cancelled, against a real SQLite file.
#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <thread>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "runner/runner.hpp"

#include <unistd.h>
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::migration_text;
using test::ProjectDir;

TEST(SqliteRunResult, FailedRunSaysWhatWasKeptAndWhereTheDatabaseStands) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE u (email TEXT UNIQUE);"));
  dir.write_migration("2.sql", migration_text("b", "a", "INSERT INTO u VALUES ('x');"));
  dir.write_migration("3.sql", migration_text("c", "b", "CREATE TABLE v (id INT);\nINSERT INTO u VALUES ('x');"));
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  try {
    upgrade(project, *db, {});
    FAIL() << "c must fail";
  } catch (const RunError& e) {
    const auto& r = e.result();
    ASSERT_EQ(r.applied.size(), 2u);
    EXPECT_EQ(r.applied[1].revision, "b");
    ASSERT_TRUE(r.failure);
    EXPECT_EQ(r.failure->revision, "c");
    EXPECT_EQ(r.failure->outcome, StepOutcome::rolled_back);
    EXPECT_EQ(r.heads_now, std::vector<std::string>{"b"});
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(SqliteRunResult, StopInterruptsTheRunningStatementAndRollsItsMigrationBack) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id INT);"));
  // Counts to a billion: minutes, unless interrupted.
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id INT);\n"
                                                        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                                        "WHERE x < 1000000000) SELECT count(*) FROM c;"));
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  std::stop_source stop;
  std::thread stopper;
  RunOptions options;
  options.stop = stop.get_token();
  options.on_step = [&](const StepEvent& e) {
    if (e.migration.revision == "b" && !e.finished) {
      stopper = std::thread([&stop] {
        std::this_thread::sleep_for(300ms);
        stop.request_stop();
      });
    }
  };
  const auto started = std::chrono::steady_clock::now();
  try {
    upgrade(project, *db, options);
    FAIL() << "the run was stopped";
  } catch (const RunError& e) {
    EXPECT_EQ(e.code(), ErrorCode::cancelled) << e.what();
    EXPECT_TRUE(e.result().cancelled);
    ASSERT_TRUE(e.result().failure);
    EXPECT_EQ(e.result().failure->revision, "b");
    EXPECT_EQ(e.result().heads_now, std::vector<std::string>{"a"});
  }
  if (stopper.joinable()) stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  EXPECT_TRUE(db->query("SELECT name FROM sqlite_master WHERE name = 'b'", {}).empty()) << "b rolled back";
}


TEST(SqliteRunResult, LockWaitIsToldWithTheHoldersPid) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id INT);"));
  Config config = dir.config(dir.sqlite_url());
  config.lock_timeout = 300ms;
  Project project(config);
  auto holder_db = connect(dir.sqlite_url());
  VersionStore holder_store(*holder_db, project.config());
  MigrationLock held(*holder_db, holder_store, project.config());
  auto db = connect(dir.sqlite_url());
  std::vector<LockWait> waits;
  RunOptions options;
  options.on_lock_wait = [&](const LockWait& w) { waits.push_back(w); };
  try {
    upgrade(project, *db, options);
    ADD_FAILURE() << "the lock was held";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::lock_timeout) << e.what();
  }
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].holder, "pid " + std::to_string(getpid()));
  EXPECT_NE(waits[0].key.find("app.db.retort-lock"), std::string::npos) << waits[0].key;
}

} // namespace
} // namespace retort
