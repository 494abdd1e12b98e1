// driver/postgres/pg_definitions.hpp — the two definitions the server has no function to print,
// assembled from catalog values as pg_dump assembles them: CREATE AGGREGATE and an identity
// column's sequence options.
#pragma once

#include <string>
#include <vector>

#include "driver/postgres/pg_catalog_rows.hpp"

namespace retort::pg {

/// CREATE OR REPLACE AGGREGATE from a `functions` row (col_functions: the pg_aggregate columns), with
/// the options pg_dump writes; those at their defaults are left out.
std::string aggregate_definition(const RowView& function);

/// Identity options that differ from the defaults of a sequence of the column's type, in the order
/// CREATE SEQUENCE takes them: "START WITH 100 INCREMENT BY 5". `sequence` is the columns query's
/// identity_sequence: type, start, increment, min, max, cache, cycle ('t'/'f'); empty: none.
/// Throws Error(ErrorCode::internal) when it is not that.
std::string identity_options(const std::vector<std::string>& sequence);

} // namespace retort::pg
