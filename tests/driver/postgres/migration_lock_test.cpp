// The PostgreSQL migration lock (src/driver/postgres/pg_migration_lock.cpp) on the run's real
// PostgreSQL: runs that start together on a database that has no lease table yet.
#include <gtest/gtest.h>

#include <barrier>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "retort/database.hpp"
#include "retort/error.hpp"
#include "support/postgres.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;

// Several runs creating the lease table at the same moment race inside the server's catalog: the
// losers can fail on pg_type's unique index (23505), on the relation (42P07) or on the row type
// (42710, "type already exists"), depending on when the winner commits. None of that may reach the
// run: each either takes the lease or is told another run holds it.
TEST(PgMigrationLock, RunsCreatingTheLeaseTableAtOnceEachTakeTheLeaseOrWait) {
  constexpr int k_runs = 6, k_rounds = 60;  // without the turns, a round fails one time in ten here
  auto url = test::fresh_database();
  auto admin = connect(url);
  std::vector<std::unique_ptr<Connection>> sessions;
  for (int k = 0; k < k_runs; ++k) sessions.push_back(connect(url));
  LockRequest request{.key = "lock test", .timeout = 0ms, .mode = LockMode::lease, .lease_table = "lease_race"};
  int failed_rounds = 0;
  std::string first_error;
  for (int round = 0; round < k_rounds && failed_rounds == 0; ++round) {
    admin->execute("DROP TABLE IF EXISTS lease_race");
    std::barrier start(k_runs);
    std::vector<std::string> errors(k_runs);
    std::vector<int> took(k_runs, 0);
    std::vector<std::jthread> runs;
    for (int k = 0; k < k_runs; ++k) {
      runs.emplace_back([&, k] {
        start.arrive_and_wait();
        try {
          sessions[k]->locker().lock(request);
          took[k] = 1;
          sessions[k]->locker().unlock(request);
        } catch (const Error& e) {
          if (e.code() != ErrorCode::lock_timeout) errors[k] = e.what();
        }
      });
    }
    runs.clear();  // joins
    int takers = 0;
    for (int k = 0; k < k_runs; ++k) {
      takers += took[k];
      if (!errors[k].empty()) {
        ++failed_rounds;
        first_error = "round " + std::to_string(round) + ": " + errors[k];
      }
    }
    EXPECT_GE(takers, 1) << "round " << round << ": somebody takes the lease";
  }
  EXPECT_EQ(failed_rounds, 0) << first_error;
  EXPECT_EQ(test::scalar(url, "SELECT count(*) FROM lease_race"), "0") << "every taker released it";
}

} // namespace
} // namespace retort
