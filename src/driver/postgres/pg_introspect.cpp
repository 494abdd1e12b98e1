// driver/postgres/pg_introspect.cpp — the PostgreSQL catalog read into the schema model.
//
// Two small queries (the server version; whether the caller is in a transaction), then one batch
// (one round trip): BEGIN (or SAVEPOINT), the output settings, k_catalog_queries catalog queries,
// COMMIT (or ROLLBACK TO and RELEASE). Each catalog query returns one JSON value (json_agg), so
// their number does not grow with the schema. Every query starts with the same two CTEs: `wanted`
// (the schemas read) and `excluded` (the tables left out), from the bound parameters $1 (schemas)
// and $2 (excluded tables). The JSON is then read into the model, function bodies are parsed for
// the references pg_depend does not record, and the model is put in canonical order.
#include "driver/postgres/pg_introspect.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pgquery/references.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// SQL fragments

constexpr std::string_view k_prefix = R"(WITH wanted AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
    AND (pg_catalog.cardinality($1::pg_catalog.text[]) = 0 OR n.nspname = ANY ($1::pg_catalog.text[]))
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                    AND x.objid = n.oid AND x.deptype = 'e')
), excluded AS (
  SELECT c.oid FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND (c.relname = ANY ($2::pg_catalog.text[]) OR w.nspname || '.' || c.relname = ANY ($2::pg_catalog.text[]))
)
)";

/// Output settings for this transaction only: every name the server prints schema-qualified
/// (search_path ''), and constants printed the same whatever the session's settings (as pg_dump).
/// enable_nestloop off: the catalog queries join whole catalogs and CTEs, and on catalogs without
/// fresh statistics (a schema just loaded, a scratch database) the planner's nested loops made a
/// 200-table read 10–19 times slower (bench/SCHEMA_RESULTS.md); hash joins keep it linear.
constexpr std::string_view k_settings =
    "SELECT pg_catalog.set_config('search_path', '', true), pg_catalog.set_config('DateStyle', 'ISO', true), "
    "pg_catalog.set_config('IntervalStyle', 'postgres', true), pg_catalog.set_config('extra_float_digits', '3', true), "
    "pg_catalog.set_config('quote_all_identifiers', 'off', true), pg_catalog.set_config('enable_nestloop', 'off', true)";

constexpr std::string_view k_savepoint = "retort_introspect";

/// What the query texts depend on, read before the batch.
struct Server {
  int version = 0;                  ///< server_version_num
  bool reads_subscriptions = false; ///< whether this role may read pg_subscription's subname and subdbid
};

/// `catalog` is a pg_catalog table name, `oid` an SQL expression: whether an extension owns the object.
std::string extension_member(std::string_view catalog, std::string_view oid) {
  return fmt::format("EXISTS (SELECT FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.{}'::pg_catalog.regclass "
                     "AND x.objid = {} AND x.deptype = 'e')",
                     catalog, oid);
}

/// Whether an extension owns the object or it is part of another (deptype 'i': a range type's
/// multirange cast, an identity column's sequence): either way it is not the user's to create.
std::string extension_or_internal(std::string_view catalog, std::string_view oid) {
  return fmt::format("EXISTS (SELECT FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.{}'::pg_catalog.regclass "
                     "AND x.objid = {} AND x.deptype IN ('e', 'i'))",
                     catalog, oid);
}

/// An object's comment (a subquery on pg_description's index: obj_description() is an SQL function
/// that costs a call per row).
std::string comment_of(std::string_view oid, std::string_view catalog, std::string_view subid = "0") {
  return fmt::format("(SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = {} "
                     "AND ds.classoid = 'pg_catalog.{}'::pg_catalog.regclass AND ds.objsubid = {})",
                     oid, catalog, subid);
}

/// A collation's name as the server qualifies it: pg_catalog."C".
std::string collation_name(std::string_view oid) {
  return fmt::format("(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
                     "FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
                     "WHERE co.oid = {})",
                     oid);
}

/// A relation's "schema.name" (unquoted).
std::string relation_name(std::string_view oid) {
  return fmt::format("(SELECT rn.nspname || '.' || r.relname FROM pg_catalog.pg_class r "
                     "JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace WHERE r.oid = {})",
                     oid);
}

/// A function's argument types as regprocedure prints them between the parentheses ("integer,text").
/// Under search_path '' no function outside pg_catalog is visible, so the name is always qualified.
std::string function_arguments(std::string_view p, std::string_view schema) {
  return fmt::format("pg_catalog.left(pg_catalog.substr({0}.oid::pg_catalog.regprocedure::pg_catalog.text, "
                     "pg_catalog.length(pg_catalog.quote_ident({1}) || '.' || pg_catalog.quote_ident({0}.proname)) + 2), -1)",
                     p, schema);
}

std::string privileges_of(std::string_view owner, std::string_view acl) {
  return fmt::format("pg_catalog.pg_get_userbyid({}) AS owner, {}::pg_catalog.text[] AS acl", owner, acl);
}

std::string query(std::string_view body) { return std::string(k_prefix) + std::string(body); }

std::string schemas_query() {
  return query(fmt::format(R"(SELECT pg_catalog.json_build_object(
  'schemas', (SELECT pg_catalog.json_agg(s) FROM (
    SELECT n.nspname AS name, {} AS comment, {}
    FROM wanted w JOIN pg_catalog.pg_namespace n ON n.oid = w.oid) s),
  'extensions', (SELECT pg_catalog.json_agg(e) FROM (
    SELECT x.extname AS name, w.nspname AS schema, x.extversion AS version, {} AS comment
    FROM pg_catalog.pg_extension x JOIN wanted w ON w.oid = x.extnamespace) e)))",
                           comment_of("n.oid", "pg_namespace"), privileges_of("n.nspowner", "n.nspacl"),
                           comment_of("x.oid", "pg_extension")));
}

std::string types_query() {
  return query(fmt::format(R"(SELECT pg_catalog.json_build_object(
  'enums', (SELECT pg_catalog.json_agg(e) FROM (
    SELECT w.nspname AS schema, t.typname AS name,
      (SELECT pg_catalog.array_agg(l.enumlabel ORDER BY l.enumsortorder) FROM pg_catalog.pg_enum l WHERE l.enumtypid = t.oid) AS labels,
      {0} AS comment, {1}
    FROM pg_catalog.pg_type t JOIN wanted w ON w.oid = t.typnamespace
    WHERE t.typtype = 'e' AND NOT {2}) e),
  'domains', (SELECT pg_catalog.json_agg(d) FROM (
    SELECT w.nspname AS schema, t.typname AS name, pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
      t.typnotnull AS not_null, COALESCE(pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typdefault) AS default_expr,
      CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN {3} END AS collation,
      (SELECT pg_catalog.json_agg(k ORDER BY k.name) FROM (
        SELECT k.conname AS name, pg_catalog.pg_get_constraintdef(k.oid) AS definition, k.convalidated AS validated,
          {4} AS comment
        FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') k) AS constraints,
      {0} AS comment, {1}
    FROM pg_catalog.pg_type t JOIN wanted w ON w.oid = t.typnamespace JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
    WHERE t.typtype = 'd' AND NOT {2}) d),
  'composites', (SELECT pg_catalog.json_agg(c) FROM (
    SELECT w.nspname AS schema, t.typname AS name,
      (SELECT pg_catalog.json_agg(a ORDER BY a.attnum) FROM (
        SELECT a.attnum, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
          CASE WHEN a.attcollation <> at.typcollation THEN {5} END AS collation
        FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) a) AS attributes,
      {0} AS comment, {1}
    FROM pg_catalog.pg_type t JOIN wanted w ON w.oid = t.typnamespace JOIN pg_catalog.pg_class r ON r.oid = t.typrelid
    WHERE t.typtype = 'c' AND r.relkind = 'c' AND NOT {2}) c)))",
                           comment_of("t.oid", "pg_type"), privileges_of("t.typowner", "t.typacl"),
                           extension_member("pg_type", "t.oid"), collation_name("t.typcollation"),
                           comment_of("k.oid", "pg_constraint"), collation_name("a.attcollation")));
}

std::string sequences_query() {
  return query(fmt::format(R"(SELECT pg_catalog.json_agg(s) FROM (
  SELECT w.nspname AS schema, c.relname AS name, pg_catalog.format_type(q.seqtypid, NULL) AS data_type,
    q.seqstart::pg_catalog.text AS start, q.seqincrement::pg_catalog.text AS increment,
    q.seqmin::pg_catalog.text AS min_value, q.seqmax::pg_catalog.text AS max_value,
    q.seqcache::pg_catalog.text AS cache, q.seqcycle AS cycle,
    o.owned_by_table, o.owned_by_column, {0} AS comment, {1}
  FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid
  LEFT JOIN LATERAL (
    SELECT tn.nspname || '.' || t.relname AS owned_by_table, a.attname AS owned_by_column, t.oid AS table_oid
    FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
      JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
      AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0 AND d.deptype = 'a') o ON true
  WHERE c.relkind = 'S' AND NOT {2}
    AND (o.table_oid IS NULL OR o.table_oid NOT IN (SELECT oid FROM excluded))) s)",
                           comment_of("c.oid", "pg_class"), privileges_of("c.relowner", "c.relacl"),
                           extension_or_internal("pg_class", "c.oid")));
}

std::string functions_query() {
  // range types' constructors depend internally ('i') on their type: they come and go with it
  return query(fmt::format(R"(SELECT pg_catalog.json_agg(f) FROM (
  SELECT w.nspname AS schema, p.proname AS name, {0} AS arguments, p.prokind AS kind,
    pg_catalog.pg_get_function_result(p.oid) AS result,
    CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition,
    l.lanname AS language, p.prosrc AS body, pg_catalog.pg_get_function_arguments(p.oid) AS argument_list,
    {1} AS comment, {2},
    pg_catalog.quote_ident(w.nspname) || '.' || pg_catalog.quote_ident(p.proname) AS qualified,
    (SELECT pg_catalog.json_build_object(
        'arguments', pg_catalog.pg_get_function_arguments(p.oid), 'kind', g.aggkind,
        'sfunc', g.aggtransfn::pg_catalog.text, 'stype', pg_catalog.format_type(g.aggtranstype, NULL),
        'sspace', g.aggtransspace,
        'finalfunc', CASE WHEN g.aggfinalfn::pg_catalog.oid <> 0 THEN g.aggfinalfn::pg_catalog.text END,
        'finalextra', g.aggfinalextra, 'finalmodify', g.aggfinalmodify,
        'combinefunc', CASE WHEN g.aggcombinefn::pg_catalog.oid <> 0 THEN g.aggcombinefn::pg_catalog.text END,
        'serialfunc', CASE WHEN g.aggserialfn::pg_catalog.oid <> 0 THEN g.aggserialfn::pg_catalog.text END,
        'deserialfunc', CASE WHEN g.aggdeserialfn::pg_catalog.oid <> 0 THEN g.aggdeserialfn::pg_catalog.text END,
        'initcond', pg_catalog.quote_literal(g.agginitval),
        'msfunc', CASE WHEN g.aggmtransfn::pg_catalog.oid <> 0 THEN g.aggmtransfn::pg_catalog.text END,
        'minvfunc', CASE WHEN g.aggminvtransfn::pg_catalog.oid <> 0 THEN g.aggminvtransfn::pg_catalog.text END,
        'mstype', CASE WHEN g.aggmtranstype <> 0 THEN pg_catalog.format_type(g.aggmtranstype, NULL) END,
        'msspace', g.aggmtransspace,
        'mfinalfunc', CASE WHEN g.aggmfinalfn::pg_catalog.oid <> 0 THEN g.aggmfinalfn::pg_catalog.text END,
        'mfinalextra', g.aggmfinalextra, 'mfinalmodify', g.aggmfinalmodify,
        'minitcond', pg_catalog.quote_literal(g.aggminitval),
        'sortop', (SELECT 'OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' || op.oprname || ')'
                   FROM pg_catalog.pg_operator op JOIN pg_catalog.pg_namespace opn ON opn.oid = op.oprnamespace
                   WHERE op.oid = g.aggsortop),
        'parallel', p.proparallel)
     FROM pg_catalog.pg_aggregate g WHERE g.aggfnoid = p.oid) AS aggregate
  FROM pg_catalog.pg_proc p JOIN wanted w ON w.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE NOT {3}) f)",
                           function_arguments("p", "w.nspname"), comment_of("p.oid", "pg_proc"),
                           privileges_of("p.proowner", "p.proacl"), extension_or_internal("pg_proc", "p.oid")));
}

std::string tables_query(int version) {
  const std::string compression = version >= 140000 ? "a.attcompression" : "NULL::pg_catalog.\"char\"";
  return query(fmt::format(R"(SELECT pg_catalog.json_agg(t) FROM (
  SELECT w.nspname AS schema, c.relname AS name, c.relpersistence = 'u' AS unlogged,
    CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
    CASE WHEN c.relispartition THEN (SELECT {0} FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END AS partition_of,
    CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
    CASE WHEN NOT c.relispartition THEN (SELECT pg_catalog.array_agg({0} ORDER BY i.inhseqno)
      FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END AS inherits,
    c.reloptions AS options,
    (SELECT pg_catalog.json_agg(a ORDER BY a.attnum) FROM (
      SELECT a.attnum, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
        a.attnotnull AS not_null,
        CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS default_expr,
        a.attidentity AS identity,
        CASE WHEN a.attidentity <> '' THEN (
          SELECT pg_catalog.json_build_object('type', pg_catalog.format_type(q.seqtypid, NULL),
            'start', q.seqstart::pg_catalog.text, 'increment', q.seqincrement::pg_catalog.text,
            'min', q.seqmin::pg_catalog.text, 'max', q.seqmax::pg_catalog.text, 'cache', q.seqcache::pg_catalog.text,
            'cycle', q.seqcycle)
          FROM pg_catalog.pg_depend s JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.objid
          WHERE s.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND s.refobjid = c.oid AND s.refobjsubid = a.attnum AND s.deptype = 'i' LIMIT 1) END AS identity_sequence,
        CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS generated,
        CASE WHEN a.attcollation <> ty.typcollation THEN {1} END AS collation,
        CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage END AS storage,
        {2} AS compression,
        {8} AS comment
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attislocal) a) AS columns,
    (SELECT pg_catalog.json_agg(k ORDER BY k.name) FROM (
      SELECT k.conname AS name, k.contype AS type, pg_catalog.pg_get_constraintdef(k.oid) AS definition,
        k.convalidated AS validated, CASE WHEN k.contype = 'f' THEN {3} END AS "references", {4} AS comment
      FROM pg_catalog.pg_constraint k
      WHERE k.conrelid = c.oid AND k.conislocal AND k.contype IN ('p', 'f', 'u', 'c', 'x')) k) AS constraints,
    c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
    {5} AS comment, {6}
  FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT {7} AND c.oid NOT IN (SELECT oid FROM excluded)) t)",
                           relation_name("i.inhparent"), collation_name("a.attcollation"), compression,
                           relation_name("k.confrelid"), comment_of("k.oid", "pg_constraint"),
                           comment_of("c.oid", "pg_class"), privileges_of("c.relowner", "c.relacl"),
                           extension_member("pg_class", "c.oid"), comment_of("c.oid", "pg_class", "a.attnum")));
}

std::string views_query() {
  return query(fmt::format(R"(SELECT pg_catalog.json_agg(v) FROM (
  SELECT w.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
    pg_catalog.pg_get_viewdef(c.oid) AS definition,
    (SELECT pg_catalog.array_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
     FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
    c.reloptions AS options,
    (SELECT pg_catalog.json_object_agg(a.attname, ds.description)
     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid
       AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum
     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_comments,
    {0} AS comment, {1}
  FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm') AND NOT {2}) v)",
                           comment_of("c.oid", "pg_class"), privileges_of("c.relowner", "c.relacl"),
                           extension_member("pg_class", "c.oid")));
}

std::string indexes_query() {
  // not the indexes of constraints (they are the constraint's), nor a partition's index attached
  // to its parent's (it comes with the parent's)
  return query(fmt::format(R"(SELECT pg_catalog.json_agg(i) FROM (
  SELECT w.nspname AS schema, ic.relname AS name, w.nspname || '.' || c.relname AS "table",
    pg_catalog.pg_get_indexdef(ic.oid) AS definition, {0} AS comment
  FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
    JOIN pg_catalog.pg_class c ON c.oid = x.indrelid JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND c.oid NOT IN (SELECT oid FROM excluded) AND NOT {1} AND NOT {2}
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = ic.oid AND k.conrelid = c.oid
                    AND k.contype IN ('p', 'u', 'x'))
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits h WHERE h.inhrelid = ic.oid)) i)",
                           comment_of("ic.oid", "pg_class"), extension_member("pg_class", "c.oid"),
                           extension_member("pg_class", "ic.oid")));
}

std::string triggers_and_policies_query() {
  // INSTEAD OF triggers on views are modelled like any other; a partition's clone of its parent's
  // trigger (tgparentid) comes with the parent's
  return query(fmt::format(R"(SELECT pg_catalog.json_build_object(
'triggers', (SELECT pg_catalog.json_agg(g) FROM (
  SELECT w.nspname AS schema, c.relname AS "table", t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid) AS definition,
    t.tgenabled AS enabled, {0} AS comment
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN wanted w ON w.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v')
    AND c.oid NOT IN (SELECT oid FROM excluded) AND NOT {1} AND NOT {2}) g),
'policies', (SELECT pg_catalog.json_agg(p) FROM (
  SELECT w.nspname AS schema, c.relname AS "table", p.polname AS name, p.polpermissive AS permissive,
    CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE'
      ELSE 'ALL' END AS command,
    (SELECT pg_catalog.array_agg(CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid)::pg_catalog.text END)
     FROM pg_catalog.unnest(p.polroles) AS r(oid)) AS roles,
    pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
    pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr, {3} AS comment
  FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND c.oid NOT IN (SELECT oid FROM excluded) AND NOT {1} AND NOT {4}) p)))",
                           comment_of("t.oid", "pg_trigger"), extension_member("pg_class", "c.oid"),
                           extension_member("pg_trigger", "t.oid"), comment_of("p.oid", "pg_policy"),
                           extension_member("pg_policy", "p.oid")));
}

/// One part of the unsupported-objects query: objects of `catalog` (alias o) in a wanted schema.
std::string in_schema(std::string_view kind, std::string_view catalog, std::string_view name,
                      std::string_view namespace_column, std::string_view extra = "") {
  return fmt::format("SELECT '{0}' AS kind, w.nspname || '.' || {2} AS name FROM pg_catalog.{1} o "
                     "JOIN wanted w ON w.oid = o.{3} WHERE NOT {4}{5}",
                     kind, catalog, name, namespace_column, extension_or_internal(catalog, "o.oid"), extra);
}

/// One part of the unsupported-objects query: a database-wide object (no schema) made by a user;
/// listed only when the whole database is read.
std::string database_wide(std::string_view kind, std::string_view catalog, std::string_view name,
                          std::string_view extra = "") {
  return fmt::format("SELECT '{0}' AS kind, {2} AS name FROM pg_catalog.{1} o "
                     "WHERE pg_catalog.cardinality($1::pg_catalog.text[]) = 0 AND o.oid >= 16384 AND NOT {3}{4}",
                     kind, catalog, name, extension_or_internal(catalog, "o.oid"), extra);
}

std::string unsupported_query(const Server& server) {
  std::vector<std::string> parts = {
      in_schema("foreign table", "pg_class", "o.relname", "relnamespace", " AND o.relkind = 'f'"),
      in_schema("typed table", "pg_class", "o.relname", "relnamespace",
                " AND o.relkind IN ('r', 'p') AND o.reloftype <> 0 AND o.oid NOT IN (SELECT oid FROM excluded)"),
      // rules other than a view's _RETURN rule; the rule's schema is its table's
      "SELECT 'rule', w.nspname || '.' || c.relname || '.' || o.rulename FROM pg_catalog.pg_rewrite o "
      "JOIN pg_catalog.pg_class c ON c.oid = o.ev_class JOIN wanted w ON w.oid = c.relnamespace "
      "WHERE o.rulename <> '_RETURN' AND c.oid NOT IN (SELECT oid FROM excluded) AND NOT " +
          extension_or_internal("pg_rewrite", "o.oid") + " AND NOT " + extension_member("pg_class", "c.oid"),
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
      "w.nspname || '.' || o.typname FROM pg_catalog.pg_type o JOIN wanted w ON w.oid = o.typnamespace "
      "WHERE o.typtype IN ('b', 'r', 'p') AND NOT EXISTS (SELECT FROM pg_catalog.pg_type e WHERE e.typarray = o.oid) "
      "AND NOT " + extension_or_internal("pg_type", "o.oid"),
      in_schema("statistics", "pg_statistic_ext", "o.stxname", "stxnamespace",
                " AND o.stxrelid NOT IN (SELECT oid FROM excluded)"),
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
        "SELECT 'subscription', o.subname FROM pg_catalog.pg_subscription o "
        "WHERE pg_catalog.cardinality($1::pg_catalog.text[]) = 0 "
        "AND o.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())");
  }
  if (server.version >= 180000) {
    // a VIRTUAL generated column reads as a generated one: the model cannot tell them apart
    parts.push_back(
        "SELECT 'virtual generated column', w.nspname || '.' || c.relname || '.' || a.attname "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN wanted w ON w.oid = c.relnamespace WHERE a.attgenerated = 'v' AND NOT a.attisdropped "
        "AND c.relkind IN ('r', 'p') AND c.oid NOT IN (SELECT oid FROM excluded) AND NOT " +
        extension_member("pg_class", "c.oid"));
  }
  std::string body = "SELECT pg_catalog.json_agg(u) FROM (\n";
  for (std::size_t i = 0; i < parts.size(); ++i) body += (i == 0 ? "  " : "  UNION ALL ") + parts[i] + "\n";
  return query(body + ") u");
}

/// One step of the dependency query's normalisation: each side (classid, objid, objsubid) is moved
/// to the object that stands for it in the model (see `redirect`).
std::string redirect_step(std::string_view name, std::string_view from) {
  return fmt::format(R"(, {0} AS (
  SELECT s.classid, s.objid, s.objsubid,
    COALESCE(r.nclass, s.nclass) AS nclass, COALESCE(r.nobj, s.nobj) AS nobj,
    CASE WHEN r.classid IS NULL THEN s.nsub ELSE r.nsub END AS nsub
  FROM {1} s LEFT JOIN redirect r ON r.classid = s.nclass AND r.objid = s.nobj)
)",
                     name, from);
}

std::string dependencies_query() {
  const std::string pg_class = "'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid";
  const std::string pg_type = "'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid";
  const std::string pg_constraint = "'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid";
  std::string sql = fmt::format(R"(, deps AS (
  SELECT DISTINCT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
  FROM pg_catalog.pg_depend d
  WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384
    AND NOT (d.deptype = 'a' AND d.classid = {0} AND d.refclassid = {0} AND d.refobjsubid > 0
             AND EXISTS (SELECT FROM pg_catalog.pg_class q WHERE q.oid = d.objid AND q.relkind = 'S'))
), sides AS (
  SELECT classid, objid, objsubid, classid AS nclass, objid AS nobj, objsubid AS nsub FROM (
    SELECT classid, objid, objsubid FROM deps UNION SELECT refclassid, refobjid, refobjsubid FROM deps) s
), redirect AS (
  SELECT DISTINCT ON (classid, objid) classid, objid, nclass, nobj, nsub FROM (
    SELECT e.classid, e.objid, 'pg_catalog.pg_extension'::pg_catalog.regclass::pg_catalog.oid AS nclass,
      e.refobjid AS nobj, 0 AS nsub, 0 AS priority
    FROM pg_catalog.pg_depend e WHERE e.deptype = 'e'
    UNION ALL
    SELECT {1}, t.oid, {1}, t.typelem, 0, 1
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND e.typarray = t.oid
    UNION ALL
    SELECT {1}, t.oid, {0}, t.typrelid, 0, 1 FROM pg_catalog.pg_type t WHERE t.typrelid <> 0
    UNION ALL
    SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass::pg_catalog.oid, ad.oid, {0}, ad.adrelid, ad.adnum, 1
    FROM pg_catalog.pg_attrdef ad
    UNION ALL
    SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::pg_catalog.oid, r.oid, {0}, r.ev_class, 0, 1
    FROM pg_catalog.pg_rewrite r WHERE r.rulename = '_RETURN'
    UNION ALL
    SELECT {0}, k.conindid, {2}, k.oid, 0, 1
    FROM pg_catalog.pg_constraint k WHERE k.contype IN ('p', 'u', 'x') AND k.conindid <> 0
    UNION ALL
    SELECT {2}, k.oid, {1}, k.contypid, 0, 1 FROM pg_catalog.pg_constraint k WHERE k.contypid <> 0
    UNION ALL
    SELECT {0}, i.objid, {0}, i.refobjid, i.refobjsubid, 1
    FROM pg_catalog.pg_depend i JOIN pg_catalog.pg_class q ON q.oid = i.objid AND q.relkind = 'S'
    WHERE i.classid = {0} AND i.refclassid = {0} AND i.deptype = 'i' AND i.refobjsubid > 0
  ) r ORDER BY classid, objid, priority
)
)",
                                pg_class, pg_type, pg_constraint);
  // a chain is at most three long: an array of a row type of an extension's table
  sql += redirect_step("step1", "sides") + redirect_step("step2", "step1") + redirect_step("step3", "step2");
  sql += fmt::format(R"(, keys AS (
  SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid AS classid, w.oid AS objid, 0 AS objsubid,
    'schema:' || w.nspname AS id
  FROM wanted w
  UNION ALL
  SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass::pg_catalog.oid, x.oid, 0, 'extension:' || x.extname
  FROM pg_catalog.pg_extension x
  UNION ALL
  SELECT {0}, c.oid, 0, CASE c.relkind WHEN 'r' THEN 'table:' WHEN 'p' THEN 'table:' WHEN 'v' THEN 'view:'
      WHEN 'm' THEN 'matview:' WHEN 'S' THEN 'sequence:' WHEN 'c' THEN 'composite:' ELSE 'index:' END
    || w.nspname || '.' || c.relname
  FROM pg_catalog.pg_class c JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c', 'i', 'I') AND c.oid NOT IN (SELECT oid FROM excluded)
  UNION ALL
  SELECT {0}, c.oid, a.attnum, 'column:' || w.nspname || '.' || c.relname || '.' || a.attname
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN wanted w ON w.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attislocal
    AND c.oid NOT IN (SELECT oid FROM excluded)
  UNION ALL
  SELECT {1}, t.oid, 0, CASE t.typtype WHEN 'e' THEN 'enum:' ELSE 'domain:' END || w.nspname || '.' || t.typname
  FROM pg_catalog.pg_type t JOIN wanted w ON w.oid = t.typnamespace WHERE t.typtype IN ('e', 'd')
  UNION ALL
  SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid, p.oid, 0,
    'function:' || w.nspname || '.' || p.proname || '(' || {3} || ')'
  FROM pg_catalog.pg_proc p JOIN wanted w ON w.oid = p.pronamespace
  UNION ALL
  SELECT {2}, k.oid, 0, 'constraint:' || w.nspname || '.' || c.relname || '.' || k.conname
  FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN wanted w ON w.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::pg_catalog.oid, g.oid, 0,
    'trigger:' || w.nspname || '.' || c.relname || '.' || g.tgname
  FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid JOIN wanted w ON w.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass::pg_catalog.oid, p.oid, 0,
    'policy:' || w.nspname || '.' || c.relname || '.' || p.polname
  FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN wanted w ON w.oid = c.relnamespace
), ids AS (
  SELECT s.classid, s.objid, s.objsubid, COALESCE(k.id, whole.id) AS id
  FROM step3 s
    LEFT JOIN keys k ON k.classid = s.nclass AND k.objid = s.nobj AND k.objsubid = s.nsub
    LEFT JOIN keys whole ON whole.classid = s.nclass AND whole.objid = s.nobj AND whole.objsubid = 0
)
SELECT pg_catalog.json_agg(e) FROM (
  SELECT DISTINCT f.id AS "from", t.id AS "to"
  FROM deps d
    JOIN ids f ON f.classid = d.classid AND f.objid = d.objid AND f.objsubid = d.objsubid
    JOIN ids t ON t.classid = d.refclassid AND t.objid = d.refobjid AND t.objsubid = d.refobjsubid
  WHERE f.id IS NOT NULL AND t.id IS NOT NULL AND f.id <> t.id) e)",
                     pg_class, pg_type, pg_constraint, function_arguments("p", "w.nspname"));
  // k_prefix ends the WITH list's first two members; the rest continue it
  std::string prefix(k_prefix);
  prefix.erase(prefix.find_last_not_of(" \n") + 1);
  return prefix + sql;
}

/// The catalog queries, in the order read() takes their results.
enum Query : std::size_t {
  q_schemas, q_types, q_sequences, q_functions, q_tables, q_views, q_indexes, q_triggers_and_policies,
  q_unsupported, q_dependencies, q_count
};
static_assert(q_count == PgIntrospector::k_catalog_queries);

std::vector<std::string> catalog_queries(const Server& server) {
  std::vector<std::string> out(q_count);
  out[q_schemas] = schemas_query();
  out[q_types] = types_query();
  out[q_sequences] = sequences_query();
  out[q_functions] = functions_query();
  out[q_tables] = tables_query(server.version);
  out[q_views] = views_query();
  out[q_indexes] = indexes_query();
  out[q_triggers_and_policies] = triggers_and_policies_query();
  out[q_unsupported] = unsupported_query(server);
  out[q_dependencies] = dependencies_query();
  return out;
}

/// A text[] parameter: {"a","b"} with quotes and backslashes escaped.
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

// ---------------------------------------------------------------------------------------------
// Reading the JSON

const json& field(const json& o, const char* key) {
  static const json null_value;
  if (!o.is_object()) return null_value;
  auto it = o.find(key);
  return it == o.end() ? null_value : *it;
}

std::string text(const json& o, const char* key) {
  const auto& v = field(o, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

bool flag(const json& o, const char* key) {
  const auto& v = field(o, key);
  return v.is_boolean() && v.get<bool>();
}

char letter(const json& o, const char* key) {
  auto s = text(o, key);
  return s.empty() ? 0 : s[0];
}

std::vector<std::string> texts(const json& o, const char* key) {
  std::vector<std::string> out;
  const auto& v = field(o, key);
  if (!v.is_array()) return out;
  for (const auto& item : v) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

/// Sorted, for reloptions: WITH (a=1, b=2) and WITH (b=2, a=1) make the same table.
std::vector<std::string> sorted_texts(const json& o, const char* key) {
  auto out = texts(o, key);
  std::sort(out.begin(), out.end());
  return out;
}

/// A query's rows: nothing when json_agg saw none (NULL).
const json& rows_of(const json& j) {
  static const json empty = json::array();
  return j.is_array() ? j : empty;
}

/// The elements of an array field; nothing when it is null (json_agg of no rows).
const json& items(const json& o, const char* key) {
  static const json empty = json::array();
  const auto& v = field(o, key);
  return v.is_array() ? v : empty;
}

schema::Privileges privileges(const json& o, bool wanted) {
  schema::Privileges p;
  if (!wanted) return p;
  p.owner = text(o, "owner");
  p.acl = texts(o, "acl");
  std::sort(p.acl.begin(), p.acl.end());
  return p;
}

json parse_result(const std::vector<Row>& rows, std::string_view what) {
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return json();
  try {
    return json::parse(*rows[0][0]);
  } catch (const json::exception& e) {
    throw Error(ErrorCode::internal, fmt::format("the catalog query for {} returned JSON that does not parse: {}", what, e.what()));
  }
}

/// Identity options that differ from the defaults of a sequence of the column's type, in the
/// order CREATE SEQUENCE takes them: "START WITH 100 INCREMENT BY 5".
std::string identity_options(const json& seq) {
  if (!seq.is_object()) return {};
  const auto type = text(seq, "type");
  long long type_min = std::numeric_limits<long long>::min(), type_max = std::numeric_limits<long long>::max();
  if (type == "smallint") {
    type_min = -32768;
    type_max = 32767;
  } else if (type == "integer") {
    type_min = -2147483648LL;
    type_max = 2147483647LL;
  }
  auto number = [&](const char* key) {
    try {
      return std::stoll(text(seq, key));
    } catch (const std::exception&) {
      throw Error(ErrorCode::internal, fmt::format("identity sequence {} is not a number: {}", key, seq.dump()));
    }
  };
  const long long start = number("start"), increment = number("increment"), min = number("min"), max = number("max"),
                  cache = number("cache");
  const bool ascending = increment > 0;
  std::vector<std::string> out;
  if (start != (ascending ? min : max)) out.push_back(fmt::format("START WITH {}", start));
  if (increment != 1) out.push_back(fmt::format("INCREMENT BY {}", increment));
  if (min != (ascending ? 1 : type_min)) out.push_back(fmt::format("MINVALUE {}", min));
  if (max != (ascending ? type_max : -1)) out.push_back(fmt::format("MAXVALUE {}", max));
  if (cache != 1) out.push_back(fmt::format("CACHE {}", cache));
  if (flag(seq, "cycle")) out.push_back("CYCLE");
  return fmt::format("{}", fmt::join(out, " "));
}

std::string storage_name(const std::string& code) {
  if (code == "p") return "plain";
  if (code == "e") return "external";
  if (code == "x") return "extended";
  if (code == "m") return "main";
  return code;
}

std::string compression_name(const std::string& code) {
  if (code == "p") return "pglz";
  if (code == "l") return "lz4";
  return code;
}

/// CREATE AGGREGATE from pg_aggregate, with the options pg_dump writes (those at their defaults left out).
std::string aggregate_definition(const json& f) {
  const auto& g = field(f, "aggregate");
  auto args = text(g, "arguments");
  const char kind = letter(g, "kind");
  const std::string default_modify = kind == 'n' ? "r" : "w";
  auto modify = [](const std::string& code) {
    return code == "r" ? "READ_ONLY" : code == "s" ? "SHAREABLE" : "READ_WRITE";
  };
  std::vector<std::string> opts;
  auto add = [&](const char* option, const std::string& value) {
    if (!value.empty()) opts.push_back(fmt::format("{} = {}", option, value));
  };
  add("SFUNC", text(g, "sfunc"));
  add("STYPE", text(g, "stype"));
  if (text(g, "sspace") != "0") add("SSPACE", text(g, "sspace"));
  add("FINALFUNC", text(g, "finalfunc"));
  if (flag(g, "finalextra")) opts.emplace_back("FINALFUNC_EXTRA");
  if (!text(g, "finalfunc").empty() && text(g, "finalmodify") != default_modify) {
    add("FINALFUNC_MODIFY", modify(text(g, "finalmodify")));
  }
  add("COMBINEFUNC", text(g, "combinefunc"));
  add("SERIALFUNC", text(g, "serialfunc"));
  add("DESERIALFUNC", text(g, "deserialfunc"));
  add("INITCOND", text(g, "initcond"));
  if (!text(g, "msfunc").empty()) {
    add("MSFUNC", text(g, "msfunc"));
    add("MINVFUNC", text(g, "minvfunc"));
    add("MSTYPE", text(g, "mstype"));
    if (text(g, "msspace") != "0") add("MSSPACE", text(g, "msspace"));
    add("MFINALFUNC", text(g, "mfinalfunc"));
    if (flag(g, "mfinalextra")) opts.emplace_back("MFINALFUNC_EXTRA");
    if (!text(g, "mfinalfunc").empty() && text(g, "mfinalmodify") != default_modify) {
      add("MFINALFUNC_MODIFY", modify(text(g, "mfinalmodify")));
    }
    add("MINITCOND", text(g, "minitcond"));
  }
  add("SORTOP", text(g, "sortop"));
  if (kind == 'h') opts.emplace_back("HYPOTHETICAL");
  const auto parallel = text(g, "parallel");
  if (parallel == "s") add("PARALLEL", "SAFE");
  if (parallel == "r") add("PARALLEL", "RESTRICTED");
  return fmt::format("CREATE OR REPLACE AGGREGATE {}({}) (\n    {}\n)", text(f, "qualified"), args.empty() ? "*" : args,
                     fmt::join(opts, ",\n    "));
}

void read_schemas(const json& j, schema::Database& db, bool with_privileges) {
  for (const auto& s : items(j, "schemas")) {
    db.schemas.push_back({text(s, "name"), text(s, "comment"), privileges(s, with_privileges)});
  }
  for (const auto& e : items(j, "extensions")) {
    db.extensions.push_back({text(e, "name"), text(e, "schema"), text(e, "version"), text(e, "comment")});
  }
}

void read_types(const json& j, schema::Database& db, bool with_privileges) {
  for (const auto& e : items(j, "enums")) {
    db.enums.push_back({text(e, "schema"), text(e, "name"), texts(e, "labels"), text(e, "comment"),
                        privileges(e, with_privileges)});
  }
  for (const auto& d : items(j, "domains")) {
    schema::Domain domain;
    domain.schema = text(d, "schema");
    domain.name = text(d, "name");
    domain.base_type = text(d, "base_type");
    domain.not_null = flag(d, "not_null");
    domain.default_expr = text(d, "default_expr");
    domain.collation = text(d, "collation");
    for (const auto& k : items(d, "constraints")) {
      domain.constraints.push_back({text(k, "name"), text(k, "definition"), flag(k, "validated"), text(k, "comment")});
    }
    domain.comment = text(d, "comment");
    domain.privileges = privileges(d, with_privileges);
    db.domains.push_back(std::move(domain));
  }
  for (const auto& c : items(j, "composites")) {
    schema::CompositeType type;
    type.schema = text(c, "schema");
    type.name = text(c, "name");
    for (const auto& a : items(c, "attributes")) {
      type.attributes.push_back({text(a, "name"), text(a, "type"), text(a, "collation")});
    }
    type.comment = text(c, "comment");
    type.privileges = privileges(c, with_privileges);
    db.composite_types.push_back(std::move(type));
  }
}

void read_sequences(const json& j, schema::Database& db, bool with_privileges) {
  for (const auto& s : rows_of(j)) {
    schema::Sequence seq;
    seq.schema = text(s, "schema");
    seq.name = text(s, "name");
    seq.data_type = text(s, "data_type");
    seq.start = text(s, "start");
    seq.increment = text(s, "increment");
    seq.min_value = text(s, "min_value");
    seq.max_value = text(s, "max_value");
    seq.cache = text(s, "cache");
    seq.cycle = flag(s, "cycle");
    seq.owned_by_table = text(s, "owned_by_table");
    seq.owned_by_column = text(s, "owned_by_column");
    seq.comment = text(s, "comment");
    seq.privileges = privileges(s, with_privileges);
    db.sequences.push_back(std::move(seq));
  }
}

/// A function's body and language, for the references pg_depend cannot see.
struct Body {
  std::string id, schema, text, language, arguments, result;
};

void read_functions(const json& j, schema::Database& db, bool with_privileges, std::vector<Body>& bodies) {
  for (const auto& f : rows_of(j)) {
    schema::Function fn;
    fn.schema = text(f, "schema");
    fn.name = text(f, "name");
    fn.arguments = text(f, "arguments");
    fn.kind = letter(f, "kind");
    fn.result = text(f, "result");
    fn.definition = fn.kind == 'a' ? aggregate_definition(f) : text(f, "definition");
    fn.language = text(f, "language");
    fn.comment = text(f, "comment");
    fn.privileges = privileges(f, with_privileges);
    if (fn.kind != 'a' && (fn.language == "sql" || fn.language == "plpgsql")) {
      bodies.push_back({schema::id(fn), fn.schema, text(f, "body"), fn.language, text(f, "argument_list"), fn.result});
    }
    db.functions.push_back(std::move(fn));
  }
}

void read_tables(const json& j, schema::Database& db, bool with_privileges) {
  for (const auto& t : rows_of(j)) {
    schema::Table table;
    table.schema = text(t, "schema");
    table.name = text(t, "name");
    table.unlogged = flag(t, "unlogged");
    table.partition_key = text(t, "partition_key");
    table.partition_of = text(t, "partition_of");
    table.partition_bound = text(t, "partition_bound");
    table.inherits = texts(t, "inherits");
    table.options = sorted_texts(t, "options");
    for (const auto& a : items(t, "columns")) {
      schema::Column column;
      column.name = text(a, "name");
      column.type = text(a, "type");
      column.not_null = flag(a, "not_null");
      column.default_expr = text(a, "default_expr");
      column.identity = letter(a, "identity");
      if (column.identity != 0) column.identity_options = identity_options(field(a, "identity_sequence"));
      column.generated = text(a, "generated");
      column.collation = text(a, "collation");
      column.storage = storage_name(text(a, "storage"));
      column.compression = compression_name(text(a, "compression"));
      column.comment = text(a, "comment");
      table.columns.push_back(std::move(column));
    }
    for (const auto& k : items(t, "constraints")) {
      table.constraints.push_back({text(k, "name"), letter(k, "type"), text(k, "definition"), flag(k, "validated"),
                                   text(k, "references"), text(k, "comment")});
    }
    table.row_security = flag(t, "row_security");
    table.force_row_security = flag(t, "force_row_security");
    table.comment = text(t, "comment");
    table.privileges = privileges(t, with_privileges);
    db.tables.push_back(std::move(table));
  }
}

void read_views(const json& j, schema::Database& db, bool with_privileges) {
  for (const auto& v : rows_of(j)) {
    schema::View view;
    view.schema = text(v, "schema");
    view.name = text(v, "name");
    view.materialized = flag(v, "materialized");
    view.definition = text(v, "definition");
    view.columns = texts(v, "columns");
    view.options = sorted_texts(v, "options");
    const auto& comments = field(v, "column_comments");
    if (comments.is_object()) {
      for (const auto& [column, comment] : comments.items()) {
        if (comment.is_string()) view.column_comments[column] = comment.get<std::string>();
      }
    }
    view.comment = text(v, "comment");
    view.privileges = privileges(v, with_privileges);
    db.views.push_back(std::move(view));
  }
}

void read_rest(const std::vector<json>& r, schema::Database& db) {
  for (const auto& i : rows_of(r[q_indexes])) {
    db.indexes.push_back({text(i, "schema"), text(i, "name"), text(i, "table"), text(i, "definition"), text(i, "comment")});
  }
  for (const auto& t : items(r[q_triggers_and_policies], "triggers")) {
    db.triggers.push_back({text(t, "schema"), text(t, "table"), text(t, "name"), text(t, "definition"),
                           letter(t, "enabled"), text(t, "comment")});
  }
  for (const auto& p : items(r[q_triggers_and_policies], "policies")) {
    db.policies.push_back({text(p, "schema"), text(p, "table"), text(p, "name"), flag(p, "permissive"),
                           text(p, "command"), texts(p, "roles"), text(p, "using_expr"), text(p, "check_expr"),
                           text(p, "comment")});
  }
  for (const auto& u : rows_of(r[q_unsupported])) {
    db.unsupported.push_back({text(u, "kind"), text(u, "name")});
  }
}

// ---------------------------------------------------------------------------------------------
// Dependencies

/// Every id the model holds: edges to anything else (system objects, objects left out) are dropped.
std::set<std::string> model_ids(const schema::Database& db) {
  std::set<std::string> ids;
  for (const auto& o : db.schemas) ids.insert(schema::id(o));
  for (const auto& o : db.extensions) ids.insert(schema::id(o));
  for (const auto& o : db.enums) ids.insert(schema::id(o));
  for (const auto& o : db.domains) ids.insert(schema::id(o));
  for (const auto& o : db.composite_types) ids.insert(schema::id(o));
  for (const auto& o : db.sequences) ids.insert(schema::id(o));
  for (const auto& o : db.functions) ids.insert(schema::id(o));
  for (const auto& t : db.tables) {
    ids.insert(schema::id(t));
    for (const auto& c : t.columns) ids.insert(schema::column_id(t, c));
    for (const auto& k : t.constraints) ids.insert(schema::constraint_id(t, k));
  }
  for (const auto& o : db.indexes) ids.insert(schema::id(o));
  for (const auto& o : db.views) ids.insert(schema::id(o));
  for (const auto& o : db.triggers) ids.insert(schema::id(o));
  for (const auto& o : db.policies) ids.insert(schema::id(o));
  return ids;
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

void read_dependencies(const json& j, const std::vector<Body>& bodies, schema::Database& db) {
  const auto ids = model_ids(db);
  for (const auto& d : rows_of(j)) {
    auto from = text(d, "from"), to = text(d, "to");
    if (from != to && ids.count(from) != 0 && ids.count(to) != 0) db.dependencies.push_back({from, to, false});
  }
  // pg_depend cannot see inside a function body (plpgsql never, sql only for BEGIN ATOMIC bodies)
  const NameIndex names(db);
  for (const auto& body : bodies) {
    for (const auto& name : pgquery::referenced_names(body.text, body.language, body.arguments, body.result)) {
      for (const auto& target : names.resolve(name, body.schema)) {
        if (target != body.id) db.dependencies.push_back({body.id, target, true});
      }
    }
  }
}

} // namespace

schema::Database PgIntrospector::read(const IntrospectOptions& options) {
  // Whether the caller is inside a transaction: then two statements see the same virtual
  // transaction id. (A session's transaction status is not visible from SQL, and
  // statement_timestamp() differs from transaction_timestamp() under the extended protocol anyway.)
  const std::string own_transaction = "(SELECT l.virtualtransaction FROM pg_catalog.pg_locks l WHERE l.pid = "
                                      "pg_catalog.pg_backend_pid() AND l.locktype = 'virtualxid' LIMIT 1)";
  auto first = m_connection.query(
      "SELECT pg_catalog.current_setting('server_version_num'), " + own_transaction +
          ", pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subname', 'SELECT') "
          "AND pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subdbid', 'SELECT')",
      {});
  auto second = m_connection.query("SELECT " + own_transaction, {});
  schema::Database db;
  db.server_version = std::stoi(first.at(0).at(0).value_or("0"));
  const Server server{db.server_version, first.at(0).at(2) == "t"};
  if (db.server_version < 130000) {
    throw Error(ErrorCode::refused, fmt::format("reading the schema needs PostgreSQL 13 or later; the server is {}",
                                                db.server_version));
  }
  const bool nested = first.at(0).at(1).has_value() && first.at(0).at(1) == second.at(0).at(0);

  const std::vector<Value> params{text_array(options.schemas), text_array(options.exclude_tables)};
  std::vector<BatchStatement> batch;
  batch.push_back({nested ? fmt::format("SAVEPOINT {}", k_savepoint) : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}});
  batch.push_back({std::string(k_settings), {}});
  for (auto& sql : catalog_queries(server)) batch.push_back({std::move(sql), params});
  if (nested) {
    batch.push_back({fmt::format("ROLLBACK TO SAVEPOINT {}", k_savepoint), {}});
    batch.push_back({fmt::format("RELEASE SAVEPOINT {}", k_savepoint), {}});
  } else {
    batch.push_back({"COMMIT", {}});
  }

  std::vector<std::vector<Row>> results;
  try {
    results = m_connection.query_batch(batch);
  } catch (const Error&) {
    // A failed pipeline leaves our transaction (or savepoint) open and aborted: close it.
    try {
      m_connection.execute(nested ? fmt::format("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", k_savepoint)
                                  : std::string("ROLLBACK"));
    } catch (const Error&) {  // the connection is gone: the server has already rolled back
    }
    throw;
  }

  static constexpr const char* k_names[] = {"schemas", "types", "sequences", "functions", "tables", "views",
                                            "indexes", "triggers and policies", "unsupported objects", "dependencies"};
  static_assert(std::size(k_names) == q_count);
  std::vector<json> r;
  for (std::size_t i = 0; i < q_count; ++i) r.push_back(parse_result(results.at(2 + i), k_names[i]));

  db.privileges_read = options.privileges;
  read_schemas(r[q_schemas], db, options.privileges);
  read_types(r[q_types], db, options.privileges);
  read_sequences(r[q_sequences], db, options.privileges);
  std::vector<Body> bodies;
  read_functions(r[q_functions], db, options.privileges, bodies);
  read_tables(r[q_tables], db, options.privileges);
  read_views(r[q_views], db, options.privileges);
  read_rest(r, db);
  read_dependencies(r[q_dependencies], bodies, db);
  schema::canonicalize(db);
  return db;
}

} // namespace retort
