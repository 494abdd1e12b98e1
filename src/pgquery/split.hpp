// pgquery/split.hpp — PostgreSQL statement splitting with PostgreSQL's own parser (libpg_query).
// pg_query.h is included in this folder only.
#pragma once

#include <string_view>
#include <vector>

#include "retort/database.hpp"

namespace retort::pgquery {

/// Splits `sql` into statements. `first_line` is the file line where `sql` starts; each
/// statement's line is the line of its first token. Throws Error(ErrorCode::migration_file)
/// with the line and the parser's message when the text does not parse.
std::vector<Statement> split(std::string_view sql, int first_line);

} // namespace retort::pgquery
