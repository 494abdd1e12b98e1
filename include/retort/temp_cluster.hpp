// retort/temp_cluster.hpp — a private, throwaway PostgreSQL cluster (what pgtemp:// urls start).
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace retort {

struct TempClusterOptions {
  bool fsync = false;               ///< a throwaway cluster does not need durability
  bool autovacuum = true;           ///< off for a test run that makes hundreds of short-lived databases
  std::filesystem::path bin_dir;    ///< where initdb/pg_ctl live; empty: found automatically
  std::filesystem::path parent_dir; ///< where the cluster's folder is made; empty: /tmp (short: the socket path has a length limit)
};

/// initdb + pg_ctl into a fresh temporary folder, listening on a unix socket only (no TCP port).
/// When the process runs as root, the server runs as the unprivileged `postgres` (or `nobody`)
/// user. The cluster is stopped and its folder removed by the destructor, and also by a watchdog
/// process if this process dies without running it (SIGKILL included).
/// Authentication: the superuser "postgres" is trusted over the socket; every other role must
/// give its password (scram-sha-256), so wrong-password paths can be exercised.
class TempCluster {
public:
  /// Throws Error(ErrorCode::environment) when the PostgreSQL binaries are missing or the
  /// server does not start (with the tail of its log).
  explicit TempCluster(const TempClusterOptions& options = {});
  TempCluster(const TempCluster&) = delete;
  TempCluster& operator=(const TempCluster&) = delete;
  ~TempCluster();

  /// A libpq url for `database` as the superuser, e.g. postgresql://postgres@/postgres?host=%2Ftmp%2F...
  [[nodiscard]] std::string url(const std::string& database = "postgres") const;
  /// A url for another role with a password (no host secret: only the socket folder).
  [[nodiscard]] std::string url_as(const std::string& user, const std::string& password,
                                   const std::string& database) const;
  [[nodiscard]] const std::filesystem::path& socket_dir() const noexcept { return m_dir; }

  /// Stops the server (fast: sessions are ended) and starts it again with the same options and
  /// socket, as a server restart in production does to its clients. Throws
  /// Error(ErrorCode::environment) with the tail of the log when it does not come back.
  void restart();

  /// Stops the server and removes the folder now; idempotent, never throws.
  void shutdown() noexcept;

private:
  std::filesystem::path m_dir;
  std::filesystem::path m_bin_dir;
  std::string m_run_as;  ///< empty when not root
  pid_t m_watchdog = -1;
  int m_watchdog_pipe = -1;
  bool m_running = false;
};

/// The PostgreSQL server binaries folder (pg_config --bindir, /usr/lib/postgresql/<newest>/bin, PATH).
std::filesystem::path find_postgres_bin_dir();

} // namespace retort
