// The commands that write to the database: upgrade, downgrade, stamp.
#include <fmt/format.h>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "runner/runner.hpp"

namespace retort {

RunResult upgrade(const Project& project, Connection& db, const RunOptions& options) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store.lock_name(), project.config().lock_timeout);
  store.ensure();
  RunResult result{plan_upgrade(project.graph(), store.heads(), options.target.empty() ? "head" : options.target)};
  run_plan(project.graph(), db, store, result.plan, options.on_step);
  return result;
}

RunResult downgrade(const Project& project, Connection& db, const RunOptions& options) {
  if (options.target.empty()) {
    throw Error(ErrorCode::target, "downgrade needs a target (a revision, -N, or base)");
  }
  VersionStore store(db, project.config());
  MigrationLock lock(db, store.lock_name(), project.config().lock_timeout);
  store.ensure();
  RunResult result{plan_downgrade(project.graph(), store.heads(), options.target)};
  for (const auto& step : result.plan.steps) {
    const Migration& m = project.graph()[step.revision];
    if (!m.down_sql) {
      throw Error(ErrorCode::refused,
                  fmt::format("{}: revision {} has no '-- migrate:down' section, so it cannot be undone; nothing was "
                              "run (add a down section, or 'stamp' past it if you undo it by hand)",
                              m.file.filename().string(), m.revision),
                  ErrorContext{.file = m.file.string(), .revision = m.revision});
    }
  }
  run_plan(project.graph(), db, store, result.plan, options.on_step);
  return result;
}

Plan stamp(const Project& project, Connection& db, const StampOptions& options) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store.lock_name(), project.config().lock_timeout);
  store.ensure();
  auto target_heads = stamp_heads(project.graph(), options.target);
  Plan plan;
  plan.heads_before = store.heads();
  plan.heads_after = target_heads;
  if (!options.purge) {
    for (const auto& id : plan.heads_before) {
      if (project.graph().find(id) == RevisionGraph::npos) {
        throw Error(ErrorCode::version_table,
                    fmt::format("the database is at revision '{}', which is not in the migrations folder; "
                                "use 'stamp --purge {}' to replace the version rows regardless",
                                id, options.target));
      }
    }
  }
  Transaction tx(db);
  if (options.purge) {
    db.execute(fmt::format("DELETE FROM {}", store.version_table()));
    plan.heads_before.clear();
  }
  store.apply(version_ops_between(plan.heads_before, target_heads));
  for (const auto& id : target_heads) store.record(id, "stamp", "", 0);
  if (target_heads.empty()) store.record("base", "stamp", "", 0);
  tx.commit();
  return plan;
}

} // namespace retort
