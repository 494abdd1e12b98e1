#include "driver/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "driver/postgres/pg_in_flight.hpp"
#include "driver/postgres/pg_migration_lock.hpp"
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

/// to_regclass of `$1.$<table_param>` (or of `$<table_param>` alone on the search path when $1 is '').
std::string regclass_of(int table_param) {
  return fmt::format("to_regclass(CASE WHEN $1 = '' THEN quote_ident(${0}) ELSE quote_ident($1) || '.' || quote_ident(${0}) END)",
                     table_param);
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
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
PgConnection::~PgConnection() = default;

std::unique_ptr<PgConnection> PgConnection::connect_again() const { return std::make_unique<PgConnection>(m_url); }

bool PgConnection::in_transaction() const { return PQtransactionStatus(m_conn.get()) != PQTRANS_IDLE; }

int PgConnection::server_version() const { return PQserverVersion(m_conn.get()); }

MigrationLocker& PgConnection::locker() {
  if (!m_locker) m_locker = std::make_unique<PgMigrationLocker>(*this);
  return *m_locker;
}

InFlightSettler& PgConnection::in_flight() {
  if (!m_in_flight) m_in_flight = std::make_unique<PgInFlightSettler>(*this);
  return *m_in_flight;
}

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

std::string PgConnection::applied_by() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  auto user = query("SELECT current_user::text", {}).at(0).at(0).value_or("");
  return fmt::format("{}@{}", user, host);
}

} // namespace retort
