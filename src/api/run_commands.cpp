// The commands that write to the database: upgrade, downgrade, stamp, resolve, rehash.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "runner/runner.hpp"

namespace retort {
namespace {

void refuse_if_changed(const RevisionGraph& graph, VersionStore& store, const std::vector<std::string>& heads) {
  std::vector<std::string> changed;
  std::vector<std::size_t> now;
  for (const auto& id : heads) {
    if (auto i = graph.find(id); i != RevisionGraph::npos) now.push_back(i);
  }
  auto applied = graph.ancestors(now);
  for (const auto& [revision, recorded] : store.recorded_checksums()) {
    auto i = graph.find(revision);
    if (i == RevisionGraph::npos || !applied[i]) continue;
    if (graph[i].checksum != recorded) changed.push_back(fmt::format("{} ({})", revision, graph[i].file_name()));
  }
  if (!changed.empty()) {
    throw Error(ErrorCode::refused,
                fmt::format("applied migrations were edited since they ran: {}. Nothing was run. Put the files back, "
                            "or, if the edit is intended (a comment, a fix that changes nothing already applied), "
                            "record it with 'retort rehash REV'; 'retort verify' lists them, and --allow-changed runs anyway",
                            fmt::join(changed, ", ")));
  }
}

/// The version-row changes that add (up) or remove (down) one revision from the applied set.
std::vector<VersionOp> single_step_ops(const RevisionGraph& graph, const std::vector<std::string>& heads,
                                       std::size_t revision, Direction dir) {
  std::vector<std::size_t> now;
  for (const auto& id : heads) now.push_back(graph.at(id));
  auto applied = graph.ancestors(now);
  applied[revision] = dir == Direction::up;
  return version_ops_between(heads, graph.ids(graph.heads_of(applied)));
}

/// Before the first write to a database without retort's version table: refuses when an Alembic
/// version table sits there instead (the configured name is probably wrong).
void refuse_if_alembic_table(const Project& project, Connection& db, VersionStore& store) {
  if (store.exists()) return;
  if (auto note = alembic_table_note(project.config(), db)) {
    throw Error(ErrorCode::refused, *note + "; nothing was run");
  }
}

/// SQLSTATEs of "it is already there": duplicate table, object, column, schema, function, database.
bool already_exists(const Error& e) {
  const auto& s = e.context().sqlstate;
  return s == "42P07" || s == "42710" || s == "42701" || s == "42P06" || s == "42723" || s == "42P04";
}

/// The first migration of a database with no revision recorded failed because what it creates is
/// there already (a database built by hand or by a fallback): the advice to `stamp` it, else nullopt.
std::optional<std::string> stamp_advice(const Config& config, const std::vector<std::string>& heads_before,
                                        const std::string& first_step, const Error& e) {
  if (!heads_before.empty() || first_step.empty() || e.code() != ErrorCode::sql_failed || !already_exists(e) ||
      e.context().revision != first_step) {
    return std::nullopt;
  }
  return fmt::format(" — the database already has objects that {} creates, but no revision is recorded in its "
                     "version table '{}': it was set up by hand or by another tool. If its schema already matches a "
                     "revision, record that without running anything: 'retort stamp <revision>' (e.g. 'retort stamp "
                     "{}'), then 'retort upgrade'; 'retort check' shows any difference",
                     first_step, config.version_table, first_step);
}

} // namespace

std::optional<std::string> alembic_table_note(const Config& config, Connection& db) {
  if (config.version_table == "alembic_version") return std::nullopt;
  auto present = db.tables_exist(config.version_schema, {config.version_table, "alembic_version"});
  if (present.at(0) || !present.at(1)) return std::nullopt;
  const Dialect& d = db.dialect();
  std::string table = config.version_schema.empty() ? d.quote_ident("alembic_version")
                                                    : d.quote_ident(config.version_schema) + "." + d.quote_ident("alembic_version");
  std::vector<std::string> rows;
  try {
    for (const auto& row : db.query(fmt::format("SELECT version_num FROM {} ORDER BY 1", table))) {
      if (!row.empty() && row[0]) rows.push_back(*row[0]);
    }
  } catch (const Error&) {  // not Alembic's shape after all: still worth saying
  }
  return fmt::format("the version table '{}' does not exist, but an Alembic version table 'alembic_version' does "
                     "(at {}): this database was brought up by Alembic. To pick it up where it stands, set "
                     "version_table = \"alembic_version\" in retort.toml",
                     config.version_table, rows.empty() ? std::string("no revision") : fmt::format("{}", fmt::join(rows, ", ")));
}

namespace {

/// When the version table exists: checks its shape, adds a missing history or dirty table and
/// refuses a dirty database; returns whether it existed. When it does not, creates nothing: the
/// caller plans first (a bad target then changes nothing) and calls store.ensure() after.
bool ensure_if_present(const Project& project, VersionStore& store) {
  if (!store.version_table_exists()) return false;
  store.ensure();
  refuse_if_dirty(project.graph(), store);
  return true;
}

} // namespace

RunResult upgrade(const Project& project, Connection& db, const RunOptions& options) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store, project.config(), options.on_lock_wait, options.stop, options.lock_wait);
  refuse_if_alembic_table(project, db, store);
  const bool existed = ensure_if_present(project, store);
  auto heads = store.heads();
  auto plan = plan_upgrade(project.graph(), heads, options.target.value_or(Target{}));
  if (!existed) store.ensure();  // only once the target is known to be good: a refusal creates nothing
  if (!options.allow_changed) refuse_if_changed(project.graph(), store, heads);
  const std::string first = plan.steps.empty() ? std::string() : project.graph()[plan.steps.front().revision].revision;
  try {
    return run_plan(project.graph(), db, store, std::move(plan), options);
  } catch (const RunError& e) {
    if (auto advice = stamp_advice(project.config(), heads, first, e)) {
      throw RunError(Error(e.code(), e.what() + *advice, e.context()), e.result());
    }
    throw;
  }
}

RunResult downgrade(const Project& project, Connection& db, const RunOptions& options) {
  if (!options.target) {
    throw Error(ErrorCode::target, "downgrade needs a target (a revision, -N, or base)");
  }
  VersionStore store(db, project.config());
  MigrationLock lock(db, store, project.config(), options.on_lock_wait, options.stop, options.lock_wait);
  refuse_if_alembic_table(project, db, store);
  const bool existed = ensure_if_present(project, store);
  auto plan = plan_downgrade(project.graph(), store.heads(), *options.target);
  if (!existed) store.ensure();
  require_down_sections(project.graph(), plan);
  if (options.confirm_data_loss) {
    auto report = data_loss(project, db.dialect(), plan);
    if (report.loses_data() && !options.confirm_data_loss(report)) {
      throw Error(ErrorCode::refused, "the downgrade was not confirmed; nothing was run");
    }
  }
  return run_plan(project.graph(), db, store, std::move(plan), options);
}

Plan stamp(const Project& project, Connection& db, const StampOptions& options) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store, project.config(), options.on_lock_wait, options.stop);
  const bool existed = ensure_if_present(project, store);
  Plan plan;
  // Without --purge, a row the folder does not have is refused by plan_stamp (naming --purge).
  if (!options.purge) plan.heads_before = store.heads();
  auto stamped = plan_stamp(project.graph(), plan.heads_before, options.targets);
  if (!existed) store.ensure();
  plan.heads_after = stamped.rows;
  Transaction tx(db);
  if (options.purge) db.execute(fmt::format("DELETE FROM {}", store.tables().version));
  store.apply(version_ops_between(plan.heads_before, plan.heads_after));
  for (const auto& id : stamped.named) store.record(id, "stamp", "", 0);
  if (stamped.named.empty()) store.record("base", "stamp", "", 0);
  tx.commit();
  return plan;
}

ResolveResult resolve(const Project& project, Connection& db, Resolution how, const RunOptions& options) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store, project.config(), options.on_lock_wait, options.stop, options.lock_wait);
  store.ensure();
  auto dirty = store.dirty();
  if (!dirty) throw Error(ErrorCode::refused, "the database is not dirty: there is nothing to resolve");
  const auto& graph = project.graph();
  auto i = graph.find(dirty->revision);
  if (i == RevisionGraph::npos && how != Resolution::mark_rolled_back) {
    throw Error(ErrorCode::version_table, fmt::format("dirty revision '{}' is not in the migrations folder; only "
                                                      "--rolled-back can clear it", dirty->revision));
  }
  ResolveResult result{*dirty, {}};
  const Direction dir = dirty->direction == "down" ? Direction::down : Direction::up;
  switch (how) {
    case Resolution::resume:
      result.notes = resume_dirty(graph, db, store, *dirty, single_step_ops(graph, store.heads(), i, dir), options);
      break;
    case Resolution::mark_applied: {
      Transaction tx(db);
      store.apply(single_step_ops(graph, store.heads(), i, dir));
      store.record(dirty->revision, dirty->direction, dir == Direction::up ? graph[i].checksum : "", 0);
      store.dirty_clear(dirty->revision);
      tx.commit();
      break;
    }
    case Resolution::mark_rolled_back:
      store.dirty_clear(dirty->revision);
      break;
  }
  return result;
}

std::vector<std::string> rehash(const Project& project, Connection& db, const std::vector<std::string>& revisions,
                                const LockWaitObserver& on_lock_wait) {
  VersionStore store(db, project.config());
  MigrationLock lock(db, store, project.config(), on_lock_wait);
  store.ensure();
  const auto& graph = project.graph();
  std::vector<std::size_t> now;
  for (const auto& id : store.heads()) now.push_back(graph.at(id));
  auto applied = graph.ancestors(now);
  std::vector<std::size_t> chosen;
  if (revisions.empty()) {
    for (std::size_t i = 0; i < graph.size(); ++i) {
      if (applied[i]) chosen.push_back(i);
    }
  } else {
    for (const auto& ref : revisions) {
      auto i = resolve_revision(graph, Target(ref));
      if (!applied[i]) throw Error(ErrorCode::target, fmt::format("revision {} is not applied; only applied revisions have checksums", graph[i].revision));
      chosen.push_back(i);
    }
  }
  Transaction tx(db);
  std::vector<std::string> done;
  for (auto i : chosen) {
    store.record(graph[i].revision, "rehash", graph[i].checksum, 0);
    done.push_back(graph[i].revision);
  }
  tx.commit();
  return done;
}

} // namespace retort
