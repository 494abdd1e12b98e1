#include "output.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

namespace retort::cli {
namespace {

using nlohmann::json;

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) == v.end() ? false : true; }

/// ", MESSAGE", or nothing for a revision without a message (no dangling separator).
std::string comma_message(const Migration& m) { return m.message.empty() ? std::string() : ", " + m.message; }

std::string parents_text(const Migration& m) {
  if (m.down_revisions.empty()) return "<base>";
  if (m.down_revisions.size() == 1) return m.down_revisions.front();
  return fmt::format("({})", fmt::join(m.down_revisions, ", "));
}

std::string marks(const RevisionGraph& graph, std::size_t i, const std::vector<std::string>& current) {
  const auto& m = graph[i];
  std::string s;
  auto mark = [&s](std::string_view what) {
    s += " (";
    s += what;
    s += ')';
  };
  for (const auto& l : m.branch_labels) mark(l);
  if (graph.children(i).empty()) mark("head");
  if (graph.parents(i).size() > 1) mark("mergepoint");
  if (graph.children(i).size() > 1) mark("branchpoint");
  if (contains(current, m.revision)) mark("current");
  if (!m.code_version.empty()) mark("code v" + m.code_version);
  return s;
}

json migration_json(const RevisionGraph& graph, std::size_t i) {
  const auto& m = graph[i];
  return json{{"revision", m.revision},
              {"down_revisions", m.down_revisions},
              {"branch_labels", m.branch_labels},
              {"depends_on", m.depends_on},
              {"message", m.message},
              {"created", m.created},
              {"transaction", m.transaction == TransactionMode::none ? "none" : "per-migration"},
              {"file", m.file},
              {"is_head", graph.children(i).empty()},
              {"is_base", graph.parents(i).empty()},
              {"has_down", m.has_down},
              {"code_version", m.code_version.empty() ? json(nullptr) : json(m.code_version)}};
}

} // namespace

std::string history_text(const RevisionGraph& graph, const std::vector<std::size_t>& shown,
                         const std::vector<std::string>& current, bool verbose) {
  std::string out;
  out.reserve(shown.size() * 64);
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
    const std::size_t k = *it;
    const auto& m = graph[k];
    if (verbose) {
      out += fmt::format("Rev: {}{}\nParent: {}\n", m.revision, marks(graph, k, current), parents_text(m));
      if (!m.depends_on.empty()) out += fmt::format("Also depends on: {}\n", fmt::join(m.depends_on, ", "));
      out += fmt::format("Path: {}\n\n    {}\n\n    Created: {}\n\n", m.file, m.message, m.created);
    } else {
      fmt::format_to(std::back_inserter(out), "{} -> {}{}{}\n", parents_text(m), m.revision, marks(graph, k, current),
                     comma_message(m));
    }
  }
  return out;
}

std::string history_json(const RevisionGraph& graph, const std::vector<std::size_t>& shown,
                         const std::vector<std::string>& current) {
  json list = json::array();
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
    const std::size_t k = *it;
    auto j = migration_json(graph, k);
    j["is_current"] = contains(current, graph[k].revision);
    list.push_back(std::move(j));
  }
  return json{{"revisions", list}}.dump(2) + "\n";
}

std::string branches_text(const RevisionGraph& graph) {
  std::string out;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (graph.children(i).size() < 2) continue;
    out += fmt::format("{}{}{}\n", graph[i].revision, marks(graph, i, {}), comma_message(graph[i]));
    for (auto c : graph.children(i)) {
      out += fmt::format("    -> {}{}{}\n", graph[c].revision, marks(graph, c, {}), comma_message(graph[c]));
    }
  }
  return out;
}

std::string branches_json(const RevisionGraph& graph) {
  json list = json::array();
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (graph.children(i).size() < 2) continue;
    auto j = migration_json(graph, i);
    j["children"] = graph.ids(graph.children(i));
    list.push_back(std::move(j));
  }
  return json{{"branchpoints", list}}.dump(2) + "\n";
}

std::string heads_text(const RevisionGraph& graph, const std::vector<std::size_t>& heads) {
  std::string out;
  for (auto h : heads) out += fmt::format("{}{}\n", graph[h].revision, marks(graph, h, {}));
  return out;
}

std::string heads_json(const RevisionGraph& graph, const std::vector<std::size_t>& heads) {
  json list = json::array();
  for (auto h : heads) list.push_back(migration_json(graph, h));
  return json{{"heads", list}}.dump(2) + "\n";
}

std::string current_text(const RevisionGraph& graph, const std::vector<std::string>& current) {
  std::string out;
  for (const auto& id : current) {
    auto i = graph.find(id);
    out += i == RevisionGraph::npos ? fmt::format("{} (not in the migrations folder)\n", id)
                                    : fmt::format("{}{}\n", id, graph.children(i).empty() ? " (head)" : "");
  }
  return out;
}

std::string current_json(const RevisionGraph& graph, const std::vector<std::string>& current) {
  json list = json::array();
  for (const auto& id : current) {
    auto i = graph.find(id);
    list.push_back(json{{"revision", id},
                        {"known", i != RevisionGraph::npos},
                        {"is_head", i != RevisionGraph::npos && graph.children(i).empty()}});
  }
  return json{{"current", list}}.dump(2) + "\n";
}

std::string status_text(const Project& project, const Status& s, const std::string& database) {
  const auto& graph = project.graph();
  std::string out = fmt::format("database: {}\ncurrent:  {}\n", database,
                                s.current.empty() ? std::string("(none: nothing applied)") : fmt::format("{}", fmt::join(s.current, ", ")));
  out += fmt::format("applied ({}):\n", s.applied.size());
  for (std::size_t k = 0; k < s.applied.size(); ++k) {
    const auto& id = s.applied[k];
    const auto& rec = s.last_applied[k];
    const auto& m = graph[graph.find(id)];
    if (!s.history_read) {
      fmt::format_to(std::back_inserter(out), "  {:<32} {}\n", id, m.message);
    } else if (rec) {
      out += fmt::format("  {:<32} {}  by {}  {} ms  {}\n", id, rec->applied_at, rec->applied_by, rec->duration_ms, m.message);
    } else {
      out += fmt::format("  {:<32} (stamped or applied by another tool)  {}\n", id, m.message);
    }
  }
  out += fmt::format("pending ({}):\n", s.pending.size());
  for (const auto& id : s.pending) out += fmt::format("  {:<32} {}\n", id, graph[graph.find(id)].message);
  return out;
}

std::string status_json(const Project& project, const Status& s, const std::string& database) {
  const auto& graph = project.graph();
  json applied = json::array(), pending = json::array();
  for (std::size_t k = 0; k < s.applied.size(); ++k) {
    const auto& id = s.applied[k];
    json j{{"revision", id}, {"message", graph[graph.find(id)].message}};
    if (const auto& rec = s.last_applied[k]) {
      j["applied_at"] = rec->applied_at;
      j["applied_by"] = rec->applied_by;
      j["duration_ms"] = rec->duration_ms;
      j["checksum"] = rec->checksum;
    }
    applied.push_back(std::move(j));
  }
  for (const auto& id : s.pending) pending.push_back(json{{"revision", id}, {"message", graph[graph.find(id)].message}});
  json dirty = nullptr;
  if (const auto& d = s.dirty) {
    dirty = json{{"revision", d->revision},           {"direction", d->direction},
                 {"statements_done", d->statements_done}, {"statements_total", d->statements_total},
                 {"failed_line", d->failed_line},     {"error", d->error},
                 {"sqlstate", d->sqlstate.empty() ? json(nullptr) : json(d->sqlstate)},
                 {"detail", d->detail.empty() ? json(nullptr) : json(d->detail)},
                 {"recorded_at", d->recorded_at},     {"recorded_by", d->recorded_by},
                 {"in_flight", d->in_flight.value_or(0) > 0 ? json(*d->in_flight) : json(nullptr)},
                 {"in_flight_what", d->in_flight.value_or(0) > 0 ? json(d->in_flight_what) : json(nullptr)}};
  }
  return json{{"database", database}, {"current", s.current}, {"applied", applied}, {"pending", pending}, {"dirty", dirty}}
             .dump(2) +
         "\n";
}

std::string show_text(const RevisionGraph& graph, std::size_t i) {
  const Migration m = with_bodies(graph[i]);
  std::string out = fmt::format("Rev: {}{}\nParent: {}\n", m.revision, marks(graph, i, {}), parents_text(m));
  if (!m.depends_on.empty()) out += fmt::format("Also depends on: {}\n", fmt::join(m.depends_on, ", "));
  auto children = graph.ids(graph.children(i));
  if (!children.empty()) out += fmt::format("Children: {}\n", fmt::join(children, ", "));
  out += fmt::format("Path: {}\nTransaction: {}\nChecksum: {}\n\n    {}\n\n    Created: {}\n", m.file,
                     m.transaction == TransactionMode::none ? "none" : "per-migration", m.checksum, m.message,
                     m.created);
  out += fmt::format("\n-- migrate:up (line {})\n{}", m.up_line, m.up_sql);
  if (m.down_sql) out += fmt::format("-- migrate:down (line {})\n{}", m.down_line, *m.down_sql);
  else out += "-- (no down section: irreversible)\n";
  return out;
}

std::string show_json(const RevisionGraph& graph, std::size_t i) {
  auto j = migration_json(graph, i);
  j["children"] = graph.ids(graph.children(i));
  const Migration m = with_bodies(graph[i]);
  j["checksum"] = m.checksum;
  j["up_sql"] = m.up_sql;
  j["down_sql"] = m.down_sql ? json(*m.down_sql) : json(nullptr);
  return j.dump(2) + "\n";
}

std::string verify_text(const VerifyReport& r) {
  std::string out;
  for (const auto& m : r.mismatches) {
    out += m.current.empty() ? fmt::format("MISSING  {}  {}\n", m.revision, m.file)
                             : fmt::format("CHANGED  {}  {}  (recorded {}, now {})\n", m.revision, m.file,
                                           m.recorded.substr(0, 12), m.current.substr(0, 12));
  }
  out += fmt::format("{} applied migration(s) match their files, {} changed or missing, {} without a recorded checksum{}\n",
                     r.verified.size(), r.mismatches.size(), r.unrecorded.size(),
                     r.unrecorded.empty() ? "" : fmt::format(" ({})", fmt::join(r.unrecorded, ", ")));
  return out;
}

std::string verify_json(const VerifyReport& r) {
  json mismatches = json::array();
  for (const auto& m : r.mismatches) {
    mismatches.push_back(json{{"revision", m.revision}, {"recorded", m.recorded},
                              {"current", m.current.empty() ? json(nullptr) : json(m.current)}, {"file", m.file}});
  }
  return json{{"ok", r.mismatches.empty()}, {"mismatches", mismatches}, {"verified", r.verified}, {"unrecorded", r.unrecorded}}.dump(2) + "\n";
}

std::string step_line(const RevisionGraph&, const StepEvent& e) {
  const auto& m = e.migration;
  std::string from = m.down_revisions.empty() ? "<base>" : fmt::format("{}", fmt::join(m.down_revisions, ", "));
  if (e.direction == Direction::up) return fmt::format("upgrade {} -> {}{}", from, m.revision, comma_message(m));
  return fmt::format("downgrade {} -> {}{}", m.revision, from, comma_message(m));
}

} // namespace retort::cli
