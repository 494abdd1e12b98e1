// Stamp: the version rows that naming revisions (without running them) leaves, as Alembic's stamp.
#include "retort/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "plan/unknown_row.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

/// Removes the rows on `line`.
void clear_line(std::vector<std::size_t>& rows, const std::vector<bool>& line) {
  std::erase_if(rows, [&](std::size_t r) { return line[r]; });
}

/// Refuses two named revisions on one line: the version table holds one row per branch.
void refuse_same_line(const RevisionGraph& graph, const std::vector<std::size_t>& named) {
  for (std::size_t a = 0; a < named.size(); ++a) {
    auto line = graph.lineage(named[a]);
    for (std::size_t b = a + 1; b < named.size(); ++b) {
      if (!line[named[b]]) continue;
      auto [low, high] = std::minmax(named[a], named[b]);
      throw Error(ErrorCode::target,
                  fmt::format("cannot stamp both {} and {}: they are on one line ({} is below {}); the version table "
                              "holds one revision per branch",
                              graph[low].revision, graph[high].revision, graph[low].revision, graph[high].revision));
    }
  }
}

} // namespace

StampPlan plan_stamp(const RevisionGraph& graph, const std::vector<std::string>& current,
                     const std::vector<Target>& targets) {
  if (targets.empty()) throw Error(ErrorCode::target, "stamp needs a target (a revision, heads, or base)");
  std::vector<std::size_t> rows;
  for (const auto& id : current) {
    auto i = graph.find(id);
    if (i == RevisionGraph::npos) {
      throw_unknown_version_row(id);
    }
    rows.push_back(i);
  }
  std::vector<ResolvedTarget> resolved;
  for (const auto& t : targets) resolved.push_back(resolve_target(graph, t, TargetContext{.rows = &current}));
  // base (of a line) first, so that `stamp base X` means "only X" whatever the order
  for (const auto& r : resolved) {
    if (!r.revisions.empty()) continue;
    if (r.line) clear_line(rows, graph.lineage(*r.line));
    else rows.clear();
  }
  std::vector<std::size_t> named;
  for (const auto& r : resolved) {
    for (auto i : r.revisions) {
      if (std::find(named.begin(), named.end(), i) == named.end()) named.push_back(i);
    }
  }
  refuse_same_line(graph, named);
  for (auto i : named) {
    if (std::find(rows.begin(), rows.end(), i) != rows.end()) continue;
    clear_line(rows, graph.lineage(i));
    rows.push_back(i);
  }
  return StampPlan{graph.ids(rows), graph.ids(named)};
}

} // namespace retort
