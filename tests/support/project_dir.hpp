// support/project_dir.hpp — a temporary project folder with migrations written from strings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "retort/config.hpp"

namespace retort::test {

/// A migration file's text from its parts (header + sections), as `retort revision` writes it.
std::string migration_text(const std::string& revision, const std::string& down_revision, const std::string& up,
                           const std::string& down = "", const std::string& extra_header = "");

/// A temporary folder with a migrations/ subfolder, removed by the destructor.
class ProjectDir {
public:
  ProjectDir();
  ~ProjectDir();
  ProjectDir(const ProjectDir&) = delete;
  ProjectDir& operator=(const ProjectDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
  [[nodiscard]] std::filesystem::path migrations() const { return m_path / "migrations"; }
  /// Writes migrations/<name> with `text`.
  void write_migration(const std::string& name, const std::string& text) const;
  /// Writes a file relative to the project.
  void write(const std::string& relative, const std::string& text) const;
  /// A Config for this folder and `url`.
  [[nodiscard]] Config config(const std::string& url) const;
  /// The url of a SQLite database file in this folder (app.db).
  [[nodiscard]] std::string sqlite_url() const { return "sqlite:///" + (m_path / "app.db").string(); }

private:
  std::filesystem::path m_path;
};

} // namespace retort::test
