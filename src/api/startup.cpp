// api/startup.cpp — upgrade_at_startup: one query when nothing is pending, the lock only for work.
#include "retort/service.hpp"

#include "runner/version_store.hpp"

namespace retort {

StartupResult upgrade_at_startup(const Project& project, Connection& db, const RunOptions& options) {
  const auto& graph = project.graph();
  VersionStore store(db, project.config());
  if (auto heads = store.settled_heads()) {
    StartupResult result;
    for (const auto& head : *heads) {
      if (graph.find(head) == RevisionGraph::npos) result.unknown.push_back(head);
    }
    if (!result.unknown.empty()) {
      result.outcome = StartupOutcome::database_ahead;
      result.run.heads_now = *heads;
      return result;
    }
    auto plan = plan_upgrade(graph, *heads, options.target.value_or(Target{}));
    if (plan.steps.empty()) {
      result.run.plan = std::move(plan);
      result.run.heads_now = std::move(*heads);
      return result;
    }
  }
  StartupResult result;
  result.run = upgrade(project, db, options);
  result.outcome = result.run.applied.empty() ? StartupOutcome::current : StartupOutcome::migrated;
  return result;
}

} // namespace retort
