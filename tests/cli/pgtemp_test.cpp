// `retort pgtemp`: the throwaway cluster is removed however the command ends.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/cli.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using test::ProjectDir;
using test::RunningRetort;

/// The socket folder named by a DATABASE_URL line that pgtemp's command printed.
std::filesystem::path socket_dir_of(const std::string& printed) {
  auto at = printed.find("host=%2F");
  if (at == std::string::npos) return {};
  std::string encoded = printed.substr(at + 5, printed.find_first_of("&\n", at) - at - 5);
  std::string dir;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size()) {
      dir += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      dir += encoded[i];
    }
  }
  return dir;
}

std::filesystem::path wait_for_url(const RunningRetort& run) {
  for (int i = 0; i < 300; ++i) {
    auto dir = socket_dir_of(run.output_so_far());
    if (!dir.empty()) return dir;
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

bool gone_within(const std::filesystem::path& dir, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!std::filesystem::exists(dir)) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

TEST(Pgtemp, AFailingCommandsExitStatusIsKeptAndTheClusterRemoved) {
  ProjectDir dir;
  auto r = test::run_retort({"pgtemp", "--", "sh", "-c", "echo \"$DATABASE_URL\"; exit 3"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  auto socket_dir = socket_dir_of(r.out);
  ASSERT_FALSE(socket_dir.empty()) << r.out;
  EXPECT_TRUE(gone_within(socket_dir, 5s)) << socket_dir;
}

TEST(Pgtemp, CtrlCStopsTheCommandAndRemovesTheCluster) {
  ProjectDir dir;
  RunningRetort run({"pgtemp", "--", "sh", "-c", "echo \"$DATABASE_URL\"; sleep 30"}, dir.path());
  auto socket_dir = wait_for_url(run);
  ASSERT_FALSE(socket_dir.empty());
  EXPECT_TRUE(std::filesystem::exists(socket_dir / "data" / "postmaster.pid"));
  run.kill_group(SIGINT);
  auto result = run.wait();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_TRUE(gone_within(socket_dir, 15s)) << socket_dir;
}

TEST(Pgtemp, SigkillOfRetortStillRemovesTheCluster) {
  ProjectDir dir;
  RunningRetort run({"pgtemp", "--", "sh", "-c", "echo \"$DATABASE_URL\"; sleep 30"}, dir.path());
  auto socket_dir = wait_for_url(run);
  ASSERT_FALSE(socket_dir.empty());
  run.kill_group(SIGKILL);  // retort and its command die at once; only the watchdog is left to clean up
  run.wait();
  EXPECT_TRUE(gone_within(socket_dir, 20s)) << socket_dir;
}

} // namespace
} // namespace retort
