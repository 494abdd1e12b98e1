// The commands that write files: init, revision.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "retort/commands.hpp"
#include "retort/error.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

std::string slug_of(const std::string& message) {
  std::string out;
  for (unsigned char c : message) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void write_new_file(const fs::path& path, const std::string& text) {
  if (fs::exists(path)) throw Error(ErrorCode::io, fmt::format("{} already exists", path.string()));
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw Error(ErrorCode::io, fmt::format("cannot write {}", path.string()));
}

/// The parents a merge of `refs` gets: every revision they name, once each, none the descendant of another.
std::vector<std::string> merge_parents(const RevisionGraph& graph, const std::vector<std::string>& refs) {
  std::vector<std::size_t> parents;
  for (const auto& ref : refs) {
    for (auto i : resolve_target(graph, Target(ref)).revisions) {
      if (std::find(parents.begin(), parents.end(), i) == parents.end()) parents.push_back(i);
    }
  }
  if (parents.size() < 2) {
    throw Error(ErrorCode::target, fmt::format("a merge needs at least two distinct revisions; got {}",
                                               join(graph.ids(parents))));
  }
  for (auto a : parents) {
    auto above = graph.descendants({a});
    for (auto b : parents) {
      if (a != b && above[b]) {
        throw Error(ErrorCode::target, fmt::format("cannot merge {} with its own descendant {}", graph[a].revision,
                                                   graph[b].revision));
      }
    }
  }
  return graph.ids(parents);
}

/// The parents `revision --head TARGET` gives a new revision: none for base (or an empty folder's
/// head), several for heads; one that is not a head needs `splice`.
std::vector<std::string> parents_of(const RevisionGraph& graph, const Target& head, bool splice) {
  auto parents = resolve_target(graph, head).revisions;
  if (parents.size() == 1 && !graph.children(parents.front()).empty() && !splice) {
    auto p = parents.front();
    throw Error(ErrorCode::target,
                fmt::format("revision {} is not a head (it has children {}); pass --splice to branch from it anyway",
                            graph[p].revision, join(graph.ids(graph.children(p)))));
  }
  return graph.ids(parents);
}

/// A depends_on entry as the file will hold it: a branch label as given, a revision prefix as the
/// full id (Alembic keeps labels and resolves prefixes the same way).
std::string dependency_as_written(const RevisionGraph& graph, const std::string& ref) {
  auto i = resolve_revision(graph, Target(ref));
  if (graph.find_label(ref) == i) return ref;
  return graph[i].revision;
}

} // namespace

std::string next_revision_id(const RevisionGraph& graph, const std::string& message) {
  long highest = 0;
  for (const auto& m : graph.migrations()) {
    std::size_t digits = 0;
    while (digits < m.revision.size() && std::isdigit(static_cast<unsigned char>(m.revision[digits]))) ++digits;
    if (digits > 0 && digits <= 9) highest = std::max(highest, std::stol(m.revision.substr(0, digits)));
  }
  std::string id = fmt::format("{:04d}", highest + 1);
  std::string slug = slug_of(message);
  if (!slug.empty()) id += "_" + slug;
  if (id.size() > 32) id.resize(32);
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

fs::path create_revision(const Project& project, const RevisionOptions& options) {
  const auto& graph = project.graph();
  if (options.message.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ErrorCode::usage, "a revision needs a message (-m 'add users table'): it names the file and shows "
                                  "in history, heads and status; nothing was written");
  }
  std::string id = options.rev_id ? *options.rev_id : next_revision_id(graph, options.message);
  if (!is_valid_revision_id(id)) {
    throw Error(ErrorCode::usage, fmt::format("'{}' is not a valid revision id (1-32 characters of letters, digits, "
                                              "'_' and '.'; not head, heads, base or current)", id));
  }
  for (const auto& label : options.branch_labels) {
    if (!is_valid_revision_id(label)) {
      throw Error(ErrorCode::usage, fmt::format("'{}' is not a valid branch label (1-32 characters of letters, digits, "
                                                "'_' and '.'; not head, heads, base or current)", label));
    }
  }
  if (graph.find(id) != RevisionGraph::npos) {
    throw Error(ErrorCode::revision_graph, fmt::format("revision '{}' already exists in {}", id,
                                                       graph[graph.find(id)].file));
  }
  std::vector<std::string> parents = options.merge.empty() ? parents_of(graph, Target(options.head), options.splice)
                                                            : merge_parents(graph, options.merge);
  std::vector<std::string> depends_on;
  for (const auto& d : options.depends_on) depends_on.push_back(dependency_as_written(graph, d));

  std::ostringstream text;
  text << "-- revision: " << id << "\n"
       << "-- down_revision: " << (parents.empty() ? "none" : join(parents)) << "\n"
       << "-- branch_labels: " << join(options.branch_labels) << "\n"
       << "-- depends_on: " << join(depends_on) << "\n"
       << "-- message: " << options.message << "\n"
       << "-- created: " << (options.created.empty() ? now_iso8601() : options.created) << "\n"
       << "-- transaction: " << (options.transaction == TransactionMode::none ? "none" : "per-migration") << "\n"
       << "\n-- migrate:up\n"
       << options.up_sql << (options.up_sql.empty() || options.up_sql.back() == '\n' ? "" : "\n")
       << "\n-- migrate:down\n"
       << options.down_sql << (options.down_sql.empty() || options.down_sql.back() == '\n' ? "" : "\n");
  fs::path path = project.config().migrations_dir / (id + ".sql");
  // validate what we are about to write with the same parser that will read it
  (void)parse_migration(text.str(), path);
  write_new_file(path, text.str());
  return path;
}

void init_project(const fs::path& dir) {
  fs::path config = dir / "retort.toml";
  if (fs::exists(config)) {
    throw Error(ErrorCode::refused, fmt::format("{} already exists; nothing was changed", config.string()));
  }
  std::error_code ec;
  fs::create_directories(dir / "migrations", ec);
  if (ec) throw Error(ErrorCode::io, fmt::format("cannot create {}: {}", (dir / "migrations").string(), ec.message()));
  write_new_file(config, default_config_text());
}

std::string read_migration_text(const Migration& migration) {
  std::ifstream in(migration.file, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, fmt::format("cannot read {}", migration.file));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace retort
