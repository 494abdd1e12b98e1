// database.cpp — init_database(): retort's upgrade_at_startup, and the log a service operator reads.
#include "database.hpp"

#include <cstdlib>

#include "retort/embedded.hpp"
#include "retort/error.hpp"
#include "retort/service.hpp"
#include "retort_embedded/myagent.hpp"

namespace myagent {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "base (nothing applied)" : out;
}

void log_failure(const retort::RunError& e, const Log& log) {
  const auto& result = e.result();
  log("database migration failed: " + std::string(e.what()));
  if (const auto& f = result.failure) {
    log("  migration: " + f->revision + " (" + f->file + (f->line > 0 ? ":" + std::to_string(f->line) : "") + ")");
    if (!f->statement.empty()) log("  statement: " + f->statement);
    if (!f->sqlstate.empty()) log("  SQLSTATE:  " + f->sqlstate);
    if (!f->detail.empty()) log("  detail:    " + f->detail);
  }
  std::vector<std::string> kept;
  for (const auto& step : result.applied) kept.push_back(step.revision);
  if (!kept.empty()) log("  applied before it and kept: " + joined(kept));
  log("  the database is at " + joined(result.heads_now));
}

} // namespace

std::string database_url() {
  const char* url = std::getenv("DATABASE_URL");
  return url != nullptr && *url != '\0' ? std::string(url) : std::string(k_default_url);
}

retort::Project embedded_project(const std::string& url) {
  retort::Config config;
  config.url = url;
  return retort::Project(config, retort::load_embedded(retort::embedded::myagent));
}

bool init_database(retort::Connection& db, const retort::Project& project, const Log& log) {
  try {
    const auto started = retort::upgrade_at_startup(project, db);
    switch (started.outcome) {
      case retort::StartupOutcome::current:
        log("database schema is current at " + joined(started.run.heads_now));
        return true;
      case retort::StartupOutcome::migrated:
        for (const auto& step : started.run.applied) {
          log("applied migration " + step.revision + " in " + std::to_string(step.duration.count()) + " ms");
        }
        log("database schema is at " + joined(started.run.heads_now));
        return true;
      case retort::StartupOutcome::database_ahead:
        log("refusing to start: the database is at " + joined(started.unknown) +
            ", which this build's migrations do not have (a newer build migrated it); nothing was changed");
        return false;
    }
  } catch (const retort::RunError& e) {
    log_failure(e, log);
  } catch (const retort::Error& e) {
    log("database initialization failed: " + std::string(e.what()));
  }
  return false;
}

bool init_database(const Log& log) {
  const std::string url = database_url();
  try {
    auto project = embedded_project(url);
    auto db = retort::connect(url);
    return init_database(*db, project, log);
  } catch (const retort::Error& e) {  // unreachable server, wrong password (masked), a bad compiled-in file
    log("database initialization failed: " + std::string(e.what()));
    return false;
  }
}

} // namespace myagent
