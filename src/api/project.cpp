// api/project.cpp — a project opened together with its database (open_project).
#include <fmt/format.h>

#include <exception>
#include <future>

#include "retort/commands.hpp"
#include "retort/error.hpp"

namespace retort {

std::string url_origin(const Config& config) {
  if (config.url_source.empty()) return "nowhere";
  if (config.url_line > 0) return fmt::format("{} line {}", config.url_source, config.url_line);
  return config.url_source;
}

OpenedProject open_project(Config config, bool connect_database,
                           const std::function<void(Connection&, const Config&)>& while_loading) {
  if (!connect_database) return OpenedProject{Project(std::move(config)), nullptr};
  return open_project(std::move(config), Access::write, while_loading);
}

OpenedProject open_project(Config config, Access mode,
                           const std::function<void(Connection&, const Config&)>& while_loading) {
  if (config.url.empty()) {
    Project project(std::move(config));  // a folder error first, as without a database
    throw Error(ErrorCode::config, "no database url: pass --url, set DATABASE_URL, or set url in retort.toml");
  }
  const Config copy = config;  // for while_loading: the thread owns the other one
  auto loading = std::async(std::launch::async, [config = std::move(config)]() mutable { return Project(std::move(config)); });
  std::unique_ptr<Connection> db;
  std::exception_ptr connect_error;
  try {
    try {
      db = connect(copy.url, mode);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::connection) throw;
      throw Error(e.code(), fmt::format("{} (the url came from {})", e.what(), url_origin(copy)), e.context());
    }
    if (while_loading) while_loading(*db, copy);
  } catch (...) {
    connect_error = std::current_exception();
  }
  Project project = loading.get();  // rethrows the folder's error, which wins
  if (connect_error) std::rethrow_exception(connect_error);
  return OpenedProject{std::move(project), std::move(db)};
}

} // namespace retort
