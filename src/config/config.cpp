#include "retort/config.hpp"

#include <toml++/toml.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "retort/error.hpp"
#include "retort/suggest.hpp"
#include "retort/url.hpp"
#include <fmt/ranges.h>

namespace fs = std::filesystem;

namespace retort {
namespace {

constexpr const char* k_config_name = "retort.toml";

[[noreturn]] void fail_at(const fs::path& file, const toml::source_region& where, const std::string& what) {
  ErrorContext ctx{.file = file.string(), .line = static_cast<int>(where.begin.line)};
  throw Error(ErrorCode::config, fmt::format("{}:{}: {}", file.string(), where.begin.line, what), ctx);
}

std::string string_value(const fs::path& file, const toml::key& key, const toml::node& node) {
  if (auto v = node.value<std::string>()) return *v;
  fail_at(file, node.source(), fmt::format("'{}' must be a string", key.str()));
}

constexpr const char* k_control = "a control character";
constexpr const char* k_non_ascii = "a non-ASCII character outside a string or comment";
constexpr const char* k_unterminated = "an unterminated string";

/// The line and kind of the first thing toml++ must not see: a control byte, a non-ASCII byte outside
/// a string or comment, or an unterminated string. TOML allows none there
/// (whitespace is space and tab), and toml++ 3.3 reaches undefined behaviour on some such characters
/// (its is_non_ascii_horizontal_whitespace, found by fuzz_config), so they are refused before it reads.
std::optional<std::pair<int, const char*>> toml_screen(std::string_view text) {
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F) return std::pair{line, k_control};  // never valid TOML
    if (c == '\n') {
      ++line;
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool multi = text.compare(i, 3, std::string(3, c)) == 0;
      const std::string close = multi ? std::string(3, c) : std::string(1, c);
      i += close.size();
      while (i < text.size() && text.compare(i, close.size(), close) != 0) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b < 0x20 && text[i] != '\n' && text[i] != '\t' && text[i] != '\r') || b == 0x7F) return std::pair{line, k_control};
        if (text[i] == '\n') {
          if (!multi) return std::pair{line, k_unterminated};
          ++line;
        }
        if (c == '"' && text[i] == '\\') {
          // A line-ending backslash in a """ string: toml++ skips the whitespace after it with the
          // same faulty check, so the first character after it must be ASCII too.
          std::size_t j = i + 1;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
          if (multi && j < text.size() && (text[j] == '\n' || text[j] == '\r')) {
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) {
              if (text[j] == '\n') ++line;
              ++j;
            }
            if (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80) return std::pair{line, k_non_ascii};
            i = j;
            continue;
          }
          ++i;  // an escape in a basic string
        }
        ++i;
      }
      if (i >= text.size()) return std::pair{line, k_unterminated};
      i += close.size() - 1;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      return std::pair{line, k_non_ascii};
    }
  }
  return std::nullopt;
}

void read_file(Config& config, const fs::path& file) {
  std::string text;
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::config, fmt::format("cannot read config file '{}'", file.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // a BOM is allowed
  if (auto bad = toml_screen(text)) {
    ErrorContext ctx{.file = file.string(), .line = bad->first};
    throw Error(ErrorCode::config, fmt::format("{}:{}: malformed TOML: {}", file.string(), bad->first, bad->second), ctx);
  }
  toml::table table;
  try {
    table = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    fail_at(file, e.source(), fmt::format("malformed TOML: {}", e.description()));
  }
  for (const auto& [key, node] : table) {
    const std::string_view k = key.str();
    if (k == "url") {
      config.url = string_value(file, key, node);
      config.url_source = file.string();
      config.url_line = static_cast<int>(node.source().begin.line);
    } else if (k == "migrations") {
      config.migrations_dir = string_value(file, key, node);
    } else if (k == "version_table") {
      config.version_table = string_value(file, key, node);
    } else if (k == "version_table_schema") {
      config.version_schema = string_value(file, key, node);
    } else if (k == "history_table") {
      config.history_table = string_value(file, key, node);
    } else if (k == "schema_file") {
      config.schema_file = string_value(file, key, node);
    } else if (k == "dev_url") {
      config.dev_url = string_value(file, key, node);
    } else if (k == "lock_timeout_seconds") {
      auto v = node.value<double>();
      if (!v || !(*v >= 0 && *v <= 86400)) {  // also false for NaN
        fail_at(file, node.source(), "'lock_timeout_seconds' must be a number from 0 to 86400 (a day)");
      }
      config.lock_timeout = std::chrono::milliseconds(static_cast<long long>(*v * 1000));
    } else if (k == "lock_mode") {
      auto v = string_value(file, key, node);
      if (v == "advisory") config.lock_mode = LockMode::advisory;
      else if (v == "lease") config.lock_mode = LockMode::lease;
      else fail_at(file, node.source(), fmt::format("'lock_mode' must be \"advisory\" or \"lease\", not \"{}\"", v));
    } else if (k == "lock_lease_seconds") {
      auto v = node.value<double>();
      if (!v || !(*v >= 1 && *v <= 86400)) fail_at(file, node.source(), "'lock_lease_seconds' must be a number from 1 to 86400");
      config.lock_lease = std::chrono::milliseconds(static_cast<long long>(*v * 1000));
    } else {
      fail_at(file, key.source(),
              fmt::format("unknown key '{}'{} (known: {})", k, did_you_mean(k, config_keys()),
                          fmt::join(config_keys(), ", ")));
    }
  }
  for (const auto* name : {&config.version_table, &config.history_table}) {
    if (name->empty()) throw Error(ErrorCode::config, fmt::format("{}: table names must not be empty", file.string()));
  }
}

fs::path absolute_under(const fs::path& base, const fs::path& p) {
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

/// $XDG_CACHE_HOME/retort, else ~/.cache/retort; none when RETORT_NO_CACHE is set (and not "0") or
/// there is no absolute home.
fs::path folder_cache_dir(const EnvLookup& env) {
  if (auto off = env("RETORT_NO_CACHE"); off && !off->empty() && *off != "0") return {};
  if (auto xdg = env("XDG_CACHE_HOME"); xdg && !xdg->empty() && xdg->front() == '/') return fs::path(*xdg) / "retort";
  if (auto home = env("HOME"); home && !home->empty() && home->front() == '/') return fs::path(*home) / ".cache" / "retort";
  return {};
}

} // namespace

EnvLookup process_env() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Config load_config(const ConfigOverrides& overrides, const EnvLookup& env) {
  Config config;
  config.migrations_dir = "migrations";
  config.schema_file = "schema.sql";
  fs::path file;
  if (overrides.config_file) {
    file = *overrides.config_file;
    if (!fs::exists(file)) {
      throw Error(ErrorCode::config, fmt::format("config file '{}' (--config) does not exist", file.string()));
    }
  } else if (auto named = env("RETORT_CONFIG"); named && !named->empty()) {
    file = *named;
    if (!fs::exists(file)) {
      throw Error(ErrorCode::config, fmt::format("config file '{}' (RETORT_CONFIG) does not exist", file.string()));
    }
  } else {
    file = find_config_file(overrides.search_from ? *overrides.search_from : fs::current_path());
  }
  if (!file.empty()) {
    file = fs::absolute(file).lexically_normal();
    config.config_file = file;
    config.base_dir = file.parent_path();
    read_file(config, file);
  } else {
    config.base_dir = fs::current_path();
  }
  config.cache_dir = folder_cache_dir(env);
  if (auto url = env("DATABASE_URL"); url && !url->empty()) {
    config.url = *url;
    config.url_source = "DATABASE_URL";
    config.url_line = 0;
  }
  if (overrides.url) {
    config.url = *overrides.url;
    config.url_source = "--url";
    config.url_line = 0;
  }
  if (overrides.migrations_dir) config.migrations_dir = fs::absolute(*overrides.migrations_dir);
  if (overrides.lock_timeout) config.lock_timeout = *overrides.lock_timeout;
  if (overrides.lock_mode) config.lock_mode = *overrides.lock_mode;
  config.migrations_dir = absolute_under(config.base_dir, config.migrations_dir);
  config.schema_file = absolute_under(config.base_dir, config.schema_file);
  if (!config.url.empty()) (void)url_kind(config.url);  // reject unknown schemes early, masked
  return config;
}

fs::path find_config_file(const fs::path& dir) {
  std::error_code ec;
  fs::path at = fs::absolute(dir, ec).lexically_normal();
  if (ec) return {};
  while (true) {
    fs::path candidate = at / k_config_name;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!at.has_relative_path()) return {};  // the root
    at = at.parent_path();
  }
}

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys{"url", "migrations", "version_table", "version_table_schema",
                                             "history_table", "schema_file", "dev_url", "lock_timeout_seconds",
                                             "lock_mode", "lock_lease_seconds"};
  return keys;
}

std::string default_config_text() {
  return R"(# retort.toml — see docs/configuration.md
# The database url. DATABASE_URL overrides it, and --url overrides both.
# url = "postgresql://user@localhost:5432/mydb"

# Folder of versioned SQL migrations, relative to this file.
migrations = "migrations"

# Version table (one row per applied head). Set to "alembic_version" to adopt an Alembic database.
version_table = "retort_version"
# version_table_schema = "public"
history_table = "retort_history"

# Desired schema for `check` and `revision --autogenerate`.
schema_file = "schema.sql"

# Scratch database for check, autogenerate and test: a private throwaway cluster by default.
dev_url = "pgtemp://"

# How long a run waits for another run's migration lock.
lock_timeout_seconds = 60
)";
}

} // namespace retort
