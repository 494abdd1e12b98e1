// diff/privileges.cpp — owners and grants: ALTER … OWNER TO, then GRANT and REVOKE per grantee.
#include "diff/privileges.hpp"

#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "diff/acl.hpp"
#include "retort/error.hpp"
#include "schema/ddl.hpp"

namespace retort::schema {

namespace {

using acl::ObjectClass;
using ddl::ident;
using ddl::qualified;

/// How one object is named in ALTER … OWNER TO and in GRANT … ON.
struct Target {
  Kind kind;
  std::string id;
  std::string label;        ///< for people: "table public.tasks"
  std::string alter;        ///< "TABLE public.tasks" (after ALTER)
  std::string grant_on;     ///< "TABLE public.tasks" (after GRANT … ON)
  ObjectClass cls;
  bool owner_follows_table = false;  ///< a sequence OWNED BY a table: ALTER TABLE … OWNER TO moves it
};

Target target(const SchemaNamespace& o) {
  return {Kind::schema, id(o), "schema " + o.name, "SCHEMA " + ident(o.name), "SCHEMA " + ident(o.name), ObjectClass::schema};
}
Target target(const EnumType& o) {
  auto q = qualified(o.schema, o.name);
  return {Kind::enum_type, id(o), "type " + o.schema + "." + o.name, "TYPE " + q, "TYPE " + q, ObjectClass::type};
}
Target target(const CompositeType& o) {
  auto q = qualified(o.schema, o.name);
  return {Kind::composite_type, id(o), "type " + o.schema + "." + o.name, "TYPE " + q, "TYPE " + q, ObjectClass::type};
}
Target target(const Domain& o) {
  auto q = qualified(o.schema, o.name);
  return {Kind::domain, id(o), "domain " + o.schema + "." + o.name, "DOMAIN " + q, "DOMAIN " + q, ObjectClass::type};
}
Target target(const Sequence& o) {
  auto q = qualified(o.schema, o.name);
  return {Kind::sequence, id(o), "sequence " + o.schema + "." + o.name, "SEQUENCE " + q, "SEQUENCE " + q,
          ObjectClass::sequence, !o.owned_by_table.empty()};
}
Target target(const Table& o) {
  auto q = qualified(o.schema, o.name);
  return {Kind::table, id(o), "table " + o.schema + "." + o.name, "TABLE " + q, "TABLE " + q, ObjectClass::relation};
}
Target target(const View& o) {
  auto q = qualified(o.schema, o.name);
  std::string word = o.materialized ? "MATERIALIZED VIEW " : "VIEW ";
  return {o.materialized ? Kind::materialized_view : Kind::view, id(o),
          (o.materialized ? "materialized view " : "view ") + o.schema + "." + o.name, word + q, "TABLE " + q,
          ObjectClass::relation};
}
Target target(const Function& o) {
  std::string sig = ddl::signature(o);
  return {Kind::function, id(o), std::string(o.kind == 'p' ? "procedure " : "function ") + o.schema + "." + o.name + "(" + o.arguments + ")",
          std::string(ddl::routine_word(o)) + " " + sig, "ROUTINE " + sig, ObjectClass::routine};
}

HazardNote authorization(const std::string& label) {
  return HazardNote{Hazard::authorization, "changes who owns or may use " + label};
}

/// Objects `changes` creates (or drops and creates again): they start with their creator as owner
/// and default privileges.
std::set<std::string> created_ids(const ChangeSet& changes) {
  std::set<std::string> out;
  for (const auto& c : changes.changes) {
    if (c.action != "create" && c.action != "replace") continue;
    for (const auto& s : c.statements) {
      if (s.sql.rfind("CREATE", 0) == 0) {
        out.insert(c.object);
        break;
      }
    }
  }
  return out;
}

struct Walk {
  const std::set<std::string>& created;
  ChangeSet& out;
  /// Old owner → new owner of each table whose owner changes (its owned sequences follow it).
  std::unordered_map<std::string, std::pair<std::string, std::string>> table_owner_moves;

  template <typename T>
  void all(const std::vector<T>& from, const std::vector<T>& to) {
    std::unordered_map<std::string, const T*> before;
    for (const auto& o : from) before[id(o)] = &o;
    for (const auto& o : to) {
      auto it = before.find(id(o));
      const T* old = created.count(id(o)) || it == before.end() ? nullptr : it->second;
      one(target(o), old ? &old->privileges : nullptr, o.privileges, owner_table(o), more_grants(old, o));
    }
  }

  template <typename T>
  static std::string owner_table(const T&) { return ""; }
  static std::string owner_table(const Sequence& s) { return s.owned_by_table; }

  /// Grants below the object itself: a table's column grants (a new column has none).
  template <typename T>
  static std::vector<std::string> more_grants(const T*, const T&) { return {}; }
  static std::vector<std::string> more_grants(const Table* old, const Table& t) {
    std::vector<std::string> out;
    std::string on = "TABLE " + qualified(t.schema, t.name);
    for (const auto& c : t.columns) {
      acl::Grants from;
      if (old != nullptr) {
        for (const auto& o : old->columns) {
          if (o.name == c.name) from = acl::parse(o.acl);
        }
      }
      for (auto& s : acl::statements(ObjectClass::relation, on, "", from, acl::parse(c.acl), c.name)) out.push_back(std::move(s));
    }
    return out;
  }

  void one(const Target& t, const Privileges* before, const Privileges& after, const std::string& owned_by,
           std::vector<std::string> more) {
    std::vector<ChangeStatement> sql;
    acl::Grants from;
    if (before == nullptr) {
      // New: its owner is whoever ran the change; say who it should be (a sequence owned by a
      // table is the table's, and already moved with it).
      if (!t.owner_follows_table) sql.push_back(statement(fmt::format("ALTER {} OWNER TO {}", t.alter, ident(after.owner))));
      from = acl::defaults(t.cls, after.owner);
    } else {
      from = acl::effective(t.cls, *before);
      std::string old_owner = before->owner;
      if (t.owner_follows_table) {
        auto move = table_owner_moves.find(owned_by);
        if (move != table_owner_moves.end()) {
          old_owner = move->second.second;
          from = acl::with_new_owner(from, move->second.first, move->second.second);
        }
      }
      if (old_owner != after.owner && !t.owner_follows_table) {
        sql.push_back(statement(fmt::format("ALTER {} OWNER TO {}", t.alter, ident(after.owner))));
        from = acl::with_new_owner(from, old_owner, after.owner);
        if (t.kind == Kind::table) table_owner_moves[t.id.substr(6)] = {old_owner, after.owner};
      }
    }
    for (auto& s : acl::statements(t.cls, t.grant_on, after.owner, from, acl::effective(t.cls, after))) {
      sql.push_back(statement(std::move(s)));
    }
    for (auto& s : more) sql.push_back(statement(std::move(s)));
    if (sql.empty()) return;
    for (auto& s : sql) s.hazards.push_back(authorization(t.label));
    out.changes.push_back(Change{"alter", t.kind, t.id, "owner and privileges of " + t.label, std::move(sql)});
  }

  static ChangeStatement statement(std::string sql) { return ChangeStatement{std::move(sql), {}, true}; }
};

/// ALTER DEFAULT PRIVILEGES … ON TABLES / SEQUENCES / FUNCTIONS / TYPES / SCHEMAS.
struct DefaultKind {
  ObjectClass cls;
  const char* objects;
};
DefaultKind default_kind(char object_type) {
  switch (object_type) {
    case 'S': return {ObjectClass::sequence, "SEQUENCES"};
    case 'f': return {ObjectClass::routine, "FUNCTIONS"};
    case 'T': return {ObjectClass::type, "TYPES"};
    case 'n': return {ObjectClass::schema, "SCHEMAS"};
    default: return {ObjectClass::relation, "TABLES"};
  }
}

/// What a role's new objects get: a global entry replaces the built-in defaults (none means
/// them); a schema's entry adds to them (none means nothing more).
acl::Grants default_grants(const DefaultPrivileges* entry, const std::string& role, const std::string& schema, char type) {
  auto cls = default_kind(type).cls;
  if (schema.empty()) return entry == nullptr || entry->acl.empty() ? acl::defaults(cls, role) : acl::parse(entry->acl);
  return entry == nullptr ? acl::Grants{} : acl::parse(entry->acl);
}

void diff_default_privileges(const Database& from, const Database& to, ChangeSet& out) {
  using Key = std::tuple<std::string, std::string, char>;  // role, schema, object type
  std::map<Key, std::pair<const DefaultPrivileges*, const DefaultPrivileges*>> entries;
  for (const auto& d : from.default_privileges) entries[{d.role, d.schema, d.object_type}].first = &d;
  for (const auto& d : to.default_privileges) entries[{d.role, d.schema, d.object_type}].second = &d;
  std::set<std::string> schemas_after;
  for (const auto& s : to.schemas) schemas_after.insert(s.name);
  for (const auto& [key, sides] : entries) {
    const auto& [role, schema, type] = key;
    // A schema's entries go with it when it is dropped.
    if (!schema.empty() && !schemas_after.count(schema)) continue;
    std::string prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + ident(role) + (schema.empty() ? "" : " IN SCHEMA " + ident(schema)) + " ";
    std::string label = fmt::format("default privileges of {} on new {}{}", role, default_kind(type).objects,
                                    schema.empty() ? "" : " in schema " + schema);
    std::vector<ChangeStatement> sql;
    for (auto& s : acl::statements(default_kind(type).cls, default_kind(type).objects, role,
                                   default_grants(sides.first, role, schema, type), default_grants(sides.second, role, schema, type))) {
      sql.push_back(ChangeStatement{prefix + s, {authorization(label)}, true});
    }
    if (sql.empty()) continue;
    std::string object = fmt::format("default_privileges:{}:{}:{}", role, schema, type);
    out.changes.push_back(Change{"alter", Kind::schema, object, label, std::move(sql)});
  }
}

} // namespace

void add_privilege_changes(const Database& from, const Database& to, ChangeSet& out) {
  if (!from.privileges_read || !to.privileges_read) {
    throw Error(ErrorCode::usage, "owners and privileges cannot be compared: they were not read on both sides");
  }
  auto created = created_ids(out);
  Walk walk{created, out, {}};
  walk.all(from.schemas, to.schemas);
  walk.all(from.enums, to.enums);
  walk.all(from.domains, to.domains);
  walk.all(from.composite_types, to.composite_types);
  walk.all(from.tables, to.tables);      // before sequences: their OWNED BY sequences follow them
  walk.all(from.sequences, to.sequences);
  walk.all(from.views, to.views);
  walk.all(from.functions, to.functions);
  diff_default_privileges(from, to, out);
}

} // namespace retort::schema
