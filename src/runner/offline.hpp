// runner/offline.hpp — a plan as an SQL script (the --sql mode): no connection needed.
#pragma once

#include <string>

#include "retort/commands.hpp"

namespace retort {

/// The script that runs `plan` with psql: version tables (IF NOT EXISTS), then for each step its
/// statements, version-row changes and history row, inside BEGIN/COMMIT unless the migration is
/// `transaction: none`. Throws like the live run does for SQL that does not parse.
std::string render_offline_script(const Project& project, const Dialect& dialect, const Plan& plan,
                                  const std::string& title);

} // namespace retort
