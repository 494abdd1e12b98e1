#include "driver/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <pwd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdlib>

#include "migration/text.hpp"
#include "driver/sqlite/sqlite_lock_file.hpp"
#include "retort/error.hpp"
#include "retort/url.hpp"

namespace retort {
namespace {

struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& sql) {
  ErrorContext ctx;
  ctx.sqlstate = "";
  ctx.detail = fmt::format("sqlite result code {} ({})", sqlite3_extended_errcode(db), sqlite3_errstr(rc));
  ctx.statement = sql;
  throw Error(ErrorCode::sql_failed, sqlite3_errmsg(db), ctx);
}

/// The statement's first word, upper-cased (statements start at their first token).
std::string first_word(std::string_view statement) {
  std::string first;
  for (char c : statement) {
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      if (first.empty() && std::isspace(static_cast<unsigned char>(c))) continue;
      break;
    }
    first += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return first;
}

class SqliteDialect final : public Dialect {
public:
  [[nodiscard]] std::string_view name() const override { return "sqlite"; }
  [[nodiscard]] std::string quote_ident(std::string_view ident) const override {
    std::string out = "\"";
    for (char c : ident) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + '"';
  }
  [[nodiscard]] std::string placeholder(int n) const override { return fmt::format("?{}", n); }

  // sqlite3_complete() is SQLite's own tokenizer: it knows strings, comments and trigger bodies,
  // so a ';' ends a statement only where SQLite itself would end it.
  [[nodiscard]] std::vector<Statement> split(std::string_view sql, int first_line) const override {
    std::vector<Statement> out;
    std::string text(sql);
    std::size_t start = 0;
    for (std::size_t semi = text.find(';'); semi != std::string::npos; semi = text.find(';', semi + 1)) {
      std::string candidate = text.substr(start, semi + 1 - start);
      if (sqlite3_complete(candidate.c_str()) == 0) continue;
      push(out, text, start, semi + 1, first_line);
      start = semi + 1;
    }
    std::string_view rest = std::string_view(text).substr(start);
    if (sqlite3_complete((std::string(rest) + "\n;").c_str()) == 0) {
      // an unterminated string, quoted name, block comment or trigger body swallows the rest of the file
      auto first = trim(rest);
      std::size_t at = first.empty() ? start : static_cast<std::size_t>(first.data() - text.data());
      int line = first_line - 1 + line_of(text, at);
      throw Error(ErrorCode::migration_file,
                  "the SQL does not parse: an unterminated string, quoted name, comment or trigger body starts in "
                  "the statement on this line",
                  ErrorContext{.line = line});
    }
    push(out, text, start, text.size(), first_line);
    return out;
  }
  [[nodiscard]] std::vector<std::string> version_tables_ddl(const std::string& version_table,
                                                            const std::string& history_table,
                                                            const std::string& dirty_table) const override {
    return {
        fmt::format("CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)", version_table),
        fmt::format("CREATE TABLE IF NOT EXISTS {} (id INTEGER PRIMARY KEY AUTOINCREMENT, revision VARCHAR(32) NOT NULL, "
                    "direction VARCHAR(8) NOT NULL, checksum VARCHAR(64), checksum_version INTEGER, "
                    "applied_at TEXT NOT NULL, applied_by TEXT NOT NULL, duration_ms INTEGER NOT NULL DEFAULT 0)",
                    history_table),
        fmt::format("CREATE TABLE IF NOT EXISTS {} (revision VARCHAR(32) NOT NULL PRIMARY KEY, direction VARCHAR(8) NOT NULL, "
                    "statements_total INTEGER NOT NULL, statements_done INTEGER NOT NULL DEFAULT 0, "
                    "statement_hashes TEXT NOT NULL DEFAULT '', failed_line INTEGER, error TEXT, "
                    "recorded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, recorded_by TEXT NOT NULL DEFAULT '', in_flight INTEGER, in_flight_hash VARCHAR(64), in_flight_what TEXT)",
                    dirty_table),
    };
  }
  [[nodiscard]] std::vector<std::string> timeout_statements(const std::string&, const std::string&, bool) const override {
    return {};
  }
  [[nodiscard]] std::string_view timeouts_query() const override { return {}; }
  [[nodiscard]] std::optional<std::string> transaction_conflict(std::string_view statement) const override {
    const std::string first = first_word(statement);
    if (first == "VACUUM") return "VACUUM cannot run inside a transaction";
    if (first == "BEGIN" || first == "COMMIT" || first == "END" || first == "ROLLBACK") {
      return "transaction control (BEGIN/COMMIT/ROLLBACK) inside a migration that retort runs in a transaction";
    }
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::string> runs_alone(std::string_view statement) const override {
    // VACUUM refuses a transaction; PRAGMA foreign_keys (the reason most SQLite migrations are
    // `transaction: none`) and journal_mode are silently ignored inside one; ATTACH/DETACH refuse one.
    static constexpr std::string_view k_alone[] = {"VACUUM", "PRAGMA", "ATTACH", "DETACH", "BEGIN",
                                                   "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"};
    const std::string first = first_word(statement);
    for (auto word : k_alone) {
      if (first == word) return first;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::string_view now_expression() const override { return "strftime('%Y-%m-%d %H:%M:%f+00', 'now')"; }
  [[nodiscard]] std::string_view current_user_expression() const override { return "'offline script'"; }
  [[nodiscard]] std::string_view elapsed_ms_expression() const override { return "retort_elapsed_ms()"; }
  [[nodiscard]] bool has_data_modifying_with() const override { return false; }
  [[nodiscard]] std::string_view deferred_flush_statement() const override { return {}; }
  [[nodiscard]] std::string_view deferred_flush_helps_query() const override { return "SELECT 'f'"; }

private:
  static void push(std::vector<Statement>& out, const std::string& text, std::size_t start, std::size_t end, int first_line) {
    // skip leading blanks and comments to find the first token's line
    std::size_t pos = start;
    while (pos < end) {
      if (std::isspace(static_cast<unsigned char>(text[pos]))) {
        ++pos;
      } else if (text.compare(pos, 2, "--") == 0) {
        auto eol = text.find('\n', pos);
        pos = eol == std::string::npos ? end : eol + 1;
      } else if (text.compare(pos, 2, "/*") == 0) {
        auto close = text.find("*/", pos + 2);
        pos = close == std::string::npos ? end : close + 2;
      } else {
        break;
      }
    }
    if (pos >= end) return;
    std::string_view body = trim(std::string_view(text).substr(pos, end - pos));
    if (!body.empty() && body.back() == ';') body.remove_suffix(1);  // statements carry no terminator
    if (trim(body).empty()) return;
    out.push_back(Statement{std::string(trim(body)), first_line - 1 + line_of(text, pos)});
  }
};

} // namespace

const Dialect& sqlite_dialect() {
  static const SqliteDialect k_dialect;
  return k_dialect;
}

void SqliteClose::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

namespace {

/// Whether `path` can be written by this process. A file or folder without any write permission bit
/// counts as read-only even for root, who could write it anyway: someone made it read-only on purpose.
bool writable(const std::string& path, const struct stat& st) {
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) return false;
  return access(path.c_str(), W_OK) == 0;  // also false on a read-only mount, for root too
}

/// Refuses, before SQLite writes anything, a database file or folder that cannot be written.
void check_writable(const std::string& path) {
  if (path.empty() || path == ":memory:") return;
  const std::string folder = [&] {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/") : path.substr(0, slash);
  }();
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    if (!writable(path, st)) {
      throw Error(ErrorCode::io, fmt::format("SQLite database '{}' is read-only: nothing was run (make it writable, "
                                             "or use a read command such as 'retort status')", path),
                  ErrorContext{.file = path});
    }
  }
  struct stat dir {};
  if (stat(folder.c_str(), &dir) != 0) {
    throw Error(ErrorCode::io, fmt::format("the folder '{}' of SQLite database '{}' does not exist", folder, path),
                ErrorContext{.file = path});
  }
  if (!writable(folder, dir)) {
    throw Error(ErrorCode::io,
                fmt::format("the folder '{}' of SQLite database '{}' is read-only: SQLite writes its journal (and "
                            "retort its lock file) beside the database; nothing was run",
                            folder, path),
                ErrorContext{.file = folder});
  }
}

} // namespace

SqliteConnection::SqliteConnection(const std::string& url, Access mode) : m_url(url) {
  std::string path = sqlite_path(url);
  int flags = SQLITE_OPEN_URI;
  if (mode == Access::read) {
    struct stat st {};
    if (path != ":memory:" && stat(path.c_str(), &st) != 0) {
      throw Error(ErrorCode::connection,
                  fmt::format("SQLite database '{}' does not exist (a read command never creates one: check the path; "
                              "'retort upgrade' creates it)", path),
                  ErrorContext{.file = path});
    }
    flags |= SQLITE_OPEN_READONLY;
  } else {
    check_writable(path);
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  m_db.reset(raw);
  if (rc != SQLITE_OK) {
    throw Error(ErrorCode::connection,
                fmt::format("cannot open SQLite database '{}': {}", path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  // retort_elapsed_ms(): milliseconds since the last BEGIN this connection ran (for the history row).
  sqlite3_create_function(
      raw, "retort_elapsed_ms", 0, SQLITE_UTF8, this,
      [](sqlite3_context* ctx, int, sqlite3_value**) {
        auto* self = static_cast<SqliteConnection*>(sqlite3_user_data(ctx));
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - self->m_tx_started);
        sqlite3_result_int64(ctx, ms.count());
      },
      nullptr, nullptr);
  execute("PRAGMA foreign_keys = ON");
}

void SqliteConnection::note_begin(std::string_view sql) {
  if (sql.size() >= 5 && (sql.substr(0, 5) == "BEGIN" || sql.substr(0, 5) == "begin")) m_tx_started = std::chrono::steady_clock::now();
}

void SqliteConnection::execute(const std::string& sql) {
  note_begin(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) throw_sqlite(m_db.get(), rc, sql);
}

std::vector<Row> SqliteConnection::query(const std::string& sql, const std::vector<Value>& params) {
  note_begin(sql);
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(m_db.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) throw_sqlite(m_db.get(), rc, sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    rc = params[i] ? sqlite3_bind_text(raw, idx, params[i]->c_str(), static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                   : sqlite3_bind_null(raw, idx);
    if (rc != SQLITE_OK) throw_sqlite(m_db.get(), rc, sql);
  }
  std::vector<Row> rows;
  int cols = sqlite3_column_count(raw);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    Row row;
    for (int c = 0; c < cols; ++c) {
      if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw_sqlite(m_db.get(), rc, sql);
  return rows;
}

bool SqliteConnection::table_exists(std::string_view schema, std::string_view table) {
  std::string master = schema.empty() ? "sqlite_master" : sqlite_dialect().quote_ident(schema) + ".sqlite_master";
  return !query(fmt::format("SELECT 1 FROM {} WHERE type = 'table' AND name = ?1", master), {std::string(table)}).empty();
}

std::vector<std::string> SqliteConnection::table_columns(std::string_view schema, std::string_view table) {
  std::string prefix = schema.empty() ? "" : sqlite_dialect().quote_ident(schema) + ".";
  auto rows = query(fmt::format("SELECT name FROM {}pragma_table_info(?1)", prefix), {std::string(table)});
  std::vector<std::string> out;
  for (auto& r : rows) out.push_back(r.at(0).value_or(""));
  return out;
}

void SqliteConnection::cancel() noexcept {
  // sqlite3_interrupt may be called from any thread while the connection is open.
  if (m_db) sqlite3_interrupt(m_db.get());
}

void SqliteConnection::wait_for_locks(std::chrono::milliseconds timeout) {
  sqlite3_busy_timeout(m_db.get(), static_cast<int>(timeout.count()));
}

MigrationLocker& SqliteConnection::locker() {
  if (!m_locker) m_locker = std::make_unique<SqliteLockFile>(*this, sqlite_path(m_url));
  return *m_locker;
}

std::string SqliteConnection::applied_by() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  // $USER first (what the person says they are), then the account's name (cron, systemd and
  // containers often set no $USER), then the bare uid.
  std::string user;
  if (const char* env = std::getenv("USER"); env != nullptr && *env != '\0') {
    user = env;
  } else if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    user = pw->pw_name;
  } else {
    user = std::to_string(getuid());
  }
  return fmt::format("{}@{}", user, host);
}

} // namespace retort
