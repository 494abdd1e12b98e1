#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <fstream>
#include <memory>

#include "migration/folder_cache.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

std::string read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, fmt::format("cannot read {}", file), ErrorContext{.file = file});
  std::string text;
  in.seekg(0, std::ios::end);
  text.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

void drop_bodies(Migration& m) {
  m.up_sql.clear();
  m.up_sql.shrink_to_fit();
  m.down_sql.reset();
  m.bodies_loaded = false;
}

} // namespace

std::vector<Migration> load_migration_folder(const fs::path& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    throw Error(ErrorCode::io, fmt::format("migrations folder '{}' does not exist or cannot be read (run 'retort "
                                           "init' or set 'migrations' in retort.toml)", dir.string()));
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(d, closedir);
  // The cache is read (another thread) while the folder is listed and its files stat()ed.
  FolderCache cache(dir);
  auto cache_read = std::async(std::launch::async, [&cache] { return cache.read(); });
  std::vector<std::string> names;
  while (const dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".sql" && (e->d_type == DT_REG || e->d_type == DT_UNKNOWN)) {
      names.emplace_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<std::optional<FileStamp>> stamps(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) stamps[i] = stamp_at(dirfd(d), names[i].c_str());
  auto cached = cache_read.get();  // sorted by name, like `names`

  const std::string prefix = dir.string() + "/";
  // The usual case: every file is in the cache, unchanged. The cached entries are the answer.
  bool all_cached = cached.keys.size() == names.size();
  for (std::size_t i = 0; all_cached && i < names.size(); ++i) {
    all_cached = stamps[i] && cached.keys[i].name == names[i] && cached.keys[i].stamp == *stamps[i];
  }
  if (all_cached) {
    for (std::size_t i = 0; i < names.size(); ++i) cached.migrations[i].file = prefix + names[i];
    return std::move(cached.migrations);
  }
  // Otherwise one merge pass: cached entries where the stamp matches, the other files parsed.
  std::vector<Migration> out;
  std::vector<CacheKey> keys;  // the key of each entry of `out`
  out.reserve(names.size());
  keys.reserve(names.size());
  std::size_t j = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& name = names[i];
    const auto& stamp = stamps[i];
    if (!stamp) continue;  // vanished since readdir, or not a regular file we can stat
    while (j < cached.keys.size() && cached.keys[j].name < name) ++j;
    if (j < cached.keys.size() && cached.keys[j].name == name && cached.keys[j].stamp == *stamp) {
      out.push_back(std::move(cached.migrations[j]));
      out.back().file = prefix + name;
    } else {
      out.push_back(parse_migration(read_file(prefix + name), prefix + name));
      drop_bodies(out.back());
    }
    keys.push_back(CacheKey{name, *stamp});
  }
  cached = {};
  cache.write(keys, out);
  return out;
}

Migration with_bodies(const Migration& m) {
  if (m.bodies_loaded) return m;
  Migration full = parse_migration(read_file(m.file), m.file);
  if (full.revision != m.revision || full.down_revisions != m.down_revisions || full.checksum != m.checksum ||
      full.transaction != m.transaction || full.has_down != m.has_down) {
    throw Error(ErrorCode::migration_file,
                fmt::format("{} changed while retort was running; run the command again", m.file),
                ErrorContext{.file = m.file, .revision = m.revision});
  }
  return full;
}

} // namespace retort
