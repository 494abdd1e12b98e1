// runner/version_store.hpp — the version table (one row per applied head) and the history table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retort/commands.hpp"
#include "retort/database.hpp"
#include "retort/plan.hpp"

namespace retort {

/// Reads and writes the two tables through a connection, with names from the config.
class VersionStore {
public:
  VersionStore(Connection& db, const Config& config);

  /// Whether the version table exists (read commands never create it).
  bool exists();
  /// Creates both tables when missing; checks that an existing version table has a version_num
  /// column (Error(ErrorCode::version_table) otherwise).
  void ensure();
  /// The version rows, in the table's order; empty when the table does not exist.
  std::vector<std::string> heads();
  /// Applies row changes. Throws Error(ErrorCode::version_table) unless each touches exactly one row.
  void apply(const std::vector<VersionOp>& ops);
  /// Appends a history row.
  void record(const std::string& revision, std::string_view direction, const std::string& checksum,
              std::int64_t duration_ms);
  /// The history, oldest first (empty when the table does not exist).
  std::vector<HistoryRecord> history();

  [[nodiscard]] const std::string& version_table() const noexcept { return m_version; }
  /// The lock name for this project's version table: schema-qualified.
  [[nodiscard]] const std::string& lock_name() const noexcept { return m_lock_name; }

private:
  Connection& m_db;
  const Config& m_config;
  std::string m_version;   ///< quoted, qualified
  std::string m_history;   ///< quoted, qualified
  std::string m_lock_name;
  std::string m_applied_by;
};

} // namespace retort
