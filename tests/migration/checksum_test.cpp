// Unit tests for migration_checksum (src/migration/checksum.cpp, docs/checksums.md): what changes
// the checksum and what must not.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "retort/migration.hpp"

namespace {

std::string checksum_of_text(std::string_view text) {
  return retort::migration_checksum(retort::parse_migration(text, "migrations/0003_t.sql"));
}

retort::Migration with_up(std::string up, std::vector<std::string> parents = {"a1", "b1"}) {
  retort::Migration m;
  m.revision = "m1";
  m.down_revisions = std::move(parents);
  m.up_sql = std::move(up);
  return m;
}

constexpr std::string_view k_up = "CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n";

} // namespace

TEST(Checksum, KnownValueForAFixedInputPinsVersion1OfTheAlgorithm) {
  // printf 'retort-checksum-1\na1,b1\nCREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);' | sha256sum
  EXPECT_EQ(retort::migration_checksum(with_up(std::string(k_up))),
            "d9127b83945cd9abc0f3a1dd34d01faf9a22ca08f48ba789dbc20c7b20b06200");
  // printf 'retort-checksum-1\n\nSELECT 1;' | sha256sum  (a base: no parents)
  EXPECT_EQ(retort::migration_checksum(with_up("SELECT 1;\n", {})),
            "856ca971a18a3d2c1b560fc4dc70c42b1cca43a6f468d3323bd3376de8b99910");
  EXPECT_EQ(retort::k_checksum_version, 1);
}

TEST(Checksum, IsLowercaseHexSha256) {
  const std::string sum = retort::migration_checksum(with_up("SELECT 1;"));
  ASSERT_EQ(sum.size(), 64u);
  EXPECT_EQ(sum.find_first_not_of("0123456789abcdef"), std::string::npos) << sum;
}

TEST(Checksum, LineEndingsTrailingWhitespaceAndBlankEdgesDoNotChangeIt) {
  const std::string base = retort::migration_checksum(with_up(std::string(k_up)));
  EXPECT_EQ(retort::migration_checksum(with_up("CREATE TABLE t (id int);\r\n\r\nINSERT INTO t VALUES (1);\r\n")), base);
  EXPECT_EQ(retort::migration_checksum(with_up("CREATE TABLE t (id int);\r\rINSERT INTO t VALUES (1);\r")), base);
  EXPECT_EQ(retort::migration_checksum(with_up("CREATE TABLE t (id int);  \t\n \t\nINSERT INTO t VALUES (1);   ")), base);
  EXPECT_EQ(retort::migration_checksum(with_up("\n\n  \nCREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n\n\n")), base);
}

TEST(Checksum, FileWithBomCrlfAndTrailingSpacesHasTheSameChecksumAsPlainFile) {
  const std::string plain =
      "-- revision: r2\n-- down_revision: r1\n-- migrate:up\nCREATE TABLE t (id int);\n\nSELECT 1;\n";
  const std::string messy =
      "\xEF\xBB\xBF-- revision: r2\r\n-- down_revision: r1\r\n-- migrate:up\r\nCREATE TABLE t (id int);   \r\n\r\nSELECT 1;\t\r\n";
  EXPECT_EQ(checksum_of_text(messy), checksum_of_text(plain));
}

TEST(Checksum, ChangingTheUpSqlChangesIt) {
  const std::string base = retort::migration_checksum(with_up(std::string(k_up)));
  EXPECT_NE(retort::migration_checksum(with_up("CREATE TABLE t (id bigint);\n\nINSERT INTO t VALUES (1);\n")), base);
  // Whitespace inside a line, and the number of blank lines between statements, are content.
  EXPECT_NE(retort::migration_checksum(with_up("CREATE TABLE t  (id int);\n\nINSERT INTO t VALUES (1);\n")), base);
  EXPECT_NE(retort::migration_checksum(with_up("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n")), base);
  EXPECT_NE(retort::migration_checksum(with_up("  CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n")), base);
}

TEST(Checksum, ReparentingChangesIt) {
  const std::string base = retort::migration_checksum(with_up(std::string(k_up), {"a1", "b1"}));
  EXPECT_NE(retort::migration_checksum(with_up(std::string(k_up), {"a1"})), base);
  EXPECT_NE(retort::migration_checksum(with_up(std::string(k_up), {"a2", "b1"})), base);
  EXPECT_NE(retort::migration_checksum(with_up(std::string(k_up), {"b1", "a1"})), base);
  EXPECT_NE(retort::migration_checksum(with_up(std::string(k_up), {})), base);

  const std::string file = "-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT 1;\n";
  const std::string reparented = "-- revision: r2\n-- down_revision: r0\n-- migrate:up\nSELECT 1;\n";
  EXPECT_NE(checksum_of_text(reparented), checksum_of_text(file));
}

TEST(Checksum, DownSectionMessageAndOtherHeaderFieldsDoNotChangeIt) {
  const std::string file = "-- revision: r2\n-- down_revision: r1\n-- message: first\n-- migrate:up\nSELECT 1;\n"
                           "-- migrate:down\nSELECT 2;\n";
  const std::string base = checksum_of_text(file);
  EXPECT_EQ(checksum_of_text("-- revision: r2\n-- down_revision: r1\n-- message: second\n-- migrate:up\nSELECT 1;\n"
                             "-- migrate:down\nSELECT 2;\n"),
            base);
  EXPECT_EQ(checksum_of_text("-- revision: r2\n-- down_revision: r1\n-- message: first\n-- migrate:up\nSELECT 1;\n"
                             "-- migrate:down\nDROP TABLE everything;\n"),
            base);
  // Dropping the down section entirely (making it irreversible) does not change it either.
  EXPECT_EQ(checksum_of_text("-- revision: r2\n-- down_revision: r1\n-- message: first\n-- migrate:up\nSELECT 1;\n"), base);
  EXPECT_EQ(checksum_of_text("-- revision: r2\n-- down_revision: r1\n-- branch_labels: lbl\n-- created: today\n"
                             "-- transaction: none\n-- migrate:up\nSELECT 1;\n"),
            base);
}

TEST(Checksum, RevisionIdItselfIsNotPartOfIt) {
  retort::Migration a = with_up(std::string(k_up));
  retort::Migration b = a;
  b.revision = "renamed";
  EXPECT_EQ(retort::migration_checksum(a), retort::migration_checksum(b));
}
