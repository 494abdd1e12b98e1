// pgquery/inspect.hpp — facts about one PostgreSQL statement, read from PostgreSQL's own parse tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::pgquery {

/// A name as the parse tree holds it (already case-folded and unquoted); schema "" when unqualified.
struct QualifiedName {
  std::string schema;
  std::string name;
};

struct StatementFacts {
  std::string kind;                     ///< the parse node, e.g. "IndexStmt"
  std::optional<std::string> no_transaction;  ///< why it cannot run in a transaction block, if it cannot
  bool transaction_control = false;     ///< BEGIN/COMMIT/ROLLBACK/SAVEPOINT…
  std::string index_schema;             ///< CREATE INDEX [CONCURRENTLY]: the index's schema ("" if unqualified)
  std::string index_name;               ///< … and its name ("" if unnamed)
  /// CREATE INDEX and REINDEX TABLE: the table; ALTER TABLE … DETACH PARTITION: the partitioned table.
  QualifiedName relation;
  /// DROP INDEX and REINDEX INDEX: the index; ALTER TABLE … DETACH PARTITION: the partition;
  /// CREATE/DROP DATABASE: the database (name only).
  QualifiedName object;
  /// What the statement throws away with its data, one entry per object: "table a", "column a.x",
  /// "schema s (and everything in it)", "rows of table a" (TRUNCATE), "database d". Empty when nothing.
  std::vector<std::string> drops_data;
};

/// Parses one statement and reports what retort needs to know before running it.
/// Throws Error(ErrorCode::migration_file) when it does not parse.
StatementFacts inspect(std::string_view statement);

/// What a statement drops with its data (StatementFacts::drops_data). For SQL that PostgreSQL's parser
/// does not read (SQLite's own dialect), a plain look at its words: DROP TABLE, DROP COLUMN.
std::vector<std::string> drops_data(std::string_view statement);

} // namespace retort::pgquery
