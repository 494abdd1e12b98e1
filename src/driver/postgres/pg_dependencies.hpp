// driver/postgres/pg_dependencies.hpp — pg_depend's raw rows resolved to model ids, and the names
// function bodies use (which pg_depend does not record).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "driver/postgres/pg_catalog_rows.hpp"
#include "retort/schema.hpp"

namespace retort::pg {

/// The system catalogs' own oids (pg_class.oid of pg_class, pg_type, …): fixed at initdb by the
/// catalog headers, the same on every server version pg_depend's classid and refclassid name them by.
inline constexpr Oid k_pg_type = 1247, k_pg_proc = 1255, k_pg_class = 1259, k_pg_attrdef = 2604,
                     k_pg_constraint = 2606, k_pg_rewrite = 2618, k_pg_trigger = 2620, k_pg_namespace = 2615,
                     k_pg_extension = 3079, k_pg_policy = 3256;

/// An object as pg_depend names it: its catalog, its oid, and a column number (0: the whole object).
struct ObjectAddress {
  Oid classid = 0;
  Oid objid = 0;
  std::int32_t subid = 0;
  bool operator==(const ObjectAddress&) const = default;
};

struct ObjectAddressHash {
  std::size_t operator()(const ObjectAddress& a) const noexcept {
    return (static_cast<std::size_t>(a.objid) * 0x9E3779B97F4A7C15ull) ^ (static_cast<std::size_t>(a.classid) << 20) ^
           static_cast<std::size_t>(a.subid);
  }
};

/// One pg_depend row (col_dependencies), read once.
struct DependRow {
  ObjectAddress object;
  ObjectAddress referenced;
  char type = 0;  ///< deptype
};

/// The `dependencies` query's rows. Throws Error(ErrorCode::internal) for a value that is not a number.
std::vector<DependRow> read_depend_rows(const CatalogResult& result);

/// The model's objects by catalog address, filled while the model is built from the catalog rows:
/// what a pg_depend row's two sides are looked up in. Each id is kept once and numbered.
class ObjectIds {
public:
  /// The object's id at `address`; its number.
  std::size_t add(ObjectAddress address, std::string id) {
    m_names.push_back(std::move(id));
    m_index.insert_or_assign(address, m_names.size() - 1);
    return m_names.size() - 1;
  }
  /// Another address that stands for the object numbered `index` (a column's default).
  void alias(ObjectAddress address, std::size_t index) { m_index.insert_or_assign(address, index); }
  /// The number of the object at exactly this address; nullptr when the model has none there.
  [[nodiscard]] const std::size_t* find(ObjectAddress address) const {
    auto it = m_index.find(address);
    return it == m_index.end() ? nullptr : &it->second;
  }
  [[nodiscard]] const std::string& name(std::size_t index) const { return m_names[index]; }
  void reserve(std::size_t objects) {
    m_names.reserve(objects);
    m_index.reserve(objects);
  }
  /// A sequence of the model: its automatic dependency on a column is OWNED BY, not an edge.
  void add_sequence(Oid oid) { m_sequences.insert(oid); }
  [[nodiscard]] bool is_sequence(Oid oid) const { return m_sequences.count(oid) != 0; }

private:
  std::vector<std::string> m_names;
  std::unordered_map<ObjectAddress, std::size_t, ObjectAddressHash> m_index;
  std::unordered_set<Oid> m_sequences;
};

/// What pg_depend says of objects besides the model's edges: which belong to an extension or are
/// part of another object (not the user's to create), which sequences belong to an identity column.
class Membership {
public:
  explicit Membership(const std::vector<DependRow>& rows);
  [[nodiscard]] bool extension_member(Oid classid, Oid objid) const;
  /// Whether the object is part of another (an internal dependency: a range type's multirange
  /// cast); not counting a foreign key's triggers and TOAST tables, which the query leaves out.
  [[nodiscard]] bool internal(Oid classid, Oid objid) const;
  [[nodiscard]] bool identity_sequence(Oid objid) const { return m_identity_sequences.count(objid) != 0; }
  /// The column a sequence is OWNED BY (its automatic dependency on a column): the table's oid and
  /// the column's number; nullptr for none.
  [[nodiscard]] const ObjectAddress* owned_by(Oid sequence) const {
    auto it = m_owned_by.find(sequence);
    return it == m_owned_by.end() ? nullptr : &it->second;
  }

private:
  std::unordered_map<Oid, ObjectAddress> m_owned_by;  ///< any relation's automatic dependency on a column
  std::unordered_set<std::uint64_t> m_extension_members;  ///< classid << 32 | objid
  std::unordered_set<std::uint64_t> m_internal;           ///< classid << 32 | objid
  std::unordered_set<Oid> m_identity_sequences;
};

/// A function of the model with a body pg_depend cannot see into (SQL and PL/pgSQL), by its row of
/// the functions query.
struct FunctionBody {
  std::string id, schema;
  std::size_t row = 0;
};

/// What the names in a function body are read from, copied out of its functions query row.
struct BodyText {
  std::string body, language, arguments, result;  ///< language empty: nothing to read (other languages, aggregates)
};
/// Each row's BodyText, by row of the functions query (col_functions).
std::vector<BodyText> body_texts(const CatalogResult& functions);
/// The names each body uses (pgquery::referenced_names), by row. The costly part of the soft
/// dependencies: it can run apart from the rest as soon as the functions query's rows arrive.
std::vector<std::vector<std::string>> body_references(const std::vector<BodyText>& bodies);

/// The model's dependencies: the pg_depend rows whose two sides are objects of the model, as
/// (from, to) ids, and the soft ones read from function bodies. An address that is not a model
/// object is moved to the one that stands for it, as pg_dump does: a member of an extension to the
/// extension, an array type to its element, a row type to its relation, a view's rule to the
/// view, a column default to its column, a constraint's index to the constraint, a domain's
/// constraint to the domain, an identity sequence to its column; a column the model does not hold
/// (a view's) to its relation. Edges to anything else are left out, and so is a sequence's OWNED BY
/// (the sequence's own field). `references` are body_references() of the functions query. Unsorted;
/// each pg_depend edge once.
std::vector<schema::Dependency> resolve_dependencies(const std::vector<DependRow>& rows, const ObjectIds& ids,
                                                     const std::vector<FunctionBody>& bodies,
                                                     const std::vector<std::vector<std::string>>& references,
                                                     const schema::Database& db);

} // namespace retort::pg
