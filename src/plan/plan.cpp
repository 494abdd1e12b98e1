// Plans: from the version rows and a parsed target to the ordered steps of an upgrade or downgrade.
#include "retort/plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "plan/unknown_row.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

[[noreturn]] void target_error(const std::string& message) { throw Error(ErrorCode::target, message); }

std::string list_ids(const RevisionGraph& graph, const std::vector<std::size_t>& indexes) {
  return fmt::format("{}", fmt::join(graph.ids(indexes), ", "));
}

/// The version rows as indexes; an id not in the graph is an Error(ErrorCode::version_table).
std::vector<std::size_t> current_indexes(const RevisionGraph& graph, const std::vector<std::string>& current) {
  std::vector<std::size_t> out;
  for (const auto& id : current) {
    auto i = graph.find(id);
    if (i == RevisionGraph::npos) {
      throw_unknown_version_row(id);
    }
    out.push_back(i);
  }
  return out;
}

std::string where_from(const RevisionGraph& graph, const std::vector<std::size_t>& now) {
  return now.empty() ? std::string("base") : list_ids(graph, now);
}

void apply_step(const RevisionGraph& graph, std::vector<std::string>& heads, std::size_t i, Plan& plan) {
  PlanStep step{i, Direction::up, {}};
  const auto& id = graph[i].revision;
  std::vector<std::string> replaced;
  for (auto p : graph.parents(i)) {
    auto it = std::find(heads.begin(), heads.end(), graph[p].revision);
    if (it != heads.end()) {
      replaced.push_back(*it);
      heads.erase(it);
    }
  }
  if (replaced.empty()) {
    step.version_ops.push_back({VersionOp::Kind::insert, "", id});
  } else {
    for (std::size_t k = 1; k < replaced.size(); ++k) step.version_ops.push_back({VersionOp::Kind::remove, replaced[k], ""});
    step.version_ops.push_back({VersionOp::Kind::update, replaced.front(), id});
  }
  heads.push_back(id);
  plan.steps.push_back(std::move(step));
}

void unapply_step(const RevisionGraph& graph, std::vector<bool>& applied, std::vector<std::string>& heads,
                  std::size_t i, Plan& plan) {
  PlanStep step{i, Direction::down, {}};
  const auto& id = graph[i].revision;
  applied[i] = false;
  // A revision applied only as another's depends_on may have no row of its own (after `stamp`, or in an
  // Alembic-written table): then there is no row to remove or update.
  auto row = std::find(heads.begin(), heads.end(), id);
  const bool had_row = row != heads.end();
  if (had_row) heads.erase(row);
  std::vector<std::string> uncovered;
  for (auto p : graph.parents(i)) {
    if (!applied[p]) continue;
    bool still_covered = std::any_of(graph.children(p).begin(), graph.children(p).end(), [&](auto c) { return applied[c]; });
    if (!still_covered) uncovered.push_back(graph[p].revision);
  }
  if (!had_row) {
    for (const auto& u : uncovered) step.version_ops.push_back({VersionOp::Kind::insert, "", u});
  } else if (uncovered.empty()) {
    step.version_ops.push_back({VersionOp::Kind::remove, id, ""});
  } else {
    step.version_ops.push_back({VersionOp::Kind::update, id, uncovered.front()});
    for (std::size_t k = 1; k < uncovered.size(); ++k) step.version_ops.push_back({VersionOp::Kind::insert, "", uncovered[k]});
  }
  heads.insert(heads.end(), uncovered.begin(), uncovered.end());
  plan.steps.push_back(std::move(step));
}

/// The revisions a downgrade to `resolved` undoes first, with everything applied above them or
/// depending on them: the children of each target revision (every base for base), kept to the
/// target's line when several leave it (Alembic's rule: `fb@-1` and `fb@r` undo branch fb only).
/// A revision that depends on a target revision stays, as the target does.
std::vector<std::size_t> downgrade_roots(const RevisionGraph& graph, const ResolvedTarget& resolved, const Target& target) {
  std::vector<std::size_t> roots;
  if (resolved.revisions.empty()) {
    roots = graph.bases();
  } else {
    for (auto t : resolved.revisions) {
      for (auto c : graph.children(t)) {
        if (std::find(roots.begin(), roots.end(), c) == roots.end()) roots.push_back(c);
      }
    }
  }
  if (resolved.line && roots.size() > 1) {
    auto on_line = graph.ancestors({*resolved.line});
    std::erase_if(roots, [&](std::size_t r) { return !on_line[r]; });
    if (roots.empty()) {
      target_error(fmt::format("'{}' is not a valid downgrade target: nothing above it is on the line of {}", target.text,
                               graph[*resolved.line].revision));
    }
  }
  return roots;
}

} // namespace

std::vector<VersionOp> version_ops_between(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  std::vector<std::string> removed, added;
  for (const auto& b : before) {
    if (std::find(after.begin(), after.end(), b) == after.end()) removed.push_back(b);
  }
  for (const auto& a : after) {
    if (std::find(before.begin(), before.end(), a) == before.end()) added.push_back(a);
  }
  std::vector<VersionOp> ops;
  std::size_t pairs = std::min(removed.size(), added.size());
  for (std::size_t k = 0; k < pairs; ++k) ops.push_back({VersionOp::Kind::update, removed[k], added[k]});
  for (std::size_t k = pairs; k < removed.size(); ++k) ops.push_back({VersionOp::Kind::remove, removed[k], ""});
  for (std::size_t k = pairs; k < added.size(); ++k) ops.push_back({VersionOp::Kind::insert, "", added[k]});
  return ops;
}

Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, const Target& target) {
  auto now = current_indexes(graph, current);
  auto applied = graph.ancestors(now);
  if (target.anchor == Target::Anchor::base && target.steps == 0) {
    target_error(fmt::format("'{}' is not an upgrade target (did you mean 'downgrade {}'?)", target.text, target.text));
  }
  if (target.uses_current() && target.steps < 0) {
    target_error(fmt::format("'{}' goes backwards: use 'downgrade {}'", target.text, target.text));
  }
  auto targets = resolve_target(graph, target, TargetContext{.rows = &current}).revisions;
  if (targets.empty() && !now.empty()) {
    target_error(fmt::format("'{}' is base, below the current head(s) {}: it is not a valid upgrade target (use "
                             "'downgrade {}')",
                             target.text, list_ids(graph, now), target.text));
  }
  for (auto t : targets) {
    // "heads" asks for every head; one already applied (as another revision's depends_on) is simply done.
    if (target.anchor != Target::Anchor::heads && applied[t] && std::find(now.begin(), now.end(), t) == now.end()) {
      target_error(fmt::format("'{}' ({}) is already applied below the current head(s) {}: it is not a valid upgrade "
                               "target (use 'downgrade {}')",
                               target.text, graph[t].revision, list_ids(graph, now), graph[t].revision));
    }
  }
  Plan plan;
  plan.heads_before = current;
  std::vector<std::string> heads = current;
  auto want = graph.ancestors(targets);
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (want[i] && !applied[i]) apply_step(graph, heads, i, plan);
  }
  plan.heads_after = heads;
  return plan;
}

Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, const Target& target) {
  auto now = current_indexes(graph, current);
  auto applied = graph.ancestors(now);
  if ((target.anchor == Target::Anchor::head || target.anchor == Target::Anchor::heads) && target.steps == 0) {
    target_error(fmt::format("'{}' is not a downgrade target (did you mean 'upgrade {}'?)", target.text, target.text));
  }
  if (target.uses_current() && target.steps > 0) {
    target_error(fmt::format("'{}' goes forwards: use 'upgrade {}'", target.text, target.text));
  }
  auto resolved = resolve_target(graph, target, TargetContext{.rows = &current});
  for (auto t : resolved.revisions) {
    if (!applied[t]) {
      target_error(fmt::format("'{}' ({}) is not applied: it is not a valid downgrade target from {}", target.text,
                               graph[t].revision, where_from(graph, now)));
    }
  }
  auto remove = graph.descendants(downgrade_roots(graph, resolved, target));
  for (auto t : resolved.revisions) remove[t] = false;
  Plan plan;
  plan.heads_before = current;
  std::vector<std::string> heads = current;
  for (std::size_t k = graph.size(); k-- > 0;) {
    if (remove[k] && applied[k]) unapply_step(graph, applied, heads, k, plan);
  }
  plan.heads_after = heads;
  return plan;
}

std::vector<std::size_t> revision_range(const RevisionGraph& graph, const TargetRange& range,
                                        const std::vector<std::string>& current) {
  const TargetContext context{.rows = &current, .overrun = Overrun::stop};
  std::vector<bool> below_upper(graph.size(), true);
  if (range.upper) below_upper = graph.ancestors(resolve_target(graph, *range.upper, context).revisions);
  std::vector<bool> above_lower(graph.size(), true);
  if (range.lower) {
    auto lower = resolve_target(graph, *range.lower, context);
    if (!lower.revisions.empty()) above_lower = graph.descendants(lower.revisions);
    else if (lower.line) above_lower = graph.lineage(*lower.line);  // LABEL@base: that branch's line (as Alembic)
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (below_upper[i] && above_lower[i]) out.push_back(i);
  }
  return out;
}

} // namespace retort
