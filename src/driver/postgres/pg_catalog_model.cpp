// driver/postgres/pg_catalog_model.cpp — the catalog queries' rows decoded into the schema model:
// one row per object; columns, constraints and attributes joined to their relation or type by oid.
#include "driver/postgres/pg_catalog_model.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "driver/postgres/pg_definitions.hpp"

namespace retort::pg {
namespace {

schema::Privileges privileges(const RowView& row, std::size_t owner, std::size_t acl, bool wanted) {
  schema::Privileges p;
  if (!wanted) return p;
  p.owner = row.str(owner);
  p.acl = row.sorted_items(acl);
  return p;
}

std::string storage_name(std::string_view code) {
  if (code == "p") return "plain";
  if (code == "e") return "external";
  if (code == "x") return "extended";
  if (code == "m") return "main";
  return std::string(code);
}

std::string compression_name(std::string_view code) {
  if (code == "p") return "pglz";
  if (code == "l") return "lz4";
  return std::string(code);
}

/// Where a relation's or a composite type's attributes go.
struct Owner {
  enum class Kind { table, view, composite } kind;
  std::size_t index;
};

class Decoder {
public:
  Decoder(CatalogRows rows, const std::vector<DependRow>& dependencies, bool privileges)
      : m_rows(std::move(rows)), m_privileges(privileges), m_membership(dependencies) {
    for (auto query : all_catalogs()) {
      for (const auto& result : m_rows[static_cast<std::size_t>(query)]) {
        check_columns(result, column_count(query), catalog_name(query));
      }
    }
  }

  DecodedCatalog run() {
    m_out.db.privileges_read = m_privileges;
    std::size_t objects = 0;
    for (const auto& results : m_rows) {
      for (const auto& result : results) objects += result.size();
    }
    m_out.ids.reserve(objects);
    schemas();
    types();
    functions();
    release(Catalog::schemas, Catalog::types, Catalog::functions);
    relations();
    columns();
    release(Catalog::columns);
    sequences();  // OWNED BY names a table's column
    release(Catalog::relations);
    constraints();
    release(Catalog::constraints);
    table_objects();
    release(Catalog::table_objects);
    unsupported();
    std::sort(db().default_privileges.begin(), db().default_privileges.end(),
              [](const schema::DefaultPrivileges& a, const schema::DefaultPrivileges& b) {
                return std::tie(a.role, a.schema, a.object_type) < std::tie(b.role, b.schema, b.object_type);
              });
    return std::move(m_out);
  }

private:
  /// Whether an extension owns the object (classid 0: none to ask about) or the relation it is on.
  [[nodiscard]] bool extensions_own(Oid classid, Oid object, Oid relid) const {
    return (classid != 0 && m_membership.extension_member(classid, object)) ||
           (relid != 0 && m_membership.extension_member(k_pg_class, relid));
  }
  const std::vector<CatalogResult>& results(Catalog query) const { return m_rows[static_cast<std::size_t>(query)]; }
  /// Frees the rows of queries decoded (and no longer pointed into).
  template <typename... Queries>
  void release(Queries... queries) {
    (m_rows[static_cast<std::size_t>(queries)].clear(), ...);
  }
  /// The rows of a query read whole (not in halves).
  const CatalogResult& rows(Catalog query) const {
    static const CatalogResult none;
    const auto& all = results(query);
    return all.empty() ? none : all.front();
  }
  schema::Database& db() { return m_out.db; }
  std::size_t key(Oid classid, Oid objid, std::int32_t subid, std::string id) {
    return m_out.ids.add({classid, objid, subid}, std::move(id));
  }

  void schemas() {
    namespace c = col_schemas;
    for (RowView r : rows(Catalog::schemas)) {
      const char kind = r.letter(c::kind);
      if (kind == 's') {
        db().schemas.push_back({r.str(c::name), r.str(c::comment), privileges(r, c::owner, c::acl, m_privileges)});
        key(k_pg_namespace, r.oid(c::oid), 0, schema::id(db().schemas.back()));
      } else if (kind == 'd') {
        if (m_privileges) {
          db().default_privileges.push_back({r.str(c::name), r.str(c::schema), r.letter(c::version), r.sorted_items(c::acl)});
        }
      } else {
        db().extensions.push_back({r.str(c::name), r.str(c::schema), r.str(c::version), r.str(c::comment)});
        key(k_pg_extension, r.oid(c::oid), 0, schema::id(db().extensions.back()));
      }
    }
  }

  void types() {
    namespace c = col_types;
    for (RowView r : rows(Catalog::types)) {
      const Oid type_oid = r.oid(c::oid);
      if (m_membership.extension_member(k_pg_type, type_oid)) continue;
      const char kind = r.letter(c::kind);
      if (kind == 'e') {
        db().enums.push_back({r.str(c::schema), r.str(c::name), r.items(c::labels), r.str(c::comment),
                              privileges(r, c::owner, c::acl, m_privileges)});
        key(k_pg_type, type_oid, 0, schema::id(db().enums.back()));
      } else if (kind == 'd') {
        schema::Domain d;
        d.schema = r.str(c::schema);
        d.name = r.str(c::name);
        d.base_type = r.str(c::base_type);
        d.not_null = r.flag(c::not_null);
        d.default_expr = r.str(c::default_expr);
        d.collation = r.str(c::collation);
        d.comment = r.str(c::comment);
        d.privileges = privileges(r, c::owner, c::acl, m_privileges);
        m_domains.emplace(type_oid, db().domains.size());
        key(k_pg_type, type_oid, 0, schema::id(d));
        db().domains.push_back(std::move(d));
      } else {
        schema::CompositeType t;
        t.schema = r.str(c::schema);
        t.name = r.str(c::name);
        t.comment = r.str(c::comment);
        t.privileges = privileges(r, c::owner, c::acl, m_privileges);
        const Oid relid = r.oid(c::relid);
        m_owners.emplace(relid, Owner{Owner::Kind::composite, db().composite_types.size()});
        key(k_pg_type, type_oid, 0, schema::id(t));
        key(k_pg_class, relid, 0, schema::id(t));
        db().composite_types.push_back(std::move(t));
      }
    }
  }

  void functions() {
    namespace c = col_functions;
    const auto& all = rows(Catalog::functions);
    for (std::size_t row = 0; row < all.size(); ++row) {
      const RowView r(all, row);
      schema::Function f;
      f.schema = r.str(c::schema);
      f.name = r.str(c::name);
      f.arguments = r.str(c::arguments);
      f.kind = r.letter(c::kind);
      f.result = r.str(c::result);
      f.definition = f.kind == 'a' ? aggregate_definition(r) : r.str(c::definition);
      f.language = r.str(c::language);
      f.comment = r.str(c::comment);
      f.privileges = privileges(r, c::owner, c::acl, m_privileges);
      auto id = schema::id(f);
      if (f.kind != 'a' && (f.language == "sql" || f.language == "plpgsql")) m_out.bodies.push_back({id, f.schema, row});
      key(k_pg_proc, r.oid(c::oid), 0, std::move(id));
      db().functions.push_back(std::move(f));
    }
  }

  void relations() {
    namespace c = col_relations;
    for (RowView r : rows(Catalog::relations)) {
      const Oid relid = r.oid(c::oid);
      const char kind = r.letter(c::kind);
      if (m_membership.extension_member(k_pg_class, relid)) continue;  // the extension's
      if (kind == 'S') {
        if (m_membership.identity_sequence(relid)) continue;  // an identity column's
        m_sequences.push_back(r);
        if (const auto* owner = m_membership.owned_by(relid)) m_column_names.emplace(column_key(owner->objid, owner->subid), "");
        continue;
      }
      if (kind == 'v' || kind == 'm') {
        schema::View v;
        v.schema = r.str(c::schema);
        v.name = r.str(c::name);
        v.materialized = kind == 'm';
        v.definition = r.str(c::view_definition);
        v.options = r.sorted_items(c::options);
        v.comment = r.str(c::comment);
        v.privileges = privileges(r, c::owner, c::acl, m_privileges);
        m_owners.emplace(relid, Owner{Owner::Kind::view, db().views.size()});
        m_view_ids.emplace(relid, key(k_pg_class, relid, 0, schema::id(v)));
        db().views.push_back(std::move(v));
        continue;
      }
      schema::Table t;
      t.schema = r.str(c::schema);
      t.name = r.str(c::name);
      t.unlogged = r.flag(c::unlogged);
      t.partition_key = r.str(c::partition_key);
      t.partition_of = r.str(c::partition_of);
      t.partition_bound = r.str(c::partition_bound);
      t.inherits = r.items(c::inherits);
      t.options = r.sorted_items(c::options);
      t.row_security = r.flag(c::row_security);
      t.force_row_security = r.flag(c::force_row_security);
      t.comment = r.str(c::comment);
      t.privileges = privileges(r, c::owner, c::acl, m_privileges);
      m_owners.emplace(relid, Owner{Owner::Kind::table, db().tables.size()});
      m_table_ids.emplace(relid, key(k_pg_class, relid, 0, schema::id(t)));
      db().tables.push_back(std::move(t));
    }
  }

  void sequences() {
    namespace c = col_relations;
    for (const auto& r : m_sequences) {
      const Oid relid = r.oid(c::oid);
      schema::Sequence s;
      // OWNED BY: a column of a table in the sequence's schema (PostgreSQL's rule): one of the
      // model's, or one left out (and the sequence with it)
      if (const auto* owner = m_membership.owned_by(relid)) {
        auto table = m_owners.find(owner->objid);
        auto column = m_column_names.find(column_key(owner->objid, owner->subid));
        if (table == m_owners.end() || table->second.kind != Owner::Kind::table || column == m_column_names.end() ||
            column->second.empty()) {
          continue;
        }
        const auto& t = db().tables[table->second.index];
        s.owned_by_table = t.schema + "." + t.name;
        s.owned_by_column = column->second;
      }
      s.schema = r.str(c::schema);
      s.name = r.str(c::name);
      s.data_type = r.str(c::data_type);
      s.start = r.str(c::start);
      s.increment = r.str(c::increment);
      s.min_value = r.str(c::min_value);
      s.max_value = r.str(c::max_value);
      s.cache = r.str(c::cache);
      s.cycle = r.flag(c::cycle);
      s.comment = r.str(c::comment);
      s.privileges = privileges(r, c::owner, c::acl, m_privileges);
      key(k_pg_class, relid, 0, schema::id(s));
      m_out.ids.add_sequence(relid);
      db().sequences.push_back(std::move(s));
    }
  }

  static std::uint64_t column_key(Oid relid, std::int32_t attnum) {
    return (static_cast<std::uint64_t>(relid) << 32) | static_cast<std::uint32_t>(attnum);
  }

  void columns() {
    namespace c = col_columns;
    // by relation, then in column order (the query's hash joins return them in no order; two
    // sessions return a half each)
    struct Place {
      Oid relid;
      std::int64_t number;
      const CatalogResult* result;
      std::size_t row;
    };
    std::vector<Place> order;
    std::size_t rows = 0;
    for (const auto& result : results(Catalog::columns)) rows += result.size();
    order.reserve(rows);
    for (const auto& result : results(Catalog::columns)) {
      for (std::size_t i = 0; i < result.size(); ++i) {
        const RowView r(result, i);
        order.push_back({r.oid(c::relid), r.number(c::number), &result, i});
      }
    }
    std::sort(order.begin(), order.end(), [](const Place& a, const Place& b) {
      return a.relid != b.relid ? a.relid < b.relid : a.number < b.number;
    });
    // room for each table's columns at once (a Column is large: no regrowing)
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      while (j < order.size() && order[j].relid == order[i].relid) ++j;
      if (auto owner = m_owners.find(order[i].relid); owner != m_owners.end() && owner->second.kind == Owner::Kind::table) {
        db().tables[owner->second.index].columns.reserve(j - i);
      }
      i = j;
    }
    for (const auto& place : order) {
      auto owner = m_owners.find(place.relid);
      if (owner == m_owners.end()) continue;  // an extension's relation, or one left out
      const RowView r(*place.result, place.row);
      switch (owner->second.kind) {
      case Owner::Kind::table: table_column(db().tables[owner->second.index], place.relid, r); break;
      case Owner::Kind::view: {
        auto& v = db().views[owner->second.index];
        if (const Oid attrdef = r.oid(c::attrdef); attrdef != 0) m_out.ids.alias({k_pg_attrdef, attrdef, 0}, m_view_ids.at(place.relid));
        if (!r.is_null(c::comment)) v.column_comments[r.str(c::name)] = r.str(c::comment);
        v.columns.push_back(r.str(c::name) + " " + r.str(c::type));
        break;
      }
      case Owner::Kind::composite:
        db().composite_types[owner->second.index].attributes.push_back(
            {r.str(c::name), r.str(c::type), r.str(c::collation)});
        break;
      }
    }
  }

  void table_column(schema::Table& table, Oid relid, const RowView& r) {
    namespace c = col_columns;
    const auto attnum = static_cast<std::int32_t>(r.number(c::number));
    if (auto owned = m_column_names.find(column_key(relid, attnum)); owned != m_column_names.end()) {
      owned->second = r.str(c::name);  // a sequence is OWNED BY it
    }
    const Oid attrdef = r.oid(c::attrdef);
    if (!r.flag(c::local)) {  // inherited: the parent's; its own default stands for the table
      if (attrdef != 0) m_out.ids.alias({k_pg_attrdef, attrdef, 0}, m_table_ids.at(relid));
      return;
    }
    schema::Column col;
    col.name = r.str(c::name);
    col.type = r.str(c::type);
    col.not_null = r.flag(c::not_null);
    col.default_expr = r.str(c::default_expr);
    col.identity = r.letter(c::identity);
    if (col.identity != 0) col.identity_options = identity_options(r.items(c::identity_sequence));
    col.generated = r.str(c::generated);
    col.collation = r.str(c::collation);
    col.storage = storage_name(r.view(c::storage));
    col.compression = compression_name(r.view(c::compression));
    col.comment = r.str(c::comment);
    if (m_privileges) col.acl = r.sorted_items(c::acl);
    // a default (or generation expression) stands for its column: it depends on the other columns
    // it reads just as it does on its own, so pg_depend alone cannot tell which column is its own
    const auto index = key(k_pg_class, relid, attnum, schema::column_id(table, col));
    if (attrdef != 0) m_out.ids.alias({k_pg_attrdef, attrdef, 0}, index);
    table.columns.push_back(std::move(col));
  }

  void constraints() {
    for (const auto& result : results(Catalog::constraints)) {
      constraints(result);
    }
  }

  void constraints(const CatalogResult& result) {
    namespace c = col_constraints;
    for (RowView r : result) {
      if (const Oid typid = r.oid(c::typid); typid != 0) {
        auto domain = m_domains.find(typid);
        if (domain == m_domains.end()) continue;  // an extension's domain
        db().domains[domain->second].constraints.push_back(
            {r.str(c::name), r.str(c::definition), r.flag(c::validated), r.str(c::comment)});
        continue;
      }
      auto owner = m_owners.find(r.oid(c::relid));
      if (owner == m_owners.end() || owner->second.kind != Owner::Kind::table) continue;
      auto& table = db().tables[owner->second.index];
      table.constraints.push_back({r.str(c::name), r.letter(c::type), r.str(c::definition), r.flag(c::validated),
                                   r.str(c::references), r.str(c::comment)});
      key(k_pg_constraint, r.oid(c::oid), 0, schema::constraint_id(table, table.constraints.back()));
    }
  }

  void table_objects() {
    namespace c = col_table_objects;
    for (const auto& result : results(Catalog::table_objects)) {
      for (RowView r : result) {
        const char kind = r.letter(c::kind);
        const Oid classid = kind == 'i' ? k_pg_class : kind == 't' ? k_pg_trigger : k_pg_policy;
        if (extensions_own(classid, r.oid(c::oid), r.oid(c::relid))) continue;
        if (kind == 'i') {
          db().indexes.push_back(
              {r.str(c::schema), r.str(c::name), r.str(c::table), r.str(c::definition), r.str(c::comment)});
          key(classid, r.oid(c::oid), 0, schema::id(db().indexes.back()));
        } else if (kind == 't') {
          db().triggers.push_back({r.str(c::schema), r.str(c::table), r.str(c::name), r.str(c::definition),
                                   r.letter(c::enabled), r.str(c::comment)});
          key(classid, r.oid(c::oid), 0, schema::id(db().triggers.back()));
        } else {
          db().policies.push_back({r.str(c::schema), r.str(c::table), r.str(c::name), r.flag(c::permissive),
                                   r.str(c::command), r.items(c::roles), r.str(c::using_expr), r.str(c::check_expr),
                                   r.str(c::comment)});
          key(classid, r.oid(c::oid), 0, schema::id(db().policies.back()));
        }
      }
    }
  }

  void unsupported() {
    namespace c = col_unsupported;
    for (RowView r : rows(Catalog::unsupported)) {
      // an extension's objects, and those part of another (a range type's multirange cast)
      const Oid classid = r.oid(c::classid), object = r.oid(c::oid);
      if (classid != 0 && m_membership.internal(classid, object)) continue;
      if (extensions_own(classid, object, r.oid(c::relid))) continue;
      db().unsupported.push_back({r.str(c::kind), r.str(c::name)});
    }
  }

  CatalogRows m_rows;
  bool m_privileges;
  Membership m_membership;
  DecodedCatalog m_out;
  std::unordered_map<Oid, Owner> m_owners;        ///< tables, views (by relation oid), composites (by typrelid)
  std::unordered_map<Oid, std::size_t> m_domains; ///< domain oid → index in db().domains
  std::unordered_map<Oid, std::size_t> m_table_ids, m_view_ids;  ///< relation oid → its number in m_out.ids
  std::vector<RowView> m_sequences;                               ///< decoded once the columns are
  std::unordered_map<std::uint64_t, std::string> m_column_names;  ///< the columns sequences are OWNED BY, by column_key()
};

} // namespace

DecodedCatalog decode_catalog(CatalogRows rows, const std::vector<DependRow>& dependencies, bool privileges) {
  return Decoder(std::move(rows), dependencies, privileges).run();
}

} // namespace retort::pg
