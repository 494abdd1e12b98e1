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

/// The statement with each placeholder replaced by its parameter as a literal (NULL for nullopt).
/// Only for offline scripts; the templates above are the only input, so placeholders are never
/// inside string literals.
std::string inline_literals(const Dialect& dialect, const BoundSql& bound);

} // namespace retort
