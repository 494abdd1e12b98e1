#include "driver/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <cstring>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/poll.hpp"
#include "core/sha256.hpp"
#include "pgquery/inspect.hpp"
#include "retort/error.hpp"
#include "retort/temp_cluster.hpp"
#include "retort/url.hpp"

namespace retort {
namespace {

std::string field(const PGresult* r, int code) {
  const char* v = PQresultErrorField(r, code);
  return v == nullptr ? std::string() : std::string(v);
}

constexpr std::string_view k_undefined_prepared_statement = "26000";

// Waiting for the migration lock: 20 ms, doubling up to 500 ms (docs/safety.md).
constexpr std::chrono::milliseconds k_first_poll{20}, k_longest_poll{500};

/// to_regclass of `$1.$<table_param>` (or of `$<table_param>` alone on the search path when $1 is '').
std::string regclass_of(int table_param) {
  return fmt::format("to_regclass(CASE WHEN $1 = '' THEN quote_ident(${0}) ELSE quote_ident($1) || '.' || quote_ident(${0}) END)",
                     table_param);
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

/// The advisory lock key for a name: the first 8 bytes of its SHA-256, as a signed 64-bit integer.
std::string lock_key(std::string_view name) {
  auto hex = sha256_hex(name).substr(0, 16);
  auto value = static_cast<std::int64_t>(std::stoull(hex, nullptr, 16));
  return std::to_string(value);
}

} // namespace

void PgFinish::operator()(pg_conn* conn) const noexcept { PQfinish(conn); }
void PgClear::operator()(pg_result* result) const noexcept { PQclear(result); }

PgConnection::PgConnection(const std::string& url, std::unique_ptr<TempCluster> cluster)
    : m_cluster(std::move(cluster)), m_url(url), m_masked_url(mask_url(url)), m_password(url_password(url)) {
  // Others see retort's sessions in pg_stat_activity (and in a waiting run's message) as 'retort',
  // unless the url names an application_name of its own.
  const char* keywords[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {url.c_str(), "retort", nullptr};
  m_conn.reset(PQconnectdbParams(keywords, values, 1));
  if (!m_conn) throw Error(ErrorCode::connection, "out of memory while connecting");
  if (PQstatus(m_conn.get()) != CONNECTION_OK) {
    std::string message = trim_newline(PQerrorMessage(m_conn.get()));
    // What libpq tried, defaults and PG* variables included, so the reader can see which part is wrong.
    auto part = [](const char* v) { return v != nullptr && *v != '\0' ? std::string(v) : std::string("(default)"); };
    pg_conn* c = m_conn.get();
    throw Error(ErrorCode::connection,
                redact(fmt::format("cannot connect to database '{}' on host '{}' port {} as user '{}' (url {}): {}",
                                   part(PQdb(c)), part(PQhost(c)), part(PQport(c)), part(PQuser(c)), m_masked_url, message),
                       m_password));
  }
  PQsetNoticeProcessor(m_conn.get(), [](void*, const char*) {}, nullptr);
  m_cancel.reset(PQgetCancel(m_conn.get()));
}

void PgFreeCancel::operator()(pg_cancel* cancel) const noexcept { PQfreeCancel(cancel); }

void PgConnection::cancel() noexcept {
  // PQcancel is safe from another thread while this connection is in use (libpq's documentation);
  // the server answers by failing the running statement with SQLSTATE 57014.
  if (!m_cancel) return;
  char message[256];
  (void)PQcancel(m_cancel.get(), message, sizeof message);
}

/// Extends a lease every third of its length, from its own connection (the main one is busy
/// running migrations), until stopped.
class PgConnection::LeaseHeartbeat {
public:
  LeaseHeartbeat(const std::string& url, std::string table, std::string owner, std::chrono::milliseconds lease)
      : m_db(url), m_table(std::move(table)), m_owner(std::move(owner)), m_lease(lease),
        m_thread([this] { run(); }) {}
  ~LeaseHeartbeat() {
    {
      std::lock_guard<std::mutex> guard(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> guard(m_mutex);
    while (!m_wake.wait_for(guard, m_lease / 3, [this] { return m_stop; })) {
      try {
        auto rows = m_db.query(fmt::format("UPDATE {} SET heartbeat_at = clock_timestamp(), expires_at = clock_timestamp() "
                                           "+ $1::bigint * interval '1 millisecond' WHERE id = 1 AND owner = $2 RETURNING 1",
                                           m_table),
                               {std::to_string(m_lease.count()), m_owner});
        if (rows.empty()) return;  // lost (expired and taken): nothing left to extend
      } catch (...) {  // a failed heartbeat is retried at the next beat; the lease covers the gap
      }
    }
  }

  PgConnection m_db;
  std::string m_table, m_owner;
  std::chrono::milliseconds m_lease;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses
};

PgConnection::~PgConnection() = default;

std::unique_ptr<PgConnection> PgConnection::connect_again() const { return std::make_unique<PgConnection>(m_url); }

bool PgConnection::in_transaction() const { return PQtransactionStatus(m_conn.get()) != PQTRANS_IDLE; }

int PgConnection::server_version() const { return PQserverVersion(m_conn.get()); }

namespace {

[[noreturn]] void throw_result_error(pg_conn* conn, const PGresult* r, const std::string& sql, const std::string& password) {
  if (PQstatus(conn) != CONNECTION_OK) {
    throw Error(ErrorCode::connection,
                redact(fmt::format("lost the connection to the server: {}", trim_newline(PQerrorMessage(conn))), password));
  }
  ErrorContext ctx;
  ctx.sqlstate = r ? field(r, PG_DIAG_SQLSTATE) : "";
  ctx.detail = redact(r ? field(r, PG_DIAG_MESSAGE_DETAIL) : "", password);
  ctx.hint = r ? field(r, PG_DIAG_MESSAGE_HINT) : "";
  ctx.statement = sql;
  std::string message = r ? field(r, PG_DIAG_MESSAGE_PRIMARY) : "";
  if (message.empty()) message = trim_newline(PQerrorMessage(conn));
  if (ctx.sqlstate == "42501") {  // insufficient_privilege: the server names the object, not who asked where
    message += fmt::format(" (role '{}', database '{}')", PQuser(conn), PQdb(conn));
    if (ctx.hint.empty()) {
      ctx.hint = fmt::format("grant role '{}' the privilege on that object, or connect as a role that has it (its owner)",
                             PQuser(conn));
    }
  }
  throw Error(ErrorCode::sql_failed, redact(message, password), ctx);
}

} // namespace

void PgConnection::execute(const std::string& sql) {
  PgResultPtr r(PQexec(m_conn.get(), sql.c_str()));
  auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    throw_result_error(m_conn.get(), r.get(), sql, m_password);
  }
}

namespace {

std::vector<Row> rows_of(const PGresult* r) {
  std::vector<Row> rows;
  int n = PQntuples(r), cols = PQnfields(r);
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Row row;
    row.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(r, i, c)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c))));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace

std::vector<Row> PgConnection::query(const std::string& sql, const std::vector<Value>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PgResultPtr r(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                             nullptr, 0));
  auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(m_conn.get(), r.get(), sql, m_password);
  return rows_of(r.get());
}

bool PgConnection::fits_one_pipeline(const std::vector<BatchStatement>& statements) const {
  // Pipeline mode sends everything before reading anything. Keep batches small enough that
  // neither side's socket buffer can fill while the other waits; larger ones go one by one.
  std::size_t bytes = 0;
  for (const auto& s : statements) bytes += s.sql.size();
  return statements.size() <= 200 && bytes <= (256u << 10);
}

BatchOutcome PgConnection::pipeline(const std::vector<BatchStatement>& statements,
                                    const std::function<void(std::size_t, PgResultPtr&)>& on_rows) {
  if (PQenterPipelineMode(m_conn.get()) != 1) throw Error(ErrorCode::internal, "cannot enter libpq pipeline mode");
  BatchOutcome outcome;
  auto fail_connection = [&] {
    throw Error(ErrorCode::connection,
                redact(fmt::format("lost the connection to the server: {}", trim_newline(PQerrorMessage(m_conn.get()))), m_password));
  };
  // The results to read, in order: each statement's, and before a kept-plan statement's first use,
  // its preparation's.
  struct Expected {
    std::size_t statement;
    std::string prepared_name;  ///< non-empty: the result of preparing the statement under this name
  };
  std::vector<Expected> expected;
  std::unordered_map<std::string, std::string> preparing;  // prepared in this pipeline: sql → name
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const auto& s = statements[i];
    std::vector<const char*> values;
    for (const auto& p : s.params) values.push_back(p ? p->c_str() : nullptr);
    const int n = static_cast<int>(values.size());
    int sent = 0;
    if (s.keep_plan && !m_plans_lost) {
      std::string name;
      if (auto kept = m_plans.find(s.sql); kept != m_plans.end()) {
        name = kept->second;
      } else if (auto now = preparing.find(s.sql); now != preparing.end()) {
        name = now->second;
      } else {
        name = fmt::format("retort_plan_{}", ++m_plan_count);
        if (PQsendPrepare(m_conn.get(), name.c_str(), s.sql.c_str(), n, nullptr) != 1) {
          PQexitPipelineMode(m_conn.get());
          fail_connection();
        }
        preparing.emplace(s.sql, name);
        expected.push_back({i, name});
      }
      sent = PQsendQueryPrepared(m_conn.get(), name.c_str(), n, values.data(), nullptr, nullptr, 0);
    } else {
      sent = PQsendQueryParams(m_conn.get(), s.sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0);
    }
    if (sent != 1) {
      PQexitPipelineMode(m_conn.get());
      fail_connection();
    }
    expected.push_back({i, {}});
  }
  if (PQpipelineSync(m_conn.get()) != 1) fail_connection();
  for (const auto& e : expected) {
    PgResultPtr r(PQgetResult(m_conn.get()));
    if (!r) fail_connection();
    auto status = PQresultStatus(r.get());
    if (status == PGRES_PIPELINE_ABORTED) {
      // skipped after an earlier failure
    } else if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (!e.prepared_name.empty()) {
        m_plans.emplace(statements[e.statement].sql, e.prepared_name);
      } else {
        outcome.rows.push_back(static_cast<std::size_t>(PQntuples(r.get())));
        if (on_rows) on_rows(e.statement, r);
      }
    } else if (!outcome.failed) {
      outcome.failed = e.statement;
      try {
        throw_result_error(m_conn.get(), r.get(), statements[e.statement].sql, m_password);
      } catch (const Error& error) {
        outcome.error = error;
      }
      if (statements[e.statement].keep_plan && outcome.error->context().sqlstate == k_undefined_prepared_statement) {
        // Something in the session dropped our plans (DEALLOCATE ALL in a migration): from now on
        // this connection sends such statements unprepared; the caller may run the batch again.
        m_plans.clear();
        m_plans_lost = true;
      }
    }
    while (PgResultPtr(PQgetResult(m_conn.get()))) {  // the NULL that ends each statement's results
    }
  }
  PgResultPtr sync(PQgetResult(m_conn.get()));  // PGRES_PIPELINE_SYNC
  if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) fail_connection();
  if (PQexitPipelineMode(m_conn.get()) != 1) fail_connection();
  return outcome;
}

BatchOutcome PgConnection::execute_batch(const std::vector<BatchStatement>& statements) {
  if (!fits_one_pipeline(statements)) return Connection::execute_batch(statements);
  return pipeline(statements, nullptr);
}

std::vector<std::vector<Row>> PgConnection::query_batch(const std::vector<BatchStatement>& queries) {
  if (!fits_one_pipeline(queries)) return Connection::query_batch(queries);
  std::vector<std::vector<Row>> out(queries.size());
  auto outcome = pipeline(queries, [&out](std::size_t i, PgResultPtr& r) { out[i] = rows_of(r.get()); });
  if (outcome.error) throw *outcome.error;
  return out;
}

void PgConnection::query_batch_each(const std::vector<BatchStatement>& queries,
                                    const std::function<void(std::size_t, PgResultPtr&)>& arrived) {
  auto outcome = pipeline(queries, arrived);
  if (outcome.error) throw *outcome.error;
}

bool PgConnection::table_exists(std::string_view schema, std::string_view table) {
  return tables_exist(schema, {std::string(table)}).at(0);
}

std::vector<bool> PgConnection::tables_exist(std::string_view schema, const std::vector<std::string>& tables) {
  if (tables.empty()) return {};
  std::string sql = "SELECT ";
  std::vector<Value> params{std::string(schema)};
  for (std::size_t i = 0; i < tables.size(); ++i) {
    sql += fmt::format("{}{} IS NOT NULL", i == 0 ? "" : ", ", regclass_of(static_cast<int>(i) + 2));
    params.emplace_back(tables[i]);
  }
  auto rows = query(sql, params);
  std::vector<bool> out;
  for (std::size_t i = 0; i < tables.size(); ++i) out.push_back(rows.at(0).at(i) == "t");
  return out;
}

std::vector<std::string> PgConnection::table_columns(std::string_view schema, std::string_view table) {
  auto rows = query(fmt::format("SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attnum > 0 AND NOT "
                                "attisdropped ORDER BY attnum",
                                regclass_of(2)),
                    {std::string(schema), std::string(table)});
  std::vector<std::string> out;
  for (auto& r : rows) out.push_back(r.at(0).value_or(""));
  return out;
}

void PgConnection::lock(const LockRequest& request) {
  if (PQserverVersion(m_conn.get()) >= 140000) {
    // A killed retort must not hold the lock (and its transaction) until a long statement ends:
    // the server checks every second that we are still there.
    execute("SET client_connection_check_interval = '1s'");
  }
  if (request.mode == LockMode::lease) lock_lease(request);
  else lock_advisory(request);
}

void PgConnection::lock_lease(const LockRequest& request) {
  try {
    execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (id integer PRIMARY KEY CHECK (id = 1), owner text NOT NULL, "
                        "host text NOT NULL, pid integer NOT NULL, acquired_at timestamptz NOT NULL, "
                        "heartbeat_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)",
                        request.lease_table));
  } catch (const Error& e) {
    // two runs creating the table at once: the loser sees a duplicate; the table is there either way
    if (e.context().sqlstate != "23505" && e.context().sqlstate != "42P07") throw;
  }
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  m_lease_owner = fmt::format("{}:{}:{:08x}", host, getpid(), rd());
  const std::string take = fmt::format(
      "INSERT INTO {0} AS l (id, owner, host, pid, acquired_at, heartbeat_at, expires_at) VALUES (1, $1, $2, $3, "
      "clock_timestamp(), clock_timestamp(), clock_timestamp() + $4::bigint * interval '1 millisecond') "
      "ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, host = EXCLUDED.host, pid = EXCLUDED.pid, "
      "acquired_at = EXCLUDED.acquired_at, heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at "
      "WHERE l.expires_at < clock_timestamp() RETURNING owner",
      request.lease_table);
  const std::vector<Value> values{m_lease_owner, std::string(host), std::to_string(getpid()), std::to_string(request.lease.count())};
  auto holder = [&]() -> std::string {
    auto rows = query(fmt::format("SELECT owner, host, pid::text, heartbeat_at::text, expires_at::text FROM {} WHERE id = 1",
                                  request.lease_table),
                      {});
    if (rows.empty()) return {};
    return fmt::format("{} on host {}, pid {}; last heartbeat {}, expires {} unless renewed", *rows[0][0], *rows[0][1],
                       *rows[0][2], *rows[0][3], *rows[0][4]);
  };
  auto outcome = poll_until(
      std::chrono::steady_clock::now() + request.timeout, k_first_poll, k_longest_poll,
      [&] { return !query(take, values).empty(); }, request.stop,
      [&] {
        if (request.on_wait) request.on_wait(LockWait{request.lease_table, holder(), request.timeout});
      });
  if (outcome == PollResult::acquired) {
    m_heartbeat = std::make_unique<LeaseHeartbeat>(m_url, request.lease_table, m_lease_owner, request.lease);
    return;
  }
  m_lease_owner.clear();
  if (outcome == PollResult::stopped) {
    throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting for the lease on {}; nothing was run", request.lease_table));
  }
  auto who = holder();
  throw Error(ErrorCode::lock_timeout,
              fmt::format("another migration run holds the lease on {}{}; gave up after {} ms (raise --lock-timeout "
                          "or wait for it to finish)",
                          request.lease_table, who.empty() ? std::string() : " (held by " + who + ")",
                          request.timeout.count()));
}

void PgConnection::lock_advisory(const LockRequest& request) {
  const std::string& name = request.key;
  const auto timeout = request.timeout;
  const std::string key = lock_key(name);
  auto holder = [&]() -> std::string {
    auto rows = query("SELECT a.pid::text, coalesce(a.usename::text, ''), coalesce(a.application_name, ''), "
                      "coalesce(a.client_addr::text, 'local'), coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') "
                      "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                      "WHERE l.locktype = 'advisory' AND l.granted AND "
                      "((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint AND l.objsubid = 1",
                      {key});
    if (rows.empty()) return {};
    return fmt::format("pid {}, user {}, application '{}', from {}, connected since {}", *rows[0][0], *rows[0][1],
                       *rows[0][2], *rows[0][3], *rows[0][4]);
  };
  // pg_try_advisory_lock returns at once: a waiter never sits inside a statement holding a snapshot
  // (which would block CREATE INDEX CONCURRENTLY in the holder's migration).
  auto outcome = poll_until(
      std::chrono::steady_clock::now() + timeout, k_first_poll, k_longest_poll,
      [&] { return query("SELECT pg_try_advisory_lock($1::bigint)", {key}).at(0).at(0) == "t"; }, request.stop,
      [&] {
        if (request.on_wait) request.on_wait(LockWait{name, holder(), timeout});
      });
  if (outcome == PollResult::acquired) return;
  if (outcome == PollResult::stopped) {
    throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting for the migration lock on {}; nothing was run", name));
  }
  auto who = holder();
  throw Error(ErrorCode::lock_timeout,
              fmt::format("another migration run holds the lock on {}{}; gave up after {} ms (raise --lock-timeout "
                          "or wait for it to finish)",
                          name, who.empty() ? std::string() : " (held by " + who + ")", timeout.count()));
}

void PgConnection::unlock(const LockRequest& request) noexcept {
  try {
    if (request.mode == LockMode::lease) {
      m_heartbeat.reset();
      if (!m_lease_owner.empty()) {
        query(fmt::format("DELETE FROM {} WHERE id = 1 AND owner = $1", request.lease_table), {m_lease_owner});
      }
      m_lease_owner.clear();
    } else {
      query("SELECT pg_advisory_unlock($1::bigint)", {lock_key(request.key)});
    }
  } catch (...) {  // an advisory lock goes with the session; a lease expires
  }
}

namespace {

/// A qualified name as one text for to_regclass and messages: "s"."n", or "n" alone.
std::string quoted(const pgquery::QualifiedName& n) {
  auto q = [](const std::string& part) {
    std::string out = "\"";
    for (char c : part) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + '"';
  };
  return n.schema.empty() ? q(n.name) : q(n.schema) + "." + q(n.name);
}

} // namespace

InFlightOutcome PgConnection::settle_in_flight(const Statement& statement, bool failed) {
  pgquery::StatementFacts facts;
  try {
    facts = pgquery::inspect(statement.sql);
  } catch (const Error&) {
    return {};
  }
  const std::string how = failed ? "failed" : "interrupted";
  InFlightOutcome out;
  // Drops INVALID indexes (found by `sql`, which returns their quoted names) concurrently, as the
  // statement itself would have built or dropped them.
  auto drop_invalid = [&](const std::string& sql, const std::vector<Value>& params, const std::string& left_by) {
    for (auto& row : query(sql, params)) {
      execute("DROP INDEX CONCURRENTLY IF EXISTS " + *row.at(0));
      out.notes.push_back(fmt::format("dropped the INVALID index {} left by the {} {}", *row.at(0), how, left_by));
    }
  };
  if (facts.kind == "IndexStmt" && facts.no_transaction) {
    if (facts.index_name.empty()) {
      if (!failed) {
        out.notes.push_back("the interrupted CREATE INDEX CONCURRENTLY names no index, so the catalog cannot say "
                            "whether it completed; it runs again (name the index to make this exact)");
      }
      return out;
    }
    // The index lives in its table's schema; one of that name on another table is not this one.
    auto rows = query("SELECT i.indisvalid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                      "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE c.relname = $1 AND i.indrelid = to_regclass($2)",
                      {facts.index_name, quoted(facts.relation)});
    if (rows.empty()) {
      if (!failed) {
        out.notes.push_back(fmt::format("CREATE INDEX CONCURRENTLY {} had not created its index when the run stopped: "
                                        "it runs again",
                                        facts.index_name));
      }
      return out;
    }
    if (*rows[0].at(0) == "t") {
      if (!failed) {
        out.completed = true;
        out.notes.push_back(fmt::format("CREATE INDEX CONCURRENTLY {} had completed on the server (the index is valid): "
                                        "recorded as done, not run again",
                                        *rows[0].at(1)));
      }
      return out;
    }
    execute("DROP INDEX CONCURRENTLY IF EXISTS " + *rows[0].at(1));
    out.notes.push_back(fmt::format("dropped the INVALID index {} left by the {} CREATE INDEX CONCURRENTLY", *rows[0].at(1), how));
    return out;
  }
  if (facts.kind == "DropStmt" && facts.no_transaction) {
    auto rows = query("SELECT to_regclass($1) IS NULL", {quoted(facts.object)});
    if (failed) return out;
    if (rows.at(0).at(0) == "t") {
      out.completed = true;
      out.notes.push_back(fmt::format("DROP INDEX CONCURRENTLY {} had completed on the server (the index is gone): "
                                      "recorded as done, not run again",
                                      quoted(facts.object)));
    } else {
      out.notes.push_back(fmt::format("DROP INDEX CONCURRENTLY {}: the index is still there, so it runs again",
                                      quoted(facts.object)));
    }
    return out;
  }
  if (facts.kind == "AlterTableStmt" && facts.no_transaction) {  // DETACH PARTITION … CONCURRENTLY
    if (server_version() < 140000) return out;  // no such statement (nor pg_inherits.inhdetachpending) before 14
    auto rows = query("SELECT to_regclass($2) IS NOT NULL, (SELECT i.inhdetachpending::text FROM pg_catalog.pg_inherits i "
                      "WHERE i.inhrelid = to_regclass($2) AND i.inhparent = to_regclass($1))",
                      {quoted(facts.relation), quoted(facts.object)});
    const bool exists = rows.at(0).at(0) == "t";
    const Value& pending = rows.at(0).at(1);
    if (exists && pending == "true") {
      // Its first transaction committed: only FINALIZE can finish it (running it again is refused).
      execute(fmt::format("ALTER TABLE {} DETACH PARTITION {} FINALIZE", quoted(facts.relation), quoted(facts.object)));
      out.completed = true;
      out.notes.push_back(fmt::format("the {} DETACH PARTITION {} CONCURRENTLY was pending: finished it with FINALIZE",
                                      how, quoted(facts.object)));
    } else if (exists && !pending && !failed) {
      out.completed = true;
      out.notes.push_back(fmt::format("DETACH PARTITION {} CONCURRENTLY had completed on the server: recorded as done, "
                                      "not run again",
                                      quoted(facts.object)));
    }
    return out;
  }
  if (facts.kind == "ReindexStmt" && facts.no_transaction) {
    // An interrupted REINDEX CONCURRENTLY leaves INVALID copies named <index>_ccnew[N] (the new
    // build) or _ccold[N] (the old index it could not drop); PostgreSQL's advice is to drop them.
    const bool one_index = !facts.object.name.empty();
    if (one_index || !facts.relation.name.empty()) {
      drop_invalid("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_catalog.pg_index i "
                   "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' AND i.indrelid = "
                   "CASE WHEN $2::boolean THEN (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = to_regclass($1)) "
                   "ELSE to_regclass($1) END AND (NOT $2::boolean OR starts_with(c.relname, $3))",
                   {quoted(one_index ? facts.object : facts.relation), one_index ? "true" : "false",
                    one_index ? facts.object.name + "_cc" : std::string()},
                   "REINDEX CONCURRENTLY");
    }
    return out;
  }
  if (facts.kind == "CreatedbStmt" || facts.kind == "DropdbStmt") {
    auto rows = query("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1)", {facts.object.name});
    const bool want = facts.kind == "CreatedbStmt";
    if (!failed && (rows.at(0).at(0) == "t") == want) {
      out.completed = true;
      out.notes.push_back(fmt::format("{} {} had completed on the server: recorded as done, not run again",
                                      want ? "CREATE DATABASE" : "DROP DATABASE", facts.object.name));
    }
    return out;
  }
  return out;  // VACUUM, ALTER SYSTEM, CALL…: the catalog cannot tell; run again
}

std::string PgConnection::applied_by() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  auto user = query("SELECT current_user::text", {}).at(0).at(0).value_or("");
  return fmt::format("{}@{}", user, host);
}

} // namespace retort
