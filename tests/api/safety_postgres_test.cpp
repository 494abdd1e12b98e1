// Safe failure: non-transactional statements, --atomic, dirty state and its resolution,
// checksums, lock_timeout retries.
#include <gtest/gtest.h>

#include <thread>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::migration_text;
using test::ProjectDir;
using test::scalar;

ErrorCode code_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return ErrorCode::internal;
}

TEST(PostgresSafety, NonTransactionalStatementInTransactionalFileIsRefusedBeforeAnythingRuns) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY b_id ON b (id);"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  std::string message;
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }, &message), ErrorCode::migration_file);
  EXPECT_NE(message.find("2.sql:7: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), std::string::npos) << message;
  EXPECT_TRUE(current_heads(project, *db).empty()) << "not even migration a may run";
  EXPECT_EQ(scalar(url, "SELECT to_regclass('a') IS NULL"), "t");
}

TEST(PostgresSafety, ExplicitCommitInsideATransactionalMigrationIsRefused) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);\nCOMMIT;"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }), ErrorCode::migration_file);
  EXPECT_EQ(scalar(url, "SELECT to_regclass('a') IS NULL"), "t");
}

TEST(PostgresSafety, AtomicRunIsAllOrNothing) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);"));
  dir.write_migration("3.sql", migration_text("c", "b", "INSERT INTO nowhere VALUES (1);"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {.atomic = true}); }), ErrorCode::sql_failed);
  EXPECT_TRUE(current_heads(project, *db).empty());
  EXPECT_EQ(scalar(url, "SELECT to_regclass('a') IS NULL AND to_regclass('b') IS NULL"), "t");
  upgrade(project, *db, {.target = "b", .atomic = true});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(PostgresSafety, AtomicRunRefusesTransactionNoneMigrations) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE INDEX CONCURRENTLY a_id ON a (id);", "", "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {.atomic = true}); }), ErrorCode::refused);
  EXPECT_TRUE(current_heads(project, *db).empty());
}

/// A transaction: none migration whose unique index build fails on duplicate rows.
void write_dirty_scenario(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE items (v int);\nINSERT INTO items VALUES (1), (1);",
                                              "DROP TABLE items;"));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "CREATE TABLE side (id int);\n"
                                              "CREATE UNIQUE INDEX CONCURRENTLY items_v ON items (v);\n"
                                              "CREATE INDEX CONCURRENTLY side_id ON side (id);",
                                              "DROP INDEX CONCURRENTLY side_id;\nDROP INDEX CONCURRENTLY items_v;\nDROP TABLE side;",
                                              "-- transaction: none\n"));
  dir.write_migration("3.sql", migration_text("c", "b", "CREATE TABLE later (id int);", "DROP TABLE later;"));
}

TEST(PostgresSafety, FailedNoTransactionMigrationLeavesADirtyStateThatBlocksLaterRuns) {
  ProjectDir dir;
  write_dirty_scenario(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  std::string message;
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }, &message), ErrorCode::sql_failed);
  EXPECT_NE(message.find("1 of its 3 statements completed"), std::string::npos) << message;
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  EXPECT_EQ(dirty->revision, "b");
  EXPECT_EQ(dirty->statements_done, 1);
  EXPECT_EQ(dirty->failed_line, 8);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "1") << "the failed build leaves an INVALID index";
  // every writing command refuses, naming the revision and the ways out
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }, &message), ErrorCode::refused);
  EXPECT_NE(message.find("migration b"), std::string::npos);
  EXPECT_NE(message.find("retort resolve --resume"), std::string::npos);
  EXPECT_EQ(code_of([&] { downgrade(project, *db, {.target = "base"}); }), ErrorCode::refused);
  EXPECT_EQ(code_of([&] { stamp(project, *db, {.targets = {"c"}}); }), ErrorCode::refused);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
}

TEST(PostgresSafety, ResumeDropsTheInvalidIndexAndFinishesFromTheFailedStatement) {
  ProjectDir dir;
  write_dirty_scenario(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_THROW(upgrade(project, *db, {}), Error);
  scalar(url, "DELETE FROM items WHERE ctid IN (SELECT max(ctid) FROM items)");  // fix the cause
  auto result = resolve(project, *db, Resolution::resume);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].find("INVALID index public.items_v"), std::string::npos) << result.notes[0];
  EXPECT_FALSE(dirty_state(project, *db).has_value());
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_indexes WHERE indexname IN ('items_v', 'side_id')"), "2");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_class WHERE relname = 'side'"), "1") << "statement 1 must not run twice";
  upgrade(project, *db, {});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"c"});
}

TEST(PostgresSafety, ResumeRefusesWhenAnAlreadyRunStatementWasEdited) {
  ProjectDir dir;
  write_dirty_scenario(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_THROW(upgrade(project, *db, {}), Error);
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE side (id bigint);\nSELECT 1;", "", "-- transaction: none\n"));
  Project edited(dir.config(url));
  EXPECT_EQ(code_of([&] { resolve(edited, *db, Resolution::resume); }), ErrorCode::refused);
  EXPECT_TRUE(dirty_state(edited, *db).has_value());
}

TEST(PostgresSafety, MarkAppliedAndRolledBackClearTheDirtyState) {
  ProjectDir dir;
  write_dirty_scenario(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_THROW(upgrade(project, *db, {}), Error);
  resolve(project, *db, Resolution::mark_rolled_back);
  EXPECT_FALSE(dirty_state(project, *db).has_value());
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  EXPECT_EQ(code_of([&] { resolve(project, *db, Resolution::mark_applied); }), ErrorCode::refused) << "nothing to resolve";
  EXPECT_THROW(upgrade(project, *db, {}), Error);  // fails again the same way
  resolve(project, *db, Resolution::mark_applied);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(PostgresSafety, EditedAppliedMigrationBlocksUpgradeUntilRehashed) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);"));
  auto url = fresh_database();
  auto db = connect(url);
  {
    Project project(dir.config(url));
    upgrade(project, *db, {.target = "a"});
  }
  // Line endings and trailing blanks are not an edit.
  dir.write_migration("1.sql", "-- revision: a\r\n-- down_revision: none\r\n\r\n-- migrate:up\r\nCREATE TABLE a (id int);   \r\n\r\n");
  {
    Project project(dir.config(url));
    EXPECT_TRUE(verify(project, *db).mismatches.empty());
  }
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id bigint);"));
  Project project(dir.config(url));
  auto report = verify(project, *db);
  ASSERT_EQ(report.mismatches.size(), 1u);
  EXPECT_EQ(report.mismatches[0].revision, "a");
  std::string message;
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }, &message), ErrorCode::refused);
  EXPECT_NE(message.find("a (1.sql)"), std::string::npos) << message;
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  rehash(project, *db, {"a"});
  EXPECT_TRUE(verify(project, *db).mismatches.empty());
  upgrade(project, *db, {});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(PostgresSafety, AllowChangedRunsDespiteAnEditedMigration) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);"));
  auto url = fresh_database();
  auto db = connect(url);
  upgrade(Project(dir.config(url)), *db, {.target = "a"});
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int); -- edited"));
  Project project(dir.config(url));
  upgrade(project, *db, {.allow_changed = true});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(PostgresSafety, LockTimeoutIsRetriedUntilTheTableIsFree) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE busy (id int);"));
  dir.write_migration("2.sql", migration_text("b", "a", "ALTER TABLE busy ADD COLUMN note text;"));
  auto url = fresh_database();
  auto db = connect(url);
  Project project(dir.config(url));
  upgrade(project, *db, {.target = "a"});
  auto holder = connect(url);
  holder->execute("BEGIN");
  holder->execute("LOCK TABLE busy IN ACCESS SHARE MODE");
  // Without retries the migration gives up at the first lock_timeout.
  std::string message;
  EXPECT_EQ(code_of([&] {
              upgrade(project, *db, {.lock_timeout = "100ms", .lock_retries = 0});
            }, &message),
            ErrorCode::sql_failed);
  EXPECT_NE(message.find("lock timeout"), std::string::npos) << message;
  // With retries it waits in short attempts, and succeeds once the holder lets go.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    holder->execute("COMMIT");
  });
  auto started = std::chrono::steady_clock::now();
  upgrade(project, *db, {.lock_timeout = "100ms", .lock_retries = 8, .retry_backoff = std::chrono::milliseconds(50)});
  release.join();
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'busy' AND column_name = 'note'"), "1");
}

TEST(PostgresSafety, PerFileTimeoutsAreAppliedWithSetLocal) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE t AS SELECT current_setting('lock_timeout') AS lt, "
                                                       "current_setting('statement_timeout') AS st;",
                                              "", "-- lock_timeout: 3s\n-- statement_timeout: 1min\n"));
  dir.write_migration("2.sql", migration_text("b", "a", "SELECT pg_sleep(2);", "", "-- statement_timeout: 200ms\n"));
  auto url = fresh_database();
  auto db = connect(url);
  Project project(dir.config(url));
  std::string message;
  EXPECT_EQ(code_of([&] { upgrade(project, *db, {}); }, &message), ErrorCode::sql_failed);
  EXPECT_NE(message.find("statement timeout"), std::string::npos) << message;
  EXPECT_EQ(scalar(url, "SELECT lt || ' ' || st FROM t"), "3s 1min");
  EXPECT_EQ(scalar(url, "SHOW lock_timeout"), "0") << "SET LOCAL must not leak into the session";
}

} // namespace
} // namespace retort
