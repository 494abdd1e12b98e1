// The same runner against a real SQLite file.
#include <gtest/gtest.h>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;

std::size_t tables_named(Connection& db, const std::string& like) {
  return db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?1", {like}).size();
}

TEST(SqliteUpgrade, UpgradeDowngradeAndTriggerBodies) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE items (id INTEGER PRIMARY KEY, n INT);\n"
                                                           "CREATE TRIGGER items_n AFTER INSERT ON items BEGIN\n"
                                                           "  UPDATE items SET n = 1 WHERE id = NEW.id; SELECT ';';\n"
                                                           "END;",
                                                  "DROP TABLE items;"));
  dir.write_migration("0002.sql", migration_text("b", "a", "CREATE TABLE more (id INTEGER);", "DROP TABLE more;"));
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
  db->execute("INSERT INTO items (id) VALUES (5)");
  EXPECT_EQ(db->query("SELECT n FROM items", {}).at(0).at(0), "1");
  EXPECT_EQ(applied_history(project, *db).size(), 2u);
  downgrade(project, *db, {.target = "base"});
  EXPECT_TRUE(current_heads(project, *db).empty());
  EXPECT_EQ(tables_named(*db, "items"), 0u);
  EXPECT_EQ(tables_named(*db, "more"), 0u);
}

TEST(SqliteUpgrade, FailingStatementRollsBackItsMigrationOnly) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE one (id INTEGER);"));
  dir.write_migration("0002.sql", migration_text("b", "a", "CREATE TABLE two (id INTEGER);\nINSERT INTO nowhere VALUES (1);"));
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::sql_failed);
    EXPECT_EQ(e.context().line, 7);
    EXPECT_NE(std::string(e.what()).find("no such table: nowhere"), std::string::npos) << e.what();
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  EXPECT_EQ(tables_named(*db, "two"), 0u);
}

TEST(SqliteUpgrade, InMemoryDatabaseWorks) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE one (id INTEGER);"));
  Project project(dir.config("sqlite:///:memory:"));
  auto db = connect("sqlite:///:memory:");
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
}

TEST(SqliteUpgrade, AMigrationThatRemovesItsVersionRowIsRolledBackAsAVersionTableError) {
  ProjectDir dir;
  dir.write_migration("0001_a.sql", migration_text("a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("0002_b.sql", migration_text("b", "a", "CREATE TABLE b (id int);\nDELETE FROM retort_version;", "DROP TABLE b;"));
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL() << "expected a version table error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::version_table) << e.what();
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"a"});
  EXPECT_EQ(db->query("SELECT name FROM sqlite_master WHERE name = 'b'").size(), 0u);
}

} // namespace
} // namespace retort
