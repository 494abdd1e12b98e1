// Unit tests for retort::pgquery::split (src/pgquery/split.cpp): PostgreSQL's own parser decides
// where statements end, and every statement knows the file line of its first token.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pgquery/split.hpp"
#include "retort/error.hpp"

namespace {

using retort::ErrorCode;
using retort::Statement;

std::vector<std::string> sqls(const std::vector<Statement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.sql);
  return out;
}

std::vector<int> lines(const std::vector<Statement>& statements) {
  std::vector<int> out;
  for (const auto& s : statements) out.push_back(s.line);
  return out;
}

/// split() must throw Error(migration_file) at `line` with `fragment` in the message.
void expect_split_error(const std::string& sql, int first_line, int line, const std::string& fragment) {
  try {
    auto statements = retort::pgquery::split(sql, first_line);
    ADD_FAILURE() << "split accepted the SQL (" << statements.size() << " statements)";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file) << e.what();
    EXPECT_EQ(e.context().line, line) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

} // namespace

TEST(PgSplit, SimpleStatementsAreSplitWithoutTheirSemicolons) {
  auto st = retort::pgquery::split("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nSELECT 1", 1);
  EXPECT_EQ(sqls(st), (std::vector<std::string>{"CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)", "SELECT 1"}));
  EXPECT_EQ(lines(st), (std::vector<int>{1, 2, 3}));
}

TEST(PgSplit, EmptyAndCommentOnlyTextHasNoStatements) {
  EXPECT_TRUE(retort::pgquery::split("", 5).empty());
  EXPECT_TRUE(retort::pgquery::split("\n  \n-- nothing; here\n/* nor; here */\n", 5).empty());
  EXPECT_TRUE(retort::pgquery::split(";;\n;", 5).empty());
}

TEST(PgSplit, DollarQuotedBodyWithSemicolonsIsOneStatement) {
  const std::string sql =
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\n"
      "BEGIN\n"
      "  PERFORM 1; RETURN 2;\n"
      "END;\n"
      "$body$;\n"
      "SELECT $$a;b$$;\n";
  auto st = retort::pgquery::split(sql, 1);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].sql,
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  PERFORM 1; RETURN 2;\nEND;\n$body$");
  EXPECT_EQ(st[1].sql, "SELECT $$a;b$$");
  EXPECT_EQ(lines(st), (std::vector<int>{1, 6}));
}

TEST(PgSplit, EscapeStringsAndDoubledQuotesKeepTheirSemicolons) {
  auto st = retort::pgquery::split("INSERT INTO t VALUES (E'it\\'s; fine', 'a''b;c');\nSELECT E'\\\\';\n", 1);
  EXPECT_EQ(sqls(st), (std::vector<std::string>{"INSERT INTO t VALUES (E'it\\'s; fine', 'a''b;c')", "SELECT E'\\\\'"}));
}

TEST(PgSplit, QuotedIdentifierWithSemicolon) {
  auto st = retort::pgquery::split("CREATE TABLE \"odd;name\" (id int); SELECT 1;", 1);
  EXPECT_EQ(sqls(st), (std::vector<std::string>{"CREATE TABLE \"odd;name\" (id int)", "SELECT 1"}));
}

TEST(PgSplit, CommentsWithSemicolonsDoNotSplitAndAreSkippedForTheLine) {
  const std::string sql =
      "-- setup; first\n"            // 1
      "CREATE TABLE a (id int);\n"   // 2
      "/* block; comment\n"          // 3
      "   /* nested; */ still */\n"  // 4
      "\n"                           // 5
      "CREATE TABLE b (id int); -- trailing; comment\n"  // 6
      "SELECT 1 -- inside; comment\n"                    // 7
      "  + 1;\n";                                        // 8
  auto st = retort::pgquery::split(sql, 1);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].sql, "CREATE TABLE a (id int)");
  EXPECT_EQ(st[1].sql, "CREATE TABLE b (id int)");
  EXPECT_EQ(st[2].sql, "SELECT 1 -- inside; comment\n  + 1");
  EXPECT_EQ(lines(st), (std::vector<int>{2, 6, 7}));
}

TEST(PgSplit, BeginAtomicFunctionBodyIsOneStatement) {
  const std::string sql =
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT 1;\n"
      "  SELECT 2;\n"
      "END;\n"
      "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;\n";
  auto st = retort::pgquery::split(sql, 1);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].sql, "CREATE FUNCTION g() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND");
  EXPECT_EQ(st[1].sql,
            "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END");
  EXPECT_EQ(lines(st), (std::vector<int>{1, 6}));
}

TEST(PgSplit, CreateIndexConcurrentlyIsItsOwnStatement) {
  auto st = retort::pgquery::split("CREATE INDEX CONCURRENTLY idx_t_a ON t (a);\nDROP INDEX CONCURRENTLY idx_old;", 1);
  EXPECT_EQ(sqls(st), (std::vector<std::string>{"CREATE INDEX CONCURRENTLY idx_t_a ON t (a)",
                                                "DROP INDEX CONCURRENTLY idx_old"}));
}

TEST(PgSplit, LinesAreOffsetByFirstLineAndPointAtTheFirstToken) {
  const std::string sql =
      "\n"                       // 10
      "\n"                       // 11
      "   CREATE TABLE t (\n"    // 12
      "     id int\n"            // 13
      "   );  SELECT 1;\n"       // 14: SELECT starts on this line
      "\n"                       // 15
      "-- about u\n"             // 16
      "UPDATE t SET id = 2;\n";  // 17
  auto st = retort::pgquery::split(sql, 10);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0].sql, "CREATE TABLE t (\n     id int\n   )");
  EXPECT_EQ(lines(st), (std::vector<int>{12, 14, 17}));
}

TEST(PgSplit, CrlfTextSplitsWithTheSameLines) {
  auto st = retort::pgquery::split("SELECT 1;\r\n\r\nSELECT 2;\r\n", 3);
  EXPECT_EQ(sqls(st), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(lines(st), (std::vector<int>{3, 5}));
}

TEST(PgSplit, SyntaxErrorReportsTheLineOfTheBadToken) {
  expect_split_error("SELECT 1;\n\nSELEC 2;\n", 20, 22, "syntax error at or near \"SELEC\"");
}

TEST(PgSplit, SyntaxErrorInALaterLineOfAStatement) {
  expect_split_error("CREATE TABLE t (\n  id int,\n  name text,,\n  x int\n);\n", 7, 9, "syntax error");
}

TEST(PgSplit, UnterminatedStringIsAnErrorWhereTheStringStarts) {
  expect_split_error("SELECT 1;\nSELECT 'never closed;\nSELECT 2;\n", 1, 2, "unterminated quoted string");
}

TEST(PgSplit, UnterminatedDollarQuoteIsAnError) {
  expect_split_error("SELECT 1;\n\nDO $$ BEGIN PERFORM 1; END;\n", 4, 6, "unterminated dollar-quoted string");
}

TEST(PgSplit, ErrorMessageSaysTheSqlDoesNotParse) {
  try {
    (void)retort::pgquery::split("SELECT FROM WHERE;", 1);
    ADD_FAILURE() << "accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_NE(std::string(e.what()).find("the SQL does not parse"), std::string::npos) << e.what();
  }
}

// libpg_query's cursorpos counts characters, not bytes: multi-byte text before an error must not
// move the reported line.
TEST(PgSplit, SyntaxErrorLineIsRightAfterMultibyteText) {
  std::string comment = "-- ";
  for (int i = 0; i < 40; ++i) comment += "\xC3\xA9";  // 40 × 'é', 80 bytes
  expect_split_error("SELECT 1;\n" + comment + "\nSELECT 2\n;SELEC 3;\n", 1, 4, "syntax error at or near \"SELEC\"");
}
