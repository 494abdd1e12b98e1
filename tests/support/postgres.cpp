#include "support/postgres.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "retort/database.hpp"

namespace retort::test {

namespace {

/// Where the test cluster lives: in memory (/dev/shm) when the machine has one with room, as
/// creating a database copies a template and a run creates over a thousand; /tmp otherwise.
std::filesystem::path cluster_parent_dir() {
  struct statvfs fs {};
  constexpr unsigned long long k_room = 2ULL << 30;
  if (statvfs("/dev/shm", &fs) == 0 && access("/dev/shm", W_OK) == 0 &&
      static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize >= k_room) {
    return "/dev/shm";
  }
  return {};
}

} // namespace

TempCluster& cluster() {
  // Autovacuum off: a run makes hundreds of databases, and vacuuming them is work no test needs.
  static std::unique_ptr<TempCluster> instance =
      std::make_unique<TempCluster>(TempClusterOptions{.autovacuum = false, .parent_dir = cluster_parent_dir()});
  return *instance;
}

namespace {

std::string create_database(const std::string& template_name) {
  static std::atomic<int> counter{0};
  std::string name = fmt::format("t{}", ++counter);
  auto admin = connect(cluster().url());
  // 15's default strategy writes the template through the WAL; copying its files is several times
  // faster for a template this small (the checkpoint it takes costs nothing on a throwaway cluster).
  admin->execute(fmt::format("CREATE DATABASE {} TEMPLATE {}{}", name, template_name,
                             server_version_num() >= 150000 ? " STRATEGY file_copy" : ""));
  return cluster().url(name);
}

} // namespace

std::string fresh_database() { return create_database("template0"); }

std::string copy_of_database(const std::string& url) { return create_database(database_name(url)); }

bool eventually(const std::string& url, const std::string& sql, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (scalar(url, sql) == "t") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return false;
}

std::string scalar(const std::string& url, const std::string& sql) {
  auto db = connect(url);
  auto rows = db->query(sql, {});
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

int server_version_num() {
  static const int version = std::stoi(scalar(cluster().url(), "SHOW server_version_num"));
  return version;
}

std::filesystem::path client_program(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(find_postgres_bin_dir() / name, ec)) return find_postgres_bin_dir() / name;
  fs::path best;
  int best_version = -1;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int v = std::atoi(entry.path().filename().c_str());
    if (v > best_version && fs::exists(entry.path() / "bin" / name, ec)) {
      best_version = v;
      best = entry.path() / "bin" / name;
    }
  }
  return best.empty() ? fs::path(name) : best;
}

} // namespace retort::test

namespace retort::test {

std::string database_name(const std::string& url) {
  auto slash = url.find("@/");
  auto q = url.find('?', slash);
  return url.substr(slash + 2, q - slash - 2);
}

} // namespace retort::test
