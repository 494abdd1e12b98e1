// driver/postgres/pg_catalog_session.cpp — the introspector's sessions: libpq's, and any Connection's.
#include "driver/postgres/pg_catalog_session.hpp"


#include "driver/postgres/pg_connection.hpp"

namespace retort::pg {
namespace {

/// A libpq connection: its state without a round trip, its results without a copy.
class LibpqSession final : public CatalogSession {
public:
  LibpqSession(PgConnection& connection, std::shared_ptr<Connection> owned)
      : m_owned(std::move(owned)), m_connection(connection) {}

  int server_version() override { return m_connection.server_version(); }
  bool in_transaction() override { return m_connection.in_transaction(); }
  std::vector<CatalogResult> run(const std::vector<BatchStatement>& batch) override {
    std::vector<CatalogResult> out(batch.size());
    m_connection.query_batch_each(batch, [&](std::size_t i, PgResultPtr& r) { out[i] = CatalogResult(std::move(r)); });
    return out;
  }
  void execute(const std::string& sql) override { m_connection.execute(sql); }

private:
  std::shared_ptr<Connection> m_owned;
  PgConnection& m_connection;
};

/// Any other Connection, through its interface only.
class GenericSession final : public CatalogSession {
public:
  GenericSession(Connection& connection, std::shared_ptr<Connection> owned)
      : m_owned(std::move(owned)), m_connection(connection) {}

  int server_version() override {
    probe();
    return m_version;
  }
  bool in_transaction() override {
    probe();
    return m_nested;
  }
  std::vector<CatalogResult> run(const std::vector<BatchStatement>& batch) override {
    auto results = m_connection.query_batch(batch);
    std::vector<CatalogResult> out;
    out.reserve(results.size());
    for (auto& r : results) out.emplace_back(std::move(r));
    return out;
  }
  void execute(const std::string& sql) override { m_connection.execute(sql); }

private:
  void probe() {
    if (m_probed) return;
    // Inside a transaction two statements see the same virtual transaction id. (A session's
    // transaction status is not visible from SQL, and statement_timestamp() differs from
    // transaction_timestamp() under the extended protocol anyway.)
    const std::string own_transaction = "(SELECT l.virtualtransaction FROM pg_catalog.pg_locks l WHERE l.pid = "
                                        "pg_catalog.pg_backend_pid() AND l.locktype = 'virtualxid' LIMIT 1)";
    auto first = m_connection.query("SELECT pg_catalog.current_setting('server_version_num'), " + own_transaction, {});
    auto second = m_connection.query("SELECT " + own_transaction, {});
    m_version = std::stoi(first.at(0).at(0).value_or("0"));
    m_nested = first.at(0).at(1).has_value() && first.at(0).at(1) == second.at(0).at(0);
    m_probed = true;
  }

  std::shared_ptr<Connection> m_owned;
  Connection& m_connection;
  bool m_probed = false;
  int m_version = 0;
  bool m_nested = false;
};

std::unique_ptr<CatalogSession> session(Connection& connection, std::shared_ptr<Connection> owned) {
  if (auto* pg = dynamic_cast<PgConnection*>(&connection)) return std::make_unique<LibpqSession>(*pg, std::move(owned));
  return std::make_unique<GenericSession>(connection, std::move(owned));
}

} // namespace

std::unique_ptr<CatalogSession> catalog_session(Connection& connection) { return session(connection, nullptr); }

std::unique_ptr<CatalogSession> catalog_session(std::shared_ptr<Connection> connection) {
  auto& c = *connection;
  return session(c, std::move(connection));
}

} // namespace retort::pg
