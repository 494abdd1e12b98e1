// runner/offline.hpp — a plan as an SQL script (the --sql mode): no connection needed.
#pragma once

#include <iosfwd>
#include <string>

#include "retort/database.hpp"
#include "retort/plan.hpp"
#include "retort/project.hpp"

namespace retort {

/// How to run a script for this dialect: "psql -v ON_ERROR_STOP=1 -f this.sql" or, for SQLite,
/// "sqlite3 -bail DATABASE_FILE < this.sql".
std::string script_runner_command(const Dialect& dialect);

/// The script that runs `plan` with psql (sqlite3 for SQLite): version tables (IF NOT EXISTS), then for each step its
/// statements, version-row changes and history row, inside BEGIN/COMMIT; a `transaction: none`
/// migration's statements are tracked in the dirty table as a live run tracks them, each that can
/// in a transaction with its progress record. Throws like the live run does for SQL that does not parse.
std::string render_offline_script(const Project& project, const Dialect& dialect, const Plan& plan,
                                  const std::string& title);
/// The same, written to `out` as it is made: every migration is read and split first (an error
/// writes nothing), then each is read again a window at a time as it is written, so a script of
/// any size never sits in memory.
void render_offline_script(std::ostream& out, const Project& project, const Dialect& dialect, const Plan& plan,
                           const std::string& title);

} // namespace retort
