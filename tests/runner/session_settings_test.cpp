// The caller's connection is left as it was found: a `transaction: none` migration, which has no
// transaction to SET LOCAL in, sets its timeouts for the session and puts back the caller's own
// values afterwards, whether it completed or failed.
#include <gtest/gtest.h>

#include <string>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::migration_text;
using test::ProjectDir;

std::string setting(Connection& db, const std::string& name) {
  return db.query("SELECT current_setting($1)", {name}).at(0).at(0).value_or("");
}

TEST(SessionSettings, ATransactionlessMigrationPutsBackTheCallersTimeouts) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE t (id int);"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "CREATE INDEX CONCURRENTLY t_id ON t (id);", "",
                                              "-- transaction: none\n-- lock_timeout: 3s\n-- statement_timeout: 9s\n"));
  dir.write_migration("3.sql", migration_text("0003", "0002", "CREATE INDEX CONCURRENTLY t_id ON t (id);", "",
                                              "-- transaction: none\n-- lock_timeout: 4s\n"));
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  db->execute("SET lock_timeout = '7s'");  // the caller's own; statement_timeout stays the default
  const auto statement_timeout = setting(*db, "statement_timeout");
  upgrade(project, *db, {.target = "0002"});
  EXPECT_EQ(setting(*db, "lock_timeout"), "7s");
  EXPECT_EQ(setting(*db, "statement_timeout"), statement_timeout);
  // 0003 fails (the index exists) and stays dirty: the settings are put back all the same.
  EXPECT_THROW(upgrade(project, *db, {}), RunError);
  EXPECT_EQ(setting(*db, "lock_timeout"), "7s");
  EXPECT_EQ(setting(*db, "statement_timeout"), statement_timeout);
}

} // namespace
} // namespace retort
