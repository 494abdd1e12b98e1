// The real binary SIGKILLed while `transaction: none` migrations run, then resumed with
// `retort resolve --resume` and `retort upgrade head`: every statement applies exactly once.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "retort/database.hpp"
#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::migration_text;
using test::ProjectDir;
using test::RunningRetort;
using test::eventually;
using test::scalar;

TEST(CliResume, InvalidIndexLeftByAKilledConcurrentBuildIsDroppedAndRebuilt) {
  // A genuinely INVALID index: CREATE INDEX CONCURRENTLY records the index (invalid) and then waits
  // for a transaction that holds a write lock on the table; retort is SIGKILLed there, and its
  // backend is terminated from the server side (as a DBA, or PostgreSQL 14's connection check, would).
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE big AS SELECT g FROM generate_series(1, 1000) g;\n"
                                                       "CREATE TABLE counter (tag text NOT NULL);"));
  dir.write_migration("2.sql", migration_text("b", "a",
                                              "INSERT INTO counter VALUES ('one');\n"
                                              "CREATE INDEX CONCURRENTLY big_g ON big (g);\n"
                                              "INSERT INTO counter VALUES ('two');",
                                              "", "-- transaction: none\n"));
  auto url = test::fresh_database();
  ASSERT_EQ(test::run_retort({"--url", url, "upgrade", "a"}, dir.path()).exit_code, 0);
  auto holder = connect(url);
  holder->execute("BEGIN");
  holder->execute("INSERT INTO big VALUES (0)");
  RunningRetort victim({"--url", url, "upgrade", "head"}, dir.path());
  const std::string building = "FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY big_g%'";
  ASSERT_TRUE(eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                              "WHERE c.relname = 'big_g' AND NOT i.indisvalid)",
                         10s));
  victim.kill(SIGKILL);
  EXPECT_EQ(victim.wait().exit_code, 128 + SIGKILL);
  scalar(url, "SELECT pg_terminate_backend(pid) " + building);
  ASSERT_TRUE(eventually(url, "SELECT NOT EXISTS (SELECT 1 " + building + ")", 10s));
  holder->execute("ROLLBACK");
  EXPECT_EQ(scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_g'::regclass"), "f");

  auto status = test::run_retort({"--url", url, "status"}, dir.path());
  EXPECT_NE(status.out.find("statement 2 (CREATE INDEX CONCURRENTLY) was running"), std::string::npos) << status.out;
  auto resumed = test::run_retort({"--url", url, "resolve", "--resume"}, dir.path());
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("dropped the INVALID index public.big_g left by the interrupted CREATE INDEX CONCURRENTLY"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(scalar(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_g'::regclass"), "t");
  EXPECT_EQ(scalar(url, "SELECT string_agg(tag, ',' ORDER BY tag) FROM counter"), "one,two");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "b");
}

/// Transactional and `transaction: none` migrations, with INSERTs everywhere (a tag each, so that
/// a repetition shows), index builds and drops. A unique index on the tags is built part-way, so a
/// repeated INSERT before it would also make that build fail.
void write_mixed_project(const ProjectDir& dir) {
  dir.write_migration("01.sql", migration_text("r01", "", "CREATE TABLE log (tag text NOT NULL);\n"
                                                          "CREATE TABLE big AS SELECT g FROM generate_series(1, 20000) g;\n"
                                                          "INSERT INTO log VALUES ('t1');"));
  dir.write_migration("02.sql", migration_text("r02", "r01",
                                               "INSERT INTO log VALUES ('n2a');\n"
                                               "CREATE INDEX CONCURRENTLY big_g ON big (g);\n"
                                               "SELECT pg_sleep(0.05);\n"
                                               "INSERT INTO log VALUES ('n2b');\n"
                                               "CREATE INDEX CONCURRENTLY big_g_desc ON big (g DESC);\n"
                                               "INSERT INTO log VALUES ('n2c');",
                                               "", "-- transaction: none\n"));
  dir.write_migration("03.sql", migration_text("r03", "r02", "INSERT INTO log VALUES ('t3');\nSELECT pg_sleep(0.02);"));
  dir.write_migration("04.sql", migration_text("r04", "r03",
                                               "INSERT INTO log VALUES ('n4a');\n"
                                               "CREATE UNIQUE INDEX CONCURRENTLY log_tag ON log (tag);\n"
                                               "SELECT pg_sleep(0.05);\n"
                                               "INSERT INTO log VALUES ('n4b');\n"
                                               "DROP INDEX CONCURRENTLY big_g_desc;\n"
                                               "INSERT INTO log VALUES ('n4c');\n"
                                               "UPDATE log SET tag = tag || '+' WHERE tag = 't1';",
                                               "", "-- transaction: none\n"));
  dir.write_migration("05.sql", migration_text("r05", "r04", "INSERT INTO log VALUES ('t5');"));
}

constexpr std::string_view k_all_tags = "n2a,n2b,n2c,n4a,n4b,n4c,t1+,t3,t5";

TEST(CliResume, RandomKillsThenResumeApplyEveryStatementExactlyOnce) {
  ProjectDir dir;
  write_mixed_project(dir);
  // How long an undisturbed run takes, so that the kills fall anywhere inside one.
  auto clean = test::fresh_database();
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(test::run_retort({"--url", clean, "upgrade", "head"}, dir.path()).exit_code, 0);
  const auto run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  ASSERT_EQ(scalar(clean, "SELECT string_agg(tag, ',' ORDER BY tag) FROM log"), k_all_tags);

  const char* seed_text = std::getenv("RETORT_KILL_SEED");
  const unsigned seed = seed_text != nullptr ? static_cast<unsigned>(std::stoul(seed_text)) : std::random_device{}();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> at(0, run_ms.count() * 11 / 10);
  constexpr int k_trials = 10;
  int left_dirty = 0;
  for (int trial = 0; trial < k_trials; ++trial) {
    const auto delay = std::chrono::milliseconds(at(rng));
    SCOPED_TRACE(fmt::format("trial {} of {}, kill after {} ms of a {} ms run (RETORT_KILL_SEED={} repeats these)", trial + 1,
                             k_trials, delay.count(), run_ms.count(), seed));
    auto url = test::fresh_database();
    {
      RunningRetort victim({"--url", url, "upgrade", "head"}, dir.path());
      std::this_thread::sleep_for(delay);
      victim.kill(SIGKILL);
      victim.wait();
    }
    // The killed run's backend may still hold the lock for a moment; the next run waits for it.
    auto resumed = test::run_retort({"--url", url, "resolve", "--resume"}, dir.path());
    if (resumed.exit_code == 0) ++left_dirty;
    else EXPECT_NE(resumed.err.find("not dirty"), std::string::npos) << resumed.err;
    auto finished = test::run_retort({"--url", url, "upgrade", "head"}, dir.path());
    ASSERT_EQ(finished.exit_code, 0) << resumed.err << finished.err;
    EXPECT_EQ(scalar(url, "SELECT string_agg(tag, ',' ORDER BY tag) FROM log"), k_all_tags);
    EXPECT_EQ(scalar(url, "SELECT string_agg(c.relname || ':' || i.indisvalid, ',' ORDER BY c.relname) FROM pg_index i "
                          "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('big_g', 'big_g_desc', 'log_tag')"),
              "big_g:true,log_tag:true");
    EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "r05");
    EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "5");
  }
  // Not an assertion (the kills are random), but worth seeing in the log when it says 0.
  std::printf("[ resume  ] %d of %d kills left a dirty 'transaction: none' migration (seed %u)\n", left_dirty, k_trials, seed);
}

} // namespace
} // namespace retort
