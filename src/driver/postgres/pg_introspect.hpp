// driver/postgres/pg_introspect.hpp — reading a PostgreSQL database's schema from its catalog.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "driver/postgres/pg_catalog_queries.hpp"
#include "retort/introspect.hpp"

namespace retort {

/// Reads the schema in a fixed number of round trips whatever its size. First (one round trip) a
/// REPEATABLE READ READ ONLY transaction is opened with its settings (search_path '' and the output
/// settings pg_dump uses, set for the transaction only) and a probe of what the query texts depend
/// on; then the catalog queries go in one batch (one libpq pipeline) and the transaction ends.
/// Inside the caller's transaction it opens a savepoint instead and rolls back to it, so the
/// session is left as it was found either way.
///
/// Outside a transaction, and given a way to open a second session, two sessions read at once
/// (IntrospectOptions::sessions): the first exports its snapshot (pg_export_snapshot) and starts
/// reading at once; the second, as soon as it has connected, imports the snapshot (SET TRANSACTION
/// SNAPSHOT) so that both read the same state, and joins. They share the catalog queries one at a
/// time (pg_read_plan.hpp: each its own half of the per-relation queries, the rest to whichever is
/// free); the first commits once both are done. A second session that cannot connect or import the
/// snapshot leaves the whole read to the first.
///
/// A libpq connection (PgConnection) tells its transaction state and server version without a
/// query and its results are read in place; any other connection (a test's wrapper) is asked with
/// two small queries first (pg_catalog_session.hpp).
class PgIntrospector final : public Introspector {
public:
  /// Queries a connection other than a PgConnection is asked first: the server version, and the
  /// transaction probe.
  static constexpr std::size_t k_first_queries = 2;
  /// Catalog queries, whatever the schema's size. Two sessions reading at once send three of them
  /// in two halves (columns, constraints, table objects: one half each), 12 statements in all.
  static constexpr std::size_t k_catalog_queries = pg::k_catalog_count;
  /// The first batch: BEGIN (or SAVEPOINT), the settings, the read's facts (read_facts_sql: the
  /// subscriptions probe, the tables left out, the median relation oid) and on two sessions the
  /// snapshot's export (then one statement per round trip).
  static constexpr std::size_t k_opening_statements = 3;
  /// The second batch when one session reads outside a transaction: the catalog queries and COMMIT.
  /// Inside the caller's transaction, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT (one more).
  static constexpr std::size_t k_batch_statements = k_catalog_queries + 1;

  /// `open_session` opens the second session (null, or a throw: the read stays on `connection`).
  explicit PgIntrospector(Connection& connection, AnotherSession open_session = {})
      : m_connection(connection), m_open_session(std::move(open_session)) {}
  /// Throws Error(ErrorCode::refused) for a server older than 13; as the connection does
  /// (ErrorCode::sql_failed, ErrorCode::connection) for a failed query, after closing what it opened.
  schema::Database read(const IntrospectOptions& options) override;

private:
  Connection& m_connection;
  AnotherSession m_open_session;
};

} // namespace retort
