#include "support/project_dir.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <fstream>

namespace retort::test {

std::string migration_text(const std::string& revision, const std::string& down_revision, const std::string& up,
                           const std::string& down, const std::string& extra_header) {
  std::string text = fmt::format("-- revision: {}\n-- down_revision: {}\n-- message: test {}\n{}\n-- migrate:up\n{}\n",
                                 revision, down_revision.empty() ? "none" : down_revision, revision, extra_header, up);
  if (!down.empty()) text += fmt::format("\n-- migrate:down\n{}\n", down);
  return text;
}

ProjectDir::ProjectDir() {
  char pattern[] = "/tmp/retort-proj-XXXXXX";
  m_path = mkdtemp(pattern);
  std::filesystem::create_directories(m_path / "migrations");
}

ProjectDir::~ProjectDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

void ProjectDir::write_migration(const std::string& name, const std::string& text) const {
  write("migrations/" + name, text);
}

void ProjectDir::write(const std::string& relative, const std::string& text) const {
  std::ofstream out(m_path / relative, std::ios::binary | std::ios::trunc);
  out << text;
}

Config ProjectDir::config(const std::string& url) const {
  Config c;
  c.base_dir = m_path;
  c.url = url;
  c.migrations_dir = migrations();
  c.schema_file = m_path / "schema.sql";
  c.lock_timeout = std::chrono::seconds(10);
  return c;
}

} // namespace retort::test
