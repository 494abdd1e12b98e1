#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <future>
#include <thread>
#include <fstream>
#include <memory>

#include "migration/folder_cache.hpp"
#include "migration/scan.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

/// From this many files to read, they are read and parsed on several threads.
constexpr std::size_t k_parallel_parse_from = 64;

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

/// Reads and parses `out[i]` (whose `file` is set) for each i in `which`, in parallel when there are
/// many. The error of the first failing file in folder order is the one thrown, as in a serial read.
void parse_files(std::vector<Migration>& out, const std::vector<std::size_t>& which) {
  std::vector<std::exception_ptr> errors(which.size());
  auto parse_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      Migration& m = out[which[k]];
      try {
        // Streamed: the header, the checksum and where the sections lie, never the whole file at once.
        m = scan_migration_file(m.file).migration;
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  const std::size_t workers =
      which.size() < k_parallel_parse_from ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<std::future<void>> others;
  const std::size_t chunk = (which.size() + workers - 1) / std::max<std::size_t>(workers, 1);
  for (std::size_t w = 1; w < workers; ++w) {
    others.push_back(std::async(std::launch::async, parse_range, std::min(w * chunk, which.size()),
                                std::min((w + 1) * chunk, which.size())));
  }
  parse_range(0, std::min(chunk, which.size()));
  for (auto& f : others) f.get();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

bool is_near_miss(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](std::string_view suffix) {
    return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".sql")) return true;  // .SQL, .Sql: not read (the name must end in lower-case .sql)
  // a stray space, a second extension, or a neighbouring spelling
  std::string trimmed = lower;
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
  if (trimmed.size() != lower.size() && trimmed.size() > 4 && trimmed.compare(trimmed.size() - 4, 4, ".sql") == 0) return true;
  for (std::string_view suffix : {".sql.txt", ".psql", ".pgsql", ".sq", ".sqll", ".slq", ".qsl", "_sql", ".sql.sql"}) {
    if (ends(suffix)) return true;
  }
  return false;
}

} // namespace

std::vector<Migration> load_migration_folder(const fs::path& dir, const fs::path& cache_dir) {
  return load_migration_folder(dir, nullptr, cache_dir);
}

std::vector<Migration> load_migration_folder(const fs::path& dir, std::vector<std::string>* near_misses,
                                             const fs::path& cache_dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    throw Error(ErrorCode::io, fmt::format("migrations folder '{}' does not exist or cannot be read (run 'retort "
                                           "init' or set 'migrations' in retort.toml)", dir.string()));
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(d, closedir);
  // The cache is read (another thread) while the folder is listed and its files stat()ed.
  FolderCache cache(dir, cache_dir);
  auto cache_read = std::async(std::launch::async, [&cache] { return cache.read(); });
  std::vector<std::string> names;
  while (const dirent* e = readdir(d)) {
    std::string_view name = e->d_name;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".sql" && (e->d_type == DT_REG || e->d_type == DT_UNKNOWN)) {
      names.emplace_back(name);
    } else if (near_misses != nullptr && is_near_miss(name)) {
      near_misses->emplace_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  if (near_misses != nullptr) std::sort(near_misses->begin(), near_misses->end());
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
  // Otherwise one merge pass: cached entries where the stamp matches; the other files are read and
  // parsed afterwards, on several threads when there are many (a fresh container or CI job has no
  // cache: every file is read).
  std::vector<Migration> out;
  std::vector<CacheKey> keys;  // the key of each entry of `out`
  std::vector<std::size_t> to_parse;  // entries of `out` still to be read
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
    } else {
      out.emplace_back();
      to_parse.push_back(out.size() - 1);
    }
    out.back().file = prefix + name;
    keys.push_back(CacheKey{name, *stamp});
  }
  cached = {};
  parse_files(out, to_parse);
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
