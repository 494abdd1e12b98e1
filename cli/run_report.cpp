#include "run_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace retort::cli {
namespace {

using nlohmann::json;

/// "0002", "0002 and 0003", "0002, 0003 and 0004", "5 migrations (0002 … 0006)".
std::string list_of(const std::vector<StepDone>& steps) {
  std::vector<std::string> ids;
  for (const auto& s : steps) ids.push_back(s.revision);
  if (ids.size() == 1) return ids.front();
  if (ids.size() <= 4) {
    std::vector<std::string> first(ids.begin(), ids.end() - 1);
    return fmt::format("{} and {}", fmt::join(first, ", "), ids.back());
  }
  return fmt::format("{} migrations ({} … {})", ids.size(), ids.front(), ids.back());
}

std::string where(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base (nothing applied)") : fmt::format("{}", fmt::join(heads, ", "));
}

std::string_view direction_name(Direction d) { return d == Direction::up ? "up" : "down"; }

std::string_view outcome_name(StepOutcome o) {
  switch (o) {
    case StepOutcome::rolled_back: return "rolled_back";
    case StepOutcome::dirty: return "dirty";
    case StepOutcome::not_started: return "not_started";
  }
  return "";
}

json steps_json(const std::vector<StepDone>& steps) {
  json list = json::array();
  for (const auto& s : steps) {
    list.push_back(json{{"revision", s.revision}, {"direction", direction_name(s.direction)}, {"duration_ms", s.duration.count()}});
  }
  return list;
}

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

} // namespace

std::string standing_text(const RunResult& r, Direction direction) {
  const bool up = direction == Direction::up;
  const std::string command = up ? "upgrade" : "downgrade";
  std::vector<std::string> parts;
  if (!r.rolled_back.empty()) {
    parts.push_back(fmt::format("{} ran but {} rolled back with the rest of the --atomic run", list_of(r.rolled_back),
                                r.rolled_back.size() == 1 ? "was" : "were"));
  } else if (!r.applied.empty()) {
    parts.push_back(fmt::format("{} {} and kept", list_of(r.applied), up ? "applied" : "undone"));
  }
  std::string next;
  if (const auto& f = r.failure) {
    const std::string what = r.cancelled ? "was cancelled" : "failed";
    const std::string section = up ? f->revision : f->revision + "'s down section";
    switch (f->outcome) {
      case StepOutcome::rolled_back:
        parts.push_back(fmt::format("{} {} and was rolled back", f->revision, what));
        break;
      case StepOutcome::not_started:
        parts.push_back(fmt::format("{}'s SQL does not parse, so nothing of it ran", f->revision));
        break;
      case StepOutcome::dirty:
        parts.push_back(fmt::format("{} ('transaction: none') {} after {} of its {} statements, which stay applied",
                                    f->revision, what, f->statements_done, f->statements_total));
        break;
    }
    if (f->outcome == StepOutcome::dirty) {
      next = "Fix the cause, then run 'retort resolve' as the error above says.";
    } else if (r.cancelled) {
      next = fmt::format("Run {} again to go on.", command);
    } else {
      next = fmt::format("Fix {} and run {} again.", section, command);
    }
  } else if (r.cancelled) {
    parts.push_back("cancelled before the next migration started");
    next = fmt::format("Run {} again to go on.", command);
  }
  if (r.applied.empty() && r.rolled_back.empty() && !r.failure) parts.push_back("nothing was applied");
  if (!r.rolled_back.empty()) parts.push_back("nothing was kept");
  std::string stands = fmt::format("the database is {}at {}{}", r.applied.empty() ? "still " : "", where(r.heads_now),
                                   r.failure && r.failure->outcome == StepOutcome::dirty ? " and marked dirty" : "");
  parts.push_back(stands);
  // Not capitalised: it often starts with a revision id, whose case matters.
  return fmt::format("{}. {}", fmt::join(parts, "; "), next);
}

std::string run_json(const RunResult& r, std::string_view command, bool ok) {
  json failed = nullptr;
  if (const auto& f = r.failure) {
    failed = json{{"revision", f->revision},
                  {"direction", direction_name(f->direction)},
                  {"outcome", outcome_name(f->outcome)},
                  {"file", f->file},
                  {"line", f->line},
                  {"statement", or_null(f->statement)},
                  {"sqlstate", or_null(f->sqlstate)},
                  {"detail", or_null(f->detail)},
                  {"hint", or_null(f->hint)},
                  {"message", f->message},
                  {"statements_done", f->statements_done},
                  {"statements_total", f->statements_total}};
  }
  return json{{"command", command},
              {"ok", ok},
              {"cancelled", r.cancelled},
              {"applied", steps_json(r.applied)},
              {"rolled_back", steps_json(r.rolled_back)},
              {"failed", failed},
              {"current", r.heads_now}}
             .dump(2) +
         "\n";
}

std::string stamp_json(const std::vector<std::string>& targets, const Plan& plan) {
  return json{{"command", "stamp"}, {"ok", true}, {"stamped", targets}, {"current", plan.heads_after}}.dump(2) + "\n";
}

std::string resolve_json(const ResolveResult& r, const std::vector<std::string>& heads) {
  return json{{"command", "resolve"},
              {"ok", true},
              {"resolved", json{{"revision", r.was.revision},
                                {"direction", r.was.direction},
                                {"statements_done", r.was.statements_done},
                                {"statements_total", r.was.statements_total}}},
              {"notes", r.notes},
              {"current", heads}}
             .dump(2) +
         "\n";
}

std::string_view error_kind(ErrorCode code) {
  switch (code) {
    case ErrorCode::usage: return "usage";
    case ErrorCode::config: return "config";
    case ErrorCode::migration_file: return "migration_file";
    case ErrorCode::revision_graph: return "revision_graph";
    case ErrorCode::target: return "target";
    case ErrorCode::connection: return "connection";
    case ErrorCode::sql_failed: return "sql_failed";
    case ErrorCode::lock_timeout: return "lock_timeout";
    case ErrorCode::refused: return "refused";
    case ErrorCode::version_table: return "version_table";
    case ErrorCode::io: return "io";
    case ErrorCode::environment: return "environment";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

std::string error_json(ErrorCode code, const std::string& message, const ErrorContext& c) {
  json e{{"code", static_cast<int>(code)}, {"kind", error_kind(code)}, {"message", message}};
  if (!c.file.empty()) e["file"] = c.file;
  if (c.line > 0) e["line"] = c.line;
  if (!c.revision.empty()) e["revision"] = c.revision;
  if (!c.sqlstate.empty()) e["sqlstate"] = c.sqlstate;
  if (!c.detail.empty()) e["detail"] = c.detail;
  if (!c.hint.empty()) e["hint"] = c.hint;
  if (!c.statement.empty()) e["statement"] = c.statement;
  return json{{"error", e}}.dump() + "\n";
}

std::string dirty_line(const DirtyState& d) {
  std::string out = fmt::format("DIRTY: 'transaction: none' migration {} stopped after {} of {} statements{}", d.revision,
                                d.statements_done, d.statements_total, d.error.empty() ? std::string() : ": " + d.error);
  if (!d.sqlstate.empty()) out += fmt::format("\n  SQLSTATE: {}", d.sqlstate);
  if (!d.detail.empty()) out += fmt::format("\n  DETAIL: {}", d.detail);
  if (d.in_flight.value_or(0) > 0 && d.failed_line == 0) {
    out += fmt::format("\n  statement {} ({}) was running when it stopped; 'retort resolve --resume' asks the database "
                       "whether it completed", *d.in_flight, d.in_flight_what);
  }
  return out + "\n  see 'retort resolve --help'\n";
}

} // namespace retort::cli
