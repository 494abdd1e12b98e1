// A run as a value: what was kept, what failed part-way and where the database stands; observing a
// run (steps, lock waits with the holder, retries) and cancelling it, on the real server.
#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "runner/runner.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::fresh_database;
using test::migration_text;
using test::ProjectDir;
using test::scalar;

/// The RunError a run throws (fails the test when it throws nothing or something else).
RunError run_error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const RunError& e) {
    return e;
  } catch (const Error& e) {
    ADD_FAILURE() << "a plain Error, not a RunError: " << e.what();
    throw;
  }
  ADD_FAILURE() << "the run did not fail";
  throw std::runtime_error("no RunError");
}

bool eventually(const std::string& url, const std::string& sql, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (scalar(url, sql) == "t") return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

std::vector<std::string> revisions(const std::vector<StepDone>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.revision);
  return out;
}

void write_three_with_a_failing_third(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text UNIQUE);"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "INSERT INTO u VALUES ('a@x');\nSELECT pg_sleep(0.05);"));
  dir.write_migration("3.sql", migration_text("0003", "0002", "CREATE TABLE v (id int);\nINSERT INTO u VALUES ('a@x');"));
}

TEST(RunResult, FailedRunSaysWhatWasKeptWhatFailedAndWhereTheDatabaseStands) {
  ProjectDir dir;
  write_three_with_a_failing_third(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto e = run_error_of([&] { upgrade(project, *db, {}); });
  EXPECT_EQ(e.code(), ErrorCode::sql_failed);
  const auto& r = e.result();
  EXPECT_EQ(revisions(r.applied), (std::vector<std::string>{"0001", "0002"}));
  EXPECT_GE(r.applied.at(1).duration, 50ms) << "each applied step carries its time";
  EXPECT_TRUE(r.rolled_back.empty());
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->revision, "0003");
  EXPECT_EQ(r.failure->outcome, StepOutcome::rolled_back);
  EXPECT_EQ(r.failure->sqlstate, "23505");
  EXPECT_NE(r.failure->detail.find("(email)=(a@x) already exists"), std::string::npos) << r.failure->detail;
  EXPECT_EQ(r.failure->statement, "INSERT INTO u VALUES ('a@x')");
  std::ifstream file(dir.migrations() / "3.sql");
  std::string text;
  int line = 0, insert_line = 0;
  while (std::getline(file, text)) {
    ++line;
    if (text == "INSERT INTO u VALUES ('a@x');") insert_line = line;
  }
  EXPECT_EQ(r.failure->line, insert_line);
  EXPECT_GT(insert_line, 0);
  EXPECT_EQ(r.heads_now, std::vector<std::string>{"0002"});
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"0002"}) << "the value agrees with the table";
  EXPECT_EQ(scalar(url, "SELECT to_regclass('v') IS NULL"), "t");
}

TEST(RunResult, SuccessfulRunListsEachStepWithItsTimeAndTheNewHeads) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text);"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "SELECT pg_sleep(0.05);", "SELECT 1;"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  std::vector<std::string> seen;
  RunOptions options;
  options.on_step = [&](const StepEvent& e) {
    seen.push_back(fmt::format("{} {}/{} {}", e.migration.revision, e.index, e.total, e.finished ? "done" : "start"));
  };
  auto r = upgrade(project, *db, options);
  EXPECT_EQ(revisions(r.applied), (std::vector<std::string>{"0001", "0002"}));
  EXPECT_GE(r.applied.at(1).duration, 50ms);
  EXPECT_EQ(r.heads_now, std::vector<std::string>{"0002"});
  EXPECT_EQ(seen, (std::vector<std::string>{"0001 1/2 start", "0001 1/2 done", "0002 2/2 start", "0002 2/2 done"}));
  auto down = downgrade(project, *db, {.target = Target("0001")});
  EXPECT_EQ(revisions(down.applied), (std::vector<std::string>{"0002"}));
  EXPECT_EQ(down.applied.at(0).direction, Direction::down);
  EXPECT_EQ(down.heads_now, std::vector<std::string>{"0001"});
}

TEST(RunResult, AtomicFailureListsTheRolledBackStepsAndKeepsNothing) {
  ProjectDir dir;
  write_three_with_a_failing_third(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto e = run_error_of([&] { upgrade(project, *db, {.atomic = true}); });
  const auto& r = e.result();
  EXPECT_TRUE(r.applied.empty());
  EXPECT_EQ(revisions(r.rolled_back), (std::vector<std::string>{"0001", "0002"}));
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->revision, "0003");
  EXPECT_TRUE(r.heads_now.empty());
  EXPECT_TRUE(current_heads(project, *db).empty());
  EXPECT_EQ(scalar(url, "SELECT to_regclass('u') IS NULL"), "t");
}

TEST(RunResult, DirtyMigrationKeepsSqlstateAndDetailInTheDirtyState) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text UNIQUE);\nINSERT INTO u VALUES ('a@x');"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "CREATE INDEX CONCURRENTLY u_len ON u (length(email));\n"
                                                              "INSERT INTO u VALUES ('a@x');",
                                              "", "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto e = run_error_of([&] { upgrade(project, *db, {}); });
  const auto& r = e.result();
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->outcome, StepOutcome::dirty);
  EXPECT_EQ(r.failure->statements_done, 1);
  EXPECT_EQ(r.failure->statements_total, 2);
  EXPECT_EQ(r.heads_now, std::vector<std::string>{"0001"});
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty);
  EXPECT_EQ(dirty->sqlstate, "23505");
  EXPECT_NE(dirty->detail.find("(email)=(a@x) already exists"), std::string::npos) << dirty->detail;
  EXPECT_EQ(dirty->error.find('\n'), std::string::npos) << "the message alone: " << dirty->error;
  auto s = status(project, *db);
  ASSERT_TRUE(s.dirty);
  EXPECT_EQ(s.dirty->sqlstate, "23505");
}

TEST(RunResult, LockWaitIsToldWithTheHolderNamedRetort) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (id int);"));
  auto url = fresh_database();
  Config config = dir.config(url);
  config.lock_timeout = 300ms;
  Project project(config);
  auto holder_db = connect(url);
  VersionStore holder_store(*holder_db, project.config());
  MigrationLock held(*holder_db, holder_store, project.config());
  auto db = connect(url);
  std::vector<LockWait> waits;
  RunOptions options;
  options.on_lock_wait = [&](const LockWait& w) { waits.push_back(w); };
  try {
    upgrade(project, *db, options);
    ADD_FAILURE() << "the lock was held";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::lock_timeout);
    EXPECT_NE(std::string(e.what()).find("application 'retort'"), std::string::npos) << e.what();
  }
  ASSERT_EQ(waits.size(), 1u) << "told once, when the wait begins";
  EXPECT_NE(waits[0].holder.find("application 'retort'"), std::string::npos) << waits[0].holder;
  EXPECT_EQ(waits[0].timeout, 300ms);
}

TEST(RunResult, RetortsOwnConnectionsCarryApplicationNameRetortUnlessTheUrlNamesOne) {
  auto url = fresh_database();
  auto db = connect(url);
  EXPECT_EQ(db->query("SELECT current_setting('application_name')").at(0).at(0), "retort");
  const std::string own = url + (url.find('?') == std::string::npos ? "?" : "&") + "application_name=myservice";
  auto theirs = connect(own);
  EXPECT_EQ(theirs->query("SELECT current_setting('application_name')").at(0).at(0), "myservice");
}

TEST(RunResult, EachLockTimeoutRetryIsAnnounced) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE busy (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "ALTER TABLE busy ADD COLUMN note text;"));
  auto url = fresh_database();
  auto db = connect(url);
  Project project(dir.config(url));
  upgrade(project, *db, {.target = Target("a")});
  auto holder = connect(url);
  holder->execute("BEGIN");
  holder->execute("LOCK TABLE busy IN ACCESS SHARE MODE");
  std::vector<RetryEvent> retries;
  RunOptions options{.lock_timeout = "50ms", .lock_retries = 2, .retry_backoff = 10ms};
  options.on_retry = [&](const RetryEvent& e) { retries.push_back(e); };
  auto e = run_error_of([&] { upgrade(project, *db, options); });
  EXPECT_EQ(e.context().sqlstate, "55P03");
  ASSERT_EQ(retries.size(), 2u) << "two retries, each announced; the third failure ends the run";
  EXPECT_EQ(retries[0].migration.revision, "b");
  EXPECT_EQ(retries[0].attempt, 1);
  EXPECT_EQ(retries[1].attempt, 2);
  EXPECT_EQ(retries[1].retries, 2);
  EXPECT_NE(retries[0].message.find("lock timeout"), std::string::npos) << retries[0].message;
  holder->execute("COMMIT");
}

TEST(RunResult, StopCancelsTheRunningStatementOnTheServerRollsBackAndReleasesTheLock) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);"));
  dir.write_migration("3.sql", migration_text("c", "b", "CREATE TABLE c (id int);"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  std::stop_source stop;
  std::thread canceller([&] {
    if (eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND "
                                "query = 'SELECT pg_sleep(60)')")) {
      stop.request_stop();
    }
  });
  const auto started = std::chrono::steady_clock::now();
  RunOptions options;
  options.stop = stop.get_token();
  auto e = run_error_of([&] { upgrade(project, *db, options); });
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s) << "the statement was cancelled, not waited for";
  EXPECT_EQ(e.code(), ErrorCode::cancelled);
  EXPECT_EQ(e.context().sqlstate, "57014") << "the server cancelled it: " << e.what();
  const auto& r = e.result();
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(revisions(r.applied), std::vector<std::string>{"a"});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->revision, "b");
  EXPECT_EQ(r.failure->outcome, StepOutcome::rolled_back);
  EXPECT_EQ(r.heads_now, std::vector<std::string>{"a"});
  // With our session still open: nothing runs, the lock is free, b is rolled back, c never ran.
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                        "query = 'SELECT pg_sleep(60)' AND state = 'active'"), "0");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                        "database = (SELECT oid FROM pg_database WHERE datname = current_database())"), "0");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "a");
  EXPECT_EQ(scalar(url, "SELECT to_regclass('b') IS NULL AND to_regclass('c') IS NULL"), "t");
  EXPECT_EQ(db->query("SELECT 1").at(0).at(0), "1") << "the connection is still usable";
}

TEST(RunResult, StopWhileWaitingForTheLockEndsTheWaitAtOnce) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  auto url = fresh_database();
  Config config = dir.config(url);
  config.lock_timeout = 60s;
  Project project(config);
  auto holder_db = connect(url);
  VersionStore holder_store(*holder_db, project.config());
  MigrationLock held(*holder_db, holder_store, project.config());
  auto db = connect(url);
  std::stop_source stop;
  std::thread stopper;
  RunOptions options;
  options.stop = stop.get_token();
  options.on_lock_wait = [&](const LockWait&) {
    stopper = std::thread([&stop] {
      std::this_thread::sleep_for(100ms);
      stop.request_stop();
    });
  };
  const auto started = std::chrono::steady_clock::now();
  try {
    upgrade(project, *db, options);
    ADD_FAILURE() << "the lock was held";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::cancelled) << e.what();
  }
  if (stopper.joinable()) stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_TRUE(current_heads(project, *db).empty());
}


TEST(RunResult, StopDuringATransactionNoneMigrationLeavesItDirtyWithTheCancellation) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);\nCREATE TABLE c (id int);",
                                              "", "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  std::stop_source stop;
  std::thread canceller([&] {
    if (eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND "
                        "query = 'SELECT pg_sleep(60)')")) {
      stop.request_stop();
    }
  });
  RunOptions options;
  options.stop = stop.get_token();
  auto e = run_error_of([&] { upgrade(project, *db, options); });
  canceller.join();
  EXPECT_EQ(e.code(), ErrorCode::cancelled);
  const auto& r = e.result();
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->outcome, StepOutcome::dirty);
  EXPECT_EQ(r.failure->statements_done, 1) << "CREATE TABLE b stays; c never ran";
  EXPECT_EQ(r.heads_now, std::vector<std::string>{"a"});
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty);
  EXPECT_EQ(dirty->sqlstate, "57014");
  EXPECT_EQ(scalar(url, "SELECT to_regclass('b') IS NOT NULL AND to_regclass('c') IS NULL"), "t");
}

} // namespace
} // namespace retort
