#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "migration/folder_cache.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, fmt::format("cannot read {}", file.string()), ErrorContext{.file = file.string()});
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
  std::vector<std::string> names;
  {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      throw Error(ErrorCode::io, fmt::format("migrations folder '{}' does not exist or cannot be read (run 'retort "
                                             "init' or set 'migrations' in retort.toml)", dir.string()));
    }
    while (const dirent* e = readdir(d)) {
      std::string_view name = e->d_name;
      if (name.size() > 4 && name.substr(name.size() - 4) == ".sql" && (e->d_type == DT_REG || e->d_type == DT_UNKNOWN)) {
        names.emplace_back(name);
      }
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());

  FolderCache cache(dir);
  auto cached = cache.read();
  bool changed = cached.size() != names.size();
  const std::string prefix = dir.string() + "/";
  std::vector<Migration> out;
  std::vector<std::optional<FileStamp>> stamps;
  out.reserve(names.size());
  stamps.reserve(names.size());
  for (const auto& name : names) {
    const std::string file = prefix + name;
    auto stamp = stamp_of(file);
    if (!stamp) continue;  // vanished since readdir, or not a regular file we can stat
    auto hit = cached.find(name);
    if (hit != cached.end() && hit->second.stamp == *stamp) {
      out.push_back(std::move(hit->second.migration));
      out.back().file = file;
    } else {
      out.push_back(parse_migration(read_file(file), file));
      drop_bodies(out.back());
      changed = true;
    }
    stamps.push_back(stamp);
  }
  if (changed) {
    std::unordered_map<std::string, CachedMigration> fresh;
    fresh.reserve(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      fresh.emplace(out[i].file.filename().string(), CachedMigration{*stamps[i], out[i]});
    }
    cache.write(fresh);
  }
  return out;
}

Migration with_bodies(const Migration& m) {
  if (m.bodies_loaded) return m;
  Migration full = parse_migration(read_file(m.file), m.file);
  if (full.revision != m.revision || full.down_revisions != m.down_revisions || full.checksum != m.checksum ||
      full.transaction != m.transaction || full.has_down != m.has_down) {
    throw Error(ErrorCode::migration_file,
                fmt::format("{} changed while retort was running; run the command again", m.file.string()),
                ErrorContext{.file = m.file.string(), .revision = m.revision});
  }
  return full;
}

} // namespace retort
