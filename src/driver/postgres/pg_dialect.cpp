#include <fmt/format.h>

#include "driver/postgres/pg_connection.hpp"
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
                                                            const std::string& history_table) const override {
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
    };
  }
  [[nodiscard]] std::string_view now_expression() const override { return "clock_timestamp()"; }
  [[nodiscard]] std::string_view current_user_expression() const override { return "current_user"; }
};

} // namespace

const Dialect& postgres_dialect() {
  static const PgDialect k_dialect;
  return k_dialect;
}

} // namespace retort
