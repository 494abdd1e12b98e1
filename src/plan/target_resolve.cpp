// What a parsed target names in the revision graph: revisions, labels, prefixes and relative steps.
#include "retort/target.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "plan/target_walk.hpp"
#include "plan/unknown_row.hpp"
#include "retort/error.hpp"
#include "retort/suggest.hpp"

namespace retort {
namespace {

[[noreturn]] void target_error(const std::string& message) { throw Error(ErrorCode::target, message); }

std::string list_ids(const RevisionGraph& graph, const std::vector<std::size_t>& indexes) {
  return fmt::format("{}", fmt::join(graph.ids(indexes), ", "));
}

/// One revision a prefix matched, and how to name it in a list of candidates.
struct Candidate {
  std::size_t revision;
  std::string shown;
};

/// Revision ids and branch labels starting with `prefix`, one entry per revision (its id if the id
/// matched, else its first matching label), in graph order.
std::vector<Candidate> prefix_candidates(const RevisionGraph& graph, std::string_view prefix) {
  std::vector<Candidate> out;
  for (auto i : graph.with_prefix(prefix)) out.push_back({i, graph[i].revision});
  for (const auto& [label, i] : graph.labels_with_prefix(prefix)) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const Candidate& c) { return c.revision == i; });
    if (!seen) out.push_back({i, fmt::format("{} (the label of {})", label, graph[i].revision)});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.revision < b.revision; });
  return out;
}

/// An exact revision id, else an exact branch label, else a unique prefix of either (Alembic's order).
/// With `line`, the revision must be on it; prefixes are looked for on it only.
std::size_t resolve_symbol(const RevisionGraph& graph, std::string_view symbol, const std::vector<bool>* line,
                           const Target& target) {
  auto exact = graph.find(symbol);
  if (exact == RevisionGraph::npos) exact = graph.find_label(symbol);
  if (exact == RevisionGraph::npos) {
    auto candidates = prefix_candidates(graph, symbol);
    if (line != nullptr) {
      std::erase_if(candidates, [&](const Candidate& c) { return !(*line)[c.revision]; });
    }
    if (candidates.empty()) {
      std::vector<std::string> names{"head", "heads", "base", "current"};
      for (std::size_t i = 0; i < graph.size(); ++i) {
        if (line == nullptr || (*line)[i]) names.push_back(graph[i].revision);
      }
      for (const auto& [label, i] : graph.labels_with_prefix("")) names.push_back(label);
      const std::string hint = did_you_mean(symbol, names);
      target_error(line == nullptr
                       ? fmt::format("no revision or branch label matches '{}'{}", symbol, hint)
                       : fmt::format("no revision or branch label on branch '{}' matches '{}' (in '{}')", target.branch,
                                     symbol, target.text) + hint);
    }
    if (candidates.size() > 1) {
      std::vector<std::string> shown;
      for (const auto& c : candidates) shown.push_back(c.shown);
      target_error(fmt::format("'{}' is ambiguous: it is a prefix of {}", symbol, fmt::join(shown, ", ")));
    }
    exact = candidates.front().revision;
  }
  if (line != nullptr && !(*line)[exact]) {
    target_error(fmt::format("revision {} is not on branch '{}' (in '{}')", graph[exact].revision, target.branch,
                             target.text));
  }
  return exact;
}

/// The revision whose line the part before '@' names: a branch label, else a revision id or prefix.
std::size_t resolve_branch(const RevisionGraph& graph, const Target& target) {
  if (auto labelled = graph.find_label(target.branch); labelled != RevisionGraph::npos) return labelled;
  try {
    return resolve_symbol(graph, target.branch, nullptr, target);
  } catch (const Error& e) {
    target_error(fmt::format("'{}' names no branch: {}", target.text, e.what()));
  }
}

std::vector<std::size_t> row_indexes(const RevisionGraph& graph, const std::vector<std::string>& rows) {
  std::vector<std::size_t> out;
  for (const auto& id : rows) {
    auto i = graph.find(id);
    if (i == RevisionGraph::npos) {
      throw_unknown_version_row(id);
    }
    out.push_back(i);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The heads of the graph, on `line` when given.
std::vector<std::size_t> heads_on(const RevisionGraph& graph, const std::vector<bool>* line) {
  auto heads = graph.heads();
  if (line != nullptr) std::erase_if(heads, [&](std::size_t h) { return !(*line)[h]; });
  return heads;
}

/// Where the database stands on a line: its one applied revision there that no applied revision
/// on the line follows (nullopt: nothing of the line is applied).
std::optional<std::size_t> position_on(const RevisionGraph& graph, const std::vector<std::size_t>& rows,
                                       const std::vector<bool>& line, const Target& target) {
  auto applied = graph.ancestors(rows);
  for (std::size_t i = 0; i < applied.size(); ++i) applied[i] = applied[i] && line[i];
  auto tips = graph.heads_of(applied);
  if (tips.size() > 1) {
    target_error(fmt::format("'{}' is ambiguous: the branch is applied up to several revisions ({})", target.text,
                             list_ids(graph, tips)));
  }
  if (tips.empty()) return std::nullopt;
  return tips.front();
}

/// The one revision a step starts from (nullopt: below the bases).
std::optional<std::size_t> single_start(const RevisionGraph& graph, const std::vector<std::size_t>& from,
                                        const Target& target, std::string_view several) {
  if (from.size() > 1) {
    target_error(fmt::format("'{}' is ambiguous: {} ({}); name one revision instead, e.g. {}{}{}", target.text, several,
                             list_ids(graph, from), graph[from.front()].revision, target.steps > 0 ? "+" : "",
                             target.steps));
  }
  if (from.empty()) return std::nullopt;
  return from.front();
}

} // namespace

ResolvedTarget resolve_target(const RevisionGraph& graph, const Target& target, const TargetContext& context) {
  std::optional<std::size_t> branch;
  std::vector<bool> line;
  if (!target.branch.empty()) {
    branch = resolve_branch(graph, target);
    line = graph.lineage(*branch);
  }
  const std::vector<bool>* on_line = branch ? &line : nullptr;

  // The anchor: the revisions the target names before any step.
  std::vector<std::size_t> at;
  std::string_view several = "it names several revisions";
  switch (target.anchor) {
    case Target::Anchor::head: {
      at = heads_on(graph, on_line);
      if (at.size() > 1) {
        target_error(branch ? fmt::format("'{}' is ambiguous: the branch has heads {}", target.text, list_ids(graph, at))
                            : fmt::format("'{}' is ambiguous: there are {} heads ({}); name one, use 'heads', or merge "
                                          "them with 'retort merge'",
                                          target.text, at.size(), list_ids(graph, at)));
      }
      break;
    }
    case Target::Anchor::heads:
      at = heads_on(graph, on_line);
      break;
    case Target::Anchor::base:
      if (target.steps < 0) target_error(fmt::format("'{}' steps below base, where there is nothing", target.text));
      break;
    case Target::Anchor::current: {
      if (context.rows == nullptr) {
        target_error(fmt::format("'{}' counts from the database's current revision, which this command does not "
                                 "read; name a revision instead (e.g. REV{}1)",
                                 target.text, target.steps < 0 ? "-" : "+"));
      }
      auto rows = row_indexes(graph, *context.rows);
      if (branch) {
        auto p = position_on(graph, rows, line, target);
        if (p) at = {*p};
      } else {
        at = std::move(rows);
        several = "the database has several heads";
      }
      if (target.steps < 0 && at.empty()) {
        if (context.overrun == Overrun::stop) return ResolvedTarget{{}, branch};
        target_error(fmt::format("relative revision '{}': nothing is applied{}", target.text,
                                 branch ? " on that branch" : ""));
      }
      break;
    }
    case Target::Anchor::revision:
      at = {resolve_symbol(graph, target.symbol, on_line, target)};
      break;
  }

  if (target.steps > 0) {
    auto start = single_start(graph, at, target, several);
    return ResolvedTarget{walk_up(graph, start, target.steps, on_line, target.text, context.overrun), branch};
  }
  if (target.steps < 0) {
    auto start = single_start(graph, at, target, several);
    if (!start) target_error(fmt::format("'{}' steps down from base, where there is nothing", target.text));
    return ResolvedTarget{walk_down(graph, *start, -target.steps, target.text, context.overrun), *start};
  }
  return ResolvedTarget{std::move(at), branch};
}

std::size_t resolve_revision(const RevisionGraph& graph, const Target& target) {
  auto resolved = resolve_target(graph, target);
  if (resolved.revisions.empty()) {
    if (graph.size() == 0) target_error(fmt::format("'{}' names nothing: the migrations folder is empty", target.text));
    target_error(fmt::format("'{}' names base, not a revision", target.text));
  }
  if (resolved.revisions.size() > 1) {
    target_error(fmt::format("'{}' names several revisions ({}); name one", target.text,
                             list_ids(graph, resolved.revisions)));
  }
  return resolved.revisions.front();
}

} // namespace retort
