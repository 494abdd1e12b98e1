// connection_pool.hpp — myagent's connection pool (the C++ counterpart of config/database.py's):
// at most `size` connections, each checked with a round trip when it is handed out (a connection
// the server dropped, in a restart, is replaced then), and a caller who finds every connection
// busy waits up to `checkout_timeout`. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "retort/database.hpp"

namespace myagent {

struct PoolOptions {
  std::size_t size = 8;
  std::chrono::milliseconds checkout_timeout{5000};
};

/// Every connection stayed busy for the whole checkout_timeout.
class PoolTimeout : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class ConnectionPool {
public:
  ConnectionPool(std::string url, PoolOptions options = {});
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  /// A connection on loan: returned to the pool when the lease ends, or closed if discard() was
  /// called (after an error that leaves it unusable).
  class Lease {
  public:
    Lease(Lease&& other) noexcept
        : m_pool(other.m_pool), m_connection(std::move(other.m_connection)), m_discard(other.m_discard) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    retort::Connection& operator*() const noexcept { return *m_connection; }
    retort::Connection* operator->() const noexcept { return m_connection.get(); }
    void discard() noexcept { m_discard = true; }

  private:
    friend class ConnectionPool;
    Lease(ConnectionPool& pool, std::unique_ptr<retort::Connection> connection)
        : m_pool(pool), m_connection(std::move(connection)) {}
    ConnectionPool& m_pool;
    std::unique_ptr<retort::Connection> m_connection;
    bool m_discard = false;
  };

  /// A healthy connection: an idle one that answers `SELECT 1`, else a new one. Waits while
  /// every connection is lent out; throws PoolTimeout after checkout_timeout, and
  /// retort::Error(ErrorCode::connection) when the server cannot be reached (the password is never in the message).
  Lease acquire();

  /// Connections open now (lent out or idle), and the most there ever were.
  [[nodiscard]] std::size_t open() const;
  [[nodiscard]] std::size_t most_open() const;
  /// Connections found dead at checkout and replaced.
  [[nodiscard]] std::size_t replaced() const;

private:
  void give_back(std::unique_ptr<retort::Connection> connection, bool discard) noexcept;

  const std::string m_url;
  const PoolOptions m_options;
  mutable std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<retort::Connection>> m_idle;
  std::size_t m_open = 0, m_most_open = 0, m_replaced = 0;
};

} // namespace myagent
