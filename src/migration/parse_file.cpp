#include "retort/migration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "migration/scan.hpp"
#include "migration/text.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

/// A header line's error, recorded by the scanner (the first one in the file is thrown at its end).
struct HeaderError {
  int line;
  std::string what;
};

/// Bytes read from a file at a time.
constexpr std::size_t k_scan_chunk = 1u << 20;

struct FdCloser {
  int fd;
  explicit FdCloser(int f) : fd(f) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() { ::close(fd); }
};

struct Parser {
  const std::string& file;

  [[noreturn]] void fail(int line, const std::string& what) const { throw HeaderError{line, what}; }

  std::vector<std::string> id_list(int line, std::string_view key, std::string_view value, bool none_allowed) const {
    std::vector<std::string> out;
    std::string_view v = trim(value);
    if (v.empty() || (none_allowed && (v == "none" || v == "None"))) return out;
    for (std::string_view item : split_commas(v)) {
      item = trim(item);
      if (!is_valid_revision_id(item)) {
        fail(line, fmt::format("'{}' in {} is not a valid revision id "
                               "(1-32 characters of letters, digits, '_' and '.'; not head, heads, base or current)", item, key));
      }
      if (std::find(out.begin(), out.end(), item) != out.end()) {
        fail(line, fmt::format("'{}' is listed twice in {}", item, key));
      }
      out.emplace_back(item);
    }
    return out;
  }
};

/// "-- migrate:up" and friends: returns "up"/"down" or "" when the line is no marker.
std::string_view marker_of(std::string_view line) {
  std::string_view t = trim(line);
  if (t.substr(0, 2) != "--") return {};
  t = trim(t.substr(2));
  if (t == "migrate:up") return "up";
  if (t == "migrate:down") return "down";
  return {};
}

} // namespace

bool is_valid_revision_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  // The target keywords: a revision or label with one of these names could never be named.
  if (id == "head" || id == "heads" || id == "base" || id == "current") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

bool is_valid_timeout(std::string_view value) {
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return false;
  std::string_view unit = trim(value.substr(digits));
  return unit.empty() || unit == "ms" || unit == "s" || unit == "min" || unit == "h" || unit == "d";
}

MigrationScanner::MigrationScanner(std::string file) : m_file(std::move(file)) { m_out.migration.file = m_file; }

void MigrationScanner::fail(int line, const std::string& what) const {
  throw Error(ErrorCode::migration_file, fmt::format("{}:{}: {}", m_file, line, what),
              ErrorContext{.file = m_file, .line = line});
}

void MigrationScanner::fail_at(int line, std::string what) {
  if (!m_error) m_error.emplace(line, std::move(what));
}

void MigrationScanner::feed(std::string_view piece) {
  if (m_first_piece) {
    // The BOM is looked for in the file's first three bytes, whichever pieces bring them.
    m_partial.append(piece);
    if (m_partial.size() < 3) return;
    m_first_piece = false;
    std::string head = std::move(m_partial);
    m_partial.clear();
    std::string_view rest = head;
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") {
      rest.remove_prefix(3);
      m_offset = 3;
    }
    feed(rest);
    return;
  }
  std::size_t pos = 0;
  while (pos < piece.size()) {
    const std::size_t eol = piece.find('\n', pos);
    if (eol == std::string_view::npos) {
      m_partial.append(piece.substr(pos));
      return;
    }
    if (m_partial.empty()) {
      line(piece.substr(pos, eol + 1 - pos), true);
    } else {
      m_partial.append(piece.substr(pos, eol + 1 - pos));
      line(m_partial, true);
      m_partial.clear();
    }
    pos = eol + 1;
  }
}

void MigrationScanner::flush_checksum(bool all) {
  if (m_sha && (all || m_normalized.size() >= (64u << 10))) {
    m_sha->update(m_normalized);
    m_normalized.clear();
  }
}

void MigrationScanner::start_up() {
  Migration& m = m_out.migration;
  if (!m.code_version.empty()) return;  // its checksum stands on its version (migration_checksum)
  // Version 1 (docs/checksums.md): "retort-checksum-1\n" + parents, comma-joined in file order,
  // + "\n" + the normalized up section. The header, parents included, is complete by now.
  m_sha.emplace();
  std::string prefix = "retort-checksum-1\n";
  for (std::size_t i = 0; i < m.down_revisions.size(); ++i) {
    if (i > 0) prefix += ',';
    prefix += m.down_revisions[i];
  }
  prefix += '\n';
  m_sha->update(prefix);
}

void MigrationScanner::line(std::string_view raw, bool terminated) {
  const std::uint64_t start = m_offset;
  m_offset += raw.size();
  ++m_line_no;
  std::string_view text = terminated ? raw.substr(0, raw.size() - 1) : raw;
  if (!m_bad_utf8_line && first_invalid_utf8(text)) m_bad_utf8_line = m_line_no;
  if (m_error) return;  // only the UTF-8 check goes on: that error comes first
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  Migration& m = m_out.migration;
  if (auto marker = marker_of(text); !marker.empty()) {
    if (marker == "up") {
      if (m_section != Section::header) {
        return fail_at(m_line_no, fmt::format("a second '-- migrate:up' marker (the first is on line {})", m_up_marker_line));
      }
      m_up_marker_line = m_line_no;
      m_section = Section::up;
      m.up_line = m_line_no + 1;
      m_out.up = SectionPlace{m_offset, 0, m.up_line};
      start_up();
    } else {
      if (m_section == Section::header) return fail_at(m_line_no, "'-- migrate:down' comes before '-- migrate:up'");
      if (m_section == Section::down) return fail_at(m_line_no, "a second '-- migrate:down' marker");
      m_out.up.size = start - m_out.up.offset;
      m_section = Section::down;
      m.down_line = m_line_no + 1;
      m_out.down = SectionPlace{m_offset, 0, m.down_line};
    }
    return;
  }
  if (m_section == Section::header) {
    header_line(text);
    return;
  }
  std::string_view t = trim(text);
  const bool sql = !t.empty() && t.substr(0, 2) != "--";
  if (m_section == Section::up) {
    m_up_has_sql = m_up_has_sql || sql;
    if (m_sha) {
      m_normalizer.feed(raw, m_normalized);
      flush_checksum(false);
    }
  } else {
    m_down_has_sql = m_down_has_sql || sql;
  }
}

void MigrationScanner::header_line(std::string_view line) {
  std::string_view t = trim(line);
  if (t.empty()) return;
  if (t.substr(0, 2) != "--") {
    return fail_at(m_line_no, "SQL before the '-- migrate:up' marker (the header holds only '-- key: value' lines)");
  }
  std::string_view body = trim(t.substr(2));
  auto colon = body.find(':');
  std::string_view key = colon == std::string_view::npos ? std::string_view{} : trim(body.substr(0, colon));
  bool looks_like_key = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
  if (!looks_like_key) return;
  Migration& m = m_out.migration;
  Parser p{m_file};
  const int line_no = m_line_no;
  try {
    std::string_view value = trim(body.substr(colon + 1));
    if (!m_seen.insert(std::string(key)).second) p.fail(line_no, fmt::format("header key '{}' is repeated", key));
    if (key == "revision") {
      if (!is_valid_revision_id(value)) {
        p.fail(line_no, fmt::format("'{}' is not a valid revision id (1-32 characters of letters, digits, '_' "
                                    "and '.'; not head, heads, base or current)", value));
      }
      m.revision = std::string(value);
      m_has_revision = true;
    } else if (key == "down_revision") {
      m.down_revisions = p.id_list(line_no, key, value, true);
      m_has_down_revision = true;
    } else if (key == "branch_labels") {
      m.branch_labels = p.id_list(line_no, key, value, false);
    } else if (key == "depends_on") {
      m.depends_on = p.id_list(line_no, key, value, true);
    } else if (key == "message") {
      m.message = std::string(value);
    } else if (key == "created") {
      m.created = std::string(value);
    } else if (key == "transaction") {
      if (value == "per-migration" || value == "per_migration" || value.empty()) {
        m.transaction = TransactionMode::per_migration;
      } else if (value == "none") {
        m.transaction = TransactionMode::none;
      } else {
        p.fail(line_no, fmt::format("transaction must be 'per-migration' or 'none', not '{}'", value));
      }
    } else if (key == "code") {
      if (value.empty()) p.fail(line_no, "code needs the version of the registered function ('-- code: 1')");
      m.code_version = std::string(value);
    } else if (key == "lock_timeout" || key == "statement_timeout") {
      if (!is_valid_timeout(value)) {
        p.fail(line_no, fmt::format("{} must be a number with an optional unit (ms, s, min, h, d), not '{}'", key, value));
      }
      (key == "lock_timeout" ? m.lock_timeout : m.statement_timeout) = std::string(value);
    } else {
      p.fail(line_no, fmt::format("unknown header key '{}' (known: revision, down_revision, branch_labels, "
                                  "depends_on, message, created, transaction, lock_timeout, statement_timeout, code)", key));
    }
  } catch (const HeaderError& e) {
    fail_at(e.line, e.what);
  }
}

ScannedMigration MigrationScanner::finish() {
  if (m_first_piece) {  // fewer than three bytes in all
    m_first_piece = false;
    std::string head = std::move(m_partial);
    m_partial.clear();
    feed(head);
  }
  if (!m_partial.empty() || m_line_no == 0) {
    std::string last = std::move(m_partial);
    m_partial.clear();
    line(last, false);
  }
  if (m_bad_utf8_line) fail(*m_bad_utf8_line, "the file is not UTF-8 text (binary data?)");
  if (m_error) fail(m_error->first, m_error->second);
  Migration& m = m_out.migration;
  if (m_section == Section::header) {
    fail(m_line_no, "no '-- migrate:up' marker: a migration needs an up section");
  }
  if (m_section == Section::up) m_out.up.size = m_offset - m_out.up.offset;
  if (m_out.down) m_out.down->size = m_offset - m_out.down->offset;
  if (!m_has_revision) fail(1, "the header has no 'revision:' line");
  if (!m_has_down_revision) fail(1, "the header has no 'down_revision:' line (write 'down_revision: none' for a base)");
  if (std::find(m.down_revisions.begin(), m.down_revisions.end(), m.revision) != m.down_revisions.end()) {
    fail(1, fmt::format("revision '{}' names itself as its down_revision", m.revision));
  }
  m.has_down = m_out.down.has_value();
  if (!m.code_version.empty()) {
    if (m.transaction == TransactionMode::none) {
      fail(1, "a code migration runs inside its transaction: 'transaction: none' is not allowed with 'code:'");
    }
    if (m_up_has_sql || m_down_has_sql) {
      fail(m.up_line, "a code migration has no SQL: its steps are the function the program registers for it "
                      "(comments are fine)");
    }
    m.checksum = migration_checksum(m);
  } else {
    flush_checksum(true);
    m.checksum = m_sha->hex();
    m_sha.reset();
  }
  m.bodies_loaded = false;
  return std::move(m_out);
}

Migration parse_migration(std::string_view text, const std::string& file) {
  MigrationScanner scanner(file);
  scanner.feed(text);
  ScannedMigration scanned = scanner.finish();
  Migration m = std::move(scanned.migration);
  m.up_sql = std::string(text.substr(scanned.up.offset, scanned.up.size));
  if (scanned.down) m.down_sql = std::string(text.substr(scanned.down->offset, scanned.down->size));
  m.bodies_loaded = true;
  return m;
}

ScannedMigration scan_migration_fd(int fd, const std::string& file) {
  MigrationScanner scanner(file);
  // A buffer the size of the file, up to one chunk: most migrations are a few KB, and a folder of
  // 10,000 of them must not zero a megabyte each.
  struct stat st {};
  const std::size_t size = ::fstat(fd, &st) == 0 && st.st_size >= 0 ? static_cast<std::size_t>(st.st_size) : k_scan_chunk;
  std::string buffer(std::clamp<std::size_t>(size + 1, 4096, k_scan_chunk), '\0');
  for (std::uint64_t at = 0;;) {
    const auto got = ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(at));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::io, fmt::format("cannot read {}: {}", file, std::strerror(errno)), ErrorContext{.file = file});
    }
    if (got == 0) break;
    scanner.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    at += static_cast<std::uint64_t>(got);
  }
  return scanner.finish();
}

ScannedMigration scan_migration_file(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::io, fmt::format("cannot read {}", file), ErrorContext{.file = file});
  const FdCloser closer{fd};
  return scan_migration_fd(fd, file);
}

} // namespace retort
