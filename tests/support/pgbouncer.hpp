// support/pgbouncer.hpp — a real PgBouncer in transaction-pooling mode in front of the test cluster.
#pragma once

#include <filesystem>
#include <string>

namespace retort::test {

/// Starts Debian's pgbouncer on a unix socket in a temporary folder (as the postgres user when
/// root), pool_mode = transaction, forwarding every database to the test cluster; stops it on
/// destruction. Skips nothing: throws std::runtime_error when pgbouncer cannot start.
class PgBouncer {
public:
  PgBouncer();
  ~PgBouncer();
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;
  /// A url for `database` through the pooler.
  [[nodiscard]] std::string url(const std::string& database) const;

private:
  std::filesystem::path m_dir;
  int m_pid = -1;
};

} // namespace retort::test
