// Upgrade, downgrade, stamp and status through the library against the run's real PostgreSQL.
#include <gtest/gtest.h>

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

/// Five linear migrations, each creating table tN; migration `broken` (1-based) gets `bad_sql` appended.
void write_five(const ProjectDir& dir, int broken = 0, const std::string& bad_sql = "") {
  for (int i = 1; i <= 5; ++i) {
    std::string up = "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY);\n";
    if (i == broken) up += bad_sql;
    dir.write_migration("000" + std::to_string(i) + "_t.sql",
                        migration_text("r" + std::to_string(i), i == 1 ? "" : "r" + std::to_string(i - 1), up,
                                       "DROP TABLE t" + std::to_string(i) + ";"));
  }
}

std::string table_count(const std::string& url) {
  return scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't_'");
}

TEST(PostgresUpgrade, UpgradeHeadAppliesEveryMigrationAndRecordsHistory) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto result = upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(result.plan.steps.size(), 5u);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r5"});
  EXPECT_EQ(table_count(url), "5");
  auto history = applied_history(project, *db);
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].revision, "r1");
  EXPECT_EQ(history[0].direction, "up");
  EXPECT_EQ(history[0].checksum, migration_checksum(with_bodies(project.graph()[0])));
  EXPECT_EQ(history[0].checksum, project.graph()[0].checksum);
  EXPECT_NE(history[0].applied_by.find("postgres@"), std::string::npos);
}

TEST(PostgresUpgrade, SecondUpgradeFindsNothingToDo) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  EXPECT_TRUE(upgrade(project, *db, {.target = "head"}).plan.steps.empty());
  EXPECT_EQ(applied_history(project, *db).size(), 5u);
}

TEST(PostgresUpgrade, ParseErrorInThirdOfFiveLeavesDatabaseAtSecondWithFileAndLine) {
  ProjectDir dir;
  write_five(dir, 3, "CREAT TABLE oops (x int);\n");
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_NE(std::string(e.what()).find("0003_t.sql:7"), std::string::npos) << e.what();
    EXPECT_EQ(e.context().line, 7);
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
  EXPECT_EQ(table_count(url), "2");
}

TEST(PostgresUpgrade, ServerErrorRollsBackTheWholeMigrationAndReportsSqlstateAndLine) {
  ProjectDir dir;
  write_five(dir, 3, "\nINSERT INTO missing_table VALUES (1);\n");
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::sql_failed);
    EXPECT_EQ(e.context().sqlstate, "42P01");
    EXPECT_EQ(e.context().line, 8);
    EXPECT_EQ(e.context().revision, "r3");
    EXPECT_NE(std::string(e.what()).find("0003_t.sql:8"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("missing_table"), std::string::npos) << e.what();
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
  EXPECT_EQ(scalar(url, "SELECT to_regclass('t3') IS NULL"), "t") << "t3 was created by the failed migration";
}

TEST(PostgresUpgrade, ErrorCarriesDetailAndHintFromTheServer) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE u (id int UNIQUE);\nINSERT INTO u VALUES (1);\nINSERT INTO u VALUES (1);"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.context().sqlstate, "23505");
    EXPECT_NE(e.context().detail.find("Key (id)=(1) already exists"), std::string::npos);
    EXPECT_NE(e.describe().find("DETAIL: Key (id)=(1)"), std::string::npos);
  }
  EXPECT_TRUE(current_heads(project, *db).empty());
}

TEST(PostgresUpgrade, DowngradeBaseLeavesOnlyTheVersionTables) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  auto result = downgrade(project, *db, {.target = "base"});
  ASSERT_EQ(result.plan.steps.size(), 5u);
  EXPECT_EQ(project.graph()[result.plan.steps.front().revision].revision, "r5");
  EXPECT_TRUE(current_heads(project, *db).empty());
  EXPECT_EQ(scalar(url, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"),
            "retort_history,retort_history_dirty,retort_version");
}

TEST(PostgresUpgrade, RelativeTargetsMoveOneStepAtATime) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "+2"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
  upgrade(project, *db, {.target = "r4"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r4"});
  downgrade(project, *db, {.target = "-1"});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r3"});
  EXPECT_EQ(table_count(url), "3");
}

TEST(PostgresUpgrade, DowngradeRefusesBeforeRunningWhenAMigrationHasNoDownSection) {
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", "CREATE TABLE a (x int);", "DROP TABLE a;"));
  dir.write_migration("0002.sql", migration_text("b", "a", "CREATE TABLE b (x int);"));
  dir.write_migration("0003.sql", migration_text("c", "b", "CREATE TABLE c (x int);", "DROP TABLE c;"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  try {
    downgrade(project, *db, {.target = "base"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::refused);
    EXPECT_NE(std::string(e.what()).find("revision b has no '-- migrate:down'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"c"}) << "nothing may run before the refusal";
}

TEST(PostgresUpgrade, StampSetsTheVersionWithoutRunningSql) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  stamp(project, *db, {.targets = {"r3"}});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r3"});
  EXPECT_EQ(table_count(url), "0");
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(table_count(url), "2");  // t4 and t5 only
  stamp(project, *db, {.targets = {"base"}});
  EXPECT_TRUE(current_heads(project, *db).empty());
}

TEST(PostgresUpgrade, StampRefusesAnUnknownCurrentRevisionUnlessPurged) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  stamp(project, *db, {.targets = {"r1"}});
  db->execute("UPDATE retort_version SET version_num = 'gone'");
  EXPECT_THROW(stamp(project, *db, {.targets = {"r2"}}), Error);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"gone"});
  stamp(project, *db, {.targets = {"r2"}, .purge = true});
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
}

TEST(PostgresUpgrade, AdoptsAnAlembicVersionTableWhereItStands) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  // What Alembic leaves behind after `alembic upgrade r2` (its own DDL for the version table).
  scalar(url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
              "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
  scalar(url, "CREATE TABLE t1 (id int PRIMARY KEY)");
  scalar(url, "CREATE TABLE t2 (id int PRIMARY KEY)");
  scalar(url, "INSERT INTO alembic_version VALUES ('r2')");
  auto config = dir.config(url);
  config.version_table = "alembic_version";
  Project project(config);
  auto db = connect(url);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
  auto result = upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(result.plan.steps.size(), 3u);
  EXPECT_EQ(scalar(url, "SELECT version_num FROM alembic_version"), "r5");
  EXPECT_EQ(table_count(url), "5");
}

TEST(PostgresUpgrade, VersionTableInAnotherSchemaIsCreatedThere) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  scalar(url, "CREATE SCHEMA meta");
  auto config = dir.config(url);
  config.version_schema = "meta";
  Project project(config);
  auto db = connect(url);
  upgrade(project, *db, {.target = "r1"});
  EXPECT_EQ(scalar(url, "SELECT version_num FROM meta.retort_version"), "r1");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM meta.retort_history"), "1");
}

TEST(PostgresUpgrade, ForeignTableWithTheVersionTableNameIsRefused) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  scalar(url, "CREATE TABLE retort_version (something int)");
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::version_table);
  }
  EXPECT_EQ(table_count(url), "0");
}

TEST(PostgresUpgrade, StatusListsAppliedAndPending) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "r2"});
  auto s = status(project, *db);
  EXPECT_EQ(s.current, std::vector<std::string>{"r2"});
  EXPECT_EQ(s.applied, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(s.pending, (std::vector<std::string>{"r3", "r4", "r5"}));
  ASSERT_EQ(s.last_applied.size(), 2u);
  ASSERT_TRUE(s.last_applied[0] && s.last_applied[1]);
  EXPECT_EQ(s.last_applied[0]->revision, "r1");
  EXPECT_EQ(s.last_applied[1]->revision, "r2");
  EXPECT_FALSE(s.dirty);
}

TEST(PostgresUpgrade, StatusShowsEachRevisionsLatestUpRecordAndNoneForAStampedOne) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "r2"});
  downgrade(project, *db, {.target = "r1"});
  upgrade(project, *db, {.target = "r2"});
  stamp(project, *db, {.targets = {"r3"}});
  auto s = status(project, *db);
  ASSERT_EQ(s.applied, (std::vector<std::string>{"r1", "r2", "r3"}));
  ASSERT_EQ(s.last_applied.size(), 3u);
  std::vector<HistoryRecord> ups_of_r2;
  for (const auto& h : applied_history(project, *db)) {
    if (h.revision == "r2" && h.direction == "up") ups_of_r2.push_back(h);
  }
  ASSERT_EQ(ups_of_r2.size(), 2u);
  ASSERT_TRUE(s.last_applied[1]);
  EXPECT_EQ(s.last_applied[1]->applied_at, ups_of_r2.back().applied_at) << "the second run of r2, not the first";
  EXPECT_NE(ups_of_r2.front().applied_at, ups_of_r2.back().applied_at);
  EXPECT_FALSE(s.last_applied[2]) << "r3 was stamped, never run";
  EXPECT_TRUE(s.history_read);
  auto brief = read_database_state(project.config(), *db, false);
  EXPECT_FALSE(brief.history_read);
  EXPECT_TRUE(brief.latest_up.empty());
  EXPECT_EQ(brief.heads, std::vector<std::string>{"r3"});
  auto brief_status = status(project, std::move(brief));
  EXPECT_FALSE(brief_status.history_read);
  EXPECT_EQ(brief_status.applied, s.applied);
}

TEST(PostgresUpgrade, AMigrationThatRemovesItsVersionRowIsRolledBackAsAVersionTableError) {
  ProjectDir dir;
  write_five(dir, 3, "DELETE FROM retort_version;\n");
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {.target = "head"});
    FAIL() << "expected a version table error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::version_table) << e.what();
    EXPECT_NE(std::string(e.what()).find("r3 was rolled back"), std::string::npos) << e.what();
  }
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r2"});
  EXPECT_EQ(table_count(url), "2") << "t3 rolled back with its version row";
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE revision = 'r3'"), "0");
}

TEST(PostgresUpgrade, EveryMigrationButTheLastCommitsWithoutWaitingForItsFlush) {
  ProjectDir dir;
  dir.write_migration("0000_seen.sql", migration_text("r0", "", "CREATE TABLE seen (k serial, v text);\n"
                                                                 "INSERT INTO seen (v) SELECT current_setting('synchronous_commit');"));
  for (int i = 1; i <= 3; ++i) {
    dir.write_migration("000" + std::to_string(i) + "_x.sql",
                        migration_text("r" + std::to_string(i), "r" + std::to_string(i - 1),
                                       "INSERT INTO seen (v) SELECT current_setting('synchronous_commit');"));
  }
  auto url = fresh_database();
  // The test cluster runs with synchronous_commit off; this database gets the usual default back.
  connect(url)->execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$");
  Project project(dir.config(url));
  auto db = connect(url);
  ASSERT_EQ(db->query("SHOW synchronous_commit").at(0).at(0), "on");
  upgrade(project, *db, {.target = "r2"});
  EXPECT_EQ(scalar(url, "SELECT string_agg(v, ',' ORDER BY k) FROM seen"), "off,off,on");
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(scalar(url, "SELECT string_agg(v, ',' ORDER BY k) FROM seen"), "off,off,on,on") << "a run of one: its own flush";
  EXPECT_EQ(db->query("SHOW synchronous_commit").at(0).at(0), "on") << "SET LOCAL: nothing outlives its transaction";
}

TEST(PostgresUpgrade, AMigrationThatDropsPreparedStatementsStillRecordsItsVersionRow) {
  ProjectDir dir;
  write_five(dir, 3, "DEALLOCATE ALL;\n");
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  auto result = upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(result.plan.steps.size(), 5u);
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"r5"});
  EXPECT_EQ(table_count(url), "5");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "5") << "each step recorded once";
}

TEST(PostgresUpgrade, ReadCommandsCreateNothing) {
  ProjectDir dir;
  write_five(dir);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_TRUE(current_heads(project, *db).empty());
  EXPECT_EQ(status(project, *db).pending.size(), 5u);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(PostgresUpgrade, FunctionBodiesAndDollarQuotesRunAsSingleStatements) {
  // SQL-standard bodies (BEGIN ATOMIC) are PostgreSQL 14+; 13 gets the same function quoted.
  const std::string two = test::server_version_num() >= 140000
                              ? "CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;"
                              : "CREATE FUNCTION two() RETURNS int LANGUAGE sql AS 'SELECT 1; SELECT 2';";
  ProjectDir dir;
  dir.write_migration("0001.sql", migration_text("a", "", R"(CREATE TABLE n (v int);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.v := NEW.v + 1; -- a ';' inside
  RETURN NEW;
END;
$body$;
CREATE TRIGGER n_bump BEFORE INSERT ON n FOR EACH ROW EXECUTE FUNCTION bump();
)" + two + R"(
INSERT INTO n VALUES (E'4'::int + two());)"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  EXPECT_EQ(scalar(url, "SELECT v FROM n"), "7");
}

} // namespace
} // namespace retort
