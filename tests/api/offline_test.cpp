// Offline mode: the --sql script, run with psql, leaves the same schema and version rows as a live run.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "retort/temp_cluster.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::scalar;

void write_project(const ProjectDir& dir) {
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE a (id int PRIMARY KEY, note text DEFAULT 'it''s');\n"
                                                           "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
                                                  "DROP FUNCTION f();\nDROP TABLE a;"));
  dir.write_migration("0002.sql", migration_text("b", "a", "CREATE INDEX a_note ON a (note);", "DROP INDEX a_note;"));
  dir.write_migration("0003.sql", migration_text("c", "b", "CREATE INDEX CONCURRENTLY a_id2 ON a (id, note);",
                                                  "DROP INDEX CONCURRENTLY a_id2;", "-- transaction: none\n"));
}

/// Tables, columns, indexes and version rows: enough to tell two databases apart here.
std::string fingerprint(const std::string& url) {
  return scalar(url, "SELECT concat_ws(' | ', "
                     "(SELECT string_agg(table_name || '.' || column_name || ':' || data_type || ':' || coalesce(column_default, ''), ',' ORDER BY table_name, column_name) "
                     " FROM information_schema.columns WHERE table_schema = 'public'), "
                     "(SELECT string_agg(indexdef, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'), "
                     "(SELECT string_agg(version_num, ',' ORDER BY version_num) FROM retort_version), "
                     "(SELECT string_agg(revision || '/' || direction || '/' || coalesce(checksum, ''), ',' ORDER BY id) FROM retort_history))");
}

int run_psql(const std::string& url, const std::string& script) {
  char name[] = "/tmp/retort-script-XXXXXX";
  int fd = mkstemp(name);
  close(fd);
  std::ofstream(name) << script;
  auto psql = test::client_program("psql");  // server-only builds (scripts/pg-matrix.sh) carry none
  int rc = std::system(fmt::format("'{}' -X -q -v ON_ERROR_STOP=1 -d '{}' -f '{}' >/dev/null 2>&1", psql.string(), url, name).c_str());
  std::remove(name);
  return rc;
}

TEST(OfflineScript, UpgradeScriptRunWithPsqlMatchesALiveUpgrade) {
  ProjectDir dir;
  write_project(dir);
  auto live = test::fresh_database(), offline = test::fresh_database();
  Project project(dir.config(live));
  auto db = connect(live);
  upgrade(project, *db, {.target = "head"});
  auto script = upgrade_script(project, db->dialect(), "head");
  EXPECT_NE(script.find("INSERT INTO \"retort_history_dirty\" (revision, direction, statements_total, statements_done) "
                        "VALUES ('c', 'up', '1', '0');\nCREATE INDEX CONCURRENTLY a_id2 ON a (id, note);\n"
                        "UPDATE \"retort_history_dirty\" SET statements_done = '1'"),
            std::string::npos)
      << "a transaction: none migration's statement that cannot run in a transaction runs alone, tracked as a live "
         "run tracks it\n"
      << script;
  ASSERT_EQ(run_psql(offline, script), 0) << script;
  EXPECT_EQ(fingerprint(offline), fingerprint(live));
  EXPECT_NE(fingerprint(live).find("c/up/"), std::string::npos);
}

TEST(OfflineScript, TransactionNoneScriptThatStopsPartWayIsResumedByRetort) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE log (tag text PRIMARY KEY);"));
  dir.write_migration("0002.sql", migration_text("b", "a",
                                                  "INSERT INTO log VALUES ('one');\n"
                                                  "CREATE INDEX CONCURRENTLY log_tag_desc ON log (tag DESC);\n"
                                                  "INSERT INTO log VALUES ('two');\n"
                                                  "INSERT INTO log VALUES ('one');",
                                                  "", "-- transaction: none\n"));
  auto url = test::fresh_database();
  Project project(dir.config(url));
  auto script = upgrade_script(project, dialect_for(url), "head");
  EXPECT_NE(script.find("BEGIN;\nINSERT INTO log VALUES ('two');\nUPDATE"), std::string::npos)
      << "a statement that can run in a transaction commits with its progress record\n" << script;
  EXPECT_NE(run_psql(url, script), 0) << "the last INSERT fails on the primary key";
  auto db = connect(url);
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  EXPECT_EQ(dirty->statements_done, 3);
  scalar(url, "DELETE FROM log WHERE tag = 'one'");  // fix the cause
  resolve(project, *db, Resolution::resume);
  EXPECT_EQ(scalar(url, "SELECT string_agg(tag, ',' ORDER BY tag) FROM log"), "one,two");
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"b"});
}

TEST(OfflineScript, RangeAndDowngradeScriptsMatchLiveRuns) {
  ProjectDir dir;
  write_project(dir);
  auto live = test::fresh_database(), offline = test::fresh_database();
  Project project(dir.config(live));
  auto db = connect(live);
  const auto& d = db->dialect();
  upgrade(project, *db, {.target = "b"});
  downgrade(project, *db, {.target = "a"});
  ASSERT_EQ(run_psql(offline, upgrade_script(project, d, "base:b")), 0);
  ASSERT_EQ(run_psql(offline, downgrade_script(project, d, "b:a")), 0);
  EXPECT_EQ(fingerprint(offline), fingerprint(live));
  EXPECT_EQ(scalar(offline, "SELECT version_num FROM retort_version"), "a");
}

TEST(OfflineScript, DowngradeNeedsARangeAndStampScriptWritesOnlyVersionRows) {
  ProjectDir dir;
  write_project(dir);
  Project project(dir.config(""));
  const Dialect& d = dialect_for("postgresql://");
  try {
    (void)downgrade_script(project, d, "base");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::target);
  }
  auto url = test::fresh_database();
  ASSERT_EQ(run_psql(url, stamp_script(project, d, "b")), 0);
  EXPECT_EQ(scalar(url, "SELECT version_num FROM retort_version"), "b");
  EXPECT_EQ(scalar(url, "SELECT to_regclass('a') IS NULL"), "t");
}

TEST(OfflineScript, UnparsableSqlFailsWithFileAndLineAndPrintsNothing) {
  ProjectDir dir;
  write_project(dir);
  dir.write_migration("0004.sql", migration_text("d", "c", "SELECT 1;\nSELEC 2;"));
  Project project(dir.config(""));
  try {
    (void)upgrade_script(project, dialect_for("postgresql://"), "head");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_NE(std::string(e.what()).find("0004.sql:7"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace retort
