// migration/folder_cache.hpp — parsed migration headers kept between runs, trusted only for files
// whose stat() is unchanged (docs/folder-cache.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "retort/migration.hpp"

namespace retort {

/// What must be unchanged for a cached header to be used: size, mtime and ctime to the
/// nanosecond, inode and device.
struct FileStamp {
  std::uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, inode = 0, device = 0;
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `name` in the folder open as `dir_fd` (fstatat: no path walk per file); nullopt
/// when it cannot be stat()ed or is not a regular file.
std::optional<FileStamp> stamp_at(int dir_fd, const char* name);

struct CachedMigration {
  std::string name;     ///< the file's name in the folder
  FileStamp stamp;
  Migration migration;  ///< without bodies; `file` is left empty
};

/// The cache for one migrations folder, in $XDG_CACHE_HOME/retort (or ~/.cache/retort).
/// Every failure to read or write it is silent: the cache only ever saves work.
class FolderCache {
public:
  explicit FolderCache(const std::filesystem::path& dir);

  /// The entries usable now, sorted by name. Entries whose mtime or ctime is not safely older than
  /// the moment the cache was written are left out (a file written in that same instant might differ).
  std::vector<CachedMigration> read() const;
  /// Replaces the cache with `entries` (sorted by name, as load_migration_folder makes them), atomically.
  void write(const std::vector<CachedMigration>& entries) const;

private:
  std::filesystem::path m_file;  ///< empty: caching is off (RETORT_NO_CACHE, or no home)
};

} // namespace retort
