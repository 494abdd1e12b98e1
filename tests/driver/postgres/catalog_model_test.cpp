// Decoding the catalog queries' rows into the model (src/driver/postgres/pg_catalog_model.cpp), on
// rows made here: what the decoder refuses. (What it reads from a real server is
// tests/driver/postgres/introspect_test.cpp.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver/postgres/pg_catalog_model.hpp"
#include "retort/error.hpp"

namespace retort::pg {
namespace {

/// A result of one row with `columns` values, each "1".
CatalogResult one_row_of(std::size_t columns) { return CatalogResult(std::vector<Row>{Row(columns, Value("1"))}); }

TEST(CatalogModel, RefusesRowsWithoutTheColumnsTheDecoderExpectsAndNamesTheQuery) {
  for (auto query : all_catalogs()) {
    CatalogRows rows;
    rows[static_cast<std::size_t>(query)].push_back(one_row_of(column_count(query) + 1));
    try {
      decode_catalog(std::move(rows), {}, false);
      FAIL() << "expected a refusal for " << catalog_name(query);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::internal);
      EXPECT_NE(std::string(e.what()).find(std::string(catalog_name(query))), std::string::npos) << e.what();
    }
  }
}

TEST(CatalogModel, DecodesNothingFromNoRows) {
  const auto decoded = decode_catalog(CatalogRows{}, {}, false);
  EXPECT_TRUE(decoded.db.tables.empty());
  EXPECT_TRUE(decoded.db.schemas.empty());
  EXPECT_TRUE(decoded.bodies.empty());
}

} // namespace
} // namespace retort::pg
