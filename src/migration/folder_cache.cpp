#include "migration/folder_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace retort {
namespace {

constexpr std::string_view k_magic = "retort-folder-cache-3\n";  // 2: entries sorted by name; 3: code migrations
constexpr std::uint64_t k_racy_ns = 2'000'000'000;  // files touched within 2 s of the write are re-read

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

class Writer {
public:
  void u64(std::uint64_t v) { m_out.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s) {
    u64(s.size());
    m_out += s;
  }
  void list(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  std::string& data() { return m_out; }

private:
  std::string m_out;
};

/// Reads the cache file in blocks: the file for 10,000 revisions is 3 MB, and holding all of it
/// beside the entries it becomes would add that much to the peak memory of a listing.
class Reader {
public:
  explicit Reader(int fd) : m_fd(fd) {}
  bool u64(std::uint64_t& v) {
    if (!need(sizeof v)) return false;
    std::memcpy(&v, m_buf.data() + m_pos, sizeof v);
    m_pos += sizeof v;
    return true;
  }
  bool str(std::string& s) {
    std::uint64_t n = 0;
    if (!u64(n) || n > k_max_field || !need(n)) return false;
    s.assign(m_buf.data() + m_pos, n);
    m_pos += n;
    return true;
  }
  bool list(std::vector<std::string>& v) {
    std::uint64_t n = 0;
    if (!u64(n) || n > k_max_field) return false;
    v.resize(n);
    for (auto& s : v) {
      if (!str(s)) return false;
    }
    return true;
  }
  /// The next `n` bytes as a string_view (valid until the next read).
  bool bytes(std::size_t n, std::string_view& out) {
    if (!need(n)) return false;
    out = std::string_view(m_buf.data() + m_pos, n);
    m_pos += n;
    return true;
  }

private:
  static constexpr std::size_t k_block = 64 << 10;
  static constexpr std::uint64_t k_max_field = 16 << 20;  // no header field is near this; a torn file may claim more

  /// At least `n` unread bytes in the buffer, reading more as needed; false at the end of the file.
  bool need(std::size_t n) {
    if (m_buf.size() - m_pos >= n) return true;
    m_buf.erase(0, m_pos);
    m_pos = 0;
    while (m_buf.size() < n) {
      std::size_t have = m_buf.size();
      m_buf.resize(have + std::max(k_block, n - have));
      auto got = ::read(m_fd, m_buf.data() + have, m_buf.size() - have);
      m_buf.resize(have + static_cast<std::size_t>(got > 0 ? got : 0));
      if (got <= 0) return m_buf.size() >= n;
    }
    return true;
  }

  int m_fd;
  std::string m_buf;
  std::size_t m_pos = 0;
};

} // namespace

std::optional<FileStamp> stamp_at(int dir_fd, const char* name) {
  struct stat st {};
  if (::fstatat(dir_fd, name, &st, 0) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  auto ns = [](const timespec& t) { return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(t.tv_nsec); };
  return FileStamp{static_cast<std::uint64_t>(st.st_size), ns(st.st_mtim), ns(st.st_ctim), static_cast<std::uint64_t>(st.st_ino),
                   static_cast<std::uint64_t>(st.st_dev)};
}

FolderCache::FolderCache(const fs::path& dir, const fs::path& cache_dir) {
  if (cache_dir.empty()) return;
  std::error_code ec;
  auto absolute = fs::weakly_canonical(dir, ec);
  if (ec) return;
  // FNV-1a of the folder's path names the file; entries are checked by name and stamp (inode and
  // device included), so even two folders sharing a name could never serve each other's headers.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : absolute.string()) h = (h ^ c) * 1099511628211ULL;
  m_file = cache_dir / (fmt::format("{:016x}", h) + ".cache");
}

CachedFolder FolderCache::read() const {
  CachedFolder out;
  if (m_file.empty()) return out;
  int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  Reader r(fd);
  std::string_view magic;
  if (!r.bytes(k_magic.size(), magic) || magic != k_magic) return out;
  std::uint64_t written = 0, count = 0;
  if (!r.u64(written) || !r.u64(count) || count > (1u << 24)) return out;
  out.keys.reserve(count);
  out.migrations.reserve(count);
  std::string transaction;
  for (std::uint64_t k = 0; k < count; ++k) {
    CacheKey key;
    Migration m;
    std::uint64_t up_line = 0, down_line = 0, has_down = 0;
    bool ok = r.str(key.name) && r.u64(key.stamp.size) && r.u64(key.stamp.mtime_ns) && r.u64(key.stamp.ctime_ns) &&
              r.u64(key.stamp.inode) && r.u64(key.stamp.device) && r.str(m.revision) && r.list(m.down_revisions) &&
              r.list(m.branch_labels) && r.list(m.depends_on) && r.str(m.message) && r.str(m.created) &&
              r.str(transaction) && r.str(m.lock_timeout) && r.str(m.statement_timeout) && r.str(m.code_version) && r.u64(up_line) &&
              r.u64(down_line) && r.u64(has_down) && r.str(m.checksum);
    if (!ok) return {};  // a torn or foreign file: ignore it entirely
    if (!out.keys.empty() && !(out.keys.back().name < key.name)) return {};  // not sorted: not a file this code wrote
    if (key.stamp.mtime_ns + k_racy_ns >= written || key.stamp.ctime_ns + k_racy_ns >= written) continue;
    m.transaction = transaction == "none" ? TransactionMode::none : TransactionMode::per_migration;
    m.up_line = static_cast<int>(up_line);
    m.down_line = static_cast<int>(down_line);
    m.has_down = has_down != 0;
    m.bodies_loaded = false;
    out.keys.push_back(std::move(key));
    out.migrations.push_back(std::move(m));
  }
  return out;
}

void FolderCache::write(const std::vector<CacheKey>& keys, const std::vector<Migration>& migrations) const {
  if (m_file.empty()) return;
  Writer w;
  w.data() = k_magic;
  w.u64(now_ns());
  w.u64(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const CacheKey& e = keys[i];
    const Migration& m = migrations[i];
    w.str(e.name);
    for (auto v : {e.stamp.size, e.stamp.mtime_ns, e.stamp.ctime_ns, e.stamp.inode, e.stamp.device}) w.u64(v);
    w.str(m.revision);
    w.list(m.down_revisions);
    w.list(m.branch_labels);
    w.list(m.depends_on);
    w.str(m.message);
    w.str(m.created);
    w.str(m.transaction == TransactionMode::none ? "none" : "per-migration");
    w.str(m.lock_timeout);
    w.str(m.statement_timeout);
    w.str(m.code_version);
    w.u64(static_cast<std::uint64_t>(m.up_line));
    w.u64(static_cast<std::uint64_t>(m.down_line));
    w.u64(m.has_down ? 1 : 0);
    w.str(m.checksum);
  }
  std::error_code ec;
  fs::create_directories(m_file.parent_path(), ec);
  if (ec) return;
  fs::path tmp = m_file;
  tmp += "." + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(w.data().data(), static_cast<std::streamsize>(w.data().size()));
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, m_file, ec);
  if (ec) fs::remove(tmp, ec);
}

} // namespace retort
