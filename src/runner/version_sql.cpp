#include "runner/version_sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "retort/migration.hpp"

namespace retort {

std::string dirty_table_name(const Config& c) { return c.history_table + "_dirty"; }

TableNames table_names(const Dialect& d, const Config& c) {
  return {d.qualify(c.version_schema, c.version_table), d.qualify(c.version_schema, c.history_table),
          d.qualify(c.version_schema, dirty_table_name(c)), d.qualify(c.version_schema, c.history_table + "_lock")};
}

BoundSql version_op_sql(const Dialect& d, const std::string& table, const VersionOp& op, bool returning) {
  const char* ret = returning ? " RETURNING version_num" : "";
  switch (op.kind) {
    case VersionOp::Kind::insert:
      return {fmt::format("INSERT INTO {} (version_num) VALUES ({}){}", table, d.placeholder(1), ret), {op.to}};
    case VersionOp::Kind::remove:
      return {fmt::format("DELETE FROM {} WHERE version_num = {}{}", table, d.placeholder(1), ret), {op.from}};
    case VersionOp::Kind::update:
      return {fmt::format("UPDATE {} SET version_num = {} WHERE version_num = {}{}", table, d.placeholder(1),
                          d.placeholder(2), ret),
              {op.to, op.from}};
  }
  return {};
}

BoundSql history_insert_sql(const Dialect& d, const std::string& table, const HistoryEntry& e, int first_placeholder) {
  auto ph = [&](int k) { return d.placeholder(first_placeholder - 1 + k); };
  BoundSql out;
  out.sql = fmt::format("INSERT INTO {} (revision, direction, checksum, checksum_version, applied_at, applied_by, "
                        "duration_ms) VALUES ({}, {}, {}, {}, {}, {}, {})",
                        table, ph(1), ph(2), ph(3), ph(4), d.now_expression(),
                        e.applied_by.empty() ? std::string(d.current_user_expression()) : ph(5),
                        e.duration_ms ? ph(e.applied_by.empty() ? 5 : 6) : std::string(d.elapsed_ms_expression()));
  bool has_checksum = !e.checksum.empty();
  out.params = {e.revision, e.direction, has_checksum ? Value{e.checksum} : Value{},
                has_checksum ? Value{std::to_string(k_checksum_version)} : Value{}};
  if (!e.applied_by.empty()) out.params.emplace_back(e.applied_by);
  if (e.duration_ms) out.params.emplace_back(std::to_string(*e.duration_ms));
  return out;
}

BoundSql checked_step_sql(const Dialect& d, const TableNames& tables, const VersionOp& op, const HistoryEntry& e) {
  BoundSql change = version_op_sql(d, tables.version, op, true);
  BoundSql history = history_insert_sql(d, tables.history, e, static_cast<int>(change.params.size()) + 1);
  BoundSql out;
  // The CAST of a non-constant CASE fails only when evaluated with the mismatch text: the way plain
  // SQL can raise an error (a constant one would be folded, and fail, at planning time).
  out.sql = fmt::format("WITH changed AS ({}), logged AS ({}) SELECT CAST(CASE WHEN count(*) = 1 THEN '1' ELSE {} END "
                        "AS integer) FROM changed",
                        change.sql, history.sql, d.quote_literal(k_version_row_mismatch));
  out.params = std::move(change.params);
  for (auto& p : history.params) out.params.push_back(std::move(p));
  return out;
}

std::vector<std::string> dirty_table_upgrade(const std::string& table, const std::vector<std::string>& present) {
  // The same words in every dialect; each column is nullable, so rows written before stay valid.
  static constexpr std::pair<std::string_view, std::string_view> k_added[] = {
      {"in_flight", "integer"}, {"in_flight_hash", "varchar(64)"}, {"in_flight_what", "text"}};
  std::vector<std::string> out;
  for (const auto& [name, type] : k_added) {
    if (std::find(present.begin(), present.end(), name) == present.end()) {
      out.push_back(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, name, type));
    }
  }
  return out;
}

BoundSql dirty_begin_sql(const Dialect& d, const std::string& table, const DirtyBegin& row, InFlightColumns in_flight) {
  BoundSql out;
  out.params = {row.revision, row.direction, std::to_string(row.statements_total), std::to_string(row.statements_done)};
  std::string columns = "revision, direction, statements_total, statements_done";
  std::string values = fmt::format("{}, {}, {}, {}", d.placeholder(1), d.placeholder(2), d.placeholder(3), d.placeholder(4));
  if (!row.applied_by.empty()) {
    columns += ", recorded_by";
    values += ", " + d.placeholder(5);
    out.params.emplace_back(row.applied_by);
  }
  if (in_flight == InFlightColumns::tracked) {
    columns += ", in_flight";  // 0: tracked, none in flight (NULL means an earlier release wrote the row)
    values += ", 0";
  }
  out.sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, values);
  return out;
}

BoundSql dirty_in_flight_sql(const Dialect& d, const std::string& table, const std::string& revision, int number,
                             const std::string& statement_hash, const std::string& what) {
  return {fmt::format("UPDATE {} SET in_flight = {}, in_flight_hash = {}, in_flight_what = {}, failed_line = NULL, error = NULL "
                      "WHERE revision = {}", table,
                      d.placeholder(1), d.placeholder(2), d.placeholder(3), d.placeholder(4)),
          {std::to_string(number), statement_hash, what, revision}};
}

BoundSql dirty_progress_sql(const Dialect& d, const std::string& table, const std::string& revision, int done,
                            const std::string& statement_hash, InFlightColumns in_flight) {
  return {fmt::format("UPDATE {} SET statements_done = {}, statement_hashes = statement_hashes || {}, failed_line = NULL, "
                      "error = NULL{} WHERE revision = {}",
                      table, d.placeholder(1), d.placeholder(2),
                      in_flight == InFlightColumns::tracked ? ", in_flight = 0, in_flight_hash = NULL, in_flight_what = NULL" : "",
                      d.placeholder(3)),
          {std::to_string(done), statement_hash + "\n", revision}};
}

BoundSql dirty_clear_sql(const Dialect& d, const std::string& table, const std::string& revision) {
  return {fmt::format("DELETE FROM {} WHERE revision = {}", table, d.placeholder(1)), {revision}};
}

std::string inline_literals(const Dialect& d, const BoundSql& bound) {
  std::string out = bound.sql;
  // Replace from the highest number down so that $1 does not match the start of $10.
  for (std::size_t i = bound.params.size(); i-- > 0;) {
    const std::string ph = d.placeholder(static_cast<int>(i + 1));
    const std::string literal = bound.params[i] ? d.quote_literal(*bound.params[i]) : "NULL";
    for (auto pos = out.find(ph); pos != std::string::npos; pos = out.find(ph, pos + literal.size())) {
      out.replace(pos, ph.size(), literal);
    }
  }
  return out;
}

} // namespace retort
