// schema/model.cpp — object ids and the canonical order of a schema model.
#include <algorithm>

#include "retort/schema.hpp"

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

const char* id_prefix(Kind kind) {
  switch (kind) {
  case Kind::schema: return "schema:";
  case Kind::extension: return "extension:";
  case Kind::enum_type: return "enum:";
  case Kind::domain: return "domain:";
  case Kind::composite_type: return "composite:";
  case Kind::sequence: return "sequence:";
  case Kind::function: return "function:";
  case Kind::table: return "table:";
  case Kind::column: return "column:";
  case Kind::constraint: return "constraint:";
  case Kind::index: return "index:";
  case Kind::view: return "view:";
  case Kind::materialized_view: return "matview:";
  case Kind::trigger: return "trigger:";
  case Kind::policy: return "policy:";
  }
  return "object:";
}

template <typename T>
void sort_by_id(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return id(a) < id(b); });
}

} // namespace

std::string id(Kind kind, const std::string& schema, const std::string& name) {
  std::string out = id_prefix(kind);
  if (!schema.empty()) out += schema + ".";
  out += name;
  return out;
}

std::string id(const SchemaNamespace& o) { return id(Kind::schema, "", o.name); }
std::string id(const Extension& o) { return id(Kind::extension, "", o.name); }
std::string id(const EnumType& o) { return id(Kind::enum_type, o.schema, o.name); }
std::string id(const Domain& o) { return id(Kind::domain, o.schema, o.name); }
std::string id(const CompositeType& o) { return id(Kind::composite_type, o.schema, o.name); }
std::string id(const Sequence& o) { return id(Kind::sequence, o.schema, o.name); }
std::string id(const Function& o) { return id(Kind::function, o.schema, o.name + "(" + o.arguments + ")"); }
std::string id(const Table& o) { return id(Kind::table, o.schema, o.name); }
std::string column_id(const Table& table, const Column& column) {
  return id(Kind::column, table.schema, table.name + "." + column.name);
}
std::string constraint_id(const Table& table, const Constraint& constraint) {
  return id(Kind::constraint, table.schema, table.name + "." + constraint.name);
}
std::string id(const Index& o) { return id(Kind::index, o.schema, o.name); }
std::string id(const View& o) { return id(o.materialized ? Kind::materialized_view : Kind::view, o.schema, o.name); }
std::string id(const Trigger& o) { return id(Kind::trigger, o.schema, o.table + "." + o.name); }
std::string id(const Policy& o) { return id(Kind::policy, o.schema, o.table + "." + o.name); }

void canonicalize(Database& db) {
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
  for (auto& d : db.domains) {
    std::sort(d.constraints.begin(), d.constraints.end(),
              [](const DomainConstraint& a, const DomainConstraint& b) { return a.name < b.name; });
  }
  for (auto& t : db.tables) {
    std::sort(t.constraints.begin(), t.constraints.end(),
              [](const Constraint& a, const Constraint& b) { return a.name < b.name; });
  }
  for (auto& p : db.policies) std::sort(p.roles.begin(), p.roles.end());
  std::sort(db.unsupported.begin(), db.unsupported.end(), [](const UnsupportedObject& a, const UnsupportedObject& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  });
  std::sort(db.dependencies.begin(), db.dependencies.end(), [](const Dependency& a, const Dependency& b) {
    return a.from != b.from ? a.from < b.from : a.to != b.to ? a.to < b.to : a.soft < b.soft;
  });
  db.dependencies.erase(std::unique(db.dependencies.begin(), db.dependencies.end(),
                                    [](const Dependency& a, const Dependency& b) { return a.from == b.from && a.to == b.to; }),
                        db.dependencies.end());
}

} // namespace retort::schema
