#include "retort/plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "retort/error.hpp"

namespace retort {
namespace {

[[noreturn]] void target_error(const std::string& message) { throw Error(ErrorCode::target, message); }

/// "+3" → 3, "-2" → -2; nullopt when `s` is not a signed integer.
std::optional<long> parse_relative(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  long n = 0;
  auto [ptr, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size() || n <= 0) return std::nullopt;
  return s[0] == '+' ? n : -n;
}

std::vector<std::size_t> current_indexes(const RevisionGraph& graph, const std::vector<std::string>& current) {
  std::vector<std::size_t> out;
  for (const auto& id : current) {
    auto i = graph.find(id);
    if (i == RevisionGraph::npos) {
      throw Error(ErrorCode::version_table,
                  fmt::format("the database is at revision '{}', which is not in the migrations folder "
                              "(a migration file was removed, or this is another project's database; "
                              "'stamp --purge' resets the version table)",
                              id));
    }
    out.push_back(i);
  }
  return out;
}

std::string describe_list(const RevisionGraph& graph, const std::vector<std::size_t>& indexes) {
  return fmt::format("{}", fmt::join(graph.ids(indexes), ", "));
}

/// Walks `steps` edges from `from` (npos = below every base): +N along children, -N along parents.
/// Returns npos when -N lands exactly below a base.
std::size_t walk(const RevisionGraph& graph, std::size_t from, long steps, std::string_view target,
                 const std::vector<bool>* within = nullptr) {
  std::size_t p = from;
  long n = steps < 0 ? -steps : steps;
  for (long k = 1; k <= n; ++k) {
    std::vector<std::size_t> next;
    if (steps > 0) {
      next = p == RevisionGraph::npos ? graph.bases() : graph.children(p);
      if (within != nullptr) std::erase_if(next, [&](std::size_t i) { return !(*within)[i]; });
    } else {
      if (p == RevisionGraph::npos) next = {};
      else if (graph.parents(p).empty()) {
        if (k == n) return RevisionGraph::npos;
        // stepping below the base would have been step k: k migrations were available
        target_error(fmt::format("relative revision '{}' didn't produce {} migrations (only {} available)", target, n, k));
      } else {
        next = graph.parents(p);
      }
    }
    if (next.empty()) {
      target_error(fmt::format("relative revision '{}' didn't produce {} migrations (only {} available)", target, n, k - 1));
    }
    if (next.size() > 1) {
      target_error(fmt::format("relative revision '{}' is ambiguous: after {} step(s) the path forks into {}", target,
                               k - 1, describe_list(graph, next)));
    }
    p = next.front();
  }
  return p;
}

std::size_t single_current(const RevisionGraph& graph, const std::vector<std::size_t>& current, std::string_view target) {
  if (current.size() > 1) {
    target_error(fmt::format("relative target '{}' is ambiguous: the database has several heads ({}); "
                             "name a revision instead, e.g. REV{}",
                             target, describe_list(graph, current), target));
  }
  return current.empty() ? RevisionGraph::npos : current.front();
}

/// The revisions of the branch `label` names: the labelled revision, its ancestors and descendants.
std::vector<bool> branch_members(const RevisionGraph& graph, std::string_view label) {
  auto l = graph.find_label(label);
  if (l == RevisionGraph::npos) target_error(fmt::format("no branch label '{}'", label));
  auto up = graph.ancestors({l}), down = graph.descendants({l});
  for (std::size_t i = 0; i < up.size(); ++i) up[i] = up[i] || down[i];
  return up;
}

/// Where the database stands on a branch: the one applied head among its members (npos: none applied).
std::size_t position_on(const RevisionGraph& graph, const std::vector<bool>& members, const std::vector<bool>& applied,
                        std::string_view target) {
  std::vector<bool> mine(members.size());
  for (std::size_t i = 0; i < mine.size(); ++i) mine[i] = members[i] && applied[i];
  auto heads = graph.heads_of(mine);
  if (heads.size() > 1) {
    target_error(fmt::format("'{}' is ambiguous: the branch is applied up to several heads ({})", target,
                             describe_list(graph, heads)));
  }
  return heads.empty() ? RevisionGraph::npos : heads.front();
}

/// Splits "REV+N"/"REV-N" into its parts (nullopt when not of that form).
std::optional<std::pair<std::string_view, long>> split_rev_relative(std::string_view s) {
  auto pos = s.find_last_of("+-");
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  auto n = parse_relative(s.substr(pos));
  if (!n) return std::nullopt;
  return std::make_pair(s.substr(0, pos), *n);
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

} // namespace

std::size_t resolve_revision(const RevisionGraph& graph, std::string_view ref) {
  if (ref.empty()) target_error("empty revision");
  if (ref == "head") {
    auto heads = graph.heads();
    if (heads.empty()) target_error("'head' names nothing: the migrations folder is empty");
    if (heads.size() > 1) {
      target_error(fmt::format("'head' is ambiguous: there are {} heads ({}); name one, use 'heads', "
                               "or merge them with 'retort merge'",
                               heads.size(), describe_list(graph, heads)));
    }
    return heads.front();
  }
  if (auto at = ref.find('@'); at != std::string_view::npos) {
    std::string_view label = ref.substr(0, at), what = ref.substr(at + 1);
    auto l = graph.find_label(label);
    if (l == RevisionGraph::npos) target_error(fmt::format("no branch label '{}'", label));
    if (what != "head") target_error(fmt::format("'{}': only LABEL@head names a single revision here", ref));
    auto below = graph.descendants({l});
    std::vector<std::size_t> heads;
    for (auto h : graph.heads()) {
      if (below[h]) heads.push_back(h);
    }
    if (heads.size() != 1) {
      target_error(fmt::format("'{}' is ambiguous: the branch has heads {}", ref, describe_list(graph, heads)));
    }
    return heads.front();
  }
  if (auto exact = graph.find(ref); exact != RevisionGraph::npos) return exact;
  auto matches = graph.with_prefix(ref);
  if (matches.empty()) target_error(fmt::format("no revision matches '{}'", ref));
  if (matches.size() > 1) {
    target_error(fmt::format("'{}' is ambiguous: it is a prefix of {}", ref, describe_list(graph, matches)));
  }
  return matches.front();
}

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

Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target) {
  auto now = current_indexes(graph, current);
  auto applied = graph.ancestors(now);
  std::vector<std::size_t> targets;
  if (target == "heads") {
    targets = graph.heads();
  } else if (target == "base") {
    target_error("'base' is not an upgrade target (did you mean 'downgrade base'?)");
  } else if (auto rel = parse_relative(target)) {
    if (*rel < 0) target_error(fmt::format("'{}' goes backwards: use 'downgrade {}'", target, target));
    auto p = walk(graph, single_current(graph, now, target), *rel, target);
    targets = {p};
  } else if (auto rr = split_rev_relative(target); rr && rr->first.ends_with('@')) {
    if (rr->second < 0) target_error(fmt::format("'{}' goes backwards: use 'downgrade {}'", target, target));
    auto members = branch_members(graph, rr->first.substr(0, rr->first.size() - 1));
    targets = {walk(graph, position_on(graph, members, applied, target), rr->second, target, &members)};
  } else if (rr) {
    auto from = resolve_revision(graph, rr->first);
    auto p = walk(graph, from, rr->second, target);
    if (p == RevisionGraph::npos || rr->second < 0) target_error(fmt::format("'{}' goes backwards: use downgrade", target));
    targets = {p};
  } else {
    targets = {resolve_revision(graph, target)};
  }
  for (auto t : targets) {
    // "heads" asks for every head; one already applied (as another revision's depends_on) is simply done.
    if (target != "heads" && applied[t] && std::find(now.begin(), now.end(), t) == now.end()) {
      target_error(fmt::format("'{}' ({}) is already applied below the current head(s) {}: it is not a valid upgrade "
                               "target (use 'downgrade {}')",
                               target, graph[t].revision, describe_list(graph, now), graph[t].revision));
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

Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target) {
  auto now = current_indexes(graph, current);
  auto applied = graph.ancestors(now);
  std::vector<bool> remove(graph.size(), false);
  std::vector<bool> keep(graph.size(), false);
  auto remove_strictly_below = [&](std::size_t t) {
    keep[t] = true;
    auto d = graph.descendants({t});
    for (std::size_t i = 0; i < graph.size(); ++i) remove[i] = remove[i] || (d[i] && !keep[i] && applied[i]);
  };
  auto remove_from = [&](std::size_t head) {
    // `head` and every applied revision that descends from it
    auto d = graph.descendants({head});
    for (std::size_t i = 0; i < graph.size(); ++i) remove[i] = remove[i] || (d[i] && applied[i]);
  };
  std::optional<long> rel;
  std::optional<std::pair<std::string_view, long>> rev_rel;
  if (target == "base") {
    remove = applied;
  } else if (target == "head" || target == "heads") {
    target_error(fmt::format("'{}' is not a downgrade target (did you mean 'upgrade {}'?)", target, target));
  } else if ((rel = parse_relative(target)) || (rev_rel = split_rev_relative(target))) {
    long steps = rel ? *rel : rev_rel->second;
    std::size_t from = rel                              ? single_current(graph, now, target)
                       : rev_rel->first.ends_with('@') ? position_on(graph, branch_members(graph, rev_rel->first.substr(0, rev_rel->first.size() - 1)), applied, target)
                                                       : resolve_revision(graph, rev_rel->first);
    if (steps > 0) target_error(fmt::format("'{}' goes forwards: use 'upgrade {}'", target, target));
    if (from == RevisionGraph::npos) target_error(fmt::format("relative revision '{}': nothing is applied", target));
    // Walk down -steps-1 single-parent edges, then keep the last revision's parents (all of them:
    // stepping back over a merge returns to both of its parents).
    std::size_t p = from;
    for (long k = 1; k < -steps; ++k) {
      const auto& ps = graph.parents(p);
      if (ps.empty()) {
        target_error(fmt::format("relative revision '{}' didn't produce {} migrations (only {} available)", target,
                                 -steps, k));
      }
      if (ps.size() > 1) {
        target_error(fmt::format("relative revision '{}' is ambiguous: after {} step(s) the path forks into {}", target,
                                 k, describe_list(graph, ps)));
      }
      p = ps.front();
    }
    // p is the last revision stepped over: it and everything applied above it goes (other branches
    // that merely share p's parent stay; over a merge, both parents stay).
    remove_from(p);
  } else if (auto at = target.find('@'); at != std::string_view::npos && target.substr(at + 1) == "base") {
    auto l = graph.find_label(target.substr(0, at));
    if (l == RevisionGraph::npos) target_error(fmt::format("no branch label '{}'", target.substr(0, at)));
    std::size_t base = l;
    while (!graph.parents(base).empty()) base = graph.parents(base).front();
    remove_from(base);
  } else {
    auto t = resolve_revision(graph, target);
    if (!applied[t]) {
      target_error(fmt::format("'{}' ({}) is not applied: it is not a valid downgrade target from {}", target,
                               graph[t].revision, current.empty() ? std::string("base") : describe_list(graph, now)));
    }
    remove_strictly_below(t);
  }
  Plan plan;
  plan.heads_before = current;
  std::vector<std::string> heads = current;
  for (std::size_t k = graph.size(); k-- > 0;) {
    if (remove[k] && applied[k] && !keep[k]) unapply_step(graph, applied, heads, k, plan);
  }
  plan.heads_after = heads;
  return plan;
}

std::vector<std::string> stamp_heads(const RevisionGraph& graph, std::string_view target) {
  if (target == "base") return {};
  if (target == "heads") return graph.ids(graph.heads());
  return {graph[resolve_revision(graph, target)].revision};
}

} // namespace retort

namespace retort {

std::vector<std::size_t> revision_range(const RevisionGraph& graph, std::string_view range,
                                        const std::vector<std::string>& current) {
  auto colon = range.find(':');
  if (colon == std::string_view::npos) {
    throw Error(ErrorCode::target, fmt::format("history range '{}' must be LOWER:UPPER (either side may be empty)", range));
  }
  auto end_points = [&](std::string_view ref, bool lower) -> std::optional<std::vector<std::size_t>> {
    if (ref.empty()) return std::nullopt;  // open end
    if (ref == "base") {
      if (lower) return std::nullopt;
      return std::vector<std::size_t>{};
    }
    if (ref == "heads" || (ref == "head" && !lower)) return graph.heads();
    if (ref == "current") {
      std::vector<std::size_t> out;
      for (const auto& id : current) out.push_back(graph.at(id));
      return out;
    }
    return std::vector<std::size_t>{resolve_revision(graph, ref)};
  };
  auto lower = end_points(range.substr(0, colon), true);
  auto upper = end_points(range.substr(colon + 1), false);
  std::vector<bool> below_upper = upper ? graph.ancestors(*upper) : std::vector<bool>(graph.size(), true);
  std::vector<bool> above_lower = lower ? graph.descendants(*lower) : std::vector<bool>(graph.size(), true);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (below_upper[i] && above_lower[i]) out.push_back(i);
  }
  return out;
}

} // namespace retort
