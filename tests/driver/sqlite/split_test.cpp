// Unit tests for the SQLite dialect's statement splitting (src/driver/sqlite/sqlite_connection.cpp):
// sqlite3_complete() decides where a statement ends.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "driver/sqlite/sqlite_connection.hpp"
#include "retort/error.hpp"

namespace {

using retort::Statement;

/// A statement's text without surrounding blanks and without a final ';' (the terminator is not content).
std::string body(std::string_view sql) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!sql.empty() && blank(sql.front())) sql.remove_prefix(1);
  while (!sql.empty() && blank(sql.back())) sql.remove_suffix(1);
  if (!sql.empty() && sql.back() == ';') sql.remove_suffix(1);
  while (!sql.empty() && blank(sql.back())) sql.remove_suffix(1);
  return std::string(sql);
}

std::vector<std::string> bodies(const std::vector<Statement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(body(s.sql));
  return out;
}

std::vector<int> lines(const std::vector<Statement>& statements) {
  std::vector<int> out;
  for (const auto& s : statements) out.push_back(s.line);
  return out;
}

std::vector<Statement> split(std::string_view sql, int first_line = 1) { return retort::sqlite_dialect().split(sql, first_line); }

} // namespace

TEST(SqliteSplit, SimpleStatements) {
  auto st = split("CREATE TABLE t (a TEXT);\nINSERT INTO t VALUES ('x');\n");
  EXPECT_EQ(bodies(st), (std::vector<std::string>{"CREATE TABLE t (a TEXT)", "INSERT INTO t VALUES ('x')"}));
  EXPECT_EQ(lines(st), (std::vector<int>{1, 2}));
}

TEST(SqliteSplit, TriggerBodyWithSeveralSemicolonsIsOneStatement) {
  const std::string sql =
      "CREATE TABLE t (a TEXT);\n"                                   // 1
      "CREATE TRIGGER trg AFTER INSERT ON t\n"                       // 2
      "BEGIN\n"                                                      // 3
      "  UPDATE t SET a = 'x;y' WHERE rowid = new.rowid;\n"          // 4
      "  INSERT INTO log VALUES ('z');\n"                            // 5
      "END;\n"                                                       // 6
      "INSERT INTO t VALUES ('after');\n";                           // 7
  auto st = split(sql);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(body(st[1].sql),
            "CREATE TRIGGER trg AFTER INSERT ON t\nBEGIN\n  UPDATE t SET a = 'x;y' WHERE rowid = new.rowid;\n"
            "  INSERT INTO log VALUES ('z');\nEND");
  EXPECT_EQ(lines(st), (std::vector<int>{1, 2, 7}));
}

TEST(SqliteSplit, SemicolonsInStringsAndQuotedIdentifiersDoNotSplit) {
  auto st = split("INSERT INTO t VALUES ('semi;colon', \"q;id\", 'it''s;');\nSELECT [br;acket] FROM `bq;t`;\n");
  EXPECT_EQ(bodies(st), (std::vector<std::string>{"INSERT INTO t VALUES ('semi;colon', \"q;id\", 'it''s;')",
                                                  "SELECT [br;acket] FROM `bq;t`"}));
}

TEST(SqliteSplit, CommentsWithSemicolonsDoNotSplitAndDoNotCountForTheLine) {
  const std::string sql =
      "-- first; comment\n"         // 5
      "SELECT 1;\n"                 // 6
      "/* block;\n"                 // 7
      "   comment; */\n"            // 8
      "SELECT 2 -- tail; note\n"    // 9
      "  + 1;\n";                   // 10
  auto st = split(sql, 5);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(body(st[0].sql), "SELECT 1");
  EXPECT_EQ(body(st[1].sql), "SELECT 2 -- tail; note\n  + 1");
  EXPECT_EQ(lines(st), (std::vector<int>{6, 9}));
}

TEST(SqliteSplit, LinesAreOffsetByFirstLine) {
  auto st = split("\n\n  SELECT 1;  SELECT 2;\n\nSELECT\n 3;", 40);
  EXPECT_EQ(bodies(st), (std::vector<std::string>{"SELECT 1", "SELECT 2", "SELECT\n 3"}));
  EXPECT_EQ(lines(st), (std::vector<int>{42, 42, 44}));
}

TEST(SqliteSplit, LastStatementWithoutSemicolonIsKept) {
  auto st = split("SELECT 1;\nSELECT 2\n", 1);
  EXPECT_EQ(bodies(st), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(lines(st), (std::vector<int>{1, 2}));
}

TEST(SqliteSplit, EmptySemicolonsAndCommentOnlyTextGiveNoStatements) {
  EXPECT_TRUE(split("").empty());
  EXPECT_TRUE(split("  \n-- only a comment\n").empty());
  EXPECT_TRUE(split("/* just; this */").empty());
  EXPECT_EQ(bodies(split("SELECT 1;;  ;\n;SELECT 2;")), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
}

TEST(SqliteSplit, UnterminatedStringIsAParseErrorOnItsStatementsLine) {
  try {
    (void)split("SELECT 1;\nINSERT INTO t VALUES ('oops);\nSELECT 2;", 10);
    FAIL() << "an unterminated string must not swallow the rest of the file silently";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), retort::ErrorCode::migration_file);
    EXPECT_EQ(e.context().line, 11);
  }
}
