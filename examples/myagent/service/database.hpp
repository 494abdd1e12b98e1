// database.hpp — myagent's database start-up, the C++ counterpart of config/database.py's
// init_database(): connect, bring the schema to head with the migrations compiled into this
// binary (examples/myagent/migrations), log success or a detailed error. There is no fallback
// that creates tables directly: the migrations are part of the binary, so they are always there.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "retort/database.hpp"
#include "retort/project.hpp"

namespace myagent {

/// The url compiled in for development; DATABASE_URL overrides it (production, CI).
inline constexpr std::string_view k_default_url = "postgresql://myagent@localhost:5432/myagent_db";

/// DATABASE_URL when set and not empty, else k_default_url.
std::string database_url();

using Log = std::function<void(const std::string& line)>;

/// The migrations compiled into this binary, with retort's default tables (the CLI run from
/// examples/myagent sees the same revisions and checksums).
retort::Project embedded_project(const std::string& url);

/// Brings the database to head and logs what happened: the migrations applied with their times,
/// or that it was current. Returns false, after logging why, when the database cannot be
/// reached, is newer than this binary (nothing is touched), or a migration fails (its file,
/// line, statement, SQLSTATE and detail; what was applied before it stays, and where the
/// database stands). Never throws for those.
bool init_database(retort::Connection& db, const retort::Project& project, const Log& log);
/// The same on a connection to database_url(), with the embedded migrations.
bool init_database(const Log& log);

} // namespace myagent
