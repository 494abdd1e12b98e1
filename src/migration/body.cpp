#include "migration/body.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "retort/error.hpp"

namespace retort {
namespace {

/// Bytes that must follow a token's first character before the scanner decides what it is (a
/// dollar-quote delimiter, a keyword, a doubled quote), unless the section ends sooner.
constexpr std::size_t k_lookahead = 256;

bool word_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool word_char(unsigned char c) { return word_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool tag_char(unsigned char c) { return word_start(c) || (c >= '0' && c <= '9'); }

bool same_word(std::string_view w, std::string_view lower) {
  if (w.size() != lower.size()) return false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

} // namespace

MigrationBody::MigrationBody(const Migration& m) : m_migration(m) {
  if (m.bodies_loaded) {
    m_up = SectionPlace{0, m.up_sql.size(), m.up_line};
    if (m.down_sql) m_down = SectionPlace{0, m.down_sql->size(), m.down_line};
    return;
  }
  m_fd = ::open(m.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (m_fd < 0) {
    throw Error(ErrorCode::io, fmt::format("cannot read {}: {}", m.file, std::strerror(errno)),
                ErrorContext{.file = m.file, .revision = m.revision});
  }
  try {
    ScannedMigration now = scan_migration_fd(m_fd, m.file);
    const Migration& f = now.migration;
    if (f.revision != m.revision || f.down_revisions != m.down_revisions || f.checksum != m.checksum ||
        f.transaction != m.transaction || f.has_down != m.has_down) {
      throw Error(ErrorCode::migration_file,
                  fmt::format("{} changed while retort was running; run the command again", m.file),
                  ErrorContext{.file = m.file, .revision = m.revision});
    }
    m_up = now.up;
    m_down = now.down;
  } catch (...) {
    ::close(m_fd);
    throw;
  }
}

MigrationBody::~MigrationBody() {
  if (m_fd >= 0) ::close(m_fd);
}

std::uint64_t MigrationBody::size(SectionKind s) const noexcept {
  if (s == SectionKind::up) return m_up.size;
  return m_down ? m_down->size : 0;
}

int MigrationBody::first_line(SectionKind s) const noexcept {
  if (s == SectionKind::up) return m_up.first_line;
  return m_down ? m_down->first_line : 0;
}

std::size_t MigrationBody::read(SectionKind s, std::uint64_t at, char* out, std::size_t n) const {
  const std::uint64_t size = this->size(s);
  if (at >= size) return 0;
  n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size - at));
  if (m_fd < 0) {
    const std::string& text = s == SectionKind::up ? m_migration.up_sql : *m_migration.down_sql;
    std::memcpy(out, text.data() + at, n);
    return n;
  }
  const std::uint64_t offset = (s == SectionKind::up ? m_up.offset : m_down->offset) + at;
  for (;;) {
    const auto got = ::pread(m_fd, out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      throw Error(ErrorCode::io, fmt::format("cannot read {}: {}", m_migration.file, std::strerror(errno)),
                  ErrorContext{.file = m_migration.file, .revision = m_migration.revision});
    }
    if (got == 0) {  // shorter than when it was scanned: truncated under us
      throw Error(ErrorCode::migration_file,
                  fmt::format("{} changed while retort was running; run the command again", m_migration.file),
                  ErrorContext{.file = m_migration.file, .revision = m_migration.revision});
    }
    return static_cast<std::size_t>(got);
  }
}

StatementChunker::StatementChunker(const MigrationBody& body, SectionKind section, StatementSyntax syntax,
                                   std::size_t target, std::size_t window)
    : m_body(body), m_section(section), m_syntax(syntax), m_target(std::max<std::size_t>(target, 1)),
      m_window(std::max(window, k_lookahead * 4)), m_line(body.first_line(section)) {}

bool StatementChunker::refill() {
  if (m_eof) return false;
  const std::size_t have = m_buf.size();
  // No more than the section still holds: a small migration's window is its size.
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(m_window, m_body.size(m_section) - m_read));
  m_buf.resize(have + want);
  const std::size_t got = want == 0 ? 0 : m_body.read(m_section, m_read, m_buf.data() + have, want);
  m_buf.resize(have + got);
  m_read += got;
  if (got == 0 || m_read >= m_body.size(m_section)) m_eof = true;
  return got > 0;
}

void StatementChunker::word(std::string_view w) {
  const bool in_body = m_body_depth > 0;
  if (in_body) {
    if (same_word(w, "case")) ++m_body_depth;
    else if (same_word(w, "end")) --m_body_depth;
  } else if (m_syntax.begin_atomic) {
    if (same_word(w, "atomic") && m_last_word == "begin") m_body_depth = 1;
  } else if (same_word(w, "begin") && m_words > 0) {
    m_body_depth = 1;
  }
  ++m_words;
  if (w.size() <= 8) {
    m_last_word.assign(w);
    for (auto& c : m_last_word) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  } else {
    m_last_word.clear();
  }
}

bool StatementChunker::scan() {
  const std::string_view b = m_buf;
  const std::size_t n = b.size();
  // Whether `k` more bytes from `at` are there to look at (or the section ends before).
  auto have = [&](std::size_t at, std::size_t k) { return m_eof || at + k <= n; };
  std::size_t& i = m_scan;
  // Skips past the next `end`, back to normal text; false when the window has none (all of it
  // is inside the bracket or comment).
  auto past = [&](char end) {
    const auto* at = static_cast<const char*>(std::memchr(b.data() + i, end, n - i));
    if (at == nullptr) {
      i = n;
      return false;
    }
    i = static_cast<std::size_t>(at - b.data()) + 1;
    m_mode = Mode::normal;
    return true;
  };
  while (i < n) {
    const auto c = static_cast<unsigned char>(b[i]);
    switch (m_mode) {
    case Mode::normal:
      if (!have(i, 2)) return false;
      if (c == ';') {
        ++i;
        if (m_parens == 0 && m_body_depth == 0) {
          m_cut = i;
          m_words = 0;
          m_last_word.clear();
          if (m_cut >= m_target) return true;
        }
      } else if (c == '\'') {
        m_mode = Mode::quote;
        ++i;
      } else if (c == '"') {
        m_mode = Mode::double_quote;
        ++i;
      } else if (c == '-' && i + 1 < n && b[i + 1] == '-') {
        m_mode = Mode::line_comment;
        i += 2;
      } else if (c == '/' && i + 1 < n && b[i + 1] == '*') {
        m_mode = Mode::block_comment;
        m_comment_depth = 1;
        i += 2;
      } else if (c == '(') {
        ++m_parens;
        ++i;
      } else if (c == ')') {
        if (m_parens > 0) --m_parens;
        ++i;
      } else if (m_syntax.bracket_names && (c == '[' || c == '`')) {
        m_mode = c == '[' ? Mode::bracket : Mode::backtick;
        ++i;
      } else if (m_syntax.dollar_quotes && c == '$') {
        if (!have(i, k_lookahead)) return false;
        std::size_t j = i + 1;
        if (j < n && word_start(static_cast<unsigned char>(b[j])) && !(b[j] >= '0' && b[j] <= '9')) {
          while (j < n && tag_char(static_cast<unsigned char>(b[j]))) ++j;
        }
        if (j < n && b[j] == '$') {
          m_tag.assign(b.substr(i, j + 1 - i));
          m_mode = Mode::dollar;
          i = j + 1;
        } else {
          ++i;  // a parameter ($1) or a lone dollar
        }
      } else if (word_char(c) && c != '$') {
        std::size_t j = i;
        while (j < n && word_char(static_cast<unsigned char>(b[j]))) ++j;
        if (j == n && !m_eof) return false;  // the word may go on in the next window
        const std::string_view w = b.substr(i, j - i);
        if (m_syntax.escape_strings && j < n && b[j] == '\'' && (w == "e" || w == "E")) {
          m_mode = Mode::escape_quote;
          i = j + 1;
        } else {
          word(w);
          i = j;
        }
      } else {
        ++i;
      }
      break;
    case Mode::quote:
    case Mode::double_quote:
    case Mode::backtick: {
      const char q = m_mode == Mode::quote ? '\'' : m_mode == Mode::double_quote ? '"' : '`';
      const auto* at = static_cast<const char*>(std::memchr(b.data() + i, q, n - i));
      if (at == nullptr) {
        i = n;
        return false;
      }
      i = static_cast<std::size_t>(at - b.data());
      if (!have(i, 2)) return false;
      if (i + 1 < n && b[i + 1] == q) {
        i += 2;  // a doubled quote stands for itself
      } else {
        ++i;
        m_mode = Mode::normal;
      }
      break;
    }
    case Mode::escape_quote:
      if (c == '\\') {
        if (!have(i, 2)) return false;
        i += 2;
      } else if (c == '\'') {
        if (!have(i, 2)) return false;
        if (i + 1 < n && b[i + 1] == '\'') {
          i += 2;
        } else {
          ++i;
          m_mode = Mode::normal;
        }
      } else {
        ++i;
      }
      break;
    case Mode::bracket:
      if (!past(']')) return false;
      break;
    case Mode::dollar: {
      const auto at = b.find(m_tag, i);
      if (at == std::string_view::npos) {
        if (m_eof) {  // unterminated: the parser will say so
          i = n;
          return false;
        }
        // keep the last bytes: the closing delimiter may be split between windows
        i = std::max(i, n >= m_tag.size() ? n - m_tag.size() + 1 : i);
        return false;
      }
      i = at + m_tag.size();
      m_mode = Mode::normal;
      break;
    }
    case Mode::line_comment:
      if (!past('\n')) return false;
      break;
    case Mode::block_comment:
      if (!have(i, 2)) return false;
      if (c == '*' && i + 1 < n && b[i + 1] == '/') {
        i += 2;
        if (--m_comment_depth == 0) m_mode = Mode::normal;
      } else if (m_syntax.nested_comments && c == '/' && i + 1 < n && b[i + 1] == '*') {
        i += 2;
        ++m_comment_depth;
      } else {
        ++i;
      }
      break;
    }
  }
  return false;
}

bool StatementChunker::next(std::string& piece, int& first_line) {
  for (;;) {
    if (m_cut < m_target) {
      scan();
    }
    const bool done = m_eof && m_scan >= m_buf.size();
    if (m_cut >= m_target && !done) {
      // whole statements up to the last cut
      piece.assign(m_buf, 0, m_cut);
      m_buf.erase(0, m_cut);
      m_scan -= m_cut;
      m_cut = 0;
    } else if (done) {
      if (m_buf.empty()) return false;
      piece = std::move(m_buf);
      m_buf.clear();
      m_scan = 0;
      m_cut = 0;
    } else {
      refill();
      continue;
    }
    first_line = m_line;
    m_line += static_cast<int>(std::count(piece.begin(), piece.end(), '\n'));
    return true;
  }
}

} // namespace retort
