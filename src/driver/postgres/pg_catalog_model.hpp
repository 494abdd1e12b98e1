// driver/postgres/pg_catalog_model.hpp — the catalog queries' rows decoded into the schema model.
#pragma once

#include <array>
#include <vector>

#include "driver/postgres/pg_catalog_queries.hpp"
#include "driver/postgres/pg_dependencies.hpp"
#include "driver/postgres/pg_catalog_rows.hpp"
#include "retort/schema.hpp"

namespace retort::pg {

/// Every catalog query's rows, by Catalog: one result, or two for a query read in halves.
using CatalogRows = std::array<std::vector<CatalogResult>, k_catalog_count>;

/// What decoding leaves for the dependency resolution.
struct DecodedCatalog {
  schema::Database db;               ///< every object; no dependencies yet, not canonical yet
  ObjectIds ids;                     ///< the model's objects by catalog address
  std::vector<FunctionBody> bodies;  ///< functions with SQL and PL/pgSQL bodies, for the names they use
};

/// Builds the model from the rows; `dependencies` (read_depend_rows of the dependencies query) say
/// which objects an extension owns and which sequences an identity column's. Owners and grants are
/// kept only when `privileges`. Each query's rows are freed as soon as they are decoded: the model
/// is built in the memory they leave (fresh memory costs a page fault per page, and on a virtual
/// machine those are dear; bench/README.md). Throws Error(ErrorCode::internal) when a query's rows
/// do not have the columns its decoder expects.
DecodedCatalog decode_catalog(CatalogRows rows, const std::vector<DependRow>& dependencies, bool privileges);

} // namespace retort::pg
