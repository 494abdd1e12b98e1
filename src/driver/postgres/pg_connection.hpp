// driver/postgres/pg_connection.hpp — the PostgreSQL driver (libpq is included in this folder only).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "retort/database.hpp"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace retort {

class TempCluster;

/// The PostgreSQL dialect: double-quoted identifiers, $n parameters, libpg_query splitting.
const Dialect& postgres_dialect();

struct PgFinish {
  void operator()(pg_conn* conn) const noexcept;
};
struct PgClear {
  void operator()(pg_result* result) const noexcept;
};
struct PgFreeCancel {
  void operator()(pg_cancel* cancel) const noexcept;
};
/// A statement's result as libpq returned it.
using PgResultPtr = std::unique_ptr<pg_result, PgClear>;

class PgConnection final : public Connection {
public:
  /// Connects with libpq (urls and key=value strings). Throws Error(ErrorCode::connection)
  /// with libpq's message, the password scrubbed from it.
  explicit PgConnection(const std::string& url, std::unique_ptr<TempCluster> cluster = nullptr);
  ~PgConnection() override;
  /// Another session to the same database, with the same credentials (for reading in parallel);
  /// it must be closed before this one (a pgtemp:// cluster goes with this one). Throws as the
  /// constructor does.
  [[nodiscard]] std::unique_ptr<PgConnection> connect_again() const;
  /// Whether the session is inside a transaction block (libpq's own state: no round trip).
  [[nodiscard]] bool in_transaction() const;
  /// server_version_num, as the server reported it at connection start.
  [[nodiscard]] int server_version() const;
  /// Runs read-only queries in one pipeline, as query_batch, handing each one's result to `arrived`
  /// as libpq returned it (to keep: rows read in place, not copied) as soon as it is complete, while
  /// the server runs the rest. Throws the first failure as query() does.
  void query_batch_each(const std::vector<BatchStatement>& queries,
                        const std::function<void(std::size_t, PgResultPtr&)>& arrived);

  [[nodiscard]] const Dialect& dialect() const override { return postgres_dialect(); }
  void execute(const std::string& sql) override;
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params) override;
  BatchOutcome execute_batch(const std::vector<BatchStatement>& statements) override;
  std::vector<std::vector<Row>> query_batch(const std::vector<BatchStatement>& queries) override;
  bool table_exists(std::string_view schema, std::string_view table) override;
  std::vector<bool> tables_exist(std::string_view schema, const std::vector<std::string>& tables) override;
  std::vector<std::string> table_columns(std::string_view schema, std::string_view table) override;
  MigrationLocker& locker() override;
  void cancel() noexcept override;
  InFlightSettler& in_flight() override;
  std::string applied_by() override;
  [[nodiscard]] std::string describe() const override { return m_masked_url; }

private:
  /// Whether `statements` are few and small enough to go as one pipeline (see execute_batch).
  bool fits_one_pipeline(const std::vector<BatchStatement>& statements) const;
  /// Sends `statements` in one pipeline and reads their results; `on_rows` sees each successful one
  /// (and may keep it).
  BatchOutcome pipeline(const std::vector<BatchStatement>& statements,
                        const std::function<void(std::size_t, PgResultPtr&)>& on_rows);
  std::unique_ptr<TempCluster> m_cluster;  // declared first: outlives the connection
  std::unique_ptr<pg_conn, PgFinish> m_conn;
  std::unique_ptr<pg_cancel, PgFreeCancel> m_cancel;  ///< for cancel(), from any thread
  std::string m_url;
  std::string m_masked_url;
  std::string m_password;
  std::unordered_map<std::string, std::string> m_plans;  ///< kept plans (BatchStatement::keep_plan): sql → prepared name
  unsigned m_plan_count = 0;
  bool m_plans_lost = false;  ///< the session dropped our plans once: keep none any more
  // The session's other jobs, made on first use; declared last: gone before the session is.
  std::unique_ptr<MigrationLocker> m_locker;
  std::unique_ptr<InFlightSettler> m_in_flight;
};

} // namespace retort
