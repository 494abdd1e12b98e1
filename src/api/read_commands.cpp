// The commands that only read the database: current, status, history.
#include <algorithm>

#include "retort/commands.hpp"
#include "runner/version_store.hpp"

namespace retort {

std::vector<std::string> current_heads(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  return store.heads();
}

std::vector<HistoryRecord> applied_history(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  return store.history();
}

Status status(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  Status s;
  s.current = store.heads();
  const auto& graph = project.graph();
  auto plan = plan_upgrade(graph, s.current, graph.heads().size() == 1 ? "head" : "heads");
  std::vector<std::size_t> now;
  for (const auto& id : s.current) now.push_back(graph.find(id));  // plan_upgrade has checked each exists
  auto applied = graph.ancestors(now);
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (applied[i]) s.applied.push_back(graph[i].revision);
  }
  for (const auto& step : plan.steps) s.pending.push_back(graph[step.revision].revision);
  auto history = store.history();
  for (const auto& id : s.applied) {
    auto it = std::find_if(history.rbegin(), history.rend(),
                           [&](const HistoryRecord& r) { return r.revision == id && r.direction == "up"; });
    if (it != history.rend()) s.last_applied.push_back(*it);
  }
  return s;
}

} // namespace retort
