// retort/project.hpp — a project: its config and its revision graph, read once.
#pragma once

#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/migration.hpp"
#include "retort/revision_graph.hpp"

namespace retort {

/// A project: its config and its revision graph, read once.
class Project {
public:
  /// Loads the migrations folder named by the config and builds the graph (throws as they do).
  explicit Project(Config config);
  /// A project over migrations already in memory (embedded migrations, tests).
  Project(Config config, std::vector<Migration> migrations);

  [[nodiscard]] const Config& config() const noexcept { return m_config; }
  [[nodiscard]] const RevisionGraph& graph() const noexcept { return m_graph; }
  /// Files in the folder that look meant as migrations but are not read (`0003_x.SQL`), for a
  /// warning; empty for a project built from migrations in memory.
  [[nodiscard]] const std::vector<std::string>& near_miss_files() const noexcept { return m_near_misses; }

private:
  Config m_config;
  std::vector<std::string> m_near_misses;  // before m_graph: filled while it is built
  RevisionGraph m_graph;
};

} // namespace retort
