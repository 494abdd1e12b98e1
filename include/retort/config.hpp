// retort/config.hpp — retort.toml, the environment and the command line, merged once.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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
  int url_line = 0;                        ///< the line of `url` in the config file, when it came from there
  std::filesystem::path migrations_dir;    ///< absolute folder of *.sql migrations
  std::string version_table = "retort_version";
  std::string version_schema;              ///< empty: the connection's default schema
  std::string history_table = "retort_history";
  std::filesystem::path schema_file;       ///< desired schema for check/autogenerate (may not exist)
  std::string dev_url = "pgtemp://";       ///< scratch database for check, autogenerate and test
  std::chrono::milliseconds lock_timeout{std::chrono::seconds{60}};
  LockMode lock_mode = LockMode::advisory;
  std::chrono::milliseconds lock_lease{std::chrono::seconds{30}};  ///< lease mode: expiry without heartbeat
  /// Where the folder cache of parsed headers lives (docs/folder-cache.md); empty: no cache is read
  /// or written. load_config sets $XDG_CACHE_HOME/retort or ~/.cache/retort (none with
  /// RETORT_NO_CACHE=1); a Config built in code writes nothing unless its caller sets one.
  std::filesystem::path cache_dir;
};

/// What the command line says, each field overriding the file.
struct ConfigOverrides {
  std::optional<std::filesystem::path> config_file;  ///< --config; when absent RETORT_CONFIG, else the nearest retort.toml
  std::optional<std::filesystem::path> search_from;  ///< where the search for retort.toml starts (default: the current folder)
  std::optional<std::string> url;                    ///< --url
  std::optional<std::filesystem::path> migrations_dir;
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<LockMode> lock_mode;
};

/// Reads an environment variable; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

/// The process environment.
EnvLookup process_env();

/// Loads the config the way the command line does: the file is --config, else RETORT_CONFIG, else
/// the retort.toml in the current folder or the nearest folder above it that has one (as git finds
/// .git); none is fine. The url is `--url`, then DATABASE_URL, then the file's `url`. The folder
/// cache is on (cache_dir from XDG_CACHE_HOME or HOME) unless RETORT_NO_CACHE is set.
/// This is the CLI-facing loader: it reads files and the environment. A Config built in code
/// reads neither.
/// Throws Error(ErrorCode::config) naming the file and line for a malformed file, an unknown key
/// (with the closest known ones), a value of the wrong type, or an explicit --config or
/// RETORT_CONFIG that does not exist.
Config load_config(const ConfigOverrides& overrides, const EnvLookup& env = process_env());

/// The nearest retort.toml in `dir` or a folder above it; empty when there is none.
std::filesystem::path find_config_file(const std::filesystem::path& dir);

/// The keys a retort.toml may hold.
const std::vector<std::string>& config_keys();

/// The text of a fresh retort.toml, as `retort init` writes it.
std::string default_config_text();

} // namespace retort
