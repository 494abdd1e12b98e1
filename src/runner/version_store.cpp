#include "runner/version_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/error.hpp"
#include "runner/version_sql.hpp"

namespace retort {

VersionStore::VersionStore(Connection& db, const Config& config)
    : m_db(db),
      m_config(config),
      m_version(db.dialect().qualify(config.version_schema, config.version_table)),
      m_history(db.dialect().qualify(config.version_schema, config.history_table)),
      m_lock_name(fmt::format("retort:{}.{}", config.version_schema, config.version_table)) {}

bool VersionStore::exists() { return m_db.table_exists(m_config.version_schema, m_config.version_table); }

void VersionStore::ensure() {
  if (exists()) {
    auto cols = m_db.table_columns(m_config.version_schema, m_config.version_table);
    if (std::find(cols.begin(), cols.end(), "version_num") == cols.end()) {
      throw Error(ErrorCode::version_table,
                  fmt::format("table {} exists but has no version_num column, so it is not a version table retort "
                              "or Alembic wrote (columns: {}); set version_table in retort.toml to another name",
                              m_version, fmt::join(cols, ", ")));
    }
    if (!m_db.table_exists(m_config.version_schema, m_config.history_table)) {
      m_db.execute(m_db.dialect().version_tables_ddl(m_version, m_history).at(1));
    }
    return;
  }
  for (const auto& ddl : m_db.dialect().version_tables_ddl(m_version, m_history)) m_db.execute(ddl);
}

std::vector<std::string> VersionStore::heads() {
  if (!exists()) return {};
  std::vector<std::string> out;
  for (auto& row : m_db.query(fmt::format("SELECT version_num FROM {}", m_version))) {
    out.push_back(row.at(0).value_or(""));
  }
  return out;
}

void VersionStore::apply(const std::vector<VersionOp>& ops) {
  for (const auto& op : ops) {
    auto bound = version_op_sql(m_db.dialect(), m_version, op, true);
    auto touched = m_db.query(bound.sql, bound.params);
    if (touched.size() != 1) {
      throw Error(ErrorCode::version_table,
                  fmt::format("version table {} changed under this run: expected one row for '{}', found {} "
                              "(another tool wrote to it?)",
                              m_version, op.from.empty() ? op.to : op.from, touched.size()));
    }
  }
}

void VersionStore::record(const std::string& revision, std::string_view direction, const std::string& checksum,
                          std::int64_t duration_ms) {
  if (m_applied_by.empty()) m_applied_by = m_db.applied_by();
  auto bound = history_insert_sql(m_db.dialect(), m_history,
                                  HistoryEntry{revision, std::string(direction), checksum, m_applied_by, duration_ms});
  m_db.query(bound.sql, bound.params);
}

std::vector<HistoryRecord> VersionStore::history() {
  if (!m_db.table_exists(m_config.version_schema, m_config.history_table)) return {};
  std::vector<HistoryRecord> out;
  for (auto& row : m_db.query(fmt::format("SELECT revision, direction, coalesce(checksum, ''), CAST(applied_at AS TEXT), "
                                          "applied_by, duration_ms FROM {} ORDER BY id",
                                          m_history))) {
    out.push_back(HistoryRecord{row[0].value_or(""), row[1].value_or(""), row[2].value_or(""), row[3].value_or(""),
                                row[4].value_or(""), std::stoll(row[5].value_or("0"))});
  }
  return out;
}

} // namespace retort
