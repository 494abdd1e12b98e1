// pgquery::drops_data (src/pgquery/inspect.cpp): what a statement throws away with its data, read
// from PostgreSQL's parse tree; the words DROP TABLE / DROP COLUMN for SQL it cannot read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pgquery/inspect.hpp"

namespace retort::pgquery {
namespace {

using Drops = std::vector<std::string>;

TEST(PgDrops, TablesColumnsSchemasSequencesAndTruncate) {
  EXPECT_EQ(drops_data("DROP TABLE a"), (Drops{"table a"}));
  EXPECT_EQ(drops_data("DROP TABLE IF EXISTS app.a, b CASCADE"), (Drops{"table app.a", "table b"}));
  EXPECT_EQ(drops_data("ALTER TABLE app.t DROP COLUMN x, ADD COLUMN y int, DROP COLUMN IF EXISTS z"),
            (Drops{"column app.t.x", "column app.t.z"}));
  EXPECT_EQ(drops_data("DROP SCHEMA s CASCADE"), (Drops{"schema s (and every table in it)"}));
  EXPECT_EQ(drops_data("DROP SEQUENCE seq"), (Drops{"sequence seq"}));
  EXPECT_EQ(drops_data("TRUNCATE a, b"), (Drops{"the rows of table a", "the rows of table b"}));
}

TEST(PgDrops, ObjectsRebuiltFromTheirDefinitionsLoseNoData) {
  for (const char* sql : {"DROP INDEX a_x", "DROP VIEW v", "DROP FUNCTION f()", "DROP TYPE mood",
                          "ALTER TABLE a DROP CONSTRAINT a_pkey", "ALTER TABLE a ALTER COLUMN x DROP DEFAULT",
                          "CREATE TABLE dropped (id int)", "SELECT 'DROP TABLE a'"}) {
    EXPECT_EQ(drops_data(sql), Drops{}) << sql;
  }
}

TEST(PgDrops, SqlThePostgresParserCannotReadIsReadByItsWords) {
  // SQLite's own syntax: PostgreSQL's parser refuses these.
  EXPECT_EQ(drops_data("DROP TABLE IF EXISTS [legacy]"), (Drops{"table [legacy]"}));
  EXPECT_EQ(drops_data("ALTER TABLE `t` DROP COLUMN `c` -- sqlite"), (Drops{"column `c`"}));
  EXPECT_EQ(drops_data("DROP TRIGGER IF EXISTS [trg]"), Drops{});
}

} // namespace
} // namespace retort::pgquery
