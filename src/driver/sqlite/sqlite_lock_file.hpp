// driver/sqlite/sqlite_lock_file.hpp — the migration lock of a SQLite database.
#pragma once

#include <string>

#include "driver/sqlite/sqlite_connection.hpp"

namespace retort {

/// Other connections' writes wait on SQLite's own lock up to the timeout; other retort runs are
/// kept out for the whole run by an exclusive flock() on "<database>.retort-lock", which the kernel
/// releases when the process dies, however it dies. An in-memory database needs no lock.
class SqliteLockFile final : public MigrationLocker {
public:
  SqliteLockFile(SqliteConnection& session, std::string path);
  ~SqliteLockFile() override;
  SqliteLockFile(const SqliteLockFile&) = delete;
  SqliteLockFile& operator=(const SqliteLockFile&) = delete;

  void lock(const LockRequest& request) override;
  void unlock(const LockRequest& request) noexcept override;

private:
  SqliteConnection& m_session;
  std::string m_path;
  int m_lock_fd = -1;  ///< the flock()ed lock file while a run holds it
};

} // namespace retort
