// Exactly-once resume of `transaction: none` migrations: a run killed at the precise moment a
// statement has completed on the server, before anything else happens, and then resumed.
//
// How the kill is placed (support/killed_run.hpp): the run happens in a forked child through the
// library, with a RunOptions::on_statement observer that SIGKILLs the child itself when the chosen
// statement's event arrives. The "finished" event comes right after the client learns that the statement
// completed — exactly the window where the release before this one had not yet recorded its
// progress (it wrote it afterwards, in a statement of its own). Now a statement that can run in a
// transaction has its progress record committed with it by then, and one that runs alone (CREATE
// INDEX CONCURRENTLY) is recorded as in flight, so the resume asks the catalog. The tests would
// fail against the old scheme: the INSERT would run twice, CREATE INDEX CONCURRENTLY would fail
// with "already exists".
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <functional>
#include <ostream>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/killed_run.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::fresh_database;
using test::migration_text;
using test::ProjectDir;
using test::scalar;
using test::upgrade_killed_at;

/// 1: a counter table and a table to index; 2 (`transaction: none`): INSERTs around CREATE INDEX
/// CONCURRENTLY and DROP INDEX CONCURRENTLY, each of which would show if it ran twice.
void write_counting_project(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE counter (tag text NOT NULL);\n"
                                                       "CREATE TABLE big AS SELECT g FROM generate_series(1, 2000) g;\n"
                                                       "CREATE INDEX big_old ON big (g);"));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "INSERT INTO counter VALUES ('one');\n"
                                              "CREATE INDEX CONCURRENTLY big_g ON big (g);\n"
                                              "INSERT INTO counter VALUES ('two');\n"
                                              "DROP INDEX CONCURRENTLY big_old;\n"
                                              "UPDATE counter SET tag = tag || '+' WHERE tag = 'one';",
                                              "", "-- transaction: none\n"));
}

constexpr std::size_t k_counting_statements = 5;

/// Each statement applied exactly once, the version at b, nothing dirty, no INVALID index.
void expect_applied_once(const std::string& url) {
  EXPECT_EQ(scalar(url, "SELECT string_agg(tag, ',' ORDER BY tag) FROM counter"), "one+,two");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "WHERE c.relname = 'big_g' AND i.indisvalid"),
            "1");
  EXPECT_EQ(scalar(url, "SELECT to_regclass('big_old') IS NULL"), "t");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "b");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history_dirty"), "0");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE revision = 'b' AND direction = 'up'"), "1");
}

struct KillPoint {
  std::size_t index;
  bool finished;
};

void PrintTo(const KillPoint& point, std::ostream* out) {
  *out << "statement " << point.index + 1 << (point.finished ? " completed" : " about to run");
}

class ResumeAfterKill : public ::testing::TestWithParam<KillPoint> {};

TEST_P(ResumeAfterKill, AppliesEveryStatementExactlyOnce) {
  const KillPoint point = GetParam();
  ProjectDir dir;
  write_counting_project(dir);
  auto url = fresh_database();
  const Config config = dir.config(url);
  ASSERT_TRUE(upgrade_killed_at(config, [&](const StatementEvent& e) {
    return e.migration.revision == "b" && e.index == point.index && e.finished == point.finished;
  })) << "the child must die at the chosen point";
  Project project(config);
  auto db = connect(url);
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  // What the dirty row says at the kill: statements that ran in a transaction are counted with
  // their own commit; the one that runs alone is in flight from just before it starts.
  const bool alone = point.index == 1 || point.index == 3;
  const std::size_t done = point.finished && !alone ? point.index + 1 : point.index;
  EXPECT_EQ(dirty->statements_done, static_cast<int>(done));
  EXPECT_EQ(dirty->in_flight.value_or(-1), alone ? static_cast<int>(point.index + 1) : 0);
  auto result = resolve(project, *db, Resolution::resume);
  if (alone && point.finished) {
    ASSERT_EQ(result.notes.size(), 1u);
    EXPECT_NE(result.notes[0].find("had completed on the server"), std::string::npos) << result.notes[0];
  }
  expect_applied_once(url);
}

std::vector<KillPoint> every_kill_point() {
  std::vector<KillPoint> out;
  for (std::size_t k = 0; k < k_counting_statements; ++k) {
    out.push_back({k, false});
    out.push_back({k, true});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryStatement, ResumeAfterKill, ::testing::ValuesIn(every_kill_point()),
                         [](const ::testing::TestParamInfo<KillPoint>& param_info) {
                           return fmt::format("Statement{}{}", param_info.param.index + 1,
                                              param_info.param.finished ? "Completed" : "AboutToRun");
                         });

TEST(PostgresResume, InFlightStatementEditedSinceIsRefused) {
  ProjectDir dir;
  write_counting_project(dir);
  auto url = fresh_database();
  ASSERT_TRUE(upgrade_killed_at(dir.config(url), [](const StatementEvent& e) { return e.index == 1 && e.finished; }));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "INSERT INTO counter VALUES ('one');\n"
                                              "CREATE INDEX CONCURRENTLY big_g ON big (g DESC);\n",
                                              "", "-- transaction: none\n"));
  Project project(dir.config(url));
  auto db = connect(url);
  try {
    resolve(project, *db, Resolution::resume);
    FAIL() << "an edited in-flight statement must not be judged by the catalog";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::refused);
    EXPECT_NE(std::string(e.what()).find("was running when the run stopped"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dirty_state(project, *db).has_value());
}

TEST(PostgresResume, DirtyTableOfTheEarlierReleaseIsUpgradedAndItsRowResumed) {
  ProjectDir dir;
  write_counting_project(dir);
  auto url = fresh_database();
  // The tables exactly as the release before in-flight tracking created them, and the row it left
  // when killed right after statement 2 (CREATE INDEX CONCURRENTLY) completed: 1 statement done.
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "a"});
  db->execute("DROP TABLE retort_history_dirty");
  db->execute("CREATE TABLE IF NOT EXISTS retort_history_dirty (revision varchar(32) NOT NULL PRIMARY KEY, "
              "direction varchar(8) NOT NULL, statements_total integer NOT NULL, statements_done integer NOT NULL "
              "DEFAULT 0, statement_hashes text NOT NULL DEFAULT '', failed_line integer, error text, recorded_at "
              "timestamptz NOT NULL DEFAULT clock_timestamp(), recorded_by text NOT NULL DEFAULT current_user)");
  db->execute("INSERT INTO counter VALUES ('one')");
  db->execute("CREATE INDEX CONCURRENTLY big_g ON big (g)");
  db->execute("INSERT INTO retort_history_dirty (revision, direction, statements_total, statements_done, "
              "statement_hashes) VALUES ('b', 'up', 5, 1, "
              "encode(sha256(convert_to('INSERT INTO counter VALUES (''one'')', 'UTF8')), 'hex') || E'\\n')");
  // A read never alters the table, and reads its row as "not tracked".
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  EXPECT_EQ(dirty->statements_done, 1);
  EXPECT_FALSE(dirty->in_flight.has_value());
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'retort_history_dirty'"), "9");
  // The resume adds the columns, then asks the catalog about statement 2 instead of running it again.
  auto result = resolve(project, *db, Resolution::resume);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].find("had completed on the server"), std::string::npos) << result.notes[0];
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'retort_history_dirty'"), "12");
  expect_applied_once(url);
}

TEST(PostgresResume, StatementsThatCanRunInATransactionCommitWithTheirProgress) {
  // A failing INSERT leaves nothing behind: not half of a multi-row INSERT, not a progress record.
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE t (id int PRIMARY KEY);"));
  dir.write_migration("2.sql", migration_text("b", "a", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2), (1);",
                                              "", "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  EXPECT_THROW(upgrade(project, *db, {}), Error);
  EXPECT_EQ(scalar(url, "SELECT string_agg(id::text, ',') FROM t"), "1");
  auto dirty = dirty_state(project, *db);
  ASSERT_TRUE(dirty.has_value());
  EXPECT_EQ(dirty->statements_done, 1);
  EXPECT_EQ(dirty->failed_line, 8);
  EXPECT_EQ(dirty->in_flight.value_or(-1), 0);
  // Session settings made by such a statement outlive its transaction, as they would outside one.
  dir.write_migration("3.sql", migration_text("c", "b", "SET search_path = elsewhere, public;\nCREATE SCHEMA elsewhere;\n"
                                                        "CREATE TABLE lands_in_elsewhere (id int);",
                                              "", "-- transaction: none\n"));
  scalar(url, "DELETE FROM t WHERE id = 1");
  Project fixed(dir.config(url));
  resolve(fixed, *db, Resolution::resume);
  EXPECT_EQ(scalar(url, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,2");
  upgrade(fixed, *db, {});
  EXPECT_EQ(scalar(url, "SELECT to_regclass('elsewhere.lands_in_elsewhere') IS NOT NULL"), "t");
}

TEST(PostgresResume, ProcedureThatCommitsRunsAlone) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE t (id int);\n"
                                                       "CREATE PROCEDURE fill() LANGUAGE plpgsql AS $$ BEGIN "
                                                       "INSERT INTO t VALUES (1); COMMIT; INSERT INTO t VALUES (2); END $$;"));
  dir.write_migration("2.sql", migration_text("b", "a", "CALL fill();\nDO $$ BEGIN INSERT INTO t VALUES (3); COMMIT; END $$;",
                                              "", "-- transaction: none\n"));
  auto url = fresh_database();
  Project project(dir.config(url));
  auto db = connect(url);
  upgrade(project, *db, {});
  EXPECT_EQ(scalar(url, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,2,3");
}

} // namespace
} // namespace retort
