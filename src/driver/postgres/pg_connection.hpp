// driver/postgres/pg_connection.hpp — the PostgreSQL driver (libpq is included in this folder only).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "retort/database.hpp"

struct pg_conn;
struct pg_result;

namespace retort {

class TempCluster;

/// The PostgreSQL dialect: double-quoted identifiers, $n parameters, libpg_query splitting.
const Dialect& postgres_dialect();

struct PgFinish {
  void operator()(pg_conn* conn) const noexcept;
};

class PgConnection final : public Connection {
public:
  /// Connects with libpq (urls and key=value strings). Throws Error(ErrorCode::connection)
  /// with libpq's message, the password scrubbed from it.
  explicit PgConnection(const std::string& url, std::unique_ptr<TempCluster> cluster = nullptr);
  ~PgConnection() override;

  [[nodiscard]] const Dialect& dialect() const override { return postgres_dialect(); }
  void execute(const std::string& sql) override;
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params) override;
  BatchOutcome execute_batch(const std::vector<BatchStatement>& statements) override;
  std::vector<std::vector<Row>> query_batch(const std::vector<BatchStatement>& queries) override;
  bool table_exists(std::string_view schema, std::string_view table) override;
  std::vector<bool> tables_exist(std::string_view schema, const std::vector<std::string>& tables) override;
  std::vector<std::string> table_columns(std::string_view schema, std::string_view table) override;
  void lock(const LockRequest& request) override;
  void unlock(const LockRequest& request) noexcept override;
  std::vector<std::string> clean_up_failed(const Statement& statement) override;
  std::string applied_by() override;
  [[nodiscard]] std::string describe() const override { return m_masked_url; }

private:
  /// Whether `statements` are few and small enough to go as one pipeline (see execute_batch).
  bool fits_one_pipeline(const std::vector<BatchStatement>& statements) const;
  /// Sends `statements` in one pipeline and reads their results; `on_rows` sees each successful one.
  BatchOutcome pipeline(const std::vector<BatchStatement>& statements,
                        const std::function<void(std::size_t, const pg_result*)>& on_rows);
  void lock_advisory(const LockRequest& request);
  void lock_lease(const LockRequest& request);

  class LeaseHeartbeat;
  std::unique_ptr<TempCluster> m_cluster;  // declared first: outlives the connection
  std::unique_ptr<pg_conn, PgFinish> m_conn;
  std::string m_url;
  std::string m_masked_url;
  std::string m_password;
  std::unordered_map<std::string, std::string> m_plans;  ///< kept plans (BatchStatement::keep_plan): sql → prepared name
  unsigned m_plan_count = 0;
  bool m_plans_lost = false;  ///< the session dropped our plans once: keep none any more
  std::string m_lease_owner;                     ///< lease mode: our owner token while we hold it
  std::unique_ptr<LeaseHeartbeat> m_heartbeat;   ///< lease mode: extends the lease from a second connection
};

} // namespace retort
