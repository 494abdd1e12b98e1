#include "support/postgres.hpp"

#include <atomic>
#include <memory>

#include <fmt/format.h>

#include "retort/database.hpp"

namespace retort::test {

TempCluster& cluster() {
  static std::unique_ptr<TempCluster> instance = std::make_unique<TempCluster>();
  return *instance;
}

std::string fresh_database() {
  static std::atomic<int> counter{0};
  std::string name = fmt::format("t{}", ++counter);
  auto admin = connect(cluster().url());
  admin->execute(fmt::format("CREATE DATABASE {} TEMPLATE template0", name));
  return cluster().url(name);
}

std::string scalar(const std::string& url, const std::string& sql) {
  auto db = connect(url);
  auto rows = db->query(sql, {});
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

} // namespace retort::test

namespace retort::test {

std::string database_name(const std::string& url) {
  auto slash = url.find("@/");
  auto q = url.find('?', slash);
  return url.substr(slash + 2, q - slash - 2);
}

} // namespace retort::test
