// `transaction: none` migrations on SQLite: statements that can run in a transaction commit with
// their progress record; PRAGMA and VACUUM, which cannot (PRAGMA foreign_keys is silently ignored
// inside one), run alone; a run killed right after a statement completed resumes exactly once.
#include <gtest/gtest.h>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/killed_run.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;

std::string one(Connection& db, const std::string& sql) { return db.query(sql, {}).at(0).at(0).value_or(""); }

/// A table rebuild the SQLite way: foreign keys off (outside any transaction, or it does nothing),
/// the parent replaced while a child still points at it, foreign keys back on; INSERTs around it.
void write_rebuild_project(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                                                       "CREATE TABLE child (p INTEGER REFERENCES parent (id));\n"
                                                       "CREATE TABLE counter (tag TEXT NOT NULL);\n"
                                                       "INSERT INTO parent VALUES (1);\nINSERT INTO child VALUES (1);"));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "PRAGMA foreign_keys = OFF;\n"
                                              "INSERT INTO counter VALUES ('one');\n"
                                              "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, note TEXT);\n"
                                              "INSERT INTO parent_new (id) SELECT id FROM parent;\n"
                                              "DROP TABLE parent;\n"
                                              "ALTER TABLE parent_new RENAME TO parent;\n"
                                              "PRAGMA foreign_keys = ON;\n"
                                              "INSERT INTO counter VALUES ('two');\n"
                                              "VACUUM;",
                                              "", "-- transaction: none\n"));
}

TEST(SqliteResume, PragmaRunsOutsideTheStatementTransactions) {
  ProjectDir dir;
  write_rebuild_project(dir);
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  upgrade(project, *db, {});  // DROP TABLE parent fails (FOREIGN KEY constraint) if the PRAGMA did nothing
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
  EXPECT_EQ(one(*db, "SELECT group_concat(tag, ',') FROM counter"), "one,two");
  EXPECT_EQ(one(*db, "SELECT count(*) FROM parent"), "1");
}

/// INSERTs, whose repetition would show, around a PRAGMA and a VACUUM, which run alone.
void write_sqlite_counting_project(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE counter (tag TEXT NOT NULL);"));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "INSERT INTO counter VALUES ('one');\n"
                                              "PRAGMA user_version = 7;\n"
                                              "INSERT INTO counter VALUES ('two');\n"
                                              "VACUUM;\n"
                                              "UPDATE counter SET tag = tag || '+' WHERE tag = 'one';",
                                              "", "-- transaction: none\n"));
}

TEST(SqliteResume, KilledRightAfterEachStatementResumesExactlyOnce) {
  // As in resume_postgres_test.cpp: the run SIGKILLs itself when the chosen statement has
  // completed, before it does anything else (support/killed_run.hpp).
  for (std::size_t kill_after = 0; kill_after < 5; ++kill_after) {
    SCOPED_TRACE(kill_after);
    ProjectDir dir;
    write_sqlite_counting_project(dir);
    const Config config = dir.config(dir.sqlite_url());
    ASSERT_TRUE(test::upgrade_killed_at(config, [&](const StatementEvent& e) { return e.finished && e.index == kill_after; }));
    Project project(config);
    auto db = connect(config.url);
    auto dirty = dirty_state(project, *db);
    ASSERT_TRUE(dirty.has_value());
    resolve(project, *db, Resolution::resume);
    EXPECT_FALSE(dirty_state(project, *db).has_value());
    EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
    EXPECT_EQ(one(*db, "SELECT group_concat(tag, ',') FROM counter"), "one+,two");
    EXPECT_EQ(one(*db, "PRAGMA user_version"), "7");
    EXPECT_EQ(dirty->in_flight.value_or(-1), kill_after == 1 || kill_after == 3 ? static_cast<int>(kill_after + 1) : 0);
  }
}

} // namespace
} // namespace retort
