// Which statements of a `transaction: none` migration run alone (Dialect::runs_alone), and the
// names a resume asks the catalog about (pgquery::inspect). No database.
#include <gtest/gtest.h>

#include <string>

#include "pgquery/inspect.hpp"
#include "retort/database.hpp"

namespace retort {
namespace {

TEST(RunsAlone, PostgresStatementsThatCannotRunInATransactionBlock) {
  const Dialect& pg = dialect_for("postgresql://");
  for (const char* sql : {"CREATE INDEX CONCURRENTLY i ON t (x)", "DROP INDEX CONCURRENTLY i",
                          "REINDEX TABLE CONCURRENTLY t", "ALTER TABLE p DETACH PARTITION c CONCURRENTLY", "VACUUM t",
                          "ALTER SYSTEM SET work_mem = '8MB'", "CREATE DATABASE d", "DROP DATABASE d", "CALL p()",
                          "DO $$ BEGIN INSERT INTO t VALUES (1); COMMIT; END $$", "COMMIT"}) {
    EXPECT_TRUE(pg.runs_alone(sql).has_value()) << sql;
  }
  for (const char* sql : {"INSERT INTO t VALUES (1)", "CREATE INDEX i ON t (x)", "ALTER TYPE mood ADD VALUE 'meh'",
                          "UPDATE t SET x = 1", "DO $$ BEGIN INSERT INTO t VALUES (1); END $$", "SET search_path = s",
                          "ALTER TABLE p DETACH PARTITION c", "CREATE TABLE t (id int)"}) {
    EXPECT_FALSE(pg.runs_alone(sql).has_value()) << sql;
  }
  EXPECT_EQ(pg.runs_alone("CREATE UNIQUE INDEX CONCURRENTLY i ON t (x)"), "CREATE INDEX CONCURRENTLY");
  EXPECT_EQ(pg.runs_alone("ALTER TABLE p DETACH PARTITION c CONCURRENTLY"), "DETACH PARTITION CONCURRENTLY");
}

TEST(RunsAlone, SqliteStatementsThatATransactionRefusesOrIgnores) {
  const Dialect& lite = dialect_for("sqlite:///x.db");
  for (const char* sql : {"VACUUM", "PRAGMA foreign_keys = OFF", "pragma journal_mode = wal", "ATTACH 'x.db' AS x",
                          "DETACH x", "BEGIN"}) {
    EXPECT_TRUE(lite.runs_alone(sql).has_value()) << sql;
  }
  for (const char* sql : {"INSERT INTO t VALUES (1)", "CREATE TABLE t (id INTEGER)", "UPDATE t SET x = 'PRAGMA'"}) {
    EXPECT_FALSE(lite.runs_alone(sql).has_value()) << sql;
  }
}

TEST(RunsAlone, TheNamesAResumeAsksTheCatalogAbout) {
  auto index = pgquery::inspect("CREATE INDEX CONCURRENTLY big_g ON app.big (g)");
  EXPECT_EQ(index.index_name, "big_g");
  EXPECT_EQ(index.relation.schema, "app");
  EXPECT_EQ(index.relation.name, "big");
  auto drop = pgquery::inspect("DROP INDEX CONCURRENTLY IF EXISTS app.big_g");
  EXPECT_EQ(drop.object.schema, "app");
  EXPECT_EQ(drop.object.name, "big_g");
  auto detach = pgquery::inspect("ALTER TABLE logs DETACH PARTITION app.logs_2020 CONCURRENTLY");
  EXPECT_EQ(detach.no_transaction, "DETACH PARTITION CONCURRENTLY");
  EXPECT_EQ(detach.relation.name, "logs");
  EXPECT_EQ(detach.object.schema, "app");
  EXPECT_EQ(detach.object.name, "logs_2020");
  auto reindex = pgquery::inspect("REINDEX INDEX CONCURRENTLY big_g");
  EXPECT_EQ(reindex.object.name, "big_g");
  EXPECT_TRUE(reindex.relation.name.empty());
  EXPECT_EQ(pgquery::inspect("REINDEX TABLE CONCURRENTLY big").relation.name, "big");
  EXPECT_EQ(pgquery::inspect("CREATE DATABASE d2").object.name, "d2");
}

} // namespace
} // namespace retort
