#include "pgquery/split.hpp"

#include <pg_query.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include "migration/text.hpp"
#include "retort/error.hpp"

namespace retort::pgquery {
namespace {

struct SplitResultFree {
  void operator()(PgQuerySplitResult* r) const noexcept {
    pg_query_free_split_result(*r);
    delete r;
  }
};

/// Offset of the first character of a token at or after `pos`: skips whitespace and comments.
std::size_t skip_blank(std::string_view s, std::size_t pos, std::size_t end) {
  while (pos < end) {
    char c = s[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++pos;
    } else if (c == '-' && pos + 1 < end && s[pos + 1] == '-') {
      auto eol = s.find('\n', pos);
      pos = eol == std::string_view::npos ? end : eol + 1;
    } else if (c == '/' && pos + 1 < end && s[pos + 1] == '*') {
      int depth = 1;  // PostgreSQL block comments nest
      pos += 2;
      while (pos < end && depth > 0) {
        if (s.compare(pos, 2, "/*") == 0) {
          ++depth;
          pos += 2;
        } else if (s.compare(pos, 2, "*/") == 0) {
          --depth;
          pos += 2;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

} // namespace

std::vector<Statement> split(std::string_view sql, int first_line) {
  std::string text(sql);  // NUL-terminated copy for the C API
  std::unique_ptr<PgQuerySplitResult, SplitResultFree> result(new PgQuerySplitResult(pg_query_split_with_parser(text.c_str())));
  if (result->error != nullptr) {
    int cursor = result->error->cursorpos;  // 1-based character (not byte) position, 0 when unknown
    std::size_t byte = 0;
    for (int chars = 1; chars < cursor && byte < text.size(); ++chars) {
      ++byte;
      while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;  // continuation bytes
    }
    int line = first_line - 1 + line_of(text, byte);
    throw Error(ErrorCode::migration_file, fmt::format("the SQL does not parse: {}", result->error->message),
                ErrorContext{.line = line});
  }
  std::vector<Statement> out;
  out.reserve(static_cast<std::size_t>(result->n_stmts));
  // Statements come in text order: count the newlines once, from one statement to the next.
  std::size_t counted_to = 0;
  int line = first_line;
  for (int i = 0; i < result->n_stmts; ++i) {
    auto start = static_cast<std::size_t>(result->stmts[i]->stmt_location);
    auto end = start + static_cast<std::size_t>(result->stmts[i]->stmt_len);
    if (result->stmts[i]->stmt_len == 0) end = text.size();  // the last statement may report length 0
    auto token = skip_blank(text, start, end);
    if (token >= end) continue;
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                        text.begin() + static_cast<std::ptrdiff_t>(token), '\n'));
    counted_to = token;
    out.push_back(Statement{text.substr(token, end - token), line});
  }
  return out;
}

} // namespace retort::pgquery
