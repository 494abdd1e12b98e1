// driver/sqlite/sqlite_connection.hpp — the SQLite driver (sqlite3.h is included in this folder only).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "retort/database.hpp"

struct sqlite3;

namespace retort {

/// The SQLite dialect: double-quoted identifiers, ?n parameters, splitting with sqlite3_complete().
const Dialect& sqlite_dialect();

struct SqliteClose {
  void operator()(sqlite3* db) const noexcept;
};

/// SQLite's statements that run alone (VACUUM, PRAGMA…) leave nothing a catalog could tell apart:
/// not completed, run again (each is idempotent).
class SqliteInFlight final : public InFlightSettler {
public:
  InFlightOutcome settle(const Statement&, bool) override { return {}; }
};

class SqliteConnection final : public Connection {
public:
  /// Opens the file of a sqlite:/// url: with Access::write creating it if needed, after checking
  /// that the file and its folder can be written (Error(ErrorCode::io) naming the path); with
  /// Access::read read-only, never creating it (Error(ErrorCode::connection) when it is missing).
  explicit SqliteConnection(const std::string& url, Access mode = Access::write);

  [[nodiscard]] const Dialect& dialect() const override { return sqlite_dialect(); }
  void execute(const std::string& sql) override;
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params) override;
  bool table_exists(std::string_view schema, std::string_view table) override;
  std::vector<std::string> table_columns(std::string_view schema, std::string_view table) override;
  MigrationLocker& locker() override;
  void cancel() noexcept override;
  InFlightSettler& in_flight() override { return m_in_flight; }
  /// How long a statement waits for another connection's write lock (sqlite3_busy_timeout).
  void wait_for_locks(std::chrono::milliseconds timeout);
  std::string applied_by() override;
  [[nodiscard]] std::string describe() const override { return m_url; }

private:
  std::unique_ptr<sqlite3, SqliteClose> m_db;
  std::string m_url;
  std::unique_ptr<MigrationLocker> m_locker;  ///< made on first use; declared after m_db: gone first
  SqliteInFlight m_in_flight;
  std::chrono::steady_clock::time_point m_tx_started = std::chrono::steady_clock::now();

  void note_begin(std::string_view sql);
};

} // namespace retort
