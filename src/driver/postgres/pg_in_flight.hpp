// driver/postgres/pg_in_flight.hpp — resume's questions to PostgreSQL's catalog.
#pragma once

#include "driver/postgres/pg_connection.hpp"

namespace retort {

/// Settles CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY and
/// CREATE/DROP DATABASE from the catalog; any other statement comes back as not completed.
class PgInFlightSettler final : public InFlightSettler {
public:
  explicit PgInFlightSettler(PgConnection& session);
  InFlightOutcome settle(const Statement& statement, bool failed) override;

private:
  PgConnection& m_session;
};

} // namespace retort
