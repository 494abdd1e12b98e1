// driver/postgres/pg_introspect.hpp — reading a PostgreSQL database's schema from its catalog.
#pragma once

#include <cstddef>

#include "retort/introspect.hpp"

namespace retort {

/// Reads the schema through the Connection interface only: two small queries (the server version,
/// and whether the caller is inside a transaction), then every catalog query in one batch (one
/// libpq pipeline) inside a REPEATABLE READ READ ONLY transaction whose SET LOCALs (search_path ''
/// and the output settings pg_dump uses) vanish at its end. Inside the caller's transaction it runs
/// in a savepoint instead and rolls back to it, so the session is left as it was found either way.
class PgIntrospector final : public Introspector {
public:
  /// Queries sent before the batch: the server version, and the transaction probe.
  static constexpr std::size_t k_first_queries = 2;
  /// Catalog queries in the batch, whatever the schema's size.
  static constexpr std::size_t k_catalog_queries = 10;
  /// Statements in the batch outside a transaction: the catalog queries plus BEGIN, the settings
  /// and COMMIT. Inside the caller's transaction: SAVEPOINT, the settings, the catalog queries,
  /// ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT (one more).
  static constexpr std::size_t k_batch_statements = k_catalog_queries + 3;

  explicit PgIntrospector(Connection& connection) : m_connection(connection) {}
  schema::Database read(const IntrospectOptions& options) override;

private:
  Connection& m_connection;
};

} // namespace retort
