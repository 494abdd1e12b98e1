// Code migrations: a file with `-- code: VERSION` and no SQL, whose steps are a C++ function the
// program registers. They run in graph order inside their migration's transaction, are
// checksummed by their version, and the command line lists them but never runs them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::migration_text;
using test::ProjectDir;
using test::scalar;

/// 0001 (SQL) creates a table, 0002 (code, version `version`) fills it, 0003 (SQL) adds a column.
void write_three(const ProjectDir& dir, const std::string& version = "1") {
  dir.write_migration("0001_t.sql", migration_text("0001", "", "CREATE TABLE t (id int PRIMARY KEY);", "DROP TABLE t;"));
  dir.write_migration("0002_fill.sql", migration_text("0002", "0001", "-- the rows come from the service's code", "",
                                                      "-- code: " + version + "\n"));
  dir.write_migration("0003_col.sql", migration_text("0003", "0002", "ALTER TABLE t ADD COLUMN note text;"));
}

CodeMigration filler(const std::string& version = "1") {
  return CodeMigration{"0002", version, [](Connection& db) {
                         for (int i = 1; i <= 3; ++i) db.query("INSERT INTO t VALUES ($1)", {std::to_string(i)});
                       },
                       {}};
}

TEST(CodeMigration, RunsInGraphOrderInsideItsMigrationsTransaction) {
  ProjectDir dir;
  write_three(dir);
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  RunOptions options;
  bool in_transaction = false;
  options.code = {filler()};
  options.code[0].up = [&](Connection& c) {
    in_transaction = c.query("SELECT now() = statement_timestamp()").at(0).at(0) == "f";
    for (int i = 1; i <= 3; ++i) c.query("INSERT INTO t VALUES ($1)", {std::to_string(i)});
  };
  auto result = upgrade(project, *db, options);
  ASSERT_EQ(result.applied.size(), 3u);
  EXPECT_EQ(result.applied[1].revision, "0002");
  EXPECT_TRUE(in_transaction) << "the function runs inside the migration's transaction";
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "3");
  EXPECT_EQ(scalar(url, "SELECT version_num FROM retort_version"), "0003");
  const auto& m = project.graph()[project.graph().at("0002")];
  EXPECT_EQ(scalar(url, "SELECT checksum FROM retort_history WHERE revision = '0002'"), m.checksum);
}

TEST(CodeMigration, AFailingFunctionRollsBackItsMigrationAndStopsTheRun) {
  ProjectDir dir;
  write_three(dir);
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  RunOptions options;
  options.code = {CodeMigration{"0002", "1", [](Connection& c) {
                                  c.query("INSERT INTO t VALUES (1)");
                                  throw std::runtime_error("the backfill source is unreachable");
                                },
                                {}}};
  try {
    upgrade(project, *db, options);
    FAIL() << "expected the code migration to fail";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("code migration 0002 (up) failed: the backfill source is unreachable"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("0002_fill.sql: ", 0), 0u) << "the file, and no line (no statement failed): " << e.what();
    ASSERT_TRUE(e.result().failure);
    EXPECT_EQ(e.result().failure->revision, "0002");
    EXPECT_EQ(e.result().heads_now, std::vector<std::string>{"0001"});
  }
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "0") << "its insert went with the rollback";
  EXPECT_EQ(scalar(url, "SELECT version_num FROM retort_version"), "0001");
}

TEST(CodeMigration, AMissingOrOutdatedRegistrationIsRefusedBeforeAnythingRuns) {
  ProjectDir dir;
  write_three(dir, "2");
  const auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  for (const auto& registered : {std::vector<CodeMigration>{}, std::vector<CodeMigration>{filler("1")}}) {
    RunOptions options;
    options.code = registered;
    try {
      upgrade(project, *db, options);
      FAIL() << "expected a refusal";
    } catch (const RunError& e) {
      FAIL() << "refused only after running: " << e.what();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::refused);
      const std::string what = e.what();
      EXPECT_NE(what.find(registered.empty() ? "is a code migration (version 2)" : "is code version 2 in its file, but "
                                                                                     "the registered function is version 1"),
                std::string::npos)
          << what;
      EXPECT_NE(what.find("Nothing was run"), std::string::npos) << what;
    }
    EXPECT_EQ(scalar(url, "SELECT to_regclass('t') IS NULL"), "t") << "not even 0001 ran";
  }
}

TEST(CodeMigration, TheCommandLineListsItButNeverRunsIt) {
  ProjectDir dir;
  write_three(dir);
  const auto url = fresh_database();
  auto history = test::run_retort({"history"}, dir.path());
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_NE(history.out.find("0002 (code v1)"), std::string::npos) << history.out;
  auto up = test::run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_NE(up.exit_code, 0);
  EXPECT_NE(up.err.find("the command line never does"), std::string::npos) << up.err;
  EXPECT_EQ(scalar(url, "SELECT to_regclass('t') IS NULL"), "t");
  auto script = test::run_retort({"upgrade", "--sql", "0003"}, dir.path());
  EXPECT_NE(script.exit_code, 0);
  EXPECT_NE(script.err.find("cannot be written as SQL"), std::string::npos) << script.err;
  // Up to the revision before it, the command line runs as usual.
  auto partial = test::run_retort({"--url", url, "upgrade", "0001"}, dir.path());
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
}

TEST(CodeMigration, ItsVersionIsItsChecksumAndItHoldsNoSql) {
  const auto text = [](const std::string& version, const std::string& up, const std::string& extra = "") {
    return migration_text("0002", "0001", up, "", "-- code: " + version + "\n" + extra);
  };
  const auto v1 = parse_migration(text("1", "-- rows from code"), "m/0002.sql");
  const auto v1_again = parse_migration(text("1", ""), "m/0002.sql");
  const auto v2 = parse_migration(text("2", "-- rows from code"), "m/0002.sql");
  EXPECT_EQ(v1.code_version, "1");
  EXPECT_EQ(v1.checksum, v1_again.checksum) << "comments are not the steps";
  EXPECT_NE(v1.checksum, v2.checksum) << "bumping the version changes the checksum";
  const auto sql = parse_migration(migration_text("0002", "0001", "-- rows from code"), "m/0002.sql");
  EXPECT_NE(sql.checksum, v1.checksum);
  EXPECT_THROW(parse_migration(text("1", "INSERT INTO t VALUES (1);"), "m/0002.sql"), Error);
  EXPECT_THROW(parse_migration(text("1", "", "-- transaction: none\n"), "m/0002.sql"), Error);
  EXPECT_THROW(parse_migration(text("", ""), "m/0002.sql"), Error);
}

} // namespace
} // namespace retort
