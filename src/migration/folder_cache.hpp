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

/// A file the cache knows: its name in the folder and its stamp when it was parsed.
struct CacheKey {
  std::string name;
  FileStamp stamp;
};

/// The cache's entries, sorted by name: `keys[i]` is the file `migrations[i]` (without bodies,
/// `file` empty) was parsed from.
struct CachedFolder {
  std::vector<CacheKey> keys;
  std::vector<Migration> migrations;
};

/// The cache for one migrations folder, a file in `cache_dir` (Config::cache_dir; empty: off).
/// Every failure to read or write it is silent: the cache only ever saves work.
class FolderCache {
public:
  FolderCache(const std::filesystem::path& dir, const std::filesystem::path& cache_dir);

  /// The entries usable now, sorted by name. Entries whose mtime or ctime is not safely older than
  /// the moment the cache was written are left out (a file written in that same instant might differ).
  CachedFolder read() const;
  /// Replaces the cache, atomically, with `migrations` and their keys (aligned, sorted by name, as
  /// load_migration_folder makes them).
  void write(const std::vector<CacheKey>& keys, const std::vector<Migration>& migrations) const;

private:
  std::filesystem::path m_file;  ///< empty: caching is off
};

} // namespace retort
