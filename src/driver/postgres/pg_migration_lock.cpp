// driver/postgres/pg_migration_lock.cpp — the migration lock on a PostgreSQL session: an advisory
// lock, or a lease row for poolers that do not keep a session (docs/safety.md).
#include "driver/postgres/pg_migration_lock.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <thread>

#include "core/poll.hpp"
#include "core/sha256.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

// Waiting for the migration lock: 20 ms, doubling up to 500 ms (docs/safety.md).
constexpr std::chrono::milliseconds k_first_poll{20}, k_longest_poll{500};

/// The advisory lock key for a name: the first 8 bytes of its SHA-256, as a signed 64-bit integer.
std::string lock_key(std::string_view name) {
  auto hex = sha256_hex(name).substr(0, 16);
  auto value = static_cast<std::int64_t>(std::stoull(hex, nullptr, 16));
  return std::to_string(value);
}

} // namespace

/// Extends a held lease from a second session every third of its length, until destroyed.
class LeaseHeartbeat {
public:
  LeaseHeartbeat(std::unique_ptr<PgConnection> db, std::string table, std::string owner, std::chrono::milliseconds lease)
      : m_db(std::move(db)), m_table(std::move(table)), m_owner(std::move(owner)), m_lease(lease),
        m_thread([this] { run(); }) {}
  ~LeaseHeartbeat() {
    {
      std::lock_guard<std::mutex> guard(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> guard(m_mutex);
    while (!m_wake.wait_for(guard, m_lease / 3, [this] { return m_stop; })) {
      try {
        auto rows = m_db->query(fmt::format("UPDATE {} SET heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() "
                                           "+ $1::bigint * interval '1 millisecond' WHERE id = 1 AND owner = $2 RETURNING 1",
                                           m_table),
                               {std::to_string(m_lease.count()), m_owner});
        if (rows.empty()) return;  // lost (expired and taken): nothing left to extend
      } catch (...) {  // a failed heartbeat is retried at the next beat; the lease covers the gap
      }
    }
  }

  std::unique_ptr<PgConnection> m_db;
  std::string m_table, m_owner;
  std::chrono::milliseconds m_lease;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses
};

PgMigrationLocker::PgMigrationLocker(PgConnection& session) : m_session(session) {}

PgMigrationLocker::~PgMigrationLocker() = default;

void PgMigrationLocker::lock(const LockRequest& request) {
  if (m_session.server_version() >= 140000) {
    // A killed retort must not hold the lock (and its transaction) until a long statement ends:
    // the server checks every second that we are still there.
    m_session.execute("SET client_connection_check_interval = '1s'");
  }
  if (request.mode == LockMode::lease) lock_lease(request);
  else lock_advisory(request);
}

void PgMigrationLocker::lock_lease(const LockRequest& request) {
  // Runs that start together on a database without the table would race inside the catalog (a
  // loser fails on pg_type's unique index, on the relation or on its row type, depending on when
  // the winner commits): they take turns on an advisory lock held for this one transaction (one
  // simple query is one transaction, which a transaction-pooling PgBouncer keeps on one server).
  m_session.execute(fmt::format("SELECT pg_catalog.pg_advisory_xact_lock({}); CREATE TABLE IF NOT EXISTS {} (id integer "
                                "PRIMARY KEY CHECK (id = 1), owner text NOT NULL, host text NOT NULL, pid integer NOT NULL, "
                                "acquired_at timestamptz NOT NULL, heartbeat_at timestamptz NOT NULL, expires_at "
                                "timestamptz NOT NULL)",
                                lock_key("create " + request.lease_table), request.lease_table));
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  m_lease_owner = fmt::format("{}:{}:{:08x}", host, getpid(), rd());
  const std::string take = fmt::format(
      "INSERT INTO {0} AS l (id, owner, host, pid, acquired_at, heartbeat_at, expires_at) VALUES (1, $1, $2, $3, "
      "clock_timestamp(), clock_timestamp(), clock_timestamp() + $4::bigint * interval '1 millisecond') "
      "ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, host = EXCLUDED.host, pid = EXCLUDED.pid, "
      "acquired_at = EXCLUDED.acquired_at, heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at "
      "WHERE l.expires_at < clock_timestamp() RETURNING owner",
      request.lease_table);
  const std::vector<Value> values{m_lease_owner, std::string(host), std::to_string(getpid()), std::to_string(request.lease.count())};
  auto holder = [&]() -> std::string {
    auto rows = m_session.query(fmt::format("SELECT owner, host, pid::text, heartbeat_at::text, expires_at::text FROM {} WHERE id = 1",
                                  request.lease_table),
                      {});
    if (rows.empty()) return {};
    return fmt::format("{} on host {}, pid {}; last heartbeat {}, expires {} unless renewed", *rows[0][0], *rows[0][1],
                       *rows[0][2], *rows[0][3], *rows[0][4]);
  };
  auto outcome = poll_until(
      std::chrono::steady_clock::now() + request.timeout, k_first_poll, k_longest_poll,
      [&] { return !m_session.query(take, values).empty(); }, request.stop,
      [&] {
        if (request.on_wait) request.on_wait(LockWait{request.lease_table, holder(), request.timeout});
      });
  if (outcome == PollResult::acquired) {
    m_heartbeat = std::make_unique<LeaseHeartbeat>(m_session.connect_again(), request.lease_table, m_lease_owner, request.lease);
    return;
  }
  m_lease_owner.clear();
  if (outcome == PollResult::stopped) {
    throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting for the lease on {}; nothing was run", request.lease_table));
  }
  if (request.timeout.count() == 0) {  // one try: see LockRequest::timeout
    throw Error(ErrorCode::lock_timeout, fmt::format("another migration run holds the lease on {} (one try, no wait)",
                                                     request.lease_table));
  }
  auto who = holder();
  throw Error(ErrorCode::lock_timeout,
              fmt::format("another migration run holds the lease on {}{}; gave up after {} ms (raise --lock-timeout "
                          "or wait for it to finish)",
                          request.lease_table, who.empty() ? std::string() : " (held by " + who + ")",
                          request.timeout.count()));
}

void PgMigrationLocker::lock_advisory(const LockRequest& request) {
  const std::string& name = request.key;
  const auto timeout = request.timeout;
  const std::string key = lock_key(name);
  auto holder = [&]() -> std::string {
    auto rows = m_session.query("SELECT a.pid::text, coalesce(a.usename::text, ''), coalesce(a.application_name, ''), "
                      "coalesce(a.client_addr::text, 'local'), coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') "
                      "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                      "WHERE l.locktype = 'advisory' AND l.granted AND "
                      "((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint AND l.objsubid = 1",
                      {key});
    if (rows.empty()) return {};
    return fmt::format("pid {}, user {}, application '{}', from {}, connected since {}", *rows[0][0], *rows[0][1],
                       *rows[0][2], *rows[0][3], *rows[0][4]);
  };
  // pg_try_advisory_lock returns at once: a waiter never sits inside a statement holding a snapshot
  // (which would block CREATE INDEX CONCURRENTLY in the holder's migration).
  auto outcome = poll_until(
      std::chrono::steady_clock::now() + timeout, k_first_poll, k_longest_poll,
      [&] { return m_session.query("SELECT pg_try_advisory_lock($1::bigint)", {key}).at(0).at(0) == "t"; }, request.stop,
      [&] {
        if (request.on_wait) request.on_wait(LockWait{name, holder(), timeout});
      });
  if (outcome == PollResult::acquired) return;
  if (outcome == PollResult::stopped) {
    throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting for the migration lock on {}; nothing was run", name));
  }
  if (timeout.count() == 0) {  // one try: see LockRequest::timeout
    throw Error(ErrorCode::lock_timeout, fmt::format("another migration run holds the lock on {} (one try, no wait)", name));
  }
  auto who = holder();
  throw Error(ErrorCode::lock_timeout,
              fmt::format("another migration run holds the lock on {}{}; gave up after {} ms (raise --lock-timeout "
                          "or wait for it to finish)",
                          name, who.empty() ? std::string() : " (held by " + who + ")", timeout.count()));
}

void PgMigrationLocker::unlock(const LockRequest& request) noexcept {
  try {
    if (request.mode == LockMode::lease) {
      m_heartbeat.reset();
      if (!m_lease_owner.empty()) {
        m_session.query(fmt::format("DELETE FROM {} WHERE id = 1 AND owner = $1", request.lease_table), {m_lease_owner});
      }
      m_lease_owner.clear();
    } else {
      m_session.query("SELECT pg_advisory_unlock($1::bigint)", {lock_key(request.key)});
    }
  } catch (...) {  // an advisory lock goes with the session; a lease expires
  }
}

} // namespace retort
