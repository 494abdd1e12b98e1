// retort/migration.hpp — one migration file, parsed, and the folder that holds them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

enum class TransactionMode { per_migration, none };

/// A migration as its file states it. SQL is kept as text; statements are split by the dialect
/// when the migration runs (so that listing 10,000 revisions never parses SQL).
struct Migration {
  std::string revision;
  std::vector<std::string> down_revisions;  ///< empty for a base; several for a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::string created;
  TransactionMode transaction = TransactionMode::per_migration;
  std::string lock_timeout;           ///< PostgreSQL lock_timeout for this migration ("5s"), empty: the run's
  std::string statement_timeout;      ///< PostgreSQL statement_timeout for this migration, empty: the run's
  /// A code migration (header `-- code: VERSION`): no SQL; its steps are a C++ function that the
  /// program running it registers (RunOptions::code), checked against this version. Empty: SQL.
  std::string code_version;
  std::string file;                   ///< the file's path as the folder was named plus its name ("migrations/0001_x.sql")
  std::string up_sql;                 ///< the text between "-- migrate:up" and "-- migrate:down" (or the end)
  int up_line = 0;                    ///< file line of the first line of up_sql
  std::optional<std::string> down_sql;///< absent when the file has no "-- migrate:down": irreversible
  int down_line = 0;
  bool has_down = false;              ///< the file has a down section (valid with or without bodies)
  std::string checksum;               ///< migration_checksum() of the file (filled by the parser, the folder cache, or the graph)
  /// Whether up_sql/down_sql hold the SQL. A folder is read without them (listing 10,000 revisions
  /// needs none); with_bodies() reads them when a command runs or shows the SQL.
  bool bodies_loaded = true;

  /// The file's name without its folder ("0001_x.sql").
  [[nodiscard]] std::string_view file_name() const noexcept {
    auto slash = file.rfind('/');
    return slash == std::string::npos ? std::string_view(file) : std::string_view(file).substr(slash + 1);
  }
};

/// Parses one migration file's text. Throws Error(ErrorCode::migration_file) with the file and line
/// for: text that is not UTF-8, an unknown or repeated header key, a missing revision or down_revision,
/// an invalid revision id, a bad transaction value, a missing or repeated "-- migrate:up" marker.
Migration parse_migration(std::string_view text, const std::string& file);

/// Reads every *.sql file directly in `dir`, sorted by file name, without their SQL bodies
/// (bodies_loaded = false). With a `cache_dir`, headers and checksums come from the folder cache
/// there for files whose size, times and inode are unchanged since it was written
/// (docs/folder-cache.md) and the others are parsed; without one every file is parsed and nothing
/// is written. Throws Error(ErrorCode::io) when the folder is missing, and whatever parse_migration throws.
std::vector<Migration> load_migration_folder(const std::filesystem::path& dir, const std::filesystem::path& cache_dir = {});
/// The same, also listing (sorted) the files that look meant as migrations but are not read:
/// `*.SQL` and other case variants, a trailing space, `.sql.txt`, `.psql`, `.pgsql` and the like.
std::vector<Migration> load_migration_folder(const std::filesystem::path& dir, std::vector<std::string>* near_misses,
                                             const std::filesystem::path& cache_dir = {});

/// The migration with its SQL bodies: `m` itself when loaded, otherwise its file read again.
/// Throws Error(ErrorCode::migration_file) when the file changed since the folder was read.
Migration with_bodies(const Migration& m);

/// Whether `value` is a timeout PostgreSQL accepts and retort allows: digits, optionally followed by
/// ms, s, min, h or d ("0" disables).
bool is_valid_timeout(std::string_view value);

/// Checksum algorithm version recorded beside each checksum (docs/checksums.md).
inline constexpr int k_checksum_version = 1;

/// SHA-256 (hex) over the normalized up section and the parents (docs/checksums.md):
/// a BOM, CRLF/CR line endings and trailing whitespace do not change it; re-parenting does.
std::string migration_checksum(const Migration& migration);

/// Whether `id` is a valid revision id: 1–32 characters of [A-Za-z0-9_.] (no "-", "+", ":" or "@": they belong to targets),
/// and not a reserved word (head, heads, base) — the 32 keeps ids valid in an Alembic version table.
bool is_valid_revision_id(std::string_view id);

} // namespace retort
