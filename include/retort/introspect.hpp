// retort/introspect.hpp — reading a live database's schema into the model (retort/schema.hpp).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "retort/schema.hpp"

namespace retort {

class Connection;

struct IntrospectOptions {
  std::vector<std::string> schemas;         ///< only these schemas; empty: every schema but the system ones
  std::vector<std::string> exclude_tables;  ///< "schema.table" (or "table" in any schema): retort's own tables
  bool privileges = false;                  ///< also read owners and grants
  /// Sessions that read at once (PostgreSQL: a second connection to the same database imports the
  /// first one's snapshot, as `pg_dump -j` does, so both see the same state). 1: the given
  /// connection alone, as it also reads inside the caller's transaction or when a second
  /// connection cannot be opened. Behind a pooler with one server connection per client pool, use 1.
  int sessions = 2;
};

/// Reads a database's schema. Implemented per dialect; the connection is left as it was found
/// (settings changed only with SET LOCAL inside the introspector's own read-only transaction).
class Introspector {
public:
  virtual ~Introspector() = default;
  /// Reads the whole schema in a fixed number of catalog queries, whatever its size.
  /// Throws Error(ErrorCode::sql_failed) / (ErrorCode::connection) as the connection does.
  virtual schema::Database read(const IntrospectOptions& options) = 0;
};

/// The introspector for a connection's dialect. Throws Error(ErrorCode::refused) for a dialect
/// that has none yet (SQLite).
std::unique_ptr<Introspector> introspector_for(Connection& connection);

/// Gives the introspector its second session (IntrospectOptions::sessions) when it asks: a
/// connection to the same database, or null (or a throw) when there is none and it reads alone.
/// The introspector lets go of it when the read is over: it stays open as long as the caller keeps
/// it too.
using AnotherSession = std::function<std::shared_ptr<Connection>()>;

/// The same, with the second session from `another_session` instead of connecting again when it is
/// needed: a caller that connects both at once saves the time of one connection (read_url in
/// src/api/schema_commands.cpp).
std::unique_ptr<Introspector> introspector_for(Connection& connection, AnotherSession another_session);

} // namespace retort
