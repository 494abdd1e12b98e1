// retort/service.hpp — what a service calls when it starts: bring the database to head, cheaply
// when there is nothing to do. docs/embedding.md.
#pragma once

#include <string>
#include <vector>

#include "retort/commands.hpp"

namespace retort {

/// What start-up found and did.
enum class StartupOutcome {
  current,         ///< nothing was pending (found in one query without the lock, or by another instance's run while this one waited for it)
  migrated,        ///< this instance applied the pending migrations (StartupResult::run says which, with their times)
  database_ahead,  ///< the database is at revisions these migrations do not have: newer code ran against it. Nothing was touched
};

struct StartupResult {
  StartupOutcome outcome = StartupOutcome::current;
  RunResult run;                        ///< migrated: what was applied; current: the heads in run.heads_now
  std::vector<std::string> unknown;     ///< database_ahead: the version rows no migration here has
};

/// Brings the database to options.target (default head) for a service starting up. When the
/// database is current it answers from one query and takes no lock; only with work to do (or
/// retort's tables missing, or a dirty state recorded) does it take the migration lock and run as
/// upgrade() does, reading the version rows again once it holds it. An instance that finds the lock
/// taken does not queue for it: it reads the version rows again every 10 ms, doubling to 80 ms, and
/// answers `current` as soon as the other instance's run has committed (trying the lock too, in case
/// that one stopped); instances that start together apply each migration once and finish together.
/// options.on_lock_wait is told once, without the holder's name; the wait ends after
/// options.lock_wait (default: the config's lock_timeout) with Error(ErrorCode::lock_timeout).
/// Applied migrations whose files changed are not checked when nothing is pending (`retort verify`
/// does). Call it outside a transaction. Throws as upgrade() does (RunError for a failed run).
StartupResult upgrade_at_startup(const Project& project, Connection& db, const RunOptions& options = {});

} // namespace retort
