// retort/commands.hpp — each CLI command as a library call. Nothing here prints or exits.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/plan.hpp"
#include "retort/project.hpp"
#include "retort/revision_graph.hpp"
#include "retort/run.hpp"
#include "retort/target.hpp"

namespace retort {

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

/// What the down sections of a plan would drop (read with PostgreSQL's parser; for SQL it cannot
/// read, SQLite's, the words DROP TABLE / DROP COLUMN). Pure: reads the files, not the database.
DataLossReport data_loss(const Project& project, const Dialect& dialect, const Plan& plan);

/// Brings the database to `options.target` (default head), one transaction per migration,
/// holding the migration lock throughout. A failing statement rolls back its migration, leaves the
/// version table at the previous revision and throws RunError (ErrorCode::sql_failed) with the
/// file, the statement's line, SQLSTATE, detail and hint, and the RunResult so far; a stop request
/// throws RunError(ErrorCode::cancelled). Refusals before anything runs throw a plain Error.
RunResult upgrade(const Project& project, Connection& db, const RunOptions& options);
/// Runs down sections to `options.target`. Throws Error(ErrorCode::refused) for a migration
/// without a down section, before anything runs.
RunResult downgrade(const Project& project, Connection& db, const RunOptions& options);

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
/// The same, written to `out` as it is made (a script of any size never sits in memory); every
/// migration is read and split before the first byte is written, so an error writes nothing.
void upgrade_script(const Project& project, const Dialect& dialect, std::string_view range, std::ostream& out);
void downgrade_script(const Project& project, const Dialect& dialect, std::string_view range, std::ostream& out);
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
