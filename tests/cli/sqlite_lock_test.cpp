// SQLite runs exclude each other with a file lock that dies with its process.
#include <gtest/gtest.h>

#include <memory>

#include <fmt/format.h>

#include "support/cli.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::RunningRetort;

TEST(SqliteLock, ConcurrentUpgradesOfOneFileApplyEachMigrationOnce) {
  ProjectDir dir;
  for (int i = 1; i <= 10; ++i) {
    dir.write_migration(fmt::format("{:02d}.sql", i),
                        migration_text(fmt::format("r{:02d}", i), i == 1 ? "" : fmt::format("r{:02d}", i - 1),
                                       fmt::format("CREATE TABLE t{} (id INTEGER);", i)));
  }
  std::vector<std::unique_ptr<RunningRetort>> runs;
  for (int k = 0; k < 6; ++k) {
    runs.push_back(std::make_unique<RunningRetort>(std::vector<std::string>{"--url", "sqlite:///app.db", "upgrade"}, dir.path()));
  }
  for (auto& r : runs) {
    auto result = r->wait();
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  auto history = test::run_retort({"--url", "sqlite:///app.db", "status", "--json"}, dir.path());
  EXPECT_NE(history.out.find("\"pending\": []"), std::string::npos) << history.out;
  auto count = test::run_retort({"--url", "sqlite:///app.db", "current"}, dir.path());
  EXPECT_EQ(count.out, "r10 (head)\n");
}

} // namespace
} // namespace retort
