// driver/postgres/pg_migration_lock.hpp — the migration lock on a PostgreSQL session.
#pragma once

#include <memory>
#include <string>

#include "driver/postgres/pg_connection.hpp"

namespace retort {

class LeaseHeartbeat;

/// LockMode::advisory: pg_try_advisory_lock on a key hashed from the version table's name, polled
/// (a waiter never sits inside a statement). LockMode::lease: a row in a lock table with an expiry,
/// extended from a second session while held. Either way the waiting run names the holder.
class PgMigrationLocker final : public MigrationLocker {
public:
  explicit PgMigrationLocker(PgConnection& session);
  ~PgMigrationLocker() override;
  PgMigrationLocker(const PgMigrationLocker&) = delete;
  PgMigrationLocker& operator=(const PgMigrationLocker&) = delete;

  void lock(const LockRequest& request) override;
  void unlock(const LockRequest& request) noexcept override;

private:
  void lock_advisory(const LockRequest& request);
  void lock_lease(const LockRequest& request);

  PgConnection& m_session;
  std::string m_lease_owner;                    ///< lease mode: our owner token while we hold it
  std::unique_ptr<LeaseHeartbeat> m_heartbeat;  ///< lease mode: extends the lease from a second session
};

} // namespace retort
