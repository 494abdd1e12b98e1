// Reading a section a window at a time (src/migration/body.*, for_each_statement and StepStatements
// in src/runner/runner.cpp): the statements, their text, their lines and their numbering are the
// ones the dialect's splitter finds in the whole section, however the windows fall — across a
// long dollar-quoted function, a long string literal, E'' strings, comments, BEGIN ATOMIC bodies,
// rules with parenthesized actions and SQLite trigger bodies.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migration/body.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "runner/runner.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

const Dialect& stream_postgres() { return dialect_for("postgresql://"); }
const Dialect& stream_sqlite() { return dialect_for("sqlite:///x.db"); }

/// PostgreSQL SQL with every kind of text a ';' may hide in, some of it longer than a window.
std::string stream_tricky_postgres_sql(std::size_t long_size) {
  std::string sql;
  sql += "CREATE TABLE t (id int, note text);\n";
  sql += "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n";
  for (std::size_t i = 0; sql.size() < long_size; ++i) sql += "  PERFORM 1; -- ; not the end\n";
  sql += "  RETURN 1;\nEND;\n$body$;\n";
  sql += "INSERT INTO t VALUES (1, '" + std::string(long_size, ';') + "');\n";
  sql += "INSERT INTO t VALUES (2, E'it\\'s; still ''one'' string\\\\');\n";
  sql += "/* a comment; /* nested; */ still; */ INSERT INTO t VALUES (3, $$;$$);\n";
  sql += "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
         "  SELECT a;\nEND;\n";
  sql += "CREATE RULE r AS ON UPDATE TO t DO ALSO (INSERT INTO t VALUES (4, 'x'); DELETE FROM t WHERE id = 5);\n";
  sql += "SELECT \"odd;name\" FROM (SELECT 1 AS \"odd;name\") s;\n";
  sql += "SELECT $1$x;\n";  // not a dollar quote: a parameter then an identifier (does not parse as a statement,
                            // but must not open a quote)
  for (int i = 0; i < 3000; ++i) sql += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'row');\n";
  sql += "SELECT 'tail without semicolon'";
  return sql;
}

void stream_expect_same(const std::vector<Statement>& got, const std::vector<Statement>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].sql, want[i].sql) << "statement " << i;
    ASSERT_EQ(got[i].line, want[i].line) << "statement " << i;
  }
}

/// The chunker's pieces (small pieces, small windows), each split on its own.
std::vector<Statement> stream_split_in_pieces(const Dialect& dialect, const Migration& m, StatementSyntax syntax,
                                       std::size_t target, std::size_t window) {
  MigrationBody body(m);
  StatementChunker chunker(body, SectionKind::up, syntax, target, window);
  std::vector<Statement> out;
  std::string piece;
  int line = 0;
  while (chunker.next(piece, line)) {
    for (auto& s : dialect.split(piece, line)) out.push_back(std::move(s));
  }
  return out;
}

Migration stream_in_memory(const std::string& up, int up_line = 10) {
  Migration m;
  m.revision = "r";
  m.file = "migrations/r.sql";
  m.up_sql = up;
  m.up_line = up_line;
  return m;
}

} // namespace

TEST(StatementStream, PiecesSplitAsTheWholeSectionDoesWhereverTheWindowsFall) {
  // Without "SELECT $1$x" (which does not parse): every statement of the tricky text.
  std::string sql = stream_tricky_postgres_sql(5000);
  sql.erase(sql.find("SELECT $1$x;\n"), 13);
  const Migration m = stream_in_memory(sql);
  const auto whole = stream_postgres().split(sql, 10);
  ASSERT_GT(whole.size(), 3000u);
  for (std::size_t window : {1024u, 1500u, 4096u, 1u << 20}) {
    for (std::size_t target : {1u, 100u, 64u << 10}) {
      SCOPED_TRACE(testing::Message() << "window " << window << ", target " << target);
      stream_expect_same(stream_split_in_pieces(stream_postgres(), m, StatementSyntax{}, target, window), whole);
    }
  }
}

TEST(StatementStream, ADollarParameterDoesNotOpenAQuote) {
  // "$1$x" is no dollar quote: were it taken for one, the rest of the section would be one piece
  // and the INSERT after it would not be cut off.
  const Migration m = stream_in_memory("SELECT 1;\nSELECT $1$x;\nINSERT INTO t VALUES (1);\n");
  MigrationBody body(m);
  StatementChunker chunker(body, SectionKind::up, StatementSyntax{}, 1, 1024);
  std::vector<std::string> pieces;
  std::string piece;
  int line = 0;
  while (chunker.next(piece, line)) pieces.push_back(piece);
  ASSERT_GE(pieces.size(), 3u);
  EXPECT_EQ(pieces[1], "\nSELECT $1$x;");
  EXPECT_EQ(pieces[2], "\nINSERT INTO t VALUES (1);");
}

TEST(StatementStream, SqliteTriggerBodiesAndBracketNamesSplitAsTheWholeSectionDoes) {
  std::string sql = "CREATE TABLE [a;b] (id int, `c;d` text);\n"
                    "CREATE TRIGGER tr AFTER INSERT ON [a;b] BEGIN\n"
                    "  UPDATE [a;b] SET `c;d` = CASE WHEN id > 0 THEN 'x;' ELSE 'y' END;\n"
                    "  DELETE FROM [a;b] WHERE id < 0;\nEND;\n";
  for (int i = 0; i < 2000; ++i) sql += "INSERT INTO [a;b] VALUES (" + std::to_string(i) + ", '" + std::string(30, ';') + "');\n";
  const Migration m = stream_in_memory(sql, 4);
  const auto whole = stream_sqlite().split(sql, 4);
  const StatementSyntax syntax{.dollar_quotes = false, .nested_comments = false, .escape_strings = false,
                               .bracket_names = true, .begin_atomic = false};
  for (std::size_t target : {1u, 1000u}) {
    stream_expect_same(stream_split_in_pieces(stream_sqlite(), m, syntax, target, 1024), whole);
  }
  std::vector<Statement> streamed;
  for_each_statement(stream_sqlite(), m, Direction::up, [&](const Statement& s, std::size_t) { streamed.push_back(s); });
  stream_expect_same(streamed, whole);
}

TEST(StatementStream, FileLargerThanAWindowStreamsTheSameStatementsAsTheWholeFile) {
  // On disk (bodies not loaded): for_each_statement reads the file through 1 MiB windows; the long
  // function and the long literal (each ~1.5 MiB) cross window boundaries.
  test::ProjectDir dir;
  std::string sql = stream_tricky_postgres_sql(1500000);
  sql.erase(sql.find("SELECT $1$x;\n"), 13);
  const std::string text = "-- revision: big\n-- down_revision: none\n-- migrate:up\n" + sql + "\n-- migrate:down\nSELECT 1;\n";
  dir.write_migration("big.sql", text);
  auto folder = load_migration_folder(dir.migrations());
  ASSERT_EQ(folder.size(), 1u);
  ASSERT_FALSE(folder[0].bodies_loaded);
  const Migration loaded = with_bodies(folder[0]);  // the whole file in memory: the old path
  ASSERT_EQ(loaded.up_sql, sql + "\n");
  const auto whole = stream_postgres().split(loaded.up_sql, loaded.up_line);
  std::vector<Statement> streamed;
  std::vector<std::size_t> indexes;
  for_each_statement(stream_postgres(), folder[0], Direction::up, [&](const Statement& s, std::size_t k) {
    streamed.push_back(s);
    indexes.push_back(k);
  });
  stream_expect_same(streamed, whole);
  for (std::size_t k = 0; k < indexes.size(); ++k) ASSERT_EQ(indexes[k], k);
  // Too large to keep (StepStatements::k_keep_section): counted once, read again when used.
  std::uint64_t budget = StepStatements::k_keep_run;
  const StepStatements steps(stream_postgres(), folder[0], Direction::up, budget);
  EXPECT_EQ(steps.size(), whole.size());
  EXPECT_EQ(budget, StepStatements::k_keep_run);  // nothing kept
  std::size_t again = 0;
  steps.each([&](const Statement& s, std::size_t k) {
    ASSERT_EQ(s.line, whole[k].line);
    ++again;
  });
  EXPECT_EQ(again, whole.size());
}

TEST(StatementStream, SyntaxErrorDeepInALargeFileNamesItsLine) {
  test::ProjectDir dir;
  std::string text = "-- revision: big\n-- down_revision: none\n-- migrate:up\n";
  for (int i = 0; i < 60000; ++i) text += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'padding padding');\n";
  text += "INSERT INTO t VALUES (1,, 2);\n";  // line 60004
  for (int i = 0; i < 1000; ++i) text += "INSERT INTO t VALUES (1);\n";
  dir.write_migration("big.sql", text);
  auto folder = load_migration_folder(dir.migrations());
  std::size_t seen = 0;
  try {
    for_each_statement(stream_postgres(), folder[0], Direction::up, [&](const Statement&, std::size_t) { ++seen; });
    FAIL() << "the bad statement must stop the reading";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_EQ(e.context().line, 60004) << e.what();
    EXPECT_NE(std::string(e.what()).find("big.sql:60004:"), std::string::npos) << e.what();
  }
  EXPECT_LE(seen, 60000u);
}

TEST(StatementStream, FileEditedSinceTheFolderWasReadIsRefused) {
  test::ProjectDir dir;
  dir.write_migration("a.sql", "-- revision: a\n-- down_revision: none\n-- migrate:up\nSELECT 1;\n");
  auto folder = load_migration_folder(dir.migrations());
  dir.write_migration("a.sql", "-- revision: a\n-- down_revision: none\n-- migrate:up\nSELECT 2;\n");
  try {
    for_each_statement(stream_postgres(), folder[0], Direction::up, [](const Statement&, std::size_t) {});
    FAIL() << "an edited file must not run";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_NE(std::string(e.what()).find("changed while retort was running"), std::string::npos) << e.what();
  }
}

} // namespace retort
