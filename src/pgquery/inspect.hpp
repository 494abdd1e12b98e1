// pgquery/inspect.hpp — facts about one PostgreSQL statement, read from PostgreSQL's own parse tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort::pgquery {

struct StatementFacts {
  std::string kind;                     ///< the parse node, e.g. "IndexStmt"
  std::optional<std::string> no_transaction;  ///< why it cannot run in a transaction block, if it cannot
  bool transaction_control = false;     ///< BEGIN/COMMIT/ROLLBACK/SAVEPOINT…
  std::string index_schema;             ///< CREATE INDEX [CONCURRENTLY]: the index's schema ("" if unqualified)
  std::string index_name;               ///< … and its name ("" if unnamed)
};

/// Parses one statement and reports what retort needs to know before running it.
/// Throws Error(ErrorCode::migration_file) when it does not parse.
StatementFacts inspect(std::string_view statement);

} // namespace retort::pgquery
