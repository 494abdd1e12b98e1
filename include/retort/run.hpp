// retort/run.hpp — a run of migrations as values: what it is asked (RunOptions), what it tells
// while it runs (StepEvent, RetryEvent, StatementEvent, the lock wait), what it did (RunResult, or RunError when it
// stopped), and the bookkeeping it leaves (DirtyState, HistoryRecord). The commands that run are
// in retort/commands.hpp; the runner below them uses these types alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace retort {

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

/// Told before and after each statement of a `transaction: none` migration runs.
struct StatementEvent {
  const Migration& migration;
  const Statement& statement;
  std::size_t index = 0;   ///< 0-based position among the migration's statements
  std::size_t total = 0;   ///< statements in the migration
  /// false: about to run. true: it completed on the server. A statement that runs in a transaction
  /// has its progress record committed with it by then; one that runs alone (`alone`) has not, and
  /// a run that stops here leaves it recorded as in flight (a resume asks the catalog).
  bool finished = false;
  bool alone = false;      ///< it runs outside any transaction (Dialect::runs_alone)
};
using StatementObserver = std::function<void(const StatementEvent&)>;

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

/// The steps of a code migration (a file with `-- code: VERSION` and no SQL), registered by the
/// program that runs it. They run inside the migration's transaction, on the run's connection,
/// before its version row changes; an exception rolls the migration back. The command line
/// registers none, so it lists code migrations but refuses to run them.
struct CodeMigration {
  std::string revision;
  std::string version;                      ///< must equal the file's `-- code:` version (bump both when the function changes)
  std::function<void(Connection&)> up;
  std::function<void(Connection&)> down;    ///< empty: not reversible (the file then has no down section either)
};

struct RunOptions {
  std::optional<Target> target;       ///< upgrade: head when not given; downgrade: required
  StepObserver on_step;               ///< optional progress callback
  LockWaitObserver on_lock_wait;      ///< told when another run holds the migration lock, naming it
  RetryObserver on_retry;             ///< told before each lock_timeout retry
  StatementObserver on_statement;     ///< told around each statement of a `transaction: none` migration
  /// A stop request (from any thread) cancels the statement running on the server, lets its
  /// migration roll back (a `transaction: none` one is left dirty, as on any failure), releases the
  /// lock and ends the run with RunError(ErrorCode::cancelled); a run waiting for the lock stops
  /// waiting. Migrations committed before it stay applied.
  std::stop_token stop;
  /// How long the run waits for the migration lock when another run holds it; unset: the config's
  /// lock_timeout.
  std::optional<std::chrono::milliseconds> lock_wait;
  bool atomic = false;                ///< the whole run in one transaction (refused with `transaction: none` files)
  bool allow_changed = false;         ///< run even when applied migrations' files changed since (see verify)
  std::string lock_timeout;           ///< PostgreSQL lock_timeout for each migration ("5s"); a file's header wins
  std::string statement_timeout;      ///< PostgreSQL statement_timeout for each migration; a file's header wins
  int lock_retries = 3;               ///< with a lock_timeout: retries of a migration that failed on it (55P03)
  std::chrono::milliseconds retry_backoff{500};  ///< first retry's wait; doubles, with jitter
  /// downgrade: when set, asked before a plan that loses data (data_loss) runs; false refuses
  /// with Error(ErrorCode::refused) and nothing is run. Unset: no question (the library's callers decide).
  DataLossConfirm confirm_data_loss;
  /// The code migrations this program can run. A plan reaching one that is not here, or is here
  /// with another version, is refused (Error(ErrorCode::refused)) before anything runs.
  std::vector<CodeMigration> code;
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
  /// The statement that had started when the run stopped, one that runs alone (it cannot run in a
  /// transaction), by its 1-based number; 0 when none was in flight (statements that run in a
  /// transaction commit with their progress record); nullopt when the row does not say (written by
  /// an earlier release or an offline script): a resume then asks the catalog about the next one.
  std::optional<int> in_flight;
  std::string in_flight_hash;               ///< SHA-256 of the in-flight statement's text
  std::string in_flight_what;               ///< what it is: "CREATE INDEX CONCURRENTLY", "VACUUM"…
};

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

} // namespace retort
