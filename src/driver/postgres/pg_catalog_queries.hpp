// driver/postgres/pg_catalog_queries.hpp — the SQL text of the introspector's catalog queries, and
// where each column of their rows is.
//
// Every query returns plain rows, one per object (or per column, constraint, dependency), read as
// text: no JSON, no aggregation into nested values. Each object's row carries its oid, so that the
// raw pg_depend rows of the `dependencies` query can be resolved to model ids in C++
// (pg_dependencies.hpp). Definitions are printed by the server (pg_get_indexdef, pg_get_expr, …).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retort::pg {

/// What the query texts depend on, read before the batch.
struct ServerFacts {
  int version = 0;                  ///< server_version_num
  bool reads_subscriptions = false; ///< whether this role may read pg_subscription's subname and subdbid
};

/// The catalog queries: their number does not grow with the schema (two sessions reading at once
/// send three of them in two halves: 12 statements).
enum class Catalog : std::size_t {
  schemas,                ///< schemas, extensions, default privileges
  types,                  ///< enums, domains, composite types
  functions,              ///< functions, procedures, aggregates (with their pg_aggregate options)
  relations,              ///< tables, views, materialized views, sequences (extensions' too: see pg_catalog_model.cpp)
  columns,                ///< the attributes of tables, views and composite types
  constraints,            ///< table and domain constraints
  table_objects,          ///< indexes no constraint owns, triggers, policies
  unsupported,            ///< objects the model does not cover
  dependencies,           ///< raw pg_depend rows
  count
};
inline constexpr std::size_t k_catalog_count = static_cast<std::size_t>(Catalog::count);

/// Every catalog query, in order.
std::array<Catalog, k_catalog_count> all_catalogs();
/// "tables, views", … for messages; each query's text also starts with /* retort catalog: NAME */.
std::string_view catalog_name(Catalog query);
/// Which relations a query reads: all of them, or one half (the relations below the median
/// relation oid, or the rest). Two sessions reading at once each take a half of the queries that
/// cost per relation (splits_in_halves), so that each reads the catalog pages of, and opens, its
/// own relations only: a new backend pays for every catalog page it touches the first time.
enum class Half { whole, low, high };
/// Whether the query can read a Half (columns, constraints, table objects): the other queries
/// read Half::whole only.
bool splits_in_halves(Catalog query);

/// The query's text. Every query but `dependencies` takes $1, the schemas to read (text[]; empty:
/// all but the system ones); those that read tables (leaves_out_tables) also $2, the oids of the
/// tables to leave out (oid[], from read_facts_sql()); a half also $3, the relation oid between
/// the halves (read_facts_sql()). Domain constraints come with the whole or the low half.
std::string catalog_sql(Catalog query, const ServerFacts& server, Half half = Half::whole);
/// Whether the query takes $1.
bool takes_filters(Catalog query);
/// Whether the query takes $2.
bool leaves_out_tables(Catalog query);

/// What the queries of one read need, read once in the transaction's opening batch (a second
/// session shares the snapshot, so the values hold for it too): $1 the schemas to read and $2 the
/// tables to leave out by name ("schema.table" or "table"), both text[]; one row of
/// col_read_facts. Each query used to work the tables and the median out itself: a scan of
/// pg_class per query and a median per half, 1–2 ms of a new backend's time each.
std::string_view read_facts_sql();
namespace col_read_facts {
/// subscriptions_readable: whether this role may read pg_subscription's subname and subdbid (the
/// unsupported-objects query lists subscriptions only then: PostgreSQL 13 grants ordinary roles
/// neither). excluded: the oids of the tables left out (an oid[] literal). split: the median oid
/// of the relations made after initdb, which divides them into two halves of the same size (0
/// when there are none: the low half is then empty). Relations made together have neighbouring
/// oids and their catalog rows (attributes, defaults, constraints, indexes, triggers) lie in
/// neighbouring pages, so each session reads, and warms, about half of each catalog's pages and
/// opens (for pg_get_indexdef, pg_get_constraintdef) only its own relations.
enum : std::size_t { subscriptions_readable, excluded, split, count };
}

/// Settings for the reading transaction only (set_config(…, true)): every name printed
/// schema-qualified (search_path ''), constants printed the same whatever the session's settings
/// (as pg_dump), and no nested loops: on catalogs without fresh statistics (a schema just loaded,
/// a scratch database) the planner's nested loops made a 200-table read 10–19 times slower. No JIT
/// either: a plan that must keep a nested loop costs more than jit_above_cost with enable_nestloop
/// off, and compiling it took 0.4 s for a query that runs in 0.07 s.
std::string_view settings_sql();

/// A text[] parameter: {"a","b"} with quotes and backslashes escaped.
std::string text_array(const std::vector<std::string>& items);

// Column positions of each query's rows.
namespace col_schemas {
enum : std::size_t { kind, oid, name, schema, version, comment, owner, acl, count };
}
namespace col_types {
enum : std::size_t { kind, oid, relid, schema, name, labels, base_type, not_null, default_expr, collation, comment, owner,
                     acl, count };
}
namespace col_functions {
enum : std::size_t { oid, schema, name, arguments, kind, result, definition, language, body, argument_list, comment, owner,
                     acl, qualified, agg_kind, sfunc, stype, sspace, finalfunc, finalextra, finalmodify, combinefunc,
                     serialfunc, deserialfunc, initcond, msfunc, minvfunc, mstype, msspace, mfinalfunc, mfinalextra,
                     mfinalmodify, minitcond, sortop, parallel, count };
}
namespace col_relations {
enum : std::size_t { oid, kind, schema, name, unlogged, partition_key, partition_of, partition_bound, inherits, options,
                     row_security, force_row_security, view_definition, data_type, start, increment, min_value,
                     max_value, cache, cycle, comment, owner, acl, count };
}
namespace col_columns {
enum : std::size_t { relid, number, name, type, not_null, local, attrdef, default_expr, identity, identity_sequence, generated,
                     collation, storage, compression, comment, acl, count };
}
namespace col_constraints {
enum : std::size_t { oid, relid, typid, name, type, definition, validated, references, comment, count };
}
namespace col_table_objects {
/// kind: 'i' index, 't' trigger, 'p' policy; table: an index's "schema.name", a trigger's or a
/// policy's table name alone.
enum : std::size_t { kind, oid, relid, schema, table, name, definition, enabled, permissive, command, roles,
                     using_expr, check_expr, comment, count };
}
namespace col_unsupported {
/// The object's catalog and oid (0 where it has none readable), and the relation it belongs to (0: none).
enum : std::size_t { kind, name, classid, oid, relid, count };
}
namespace col_dependencies {
enum : std::size_t { classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype, count };
}

/// The number of columns each query returns.
std::size_t column_count(Catalog query);

} // namespace retort::pg
