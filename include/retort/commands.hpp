// retort/commands.hpp — each CLI command as a library call. Nothing here prints or exits.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

namespace retort {

/// A project: its config and its revision graph, read once.
class Project {
public:
  /// Loads the migrations folder named by the config and builds the graph (throws as they do).
  explicit Project(Config config);
  /// A project over migrations already in memory (embedded migrations, tests).
  Project(Config config, std::vector<Migration> migrations);

  [[nodiscard]] const Config& config() const noexcept { return m_config; }
  [[nodiscard]] const RevisionGraph& graph() const noexcept { return m_graph; }
  /// Files in the folder that look meant as migrations but are not read (`0003_x.SQL`), for a
  /// warning; empty for a project built from migrations in memory.
  [[nodiscard]] const std::vector<std::string>& near_miss_files() const noexcept { return m_near_misses; }

private:
  Config m_config;
  std::vector<std::string> m_near_misses;  // before m_graph: filled while it is built
  RevisionGraph m_graph;
};

/// A project and its database, opened together.
struct OpenedProject {
  Project project;
  std::unique_ptr<Connection> db;  ///< null when no connection was asked for
};

/// Loads the project and, when `connect_database`, opens config.url at the same time: the
/// migrations folder is read on another thread while the server starts a backend for the
/// connection, so a command pays for the slower of the two rather than for both. A folder error
/// is thrown in preference to a connection error, as if the folder had been read first; a missing
/// url is Error(ErrorCode::config).
/// `while_loading`, when given, runs on the calling thread as soon as the connection is open,
/// while the folder may still be loading: for the reads that need only the config
/// (current_heads, read_database_state). Its exception is thrown after a folder error.
OpenedProject open_project(Config config, bool connect_database,
                           const std::function<void(Connection&, const Config&)>& while_loading = {});
/// The same, opening the database for `access` (Access::read never creates a SQLite file). A
/// connection error says where the url came from (--url, DATABASE_URL, or the config file and line).
OpenedProject open_project(Config config, Access mode,
                           const std::function<void(Connection&, const Config&)>& while_loading = {});

/// Where config.url came from, for messages: "--url", "DATABASE_URL", "/path/retort.toml line 3".
std::string url_origin(const Config& config);

/// Told before and after each migration runs, so a caller can report progress.
struct StepEvent {
  const Migration& migration;
  Direction direction;
  bool finished;                       ///< false before the step, true after it committed
  std::chrono::milliseconds duration;  ///< zero before the step
  std::size_t index = 1;               ///< 1-based position of this step in the run
  std::size_t total = 1;               ///< steps in the run
};
using StepObserver = std::function<void(const StepEvent&)>;

/// A migration that failed on lock_timeout (SQLSTATE 55P03) is about to be tried again.
struct RetryEvent {
  const Migration& migration;
  int attempt;                         ///< the attempt that failed, from 1
  int retries;                         ///< retries allowed (RunOptions::lock_retries)
  std::chrono::milliseconds wait;      ///< the pause before the next attempt
  std::string message;                 ///< the server's message for the failed attempt
};
using RetryObserver = std::function<void(const RetryEvent&)>;

/// One statement of a down section that throws data away.
struct DataLoss {
  std::string revision;
  std::string file;       ///< the migration file
  int line = 0;           ///< the statement's line in it
  std::string what;       ///< "table b", "column a.x", "schema s (and every table in it)"
};

/// What a downgrade is about to do, for a confirmation: whether it ends at base (every migration
/// undone) and which statements of its down sections drop tables, columns, schemas or rows.
struct DataLossReport {
  bool to_base = false;
  std::vector<std::string> undone;    ///< the revisions it undoes, in order
  std::vector<DataLoss> drops;
  [[nodiscard]] bool loses_data() const noexcept { return to_base || !drops.empty(); }
};

/// Asked before a downgrade that loses data runs (after it is planned, holding the lock): true to go
/// on. It may also throw (a non-interactive caller refusing without --yes).
using DataLossConfirm = std::function<bool(const DataLossReport&)>;

/// What the down sections of a plan would drop (read with PostgreSQL's parser; for SQL it cannot
/// read, SQLite's, the words DROP TABLE / DROP COLUMN). Pure: reads the files, not the database.
DataLossReport data_loss(const Project& project, const Dialect& dialect, const Plan& plan);

struct RunOptions {
  std::optional<Target> target;       ///< upgrade: head when not given; downgrade: required
  StepObserver on_step;               ///< optional progress callback
  LockWaitObserver on_lock_wait;      ///< told when another run holds the migration lock, naming it
  RetryObserver on_retry;             ///< told before each lock_timeout retry
  /// A stop request (from any thread) cancels the statement running on the server, lets its
  /// migration roll back (a `transaction: none` one is left dirty, as on any failure), releases the
  /// lock and ends the run with RunError(ErrorCode::cancelled); a run waiting for the lock stops
  /// waiting. Migrations committed before it stay applied.
  std::stop_token stop;
  bool atomic = false;                ///< the whole run in one transaction (refused with `transaction: none` files)
  bool allow_changed = false;         ///< run even when applied migrations' files changed since (see verify)
  std::string lock_timeout;           ///< PostgreSQL lock_timeout for each migration ("5s"); a file's header wins
  std::string statement_timeout;      ///< PostgreSQL statement_timeout for each migration; a file's header wins
  int lock_retries = 3;               ///< with a lock_timeout: retries of a migration that failed on it (55P03)
  std::chrono::milliseconds retry_backoff{500};  ///< first retry's wait; doubles, with jitter
  /// downgrade: when set, asked before a plan that loses data (data_loss) runs; false refuses
  /// with Error(ErrorCode::refused) and nothing is run. Unset: no question (the library's callers decide).
  DataLossConfirm confirm_data_loss;
};

/// One migration a run completed.
struct StepDone {
  std::string revision;
  Direction direction;
  std::chrono::milliseconds duration;
};

/// What became of the migration a run stopped at.
enum class StepOutcome {
  rolled_back,  ///< its transaction was rolled back: nothing of it stays
  dirty,        ///< `transaction: none`: statements_done statements stay applied; the dirty state records it
  not_started,  ///< nothing of it ran (its SQL does not parse)
};

/// The migration a run stopped at, and why.
struct StepFailure {
  std::string revision;
  Direction direction = Direction::up;
  StepOutcome outcome = StepOutcome::rolled_back;
  std::string file;
  int line = 0;                        ///< the failing statement's line in `file` (0: unknown)
  std::string statement;               ///< the failing statement, as sent
  std::string sqlstate, detail, hint;  ///< the server's fields
  std::string message;                 ///< the error's one-line message
  int statements_done = 0;             ///< `transaction: none`: statements that completed and stay
  int statements_total = 0;
};

/// What a run did and where it left the database. A successful run returns it; a failed one
/// throws it inside RunError.
struct RunResult {
  Plan plan;                            ///< the steps planned
  std::vector<StepDone> applied;        ///< the steps that completed and stay, in order, with their times
  std::vector<StepDone> rolled_back;    ///< --atomic: steps that completed, then were rolled back with the failure
  std::optional<StepFailure> failure;   ///< the step the run stopped at (none: success, or cancelled between steps)
  std::vector<std::string> heads_now;   ///< the version rows at the end: where the database stands
  bool cancelled = false;               ///< the run stopped on RunOptions::stop
};

/// A run that did not finish: the Error (code, message, context of the failing statement) plus the
/// RunResult saying what was kept and where the database stands.
class RunError : public Error {
public:
  RunError(const Error& cause, RunResult result);
  [[nodiscard]] const RunResult& result() const noexcept { return m_result; }

private:
  RunResult m_result;
};

/// Brings the database to `options.target` (default head), one transaction per migration,
/// holding the migration lock throughout. A failing statement rolls back its migration, leaves the
/// version table at the previous revision and throws RunError (ErrorCode::sql_failed) with the
/// file, the statement's line, SQLSTATE, detail and hint, and the RunResult so far; a stop request
/// throws RunError(ErrorCode::cancelled). Refusals before anything runs throw a plain Error.
RunResult upgrade(const Project& project, Connection& db, const RunOptions& options);
/// Runs down sections to `options.target`. Throws Error(ErrorCode::refused) for a migration
/// without a down section, before anything runs.
RunResult downgrade(const Project& project, Connection& db, const RunOptions& options);

/// A `transaction: none` migration that stopped part-way: what ran and what failed.
struct DirtyState {
  std::string revision;
  std::string direction;                    ///< "up" or "down"
  int statements_total = 0;
  int statements_done = 0;                  ///< statements that completed, from the first
  std::vector<std::string> statement_hashes;///< SHA-256 of each completed statement's text
  int failed_line = 0;                      ///< file line of the statement that failed (0: the run was killed)
  std::string error;                        ///< the error's message (first line)
  std::string sqlstate;                     ///< the server's SQLSTATE for the failed statement, if any
  std::string detail;                       ///< the server's DETAIL, if any
  std::string recorded_at;
  std::string recorded_by;
};

/// The dirty state, if any (nullopt when none or when the tables do not exist).
std::optional<DirtyState> dirty_state(const Project& project, Connection& db);

enum class Resolution {
  resume,            ///< run the dirty migration's remaining statements, from the one that failed
  mark_applied,      ///< record it as applied without running anything more
  mark_rolled_back,  ///< forget it: the version stays where it was (its done statements were undone by hand)
};
struct ResolveResult {
  DirtyState was;                     ///< the dirty state that was cleared
  std::vector<std::string> notes;     ///< what was cleaned up first (e.g. an INVALID index dropped)
};
/// Clears the dirty state as told. Throws Error(ErrorCode::refused) when there is none, or (resume)
/// when the statements already run no longer match the file. Holds the migration lock.
ResolveResult resolve(const Project& project, Connection& db, Resolution how, const RunOptions& options = {});

/// An applied migration whose file no longer matches what was applied.
struct ChecksumMismatch {
  std::string revision;
  std::string recorded;   ///< the checksum recorded when it was applied (or re-recorded)
  std::string current;    ///< the file's checksum now; empty when the file is gone
  std::string file;
};
struct VerifyReport {
  std::vector<ChecksumMismatch> mismatches;
  std::vector<std::string> verified;      ///< applied, and the file matches
  std::vector<std::string> unrecorded;    ///< applied without a checksum (stamped, or by Alembic)
};
/// Compares every applied revision's recorded checksum with its file now. Reads only.
VerifyReport verify(const Project& project, Connection& db);
/// Re-records the checksums of applied revisions (all when `revisions` is empty) after an
/// intended edit; returns those re-recorded. Holds the migration lock.
/// `on_lock_wait` is told when another run holds the migration lock.
std::vector<std::string> rehash(const Project& project, Connection& db, const std::vector<std::string>& revisions,
                                const LockWaitObserver& on_lock_wait = {});

/// When the configured version table does not exist but an Alembic one (`alembic_version`, in the
/// same schema) does: a sentence saying so, its rows, and the setting that adopts it. nullopt
/// otherwise (also when version_table is alembic_version already). Reads only.
std::optional<std::string> alembic_table_note(const Config& config, Connection& db);

/// The version table's rows (the applied heads), empty when the table does not exist yet.
/// Never creates anything.
std::vector<std::string> current_heads(const Project& project, Connection& db);
std::vector<std::string> current_heads(const Config& config, Connection& db);

/// One row of the history table.
struct HistoryRecord {
  std::string revision;
  std::string direction;   ///< "up", "down" or "stamp"
  std::string checksum;
  std::string applied_at;
  std::string applied_by;
  std::int64_t duration_ms = 0;
};

/// What the database holds for `status`: its version rows, the dirty state and, when asked for,
/// each revision's latest "up" history row. Read with the config alone, in two round trips,
/// creating nothing. The history rows are most of the server's work (a whole table where the
/// rest is a row or two), so a caller that shows no times leaves them out.
struct DatabaseState {
  std::vector<std::string> heads;          ///< the version table's rows
  std::vector<HistoryRecord> latest_up;    ///< each revision's latest "up" row, oldest first (if read)
  bool history_read = false;               ///< whether latest_up was read
  std::optional<DirtyState> dirty;         ///< a `transaction: none` migration that stopped part-way
};
DatabaseState read_database_state(const Config& config, Connection& db, bool with_history = true);

/// Applied and pending revisions.
struct Status {
  std::vector<std::string> current;             ///< the version table's rows
  std::vector<std::string> applied;             ///< revisions at or below the current heads, graph order
  std::vector<std::string> pending;             ///< revisions an upgrade to heads would apply, in order
  /// Aligned with `applied`: each one's latest "up" record (none when it was stamped or applied by
  /// another tool). All none when the history was not read (history_read).
  std::vector<std::optional<HistoryRecord>> last_applied;
  bool history_read = false;
  std::optional<DirtyState> dirty;              ///< a `transaction: none` migration that stopped part-way
};
Status status(const Project& project, Connection& db);
/// The same from a state read before (read_database_state).
Status status(const Project& project, DatabaseState state);

/// The history table, oldest first (empty when it does not exist).
std::vector<HistoryRecord> applied_history(const Project& project, Connection& db);

struct StampOptions {
  std::vector<Target> targets;  ///< one or more; see plan_stamp for what each does to the rows
  bool purge = false;           ///< delete every row first, even ones the graph does not know
  LockWaitObserver on_lock_wait;  ///< told when another run holds the migration lock
  std::stop_token stop;           ///< a stop request ends a wait for the lock: Error(ErrorCode::cancelled)
};
/// Sets the version rows as `plan_stamp` says, without running any migration; records a "stamp"
/// row in the history for each named revision ("base" when only rows were removed). Holds the
/// migration lock. Throws Error(ErrorCode::version_table) for a row the folder does not have,
/// unless `purge`.
Plan stamp(const Project& project, Connection& db, const StampOptions& options);

/// Offline mode (--sql): the SQL script a DBA can review and run with psql, for a range "A:B"
/// (from the rows `stamp A` writes, to B; B may count from A: "0002:+1"), or just "B" meaning from
/// base. No connection is made. downgrade needs the "A:B" form. stamp takes several ranges, all
/// with the same A (Alembic's rule). Throws like the live commands for bad targets and unparsable SQL.
std::string upgrade_script(const Project& project, const Dialect& dialect, std::string_view range);
std::string downgrade_script(const Project& project, const Dialect& dialect, std::string_view range);
std::string stamp_script(const Project& project, const Dialect& dialect, std::string_view range);
std::string stamp_script(const Project& project, const Dialect& dialect, const std::vector<std::string>& ranges);

struct RevisionOptions {
  std::string message;
  std::optional<std::string> rev_id;           ///< default: next number + slug of the message
  std::string head = "head";                   ///< the parent, any target naming revisions without the
                                               ///< database: a revision, a label, "head", "heads" (a merge), "base", REV+N
  bool splice = false;                         ///< allow a parent that is not a head
  std::vector<std::string> merge;              ///< merge: these targets (e.g. "heads") name the parents
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;         ///< revisions or branch labels (a label is written as given,
                                               ///< a prefix as the full id, as Alembic does)
  TransactionMode transaction = TransactionMode::per_migration;
  std::string created;                         ///< ISO 8601 UTC; default: now
  std::string up_sql;                          ///< body of the up section (autogenerate fills it)
  std::string down_sql;
};
/// Writes a new migration file into the project's folder and returns its path. The targets in
/// `head`, `merge` and `depends_on` are parsed here, once.
/// Throws Error(ErrorCode::target) for an ambiguous or unknown parent, ErrorCode::revision_graph
/// for an id that exists, ErrorCode::io when the file exists.
std::filesystem::path create_revision(const Project& project, const RevisionOptions& options);

/// Generates the next revision id: the next four-digit number and a slug of the message, ≤ 32 chars.
std::string next_revision_id(const RevisionGraph& graph, const std::string& message);

/// Writes retort.toml and an empty migrations folder into `dir`. Refuses (ErrorCode::refused)
/// when retort.toml already exists there.
void init_project(const std::filesystem::path& dir);

/// The migration's SQL-level text for `show`.
std::string read_migration_text(const Migration& migration);

} // namespace retort
