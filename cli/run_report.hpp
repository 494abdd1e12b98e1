// cli/run_report.hpp — what a write command says when it ends: where the database stands, as text
// or JSON, and errors as a JSON object.
#pragma once

#include <string>
#include <vector>

#include "retort/commands.hpp"
#include "retort/error.hpp"

namespace retort::cli {

/// After a run that did not finish: what was kept, what became of the failing migration, where the
/// database is now and what to do, in a sentence or two ("0002 applied and kept; 0003 failed and was
/// rolled back; the database is at 0002. Fix 0003 and run upgrade again.").
std::string standing_text(const RunResult& result, Direction direction);

/// A run's result as the JSON object `upgrade --json` and `downgrade --json` print on standard
/// output, whether the run finished or not (docs/json.md).
std::string run_json(const RunResult& result, std::string_view command, bool ok);
std::string stamp_json(const std::vector<std::string>& targets, const Plan& plan);
std::string resolve_json(const ResolveResult& result, const std::vector<std::string>& heads);

/// An error as the JSON object `--json` prints on standard error: {"error": {"code", "kind",
/// "message", "file", "line", …}}; `message` is already redacted.
std::string error_json(ErrorCode code, const std::string& message, const ErrorContext& context);
/// The stable name of an error code ("sql_failed").
std::string_view error_kind(ErrorCode code);

/// The dirty state as the JSON object status shows.
std::string dirty_line(const DirtyState& dirty);

} // namespace retort::cli
