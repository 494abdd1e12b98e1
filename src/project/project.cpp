// project/project.cpp — a project: the config and the graph of its migrations folder.
#include "retort/project.hpp"

namespace retort {

Project::Project(Config config)
    : m_config(std::move(config)), m_graph(load_migration_folder(m_config.migrations_dir, &m_near_misses, m_config.cache_dir)) {}

Project::Project(Config config, std::vector<Migration> migrations)
    : m_config(std::move(config)), m_graph(std::move(migrations)) {}

} // namespace retort
