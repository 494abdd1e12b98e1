// driver/postgres/pg_catalog_queries.cpp — the catalog queries' SQL text.
//
// Each query but `dependencies` starts with the same CTE, `wanted` (the schemas read, from the
// bound parameter $1); those that read tables leave out the ones whose oids are in $2 (read once
// per read by read_facts_sql()); a query read in halves takes the relation oid between them as
// $3. Joins inside correlated subqueries are written as nested scalar subqueries (each an index
// lookup): the reading transaction runs with enable_nestloop off, which would turn such a join
// into a hash join over a whole catalog per outer row.
#include "driver/postgres/pg_catalog_queries.hpp"

#include <fmt/format.h>

#include <vector>

#include "retort/error.hpp"

namespace retort::pg {
namespace {

constexpr std::string_view k_filters = R"(WITH wanted AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
    AND (pg_catalog.cardinality($1::pg_catalog.text[]) = 0 OR n.nspname = ANY ($1::pg_catalog.text[]))
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                    AND x.objid = n.oid AND x.deptype = 'e')
))";

/// Which relations a query reads: `in(column)` is the condition (" AND …", empty for the whole)
/// that keeps a relation oid column in this half; a condition on the column of each catalog's
/// index (attrelid, conrelid, indrelid, …) lets the scan read only that part of the index and the
/// pages it points to.
class InHalf {
public:
  explicit InHalf(Half half) : m_half(half) {}
  [[nodiscard]] std::string in(std::string_view column) const {
    if (m_half == Half::whole) return {};
    // $3 inside a subquery: the planner keeps the plans it makes for an unknown value (told the
    // value, it picked costlier plans for some halves)
    return fmt::format(" AND {} {} (SELECT $3::pg_catalog.oid)", column, m_half == Half::low ? "<" : ">=");
  }
  [[nodiscard]] Half half() const { return m_half; }

private:
  Half m_half;
};

/// A query's select list, each expression in the slot of its column (col_* enums): the text and
/// the decoder cannot disagree on positions.
template <std::size_t N>
class SelectList {
public:
  SelectList& set(std::size_t column, std::string expression) {
    m_columns.at(column) = std::move(expression);
    return *this;
  }
  /// "a, b, c"; a slot left unset is NULL (the other branch of a UNION types it).
  [[nodiscard]] std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) out += ", ";
      out += m_columns[i].empty() ? "NULL" : m_columns[i];
    }
    return out;
  }

private:
  std::array<std::string, N> m_columns;
};

/// Whether an extension owns the object or it is part of another (deptype 'i': a range type's
/// multirange cast, an identity column's sequence): either way it is not the user's to create.
std::string extension_or_internal(std::string_view catalog, std::string_view oid) {
  return fmt::format("EXISTS (SELECT FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.{}'::pg_catalog.regclass "
                     "AND x.objid = {} AND x.deptype IN ('e', 'i'))",
                     catalog, oid);
}

/// An object's comment (pg_description's index; obj_description() would cost a function call per row).
std::string comment_of(std::string_view oid, std::string_view catalog, std::string_view subid = "0") {
  return fmt::format("(SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = {} "
                     "AND ds.classoid = 'pg_catalog.{}'::pg_catalog.regclass AND ds.objsubid = {})",
                     oid, catalog, subid);
}

/// A collation's name as the server qualifies it: pg_catalog."C".
std::string collation_name(std::string_view oid) {
  return fmt::format("(SELECT pg_catalog.quote_ident((SELECT cn.nspname FROM pg_catalog.pg_namespace cn "
                     "WHERE cn.oid = co.collnamespace)) || '.' || pg_catalog.quote_ident(co.collname) "
                     "FROM pg_catalog.pg_collation co WHERE co.oid = {})",
                     oid);
}

/// A relation's "schema.name" (unquoted).
std::string relation_name(std::string_view oid) {
  return fmt::format("(SELECT (SELECT rn.nspname FROM pg_catalog.pg_namespace rn WHERE rn.oid = r.relnamespace) "
                     "|| '.' || r.relname FROM pg_catalog.pg_class r WHERE r.oid = {})",
                     oid);
}

/// A function's argument types as regprocedure prints them between the parentheses ("integer,text").
/// Under search_path '' no function outside pg_catalog is visible, so the name is always qualified.
std::string function_arguments(std::string_view p, std::string_view schema) {
  return fmt::format("pg_catalog.left(pg_catalog.substr({0}.oid::pg_catalog.regprocedure::pg_catalog.text, "
                     "pg_catalog.length(pg_catalog.quote_ident({1}) || '.' || pg_catalog.quote_ident({0}.proname)) + 2), -1)",
                     p, schema);
}

/// A function oid column of pg_aggregate as regproc prints it; NULL for none.
std::string function_or_null(std::string_view column) {
  return fmt::format("CASE WHEN {0}::pg_catalog.oid <> 0 THEN {0}::pg_catalog.text END", column);
}

std::string owner(std::string_view column) { return fmt::format("pg_catalog.pg_get_userbyid({})", column); }
std::string acl(std::string_view column) { return fmt::format("{}::pg_catalog.text[]", column); }

std::string schemas_sql() {
  namespace c = col_schemas;
  SelectList<c::count> schema, extension, defaults;
  schema.set(c::kind, "'s'").set(c::oid, "n.oid").set(c::name, "n.nspname").set(c::schema, "NULL::pg_catalog.text")
      .set(c::version, "NULL::pg_catalog.text").set(c::comment, comment_of("n.oid", "pg_namespace"))
      .set(c::owner, owner("n.nspowner")).set(c::acl, acl("n.nspacl"));
  extension.set(c::kind, "'x'").set(c::oid, "x.oid").set(c::name, "x.extname").set(c::schema, "w.nspname")
      .set(c::version, "x.extversion").set(c::comment, comment_of("x.oid", "pg_extension"));
  // ALTER DEFAULT PRIVILEGES: the database-wide entries, and those of the schemas read
  defaults.set(c::kind, "'d'").set(c::oid, "a.oid").set(c::name, "pg_catalog.pg_get_userbyid(a.defaclrole)::pg_catalog.text")
      .set(c::schema, "w.nspname").set(c::version, "a.defaclobjtype::pg_catalog.text").set(c::acl, acl("a.defaclacl"));
  return fmt::format("SELECT {}\nFROM wanted w JOIN pg_catalog.pg_namespace n ON n.oid = w.oid\nUNION ALL\n"
                     "SELECT {}\nFROM pg_catalog.pg_extension x JOIN wanted w ON w.oid = x.extnamespace\nUNION ALL\n"
                     "SELECT {}\nFROM pg_catalog.pg_default_acl a LEFT JOIN wanted w ON w.oid = a.defaclnamespace\n"
                     "WHERE a.defaclnamespace = 0 OR w.oid IS NOT NULL",
                     schema.text(), extension.text(), defaults.text());
}

std::string types_sql() {
  namespace c = col_types;
  SelectList<c::count> s;
  s.set(c::kind, "t.typtype").set(c::oid, "t.oid").set(c::relid, "t.typrelid").set(c::schema, "w.nspname")
      .set(c::name, "t.typname")
      .set(c::labels, "CASE WHEN t.typtype = 'e' THEN (SELECT pg_catalog.array_agg(l.enumlabel ORDER BY l.enumsortorder) "
                      "FROM pg_catalog.pg_enum l WHERE l.enumtypid = t.oid) END")
      .set(c::base_type, "CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END")
      .set(c::not_null, "t.typnotnull")
      .set(c::default_expr,
           "CASE WHEN t.typtype = 'd' THEN COALESCE(pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typdefault) END")
      .set(c::collation, fmt::format("CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> "
                                     "b.typcollation THEN {} END",
                                     collation_name("t.typcollation")))
      .set(c::comment, comment_of("t.oid", "pg_type")).set(c::owner, owner("t.typowner")).set(c::acl, acl("t.typacl"));
  // composite types only when free-standing (a table's row type is the table's); an extension's
  // types are left out by the decoder
  return fmt::format(R"(SELECT {}
FROM pg_catalog.pg_type t JOIN wanted w ON w.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype LEFT JOIN pg_catalog.pg_class r ON r.oid = t.typrelid
WHERE t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND r.relkind = 'c'))",
                     s.text());
}

std::string functions_sql() {
  namespace c = col_functions;
  SelectList<c::count> s;
  s.set(c::oid, "p.oid").set(c::schema, "w.nspname").set(c::name, "p.proname")
      .set(c::arguments, function_arguments("p", "w.nspname")).set(c::kind, "p.prokind")
      .set(c::result, "pg_catalog.pg_get_function_result(p.oid)")
      .set(c::definition, "CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END")
      .set(c::language, "(SELECT l.lanname FROM pg_catalog.pg_language l WHERE l.oid = p.prolang)")
      .set(c::body, "p.prosrc").set(c::argument_list, "pg_catalog.pg_get_function_arguments(p.oid)")
      .set(c::comment, comment_of("p.oid", "pg_proc")).set(c::owner, owner("p.proowner")).set(c::acl, acl("p.proacl"))
      .set(c::qualified, "pg_catalog.quote_ident(w.nspname) || '.' || pg_catalog.quote_ident(p.proname)")
      .set(c::agg_kind, "g.aggkind").set(c::sfunc, "g.aggtransfn::pg_catalog.text")
      .set(c::stype, "pg_catalog.format_type(g.aggtranstype, NULL)").set(c::sspace, "g.aggtransspace")
      .set(c::finalfunc, function_or_null("g.aggfinalfn")).set(c::finalextra, "g.aggfinalextra")
      .set(c::finalmodify, "g.aggfinalmodify").set(c::combinefunc, function_or_null("g.aggcombinefn"))
      .set(c::serialfunc, function_or_null("g.aggserialfn")).set(c::deserialfunc, function_or_null("g.aggdeserialfn"))
      .set(c::initcond, "pg_catalog.quote_literal(g.agginitval)").set(c::msfunc, function_or_null("g.aggmtransfn"))
      .set(c::minvfunc, function_or_null("g.aggminvtransfn"))
      .set(c::mstype, "CASE WHEN g.aggmtranstype <> 0 THEN pg_catalog.format_type(g.aggmtranstype, NULL) END")
      .set(c::msspace, "g.aggmtransspace").set(c::mfinalfunc, function_or_null("g.aggmfinalfn"))
      .set(c::mfinalextra, "g.aggmfinalextra").set(c::mfinalmodify, "g.aggmfinalmodify")
      .set(c::minitcond, "pg_catalog.quote_literal(g.aggminitval)")
      .set(c::sortop, "(SELECT 'OPERATOR(' || pg_catalog.quote_ident((SELECT opn.nspname FROM pg_catalog.pg_namespace opn "
                      "WHERE opn.oid = op.oprnamespace)) || '.' || op.oprname || ')' FROM pg_catalog.pg_operator op "
                      "WHERE op.oid = g.aggsortop)")
      .set(c::parallel, "p.proparallel");
  // range types' constructors depend internally ('i') on their type: they come and go with it
  return fmt::format(R"(SELECT {}
FROM pg_catalog.pg_proc p JOIN wanted w ON w.oid = p.pronamespace LEFT JOIN pg_catalog.pg_aggregate g ON g.aggfnoid = p.oid
WHERE NOT {})",
                     s.text(), extension_or_internal("pg_proc", "p.oid"));
}

std::string relations_sql() {
  namespace c = col_relations;
  SelectList<c::count> s;
  s.set(c::oid, "c.oid").set(c::kind, "c.relkind").set(c::schema, "w.nspname").set(c::name, "c.relname")
      .set(c::unlogged, "c.relpersistence = 'u'")
      .set(c::partition_key, "CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END")
      .set(c::partition_of, fmt::format("CASE WHEN c.relispartition THEN (SELECT {} FROM pg_catalog.pg_inherits i "
                                        "WHERE i.inhrelid = c.oid) END",
                                        relation_name("i.inhparent")))
      // a bound names no column: printed without opening the partition
      .set(c::partition_bound, "CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, 0) END")
      .set(c::inherits, fmt::format("CASE WHEN c.relkind IN ('r', 'p') AND NOT c.relispartition THEN (SELECT "
                                    "pg_catalog.array_agg({} ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i "
                                    "WHERE i.inhrelid = c.oid) END",
                                    relation_name("i.inhparent")))
      .set(c::options, "c.reloptions").set(c::row_security, "c.relrowsecurity")
      .set(c::force_row_security, "c.relforcerowsecurity")
      .set(c::view_definition, "CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END")
      .set(c::data_type, "pg_catalog.format_type(q.seqtypid, NULL)").set(c::start, "q.seqstart")
      .set(c::increment, "q.seqincrement").set(c::min_value, "q.seqmin").set(c::max_value, "q.seqmax")
      .set(c::cache, "q.seqcache").set(c::cycle, "q.seqcycle")
      .set(c::comment, comment_of("c.oid", "pg_class")).set(c::owner, owner("c.relowner")).set(c::acl, acl("c.relacl"));
  // A sequence's OWNED BY (its automatic dependency on a column of a table in its own schema),
  // members of extensions and identity columns' sequences are the decoder's, from pg_depend's rows.
  return fmt::format(R"(SELECT {}
FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid AND c.relkind = 'S'
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.oid <> ALL ($2::pg_catalog.oid[]))",
                     s.text());
}

std::string columns_sql(int version, const InHalf& part) {
  namespace c = col_columns;
  SelectList<c::count> s;
  // an identity column's sequence: its internal dependency on the column
  s.set(c::relid, "a.attrelid").set(c::number, "a.attnum").set(c::name, "a.attname")
      .set(c::type, "pg_catalog.format_type(a.atttypid, a.atttypmod)").set(c::not_null, "a.attnotnull")
      .set(c::local, "a.attislocal").set(c::attrdef, "d.oid")
      // a default cannot name a column, so it is printed without its relation: pg_get_expr(…, relid)
      // would open every table (a relation-cache entry each, in a new backend ~0.1 ms a table)
      .set(c::default_expr, "CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) END")
      .set(c::identity, "a.attidentity")
      .set(c::identity_sequence,
           "CASE WHEN a.attidentity <> '' THEN (SELECT ARRAY[pg_catalog.format_type(q.seqtypid, NULL), "
           "q.seqstart::pg_catalog.text, q.seqincrement::pg_catalog.text, q.seqmin::pg_catalog.text, "
           "q.seqmax::pg_catalog.text, q.seqcache::pg_catalog.text, q.seqcycle::pg_catalog.text] "
           "FROM pg_catalog.pg_sequence q WHERE q.seqrelid = (SELECT s.objid FROM pg_catalog.pg_depend s "
           "WHERE s.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.refobjid = a.attrelid "
           "AND s.refobjsubid = a.attnum AND s.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
           "AND s.deptype = 'i' LIMIT 1)) END")
      .set(c::generated, "CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END")
      .set(c::collation, fmt::format("CASE WHEN a.attcollation <> ty.typcollation THEN {} END",
                                     collation_name("a.attcollation")))
      .set(c::storage, "CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage END")
      .set(c::compression, version >= 140000 ? "a.attcompression" : "NULL::pg_catalog.\"char\"")
      .set(c::comment, "ds.description").set(c::acl, acl("a.attacl"));
  return fmt::format(R"(SELECT {0}
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN wanted w ON w.oid = c.relnamespace
  JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum{1}
  LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid
    AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum{2}
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
  AND c.oid <> ALL ($2::pg_catalog.oid[]){3}{4})",
                     s.text(), part.in("d.adrelid"), part.in("ds.objoid"), part.in("c.oid"), part.in("a.attrelid"));
}

std::string constraints_sql(const InHalf& part) {
  namespace c = col_constraints;
  SelectList<c::count> table, domain;
  table.set(c::oid, "k.oid").set(c::relid, "k.conrelid").set(c::typid, "k.contypid").set(c::name, "k.conname")
      .set(c::type, "k.contype").set(c::definition, "pg_catalog.pg_get_constraintdef(k.oid)")
      .set(c::validated, "k.convalidated")
      .set(c::references, fmt::format("CASE WHEN k.contype = 'f' THEN {} END", relation_name("k.confrelid")))
      .set(c::comment, comment_of("k.oid", "pg_constraint"));
  domain = table;
  domain.set(c::references, "NULL");
  std::string out = fmt::format(R"(SELECT {}
FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN wanted w ON w.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND k.conislocal AND k.contype IN ('p', 'f', 'u', 'c', 'x')
  AND c.oid <> ALL ($2::pg_catalog.oid[]){}{})",
                                table.text(), part.in("c.oid"), part.in("k.conrelid"));
  if (part.half() != Half::high) {  // domain constraints come with the whole or the low half
    out += fmt::format(R"(
UNION ALL
SELECT {}
FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t ON t.oid = k.contypid JOIN wanted w ON w.oid = t.typnamespace
WHERE t.typtype = 'd' AND k.contype = 'c')",
                       domain.text());
  }
  return out;
}

std::string table_objects_sql(const InHalf& part) {
  namespace c = col_table_objects;
  SelectList<c::count> index, trigger, policy;
  index.set(c::kind, "'i'").set(c::oid, "ic.oid").set(c::relid, "c.oid").set(c::schema, "w.nspname")
      .set(c::table, "w.nspname || '.' || c.relname").set(c::name, "ic.relname")
      .set(c::definition, "pg_catalog.pg_get_indexdef(ic.oid)").set(c::enabled, "NULL::pg_catalog.text")
      .set(c::permissive, "NULL::pg_catalog.bool").set(c::command, "NULL::pg_catalog.text")
      .set(c::roles, "NULL::pg_catalog.text[]").set(c::using_expr, "NULL::pg_catalog.text")
      .set(c::check_expr, "NULL::pg_catalog.text").set(c::comment, comment_of("ic.oid", "pg_class"));
  trigger.set(c::kind, "'t'").set(c::oid, "t.oid").set(c::relid, "c.oid").set(c::schema, "w.nspname")
      .set(c::table, "c.relname").set(c::name, "t.tgname").set(c::definition, "pg_catalog.pg_get_triggerdef(t.oid)")
      .set(c::enabled, "t.tgenabled::pg_catalog.text").set(c::comment, comment_of("t.oid", "pg_trigger"));
  policy.set(c::kind, "'p'").set(c::oid, "p.oid").set(c::relid, "c.oid").set(c::schema, "w.nspname")
      .set(c::table, "c.relname").set(c::name, "p.polname").set(c::permissive, "p.polpermissive")
      .set(c::command, "CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' "
                       "WHEN 'd' THEN 'DELETE' ELSE 'ALL' END")
      .set(c::roles, "(SELECT pg_catalog.array_agg(CASE WHEN r.oid = 0 THEN 'public' "
                     "ELSE pg_catalog.pg_get_userbyid(r.oid)::pg_catalog.text END) FROM pg_catalog.unnest(p.polroles) AS r(oid))")
      .set(c::using_expr, "pg_catalog.pg_get_expr(p.polqual, p.polrelid)")
      .set(c::check_expr, "pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)")
      .set(c::comment, comment_of("p.oid", "pg_policy"));
  // Indexes: not those of constraints (they are the constraint's), nor a partition's index attached
  // to its parent's (it comes with the parent's). Triggers: INSTEAD OF triggers on views are
  // modelled like any other; a partition's clone of its parent's trigger (tgparentid) comes with
  // the parent's. An extension's objects are left out by the decoder.
  return fmt::format(R"(SELECT {0}
FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
  JOIN pg_catalog.pg_class c ON c.oid = x.indrelid JOIN wanted w ON w.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND c.oid <> ALL ($2::pg_catalog.oid[]){3}{4}
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = ic.oid AND k.conrelid = c.oid
                  AND k.contype IN ('p', 'u', 'x'){5})
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits h WHERE h.inhrelid = ic.oid)
UNION ALL
SELECT {1}
FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN wanted w ON w.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v')
  AND c.oid <> ALL ($2::pg_catalog.oid[]){3}{6}
UNION ALL
SELECT {2}
FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN wanted w ON w.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.oid <> ALL ($2::pg_catalog.oid[]){3}{7})",
                     index.text(), trigger.text(), policy.text(), part.in("c.oid"), part.in("x.indrelid"),
                     part.in("k.conrelid"), part.in("t.tgrelid"), part.in("p.polrelid"));
}

/// One part of the unsupported-objects query: objects of `catalog` (alias o) in a wanted schema.
/// Each row carries its catalog and oid: the decoder leaves out an extension's objects and those
/// part of another (deptype 'i': a range type's multirange cast), as pg_depend's rows say.
std::string in_schema(std::string_view kind, std::string_view catalog, std::string_view name,
                      std::string_view namespace_column, std::string_view extra = "") {
  return fmt::format("SELECT '{0}', w.nspname || '.' || {2}, 'pg_catalog.{1}'::pg_catalog.regclass::pg_catalog.oid, "
                     "o.oid, 0::pg_catalog.oid FROM pg_catalog.{1} o JOIN wanted w ON w.oid = o.{3} WHERE true{4}",
                     kind, catalog, name, namespace_column, extra);
}

/// One part of the unsupported-objects query: a database-wide object (no schema) made by a user;
/// listed only when the whole database is read.
std::string database_wide(std::string_view kind, std::string_view catalog, std::string_view name,
                          std::string_view extra = "") {
  return fmt::format("SELECT '{0}', {2}, 'pg_catalog.{1}'::pg_catalog.regclass::pg_catalog.oid, o.oid, "
                     "0::pg_catalog.oid FROM pg_catalog.{1} o "
                     "WHERE pg_catalog.cardinality($1::pg_catalog.text[]) = 0 AND o.oid >= 16384{3}",
                     kind, catalog, name, extra);
}

std::string unsupported_sql(const ServerFacts& server) {
  std::vector<std::string> parts = {
      in_schema("foreign table", "pg_class", "o.relname", "relnamespace", " AND o.relkind = 'f'"),
      in_schema("typed table", "pg_class", "o.relname", "relnamespace",
                " AND o.relkind IN ('r', 'p') AND o.reloftype <> 0 AND o.oid <> ALL ($2::pg_catalog.oid[])"),
      // rules other than a view's _RETURN rule; the rule's schema is its table's
      "SELECT 'rule', w.nspname || '.' || c.relname || '.' || o.rulename, "
      "'pg_catalog.pg_rewrite'::pg_catalog.regclass::pg_catalog.oid, o.oid, c.oid FROM pg_catalog.pg_rewrite o "
      "JOIN pg_catalog.pg_class c ON c.oid = o.ev_class JOIN wanted w ON w.oid = c.relnamespace "
      "WHERE o.rulename <> '_RETURN' AND c.oid <> ALL ($2::pg_catalog.oid[])",
      in_schema("operator", "pg_operator",
                "o.oprname || '(' || COALESCE(pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ',' || "
                "COALESCE(pg_catalog.format_type(NULLIF(o.oprright, 0), NULL), 'NONE') || ')'",
                "oprnamespace"),
      in_schema("operator class", "pg_opclass",
                "o.opcname || ' USING ' || (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = o.opcmethod)",
                "opcnamespace"),
      in_schema("operator family", "pg_opfamily",
                "o.opfname || ' USING ' || (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = o.opfmethod)",
                "opfnamespace"),
      in_schema("collation", "pg_collation", "o.collname", "collnamespace"),
      in_schema("conversion", "pg_conversion", "o.conname", "connamespace"),
      in_schema("text search configuration", "pg_ts_config", "o.cfgname", "cfgnamespace"),
      in_schema("text search dictionary", "pg_ts_dict", "o.dictname", "dictnamespace"),
      in_schema("text search parser", "pg_ts_parser", "o.prsname", "prsnamespace"),
      in_schema("text search template", "pg_ts_template", "o.tmplname", "tmplnamespace"),
      // base, range and shell types; not array types (they come with their element type), not
      // multiranges (they come with their range)
      "SELECT CASE o.typtype WHEN 'r' THEN 'range type' WHEN 'p' THEN 'shell type' ELSE 'base type' END, "
      "w.nspname || '.' || o.typname, 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid, o.oid, 0::pg_catalog.oid "
      "FROM pg_catalog.pg_type o JOIN wanted w ON w.oid = o.typnamespace "
      "WHERE o.typtype IN ('b', 'r', 'p') AND NOT EXISTS (SELECT FROM pg_catalog.pg_type e WHERE e.typarray = o.oid)",
      in_schema("statistics", "pg_statistic_ext", "o.stxname", "stxnamespace",
                " AND o.stxrelid <> ALL ($2::pg_catalog.oid[])"),
      database_wide("cast", "pg_cast",
                    "pg_catalog.format_type(o.castsource, NULL) || ' AS ' || pg_catalog.format_type(o.casttarget, NULL)"),
      database_wide("event trigger", "pg_event_trigger", "o.evtname"),
      database_wide("publication", "pg_publication", "o.pubname"),
      database_wide("foreign-data wrapper", "pg_foreign_data_wrapper", "o.fdwname"),
      database_wide("foreign server", "pg_foreign_server", "o.srvname"),
      database_wide("transform", "pg_transform",
                    "pg_catalog.format_type(o.trftype, NULL) || ' LANGUAGE ' || "
                    "(SELECT l.lanname FROM pg_catalog.pg_language l WHERE l.oid = o.trflang)"),
      database_wide("access method", "pg_am", "o.amname"),
      database_wide("language", "pg_language", "o.lanname"),
  };
  if (server.reads_subscriptions) {
    // only columns that every role may read (not subconninfo; not even oid before 14); no extension
    // makes subscriptions
    parts.push_back(
        "SELECT 'subscription', o.subname, 0::pg_catalog.oid, 0::pg_catalog.oid, 0::pg_catalog.oid "
        "FROM pg_catalog.pg_subscription o "
        "WHERE pg_catalog.cardinality($1::pg_catalog.text[]) = 0 "
        "AND o.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())");
  }
  if (server.version >= 180000) {
    // a VIRTUAL generated column reads as a generated one: the model cannot tell them apart
    parts.push_back(
        "SELECT 'virtual generated column', w.nspname || '.' || c.relname || '.' || a.attname, 0::pg_catalog.oid, "
        "0::pg_catalog.oid, c.oid FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN wanted w ON w.oid = c.relnamespace WHERE a.attgenerated = 'v' AND NOT a.attisdropped "
        "AND c.relkind IN ('r', 'p') AND c.oid <> ALL ($2::pg_catalog.oid[])");
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "\nUNION ALL ") + parts[i];
  return out;
}

std::string dependencies_sql() {
  // Normal and automatic dependencies are the model's edges. Extension membership ('e') and the
  // internal links ('i') say which objects are not the user's to create, and let
  // pg_dependencies.cpp move an object to the one that stands for it in the model (an array type
  // to its element type, a row type to its relation, a view's rule to the view, a constraint's
  // index to the constraint, an identity sequence to its column); of those, not the thousands of
  // a foreign key's triggers and of the tables' TOAST tables. Objects made at initdb (oids below
  // 16384) depend on nothing of the user's; the oid is compared as int8, or the planner walks all
  // of pg_depend's index in random order instead of reading the table.
  return R"(SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid, d.deptype
FROM pg_catalog.pg_depend d
WHERE d.objid::pg_catalog.int8 >= 16384
  AND (d.deptype IN ('n', 'a', 'e')
       OR (d.deptype = 'i' AND d.classid <> 'pg_catalog.pg_trigger'::pg_catalog.regclass
           AND NOT (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid = 0))))";
}

} // namespace

std::array<Catalog, k_catalog_count> all_catalogs() {
  std::array<Catalog, k_catalog_count> out{};
  for (std::size_t i = 0; i < k_catalog_count; ++i) out[i] = static_cast<Catalog>(i);
  return out;
}

std::string_view catalog_name(Catalog query) {
  switch (query) {
  case Catalog::schemas: return "schemas, extensions";
  case Catalog::types: return "enums, domains, composite types";
  case Catalog::functions: return "functions";
  case Catalog::relations: return "tables, views, sequences";
  case Catalog::columns: return "columns";
  case Catalog::constraints: return "constraints";
  case Catalog::table_objects: return "indexes, triggers, policies";
  case Catalog::unsupported: return "objects the model does not cover";
  case Catalog::dependencies: return "dependencies";
  case Catalog::count: break;
  }
  return "?";
}

bool takes_filters(Catalog query) { return query != Catalog::dependencies; }

bool leaves_out_tables(Catalog query) {
  return query == Catalog::relations || query == Catalog::columns || query == Catalog::constraints ||
         query == Catalog::table_objects || query == Catalog::unsupported;
}

std::string catalog_sql(Catalog query, const ServerFacts& server, Half half) {
  const InHalf part(half);
  std::string body;
  switch (query) {
  case Catalog::schemas: body = schemas_sql(); break;
  case Catalog::types: body = types_sql(); break;
  case Catalog::functions: body = functions_sql(); break;
  case Catalog::relations: body = relations_sql(); break;
  case Catalog::columns: body = columns_sql(server.version, part); break;
  case Catalog::constraints: body = constraints_sql(part); break;
  case Catalog::table_objects: body = table_objects_sql(part); break;
  case Catalog::unsupported: body = unsupported_sql(server); break;
  case Catalog::dependencies: body = dependencies_sql(); break;
  case Catalog::count: throw Error(ErrorCode::internal, "no catalog query 'count'");
  }
  const std::string label = half == Half::whole ? std::string(catalog_name(query))
                                                : fmt::format("{} ({} half)", catalog_name(query), half == Half::low ? "low" : "high");
  std::string with;
  if (takes_filters(query)) with = fmt::format("{}\n", k_filters);
  return fmt::format("/* retort catalog: {} */\n{}{}", label, with, body);
}

bool splits_in_halves(Catalog query) {
  return query == Catalog::columns || query == Catalog::constraints || query == Catalog::table_objects;
}

std::size_t column_count(Catalog query) {
  switch (query) {
  case Catalog::schemas: return col_schemas::count;
  case Catalog::types: return col_types::count;
  case Catalog::functions: return col_functions::count;
  case Catalog::relations: return col_relations::count;
  case Catalog::columns: return col_columns::count;
  case Catalog::constraints: return col_constraints::count;
  case Catalog::table_objects: return col_table_objects::count;
  case Catalog::unsupported: return col_unsupported::count;
  case Catalog::dependencies: return col_dependencies::count;
  case Catalog::count: break;
  }
  return 0;
}

std::string_view read_facts_sql() {
  static const std::string sql = fmt::format(R"({}
SELECT pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subname', 'SELECT')
         AND pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subdbid', 'SELECT'),
       COALESCE((SELECT pg_catalog.array_agg(c.oid ORDER BY c.oid) FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND (c.relname = ANY ($2::pg_catalog.text[])
                   OR w.nspname || '.' || c.relname = ANY ($2::pg_catalog.text[]))), '{{}}'::pg_catalog.oid[]),
       COALESCE((SELECT pg_catalog.percentile_disc(0.5) WITHIN GROUP (ORDER BY r.oid) FROM pg_catalog.pg_class r
                 WHERE r.oid >= 16384), 0::pg_catalog.oid))",
                                             k_filters);
  return sql;
}

std::string_view settings_sql() {
  return "SELECT pg_catalog.set_config('search_path', '', true), pg_catalog.set_config('DateStyle', 'ISO', true), "
         "pg_catalog.set_config('IntervalStyle', 'postgres', true), pg_catalog.set_config('extra_float_digits', '3', true), "
         "pg_catalog.set_config('quote_all_identifiers', 'off', true), pg_catalog.set_config('enable_nestloop', 'off', true), "
         "pg_catalog.set_config('jit', 'off', true)";
}

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

} // namespace retort::pg
