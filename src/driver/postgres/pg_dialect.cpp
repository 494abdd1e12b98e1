#include <fmt/format.h>

#include <cctype>

#include "driver/postgres/pg_connection.hpp"
#include "pgquery/inspect.hpp"
#include "retort/error.hpp"
#include "pgquery/split.hpp"

namespace retort {
namespace {

class PgDialect final : public Dialect {
public:
  [[nodiscard]] std::string_view name() const override { return "postgresql"; }
  [[nodiscard]] std::string quote_ident(std::string_view ident) const override {
    std::string out = "\"";
    for (char c : ident) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + '"';
  }
  [[nodiscard]] std::string placeholder(int n) const override { return fmt::format("${}", n); }
  [[nodiscard]] std::vector<Statement> split(std::string_view sql, int first_line) const override {
    return pgquery::split(sql, first_line);
  }
  [[nodiscard]] std::vector<std::string> version_tables_ddl(const std::string& version_table,
                                                            const std::string& history_table,
                                                            const std::string& dirty_table) const override {
    return {
        fmt::format("CREATE TABLE IF NOT EXISTS {} (version_num varchar(32) NOT NULL PRIMARY KEY)", version_table),
        fmt::format("CREATE TABLE IF NOT EXISTS {} ("
                    "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                    "revision varchar(32) NOT NULL, "
                    "direction varchar(8) NOT NULL, "
                    "checksum varchar(64), "
                    "checksum_version smallint, "
                    "applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                    "applied_by text NOT NULL, "
                    "duration_ms bigint NOT NULL DEFAULT 0)",
                    history_table),
        fmt::format("CREATE TABLE IF NOT EXISTS {} ("
                    "revision varchar(32) NOT NULL PRIMARY KEY, "
                    "direction varchar(8) NOT NULL, "
                    "statements_total integer NOT NULL, "
                    "statements_done integer NOT NULL DEFAULT 0, "
                    "statement_hashes text NOT NULL DEFAULT '', "
                    "failed_line integer, "
                    "error text, "
                    "recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
                    "recorded_by text NOT NULL DEFAULT current_user, "
                    "in_flight integer, "
                    "in_flight_hash varchar(64), "
                    "in_flight_what text)",
                    dirty_table),
    };
  }
  [[nodiscard]] std::vector<std::string> timeout_statements(const std::string& lock_timeout,
                                                            const std::string& statement_timeout,
                                                            bool local) const override {
    std::vector<std::string> out;
    const char* scope = local ? "SET LOCAL" : "SET";
    if (!lock_timeout.empty()) out.push_back(fmt::format("{} lock_timeout = {}", scope, quote_literal(lock_timeout)));
    if (!statement_timeout.empty()) out.push_back(fmt::format("{} statement_timeout = {}", scope, quote_literal(statement_timeout)));
    return out;
  }
  [[nodiscard]] std::string_view timeouts_query() const override {
    return "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')";
  }
  [[nodiscard]] std::optional<std::string> transaction_conflict(std::string_view statement) const override {
    // Parsing every statement twice would cost more than running small migrations; only statements
    // that mention one of these words can be one that a transaction block refuses.
    static constexpr std::string_view k_words[] = {"concurrently", "vacuum", "database", "system", "tablespace",
                                                   "cluster", "subscription", "begin", "commit", "rollback",
                                                   "end", "abort", "start", "savepoint", "release", "prepare"};
    std::string lower(statement);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool suspicious = false;
    for (auto w : k_words) suspicious = suspicious || lower.find(w) != std::string::npos;
    if (!suspicious) return std::nullopt;
    auto facts = pgquery::inspect(statement);
    if (facts.no_transaction) return *facts.no_transaction + " cannot run inside a transaction block";
    if (facts.transaction_control) return "transaction control (BEGIN/COMMIT/ROLLBACK) inside a migration that retort runs in a transaction";
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::string> runs_alone(std::string_view statement) const override {
    pgquery::StatementFacts facts;
    try {
      facts = pgquery::inspect(statement);
    } catch (const Error&) {
      return "a statement PostgreSQL 15's parser does not read";
    }
    if (facts.no_transaction) return facts.no_transaction;
    if (facts.transaction_control) return "transaction control (BEGIN/COMMIT/ROLLBACK)";
    // A procedure, or a DO block that says COMMIT or ROLLBACK, may end transactions itself, which
    // it cannot do inside ours (SQLSTATE 2D000).
    if (facts.kind == "CallStmt") return "CALL (a procedure may COMMIT)";
    if (facts.kind == "DoStmt") {
      std::string lower(statement);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.find("commit") != std::string::npos || lower.find("rollback") != std::string::npos) {
        return "a DO block that ends transactions (COMMIT/ROLLBACK)";
      }
    }
    return std::nullopt;
  }
  [[nodiscard]] std::string_view now_expression() const override { return "clock_timestamp()"; }
  [[nodiscard]] std::string_view current_user_expression() const override { return "current_user"; }
  [[nodiscard]] bool has_data_modifying_with() const override { return true; }
  [[nodiscard]] std::string_view deferred_flush_statement() const override { return "SET LOCAL synchronous_commit = off"; }
  [[nodiscard]] std::string_view deferred_flush_helps_query() const override {
    return "SELECT current_setting('synchronous_commit') <> 'off'";
  }
  [[nodiscard]] std::string_view elapsed_ms_expression() const override {
    return "(extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint";
  }
};

} // namespace

const Dialect& postgres_dialect() {
  static const PgDialect k_dialect;
  return k_dialect;
}

} // namespace retort
