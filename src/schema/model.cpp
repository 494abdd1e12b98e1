// schema/model.cpp — object ids and the canonical order of a schema model.
#include <algorithm>
#include <future>

#include "retort/schema.hpp"
#include "schema/canonical.hpp"
#include "schema/id_pieces.hpp"

namespace retort::schema {

const char* kind_name(Kind kind) {
  switch (kind) {
  case Kind::schema: return "schema";
  case Kind::extension: return "extension";
  case Kind::enum_type: return "enum";
  case Kind::domain: return "domain";
  case Kind::composite_type: return "composite type";
  case Kind::sequence: return "sequence";
  case Kind::function: return "function";
  case Kind::table: return "table";
  case Kind::column: return "column";
  case Kind::constraint: return "constraint";
  case Kind::index: return "index";
  case Kind::view: return "view";
  case Kind::materialized_view: return "materialized view";
  case Kind::trigger: return "trigger";
  case Kind::policy: return "policy";
  }
  return "object";
}

namespace {

template <typename T>
bool id_less(const T& a, const T& b) {
  return pieces(a).compare(pieces(b)) < 0;
}

template <typename T>
void sort_by_id(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return id_less(a, b); });
}

template <typename T>
bool name_less(const T& a, const T& b) {
  return a.name < b.name;
}

bool unsupported_less(const UnsupportedObject& a, const UnsupportedObject& b) {
  return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
}

bool dependency_less(const Dependency& a, const Dependency& b) {
  if (int c = a.from.compare(b.from); c != 0) return c < 0;
  if (int c = a.to.compare(b.to); c != 0) return c < 0;
  return a.soft < b.soft;
}

bool same_ends(const Dependency& a, const Dependency& b) { return a.from == b.from && a.to == b.to; }

/// Each item strictly after the one before: sorting changes nothing, not even among equals.
template <typename T, typename Less>
bool strictly_sorted(const std::vector<T>& items, Less less) {
  return std::adjacent_find(items.begin(), items.end(), [&](const T& a, const T& b) { return !less(a, b); }) == items.end();
}

template <typename T>
bool strictly_by_id(const std::vector<T>& items) {
  return strictly_sorted(items, id_less<T>);
}

} // namespace

std::string id(Kind kind, const std::string& schema, const std::string& name) { return IdPieces(kind, schema).add(name).str(); }

std::string id(const SchemaNamespace& o) { return pieces(o).str(); }
std::string id(const Extension& o) { return pieces(o).str(); }
std::string id(const EnumType& o) { return pieces(o).str(); }
std::string id(const Domain& o) { return pieces(o).str(); }
std::string id(const CompositeType& o) { return pieces(o).str(); }
std::string id(const Sequence& o) { return pieces(o).str(); }
std::string id(const Function& o) { return pieces(o).str(); }
std::string id(const Table& o) { return pieces(o).str(); }
std::string column_id(const Table& table, const Column& column) { return column_pieces(table, column).str(); }
std::string constraint_id(const Table& table, const Constraint& constraint) { return constraint_pieces(table, constraint).str(); }
std::string id(const Index& o) { return pieces(o).str(); }
std::string id(const View& o) { return pieces(o).str(); }
std::string id(const Trigger& o) { return pieces(o).str(); }
std::string id(const Policy& o) { return pieces(o).str(); }

// is_canonical() below checks exactly what this sorts: keep the two in step.
void canonicalize(Database& db) {
  // the dependencies (the longest list: ~17 per table) on a core of their own when they are many
  auto sort_dependencies = [&db] {
    std::sort(db.dependencies.begin(), db.dependencies.end(), [](const auto& a, const auto& b) { return dependency_less(a, b); });
    db.dependencies.erase(std::unique(db.dependencies.begin(), db.dependencies.end(), same_ends), db.dependencies.end());
  };
  constexpr std::size_t k_worth_a_thread = 4096;
  std::future<void> dependencies;
  if (db.dependencies.size() >= k_worth_a_thread) dependencies = std::async(std::launch::async, sort_dependencies);
  else sort_dependencies();
  sort_by_id(db.schemas);
  sort_by_id(db.extensions);
  sort_by_id(db.enums);
  sort_by_id(db.domains);
  sort_by_id(db.composite_types);
  sort_by_id(db.sequences);
  sort_by_id(db.functions);
  sort_by_id(db.tables);
  sort_by_id(db.indexes);
  sort_by_id(db.views);
  sort_by_id(db.triggers);
  sort_by_id(db.policies);
  for (auto& d : db.domains) std::sort(d.constraints.begin(), d.constraints.end(), [](const auto& a, const auto& b) { return name_less(a, b); });
  for (auto& t : db.tables) std::sort(t.constraints.begin(), t.constraints.end(), [](const auto& a, const auto& b) { return name_less(a, b); });
  for (auto& p : db.policies) std::sort(p.roles.begin(), p.roles.end());
  std::sort(db.unsupported.begin(), db.unsupported.end(), [](const auto& a, const auto& b) { return unsupported_less(a, b); });
  if (dependencies.valid()) dependencies.get();
}

bool is_canonical(const Database& db) {
  bool lists = strictly_by_id(db.schemas) && strictly_by_id(db.extensions) && strictly_by_id(db.enums) &&
               strictly_by_id(db.domains) && strictly_by_id(db.composite_types) && strictly_by_id(db.sequences) &&
               strictly_by_id(db.functions) && strictly_by_id(db.tables) && strictly_by_id(db.indexes) &&
               strictly_by_id(db.views) && strictly_by_id(db.triggers) && strictly_by_id(db.policies);
  if (!lists) return false;
  for (const auto& d : db.domains) {
    if (!strictly_sorted(d.constraints, name_less<DomainConstraint>)) return false;
  }
  for (const auto& t : db.tables) {
    if (!strictly_sorted(t.constraints, name_less<Constraint>)) return false;
  }
  // Equal roles, unsupported objects and dependencies are equal values: sorted is enough for them.
  for (const auto& p : db.policies) {
    if (!std::is_sorted(p.roles.begin(), p.roles.end())) return false;
  }
  return std::is_sorted(db.unsupported.begin(), db.unsupported.end(), unsupported_less) &&
         std::is_sorted(db.dependencies.begin(), db.dependencies.end(), dependency_less) &&
         std::adjacent_find(db.dependencies.begin(), db.dependencies.end(), same_ends) == db.dependencies.end();
}

} // namespace retort::schema
