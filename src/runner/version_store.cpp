#include "runner/version_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <unordered_map>

#include "retort/error.hpp"

namespace retort {

VersionStore::VersionStore(Connection& db, const Config& config)
    : m_db(db),
      m_config(config),
      m_tables(table_names(db.dialect(), config)),
      m_lock_name(fmt::format("retort:{}.{}", config.version_schema, config.version_table)) {}

const VersionStore::Presence& VersionStore::present() {
  if (!m_present) {
    auto found = m_db.tables_exist(m_config.version_schema,
                                   {m_config.version_table, m_config.history_table, dirty_table_name(m_config)});
    m_present = Presence{found.at(0), found.at(1), found.at(2)};
  }
  return *m_present;
}

const std::string& VersionStore::applied_by() {
  if (m_applied_by.empty()) m_applied_by = m_db.applied_by();
  return m_applied_by;
}

bool VersionStore::exists() { return present().version; }

void VersionStore::ensure() {
  auto ddl = m_db.dialect().version_tables_ddl(m_tables.version, m_tables.history, m_tables.dirty);
  Presence now = present();
  if (now.version) {
    auto cols = m_db.table_columns(m_config.version_schema, m_config.version_table);
    if (std::find(cols.begin(), cols.end(), "version_num") == cols.end()) {
      throw Error(ErrorCode::version_table,
                  fmt::format("table {} exists but has no version_num column, so it is not a version table retort "
                              "or Alembic wrote (columns: {}); set version_table in retort.toml to another name",
                              m_tables.version, fmt::join(cols, ", ")));
    }
  } else {
    m_db.execute(ddl.at(0));
  }
  if (!now.history) m_db.execute(ddl.at(1));
  if (!now.dirty) {
    m_db.execute(ddl.at(2));
  } else {
    // A table created by an earlier release: add what it lacks; its rows (NULL in_flight) stay valid.
    for (const auto& alter : dirty_table_upgrade(m_tables.dirty, m_db.table_columns(m_config.version_schema,
                                                                                   dirty_table_name(m_config)))) {
      m_db.execute(alter);
    }
  }
  m_present = Presence{true, true, true};
}

BatchStatement VersionStore::heads_query() const { return {fmt::format("SELECT version_num FROM {}", m_tables.version), {}}; }

std::vector<std::string> VersionStore::heads() {
  if (!present().version) return {};
  std::vector<std::string> out;
  auto q = heads_query();
  for (auto& row : m_db.query(q.sql, q.params)) out.push_back(row.at(0).value_or(""));
  return out;
}

std::optional<std::vector<std::string>> VersionStore::settled_heads() {
  // version_num is never NULL: a NULL row is a dirty state. A missing table fails the statement.
  std::vector<Row> rows;
  try {
    rows = m_db.query(fmt::format("SELECT version_num FROM {} UNION ALL SELECT NULL FROM {}", m_tables.version,
                                  m_tables.dirty));
  } catch (const Error& e) {
    if (e.code() == ErrorCode::sql_failed) return std::nullopt;
    throw;
  }
  std::vector<std::string> out;
  for (const auto& row : rows) {
    if (!row.at(0)) return std::nullopt;
    out.push_back(*row[0]);
  }
  return out;
}

void VersionStore::apply(const std::vector<VersionOp>& ops) {
  for (const auto& op : ops) {
    auto bound = version_op_sql(m_db.dialect(), m_tables.version, op, true);
    auto touched = m_db.query(bound.sql, bound.params);
    if (touched.size() != 1) {
      throw Error(ErrorCode::version_table,
                  fmt::format("version table {} changed under this run: expected one row for '{}', found {} "
                              "(another tool wrote to it?)",
                              m_tables.version, op.from.empty() ? op.to : op.from, touched.size()));
    }
  }
}

std::vector<BatchStatement> VersionStore::step_statements(const std::vector<VersionOp>& ops, const std::string& revision,
                                                         std::string_view direction, const std::string& checksum) {
  std::vector<BatchStatement> out;
  for (const auto& op : ops) {
    auto bound = version_op_sql(m_db.dialect(), m_tables.version, op, true);
    out.push_back({std::move(bound.sql), std::move(bound.params)});
  }
  auto history = history_insert_sql(m_db.dialect(), m_tables.history,
                                    HistoryEntry{revision, std::string(direction), checksum, applied_by(), std::nullopt});
  out.push_back({std::move(history.sql), std::move(history.params)});
  return out;
}

BatchStatement VersionStore::checked_step_statement(const VersionOp& op, const std::string& revision,
                                                   std::string_view direction, const std::string& checksum) {
  auto bound = checked_step_sql(m_db.dialect(), m_tables, op,
                                HistoryEntry{revision, std::string(direction), checksum, applied_by(), std::nullopt});
  // A plan kept for the run: sent once per migration. Lease mode may sit behind a transaction-pooling
  // PgBouncer, where a kept plan could be missing on the next server connection.
  return {std::move(bound.sql), std::move(bound.params), m_config.lock_mode == LockMode::advisory};
}

void VersionStore::record(const std::string& revision, std::string_view direction, const std::string& checksum,
                          std::int64_t duration_ms) {
  auto bound = history_insert_sql(m_db.dialect(), m_tables.history,
                                  HistoryEntry{revision, std::string(direction), checksum, applied_by(), duration_ms});
  m_db.query(bound.sql, bound.params);
}

namespace {

constexpr std::string_view k_history_columns =
    "revision, direction, coalesce(checksum, ''), CAST(applied_at AS TEXT), applied_by, duration_ms";

std::vector<HistoryRecord> history_records(std::vector<Row> rows) {
  auto take = [](Value& v) { return v ? std::move(*v) : std::string(); };
  std::vector<HistoryRecord> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    out.push_back(HistoryRecord{take(row[0]), take(row[1]), take(row[2]), take(row[3]), take(row[4]),
                                std::stoll(row[5].value_or("0"))});
  }
  return out;
}

/// The latest record of each revision, in their order (records oldest first).
std::vector<HistoryRecord> latest_of_each(std::vector<HistoryRecord> records) {
  std::unordered_map<std::string_view, std::size_t> last;
  last.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) last[records[i].revision] = i;
  std::vector<bool> keep(records.size(), false);
  for (const auto& entry : last) keep[entry.second] = true;
  std::vector<HistoryRecord> out;
  out.reserve(last.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (keep[i]) out.push_back(std::move(records[i]));
  }
  return out;
}

std::optional<DirtyState> dirty_state_of(const std::vector<Row>& rows) {
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.front();
  DirtyState d;
  d.revision = r[0].value_or("");
  d.direction = r[1].value_or("");
  d.statements_total = std::stoi(r[2].value_or("0"));
  d.statements_done = std::stoi(r[3].value_or("0"));
  std::string hashes = r[4].value_or("");
  for (std::size_t pos = 0; pos < hashes.size();) {
    auto nl = hashes.find('\n', pos);
    if (nl == std::string::npos) nl = hashes.size();
    if (nl > pos) d.statement_hashes.push_back(hashes.substr(pos, nl - pos));
    pos = nl + 1;
  }
  d.failed_line = std::stoi(r[5].value_or("0"));
  // The error column holds the message, then "SQLSTATE: …" and "DETAIL: …" lines (dirty_failed).
  std::string error = r[6].value_or("");
  if (r.size() >= 12 && r[9]) {  // NULL (or no such column): a row of an earlier release, not tracked
    d.in_flight = std::stoi(*r[9]);
    d.in_flight_hash = r[10].value_or("");
    d.in_flight_what = r[11].value_or("");
  }
  auto field_at = [&](std::string_view label) -> std::size_t {
    auto at = error.find(fmt::format("\n{}: ", label));
    return at == std::string::npos ? at : at + label.size() + 3;
  };
  auto state_at = field_at("SQLSTATE"), detail_at = field_at("DETAIL");
  if (state_at != std::string::npos) d.sqlstate = error.substr(state_at, error.find('\n', state_at) - state_at);
  if (detail_at != std::string::npos) d.detail = error.substr(detail_at);
  d.error = error.substr(0, error.find('\n'));
  d.recorded_at = r[7].value_or("");
  d.recorded_by = r[8].value_or("");
  return d;
}

} // namespace

std::vector<HistoryRecord> VersionStore::history() {
  if (!present().history) return {};
  return history_records(m_db.query(fmt::format("SELECT {} FROM {} ORDER BY id", k_history_columns, m_tables.history), {}));
}

std::vector<std::pair<std::string, std::string>> VersionStore::recorded_checksums() {
  if (!present().history) return {};
  std::vector<std::pair<std::string, std::string>> out;
  auto rows = m_db.query(fmt::format("SELECT h.revision, h.checksum FROM {0} h WHERE h.id = (SELECT max(id) FROM {0} l "
                                     "WHERE l.revision = h.revision AND l.direction IN ('up', 'rehash') "
                                     "AND l.checksum IS NOT NULL)",
                                     m_tables.history),
                         {});
  for (auto& row : rows) out.emplace_back(row[0].value_or(""), row[1].value_or(""));
  return out;
}

BatchStatement VersionStore::dirty_query() const {
  // Every column, by position: a read (which never alters a table) then works on the table of an
  // earlier release too, whose columns are the first nine of today's (dirty_state_of).
  return {fmt::format("SELECT * FROM {}", m_tables.dirty), {}};
}

std::optional<DirtyState> VersionStore::dirty() {
  if (!present().dirty) return std::nullopt;
  auto q = dirty_query();
  return dirty_state_of(m_db.query(q.sql, q.params));
}

DatabaseState VersionStore::snapshot(bool with_history) {
  const Presence& p = present();
  const bool history = p.history && with_history;
  std::vector<BatchStatement> queries;
  if (p.version) queries.push_back(heads_query());
  if (history) {
    // Every "up" row, the latest of each revision kept below: cheaper for the server than asking
    // it for max(id) per revision (bench/README.md), and a history is mostly one "up" per revision.
    queries.push_back({fmt::format("SELECT {} FROM {} WHERE direction = 'up' ORDER BY id", k_history_columns, m_tables.history), {}});
  }
  if (p.dirty) queries.push_back(dirty_query());
  auto results = m_db.query_batch(queries);
  DatabaseState out;
  out.history_read = with_history;
  std::size_t k = 0;
  if (p.version) {
    for (const auto& row : results.at(k++)) out.heads.push_back(row.at(0).value_or(""));
  }
  if (history) out.latest_up = latest_of_each(history_records(std::move(results.at(k++))));
  if (p.dirty) out.dirty = dirty_state_of(results.at(k++));
  return out;
}

void VersionStore::dirty_begin(const std::string& revision, std::string_view direction, int total) {
  auto bound = dirty_begin_sql(m_db.dialect(), m_tables.dirty, DirtyBegin{revision, std::string(direction), total, 0, applied_by()},
                               InFlightColumns::tracked);
  m_db.query(bound.sql, bound.params);
}

void VersionStore::dirty_in_flight(const std::string& revision, int number, const std::string& statement_hash,
                                   const std::string& what) {
  auto bound = dirty_in_flight_sql(m_db.dialect(), m_tables.dirty, revision, number, statement_hash, what);
  m_db.query(bound.sql, bound.params);
}

BatchStatement VersionStore::dirty_progress_statement(const std::string& revision, int done, const std::string& statement_hash) {
  auto bound = dirty_progress_sql(m_db.dialect(), m_tables.dirty, revision, done, statement_hash, InFlightColumns::tracked);
  // Sent once per statement of a migration: a plan worth keeping (not behind a transaction-pooling
  // PgBouncer, as for the checked step statement).
  return {std::move(bound.sql), std::move(bound.params), m_config.lock_mode == LockMode::advisory};
}

void VersionStore::dirty_progress(const std::string& revision, int done, const std::string& statement_hash) {
  auto bound = dirty_progress_statement(revision, done, statement_hash);
  m_db.query(bound.sql, bound.params);
}

void VersionStore::dirty_failed(const std::string& revision, int line, const Error& failure) {
  const auto& d = m_db.dialect();
  std::string error = std::string(failure.what()).substr(0, std::string_view(failure.what()).find('\n'));
  if (!failure.context().sqlstate.empty()) error += "\nSQLSTATE: " + failure.context().sqlstate;
  if (!failure.context().detail.empty()) error += "\nDETAIL: " + failure.context().detail;
  m_db.query(fmt::format("UPDATE {} SET failed_line = {}, error = {} WHERE revision = {}", m_tables.dirty, d.placeholder(1),
                         d.placeholder(2), d.placeholder(3)),
             {std::to_string(line), error, revision});
}

void VersionStore::dirty_clear(const std::string& revision) {
  auto bound = dirty_clear_sql(m_db.dialect(), m_tables.dirty, revision);
  m_db.query(bound.sql, bound.params);
}

} // namespace retort
