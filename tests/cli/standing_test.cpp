// The command line tells people where they stand: after a failure what was kept and where the
// database is; progress on a terminal and off it; colour; waits and retries; --json for the write
// commands and for errors; Ctrl-C and SIGTERM. Through the real binary, on a pseudo-terminal where
// the terminal matters.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <regex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"
#include "support/pty.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using test::migration_text;
using test::ProjectDir;
using test::PtyRetort;
using test::run_retort;
using test::RunningRetort;
using test::eventually;
using test::scalar;

std::string running(const std::string& query) {
  return fmt::format("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query = '{}')",
                     query);
}

void write_failing_third(const ProjectDir& dir) {
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text UNIQUE);", "DROP TABLE u;"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "INSERT INTO u VALUES ('a@x');", "DELETE FROM u;"));
  dir.write_migration("3.sql", migration_text("0003", "0002", "CREATE TABLE v (id int);\nINSERT INTO u VALUES ('a@x');"));
}

TEST(CliStanding, FailedUpgradeSaysWhatWasKeptWhatFailedAndWhereTheDatabaseIs) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade", "0001"}, dir.path()).exit_code, 0);
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("0002 applied and kept; 0003 failed and was rolled back; the database is at 0002. "
                       "Fix 0003 and run upgrade again."),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("SQLSTATE: 23505"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\x1b["), std::string::npos) << "no escape codes when standard error is not a terminal";
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "0002");
}

TEST(CliStanding, FirstMigrationFailingSaysTheDatabaseIsStillWhereItWas) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade", "0002"}, dir.path()).exit_code, 0);
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_NE(r.err.find("0003 failed and was rolled back; the database is still at 0002. Fix 0003 and run upgrade again."),
            std::string::npos)
      << r.err;
}

TEST(CliStanding, AtomicFailureSaysEverythingWasRolledBack) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "upgrade", "--atomic"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("0001 and 0002 ran but were rolled back with the rest of the --atomic run; 0003 failed and was "
                       "rolled back; nothing was kept; the database is still at base (nothing applied). Fix 0003 and "
                       "run upgrade again."),
            std::string::npos)
      << r.err;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_version"), "0");
}

TEST(CliStanding, DirtyFailureIsSaidAndStatusShowsItsSqlstateAndDetail) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text UNIQUE);\nINSERT INTO u VALUES ('a@x');"));
  dir.write_migration("2.sql", migration_text("0002", "0001",
                                              "CREATE INDEX CONCURRENTLY u_len ON u (length(email));\nINSERT INTO u VALUES ('a@x');",
                                              "", "-- transaction: none\n"));
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("0001 applied and kept; 0002 ('transaction: none') failed after 1 of its 2 statements, which stay "
                       "applied; the database is at 0001 and marked dirty."),
            std::string::npos)
      << r.err;
  auto s = run_retort({"--url", url, "status"}, dir.path());
  EXPECT_NE(s.out.find("DIRTY: 'transaction: none' migration 0002 stopped after 1 of 2 statements"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("SQLSTATE: 23505"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("DETAIL: Key (email)=(a@x) already exists."), std::string::npos) << s.out;
  auto js = json::parse(run_retort({"--url", url, "status", "--json"}, dir.path()).out);
  EXPECT_EQ(js["dirty"]["sqlstate"], "23505");
  EXPECT_EQ(js["dirty"]["statements_done"], 1);
  auto refused = run_retort({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(refused.exit_code, 10);
  EXPECT_NE(refused.err.find("SQLSTATE: 23505"), std::string::npos) << "the refusal repeats the kept fields: " << refused.err;
}

TEST(CliStanding, UpgradeJsonAnswersOnStdoutAndTheErrorIsAJsonObjectOnStderr) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  auto ok = run_retort({"--url", url, "upgrade", "0002", "--json"}, dir.path());
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err, "") << "with --json, nothing but a JSON error goes to standard error";
  auto a = json::parse(ok.out);
  EXPECT_EQ(a["command"], "upgrade");
  EXPECT_EQ(a["ok"], true);
  EXPECT_EQ(a["applied"].size(), 2u);
  EXPECT_EQ(a["applied"][1]["revision"], "0002");
  EXPECT_TRUE(a["applied"][1]["duration_ms"].is_number());
  EXPECT_EQ(a["current"], json::array({"0002"}));

  auto bad = run_retort({"--url", url, "upgrade", "--json"}, dir.path());
  EXPECT_EQ(bad.exit_code, 8);
  auto b = json::parse(bad.out);
  EXPECT_EQ(b["ok"], false);
  EXPECT_EQ(b["failed"]["revision"], "0003");
  EXPECT_EQ(b["failed"]["outcome"], "rolled_back");
  EXPECT_EQ(b["failed"]["sqlstate"], "23505");
  EXPECT_EQ(b["current"], json::array({"0002"}));
  auto e = json::parse(bad.err);
  EXPECT_EQ(e["error"]["code"], 8);
  EXPECT_EQ(e["error"]["kind"], "sql_failed");
  EXPECT_EQ(e["error"]["sqlstate"], "23505");
  EXPECT_EQ(e["error"]["revision"], "0003");
  EXPECT_NE(e["error"]["detail"].get<std::string>().find("already exists"), std::string::npos);
}

TEST(CliStanding, DowngradeStampAndResolveAnswerInJson) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade", "0002"}, dir.path()).exit_code, 0);
  auto down = run_retort({"--url", url, "downgrade", "-1", "--json"}, dir.path());
  ASSERT_EQ(down.exit_code, 0) << down.err;
  auto d = json::parse(down.out);
  EXPECT_EQ(d["command"], "downgrade");
  EXPECT_EQ(d["applied"][0]["revision"], "0002");
  EXPECT_EQ(d["applied"][0]["direction"], "down");
  EXPECT_EQ(d["current"], json::array({"0001"}));
  auto st = run_retort({"--url", url, "stamp", "0002", "--json"}, dir.path());
  ASSERT_EQ(st.exit_code, 0) << st.err;
  auto s = json::parse(st.out);
  EXPECT_EQ(s["command"], "stamp");
  EXPECT_EQ(s["current"], json::array({"0002"}));
  auto res = run_retort({"--url", url, "resolve", "--rolled-back", "--json"}, dir.path());
  EXPECT_EQ(res.exit_code, 10);
  auto e = json::parse(res.err);
  EXPECT_EQ(e["error"]["kind"], "refused");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("not dirty"), std::string::npos);
}

TEST(CliStanding, ResolveAnswersInJson) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE u (email text UNIQUE);\nINSERT INTO u VALUES ('a@x');"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "CREATE TABLE w (id int);\nINSERT INTO u VALUES ('a@x');", "",
                                              "-- transaction: none\n"));
  auto url = test::fresh_database();
  ASSERT_EQ(run_retort({"--url", url, "upgrade"}, dir.path()).exit_code, 8);
  auto res = run_retort({"--url", url, "resolve", "--mark-applied", "--json"}, dir.path());
  ASSERT_EQ(res.exit_code, 0) << res.err;
  auto r = json::parse(res.out);
  EXPECT_EQ(r["command"], "resolve");
  EXPECT_EQ(r["resolved"]["revision"], "0002");
  EXPECT_EQ(r["current"], json::array({"0002"}));
}

TEST(CliStanding, ReadCommandErrorsAreJsonWithJson) {
  ProjectDir dir;
  auto r = run_retort({"--url", "postgresql://nobody:secret@127.0.0.1:1/none", "status", "--json"}, dir.path());
  EXPECT_EQ(r.exit_code, 7);
  auto e = json::parse(r.err);
  EXPECT_EQ(e["error"]["kind"], "connection");
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << "a password is never printed";
}

TEST(CliStanding, ArgumentErrorsAreJsonWhenTheLineHasJson) {
  ProjectDir dir;
  auto unknown = run_retort({"upgrade", "--json", "--bogus"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  auto e = json::parse(unknown.err);
  EXPECT_EQ(e["error"]["kind"], "usage");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("--bogus"), std::string::npos) << unknown.err;

  auto plain = run_retort({"upgrade", "--bogus"}, dir.path());
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_EQ(plain.err.rfind("error: ", 0), 0u) << "without --json the error stays text: " << plain.err;
}

TEST(CliStanding, WaitingForTheLockSaysWhoHoldsItAndRetriesAreAnnounced) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE busy (id int);\nSELECT pg_sleep(2.5);"));
  dir.write_migration("2.sql", migration_text("b", "a", "ALTER TABLE busy ADD COLUMN note text;"));
  auto url = test::fresh_database();
  RunningRetort holder({"--url", url, "upgrade", "a"}, dir.path());
  ASSERT_TRUE(eventually(url, running("SELECT pg_sleep(2.5)")));
  EXPECT_EQ(scalar(url, "SELECT application_name FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(2.5)'"), "retort")
      << "others can see retort's own sessions";
  auto waiter = run_retort({"--url", url, "--lock-timeout", "60", "upgrade", "a"}, dir.path());
  EXPECT_EQ(waiter.exit_code, 0) << waiter.err;
  EXPECT_NE(waiter.err.find("Waiting for the migration lock on retort:"), std::string::npos) << waiter.err;
  EXPECT_NE(waiter.err.find("another run holds it (held by pid"), std::string::npos) << waiter.err;
  EXPECT_NE(waiter.err.find("application 'retort'"), std::string::npos) << waiter.err;
  EXPECT_EQ(holder.wait().exit_code, 0);

  // A lock_timeout retry is announced each time.
  std::thread hold([&] {
    scalar(url, "DO $$ BEGIN LOCK TABLE busy IN ACCESS SHARE MODE; PERFORM pg_sleep(5); END $$");
  });
  ASSERT_TRUE(eventually(url, "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                              "WHERE c.relname = 'busy' AND l.granted)"));
  auto retried = run_retort({"--url", url, "upgrade", "--ddl-lock-timeout", "100ms", "--lock-retries", "2"}, dir.path());
  hold.join();
  EXPECT_EQ(retried.exit_code, 8) << retried.err;
  EXPECT_NE(retried.err.find("b hit its lock_timeout (attempt 1 of 3)"), std::string::npos) << retried.err;
  EXPECT_NE(retried.err.find("b hit its lock_timeout (attempt 2 of 3)"), std::string::npos) << retried.err;
  EXPECT_NE(retried.err.find("b failed and was rolled back; the database is still at a."), std::string::npos) << retried.err;
}

TEST(CliStanding, QuietShowsNoProgressAndVerboseShowsEachMigrationsFile) {
  ProjectDir dir;
  write_failing_third(dir);
  auto url = test::fresh_database();
  auto q = run_retort({"--url", url, "upgrade", "0001", "-q"}, dir.path());
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.err, "");
  auto v = run_retort({"--url", url, "upgrade", "0002", "-v"}, dir.path());
  ASSERT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.err.find("Running upgrade 0001 -> 0002"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("file: " + (dir.migrations() / "2.sql").string()), std::string::npos) << v.err;
  auto failed_quietly = run_retort({"--url", url, "upgrade", "-q"}, dir.path());
  EXPECT_NE(failed_quietly.err.find("0003 failed and was rolled back"), std::string::npos) << "errors still show";
}

void write_slow_three(const ProjectDir& dir) {
  for (int i = 1; i <= 3; ++i) {
    dir.write_migration(fmt::format("{}.sql", i), migration_text(fmt::format("r{}", i), i == 1 ? "" : fmt::format("r{}", i - 1),
                                                                 fmt::format("CREATE TABLE t{} (id int);\nSELECT pg_sleep(0.6);", i)));
  }
}

TEST(CliStanding, OnATerminalProgressIsOneUpdatingLineWithCountElapsedAndEstimateInColour) {
  ProjectDir dir;
  write_slow_three(dir);
  auto url = test::fresh_database();
  PtyRetort run({"--url", url, "upgrade"}, dir.path());
  EXPECT_EQ(run.wait(), 0) << run.screen();
  const auto& screen = run.screen();
  EXPECT_NE(screen.find("\r\x1b[2K"), std::string::npos) << "the line is redrawn in place";
  for (const char* step : {"[1/3]", "[2/3]", "[3/3]"}) EXPECT_NE(screen.find(step), std::string::npos) << screen;
  EXPECT_TRUE(std::regex_search(screen, std::regex(R"(upgrade r2  [0-9.]+s elapsed, ~[0-9.]+s left)"))) << screen;
  EXPECT_EQ(screen.find("Running upgrade"), std::string::npos) << "no line per step on a terminal";
  EXPECT_NE(screen.find("\x1b[32mApplied 3 migration(s); now at r3\x1b[0m"), std::string::npos) << screen;
  // The progress line is gone before the summary: the last line drawn is the summary.
  auto last_clear = screen.rfind("\r\x1b[2K");
  EXPECT_LT(last_clear, screen.find("Applied 3"));
}

TEST(CliStanding, NoColorKeepsTheUpdatingLineButDropsTheColours) {
  ProjectDir dir;
  write_slow_three(dir);
  auto url = test::fresh_database();
  PtyRetort run({"--url", url, "upgrade"}, dir.path(), {{"NO_COLOR", "1"}});
  EXPECT_EQ(run.wait(), 0) << run.screen();
  EXPECT_NE(run.screen().find("\r\x1b[2K"), std::string::npos);
  EXPECT_NE(run.screen().find("[3/3]"), std::string::npos);
  EXPECT_EQ(run.screen().find("\x1b[3"), std::string::npos) << "no colour codes";
  EXPECT_EQ(run.screen().find("\x1b[1m"), std::string::npos) << "no bold either";
}

TEST(CliStanding, PipedOutputGetsPlainLinesAndNoEscapes) {
  ProjectDir dir;
  write_slow_three(dir);
  auto url = test::fresh_database();
  auto r = run_retort({"--url", url, "upgrade"}, dir.path(), {{"TERM", "xterm"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Running upgrade r1 -> r2, test r2\n  done in"), std::string::npos) << r.err;
}

TEST(CliStanding, CtrlCOnATerminalCancelsTheStatementRollsBackReleasesTheLockAndExits130) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);"));
  dir.write_migration("3.sql", migration_text("0003", "0002", "CREATE TABLE c (id int);"));
  auto url = test::fresh_database();
  PtyRetort run({"--url", url, "upgrade"}, dir.path());
  ASSERT_TRUE(eventually(url, running("SELECT pg_sleep(60)"))) << run.screen();
  const auto pressed = std::chrono::steady_clock::now();
  run.type("\x03");  // Ctrl-C: the terminal sends SIGINT to the foreground process group
  EXPECT_EQ(run.wait(30s), 130) << run.screen();
  EXPECT_LT(std::chrono::steady_clock::now() - pressed, 15s) << "cancelled on the server, not waited for";
  const auto& screen = run.screen();
  EXPECT_NE(screen.find("canceling statement due to user request"), std::string::npos) << "the server cancelled it: " << screen;
  EXPECT_NE(screen.find("SQLSTATE: 57014"), std::string::npos) << screen;
  EXPECT_NE(screen.find("0001 applied and kept; 0002 was cancelled and was rolled back; the database is at 0001. "
                        "Run upgrade again to go on."),
            std::string::npos)
      << screen;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                        "query = 'SELECT pg_sleep(60)' AND state = 'active'"),
            "0");
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "0001");
  EXPECT_EQ(scalar(url, "SELECT to_regclass('b') IS NULL AND to_regclass('c') IS NULL"), "t");
  auto next = run_retort({"--url", url, "--lock-timeout", "0", "stamp", "0001"}, dir.path());
  EXPECT_EQ(next.exit_code, 0) << "the lock is free: " << next.err;
}

TEST(CliStanding, SigtermCancelsLikeCtrlCAndSaysWhereTheDatabaseStands) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);"));
  dir.write_migration("2.sql", migration_text("0002", "0001", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);"));
  auto url = test::fresh_database();
  RunningRetort run({"--url", url, "upgrade"}, dir.path());
  ASSERT_TRUE(eventually(url, running("SELECT pg_sleep(60)")));
  run.kill(SIGTERM);
  auto r = run.wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("0002 was cancelled and was rolled back; the database is at 0001."), std::string::npos) << r.err;
  EXPECT_EQ(scalar(url, "SELECT string_agg(version_num, ',') FROM retort_version"), "0001");
}

TEST(CliStanding, CtrlCWhileWaitingForTheLockStopsWaitingAndChangesNothing) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "SELECT pg_sleep(5);"));
  auto url = test::fresh_database();
  RunningRetort holder({"--url", url, "upgrade"}, dir.path());
  ASSERT_TRUE(eventually(url, running("SELECT pg_sleep(5)")));
  PtyRetort waiter({"--url", url, "--lock-timeout", "60", "upgrade"}, dir.path());
  ASSERT_TRUE(waiter.wait_for("Waiting for the migration lock", 10s)) << waiter.screen();
  EXPECT_TRUE(waiter.wait_for("waiting for the migration lock: 1.", 5s)) << "a line counting the wait: " << waiter.screen();
  waiter.type("\x03");
  EXPECT_EQ(waiter.wait(10s), 130) << waiter.screen();
  EXPECT_NE(waiter.screen().find("cancelled while waiting for the migration lock"), std::string::npos) << waiter.screen();
  EXPECT_EQ(holder.wait().exit_code, 0);
}

} // namespace
} // namespace retort
