// examples/myagent/service, the C++ counterpart of the first user's config/database.py:
// init_database() on a fresh database, a current one, one newer than the binary, a failing
// migration, an unreachable server and a wrong password; two service processes starting at once;
// the connection pool under 32 threads with a server restart in the middle.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "connection_pool.hpp"
#include "database.hpp"
#include "retort/error.hpp"
#include "retort/temp_cluster.hpp"
#include "support/cli.hpp"
#include "support/counting_connection.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace myagent {
namespace {

using namespace std::chrono_literals;
using retort::test::fresh_database;
using retort::test::scalar;

/// init_database's log, line by line, and all of it.
struct Logged {
  std::vector<std::string> lines;
  Log log() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
  [[nodiscard]] std::string all() const {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
  }
};

TEST(InitDatabase, AFreshDatabaseIsBroughtToHeadAndTheLogSaysWhatWasApplied) {
  const auto url = fresh_database();
  auto db = retort::connect(url);
  Logged logged;
  EXPECT_TRUE(init_database(*db, embedded_project(url), logged.log())) << logged.all();
  EXPECT_NE(logged.all().find("applied migration 0001_init in "), std::string::npos) << logged.all();
  EXPECT_NE(logged.all().find("database schema is at 0001_init"), std::string::npos) << logged.all();
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('projects', 'tasks', 'iterations')"), "3");
}

TEST(InitDatabase, ACurrentDatabaseTakesOneQueryAndSaysSo) {
  const auto url = fresh_database();
  auto db = retort::connect(url);
  Logged first;
  ASSERT_TRUE(init_database(*db, embedded_project(url), first.log())) << first.all();
  retort::test::CountingConnection counting(*db);
  Logged logged;
  EXPECT_TRUE(init_database(counting, embedded_project(url), logged.log()));
  EXPECT_EQ(logged.all(), "database schema is current at 0001_init\n");
  EXPECT_EQ(counting.queries, 1);
  EXPECT_EQ(counting.locks, 0);
}

TEST(InitDatabase, ADatabaseNewerThanTheBinaryIsRefusedAndLeftUntouched) {
  const auto url = fresh_database();
  auto db = retort::connect(url);
  Logged first;
  ASSERT_TRUE(init_database(*db, embedded_project(url), first.log()));
  scalar(url, "UPDATE retort_version SET version_num = '0002_newer'");  // as the next release leaves it
  const auto history = scalar(url, "SELECT count(*) FROM retort_history");
  Logged logged;
  EXPECT_FALSE(init_database(*db, embedded_project(url), logged.log()));
  EXPECT_NE(logged.all().find("refusing to start: the database is at 0002_newer, which this build's migrations do not have"),
            std::string::npos)
      << logged.all();
  EXPECT_EQ(scalar(url, "SELECT version_num FROM retort_version"), "0002_newer");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history"), history);
}

TEST(InitDatabase, AFailingMigrationIsLoggedWithItsFileStatementAndSqlstate) {
  retort::test::ProjectDir dir;
  dir.write_migration("0001_a.sql", retort::test::migration_text("0001_a", "", "CREATE TABLE a (id int PRIMARY KEY);"));
  dir.write_migration("0002_b.sql", retort::test::migration_text("0002_b", "0001_a",
                                                                 "INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (1);"));
  const auto url = fresh_database();
  auto db = retort::connect(url);
  Logged logged;
  EXPECT_FALSE(init_database(*db, retort::Project(dir.config(url)), logged.log()));
  const auto text = logged.all();
  EXPECT_NE(text.find("database migration failed: "), std::string::npos) << text;
  EXPECT_NE(text.find("  migration: 0002_b ("), std::string::npos) << text;
  EXPECT_NE(text.find("0002_b.sql:"), std::string::npos) << text;
  EXPECT_NE(text.find("  statement: INSERT INTO a VALUES (1)"), std::string::npos) << text;
  EXPECT_NE(text.find("  SQLSTATE:  23505"), std::string::npos) << text;
  EXPECT_NE(text.find("  applied before it and kept: 0001_a"), std::string::npos) << text;
  EXPECT_NE(text.find("  the database is at 0001_a"), std::string::npos) << text;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM a"), "0") << "the failing migration was rolled back whole";
}

std::string service_log(const retort::test::CliResult& r) { return r.out + r.err; }

TEST(ServiceBinary, AnUnreachableServerOrAWrongPasswordFailsTheStartWithoutThePassword) {
  const auto url = fresh_database();
  const auto db = retort::test::database_name(url);
  scalar(url, "CREATE ROLE svc_wrong_pw LOGIN PASSWORD 'right-secret-1'");
  const auto wrong = retort::test::cluster().url_as("svc_wrong_pw", "wrong-secret-2", db);
  auto refused = retort::test::run_program({MYAGENT_SERVICE_BINARY}, "/", {{"DATABASE_URL", wrong}});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(service_log(refused).find("myagent: database initialization failed: "), std::string::npos) << service_log(refused);
  EXPECT_EQ(service_log(refused).find("wrong-secret-2"), std::string::npos) << "the password is never printed";
  EXPECT_NE(service_log(refused).find("svc_wrong_pw"), std::string::npos) << "the role is named";

  auto unreachable = retort::test::run_program({MYAGENT_SERVICE_BINARY}, "/",
                                               {{"DATABASE_URL", "postgresql://u:pw-3@/x?host=/nonexistent-socket-dir"}});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(service_log(unreachable).find("database initialization failed"), std::string::npos) << service_log(unreachable);
  EXPECT_EQ(service_log(unreachable).find("pw-3"), std::string::npos);
  scalar(url, "DROP ROLE svc_wrong_pw");
}

TEST(ServiceBinary, TwoInstancesStartingAtOnceApplyTheMigrationOnce) {
  const auto url = fresh_database();
  auto start = [&] { return retort::test::run_program({MYAGENT_SERVICE_BINARY}, "/", {{"DATABASE_URL", url}}); };
  auto one = std::async(std::launch::async, start);
  auto two = std::async(std::launch::async, start);
  const auto a = one.get(), b = two.get();
  EXPECT_EQ(a.exit_code, 0) << service_log(a);
  EXPECT_EQ(b.exit_code, 0) << service_log(b);
  const std::string both = service_log(a) + service_log(b);
  EXPECT_NE(both.find("applied migration 0001_init"), std::string::npos) << both;
  EXPECT_EQ(both.find("applied migration 0001_init"), both.rfind("applied migration 0001_init")) << "applied once";
  EXPECT_NE(both.find("ready: 0 projects"), std::string::npos) << both;
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"), "1");
}

TEST(ServiceBinary, TheCliFindsWhatTheServiceAppliedCurrentWithMatchingChecksums) {
  const auto url = fresh_database();
  // The service runs from / with no migration file anywhere near it: they are compiled in.
  auto started = retort::test::run_program({MYAGENT_SERVICE_BINARY}, "/", {{"DATABASE_URL", url}});
  ASSERT_EQ(started.exit_code, 0) << service_log(started);
  const std::string config = RETORT_SOURCE_DIR "/examples/myagent/retort.toml";
  auto status = retort::test::run_retort({"-c", config, "--url", url, "status", "--exit-code"}, "/");
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("0001_init"), std::string::npos) << status.out;
  auto verify = retort::test::run_retort({"-c", config, "--url", url, "verify"}, "/");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("1 applied migration(s) match their files, 0 changed or missing, 0 without"),
            std::string::npos)
      << verify.out;
}

/// A cluster of the pool tests' own: they restart its server, which the shared one must not see.
class ConnectionPoolTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_cluster = new retort::TempCluster(retort::TempClusterOptions{.autovacuum = false}); }
  static void TearDownTestSuite() {
    delete s_cluster;
    s_cluster = nullptr;
  }
  static retort::TempCluster* s_cluster;
};
retort::TempCluster* ConnectionPoolTest::s_cluster = nullptr;

TEST_F(ConnectionPoolTest, ThirtyTwoThreadsShareEightConnectionsThroughAServerRestart) {
  const auto url = s_cluster->url();
  scalar(url, "CREATE TABLE hits (thread int, n int, PRIMARY KEY (thread, n))");
  ConnectionPool pool(url, {.size = 8, .checkout_timeout = 30s});
  constexpr int k_threads = 32, k_each = 40;
  std::atomic<int> done{0}, failed_attempts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < k_each; ++n) {
        const auto give_up = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < give_up) {
          try {
            auto db = pool.acquire();
            try {
              // idempotent, so that a retry after a lost answer cannot count twice
              db->query("INSERT INTO hits VALUES ($1, $2) ON CONFLICT DO NOTHING", {std::to_string(t), std::to_string(n)});
              ++done;
              break;
            } catch (const retort::Error&) {
              db.discard();  // the server went away under it
              throw;
            }
          } catch (const retort::Error&) {  // the server is restarting: try again shortly
            ++failed_attempts;
            std::this_thread::sleep_for(20ms);
          }
        }
      }
    });
  }
  while (done < k_threads * k_each / 3) std::this_thread::sleep_for(1ms);
  s_cluster->restart();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), k_threads * k_each);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM hits"), std::to_string(k_threads * k_each));
  EXPECT_LE(pool.most_open(), 8u);
  EXPECT_LE(pool.open(), 8u);
  EXPECT_GT(failed_attempts.load(), 0) << "the restart happened while the threads worked";
}

TEST_F(ConnectionPoolTest, ACheckoutAfterARestartGetsAWorkingConnection) {
  ConnectionPool pool(s_cluster->url(), {.size = 2});
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    a->query("SELECT 1");
    b->query("SELECT 1");
  }  // both idle now
  s_cluster->restart();
  auto c = pool.acquire();
  EXPECT_EQ(c->query("SELECT 41 + 1").at(0).at(0).value_or(""), "42");
  EXPECT_EQ(pool.replaced(), 1u) << "the dead idle connection was found at checkout and replaced";
  EXPECT_EQ(pool.open(), 2u);
}

TEST_F(ConnectionPoolTest, ACheckoutWaitsForAConnectionThenTimesOut) {
  ConnectionPool pool(s_cluster->url(), {.size = 1, .checkout_timeout = 200ms});
  auto held = pool.acquire();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.acquire(), PoolTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 200ms);
  // A connection returned while another thread waits is handed to it.
  auto waiter = std::async(std::launch::async, [&] { return pool.acquire()->query("SELECT 7").at(0).at(0).value_or(""); });
  std::this_thread::sleep_for(50ms);
  { auto release = std::move(held); }
  EXPECT_EQ(waiter.get(), "7");
  EXPECT_EQ(pool.most_open(), 1u);
}

} // namespace
} // namespace myagent
