#include "retort/error.hpp"

#include <fmt/format.h>

namespace retort {

Error::Error(ErrorCode code, const std::string& message, ErrorContext context)
    : std::runtime_error(message), m_code(code), m_context(std::move(context)) {}

std::string Error::describe() const {
  std::string out = what();
  const auto& c = m_context;
  if (!c.file.empty()) {
    out += c.line > 0 ? fmt::format("\n  at: {}:{}", c.file, c.line) : fmt::format("\n  in: {}", c.file);
  }
  if (!c.revision.empty()) out += fmt::format("\n  revision: {}", c.revision);
  if (!c.sqlstate.empty()) out += fmt::format("\n  SQLSTATE: {}", c.sqlstate);
  if (!c.detail.empty()) out += fmt::format("\n  DETAIL: {}", c.detail);
  if (!c.hint.empty()) out += fmt::format("\n  HINT: {}", c.hint);
  if (!c.statement.empty()) {
    std::string stmt = c.statement.size() > 400 ? c.statement.substr(0, 400) + " …" : c.statement;
    out += fmt::format("\n  statement: {}", stmt);
  }
  return out;
}

} // namespace retort
