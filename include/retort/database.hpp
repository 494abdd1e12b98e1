// retort/database.hpp — the one interface every dialect driver implements.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <stop_token>
#include <string_view>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace retort {

/// One SQL statement cut out of a migration, with the file line it starts on.
struct Statement {
  std::string sql;
  int line = 0;
};

using Value = std::optional<std::string>;  ///< a column value or a bound parameter; nullopt is NULL
using Row = std::vector<Value>;

/// What a dialect knows without a connection: quoting, parameters, splitting, its own DDL.
class Dialect {
public:
  virtual ~Dialect() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  [[nodiscard]] virtual std::string quote_ident(std::string_view ident) const = 0;
  /// "schema"."name", or just "name" when schema is empty.
  [[nodiscard]] std::string qualify(std::string_view schema, std::string_view name) const;
  /// 'text' as a SQL string literal (quotes doubled); for offline scripts only — live SQL binds values.
  [[nodiscard]] std::string quote_literal(std::string_view text) const;
  /// The n-th (1-based) bound parameter: $1 for PostgreSQL, ?1 for SQLite.
  [[nodiscard]] virtual std::string placeholder(int n) const = 0;
  /// Splits `sql` (which starts on file line `first_line`) with the dialect's own parser.
  /// Throws Error(ErrorCode::migration_file) with the line of a statement that does not parse.
  [[nodiscard]] virtual std::vector<Statement> split(std::string_view sql, int first_line) const = 0;
  /// CREATE TABLE statements for the version, history and dirty-state tables (idempotent), in that order.
  [[nodiscard]] virtual std::vector<std::string> version_tables_ddl(const std::string& version_table,
                                                                    const std::string& history_table,
                                                                    const std::string& dirty_table) const = 0;
  /// Why `statement` cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) or
  /// must not appear in a migration that retort wraps in one (BEGIN, COMMIT…); nullopt when it can.
  /// Throws Error(ErrorCode::migration_file) when the statement does not parse.
  [[nodiscard]] virtual std::optional<std::string> transaction_conflict(std::string_view statement) const = 0;
  /// For a statement of a `transaction: none` migration: why it must run on its own, outside any
  /// transaction (CREATE INDEX CONCURRENTLY, VACUUM, CALL of a procedure that may COMMIT, SQLite's
  /// PRAGMA…), or nullopt when it can run inside a transaction together with its progress record,
  /// so that the two commit or vanish together (docs/safety.md). Never throws: a statement the
  /// dialect's parser does not read runs on its own.
  [[nodiscard]] virtual std::optional<std::string> runs_alone(std::string_view statement) const = 0;
  /// Statements that set lock_timeout/statement_timeout for the current transaction (`local`) or
  /// session; empty where the dialect has no such settings. Empty values are skipped.
  [[nodiscard]] virtual std::vector<std::string> timeout_statements(const std::string& lock_timeout,
                                                                    const std::string& statement_timeout,
                                                                    bool local) const = 0;
  /// A query returning one row: the session's lock_timeout and statement_timeout as they are now
  /// (to be put back with timeout_statements); empty where the dialect has no such settings.
  [[nodiscard]] virtual std::string_view timeouts_query() const = 0;
  /// The current-time expression for the history row.
  [[nodiscard]] virtual std::string_view now_expression() const = 0;
  /// Milliseconds since the current transaction began, as an SQL expression.
  [[nodiscard]] virtual std::string_view elapsed_ms_expression() const = 0;
  /// Who runs an offline script, as an SQL expression (PostgreSQL: current_user).
  [[nodiscard]] virtual std::string_view current_user_expression() const = 0;
  /// Whether one statement can change a table in a WITH clause and check the result (PostgreSQL's
  /// data-modifying WITH): a run then records a step in one statement and commits in the same round trip.
  [[nodiscard]] virtual bool has_data_modifying_with() const = 0;
  /// A statement that lets the current transaction's commit return before its WAL is flushed
  /// (PostgreSQL: SET LOCAL synchronous_commit = off); empty where the dialect has none. A run sends
  /// it in every migration but its last, whose flush then covers them all (docs/safety.md).
  [[nodiscard]] virtual std::string_view deferred_flush_statement() const = 0;
  /// A query answering whether deferred_flush_statement() would change anything for this session
  /// ('t' or 'f'); a server already running with synchronous_commit off gains nothing from it.
  [[nodiscard]] virtual std::string_view deferred_flush_helps_query() const = 0;
};

/// Another run holds the migration lock and this one is waiting for it.
struct LockWait {
  std::string key;                    ///< the lock's name (or the lease table, the lock file)
  std::string holder;                 ///< who holds it, as the server or the lock file says; empty when unknown
  std::chrono::milliseconds timeout;  ///< how long this run will wait
};
using LockWaitObserver = std::function<void(const LockWait&)>;

/// What the migration lock is and how long to wait for it.
struct LockRequest {
  std::string key;                        ///< names the lock: the version table, schema-qualified
  /// How long to wait for another holder. Zero is a single try whose refusal does not name the
  /// holder (naming it is a catalog query; a caller that tries often looks again by other means).
  std::chrono::milliseconds timeout;
  LockMode mode = LockMode::advisory;
  std::chrono::milliseconds lease{30000}; ///< lease mode: a holder that stops heartbeating loses it after this
  std::string lease_table;                ///< lease mode: the quoted, qualified lock table
  LockWaitObserver on_wait;               ///< told once, when the first try finds the lock taken (with its holder)
  std::stop_token stop;                   ///< a stop request ends the wait: Error(ErrorCode::cancelled)
};

/// One statement of a batch, with bound parameters.
struct BatchStatement {
  std::string sql;
  std::vector<Value> params;
  /// The driver may keep this statement's plan for the rest of the connection (PostgreSQL: a named
  /// prepared statement): for a statement a run sends many times with other values. Not behind a
  /// transaction-pooling PgBouncer, where the next transaction may reach another server connection.
  bool keep_plan = false;
};

/// What a batch did: rows returned by each statement that ran; on failure, which one failed.
struct BatchOutcome {
  std::vector<std::size_t> rows;       ///< one count per statement that completed
  std::optional<std::size_t> failed;   ///< index of the statement that failed (the rest did not run)
  std::optional<Error> error;          ///< its error, as execute() would have thrown it
};

/// What a resume learned about a statement that had started, alone, when a run stopped.
struct InFlightOutcome {
  bool completed = false;          ///< the catalog shows it done: record it, do not run it again
  std::vector<std::string> notes;  ///< what was found and cleaned up, for the user
};

/// The migration lock: one run at a time per version table, on the session of the connection that
/// owns it (Connection::locker()).
class MigrationLocker {
public:
  virtual ~MigrationLocker() = default;
  /// Takes the lock, polling without blocking inside a statement, until request.timeout.
  /// Throws Error(ErrorCode::lock_timeout) naming who holds it when it can, and
  /// Error(ErrorCode::cancelled) when request.stop is requested while waiting.
  virtual void lock(const LockRequest& request) = 0;
  /// Releases the lock; never throws.
  virtual void unlock(const LockRequest& request) noexcept = 0;
};

/// What a resume asks the catalog about a statement that had started, alone, when a run stopped
/// (docs/safety.md, "Exactly once"), on the session of the connection that owns it
/// (Connection::in_flight()).
class InFlightSettler {
public:
  virtual ~InFlightSettler() = default;
  /// `statement` (one the dialect runs_alone) had started when a run stopped, and its end was not
  /// recorded. Asks the catalog whether it completed (an index that exists and is valid, a dropped
  /// index that is gone, a partition no longer attached); removes what a half-run left (an INVALID
  /// index, REINDEX's _ccnew copies) so that it can run again, or finishes it (DETACH … FINALIZE).
  /// `failed`: the run recorded its failure, so it did not complete and only the clean-up is done.
  /// Kinds the catalog cannot answer (VACUUM, ALTER SYSTEM) come back as not completed: run again.
  /// Throws as Connection::query() does.
  virtual InFlightOutcome settle(const Statement& statement, bool failed) = 0;
};

/// A live connection: statements and queries. Its other jobs are objects of their own on the same
/// session: the migration lock (locker()), resume's questions to the catalog (in_flight()) and
/// reading the schema (introspector_for(), retort/introspect.hpp). Every failure is thrown as Error: ErrorCode::sql_failed with SQLSTATE,
/// detail and hint for statements, ErrorCode::connection for a lost or refused connection.
class Connection {
public:
  virtual ~Connection() = default;
  [[nodiscard]] virtual const Dialect& dialect() const = 0;

  /// Runs one statement (or several, separated by ';', where the dialect allows) without results.
  virtual void execute(const std::string& sql) = 0;
  /// Runs one statement with bound parameters and returns its rows as text.
  virtual std::vector<Row> query(const std::string& sql, const std::vector<Value>& params = {}) = 0;

  /// Runs statements in order, stopping at the first failure, which is returned rather than thrown.
  /// PostgreSQL sends them all in one round trip (libpq pipeline mode); the default runs them one by one.
  virtual BatchOutcome execute_batch(const std::vector<BatchStatement>& statements);

  /// Runs read-only queries in order and returns each one's rows. PostgreSQL sends them all in one
  /// round trip (pipeline mode); the default runs them one by one. Throws the first failure as query() does.
  virtual std::vector<std::vector<Row>> query_batch(const std::vector<BatchStatement>& queries);

  /// Whether a table exists; `schema` empty means the default search path.
  virtual bool table_exists(std::string_view schema, std::string_view table) = 0;
  /// Whether each of `tables` exists, in one round trip where the dialect can (default: one by one).
  virtual std::vector<bool> tables_exist(std::string_view schema, const std::vector<std::string>& tables);
  /// Column names of a table, in order (empty when the table does not exist).
  virtual std::vector<std::string> table_columns(std::string_view schema, std::string_view table) = 0;

  /// The migration lock on this session (owned by the connection).
  virtual MigrationLocker& locker() = 0;

  /// Asks the server to stop the statement this connection is running now; callable from any
  /// thread while another uses the connection. The statement then fails as any failure does
  /// (PostgreSQL: SQLSTATE 57014, via libpq's cancel request; SQLite: sqlite3_interrupt). Does
  /// nothing when no statement runs; never throws. The default does nothing.
  virtual void cancel() noexcept {}

  /// Resume's questions to the catalog, on this session (owned by the connection).
  virtual InFlightSettler& in_flight() = 0;

  /// Who is applying: the database user (and host name where known), for the history table.
  virtual std::string applied_by() = 0;
  /// A one-line description for messages: the masked url.
  [[nodiscard]] virtual std::string describe() const = 0;
};

/// What a command will do with the connection it opens.
enum class Access {
  read,   ///< reads only: a SQLite file is opened read-only and never created (a missing one is an error)
  write,  ///< may write: a SQLite file is created when missing; a read-only file or folder is refused first
};

/// Opens a connection for a url (see url.hpp). A pgtemp:// url starts a private cluster that lives
/// as long as the connection. Throws Error(ErrorCode::connection) with a masked message naming the
/// host, port, database and user libpq tried; for SQLite, Error(ErrorCode::connection) for a
/// missing file with Access::read and Error(ErrorCode::io) for a read-only file or folder with
/// Access::write, naming the path, before anything is written.
std::unique_ptr<Connection> connect(const std::string& url, Access mode = Access::write);

/// The dialect for a url, without connecting (offline mode, revision scripts).
const Dialect& dialect_for(const std::string& url);

/// A transaction that rolls back unless committed; its destructor never throws.
class Transaction {
public:
  explicit Transaction(Connection& connection);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

private:
  Connection& m_connection;
  bool m_open = true;
};

} // namespace retort
