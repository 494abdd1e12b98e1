// runner/version_sql.hpp — the statements that maintain the version and history tables,
// shared by live runs (bound parameters) and offline scripts (literals).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/plan.hpp"

namespace retort {

/// The quoted, schema-qualified names of retort's tables for a config.
struct TableNames {
  std::string version;   ///< one row per applied head
  std::string history;   ///< every up, down, stamp and rehash
  std::string dirty;     ///< a `transaction: none` migration that stopped part-way (history table name + "_dirty")
  std::string lock;      ///< lease-mode lock row (history table name + "_lock")
};
TableNames table_names(const Dialect& dialect, const Config& config);
/// The dirty-state table's name, unquoted: the history table's name + "_dirty".
std::string dirty_table_name(const Config& config);

struct BoundSql {
  std::string sql;
  std::vector<Value> params;
};

/// INSERT/DELETE/UPDATE of one version row; `returning` adds RETURNING version_num so a live run
/// can check that exactly one row was touched.
BoundSql version_op_sql(const Dialect& dialect, const std::string& table, const VersionOp& op, bool returning);

struct HistoryEntry {
  std::string revision;
  std::string direction;   ///< "up", "down", "stamp"
  std::string checksum;    ///< empty: NULL
  std::string applied_by;  ///< empty: the dialect's current-user expression (offline scripts)
  std::optional<std::int64_t> duration_ms;  ///< nullopt: measured by the server since the transaction began
};
/// The history row's INSERT; its placeholders are numbered from `first_placeholder`.
BoundSql history_insert_sql(const Dialect& dialect, const std::string& table, const HistoryEntry& entry,
                            int first_placeholder = 1);

/// The text a checked step statement fails with when a version-row change did not touch exactly
/// one row (as PostgreSQL's "invalid input syntax for type integer" error, SQLSTATE 22P02).
inline constexpr std::string_view k_version_row_mismatch = "retort: a version row change did not touch exactly one row";

/// For dialects with data-modifying WITH: the version-row change `op` and the history row in one
/// statement, which fails (k_version_row_mismatch) unless the change touched exactly one row.
BoundSql checked_step_sql(const Dialect& dialect, const TableNames& tables, const VersionOp& op, const HistoryEntry& entry);

/// The dirty-state row a `transaction: none` migration writes when it starts.
struct DirtyBegin {
  std::string revision;
  std::string direction;       ///< "up" or "down"
  int statements_total = 0;
  int statements_done = 0;
  std::string applied_by;      ///< empty: the column's default (offline scripts)
};

/// Whether the dirty-state row tracks the statement in flight. Live runs upgrade the table first
/// (dirty_table_upgrade) and do; an offline script may meet a table of an earlier release without
/// those columns, so it leaves them NULL, which a resume reads as "not tracked".
enum class InFlightColumns { tracked, untouched };

/// The columns the dirty-state table gained after its first release, as ALTER TABLE statements
/// for those missing from `present` (the table's column names); empty when none is missing.
std::vector<std::string> dirty_table_upgrade(const std::string& table, const std::vector<std::string>& present);

BoundSql dirty_begin_sql(const Dialect& dialect, const std::string& table, const DirtyBegin& row, InFlightColumns in_flight);
/// Records statement `number` (1-based), which runs alone, as started before it runs (and forgets
/// an earlier failure: this is a new attempt).
BoundSql dirty_in_flight_sql(const Dialect& dialect, const std::string& table, const std::string& revision, int number,
                             const std::string& statement_hash, const std::string& what);
/// Records statements 1..`done` as completed (appending the last one's hash); clears the in-flight
/// record and an earlier failure.
BoundSql dirty_progress_sql(const Dialect& dialect, const std::string& table, const std::string& revision, int done,
                            const std::string& statement_hash, InFlightColumns in_flight);
BoundSql dirty_clear_sql(const Dialect& dialect, const std::string& table, const std::string& revision);

/// The statement with each placeholder replaced by its parameter as a literal (NULL for nullopt).
/// Only for offline scripts; the templates above are the only input, so placeholders are never
/// inside string literals.
std::string inline_literals(const Dialect& dialect, const BoundSql& bound);

} // namespace retort
