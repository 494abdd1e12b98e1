// Migrations larger than what retort keeps in memory (issue 12 part 2): read from their files a
// window at a time as they run, with the same checksums, statement lines, numbering and
// exactly-once resume as a small migration; the offline script streams them too.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>
#include <string>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "runner/runner.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::ProjectDir;
using test::scalar;

/// A statement padded to ~`width` bytes with a comment, so that a few thousand make a section larger
/// than StepStatements keeps (k_keep_section, 2 MiB).
std::string large_padded_insert(int id, std::size_t width = 900) {
  std::string s = fmt::format("INSERT INTO t VALUES ({}, 'row {}'); -- ", id, id);
  s.append(width > s.size() ? width - s.size() : 0, 'p');
  return s + "\n";
}

/// "big" after "start" (which creates t): `count` padded INSERTs of ids 1..count, with `extra`
/// replacing the statement at 1-based position `extra_at`.
std::string large_big_migration(int count, const std::string& extra_header = "", int extra_at = 0,
                          const std::string& extra = "") {
  std::string text = "-- revision: big\n-- down_revision: start\n" + extra_header + "-- migrate:up\n";
  for (int i = 1; i <= count; ++i) text += i == extra_at ? extra + "\n" : large_padded_insert(i);
  text += "-- migrate:down\nDELETE FROM t;\n";
  return text;
}

void large_write_base(const ProjectDir& dir) {
  dir.write_migration("0001_base.sql", "-- revision: start\n-- down_revision: none\n-- migrate:up\n"
                                       "CREATE TABLE t (id int PRIMARY KEY, note text);\n-- migrate:down\nDROP TABLE t;\n");
}

} // namespace

TEST(PostgresLargeMigration, RunsFromItsFileWithTheWholeFilesChecksum) {
  ProjectDir dir;
  large_write_base(dir);
  const std::string text = large_big_migration(4000);  // ~3.6 MB: streamed, in many batches
  ASSERT_GT(text.size(), StepStatements::k_keep_section);
  dir.write_migration("0002_big.sql", text);
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {});
  EXPECT_EQ(scalar(url, "SELECT count(*) || ',' || min(id) || ',' || max(id) || ',' || count(DISTINCT id) FROM t"),
            "4000,1,4000,4000");
  // The recorded checksum is the one computed over the whole text in memory (the old path).
  const std::string whole = parse_migration(text, "0002_big.sql").checksum;
  EXPECT_EQ(whole, migration_checksum(parse_migration(text, "0002_big.sql")));
  EXPECT_EQ(scalar(url, "SELECT checksum FROM retort_history WHERE revision = 'big' AND direction = 'up'"), whole);
  EXPECT_TRUE(verify(project, *db).mismatches.empty());
  // And back down, also streamed (a small section here).
  downgrade(project, *db, {.target = "start"});
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "0");
}

TEST(PostgresLargeMigration, ServerErrorDeepInTheFileNamesItsLineAndRollsBackEverything) {
  ProjectDir dir;
  large_write_base(dir);
  // Statement 3500 (file line 3 + 3500) fails after ~17 batches were sent in the transaction.
  dir.write_migration("0002_big.sql", large_big_migration(4000, "", 3500, "INSERT INTO t VALUES (1, 'duplicate');"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {});
    FAIL() << "the duplicate key must fail";
  } catch (const RunError& e) {
    EXPECT_EQ(e.context().sqlstate, "23505");
    EXPECT_EQ(e.context().line, 3503) << e.what();
    EXPECT_NE(std::string(e.what()).find("0002_big.sql:3503: upgrade big failed"), std::string::npos) << e.what();
    EXPECT_EQ(e.context().statement, "INSERT INTO t VALUES (1, 'duplicate')");
    ASSERT_TRUE(e.result().failure.has_value());
    EXPECT_EQ(e.result().failure->statements_total, 4000);
  }
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "0") << "nothing of the failed migration stays";
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"start"});
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND state LIKE 'idle in transaction%'"),
            "0");
}

TEST(PostgresLargeMigration, NonTransactionalStatementDeepInTheFileIsRefusedBeforeAnythingRuns) {
  ProjectDir dir;
  large_write_base(dir);
  dir.write_migration("0002_big.sql", large_big_migration(3000, "", 2900, "CREATE INDEX CONCURRENTLY t_note ON t (note);"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    upgrade(project, *db, {});
    FAIL() << "CREATE INDEX CONCURRENTLY cannot run in the migration's transaction";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_EQ(e.context().line, 2903) << e.what();
    EXPECT_NE(std::string(e.what()).find("Nothing was run"), std::string::npos) << e.what();
  }
  EXPECT_EQ(scalar(url, "SELECT to_regclass('t') IS NULL"), "t") << "not even the first migration ran";
}

TEST(PostgresLargeMigration, ResumeAfterAFailureMidwaySkipsExactlyTheDoneStatements) {
  ProjectDir dir;
  large_write_base(dir);
  // transaction: none, 2600 statements (~2.3 MB, streamed); statement 1700 inserts an id a row
  // placed by hand already holds, so the run stops there with 1699 done.
  dir.write_migration("0002_big.sql", large_big_migration(2600, "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "start"});
  db->execute("INSERT INTO t VALUES (1700, 'in the way')");
  EXPECT_THROW(upgrade(project, *db, {}), Error);
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  EXPECT_EQ(dirty->statements_done, 1699);
  EXPECT_EQ(dirty->statements_total, 2600);
  EXPECT_EQ(dirty->failed_line, 4 + 1700);  // the header has one more line
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "1700");
  db->execute("DELETE FROM t WHERE id = 1700");
  resolve(project, *db, Resolution::resume);
  EXPECT_EQ(scalar(url, "SELECT count(*) || ',' || count(DISTINCT id) || ',' || min(id) || ',' || max(id) || ',' || "
                        "count(*) FILTER (WHERE note = 'row ' || id) FROM t"),
            "2600,2600,1,2600,2600")
      << "each statement ran exactly once";
  EXPECT_FALSE(dirty_state(project, *db).has_value());
  EXPECT_EQ(current_heads(project, *db), std::vector<std::string>{"big"});
}

TEST(PostgresLargeMigration, OfflineScriptStreamsEveryStatement) {
  ProjectDir dir;
  large_write_base(dir);
  dir.write_migration("0002_big.sql", large_big_migration(3000));
  Project project(dir.config("postgresql://"));
  std::ostringstream out;
  upgrade_script(project, dialect_for("postgresql://"), "head", out);
  const std::string script = out.str();
  EXPECT_EQ(script, upgrade_script(project, dialect_for("postgresql://"), "head"));
  // Each statement as the splitter cut it (the comment after its ';' belongs to no statement).
  EXPECT_NE(script.find("BEGIN;\nINSERT INTO t VALUES (1, 'row 1');\nINSERT INTO t VALUES (2, 'row 2');\n"), std::string::npos);
  EXPECT_NE(script.find("INSERT INTO t VALUES (3000, 'row 3000');\n"), std::string::npos);
  // The script runs as written.
  auto url = fresh_database();
  auto db = connect(url);
  db->execute(script);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM t"), "3000");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "big");
}

} // namespace retort
