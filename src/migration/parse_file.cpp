#include "retort/migration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "migration/text.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

struct Parser {
  const std::string& file;

  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(ErrorCode::migration_file, fmt::format("{}:{}: {}", file, line, what),
                ErrorContext{.file = file, .line = line});
  }

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

/// Whether `sql` holds nothing but blank lines and `--` comments (a code migration's sections).
bool only_comments(std::string_view sql) {
  std::size_t pos = 0;
  while (pos < sql.size()) {
    auto eol = sql.find('\n', pos);
    auto line = trim(sql.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
    if (!line.empty() && line.substr(0, 2) != "--") return false;
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return true;
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

Migration parse_migration(std::string_view text, const std::string& file) {
  Parser p{file};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto bad = first_invalid_utf8(text)) {
    p.fail(line_of(text, *bad), "the file is not UTF-8 text (binary data?)");
  }

  Migration m;
  m.file = file;
  std::set<std::string, std::less<>> seen;
  bool has_revision = false, has_down_revision = false;
  enum class Section { header, up, down } section = Section::header;
  int up_marker_line = 0;
  std::size_t body_start = 0;

  auto close_section = [&](std::size_t end) {
    std::string body(text.substr(body_start, end - body_start));
    if (section == Section::up) m.up_sql = std::move(body);
    if (section == Section::down) m.down_sql = std::move(body);
  };

  int line_no = 0;
  for (std::size_t pos = 0; pos < text.size() || (pos == text.size() && line_no == 0);) {
    std::size_t eol = text.find('\n', pos);
    std::size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view line = text.substr(pos, (eol == std::string_view::npos ? text.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;

    if (auto marker = marker_of(line); !marker.empty()) {
      if (marker == "up") {
        if (section != Section::header) p.fail(line_no, fmt::format("a second '-- migrate:up' marker (the first is on line {})", up_marker_line));
        up_marker_line = line_no;
        section = Section::up;
        m.up_line = line_no + 1;
      } else {
        if (section == Section::header) p.fail(line_no, "'-- migrate:down' comes before '-- migrate:up'");
        if (section == Section::down) p.fail(line_no, "a second '-- migrate:down' marker");
        close_section(pos);
        section = Section::down;
        m.down_line = line_no + 1;
      }
      body_start = next;
    } else if (section == Section::header) {
      std::string_view t = trim(line);
      if (!t.empty()) {
        if (t.substr(0, 2) != "--") {
          p.fail(line_no, "SQL before the '-- migrate:up' marker (the header holds only '-- key: value' lines)");
        }
        std::string_view body = trim(t.substr(2));
        auto colon = body.find(':');
        std::string_view key = colon == std::string_view::npos ? std::string_view{} : trim(body.substr(0, colon));
        bool looks_like_key = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        });
        if (looks_like_key) {
          std::string_view value = trim(body.substr(colon + 1));
          if (!seen.insert(std::string(key)).second) p.fail(line_no, fmt::format("header key '{}' is repeated", key));
          if (key == "revision") {
            if (!is_valid_revision_id(value)) {
              p.fail(line_no, fmt::format("'{}' is not a valid revision id (1-32 characters of letters, digits, '_' "
                                          "and '.'; not head, heads, base or current)", value));
            }
            m.revision = std::string(value);
            has_revision = true;
          } else if (key == "down_revision") {
            m.down_revisions = p.id_list(line_no, key, value, true);
            has_down_revision = true;
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
        }
      }
    }
    pos = next;
    if (eol == std::string_view::npos) break;
  }
  if (section == Section::header) {
    p.fail(line_no, "no '-- migrate:up' marker: a migration needs an up section");
  }
  close_section(text.size());
  if (!has_revision) p.fail(1, "the header has no 'revision:' line");
  if (!has_down_revision) p.fail(1, "the header has no 'down_revision:' line (write 'down_revision: none' for a base)");
  if (std::find(m.down_revisions.begin(), m.down_revisions.end(), m.revision) != m.down_revisions.end()) {
    p.fail(1, fmt::format("revision '{}' names itself as its down_revision", m.revision));
  }
  m.has_down = m.down_sql.has_value();
  if (!m.code_version.empty()) {
    if (m.transaction == TransactionMode::none) {
      p.fail(1, "a code migration runs inside its transaction: 'transaction: none' is not allowed with 'code:'");
    }
    if (!only_comments(m.up_sql) || (m.down_sql && !only_comments(*m.down_sql))) {
      p.fail(m.up_line, "a code migration has no SQL: its steps are the function the program registers for it "
                        "(comments are fine)");
    }
  }
  m.checksum = migration_checksum(m);
  return m;
}

} // namespace retort
