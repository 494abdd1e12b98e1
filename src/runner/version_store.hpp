// runner/version_store.hpp — the version table (one row per applied head), the history table and
// the dirty-state table, through a live connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retort/run.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/plan.hpp"
#include "runner/version_sql.hpp"

namespace retort {

/// Reads and writes retort's tables, with names from the config.
class VersionStore {
public:
  /// Whether the version table exists (creates nothing).
  [[nodiscard]] bool version_table_exists() { return present().version; }
  VersionStore(Connection& db, const Config& config);

  /// Whether the version table exists (read commands never create it).
  bool exists();
  /// Creates the missing tables; checks that an existing version table has a version_num column
  /// (Error(ErrorCode::version_table) otherwise); adds the columns an earlier release's dirty-state
  /// table lacks (dirty_table_upgrade). Call it holding the migration lock.
  void ensure();
  /// The version rows, in the table's order; empty when the table does not exist.
  std::vector<std::string> heads();
  /// The version rows in one query, asking nothing else first: when the version and dirty-state
  /// tables exist and no dirty state is recorded. nullopt otherwise (a table missing, a dirty
  /// state), and the caller takes the careful way. A lost connection is thrown.
  std::optional<std::vector<std::string>> settled_heads();
  /// Applies row changes. Throws Error(ErrorCode::version_table) unless each touches exactly one row.
  void apply(const std::vector<VersionOp>& ops);
  /// The version-row changes (each RETURNING its row, so a caller can check it touched exactly one)
  /// and the history row of a step, as statements for a batch inside the step's transaction.
  std::vector<BatchStatement> step_statements(const std::vector<VersionOp>& ops, const std::string& revision,
                                              std::string_view direction, const std::string& checksum);
  /// For dialects with data-modifying WITH: the one version-row change and the history row of a
  /// step as one statement that fails (k_version_row_mismatch) unless the change touched one row.
  BatchStatement checked_step_statement(const VersionOp& op, const std::string& revision, std::string_view direction,
                                        const std::string& checksum);
  /// Appends a history row.
  void record(const std::string& revision, std::string_view direction, const std::string& checksum,
              std::int64_t duration_ms);
  /// The history, oldest first (empty when the table does not exist).
  std::vector<HistoryRecord> history();
  /// For each revision, the checksum of its latest "up" or "rehash" row.
  std::vector<std::pair<std::string, std::string>> recorded_checksums();

  /// The dirty state left by a `transaction: none` migration that stopped part-way, if any.
  std::optional<DirtyState> dirty();

  /// Heads, each revision's latest "up" row and the dirty state, in one round trip where the
  /// dialect allows (after the tables' presence).
  DatabaseState snapshot(bool with_history);
  void dirty_begin(const std::string& revision, std::string_view direction, int statements_total);
  /// Records statement `number` (1-based), which runs alone, as started, before it runs: a resume
  /// then asks the catalog what became of it (InFlightSettler::settle).
  void dirty_in_flight(const std::string& revision, int number, const std::string& statement_hash, const std::string& what);
  /// Records statements 1..`statements_done` as completed; clears the in-flight record.
  void dirty_progress(const std::string& revision, int statements_done, const std::string& statement_hash);
  /// dirty_progress as a statement for a batch: sent in the same transaction as the statement it records.
  BatchStatement dirty_progress_statement(const std::string& revision, int statements_done,
                                          const std::string& statement_hash);
  /// Records the failed statement's line and the error: its message, SQLSTATE and DETAIL (kept in
  /// the one `error` column as "message\nSQLSTATE: …\nDETAIL: …", so the table keeps its shape).
  void dirty_failed(const std::string& revision, int line, const Error& failure);
  void dirty_clear(const std::string& revision);

  [[nodiscard]] const TableNames& tables() const noexcept { return m_tables; }
  /// The lock name for this project's version table: schema-qualified.
  [[nodiscard]] const std::string& lock_name() const noexcept { return m_lock_name; }

private:
  /// Which of retort's tables exist: asked once (one query), then remembered; ensure() creates them.
  struct Presence {
    bool version = false, history = false, dirty = false;
  };
  const Presence& present();
  /// Who applies (Connection::applied_by), asked once.
  const std::string& applied_by();
  BatchStatement heads_query() const;
  BatchStatement dirty_query() const;

  Connection& m_db;
  const Config& m_config;
  TableNames m_tables;
  std::string m_lock_name;
  std::string m_applied_by;
  std::optional<Presence> m_present;
};

} // namespace retort
