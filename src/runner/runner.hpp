// runner/runner.hpp — runs a plan's steps against a connection, keeping the version rows in step.
#pragma once

#include <memory>

#include "retort/run.hpp"
#include "runner/version_store.hpp"

namespace retort {

class MigrationBody;

/// Holds the migration lock for a scope; releases it on exit, never throws from the destructor.
class MigrationLock {
public:
  /// Takes the lock the config asks for (advisory or lease) on the store's tables.
  /// `on_wait` is told when another run holds it; a stop request on `stop` ends the wait with
  /// Error(ErrorCode::cancelled). `wait`: how long to wait for it (unset: config.lock_timeout).
  MigrationLock(Connection& db, const VersionStore& store, const Config& config, LockWaitObserver on_wait = {},
                std::stop_token stop = {}, std::optional<std::chrono::milliseconds> wait = {});
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;
  ~MigrationLock();

private:
  Connection& m_db;
  LockRequest m_request;
};

/// Runs the plan: every migration's SQL is split and checked first (a statement that cannot run in
/// a transaction, inside a transactional migration, is refused before anything runs); then each
/// step runs in its own transaction, or all in one with options.atomic, or statement by statement
/// for `transaction: none` (tracked in the dirty table until it completes). A failure throws Error
/// with the migration's file, the statement's line and the server's fields; the failing step's
/// transaction is rolled back and earlier steps stay applied (except with atomic). Failures once
/// steps run (and stop requests, which cancel the running statement) throw RunError, carrying what
/// was kept and where the database stands; refusals before anything runs throw a plain Error.
RunResult run_plan(const RevisionGraph& graph, Connection& db, VersionStore& store, Plan plan,
                   const RunOptions& options);

/// `heads` after the version-row changes `ops`.
std::vector<std::string> apply_version_ops(std::vector<std::string> heads, const std::vector<VersionOp>& ops);

/// Refuses (ErrorCode::refused), before anything runs, a plan that would undo a migration
/// without a down section.
void require_down_sections(const RevisionGraph& graph, const Plan& plan);

/// Refuses (ErrorCode::refused) while a dirty state exists, explaining the ways out.
void refuse_if_dirty(const RevisionGraph& graph, VersionStore& store);

/// Finishes a dirty `transaction: none` migration from its first statement not yet run, after
/// cleaning up what the failed statement left (an INVALID index); returns what it cleaned up.
std::vector<std::string> resume_dirty(const RevisionGraph& graph, Connection& db, VersionStore& store, const DirtyState& dirty,
                  const std::vector<VersionOp>& version_ops, const RunOptions& options);

/// The statements of a migration in a direction, split by the dialect; errors carry the file.
/// All of them at once: for a section of any size, StepStatements reads them a window at a time.
std::vector<Statement> statements_of(const Dialect& dialect, const Migration& m, Direction dir);

/// Calls `f` with each statement of the migration's section in direction `dir` and its 0-based
/// index, in order, reading the file (when the bodies are not loaded) through a bounded window
/// (docs/folder-cache.md, "Large files"): the same statements, lines and numbering as
/// statements_of. Throws what statements_of throws, when the reading reaches the fault; `f` may throw.
void for_each_statement(const Dialect& dialect, const Migration& m, Direction dir,
                        const std::function<void(const Statement&, std::size_t)>& f);

/// A step's statements, counted once: kept in memory when the section is small, otherwise read
/// again from the file (checked unchanged) each time they are used.
class StepStatements {
public:
  StepStatements() = default;
  /// Reads every statement (the split's errors are thrown here, with the file), calling `check`
  /// on each; keeps them when the section is at most `keep_budget` bytes and at most
  /// k_keep_section, and then takes its size from `keep_budget`.
  /// A section not kept stays open for each() while `open_budget` (when given) is above zero, and
  /// takes one from it.
  StepStatements(const Dialect& dialect, const Migration& m, Direction dir, std::uint64_t& keep_budget,
                 const std::function<void(const Statement&, std::size_t)>& check = {},
                 std::size_t* open_budget = nullptr);
  [[nodiscard]] std::size_t size() const noexcept { return m_count; }
  /// Calls `f` with each statement and its 0-based index, in order.
  void each(const std::function<void(const Statement&, std::size_t)>& f) const;

  static constexpr std::uint64_t k_keep_section = 2u << 20;
  static constexpr std::uint64_t k_keep_run = 8u << 20;
  static constexpr std::size_t k_open_files = 32;  ///< streamed sections kept open in one run

private:
  const Dialect* m_dialect = nullptr;
  const Migration* m_migration = nullptr;
  Direction m_direction = Direction::up;
  std::vector<Statement> m_kept;
  bool m_streamed = false;
  std::shared_ptr<const MigrationBody> m_body;  ///< the open file of a streamed section, when kept
  std::size_t m_count = 0;
};

} // namespace retort
