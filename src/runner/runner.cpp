#include "runner/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <stop_token>
#include <random>
#include <thread>

#include "core/poll.hpp"
#include "core/sha256.hpp"
#include "migration/body.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

/// `e` again, with the migration's file (and the statement's line, when known) attached.
Error in_migration(const Error& e, const Migration& m, const Statement* statement, Direction dir) {
  ErrorContext ctx = e.context();
  ctx.file = m.file;
  ctx.revision = m.revision;
  if (statement != nullptr) ctx.line = statement->line;
  std::string prefix;
  if (e.code() == ErrorCode::sql_failed) {
    prefix = fmt::format("{} {} failed: ", dir == Direction::up ? "upgrade" : "downgrade", m.revision);
  }
  // No line when the failure is not a statement's (a code migration, a file that does not split).
  const std::string where = ctx.line > 0 ? fmt::format("{}:{}", m.file_name(), ctx.line) : std::string(m.file_name());
  return Error(e.code(), fmt::format("{}: {}{}", where, prefix, e.what()), ctx);
}

constexpr std::string_view k_lock_not_available = "55P03";

/// How to leave the dirty state, as every message about it says.
constexpr std::string_view k_ways_out =
    "  retort resolve --resume        (settles the statement that stopped, then runs the rest)\n"
    "  retort resolve --mark-applied  (you finished it by hand)\n"
    "  retort resolve --rolled-back   (you undid the completed statements by hand)";

/// Says a retry is coming, then waits before retry `attempt` (1-based): backoff × 2^(attempt-1),
/// plus up to half of that again. A stop request ends the wait by throwing `failure` as cancelled.
void back_off(const RunOptions& options, int attempt, const Migration& m, const Error& failure) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  auto base = options.retry_backoff * (1 << std::min(attempt - 1, 10));
  auto jitter = std::chrono::milliseconds(rng() % static_cast<unsigned>(base.count() / 2 + 1));
  if (options.on_retry) {
    std::string message = failure.what();
    options.on_retry(RetryEvent{m, attempt, options.lock_retries, base + jitter, message.substr(0, message.find('\n'))});
  }
  if (!sleep_unless_stopped(base + jitter, options.stop)) {
    throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting to retry {}: {}", m.revision, failure.what()),
                failure.context());
  }
}

/// `e` as ErrorCode::cancelled when the run was asked to stop (the server's error for a cancelled
/// statement, SQLSTATE 57014, or SQLite's "interrupted"), else `e` itself.
Error cancelled_if_stopped(const Error& e, const RunOptions& options) {
  if (!options.stop.stop_requested() || e.code() == ErrorCode::cancelled) return e;
  return Error(ErrorCode::cancelled, fmt::format("cancelled: {}", e.what()), e.context());
}

struct Prepared {
  const PlanStep* step = nullptr;
  const Migration* migration = nullptr;
  StepStatements statements;
  std::exception_ptr parse_error;  ///< thrown when the run reaches this step
  const std::function<void(Connection&)>* code = nullptr;  ///< a code migration's registered step
};

/// The registered step of a code migration in direction `dir`, or a refusal naming what is missing.
const std::function<void(Connection&)>* code_step(const RunOptions& options, const Migration& m, Direction dir) {
  const auto context = ErrorContext{.file = m.file, .revision = m.revision};
  auto it = std::find_if(options.code.begin(), options.code.end(), [&](const CodeMigration& c) { return c.revision == m.revision; });
  if (it == options.code.end()) {
    throw Error(ErrorCode::refused,
                fmt::format("{}: revision {} is a code migration (version {}): its steps are a C++ function that the "
                            "program embedding retort registers, and this run has none for it (the command line never "
                            "does). Run it from that program, or, if it was applied another way, record it with "
                            "'retort stamp'. Nothing was run.",
                            m.file_name(), m.revision, m.code_version),
                context);
  }
  if (it->version != m.code_version) {
    throw Error(ErrorCode::refused,
                fmt::format("{}: revision {} is code version {} in its file, but the registered function is version "
                            "{}: the program and the migrations folder are from different builds. Nothing was run.",
                            m.file_name(), m.revision, m.code_version, it->version),
                context);
  }
  const auto& step = dir == Direction::up ? it->up : it->down;
  if (!step) {
    throw Error(ErrorCode::refused,
                fmt::format("{}: code migration {} has no registered {} step. Nothing was run.", m.file_name(),
                            m.revision, dir == Direction::up ? "up" : "down"),
                context);
  }
  return &step;
}

/// Runs a code migration's step: its exceptions become the run's failure, naming the migration.
void run_code(Connection& db, const Migration& m, const std::function<void(Connection&)>& step, Direction dir) {
  try {
    step(db);
  } catch (const Error& e) {
    throw in_migration(e, m, nullptr, dir);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::sql_failed,
                fmt::format("{}: code migration {} ({}) failed: {}", m.file_name(), m.revision,
                            dir == Direction::up ? "up" : "down", e.what()),
                ErrorContext{.file = m.file, .revision = m.revision});
  }
}

std::string effective(const std::string& file_value, const std::string& run_value) {
  return file_value.empty() ? run_value : file_value;
}

void run_statement(Connection& db, const Migration& m, const Statement& s, Direction dir) {
  try {
    db.execute(s.sql);
  } catch (const Error& e) {
    throw in_migration(e, m, &s, dir);
  }
}

bool is_lock_timeout(const Error& e) { return e.code() == ErrorCode::sql_failed && e.context().sqlstate == k_lock_not_available; }

/// One statement outside a transaction, retried on lock_timeout.
void run_statement_with_retry(Connection& db, const Migration& m, const Statement& s, Direction dir,
                              const RunOptions& options, bool retry) {
  for (int attempt = 1;; ++attempt) {
    try {
      run_statement(db, m, s, dir);
      return;
    } catch (const Error& e) {
      if (!retry || !is_lock_timeout(e) || attempt > options.lock_retries || options.stop.stop_requested()) throw;
      back_off(options, attempt, m, e);
    }
  }
}

void finish_step(VersionStore& store, const Migration& m, Direction dir, const std::vector<VersionOp>& ops,
                 Clock::time_point started) {
  store.apply(ops);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  store.record(m.revision, dir == Direction::up ? "up" : "down", dir == Direction::up ? m.checksum : "", ms);
}

/// The session's timeouts for a `transaction: none` migration, which has no transaction to SET
/// LOCAL in: set for the scope, then put back to what they were (the caller's connection is left as
/// it was found, whether the migration completed or not).
class SessionTimeouts {
public:
  SessionTimeouts(Connection& db, const std::string& lock_timeout, const std::string& statement_timeout)
      : m_db(db) {
    const auto& dialect = db.dialect();
    auto settings = dialect.timeout_statements(lock_timeout, statement_timeout, false);
    if (settings.empty()) return;
    const auto before = db.query(std::string(dialect.timeouts_query()));
    if (!before.empty() && before[0].size() == 2) {
      m_restore = dialect.timeout_statements(lock_timeout.empty() ? "" : before[0][0].value_or(""),
                                             statement_timeout.empty() ? "" : before[0][1].value_or(""), false);
    }
    for (const auto& s : settings) db.execute(s);
  }
  SessionTimeouts(const SessionTimeouts&) = delete;
  SessionTimeouts& operator=(const SessionTimeouts&) = delete;
  ~SessionTimeouts() {
    try {
      for (const auto& s : m_restore) m_db.execute(s);
    } catch (...) {  // the connection may be gone
    }
  }

private:
  Connection& m_db;
  std::vector<std::string> m_restore;
};

constexpr std::string_view k_active_sql_transaction = "25001";  // "… cannot run inside a transaction block"
constexpr std::string_view k_undefined_prepared = "26000";

void observe(const RunOptions& options, const Migration& m, const Statement& s, std::size_t k, std::size_t total,
             bool finished, bool alone) {
  if (options.on_statement) options.on_statement(StatementEvent{m, s, k, total, finished, alone});
}

/// Statement `number` (1-based) of a `transaction: none` migration, one that can run in a
/// transaction: in one, together with its progress record (BEGIN, the statement, the dirty row's
/// update, COMMIT; one round trip on PostgreSQL), so that both commit or vanish together. A failed
/// attempt rolls back whole, so a lock_timeout is retried. Returns false, having changed nothing,
/// when the server refuses the statement inside a transaction block (SQLSTATE 25001: a kind the
/// dialect did not know); the caller then runs it alone.
bool run_with_progress(Connection& db, VersionStore& store, const Migration& m, const Statement& s, Direction dir,
                       int number, const RunOptions& options, bool retry) {
  const std::vector<BatchStatement> batch{
      {"BEGIN", {}}, {s.sql, {}}, store.dirty_progress_statement(m.revision, number, sha256_hex(s.sql)), {"COMMIT", {}}};
  constexpr std::size_t k_progress = 2;
  for (int attempt = 1;; ++attempt) {
    auto outcome = db.execute_batch(batch);
    if (!outcome.failed) return true;
    const std::size_t i = *outcome.failed;
    if (i > 0) {
      try {
        db.execute("ROLLBACK");  // also after a failed COMMIT, which ended the transaction: then only a warning
      } catch (...) {  // a lost connection rolls back on its own
      }
    }
    Error error = i == k_progress ? *outcome.error : in_migration(*outcome.error, m, &s, dir);
    if (i == 1 && error.context().sqlstate == k_active_sql_transaction) return false;
    // A kept plan dropped by the migration itself (DEALLOCATE ALL): once more, sent unprepared.
    if (attempt == 1 && i == k_progress && error.context().sqlstate == k_undefined_prepared) continue;
    if (!retry || !is_lock_timeout(error) || attempt > options.lock_retries || options.stop.stop_requested()) throw error;
    back_off(options, attempt, m, error);
  }
}

/// A `transaction: none` migration from statement `from`, recorded in the dirty table as it goes;
/// the version rows are written (and the dirty row removed) at the end. Each statement that can
/// runs in a transaction with its progress record (exactly once, whenever the run stops); each one
/// that cannot (Dialect::runs_alone) is recorded as in flight first, and as done after, so that a
/// resume knows to ask the catalog about it (docs/safety.md). `done` counts the statements
/// completed (from the first), as the dirty table does.
void run_untransacted(Connection& db, VersionStore& store, const Migration& m, Direction dir,
                      const StepStatements& statements, std::size_t from, const std::vector<VersionOp>& ops,
                      const RunOptions& options, Clock::time_point started, std::size_t& done) {
  done = from;
  const auto& dialect = db.dialect();
  const std::string lock_timeout = effective(m.lock_timeout, options.lock_timeout);
  const std::string statement_timeout = effective(m.statement_timeout, options.statement_timeout);
  const SessionTimeouts timeouts(db, lock_timeout, statement_timeout);
  const std::size_t total = statements.size();
  statements.each([&](const Statement& s, std::size_t k) {
    if (k < from) return;
    const int number = static_cast<int>(k + 1);
    std::optional<std::string> alone;
    try {
      if (options.stop.stop_requested()) {
        throw Error(ErrorCode::cancelled, fmt::format("{}:{}: cancelled before this statement of {} ran", m.file_name(),
                                                      s.line, m.revision),
                    ErrorContext{.file = m.file, .line = s.line, .revision = m.revision, .statement = s.sql});
      }
      alone = dialect.runs_alone(s.sql);
      if (!alone) {
        observe(options, m, s, k, total, false, false);
        if (!run_with_progress(db, store, m, s, dir, number, options, !lock_timeout.empty())) {
          alone = "a statement that cannot run inside a transaction block";
        }
      }
      if (alone) {
        store.dirty_in_flight(m.revision, number, sha256_hex(s.sql), *alone);
        observe(options, m, s, k, total, false, true);
        run_statement_with_retry(db, m, s, dir, options, !lock_timeout.empty());
      }
    } catch (const Error& raw) {
      const Error e = cancelled_if_stopped(raw, options);
      try {
        store.dirty_failed(m.revision, s.line, e);
      } catch (...) {  // the connection may be gone; the dirty row still says how far it got
      }
      ErrorContext ctx = e.context();
      throw Error(e.code(),
                  fmt::format("{}\nrevision {} is a 'transaction: none' migration: {} of its {} statements completed, "
                              "and the database is now marked dirty. Fix the cause, then run one of:\n{}",
                              e.what(), m.revision, k, total, k_ways_out),
                  ctx);
    }
    // Outside the try: the statement completed, so nothing from here on may be recorded as its
    // failure. Should the run stop before the progress record, the statement stays in flight.
    observe(options, m, s, k, total, true, alone.has_value());
    if (alone) store.dirty_progress(m.revision, number, sha256_hex(s.sql));
    done = k + 1;
  });
  Transaction tx(db);
  finish_step(store, m, dir, ops, started);
  store.dirty_clear(m.revision);
  tx.commit();
}

/// Thrown out of a statement loop to stop reading the section.
struct StopReading {};

/// At most this many statements, and this many bytes of SQL, go in one batch (PostgreSQL: one
/// pipeline, within the limits its driver sends as one round trip).
constexpr std::size_t k_batch_statements = 192;
constexpr std::size_t k_batch_bytes = 240u << 10;

/// A transactional migration in as few round trips as the driver allows: BEGIN, the settings, its
/// statements, the version-row change and the history row as one batch. Where the dialect can check
/// the version-row change inside the statement (PostgreSQL), COMMIT goes in the same batch: one
/// round trip per migration. Otherwise COMMIT follows once each change is seen to touch one row.
/// A migration with more statements than one batch holds is sent in several, read from its file
/// as they go (never all of it at once), the last one carrying the version rows and COMMIT.
/// `defer_flush`: the commit may return before its WAL is flushed (every migration of a run but
/// the last; the last one's flush covers them all).
void run_in_transaction(Connection& db, VersionStore& store, const Prepared& p, const RunOptions& options, bool defer_flush) {
  const Migration& m = *p.migration;
  const Direction dir = p.step->direction;
  const Dialect& dialect = db.dialect();
  const std::string lock_timeout = effective(m.lock_timeout, options.lock_timeout);
  const std::string statement_timeout = effective(m.statement_timeout, options.statement_timeout);
  std::vector<BatchStatement> head{{"BEGIN", {}}};
  if (defer_flush) {
    head.push_back({std::string(dialect.deferred_flush_statement()), {}});
  }
  for (auto& s : dialect.timeout_statements(lock_timeout, statement_timeout, true)) head.push_back({std::move(s), {}});
  const std::string_view direction = dir == Direction::up ? "up" : "down";
  const std::string& checksum = dir == Direction::up ? m.checksum : std::string();
  const bool commit_in_batch = dialect.has_data_modifying_with() && p.step->version_ops.size() == 1;
  std::vector<BatchStatement> tail;
  if (commit_in_batch) {
    tail.push_back(store.checked_step_statement(p.step->version_ops.front(), m.revision, direction, checksum));
    tail.push_back({"COMMIT", {}});
  } else {
    tail = store.step_statements(p.step->version_ops, m.revision, direction, checksum);
  }
  auto version_table_changed = [&](const VersionOp& op, const std::string& found) {
    return Error(ErrorCode::version_table,
                 fmt::format("version table {} changed under this run: expected one row for '{}', found {} "
                             "(another tool wrote to it?); {} was rolled back",
                             store.tables().version, op.from.empty() ? op.to : op.from, found, m.revision));
  };
  auto roll_back = [&db] {
    try {
      db.execute("ROLLBACK");  // also after a failed COMMIT, which ended the transaction: then only a warning
    } catch (...) {  // a lost connection rolls back on its own
    }
  };
  // A failed batch: the error to report, and whether it was the version-row change.
  struct Failed {
    Error error;
    bool version_op = false;
  };
  for (int attempt = 1;; ++attempt) {
    std::vector<BatchStatement> batch = head;
    std::vector<int> lines;                  // the line of each migration statement in `batch`
    std::size_t first_statement = batch.size();
    std::size_t bytes = 0;
    bool in_transaction = false;             // an earlier batch of this attempt began it
    // Sends `batch`; on failure rolls back and returns what failed. `last`: it holds the tail.
    auto send = [&](bool last) -> std::optional<Failed> {
      auto outcome = db.execute_batch(batch);
      const std::size_t first_version_op = first_statement + lines.size();
      if (!outcome.failed) {
        in_transaction = true;
        if (last && !commit_in_batch) {
          for (std::size_t k = 0; k < p.step->version_ops.size(); ++k) {
            if (outcome.rows.at(first_version_op + k) != 1) {
              roll_back();
              throw version_table_changed(p.step->version_ops[k], std::to_string(outcome.rows[first_version_op + k]));
            }
          }
          db.execute("COMMIT");
        }
        batch.clear();
        lines.clear();
        first_statement = 0;
        bytes = 0;
        return std::nullopt;
      }
      const std::size_t i = *outcome.failed;
      if (in_transaction || i > 0) roll_back();
      in_transaction = false;
      // 22P02 with our text quoted in it (in whatever language the server speaks): the checked change.
      if (last && commit_in_batch && i == first_version_op && outcome.error->context().sqlstate == "22P02" &&
          std::string_view(outcome.error->what()).find(k_version_row_mismatch) != std::string_view::npos) {
        throw version_table_changed(p.step->version_ops.front(), "none or several");
      }
      if (i >= first_statement && i < first_version_op) {
        const Statement failed{batch[i].sql, lines[i - first_statement]};
        return Failed{in_migration(*outcome.error, m, &failed, dir), false};
      }
      return Failed{*outcome.error, last && i >= first_version_op};
    };
    std::optional<Failed> failed;
    try {
      p.statements.each([&](const Statement& s, std::size_t) {
        if (batch.size() > first_statement &&
            (batch.size() + 1 + tail.size() > k_batch_statements || bytes + s.sql.size() > k_batch_bytes)) {
          failed = send(false);
          if (failed) throw StopReading{};  // the rest of the section is not read
        }
        batch.push_back({s.sql, {}});
        lines.push_back(s.line);
        bytes += s.sql.size();
      });
      if (!failed) {
        for (const auto& t : tail) batch.push_back(t);
        failed = send(true);
        if (!failed) return;
      }
    } catch (const StopReading&) {
    } catch (...) {
      if (in_transaction) roll_back();  // reading the file failed part-way: nothing of this migration stays
      throw;
    }
    const Error& error = failed->error;
    // The transaction rolled back as a whole; running it again is safe. A kept plan that the
    // migration itself dropped (DEALLOCATE ALL; SQLSTATE 26000) is retried once at once: the driver
    // then sends the statement unprepared.
    if (attempt == 1 && failed->version_op && error.context().sqlstate == "26000") continue;
    if (lock_timeout.empty() || !is_lock_timeout(error) || attempt > options.lock_retries ||
        options.stop.stop_requested()) {
      throw cancelled_if_stopped(error, options);
    }
    back_off(options, attempt, m, error);
  }
}

} // namespace

std::vector<std::string> apply_version_ops(std::vector<std::string> heads, const std::vector<VersionOp>& ops) {
  for (const auto& op : ops) {
    auto at = op.from.empty() ? heads.end() : std::find(heads.begin(), heads.end(), op.from);
    if (op.to.empty()) {
      if (at != heads.end()) heads.erase(at);
    } else if (at != heads.end()) {
      *at = op.to;
    } else {
      heads.push_back(op.to);
    }
  }
  return heads;
}

RunError::RunError(const Error& cause, RunResult result)
    : Error(cause.code(), cause.what(), cause.context()), m_result(std::move(result)) {}

namespace {

/// The dialect's lexical rules, as the statement-boundary scanner needs them.
StatementSyntax syntax_of(const Dialect& dialect) {
  if (dialect.name() == "sqlite") {
    return StatementSyntax{.dollar_quotes = false, .nested_comments = false, .escape_strings = false,
                           .bracket_names = true, .begin_atomic = false};
  }
  return StatementSyntax{};
}

} // namespace

namespace {

void each_in_body(const Dialect& dialect, const MigrationBody& body, Direction dir,
                  const std::function<void(const Statement&, std::size_t)>& f) {
  const Migration& m = body.migration();
  const SectionKind section = dir == Direction::up ? SectionKind::up : SectionKind::down;
  if (!body.has(section)) return;
  StatementChunker chunker(body, section, syntax_of(dialect));
  std::string piece;
  int line = 0;
  std::size_t index = 0;
  for (;;) {
    if (!chunker.next(piece, line)) break;  // its errors (reading the file) name the file already
    std::vector<Statement> statements;
    try {
      statements = dialect.split(piece, line);
    } catch (const Error& e) {
      throw in_migration(e, m, nullptr, dir);
    }
    for (const auto& s : statements) f(s, index++);
  }
}

} // namespace

void for_each_statement(const Dialect& dialect, const Migration& m, Direction dir,
                        const std::function<void(const Statement&, std::size_t)>& f) {
  const MigrationBody body(m);  // its errors name the file already ("changed while retort was running")
  each_in_body(dialect, body, dir, f);
}

std::vector<Statement> statements_of(const Dialect& dialect, const Migration& m, Direction dir) {
  std::vector<Statement> out;
  for_each_statement(dialect, m, dir, [&out](const Statement& s, std::size_t) { out.push_back(s); });
  return out;
}

StepStatements::StepStatements(const Dialect& dialect, const Migration& m, Direction dir, std::uint64_t& keep_budget,
                               const std::function<void(const Statement&, std::size_t)>& check, std::size_t* open_budget)
    : m_dialect(&dialect), m_migration(&m), m_direction(dir) {
  auto body = std::make_unique<const MigrationBody>(m);
  // The section's size is known from the file only once it is opened: keep while reading, and
  // give up keeping (freeing what was kept) as soon as the section proves too large.
  const std::uint64_t limit = std::min(keep_budget, k_keep_section);
  std::uint64_t kept_bytes = 0;
  each_in_body(dialect, *body, dir, [&](const Statement& s, std::size_t k) {
    if (check) check(s, k);
    ++m_count;
    if (m_streamed) return;
    kept_bytes += s.sql.size();
    if (kept_bytes > limit) {
      m_streamed = true;
      m_kept = {};
      return;
    }
    m_kept.push_back(s);
  });
  if (!m_streamed) {
    keep_budget -= kept_bytes;
  } else if (open_budget != nullptr && *open_budget > 0) {
    // Read again through the same open file when used: it was checked unchanged once, and a file
    // replaced since does not matter (the open one is read). Without one, it is opened and checked again.
    --*open_budget;
    m_body = std::move(body);
  }
}

void StepStatements::each(const std::function<void(const Statement&, std::size_t)>& f) const {
  if (!m_streamed) {
    for (std::size_t k = 0; k < m_kept.size(); ++k) f(m_kept[k], k);
    return;
  }
  std::size_t count = 0;
  auto counted = [&](const Statement& s, std::size_t k) {
    ++count;
    f(s, k);
  };
  if (m_body) each_in_body(*m_dialect, *m_body, m_direction, counted);
  else for_each_statement(*m_dialect, *m_migration, m_direction, counted);
  if (count != m_count) {  // the file was checked unchanged: this would be a fault in reading it
    throw Error(ErrorCode::internal, fmt::format("{}: read {} statements, {} the first time", m_migration->file_name(),
                                                 count, m_count));
  }
}

MigrationLock::MigrationLock(Connection& db, const VersionStore& store, const Config& config, LockWaitObserver on_wait,
                             std::stop_token stop, std::optional<std::chrono::milliseconds> wait)
    : m_db(db),
      m_request{store.lock_name(), wait.value_or(config.lock_timeout), config.lock_mode, config.lock_lease, store.tables().lock,
                std::move(on_wait), std::move(stop)} {
  m_db.locker().lock(m_request);
}

MigrationLock::~MigrationLock() { m_db.locker().unlock(m_request); }

void require_down_sections(const RevisionGraph& graph, const Plan& plan) {
  for (const auto& step : plan.steps) {
    const Migration& m = graph[step.revision];
    if (step.direction == Direction::down && !m.has_down) {
      throw Error(ErrorCode::refused,
                  fmt::format("{}: revision {} has no '-- migrate:down' section, so it cannot be undone; nothing was "
                              "run (add a down section, or 'stamp' past it if you undo it by hand)",
                              m.file_name(), m.revision),
                  ErrorContext{.file = m.file, .revision = m.revision});
    }
  }
}

void refuse_if_dirty(const RevisionGraph& graph, VersionStore& store) {
  auto dirty = store.dirty();
  if (!dirty) return;
  auto i = graph.find(dirty->revision);
  std::string file = i == RevisionGraph::npos ? std::string("(file not in the folder)") : std::string(graph[i].file_name());
  std::string what = dirty->failed_line > 0
                         ? fmt::format("its statement at {}:{} failed: {}", file, dirty->failed_line, dirty->error)
                     : dirty->in_flight.value_or(0) > 0
                         ? fmt::format("the run stopped while statement {} ({}) was running (killed?); --resume asks the "
                                       "database whether it completed",
                                       *dirty->in_flight, dirty->in_flight_what)
                         : fmt::format("the run stopped after statement {} of {} (killed?)", dirty->statements_done,
                                       dirty->statements_total);
  throw Error(ErrorCode::refused,
              fmt::format("the database is dirty: 'transaction: none' migration {} ({}) stopped part-way, {} of {} "
                          "statements completed; {}.\nNothing was run. Fix the cause, then run one of:\n{}",
                          dirty->revision, dirty->direction, dirty->statements_done, dirty->statements_total, what,
                          k_ways_out),
              ErrorContext{.file = file,
                           .line = dirty->failed_line,
                           .revision = dirty->revision,
                           .sqlstate = dirty->sqlstate,
                           .detail = dirty->detail});
}

RunResult run_plan(const RevisionGraph& graph, Connection& db, VersionStore& store, Plan plan,
                   const RunOptions& options) {
  const Dialect& dialect = db.dialect();
  std::vector<Prepared> prepared;
  prepared.reserve(plan.steps.size());
  // Every migration's SQL is read and split once before anything runs, a window at a time: what
  // cannot run in a transaction is refused now, and each step knows its statement count. Small
  // sections are kept for the run; larger ones are read again from their files as they run.
  std::uint64_t keep_budget = StepStatements::k_keep_run;
  std::size_t open_budget = StepStatements::k_open_files;
  for (const auto& step : plan.steps) {
    Prepared p{&step, &graph[step.revision], {}, nullptr};
    const Migration& m = *p.migration;
    if (!m.code_version.empty()) {
      p.code = code_step(options, m, step.direction);  // refused here, before anything runs
      prepared.push_back(std::move(p));
      continue;
    }
    if (m.transaction == TransactionMode::none && options.atomic) {
      throw Error(ErrorCode::refused,
                  fmt::format("{}: revision {} is 'transaction: none', so the run cannot be --atomic; nothing was run",
                              m.file_name(), m.revision),
                  ErrorContext{.file = m.file, .revision = m.revision});
    }
    bool refusing = false;  // the check below threw: a refusal, not this step's parse error
    auto check = [&](const Statement& s, std::size_t) {
      if (m.transaction == TransactionMode::none) return;
      std::optional<std::string> conflict;
      try {
        conflict = dialect.transaction_conflict(s.sql);
      } catch (const Error& e) {
        refusing = true;
        throw in_migration(e, m, &s, step.direction);
      }
      if (conflict) {
        refusing = true;
        throw Error(ErrorCode::migration_file,
                    fmt::format("{}:{}: {}; mark the migration '-- transaction: none' (and keep such statements "
                                "alone in it). Nothing was run.",
                                m.file_name(), s.line, *conflict),
                    ErrorContext{.file = m.file, .line = s.line, .revision = m.revision, .statement = s.sql});
      }
    };
    try {
      p.statements = StepStatements(dialect, m, step.direction, keep_budget, check, &open_budget);
    } catch (const Error&) {
      if (refusing) throw;
      p.parse_error = std::current_exception();
    }
    prepared.push_back(std::move(p));
  }
  // Whether commits before the last may skip waiting for their WAL flush (docs/safety.md): only
  // when there is a last one to flush them, and the server would otherwise wait.
  bool defer_flush = false;
  if (!options.atomic && prepared.size() > 1 && !dialect.deferred_flush_statement().empty()) {
    auto rows = db.query(std::string(dialect.deferred_flush_helps_query()));
    defer_flush = !rows.empty() && !rows.front().empty() && rows.front().front() == "t";
  }
  RunResult result;
  result.heads_now = plan.heads_before;
  std::vector<StepDone> done;  // completed steps; kept unless the atomic run fails
  // A stop request cancels whatever statement runs now; the step's failure then ends the run.
  std::stop_callback cancel_on_stop(options.stop, [&db]() noexcept { db.cancel(); });
  std::optional<Transaction> whole_run;
  std::size_t index = 0;
  std::size_t statements_done = 0;
  const Prepared* current = nullptr;
  try {
    if (options.atomic) whole_run.emplace(db);
    for (const auto& p : prepared) {
      current = nullptr;
      const Migration& m = *p.migration;
      const Direction dir = p.step->direction;
      if (options.stop.stop_requested()) {
        throw Error(ErrorCode::cancelled, fmt::format("cancelled before {} started", m.revision));
      }
      current = &p;
      statements_done = 0;
      ++index;
      if (options.on_step) options.on_step(StepEvent{m, dir, false, std::chrono::milliseconds{0}, index, prepared.size()});
      if (p.parse_error) std::rethrow_exception(p.parse_error);
      const auto started = Clock::now();
      if (options.atomic) {
        for (const auto& s : dialect.timeout_statements(effective(m.lock_timeout, options.lock_timeout),
                                                        effective(m.statement_timeout, options.statement_timeout), true)) {
          db.execute(s);
        }
        if (p.code) run_code(db, m, *p.code, dir);
        p.statements.each([&](const Statement& s, std::size_t) { run_statement(db, m, s, dir); });
        finish_step(store, m, dir, p.step->version_ops, started);
      } else if (p.code) {
        Transaction tx(db);
        for (const auto& s : dialect.timeout_statements(effective(m.lock_timeout, options.lock_timeout),
                                                        effective(m.statement_timeout, options.statement_timeout), true)) {
          db.execute(s);
        }
        run_code(db, m, *p.code, dir);
        finish_step(store, m, dir, p.step->version_ops, started);
        tx.commit();
      } else if (m.transaction == TransactionMode::per_migration) {
        run_in_transaction(db, store, p, options, defer_flush && &p != &prepared.back());
      } else {
        store.dirty_begin(m.revision, dir == Direction::up ? "up" : "down", static_cast<int>(p.statements.size()));
        run_untransacted(db, store, m, dir, p.statements, 0, p.step->version_ops, options, started, statements_done);
      }
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
      done.push_back(StepDone{m.revision, dir, took});
      if (!options.atomic) {
        result.applied.push_back(done.back());
        result.heads_now = apply_version_ops(std::move(result.heads_now), p.step->version_ops);
      }
      if (options.on_step) options.on_step(StepEvent{m, dir, true, took, index, prepared.size()});
    }
    if (whole_run) whole_run->commit();
  } catch (const Error& raw) {
    const Error e = cancelled_if_stopped(raw, options);
    whole_run.reset();  // --atomic: everything done so far goes with it
    if (options.atomic) {
      result.rolled_back = std::move(done);
    }
    result.cancelled = e.code() == ErrorCode::cancelled;
    if (current != nullptr) {
      const Migration& m = *current->migration;
      const auto& ctx = e.context();
      StepFailure f;
      f.revision = m.revision;
      f.direction = current->step->direction;
      f.outcome = current->parse_error          ? StepOutcome::not_started
                  : options.atomic                ? StepOutcome::rolled_back
                  : m.transaction == TransactionMode::none ? StepOutcome::dirty
                                                           : StepOutcome::rolled_back;
      f.file = m.file;
      f.line = ctx.line;
      f.statement = ctx.statement;
      f.sqlstate = ctx.sqlstate;
      f.detail = ctx.detail;
      f.hint = ctx.hint;
      std::string message = e.what();
      f.message = message.substr(0, message.find('\n'));
      f.statements_done = static_cast<int>(statements_done);
      f.statements_total = static_cast<int>(current->statements.size());
      result.failure = std::move(f);
    }
    result.plan = std::move(plan);
    throw RunError(e, std::move(result));
  }
  result.plan = std::move(plan);
  if (options.atomic) {
    result.applied = std::move(done);
    result.heads_now = result.plan.heads_after;
  }
  return result;
}

std::vector<std::string> resume_dirty(const RevisionGraph& graph, Connection& db, VersionStore& store, const DirtyState& dirty,
                  const std::vector<VersionOp>& version_ops, const RunOptions& options) {
  const Migration& m = graph[graph.at(dirty.revision)];
  const Direction dir = dirty.direction == "down" ? Direction::down : Direction::up;
  // One pass over the file: the count, the statements already run checked against their hashes,
  // and the first one not yet run kept for the questions below.
  std::optional<Statement> next;
  std::optional<int> changed_line;
  const auto done_before = static_cast<std::size_t>(std::max(dirty.statements_done, 0));
  std::uint64_t keep_budget = StepStatements::k_keep_run;
  const StepStatements statements(db.dialect(), m, dir, keep_budget, [&](const Statement& s, std::size_t k) {
    if (k < done_before && k < dirty.statement_hashes.size() && !changed_line &&
        sha256_hex(s.sql) != dirty.statement_hashes[k]) {
      changed_line = s.line;
    }
    if (k == done_before) next = s;
  });
  if (statements.size() < done_before) {
    throw Error(ErrorCode::refused, fmt::format("{}: the file now has {} statements, fewer than the {} already run; "
                                                "resolve with --mark-applied or --rolled-back instead",
                                                m.file_name(), statements.size(), dirty.statements_done));
  }
  if (changed_line) {
    throw Error(ErrorCode::refused,
                fmt::format("{}:{}: this statement was already run, but the file has changed it since; resuming would "
                            "not do what was started. Resolve with --mark-applied or --rolled-back instead",
                            m.file_name(), *changed_line));
  }
  const auto started = Clock::now();
  if (options.on_step) options.on_step(StepEvent{m, dir, false, std::chrono::milliseconds{0}});
  auto from = static_cast<std::size_t>(dirty.statements_done);
  std::vector<std::string> notes;
  if (next) {
    const bool failed = dirty.failed_line > 0;
    const bool recorded_in_flight = dirty.in_flight == static_cast<int>(from + 1);
    if (recorded_in_flight && !dirty.in_flight_hash.empty() && sha256_hex(next->sql) != dirty.in_flight_hash) {
      throw Error(ErrorCode::refused,
                  fmt::format("{}:{}: this statement was running when the run stopped, but the file has changed it "
                              "since; resuming would not do what was started. Resolve with --mark-applied or "
                              "--rolled-back instead",
                              m.file_name(), next->line));
    }
    // Whether the next statement may have run: it was recorded in flight, or it failed, or the row
    // does not say (an earlier release, an offline script). If not, it never started: run it.
    const bool may_have_run = recorded_in_flight || failed || !dirty.in_flight.has_value();
    const auto alone = db.dialect().runs_alone(next->sql);
    if (may_have_run && alone) {
      auto settled = db.in_flight().settle(*next, failed);
      notes = std::move(settled.notes);
      if (settled.completed) {
        store.dirty_progress(m.revision, static_cast<int>(from + 1), sha256_hex(next->sql));
        ++from;
      } else if (!failed && notes.empty()) {
        notes.push_back(fmt::format("{}:{}: {} {} when the run stopped, and the catalog cannot say whether it "
                                    "completed; it runs again",
                                    m.file_name(), next->line, *alone,
                                    recorded_in_flight ? "had started" : "may have been running"));
      }
    }
  }
  std::stop_callback cancel_on_stop(options.stop, [&db]() noexcept { db.cancel(); });
  std::size_t done = 0;
  run_untransacted(db, store, m, dir, statements, from, version_ops, options, started, done);
  if (options.on_step) {
    options.on_step(StepEvent{m, dir, true, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)});
  }
  return notes;
}

} // namespace retort
