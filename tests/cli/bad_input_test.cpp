// Bad input of every kind: a clear message, a documented exit code, and the database unchanged.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::run_retort;
using test::scalar;

void write_good(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
}

/// Tables in public other than retort's own: what a failed run must not have changed.
std::string user_tables(const std::string& url) {
  return scalar(url, "SELECT coalesce(string_agg(tablename, ','), '') FROM pg_tables WHERE schemaname = 'public' "
                     "AND tablename NOT LIKE 'retort%'");
}

TEST(BadInput, MalformedConfigIsExit3WithFileAndLine) {
  ProjectDir dir;
  write_good(dir);
  dir.write("retort.toml", "url = \"postgresql://x@/y\"\nmigrations = [unclosed\n");
  auto r = run_retort({"heads"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("retort.toml:2"), std::string::npos) << r.err;
  dir.write("retort.toml", "colour = \"blue\"\n");
  auto unknown = run_retort({"heads"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("unknown key 'colour'"), std::string::npos) << unknown.err;
  auto missing = run_retort({"--config", "nope.toml", "heads"}, dir.path());
  EXPECT_EQ(missing.exit_code, 3);
}

TEST(BadInput, UnsupportedUrlIsExit3AndHidesThePassword) {
  ProjectDir dir;
  write_good(dir);
  auto r = run_retort({"--url", "mysql://root:hunter2@db/app", "current"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("root:****@"), std::string::npos) << r.err;
}

TEST(BadInput, BinaryGarbageHeaderOnlyAndUnparsableUpAreRejectedAndChangeNothing) {
  auto url = test::fresh_database();
  struct Case {
    std::string name, text, expected;
    int exit_code;
  };
  std::vector<Case> cases = {
      {"garbage", std::string("\x7f" "ELF\x02\x01\x01\x00\xff\xfe", 10), "not UTF-8", 4},
      {"header only", "-- revision: b\n-- down_revision: a\n", "no '-- migrate:up' marker", 4},
      {"unparsable up", migration_text("b", "a", "CREATE TABLE b (id int;"), "2.sql:6", 4},
  };
  for (const auto& c : cases) {
    ProjectDir dir;
    write_good(dir);
    dir.write_migration("2.sql", c.text);
    auto r = run_retort({"--url", url, "upgrade"}, dir.path());
    EXPECT_EQ(r.exit_code, c.exit_code) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find("2.sql"), std::string::npos) << c.name << ": " << r.err;
  }
  // the unparsable up only stops the run at its own migration; the others changed nothing at all
  EXPECT_EQ(user_tables(url), "a");
}

TEST(BadInput, UnknownTargetIsExit6AndChangesNothing) {
  ProjectDir dir;
  write_good(dir);
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "upgrade", "zzz"}, dir.path());
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_NE(r.err.find("no revision or branch label matches 'zzz'"), std::string::npos) << r.err;
  EXPECT_EQ(user_tables(url), "");
  EXPECT_EQ(run_retort({"--url", url, "downgrade", "+1"}, dir.path()).exit_code, 6);
  EXPECT_EQ(run_retort({"--url", url, "stamp", "zzz"}, dir.path()).exit_code, 6);
  // not even retort's own tables: a refused target is planned before anything is created
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename LIKE 'retort%'"), "0");
}

TEST(BadInput, PermissionDeniedIsASqlErrorWithItsSqlstate) {
  ProjectDir dir;
  write_good(dir);
  auto url = test::fresh_database();
  // PostgreSQL 15's default; before 15 every role may create in public.
  scalar(url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  scalar(test::cluster().url(), "DO $$ BEGIN CREATE ROLE bob LOGIN PASSWORD 'bob-pw'; "
                                "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  auto as_bob = test::cluster().url_as("bob", "bob-pw", test::database_name(url));
  auto r = run_retort({"--url", as_bob, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("SQLSTATE: 42501"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
  // The object (from the server), the role and the database (added by retort).
  EXPECT_NE(r.err.find("permission denied for schema public (role 'bob', database '" + test::database_name(url) + "')"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("HINT: grant role 'bob' the privilege"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("bob-pw"), std::string::npos);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(BadInput, ReadOnlyDatabaseIsASqlErrorAndChangesNothing) {
  ProjectDir dir;
  write_good(dir);
  auto url = test::fresh_database();
  scalar(test::cluster().url(), fmt::format("ALTER DATABASE {} SET default_transaction_read_only = on",
                                            test::database_name(url)));
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("SQLSTATE: 25006"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("read-only transaction"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(BadInput, VersionTableInAnUnknownFormatIsExit11) {
  ProjectDir dir;
  write_good(dir);
  auto url = test::fresh_database();
  scalar(url, "CREATE TABLE retort_version (v text)");
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 11) << r.err;
  EXPECT_NE(r.err.find("no version_num column"), std::string::npos) << r.err;
  EXPECT_EQ(user_tables(url), "");
  scalar(url, "DROP TABLE retort_version");
  scalar(url, "CREATE TABLE retort_version (version_num varchar(32) PRIMARY KEY)");
  scalar(url, "INSERT INTO retort_version VALUES ('from_elsewhere')");
  auto unknown = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 11) << unknown.err;
  EXPECT_NE(unknown.err.find("'from_elsewhere', which no file in the migrations folder has: the database is ahead of "
                             "this folder (it was migrated by newer code than this checkout, or the file of "
                             "'from_elsewhere' is missing here)"),
            std::string::npos)
      << unknown.err;
  // The advice to reset comes after the explanation, not instead of it.
  EXPECT_LT(unknown.err.find("ahead of this folder"), unknown.err.find("stamp --purge")) << unknown.err;
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "from_elsewhere") << "nothing changed";
}

TEST(BadInput, MissingMigrationsFolderIsAnIoError) {
  ProjectDir dir;
  auto r = run_retort({"--migrations", "nowhere", "heads"}, dir.path());
  EXPECT_EQ(r.exit_code, 12);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

} // namespace
} // namespace retort
