// driver/postgres/pg_dependencies.cpp — pg_depend's raw rows resolved to model ids in C++ (a hash
// lookup per side, edges deduplicated as numbers before any id is copied), and the names function
// bodies use.
#include "driver/postgres/pg_dependencies.hpp"

#include <algorithm>
#include <map>

#include "driver/postgres/pg_catalog_queries.hpp"
#include "pgquery/references.hpp"

namespace retort::pg {
namespace {

struct ObjectKey {
  Oid classid = 0;
  Oid objid = 0;
  bool operator==(const ObjectKey&) const = default;
};

struct ObjectKeyHash {
  std::size_t operator()(const ObjectKey& k) const noexcept {
    return (static_cast<std::size_t>(k.objid) * 0x9E3779B97F4A7C15ull) ^ static_cast<std::size_t>(k.classid);
  }
};

std::uint64_t member_key(Oid classid, Oid objid) { return (static_cast<std::uint64_t>(classid) << 32) | objid; }

/// Whether the dependency's object stands for the one it depends on: an array type for its element
/// type, a row type for its relation, a view's rule for the view, a constraint's index for the
/// constraint, an identity sequence for its column (internal dependencies); a domain's constraint
/// for the domain and a column default for a column of its table (automatic ones: the model's own
/// defaults are keyed by the columns query, since a generated column's expression depends
/// automatically on the columns it reads too).
bool stands_for(const DependRow& row) {
  const Oid from = row.object.classid, to = row.referenced.classid;
  if (row.type == 'i') {
    return (from == k_pg_type && (to == k_pg_type || to == k_pg_class)) || (from == k_pg_rewrite && to == k_pg_class) ||
           (from == k_pg_class && to == k_pg_constraint) || (from == k_pg_class && to == k_pg_class && row.referenced.subid > 0);
  }
  return row.type == 'a' && ((from == k_pg_attrdef && to == k_pg_class) || (from == k_pg_constraint && to == k_pg_type));
}

/// Where an object that is not in the model is looked for instead (see resolve_dependencies).
class Redirects {
public:
  explicit Redirects(const std::vector<DependRow>& rows) {
    for (const auto& row : rows) {
      const ObjectKey from{row.object.classid, row.object.objid};
      if (row.type == 'e') {
        m_to[from] = {k_pg_extension, row.referenced.objid, 0};  // membership comes first
      } else if (stands_for(row)) {
        m_to.emplace(from, row.referenced);
      }
    }
  }

  [[nodiscard]] const ObjectAddress* find(ObjectAddress a) const {
    auto it = m_to.find({a.classid, a.objid});
    return it == m_to.end() ? nullptr : &it->second;
  }

private:
  std::unordered_map<ObjectKey, ObjectAddress, ObjectKeyHash> m_to;
};

/// The number of the model object that stands for an address, or nullptr. A chain is at most
/// three long (an array of the row type of an extension's table); five steps leave room.
const std::size_t* resolve(ObjectAddress a, const ObjectIds& ids, const Redirects& redirects) {
  for (int step = 0; step < 5; ++step) {
    if (const auto* id = ids.find(a)) return id;
    if (a.subid != 0) {
      if (const auto* whole = ids.find({a.classid, a.objid, 0})) return whole;
    }
    const auto* next = redirects.find(a);
    if (next == nullptr) return nullptr;
    a = *next;
  }
  return nullptr;
}

/// Modelled relations, functions and types by name, for the names a function body uses.
class NameIndex {
public:
  explicit NameIndex(const schema::Database& db) {
    for (const auto& o : db.tables) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.views) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.sequences) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.enums) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.domains) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.composite_types) add(o.schema, o.name, schema::id(o));
    for (const auto& o : db.functions) add(o.schema, o.name, schema::id(o));
  }

  /// "schema.name" exactly; "name" in `home`, then in public, then in the one schema that has it.
  [[nodiscard]] std::vector<std::string> resolve(const std::string& name, const std::string& home) const {
    auto dot = name.rfind('.');
    if (dot != std::string::npos) {
      auto prefix = name.substr(0, dot);
      auto schema_dot = prefix.rfind('.');  // database.schema.name: the schema is the part before the name
      return lookup(schema_dot == std::string::npos ? prefix : prefix.substr(schema_dot + 1), name.substr(dot + 1));
    }
    auto found = m_by_name.find(name);
    if (found == m_by_name.end()) return {};
    const auto& schemas = found->second;
    for (const auto& schema : {home, std::string("public")}) {
      if (auto in = schemas.find(schema); in != schemas.end()) return in->second;
    }
    if (schemas.size() == 1) return schemas.begin()->second;
    return {};
  }

private:
  void add(const std::string& schema, const std::string& name, std::string id) {
    m_by_name[name][schema].push_back(std::move(id));
  }

  [[nodiscard]] std::vector<std::string> lookup(const std::string& schema, const std::string& name) const {
    auto found = m_by_name.find(name);
    if (found == m_by_name.end()) return {};
    auto in = found->second.find(schema);
    return in == found->second.end() ? std::vector<std::string>{} : in->second;
  }

  std::map<std::string, std::map<std::string, std::vector<std::string>>> m_by_name;  ///< name → schema → ids
};

} // namespace

std::vector<DependRow> read_depend_rows(const CatalogResult& result) {
  namespace c = col_dependencies;
  std::vector<DependRow> out;
  out.reserve(result.size());
  for (RowView r : result) {
    out.push_back({{r.oid(c::classid), r.oid(c::objid), static_cast<std::int32_t>(r.number(c::objsubid))},
                   {r.oid(c::refclassid), r.oid(c::refobjid), static_cast<std::int32_t>(r.number(c::refobjsubid))},
                   r.letter(c::deptype)});
  }
  return out;
}

Membership::Membership(const std::vector<DependRow>& rows) {
  for (const auto& row : rows) {
    if (row.type == 'e') {
      m_extension_members.insert(member_key(row.object.classid, row.object.objid));
    } else if (row.type == 'a') {
      if (row.object.classid == k_pg_class && row.object.subid == 0 && row.referenced.classid == k_pg_class &&
          row.referenced.subid > 0) {
        m_owned_by[row.object.objid] = row.referenced;  // an index's (ignored) or a sequence's
      }
    } else if (row.type == 'i') {
      m_internal.insert(member_key(row.object.classid, row.object.objid));
      if (row.object.classid == k_pg_class && row.referenced.classid == k_pg_class && row.referenced.subid > 0) {
        m_identity_sequences.insert(row.object.objid);
      }
    }
  }
}

bool Membership::extension_member(Oid classid, Oid objid) const {
  return m_extension_members.count(member_key(classid, objid)) != 0;
}

bool Membership::internal(Oid classid, Oid objid) const { return m_internal.count(member_key(classid, objid)) != 0; }

std::vector<BodyText> body_texts(const CatalogResult& functions) {
  namespace c = col_functions;
  std::vector<BodyText> out(functions.size());
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const RowView f(functions, i);
    const auto language = f.view(c::language);
    if (f.letter(c::kind) == 'a' || (language != "sql" && language != "plpgsql")) continue;
    out[i] = {f.str(c::body), std::string(language), f.str(c::argument_list), f.str(c::result)};
  }
  return out;
}

std::vector<std::vector<std::string>> body_references(const std::vector<BodyText>& bodies) {
  std::vector<std::vector<std::string>> out(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    const auto& b = bodies[i];
    if (!b.language.empty()) out[i] = pgquery::referenced_names(b.body, b.language, b.arguments, b.result);
  }
  return out;
}

std::vector<schema::Dependency> resolve_dependencies(const std::vector<DependRow>& rows, const ObjectIds& ids,
                                                     const std::vector<FunctionBody>& bodies,
                                                     const std::vector<std::vector<std::string>>& references,
                                                     const schema::Database& db) {
  const Redirects redirects(rows);
  std::vector<std::uint64_t> edges;  // from << 32 | to, by object number
  edges.reserve(rows.size());
  for (const auto& row : rows) {
    if (row.type != 'n' && row.type != 'a') continue;
    if (row.type == 'a' && row.object.classid == k_pg_class && row.referenced.classid == k_pg_class &&
        row.referenced.subid > 0 && ids.is_sequence(row.object.objid)) {
      continue;  // OWNED BY
    }
    const auto* from = resolve(row.object, ids, redirects);
    if (from == nullptr) continue;
    const auto* to = resolve(row.referenced, ids, redirects);
    if (to == nullptr || ids.name(*from) == ids.name(*to)) continue;
    edges.push_back((static_cast<std::uint64_t>(*from) << 32) | *to);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<schema::Dependency> out;
  out.reserve(edges.size());
  for (auto e : edges) out.push_back({ids.name(e >> 32), ids.name(e & 0xffffffffu), false});
  // pg_depend cannot see inside a function body (plpgsql never, sql only for BEGIN ATOMIC bodies)
  const NameIndex names(db);
  for (const auto& body : bodies) {
    if (body.row >= references.size()) continue;
    for (const auto& name : references[body.row]) {
      for (const auto& target : names.resolve(name, body.schema)) {
        if (target != body.id) out.push_back({body.id, target, true});
      }
    }
  }
  return out;
}

} // namespace retort::pg
