#include "retort/revision_graph.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <queue>

#include "retort/error.hpp"

namespace retort {
namespace {

[[noreturn]] void graph_error(const std::string& message, const Migration* where = nullptr) {
  ErrorContext ctx;
  if (where != nullptr) {
    ctx.file = where->file;
    ctx.revision = where->revision;
  }
  throw Error(ErrorCode::revision_graph, message, ctx);
}

/// Each branch label and the input index of the revision carrying it. Throws Error(revision_graph)
/// for a label used twice or equal to a revision id.
std::unordered_map<std::string, std::size_t> labels_of(const std::vector<Migration>& input,
                                                       const std::unordered_map<std::string, std::size_t>& by_id) {
  std::unordered_map<std::string, std::size_t> labels;
  for (std::size_t k = 0; k < input.size(); ++k) {
    for (const auto& label : input[k].branch_labels) {
      if (by_id.count(label) != 0) {
        graph_error(fmt::format("{}: branch label '{}' is also a revision id", input[k].file, label), &input[k]);
      }
      auto [it, inserted] = labels.emplace(label, k);
      if (!inserted) {
        graph_error(fmt::format("branch label '{}' is used by both '{}' and '{}'", label, input[it->second].revision,
                                input[k].revision),
                    &input[k]);
      }
    }
  }
  return labels;
}

} // namespace

RevisionGraph::RevisionGraph(std::vector<Migration> input) {
  const std::size_t n = input.size();
  std::unordered_map<std::string, std::size_t> by_id;
  by_id.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto [it, inserted] = by_id.emplace(input[i].revision, i);
    if (!inserted) {
      graph_error(fmt::format("revision '{}' is defined twice: in {} and in {}", input[i].revision,
                              input[it->second].file, input[i].file),
                  &input[i]);
    }
  }
  auto labels = labels_of(input, by_id);
  // Edges in input order; check that every reference resolves (a depends_on may name a branch label).
  std::vector<std::vector<std::size_t>> parents(n), deps(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& p : input[i].down_revisions) {
      auto it = by_id.find(p);
      if (it == by_id.end()) {
        graph_error(fmt::format("{}: down_revision '{}' of revision '{}' names no migration in the folder",
                                input[i].file, p, input[i].revision),
                    &input[i]);
      }
      parents[i].push_back(it->second);
    }
    for (const auto& d : input[i].depends_on) {
      auto id = by_id.find(d);
      auto label = id == by_id.end() ? labels.find(d) : labels.end();
      if (id == by_id.end() && label == labels.end()) {
        graph_error(fmt::format("{}: depends_on '{}' of revision '{}' names no migration or branch label in the folder",
                                input[i].file, d, input[i].revision),
                    &input[i]);
      }
      const std::size_t target = id != by_id.end() ? id->second : label->second;
      if (target == i) graph_error(fmt::format("{}: revision '{}' depends on itself", input[i].file, d), &input[i]);
      deps[i].push_back(target);
    }
  }
  for (auto& m : input) {
    if (m.checksum.empty() && m.bodies_loaded) {
      m.has_down = m.has_down || m.down_sql.has_value();
      m.checksum = migration_checksum(m);
    }
  }
  // The usual folder is already in topological order (every parent's file sorts first): then that
  // order is the one below, and no cycle is possible.
  bool ordered = true;
  for (std::size_t i = 0; i < n && ordered; ++i) {
    for (auto p : parents[i]) ordered = ordered && p < i;
    for (auto d : deps[i]) ordered = ordered && d < i;
  }
  if (ordered) {
    m_migrations = std::move(input);
    m_parents = std::move(parents);
    m_deps = std::move(deps);
    m_index = std::move(by_id);
  } else {
    place_in_topological_order(std::move(input), std::move(parents), std::move(deps), std::move(by_id));
  }
  m_children.resize(n);
  m_dependents.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    for (auto p : m_parents[k]) m_children[p].push_back(k);
    for (auto d : m_deps[k]) m_dependents[d].push_back(k);
    for (const auto& label : m_migrations[k].branch_labels) m_labels.emplace(label, k);
  }
}

void RevisionGraph::place_in_topological_order(std::vector<Migration> input, std::vector<std::vector<std::size_t>> parents,
                                               std::vector<std::vector<std::size_t>> deps,
                                               std::unordered_map<std::string, std::size_t> by_id) {
  const std::size_t n = input.size();
  // Kahn's algorithm; a min-heap on input index keeps file order among ready revisions.
  std::vector<std::size_t> indegree(n, 0);
  std::vector<std::vector<std::size_t>> out_edges(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto p : parents[i]) out_edges[p].push_back(i);
    for (auto d : deps[i]) out_edges[d].push_back(i);
    indegree[i] = parents[i].size() + deps[i].size();
  }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push(i);
  }
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    auto i = ready.top();
    ready.pop();
    order.push_back(i);
    for (auto c : out_edges[i]) {
      if (--indegree[c] == 0) ready.push(c);
    }
  }
  if (order.size() != n) {
    std::vector<std::string> in_cycle;
    for (std::size_t i = 0; i < n; ++i) {
      if (indegree[i] > 0) in_cycle.push_back(fmt::format("{} ({})", input[i].revision, input[i].file_name()));
    }
    graph_error(fmt::format("the revisions form a cycle; involved: {}", fmt::join(in_cycle, ", ")));
  }
  // Re-index in topological order.
  std::vector<std::size_t> new_index(n);
  for (std::size_t k = 0; k < n; ++k) new_index[order[k]] = k;
  // Move each migration to its topological place in `input` itself (following the permutation's
  // cycles), so that a large folder is never held twice.
  std::vector<bool> placed(n, false);
  for (std::size_t k = 0; k < n; ++k) {
    if (placed[k] || order[k] == k) continue;
    Migration first = std::move(input[k]);
    std::size_t j = k;
    while (order[j] != k) {
      input[j] = std::move(input[order[j]]);
      placed[j] = true;
      j = order[j];
    }
    input[j] = std::move(first);
    placed[j] = true;
  }
  m_migrations = std::move(input);
  m_parents.resize(n);
  m_deps.resize(n);
  for (auto& entry : by_id) entry.second = new_index[entry.second];
  m_index = std::move(by_id);
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t old = order[k];
    for (auto p : parents[old]) m_parents[k].push_back(new_index[p]);
    for (auto d : deps[old]) m_deps[k].push_back(new_index[d]);
  }
}

std::size_t RevisionGraph::find(std::string_view id) const {
  auto it = m_index.find(std::string(id));
  return it == m_index.end() ? npos : it->second;
}

std::size_t RevisionGraph::at(std::string_view id) const {
  auto i = find(id);
  if (i == npos) throw Error(ErrorCode::target, fmt::format("no revision '{}'", id));
  return i;
}

std::vector<std::size_t> RevisionGraph::with_prefix(std::string_view prefix) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m_migrations.size(); ++i) {
    if (std::string_view(m_migrations[i].revision).substr(0, prefix.size()) == prefix) out.push_back(i);
  }
  return out;
}

std::size_t RevisionGraph::find_label(std::string_view label) const {
  auto it = m_labels.find(std::string(label));
  return it == m_labels.end() ? npos : it->second;
}

std::vector<std::pair<std::string, std::size_t>> RevisionGraph::labels_with_prefix(std::string_view prefix) const {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& [label, index] : m_labels) {
    if (std::string_view(label).substr(0, prefix.size()) == prefix) out.emplace_back(label, index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> RevisionGraph::heads() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m_migrations.size(); ++i) {
    if (m_children[i].empty()) out.push_back(i);
  }
  return out;
}

std::vector<std::size_t> RevisionGraph::bases() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m_migrations.size(); ++i) {
    if (m_parents[i].empty()) out.push_back(i);
  }
  return out;
}

std::vector<bool> RevisionGraph::ancestors(const std::vector<std::size_t>& from, Edges edges) const {
  std::vector<bool> mark(size(), false);
  std::vector<std::size_t> stack(from.begin(), from.end());
  while (!stack.empty()) {
    auto i = stack.back();
    stack.pop_back();
    if (mark[i]) continue;
    mark[i] = true;
    for (auto p : m_parents[i]) stack.push_back(p);
    if (edges == Edges::all) {
      for (auto d : m_deps[i]) stack.push_back(d);
    }
  }
  return mark;
}

std::vector<bool> RevisionGraph::descendants(const std::vector<std::size_t>& from, Edges edges) const {
  std::vector<bool> mark(size(), false);
  std::vector<std::size_t> stack(from.begin(), from.end());
  while (!stack.empty()) {
    auto i = stack.back();
    stack.pop_back();
    if (mark[i]) continue;
    mark[i] = true;
    for (auto c : m_children[i]) stack.push_back(c);
    if (edges == Edges::all) {
      for (auto d : m_dependents[i]) stack.push_back(d);
    }
  }
  return mark;
}

std::vector<bool> RevisionGraph::lineage(std::size_t revision) const {
  auto mark = ancestors({revision}, Edges::version_line);
  auto below = descendants({revision}, Edges::version_line);
  for (std::size_t i = 0; i < mark.size(); ++i) mark[i] = mark[i] || below[i];
  return mark;
}

std::vector<std::size_t> RevisionGraph::heads_of(const std::vector<bool>& applied) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < applied.size(); ++i) {
    if (!applied[i]) continue;
    bool has_applied_child = std::any_of(m_children[i].begin(), m_children[i].end(), [&](auto c) { return applied[c]; });
    if (!has_applied_child) out.push_back(i);
  }
  return out;
}

std::vector<std::string> RevisionGraph::ids(const std::vector<std::size_t>& indexes) const {
  std::vector<std::string> out;
  out.reserve(indexes.size());
  for (auto i : indexes) out.push_back(m_migrations[i].revision);
  return out;
}

} // namespace retort
