// retort/config.hpp — retort.toml, the environment and the command line, merged once.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace retort {

/// How a run keeps other runs out.
enum class LockMode {
  advisory,  ///< PostgreSQL session advisory lock (SQLite: an exclusive lock on a side file)
  lease,     ///< a row in a lock table with owner, heartbeat and expiry: works behind transaction-pooling PgBouncer
};

/// Everything a command needs to know about the project and the database.
struct Config {
  std::filesystem::path config_file;       ///< the retort.toml read, empty when none was found
  std::filesystem::path base_dir;          ///< relative paths in the file are relative to this
  std::string url;                         ///< the database url; may be empty for offline commands
  std::string url_source;                  ///< "--url", "DATABASE_URL", the config file, or "" when unset
  std::filesystem::path migrations_dir;    ///< absolute folder of *.sql migrations
  std::string version_table = "retort_version";
  std::string version_schema;              ///< empty: the connection's default schema
  std::string history_table = "retort_history";
  std::filesystem::path schema_file;       ///< desired schema for check/autogenerate (may not exist)
  std::string dev_url = "pgtemp://";       ///< scratch database for check, autogenerate and test
  std::chrono::milliseconds lock_timeout{std::chrono::seconds{60}};
  LockMode lock_mode = LockMode::advisory;
  std::chrono::milliseconds lock_lease{std::chrono::seconds{30}};  ///< lease mode: expiry without heartbeat
};

/// What the command line says, each field overriding the file.
struct ConfigOverrides {
  std::optional<std::filesystem::path> config_file;  ///< --config; when absent ./retort.toml is used if present
  std::optional<std::string> url;                    ///< --url
  std::optional<std::filesystem::path> migrations_dir;
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<LockMode> lock_mode;
};

/// Reads an environment variable; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

/// The process environment.
EnvLookup process_env();

/// Loads the config: `--url`, then DATABASE_URL, then the file's `url`.
/// Throws Error(ErrorCode::config) naming the file and line for a malformed file, an unknown key,
/// a value of the wrong type, or an explicit --config that does not exist.
Config load_config(const ConfigOverrides& overrides, const EnvLookup& env = process_env());

/// The text of a fresh retort.toml, as `retort init` writes it.
std::string default_config_text();

} // namespace retort
