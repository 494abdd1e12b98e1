// migration/folder_cache.hpp — parsed migration headers kept between runs, trusted only for files
// whose stat() is unchanged (docs/folder-cache.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "retort/migration.hpp"

namespace retort {

/// What must be unchanged for a cached header to be used: size, mtime and ctime to the
/// nanosecond, inode and device.
struct FileStamp {
  std::uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, inode = 0, device = 0;
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `file`; nullopt when it cannot be stat()ed.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

struct CachedMigration {
  FileStamp stamp;
  Migration migration;  ///< without bodies
};

/// The cache for one migrations folder, in $XDG_CACHE_HOME/retort (or ~/.cache/retort).
/// Every failure to read or write it is silent: the cache only ever saves work.
class FolderCache {
public:
  explicit FolderCache(const std::filesystem::path& dir);

  /// The entries usable now: file name → entry. Entries whose mtime is not safely older than the
  /// moment the cache was written are left out (a file written in that same instant might differ).
  std::unordered_map<std::string, CachedMigration> read() const;
  /// Replaces the cache with `entries` (file name → entry), atomically.
  void write(const std::unordered_map<std::string, CachedMigration>& entries) const;

private:
  std::filesystem::path m_file;  ///< empty: caching is off (RETORT_NO_CACHE, or no home)
};

} // namespace retort
