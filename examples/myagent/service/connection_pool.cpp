// connection_pool.cpp — checkout with a health check, bounded waiting, replacement of dead connections.
#include "connection_pool.hpp"

#include <algorithm>

#include "retort/error.hpp"

namespace myagent {

ConnectionPool::ConnectionPool(std::string url, PoolOptions options) : m_url(std::move(url)), m_options(options) {
  if (m_options.size == 0) throw std::invalid_argument("a connection pool needs at least one connection");
}

ConnectionPool::Lease::~Lease() {
  if (m_connection) m_pool.give_back(std::move(m_connection), m_discard);
}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_ptr<retort::Connection> connection;
  {
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + m_options.checkout_timeout;
    if (!m_returned.wait_until(lock, deadline, [&] { return !m_idle.empty() || m_open < m_options.size; })) {
      throw PoolTimeout("all " + std::to_string(m_options.size) + " database connections stayed busy for " +
                        std::to_string(m_options.checkout_timeout.count()) + " ms");
    }
    if (!m_idle.empty()) {
      connection = std::move(m_idle.back());
      m_idle.pop_back();
    } else {
      ++m_open;  // the slot is ours; the connection is opened below, outside the lock
      m_most_open = std::max(m_most_open, m_open);
    }
  }
  // Outside the lock: a health check or a new connection takes a round trip or more.
  try {
    if (connection) {
      try {
        connection->query("SELECT 1");
      } catch (const retort::Error&) {  // dropped by the server (a restart, an idle timeout): replace it
        connection.reset();
        std::lock_guard lock(m_mutex);
        ++m_replaced;
      }
    }
    if (!connection) connection = retort::connect(m_url);
  } catch (...) {
    give_back(nullptr, true);
    throw;
  }
  return Lease(*this, std::move(connection));
}

void ConnectionPool::give_back(std::unique_ptr<retort::Connection> connection, bool discard) noexcept {
  {
    std::lock_guard lock(m_mutex);
    if (connection && !discard) {
      m_idle.push_back(std::move(connection));
    } else {
      --m_open;
    }
  }
  m_returned.notify_one();
  // a discarded connection closes here, outside the lock
}

std::size_t ConnectionPool::open() const {
  std::lock_guard lock(m_mutex);
  return m_open;
}

std::size_t ConnectionPool::most_open() const {
  std::lock_guard lock(m_mutex);
  return m_most_open;
}

std::size_t ConnectionPool::replaced() const {
  std::lock_guard lock(m_mutex);
  return m_replaced;
}

} // namespace myagent
