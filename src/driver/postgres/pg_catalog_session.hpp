// driver/postgres/pg_catalog_session.hpp — a session the introspector reads the catalog through.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver/postgres/pg_catalog_rows.hpp"
#include "retort/database.hpp"

namespace retort::pg {

/// What the introspector asks of a session: its state, and batches of statements.
class CatalogSession {
public:
  virtual ~CatalogSession() = default;
  /// server_version_num. Throws Error as the connection does.
  virtual int server_version() = 0;
  /// Whether the caller is inside a transaction block. Throws Error as the connection does.
  virtual bool in_transaction() = 0;
  /// Runs the statements in order in one round trip and returns each one's result; throws the first
  /// failure as the connection does (the rest do not run).
  virtual std::vector<CatalogResult> run(const std::vector<BatchStatement>& batch) = 0;
  /// Runs statements that return nothing. Throws Error as the connection does.
  virtual void execute(const std::string& sql) = 0;
};

/// A session on `connection`, which must outlive it. A libpq connection (PgConnection) answers from
/// libpq's own state (no round trip) and its results are read in place; any other connection (a
/// test's wrapper) is asked with two small queries (the version; whether two statements see the
/// same virtual transaction id) and its rows are copied.
std::unique_ptr<CatalogSession> catalog_session(Connection& connection);
/// The same on a connection the session shares (it lets go of it with the session).
std::unique_ptr<CatalogSession> catalog_session(std::shared_ptr<Connection> connection);

} // namespace retort::pg
