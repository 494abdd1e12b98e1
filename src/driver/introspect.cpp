// driver/introspect.cpp — the introspector for a connection's dialect.
#include "retort/introspect.hpp"

#include <fmt/format.h>

#include "driver/postgres/pg_connection.hpp"
#include "driver/postgres/pg_introspect.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"

namespace retort {

std::unique_ptr<Introspector> introspector_for(Connection& connection) {
  // a libpq connection can open a second session to read in parallel; any other (a test's
  // wrapper) reads alone
  AnotherSession again;
  if (auto* pg = dynamic_cast<PgConnection*>(&connection)) again = [pg] { return std::shared_ptr<Connection>(pg->connect_again()); };
  return introspector_for(connection, std::move(again));
}

std::unique_ptr<Introspector> introspector_for(Connection& connection, AnotherSession another_session) {
  auto dialect = connection.dialect().name();
  if (dialect == "postgresql") return std::make_unique<PgIntrospector>(connection, std::move(another_session));
  throw Error(ErrorCode::refused, fmt::format("reading the schema of a database is not available for {} yet", dialect));
}

} // namespace retort
