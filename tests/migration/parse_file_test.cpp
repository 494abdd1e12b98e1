// Unit tests for parse_migration (src/migration/parse_file.cpp): the header, the sections, and
// every error the parser promises, each naming the file and the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "retort/error.hpp"
#include "retort/migration.hpp"

namespace {

using retort::ErrorCode;
using retort::Migration;
using retort::TransactionMode;

const std::filesystem::path k_file = "migrations/0002_add_users.sql";

// A file using every header key; the line numbers below are part of the expectations.
constexpr std::string_view k_full =
    "-- revision: 0002_add_users\n"                  // 1
    "-- down_revision: 0001_init\n"                  // 2
    "-- branch_labels: users, core\n"                // 3
    "-- depends_on: 0000_ext\n"                      // 4
    "-- message: Add users: and their emails\n"      // 5
    "-- created: 2025-11-19T00:00:00Z\n"             // 6
    "-- transaction: none\n"                         // 7
    "\n"                                             // 8
    "-- migrate:up\n"                                // 9
    "CREATE TABLE users (id int);\n"                 // 10
    "CREATE INDEX users_id ON users (id);\n"         // 11
    "\n"                                             // 12
    "-- migrate:down\n"                              // 13
    "DROP TABLE users;\n";                           // 14

std::string to_crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string without_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

/// Parses `text`, expects Error(migration_file) at `line` of k_file whose message holds `fragment`.
void expect_parse_error(std::string_view text, int line, std::string_view fragment) {
  try {
    (void)retort::parse_migration(text, k_file);
    ADD_FAILURE() << "parse_migration accepted a bad file; expected an error containing: " << fragment;
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file) << e.what();
    EXPECT_EQ(e.context().file, k_file.string());
    EXPECT_EQ(e.context().line, line) << e.what();
    const std::string what = e.what();
    const std::string where = k_file.string() + ":" + std::to_string(line) + ":";
    EXPECT_NE(what.find(where), std::string::npos) << "message does not start with file:line: " << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << "message lacks '" << fragment << "': " << what;
  }
}

constexpr std::string_view k_minimal_header =
    "-- revision: r2\n"
    "-- down_revision: r1\n";

} // namespace

TEST(MigrationParse, FullFileFillsEveryField) {
  Migration m = retort::parse_migration(k_full, k_file);
  EXPECT_EQ(m.revision, "0002_add_users");
  EXPECT_EQ(m.down_revisions, (std::vector<std::string>{"0001_init"}));
  EXPECT_EQ(m.branch_labels, (std::vector<std::string>{"users", "core"}));
  EXPECT_EQ(m.depends_on, (std::vector<std::string>{"0000_ext"}));
  EXPECT_EQ(m.message, "Add users: and their emails");
  EXPECT_EQ(m.created, "2025-11-19T00:00:00Z");
  EXPECT_EQ(m.transaction, TransactionMode::none);
  EXPECT_EQ(m.file, k_file);
  EXPECT_EQ(m.up_sql, "CREATE TABLE users (id int);\nCREATE INDEX users_id ON users (id);\n\n");
  EXPECT_EQ(m.up_line, 10);
  ASSERT_TRUE(m.down_sql.has_value());
  EXPECT_EQ(*m.down_sql, "DROP TABLE users;\n");
  EXPECT_EQ(m.down_line, 14);
}

TEST(MigrationParse, CrlfAndBomFilesParseLikeTheLfFile) {
  const Migration lf = retort::parse_migration(k_full, k_file);
  const std::string crlf_text = to_crlf(k_full);
  const std::string bom_text = "\xEF\xBB\xBF" + std::string(k_full);
  const std::string bom_crlf_text = "\xEF\xBB\xBF" + crlf_text;
  for (const std::string* text : {&crlf_text, &bom_text, &bom_crlf_text}) {
    SCOPED_TRACE(*text == crlf_text ? "CRLF" : *text == bom_text ? "BOM" : "BOM+CRLF");
    const Migration m = retort::parse_migration(*text, k_file);
    EXPECT_EQ(m.revision, lf.revision);
    EXPECT_EQ(m.down_revisions, lf.down_revisions);
    EXPECT_EQ(m.branch_labels, lf.branch_labels);
    EXPECT_EQ(m.depends_on, lf.depends_on);
    EXPECT_EQ(m.message, lf.message);  // no stray '\r' at the end of a header value
    EXPECT_EQ(m.created, lf.created);
    EXPECT_EQ(m.transaction, lf.transaction);
    EXPECT_EQ(m.up_line, lf.up_line);
    EXPECT_EQ(m.down_line, lf.down_line);
    EXPECT_EQ(without_cr(m.up_sql), lf.up_sql);
    EXPECT_EQ(m.up_sql.find("\xEF\xBB\xBF"), std::string::npos);
    ASSERT_TRUE(m.down_sql.has_value());
    EXPECT_EQ(without_cr(*m.down_sql), *lf.down_sql);
    EXPECT_EQ(retort::migration_checksum(m), retort::migration_checksum(lf));
  }
}

TEST(MigrationParse, BomDoesNotShiftErrorLines) {
  expect_parse_error("\xEF\xBB\xBF-- revision: r2\n-- down_revision: r1\n-- colour: blue\n-- migrate:up\n", 3,
                     "unknown header key 'colour'");
}

TEST(MigrationParse, TwoDownRevisionsMakeAMerge) {
  Migration m = retort::parse_migration(
      "-- revision: m1\n-- down_revision: a1, b1\n-- migrate:up\nSELECT 1;\n", k_file);
  EXPECT_EQ(m.down_revisions, (std::vector<std::string>{"a1", "b1"}));
}

TEST(MigrationParse, NoneNoneAndEmptyDownRevisionAllMeanBase) {
  for (std::string_view value : {"none", "None", "", "   "}) {
    SCOPED_TRACE(std::string("down_revision value: '") + std::string(value) + "'");
    std::string text = "-- revision: r1\n-- down_revision: " + std::string(value) + "\n-- migrate:up\nSELECT 1;\n";
    Migration m = retort::parse_migration(text, k_file);
    EXPECT_EQ(m.revision, "r1");
    EXPECT_TRUE(m.down_revisions.empty());
  }
}

TEST(MigrationParse, DefaultsWhenOptionalKeysAreAbsent) {
  Migration m = retort::parse_migration(std::string(k_minimal_header) + "-- migrate:up\nSELECT 1;\n", k_file);
  EXPECT_TRUE(m.branch_labels.empty());
  EXPECT_TRUE(m.depends_on.empty());
  EXPECT_EQ(m.message, "");
  EXPECT_EQ(m.created, "");
  EXPECT_EQ(m.transaction, TransactionMode::per_migration);
  EXPECT_EQ(m.up_sql, "SELECT 1;\n");
  EXPECT_EQ(m.up_line, 4);
}

TEST(MigrationParse, TransactionAcceptsPerMigrationSpellings) {
  for (std::string_view value : {"per-migration", "per_migration"}) {
    std::string text = std::string(k_minimal_header) + "-- transaction: " + std::string(value) + "\n-- migrate:up\n";
    EXPECT_EQ(retort::parse_migration(text, k_file).transaction, TransactionMode::per_migration) << value;
  }
  std::string none = std::string(k_minimal_header) + "-- transaction: none\n-- migrate:up\n";
  EXPECT_EQ(retort::parse_migration(none, k_file).transaction, TransactionMode::none);
}

TEST(MigrationParse, FreeFormCommentsInTheHeaderAreIgnored) {
  Migration m = retort::parse_migration(
      "-- Adds the users table\n-- revision: r2\n--\n-- down_revision: r1\n-- migrate:up\nSELECT 1;\n", k_file);
  EXPECT_EQ(m.revision, "r2");
  EXPECT_EQ(m.down_revisions, (std::vector<std::string>{"r1"}));
  EXPECT_EQ(m.up_line, 6);
}

TEST(MigrationParse, FileWithoutDownSectionHasNoDownSql) {
  Migration m = retort::parse_migration(std::string(k_minimal_header) + "\n-- migrate:up\nCREATE TABLE t (id int);\n",
                                        k_file);
  EXPECT_FALSE(m.down_sql.has_value());
  EXPECT_EQ(m.down_line, 0);
  EXPECT_EQ(m.up_sql, "CREATE TABLE t (id int);\n");
  EXPECT_EQ(m.up_line, 5);
}

TEST(MigrationParse, EmptyDownSectionIsPresentButEmpty) {
  Migration m = retort::parse_migration(std::string(k_minimal_header) + "-- migrate:up\nSELECT 1;\n-- migrate:down\n",
                                        k_file);
  ASSERT_TRUE(m.down_sql.has_value());
  EXPECT_EQ(*m.down_sql, "");
  EXPECT_EQ(m.down_line, 6);
  EXPECT_EQ(m.up_sql, "SELECT 1;\n");
}

TEST(MigrationParse, MarkersToleratePaddingAndMissingFinalNewline) {
  Migration m = retort::parse_migration(std::string(k_minimal_header) + "  --   migrate:up  \nSELECT 1;\n--migrate:down\nSELECT 2;",
                                        k_file);
  EXPECT_EQ(m.up_sql, "SELECT 1;\n");
  ASSERT_TRUE(m.down_sql.has_value());
  EXPECT_EQ(*m.down_sql, "SELECT 2;");
  EXPECT_EQ(m.down_line, 6);
}

TEST(MigrationParse, RevisionIdOfExactly32CharactersIsAccepted) {
  const std::string id32(32, 'a');
  Migration m = retort::parse_migration("-- revision: " + id32 + "\n-- down_revision: none\n-- migrate:up\n", k_file);
  EXPECT_EQ(m.revision, id32);
}

TEST(MigrationParse, UnknownHeaderKeyIsAnErrorNamingFileAndLine) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- author: me\n-- migrate:up\nSELECT 1;\n", 3,
                     "unknown header key 'author'");
}

TEST(MigrationParse, RepeatedHeaderKeyIsAnErrorOnTheSecondOccurrence) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- message: one\n-- revision: r3\n-- migrate:up\n", 4,
                     "header key 'revision' is repeated");
}

TEST(MigrationParse, MissingRevisionIsAnError) {
  expect_parse_error("-- down_revision: r1\n-- migrate:up\nSELECT 1;\n", 1, "no 'revision:' line");
}

TEST(MigrationParse, MissingDownRevisionIsAnError) {
  expect_parse_error("-- revision: r2\n-- migrate:up\nSELECT 1;\n", 1, "no 'down_revision:' line");
}

TEST(MigrationParse, RevisionIdLongerThan32CharactersIsRejected) {
  const std::string id33(33, 'a');
  expect_parse_error("-- message: long\n-- revision: " + id33 + "\n-- down_revision: none\n-- migrate:up\n", 2,
                     "'" + id33 + "' is not a valid revision id");
}

TEST(MigrationParse, RevisionIdWithDashIsRejected) {
  expect_parse_error("-- revision: add-users\n-- down_revision: none\n-- migrate:up\n", 1,
                     "'add-users' is not a valid revision id");
}

TEST(MigrationParse, ReservedWordsAreNotRevisionIds) {
  for (std::string_view word : {"head", "heads", "base"}) {
    SCOPED_TRACE(word);
    expect_parse_error("-- revision: " + std::string(word) + "\n-- down_revision: none\n-- migrate:up\n", 1,
                       "is not a valid revision id");
  }
}

TEST(MigrationParse, InvalidIdInDownRevisionListIsRejected) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1, r@x\n-- migrate:up\n", 2,
                     "'r@x' in down_revision is not a valid revision id");
}

TEST(MigrationParse, EmptyItemInDownRevisionListIsRejected) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1,\n-- migrate:up\n", 2,
                     "'' in down_revision is not a valid revision id");
}

TEST(MigrationParse, IdListedTwiceInDownRevisionIsRejected) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1, r1\n-- migrate:up\n", 2,
                     "'r1' is listed twice in down_revision");
}

TEST(MigrationParse, InvalidBranchLabelIsRejected) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- branch_labels: my-branch\n-- migrate:up\n", 3,
                     "'my-branch' in branch_labels is not a valid revision id");
}

TEST(MigrationParse, MissingUpMarkerIsAnErrorAtTheEndOfTheFile) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- message: header only\n", 3,
                     "no '-- migrate:up' marker");
}

TEST(MigrationParse, EmptyFileIsAnError) {
  expect_parse_error("", 1, "no '-- migrate:up' marker");
}

TEST(MigrationParse, DownMarkerBeforeUpMarkerIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:down\nDROP TABLE t;\n-- migrate:up\n", 3,
                     "'-- migrate:down' comes before '-- migrate:up'");
}

TEST(MigrationParse, SecondUpMarkerIsAnErrorNamingTheFirst) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n", 5,
                     "a second '-- migrate:up' marker (the first is on line 3)");
}

TEST(MigrationParse, UpMarkerInsideTheDownSectionIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT 1;\n-- migrate:down\n-- migrate:up\n", 6,
                     "a second '-- migrate:up' marker");
}

TEST(MigrationParse, SecondDownMarkerIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\n-- migrate:down\nSELECT 1;\n-- migrate:down\n",
                     6, "a second '-- migrate:down' marker");
}

TEST(MigrationParse, SqlBeforeTheUpMarkerIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n\nCREATE TABLE t (id int);\n-- migrate:up\n", 4,
                     "SQL before the '-- migrate:up' marker");
}

TEST(MigrationParse, InvalidUtf8IsAnErrorOnItsLine) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT '\xff\xfe';\n", 4, "not UTF-8");
}

TEST(MigrationParse, NulByteIsAnErrorOnItsLine) {
  using namespace std::string_literals;
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n\0\n-- migrate:up\n"s, 3, "not UTF-8");
}

TEST(MigrationParse, BinaryGarbageIsRejectedAsNotUtf8) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\rIHDR", 8);
  expect_parse_error(png, 1, "not UTF-8");
}

TEST(MigrationParse, TruncatedMultibyteSequenceAtEndIsRejected) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT '\xe2\x82", 4, "not UTF-8");
}

TEST(MigrationParse, OverlongAndSurrogateEncodingsAreRejected) {
  // Not UTF-8 by RFC 3629: overlong forms, UTF-16 surrogates, code points above U+10FFFF.
  for (std::string_view bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80",
                               "\xF5\x80\x80\x80"}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(bad)));
    expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- migrate:up\nSELECT '" + std::string(bad) + "';\n", 4,
                       "not UTF-8");
  }
}

TEST(MigrationParse, ValidMultibyteUtf8IsAccepted) {
  const std::string sql = "INSERT INTO t VALUES ('caf\xC3\xA9 \xE2\x82\xAC \xED\x9F\xBF \xEE\x80\x80 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF');\n";
  Migration m = retort::parse_migration(std::string(k_minimal_header) + "-- message: Gr\xC3\xBC\xC3\x9F" "e\n-- migrate:up\n" + sql,
                                        k_file);
  EXPECT_EQ(m.up_sql, sql);
  EXPECT_EQ(m.message, "Gr\xC3\xBC\xC3\x9F" "e");
}

TEST(MigrationParse, SelfParentIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1, r2\n-- migrate:up\n", 1,
                     "revision 'r2' names itself as its down_revision");
}

TEST(MigrationParse, BadTransactionValueIsAnError) {
  expect_parse_error("-- revision: r2\n-- down_revision: r1\n-- transaction: always\n-- migrate:up\n", 3,
                     "transaction must be 'per-migration' or 'none', not 'always'");
}

TEST(MigrationParse, HeaderLikeLinesInsideTheUpSectionAreSql) {
  Migration m = retort::parse_migration(
      std::string(k_minimal_header) + "-- migrate:up\n-- revision: other\nSELECT 1;\n", k_file);
  EXPECT_EQ(m.revision, "r2");
  EXPECT_EQ(m.up_sql, "-- revision: other\nSELECT 1;\n");
}

TEST(MigrationParse, RevisionIdValidityFollowsTheDocumentedAlphabet) {
  EXPECT_TRUE(retort::is_valid_revision_id("a"));
  EXPECT_TRUE(retort::is_valid_revision_id("0001_init.v2"));
  EXPECT_TRUE(retort::is_valid_revision_id("ae1027a6acf"));
  EXPECT_TRUE(retort::is_valid_revision_id(std::string(32, 'Z')));
  EXPECT_TRUE(retort::is_valid_revision_id("Head"));  // only the lower-case reserved words are reserved
  EXPECT_FALSE(retort::is_valid_revision_id(""));
  EXPECT_FALSE(retort::is_valid_revision_id(std::string(33, 'Z')));
  for (std::string_view bad : {"a-b", "a+b", "a:b", "a@b", "a b", "caf\xC3\xA9", "head", "heads", "base"}) {
    EXPECT_FALSE(retort::is_valid_revision_id(bad)) << bad;
  }
}
