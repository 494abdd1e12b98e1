// driver/introspect.cpp — the introspector for a connection's dialect.
#include "retort/introspect.hpp"

#include <fmt/format.h>

#include "driver/postgres/pg_introspect.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"

namespace retort {

std::unique_ptr<Introspector> introspector_for(Connection& connection) {
  auto dialect = connection.dialect().name();
  if (dialect == "postgresql") return std::make_unique<PgIntrospector>(connection);
  throw Error(ErrorCode::refused, fmt::format("reading the schema of a database is not available for {} yet", dialect));
}

} // namespace retort
