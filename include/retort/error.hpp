// retort/error.hpp — the one exception type the library throws.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace retort {

/// What went wrong, coarse enough for a caller (or the CLI's exit status) to act on.
/// The numbers are the CLI's documented exit codes (docs/exit-codes.md); keep them stable.
enum class ErrorCode : int {
  usage = 2,              ///< bad arguments or an unknown command
  config = 3,             ///< retort.toml or a url is malformed or missing
  migration_file = 4,     ///< a migration file is malformed (header, sections, SQL that does not parse)
  revision_graph = 5,     ///< duplicate ids, missing parents, cycles
  target = 6,             ///< a target names nothing, is ambiguous, or is not reachable
  connection = 7,         ///< the server is unreachable, refuses the login, or the database is missing
  sql_failed = 8,         ///< a statement failed on the server
  lock_timeout = 9,       ///< another retort held the migration lock for longer than allowed
  refused = 10,           ///< retort refuses to go on: dirty state, edited migrations, destructive without --yes
  version_table = 11,     ///< the version table is in a state retort does not understand
  io = 12,                ///< a file could not be read or written
  environment = 13,       ///< a tool or system facility retort needs is missing (initdb, a user to run it as)
  cancelled = 130,        ///< the run was asked to stop (a stop token; the CLI's Ctrl-C or SIGTERM): 128 + SIGINT
  internal = 70,          ///< a bug in retort
};

/// Where an error happened and what the server said, when that is known.
struct ErrorContext {
  std::string file;                  ///< the migration file (or config file) involved
  int line = 0;                      ///< 1-based line in `file`, 0 when unknown
  std::string revision;              ///< the revision being applied
  std::string sqlstate;              ///< five-character SQLSTATE from the server
  std::string detail;                ///< the server's DETAIL
  std::string hint;                  ///< the server's HINT
  std::string statement;             ///< the failing statement, as sent
};

/// The exception every retort function throws when it cannot finish.
/// `what()` is one line that reads well on its own; `describe()` adds the context on further lines.
/// Messages never hold a password: the places that build them mask secrets first.
class Error : public std::runtime_error {
public:
  Error(ErrorCode code, const std::string& message, ErrorContext context = {});

  [[nodiscard]] ErrorCode code() const noexcept { return m_code; }
  [[nodiscard]] const ErrorContext& context() const noexcept { return m_context; }

  /// The message plus file:line, SQLSTATE, detail, hint and statement, one per line.
  [[nodiscard]] std::string describe() const;

private:
  ErrorCode m_code;
  ErrorContext m_context;
};

} // namespace retort
