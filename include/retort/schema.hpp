// retort/schema.hpp — a database schema as plain values: what introspection reads, what diff compares.
//
// Every definition that the server can print is kept as the server prints it (pg_get_indexdef,
// pg_get_constraintdef, pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef, pg_get_expr,
// format_type), never as SQL of our own making: two schemas are equal when the server prints
// them the same way. Names are unquoted; renderers quote them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace retort::schema {

/// The kinds of object the model holds, for ids, hazards and messages.
enum class Kind {
  schema, extension, enum_type, domain, composite_type, sequence, function, table, column,
  constraint, index, view, materialized_view, trigger, policy,
};
/// "table", "materialized view", … as a person reads it.
const char* kind_name(Kind kind);

/// Who may do what, when privileges are asked for (IntrospectOptions::privileges).
struct Privileges {
  std::string owner;
  std::vector<std::string> acl;  ///< aclitem texts as the server prints them, sorted; empty: the defaults
  bool operator==(const Privileges&) const = default;
};

struct SchemaNamespace {
  std::string name;
  std::string comment;
  Privileges privileges;
  bool operator==(const SchemaNamespace&) const = default;
};

struct Extension {
  std::string name;
  std::string schema;   ///< where its objects live
  std::string version;
  std::string comment;
  bool operator==(const Extension&) const = default;
};

struct EnumType {
  std::string schema, name;
  std::vector<std::string> labels;  ///< in sort order
  std::string comment;
  Privileges privileges;
  bool operator==(const EnumType&) const = default;
};

/// A CHECK (or NOT NULL) constraint of a domain.
struct DomainConstraint {
  std::string name;
  std::string definition;  ///< pg_get_constraintdef, e.g. "CHECK ((VALUE > 0))"
  bool validated = true;
  std::string comment;
  bool operator==(const DomainConstraint&) const = default;
};

struct Domain {
  std::string schema, name;
  std::string base_type;       ///< format_type, e.g. "character varying(100)"
  bool not_null = false;
  std::string default_expr;    ///< empty: none
  std::string collation;       ///< qualified, empty: the base type's
  std::vector<DomainConstraint> constraints;  ///< by name
  std::string comment;
  Privileges privileges;
  bool operator==(const Domain&) const = default;
};

struct CompositeAttribute {
  std::string name, type, collation;
  bool operator==(const CompositeAttribute&) const = default;
};

struct CompositeType {
  std::string schema, name;
  std::vector<CompositeAttribute> attributes;  ///< in order
  std::string comment;
  Privileges privileges;
  bool operator==(const CompositeType&) const = default;
};

/// A sequence that is not an identity column's (those belong to their column).
struct Sequence {
  std::string schema, name;
  std::string data_type = "bigint";
  std::string start, increment, min_value, max_value, cache;  ///< as the catalog prints them
  bool cycle = false;
  std::string owned_by_table;   ///< OWNED BY schema.table.column (empty: none)
  std::string owned_by_column;
  std::string comment;
  Privileges privileges;
  bool operator==(const Sequence&) const = default;
};

struct Column {
  std::string name;
  std::string type;            ///< format_type, with modifiers
  bool not_null = false;
  std::string default_expr;    ///< pg_get_expr; empty: none (and for identity and generated columns)
  char identity = 0;           ///< 0, 'a' (ALWAYS) or 'd' (BY DEFAULT)
  /// The identity sequence's options as "INCREMENT BY 1 MINVALUE 1 …" pieces that differ from the defaults.
  std::string identity_options;
  std::string generated;       ///< STORED generation expression; empty: not generated
  std::string collation;       ///< qualified; empty: the type's default
  std::string storage;         ///< "plain", "external", "extended", "main" when not the type's default
  std::string compression;     ///< "pglz", "lz4"; empty: the default
  std::string comment;
  std::vector<std::string> acl;///< column grants (GRANT SELECT (c) …) as aclitem texts, sorted; privileges only
  bool operator==(const Column&) const = default;
};

/// A table constraint: primary key ('p'), foreign key ('f'), unique ('u'), check ('c'), exclusion ('x').
struct Constraint {
  std::string name;
  char type = 'c';
  std::string definition;      ///< pg_get_constraintdef, e.g. "FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE"
  bool validated = true;       ///< false: added NOT VALID and not validated since
  std::string references;      ///< foreign keys: the referenced table, "schema.name"
  std::string comment;
  bool operator==(const Constraint&) const = default;
};

struct Table {
  std::string schema, name;
  bool unlogged = false;
  std::string partition_key;   ///< pg_get_partkeydef for a partitioned table ("RANGE (created_at)"); empty otherwise
  std::string partition_of;    ///< the parent "schema.name" of a partition; empty otherwise
  std::string partition_bound; ///< "FOR VALUES FROM (…) TO (…)", "DEFAULT"
  std::vector<std::string> inherits;  ///< parents by inheritance, "schema.name", in order
  std::vector<std::string> options;   ///< reloptions, "fillfactor=70"
  std::vector<Column> columns;        ///< local columns only (not those inherited from a parent), in order
  std::vector<Constraint> constraints;///< local constraints, by name
  bool row_security = false;
  bool force_row_security = false;
  std::string comment;
  Privileges privileges;
  bool operator==(const Table&) const = default;
};

/// An index that no constraint owns (those are the constraint's), on a table or materialized view.
struct Index {
  std::string schema, name;
  std::string table;           ///< "schema.name"
  std::string definition;      ///< pg_get_indexdef: "CREATE UNIQUE INDEX i ON s.t USING btree (a) INCLUDE (b) WHERE …"
  std::string comment;
  bool operator==(const Index&) const = default;
};

struct View {
  std::string schema, name;
  bool materialized = false;
  std::string definition;      ///< pg_get_viewdef
  std::vector<std::string> columns;      ///< "name type", in order: a change other than appending means recreation
  std::vector<std::string> options;      ///< reloptions: "check_option=local", "security_barrier=true"
  std::map<std::string, std::string> column_comments;
  std::string comment;
  Privileges privileges;
  bool operator==(const View&) const = default;
};

/// A function, procedure or aggregate, identified by name and argument types.
struct Function {
  std::string schema, name;
  std::string arguments;       ///< argument types as regprocedure prints them: "integer,text" (part of the id)
  char kind = 'f';             ///< 'f' function, 'p' procedure, 'a' aggregate, 'w' window
  std::string result;          ///< pg_get_function_result (empty for procedures)
  std::string definition;      ///< pg_get_functiondef, or CREATE AGGREGATE for an aggregate
  std::string language;
  std::string comment;
  Privileges privileges;
  bool operator==(const Function&) const = default;
};

struct Trigger {
  std::string schema, table, name;  ///< the table's schema and name
  std::string definition;      ///< pg_get_triggerdef (CREATE [CONSTRAINT] TRIGGER …)
  char enabled = 'O';          ///< 'O' origin, 'D' disabled, 'R' replica, 'A' always
  std::string comment;
  bool operator==(const Trigger&) const = default;
};

struct Policy {
  std::string schema, table, name;
  bool permissive = true;
  std::string command = "ALL"; ///< ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles;  ///< sorted; {"public"} for everyone
  std::string using_expr;      ///< pg_get_expr; empty: none
  std::string check_expr;
  std::string comment;
  bool operator==(const Policy&) const = default;
};

/// An object the database holds that the model does not cover: diff refuses to call two schemas
/// equal while either has one (or says so, as data), rather than silently leaving it out.
struct UnsupportedObject {
  std::string kind;            ///< "foreign table", "rule", "operator", "event trigger", …
  std::string name;            ///< qualified where it has a schema
  bool operator==(const UnsupportedObject&) const = default;
};

/// "object id depends on object id": both ids as made by the id functions below.
struct Dependency {
  std::string from, to;
  bool soft = false;           ///< read from a function body, not pg_depend: broken first in a cycle
  bool operator==(const Dependency&) const = default;
};

/// A whole database's schema (the schemas that introspection was asked for).
/// ALTER DEFAULT PRIVILEGES: what objects a role creates from now on are granted (read with the
/// privileges). A global entry (no schema) replaces the built-in defaults; a schema's adds to them.
struct DefaultPrivileges {
  std::string role;            ///< whose new objects
  std::string schema;          ///< empty: in every schema
  char object_type = 'r';      ///< 'r' tables and views, 'S' sequences, 'f' routines, 'T' types, 'n' schemas
  std::vector<std::string> acl;///< aclitem texts as the server prints them, sorted
  bool operator==(const DefaultPrivileges&) const = default;
};

struct Database {
  int server_version = 0;      ///< server_version_num, e.g. 150004
  std::vector<SchemaNamespace> schemas;
  std::vector<Extension> extensions;
  std::vector<EnumType> enums;
  std::vector<Domain> domains;
  std::vector<CompositeType> composite_types;
  std::vector<Sequence> sequences;
  std::vector<Function> functions;
  std::vector<Table> tables;
  std::vector<Index> indexes;
  std::vector<View> views;
  std::vector<Trigger> triggers;
  std::vector<Policy> policies;
  std::vector<UnsupportedObject> unsupported;
  std::vector<Dependency> dependencies;  ///< sorted, unique
  bool privileges_read = false;          ///< whether owners and grants were read
  std::vector<DefaultPrivileges> default_privileges;  ///< by role, schema and object type
};

/// Object ids: "<prefix>:<qualified name>", unique in a Database and stable across databases:
///   schema:s  extension:e  enum:s.n  domain:s.n  composite:s.n  sequence:s.n  function:s.f(integer,text)
///   table:s.t  column:s.t.c  constraint:s.t.c (a domain's: constraint:s.domain.c)  index:s.i
///   view:s.v  matview:s.v  trigger:s.t.g  policy:s.t.p
/// Functions, procedures and aggregates share "function:" (one namespace in PostgreSQL).
std::string id(Kind kind, const std::string& schema, const std::string& name);
std::string id(const SchemaNamespace& o);
std::string id(const Extension& o);
std::string id(const EnumType& o);
std::string id(const Domain& o);
std::string id(const CompositeType& o);
std::string id(const Sequence& o);
std::string id(const Function& o);   ///< "function:s.f(integer, text)"
std::string id(const Table& o);
std::string column_id(const Table& table, const Column& column);
std::string constraint_id(const Table& table, const Constraint& constraint);
std::string id(const Index& o);
std::string id(const View& o);
std::string id(const Trigger& o);
std::string id(const Policy& o);

/// Sorts every list by name (columns keep their order) so that equal schemas are equal values.
void canonicalize(Database& db);

} // namespace retort::schema
