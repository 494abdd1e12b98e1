// Issue 11, "Don't let people hurt themselves": confirmation before a downgrade drops data, an
// Alembic table beside a missing version table, objects that exist already, connection and
// permission errors that say who and where, the database ahead of the folder, SQLite files that
// reads never create, read-only files refused up front, and revision files and messages.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::migration_text;
using test::ProjectDir;
using test::run_retort;
using test::scalar;

void write_three_with_an_index(const ProjectDir& dir) {
  dir.write_migration("0001_a.sql", migration_text("0001_a", "", "CREATE TABLE a (id int, x int);", "DROP TABLE a;"));
  dir.write_migration("0002_b.sql", migration_text("0002_b", "0001_a", "CREATE INDEX a_x ON a (x);", "DROP INDEX a_x;"));
  dir.write_migration("0003_c.sql", migration_text("0003_c", "0002_b", "CREATE TABLE c (id int);\nALTER TABLE a ADD COLUMN y int;",
                                                   "ALTER TABLE a DROP COLUMN y;\nDROP TABLE c;"));
}

std::string tables(const std::string& url) {
  return scalar(url, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables "
                     "WHERE schemaname = 'public' AND tablename NOT LIKE 'retort%'");
}

std::string version(const std::string& url) {
  return scalar(url, "SELECT coalesce(string_agg(version_num, ','), '') FROM retort_version");
}

// ---- downgrade that drops data ----

TEST(CliSafety, DowngradeThatDropsDataIsRefusedWithoutYesWhenNobodyCanAnswer) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade"}, dir.path()).exit_code, 0);
  auto r = run_retort({"--url", url, "downgrade", "-1"}, dir.path());
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_TRUE(contains(r.err, "Pass --yes")) << r.err;
  EXPECT_TRUE(contains(r.err, "column a.y  (")) << r.err;
  EXPECT_TRUE(contains(r.err, "table c  (")) << r.err;
  EXPECT_TRUE(contains(r.err, "0003_c.sql:10, 0003_c)")) << r.err;
  EXPECT_TRUE(contains(r.err, "0003_c.sql:11, 0003_c)")) << r.err;
  EXPECT_FALSE(contains(r.err, "Running downgrade")) << r.err;
  EXPECT_EQ(tables(url), "a,c") << "nothing ran";
  EXPECT_EQ(version(url), "0003_c");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'y'"), "1");

  auto yes = run_retort({"--url", url, "downgrade", "-1", "--yes"}, dir.path());
  EXPECT_EQ(yes.exit_code, 0) << yes.err;
  EXPECT_EQ(tables(url), "a");
  EXPECT_EQ(version(url), "0002_b");
}

TEST(CliSafety, DowngradeThatDropsNothingDoesNotAskButBaseAlwaysDoes) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade", "0002"}, dir.path()).exit_code, 0);
  // 0002's down drops an index only: no question.
  auto index = run_retort({"--url", url, "downgrade", "-1"}, dir.path());
  EXPECT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(version(url), "0001_a");
  // To base always asks, whatever the down sections hold.
  ProjectDir harmless;
  harmless.write_migration("1.sql", migration_text("only", "", "SELECT 1;", "SELECT 1;"));
  auto url2 = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url2, "upgrade"}, harmless.path()).exit_code, 0);
  auto base = run_retort({"--url", url2, "downgrade", "base"}, harmless.path());
  EXPECT_EQ(base.exit_code, 10) << base.err;
  EXPECT_TRUE(contains(base.err, "ends at base: it undoes every applied migration (1)")) << base.err;
  EXPECT_EQ(version(url2), "only");
  // --sql runs nothing, so it asks nothing.
  auto offline = run_retort({"--url", url, "downgrade", "--sql", "head:base"}, dir.path());
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
}

TEST(CliSafety, DowngradeAsksOnARealTerminal) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade"}, dir.path()).exit_code, 0);
  const std::map<std::string, std::string> env{{"DATABASE_URL", url}};
  // "n" refuses and changes nothing.
  auto no = test::run_retort_on_terminal({"downgrade", "base"}, dir.path(), env, "[y/N] ", {"n"});
  EXPECT_EQ(no.exit_code, 10) << no.out;
  EXPECT_TRUE(contains(no.out, "ends at base: it undoes every applied migration (3)")) << no.out;
  EXPECT_TRUE(contains(no.out, "table a  (")) << no.out;
  EXPECT_TRUE(contains(no.out, "not confirmed; nothing was run")) << no.out;
  EXPECT_EQ(tables(url), "a,c");
  EXPECT_EQ(version(url), "0003_c");
  // End of input is no too.
  auto eof = test::run_retort_on_terminal({"downgrade", "-1"}, dir.path(), env, "[y/N] ", {});
  EXPECT_EQ(eof.exit_code, 10) << eof.out;
  EXPECT_EQ(version(url), "0003_c");
  // "y" goes on.
  auto yes = test::run_retort_on_terminal({"downgrade", "-1"}, dir.path(), env, "[y/N] ", {"y"});
  EXPECT_EQ(yes.exit_code, 0) << yes.out;
  EXPECT_TRUE(contains(yes.out, "Undid 1 migration(s)")) << yes.out;
  EXPECT_EQ(tables(url), "a");
  EXPECT_EQ(version(url), "0002_b");
}

TEST(CliSafety, SqliteDowngradeThatDropsATableAsksToo) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("s1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;"));
  dir.write_migration("2.sql", migration_text("s2", "s1", "CREATE TABLE u (id INTEGER);", "DROP TABLE IF EXISTS \"u\";"));
  const std::string url = "sqlite:///" + (dir.path() / "app.db").string();
  ASSERT_EQ(run_retort({"--url", url, "upgrade"}, dir.path()).exit_code, 0);
  auto r = run_retort({"--url", url, "downgrade", "-1"}, dir.path());
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_TRUE(contains(r.err, "table u  (")) << r.err;
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "s2 (head)\n");
}

// ---- Alembic's table, objects that exist already ----

TEST(CliSafety, AlembicVersionTableBesideAMissingVersionTableIsNamedWithTheSetting) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  scalar(url, "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
  scalar(url, "INSERT INTO alembic_version VALUES ('0002_b')");
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_TRUE(contains(r.err, "'alembic_version' does (at 0002_b)")) << r.err;
  EXPECT_TRUE(contains(r.err, "version_table = \"alembic_version\"")) << r.err;
  EXPECT_EQ(tables(url), "alembic_version") << "nothing created, not even retort's tables";
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'retort%'"), "0");
  auto cur = run_retort({"--url", url, "current"}, dir.path());
  EXPECT_EQ(cur.exit_code, 0) << cur.err;
  EXPECT_TRUE(contains(cur.err, "note: the version table 'retort_version' does not exist")) << cur.err;
  auto status = run_retort({"--url", url, "status"}, dir.path());
  EXPECT_TRUE(contains(status.err, "version_table = \"alembic_version\"")) << status.err;
  // With the setting, retort picks it up where it stands.
  dir.write("retort.toml", "version_table = \"alembic_version\"\n");
  auto adopted = run_retort({"--url", url, "current"}, dir.path());
  EXPECT_EQ(adopted.out, "0002_b\n") << adopted.err;
  EXPECT_FALSE(contains(adopted.err, "note:")) << adopted.err;
}

TEST(CliSafety, FirstMigrationOverExistingObjectsSuggestsStamp) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  scalar(url, "CREATE TABLE a (id int, x int)");  // built by hand, or by the old direct-creation fallback
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_TRUE(contains(r.err, "relation \"a\" already exists")) << r.err;
  EXPECT_TRUE(contains(r.err, "no revision is recorded in its version table 'retort_version'")) << r.err;
  EXPECT_TRUE(contains(r.err, "'retort stamp 0001_a'")) << r.err;
  EXPECT_EQ(version(url), "");
  EXPECT_EQ(tables(url), "a");
  // Following the advice works.
  ASSERT_EQ(run_retort({"--url", url, "stamp", "0001_a"}, dir.path()).exit_code, 0);
  auto up = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(version(url), "0003_c");
  // A later migration failing the same way is an ordinary failure, without the stamp advice.
  ProjectDir later;
  later.write_migration("1.sql", migration_text("l1", "", "CREATE TABLE l1 (id int);", "DROP TABLE l1;"));
  later.write_migration("2.sql", migration_text("l2", "l1", "CREATE TABLE l1 (id int);", "SELECT 1;"));
  auto url2 = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url2, "upgrade", "l1"}, later.path()).exit_code, 0);
  auto second = run_retort({"--url", url2, "upgrade"}, later.path());
  EXPECT_EQ(second.exit_code, 8);
  EXPECT_FALSE(contains(second.err, "retort stamp")) << second.err;
}

// ---- connection and permission errors ----

TEST(CliSafety, ConnectionFailureNamesHostPortDatabaseUserAndWhereTheUrlCameFrom) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  const std::string url = "postgresql://alice:s3cret-pw@127.0.0.1:1/nodb";
  auto flag = run_retort({"--url", url, "current"}, dir.path());
  EXPECT_EQ(flag.exit_code, 7) << flag.err;
  for (const char* part : {"database 'nodb'", "host '127.0.0.1'", "port 1 ", "user 'alice'", "alice:****@",
                           "(the url came from --url)"}) {
    EXPECT_TRUE(contains(flag.err, part)) << part << ": " << flag.err;
  }
  auto env = run_retort({"status"}, dir.path(), {{"DATABASE_URL", url}});
  EXPECT_EQ(env.exit_code, 7);
  EXPECT_TRUE(contains(env.err, "(the url came from DATABASE_URL)")) << env.err;
  dir.write("retort.toml", "# the project\nmigrations = \"migrations\"\nurl = \"" + url + "\"\n");
  auto file = run_retort({"upgrade"}, dir.path());
  EXPECT_EQ(file.exit_code, 7);
  EXPECT_TRUE(contains(file.err, fmt::format("(the url came from {} line 3)", (dir.path() / "retort.toml").string())))
      << file.err;
  for (const auto* r : {&flag, &env, &file}) {
    EXPECT_FALSE(contains(r->err + r->out, "s3cret-pw")) << r->err;
  }
}

TEST(CliSafety, WrongPasswordIsNeverPrinted) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto url = test::fresh_database();
  scalar(test::cluster().url(), "DO $$ BEGIN CREATE ROLE dora LOGIN PASSWORD 'right-pw'; "
                                "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  auto wrong = test::cluster().url_as("dora", "Wr0ng-pa55word", test::database_name(url));
  auto r = run_retort({"--url", wrong, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_TRUE(contains(r.err, "user 'dora'")) << r.err;
  EXPECT_FALSE(contains(r.err + r.out, "Wr0ng-pa55word")) << r.err;
  EXPECT_EQ(tables(url), "");
}

// ---- SQLite files ----

TEST(CliSafety, SqliteReadCommandsNeverCreateTheFile) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  const fs::path typo = dir.path() / "ap.db";
  const std::string url = "sqlite:///" + typo.string();
  for (std::vector<std::string> cmd : {std::vector<std::string>{"current"}, {"status"}, {"verify"}, {"history", "-i"}}) {
    cmd.insert(cmd.begin(), {"--url", url});
    auto r = run_retort(cmd, dir.path());
    EXPECT_EQ(r.exit_code, 7) << cmd[2] << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "SQLite database '" + typo.string() + "' does not exist")) << r.err;
    EXPECT_FALSE(fs::exists(typo)) << cmd[2] << " created it";
  }
}

TEST(CliSafety, ReadOnlySqliteFileOrFolderIsReportedBeforeAnythingRuns) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("s1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;"));
  fs::create_directories(dir.path() / "data");
  const fs::path db = dir.path() / "data/app.db";
  const std::string url = "sqlite:///" + db.string();
  ASSERT_EQ(run_retort({"--url", url, "upgrade"}, dir.path()).exit_code, 0);
  dir.write_migration("2.sql", migration_text("s2", "s1", "CREATE TABLE u (id INTEGER);", "DROP TABLE u;"));
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_TRUE(contains(r.err, "SQLite database '" + db.string() + "' is read-only")) << r.err;
  auto still = run_retort({"--url", url, "current"}, dir.path());  // reads work on a read-only file
  EXPECT_EQ(still.exit_code, 0) << still.err;
  EXPECT_EQ(still.out, "s1\n");
  // A read-only folder: SQLite could not write its journal beside the file.
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(dir.path() / "data", fs::perms::owner_read | fs::perms::owner_exec);
  auto folder = run_retort({"--url", url, "upgrade"}, dir.path());
  fs::permissions(dir.path() / "data", fs::perms::owner_all);
  EXPECT_EQ(folder.exit_code, 12) << folder.err;
  EXPECT_TRUE(contains(folder.err, "the folder '" + (dir.path() / "data").string() + "'")) << folder.err;
  EXPECT_TRUE(contains(folder.err, "is read-only")) << folder.err;
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "s1\n") << "nothing ran";
}

TEST(CliSafety, SqliteSqlScriptNamesSqlite3NotPsql) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto r = run_retort({"--url", "sqlite:///" + (dir.path() / "x.db").string(), "upgrade", "--sql", "head"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "sqlite3 -bail")) << r.out;
  EXPECT_FALSE(contains(r.out, "psql")) << r.out;
  auto stamp = run_retort({"--url", "sqlite:///" + (dir.path() / "x.db").string(), "stamp", "--sql", "head"}, dir.path());
  EXPECT_TRUE(contains(stamp.out, "sqlite3 -bail")) << stamp.out;
  EXPECT_FALSE(fs::exists(dir.path() / "x.db"));
  auto pg = run_retort({"upgrade", "--sql", "head"}, dir.path());
  EXPECT_TRUE(contains(pg.out, "psql -v ON_ERROR_STOP=1")) << pg.out;
}

// ---- revision files and messages ----

TEST(CliSafety, EmptyMessageIsRefusedAndWritesNothing) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  for (const char* message : {"", "   "}) {
    auto r = run_retort({"revision", "-m", message}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "a revision needs a message")) << r.err;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.migrations()), fs::directory_iterator()), 3);
}

TEST(CliSafety, CurrentIsNoRevisionIdOrLabel) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  auto id = run_retort({"revision", "-m", "x", "--rev-id", "current"}, dir.path());
  EXPECT_EQ(id.exit_code, 2) << id.err;
  EXPECT_TRUE(contains(id.err, "not head, heads, base or current")) << id.err;
  auto label = run_retort({"revision", "-m", "x", "--branch-label", "current"}, dir.path());
  EXPECT_EQ(label.exit_code, 2) << label.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.migrations()), fs::directory_iterator()), 3);
  dir.write_migration("0004_d.sql", migration_text("current", "0003_c", "SELECT 1;"));
  auto file = run_retort({"heads"}, dir.path());
  EXPECT_EQ(file.exit_code, 4) << file.err;
  EXPECT_TRUE(contains(file.err, "0004_d.sql")) << file.err;
}

TEST(CliSafety, NearMissFileNamesAreWarnedAbout) {
  ProjectDir dir;
  write_three_with_an_index(dir);
  dir.write_migration("0004_d.SQL", migration_text("0004_d", "0003_c", "SELECT 1;"));
  dir.write_migration("0005_e.sql.txt", "x");
  dir.write_migration("notes.md", "x");
  auto r = run_retort({"heads"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0003_c (head)\n");
  EXPECT_TRUE(contains(r.err, "warning: " + (dir.migrations() / "0004_d.SQL").string() + " is not read")) << r.err;
  EXPECT_TRUE(contains(r.err, "0005_e.sql.txt is not read")) << r.err;
  EXPECT_FALSE(contains(r.err, "notes.md")) << r.err;
}

TEST(CliSafety, EmptyMessagePrintsNoTrailingSeparator) {
  ProjectDir dir;
  dir.write_migration("1.sql", "-- revision: a\n-- down_revision: none\n-- message:\n\n-- migrate:up\nSELECT 1;\n");
  dir.write_migration("2.sql", "-- revision: b\n-- down_revision: a\n\n-- migrate:up\nSELECT 1;\n");
  auto r = run_retort({"history"}, dir.path());
  EXPECT_EQ(r.out, "a -> b (head)\n<base> -> a\n") << r.err;
  EXPECT_EQ(run_retort({"heads"}, dir.path()).out, "b (head)\n");
  auto script = run_retort({"upgrade", "--sql", "head"}, dir.path());
  EXPECT_TRUE(contains(script.out, "-- upgrade <base> -> a (1.sql)")) << script.out;
}

TEST(CliSafety, AppliedByFallsBackToTheAccountNameWithoutUser) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("s1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;"));
  const std::string url = "sqlite:///" + (dir.path() / "app.db").string();
  auto up = run_retort({"--url", url, "upgrade"}, dir.path(), {{"USER", test::k_unset}});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto js = nlohmann::json::parse(run_retort({"--url", url, "status", "--json"}, dir.path()).out);
  const passwd* pw = getpwuid(getuid());
  ASSERT_NE(pw, nullptr);
  const std::string by = js["applied"][0]["applied_by"];
  EXPECT_EQ(by.rfind(std::string(pw->pw_name) + "@", 0), 0u) << by;
}

} // namespace
} // namespace retort
