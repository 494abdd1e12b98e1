// render/render.cpp — a change set as a SQL script, and a whole schema as one.
#include <fmt/format.h>

#include "retort/diff.hpp"

namespace retort::schema {

std::string render_sql(const ChangeSet& changes) {
  std::string out;
  for (const auto& note : changes.notes) out += "-- note: " + note + "\n";
  for (const auto& u : changes.unsupported) {
    out += fmt::format("-- not rendered: {} {} exists on one side only, and retort does not model it\n", u.kind, u.name);
  }
  if (changes.changes.empty()) {
    out += "-- no changes\n";
    return out;
  }
  if (!out.empty()) out += "\n";
  bool first = true;
  for (const auto& change : changes.changes) {
    if (!first) out += "\n";
    first = false;
    out += "-- " + change.description + "\n";
    for (const auto& s : change.statements) {
      for (const auto& h : s.hazards) out += fmt::format("-- hazard {}: {}\n", hazard_code(h.hazard), h.message);
      out += s.sql + ";\n";
    }
  }
  return out;
}

std::string dump_sql(const Database& db) {
  Database empty;
  empty.privileges_read = db.privileges_read;  // owners and grants dumped when they were read
  DiffOptions options;
  options.privileges = db.privileges_read;
  ChangeSet all = diff(empty, db, options);
  std::string out = "-- retort dump: the schema as dependency-ordered SQL\n";
  for (const auto& u : db.unsupported) out += fmt::format("-- not dumped (retort does not model it): {} {}\n", u.kind, u.name);
  for (const auto& change : all.changes) {
    out += '\n';
    for (const auto& s : change.statements) {
      out += s.sql;
      out += ";\n";
    }
  }
  return out;
}

} // namespace retort::schema
