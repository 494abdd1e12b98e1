// The commands that only read the database: current, status, history.
#include <algorithm>
#include <optional>

#include "retort/commands.hpp"
#include "runner/version_store.hpp"

namespace retort {

std::vector<std::string> current_heads(const Config& config, Connection& db) {
  VersionStore store(db, config);
  return store.heads();
}

std::vector<std::string> current_heads(const Project& project, Connection& db) { return current_heads(project.config(), db); }

DatabaseState read_database_state(const Config& config, Connection& db, bool with_history) {
  VersionStore store(db, config);
  return store.snapshot(with_history);
}

std::vector<HistoryRecord> applied_history(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  return store.history();
}

Status status(const Project& project, Connection& db) { return status(project, read_database_state(project.config(), db)); }

Status status(const Project& project, DatabaseState snapshot) {
  Status s;
  s.current = std::move(snapshot.heads);
  s.dirty = std::move(snapshot.dirty);
  s.history_read = snapshot.history_read;
  const auto& graph = project.graph();
  auto plan = plan_upgrade(graph, s.current, graph.heads().size() == 1 ? "head" : "heads");
  std::vector<std::size_t> now;
  for (const auto& id : s.current) now.push_back(graph.find(id));  // plan_upgrade has checked each exists
  auto applied = graph.ancestors(now);
  std::vector<std::optional<HistoryRecord>> latest(graph.size());
  for (auto& record : snapshot.latest_up) {
    auto i = graph.find(record.revision);
    if (i != RevisionGraph::npos) latest[i] = std::move(record);
  }
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (!applied[i]) continue;
    s.applied.push_back(graph[i].revision);
    s.last_applied.push_back(std::move(latest[i]));
  }
  for (const auto& step : plan.steps) s.pending.push_back(graph[step.revision].revision);
  return s;
}

} // namespace retort

namespace retort {

std::optional<DirtyState> dirty_state(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  return store.dirty();
}

VerifyReport verify(const Project& project, Connection& db) {
  VersionStore store(db, project.config());
  const auto& graph = project.graph();
  VerifyReport report;
  auto heads = store.heads();
  std::vector<std::size_t> now;
  for (const auto& id : heads) {
    auto i = graph.find(id);
    if (i == RevisionGraph::npos) {
      report.mismatches.push_back(ChecksumMismatch{id, "", "", "(no file: the revision is not in the migrations folder)"});
    } else {
      now.push_back(i);
    }
  }
  auto applied = graph.ancestors(now);
  auto recorded = store.recorded_checksums();
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (!applied[i]) continue;
    const auto& m = graph[i];
    auto it = std::find_if(recorded.begin(), recorded.end(), [&](const auto& r) { return r.first == m.revision; });
    if (it == recorded.end()) {
      report.unrecorded.push_back(m.revision);
      continue;
    }
    const auto& current = m.checksum;
    if (current == it->second) report.verified.push_back(m.revision);
    else report.mismatches.push_back(ChecksumMismatch{m.revision, it->second, current, m.file});
  }
  return report;
}

} // namespace retort
