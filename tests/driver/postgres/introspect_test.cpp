// The PostgreSQL introspector (src/driver/postgres/pg_introspect.cpp) against the run's real
// PostgreSQL: each object family created, read back and checked field by field; what is left out
// (extension members, excluded tables, other schemas); unsupported objects; dependencies; the
// caller's session; the number of queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "driver/postgres/pg_introspect.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"
#include "retort/introspect.hpp"
#include "support/counting_connection.hpp"
#include "support/postgres.hpp"

namespace retort {
namespace {

using test::CountingConnection;
using schema::Database;

class IntrospectPostgres : public ::testing::Test {
protected:
  void SetUp() override {
    m_url = test::fresh_database();
    m_db = connect(m_url);
  }

  void run(const std::string& sql) { m_db->execute(sql); }
  std::string scalar(const std::string& sql) { return m_db->query(sql, {}).at(0).at(0).value_or(""); }
  Database read(const IntrospectOptions& options = {}) { return introspector_for(*m_db)->read(options); }
  /// A role of this test's own (roles are shared by the whole cluster).
  std::string role(const std::string& suffix) {
    auto name = test::database_name(m_url) + "_" + suffix;
    run(fmt::format("DO $$ BEGIN CREATE ROLE {}; EXCEPTION WHEN duplicate_object THEN NULL; END $$", name));
    return name;
  }

  std::string m_url;
  std::unique_ptr<Connection> m_db;
};

template <typename T>
const T* find(const std::vector<T>& items, const std::string& id) {
  for (const auto& item : items) {
    if (schema::id(item) == id) return &item;
  }
  return nullptr;
}

const schema::Column* column(const schema::Table& table, const std::string& name) {
  for (const auto& c : table.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const schema::Constraint* constraint(const schema::Table& table, const std::string& name) {
  for (const auto& c : table.constraints) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<std::string> column_names(const schema::Table& table) {
  std::vector<std::string> out;
  for (const auto& c : table.columns) out.push_back(c.name);
  return out;
}

/// Whether `from` depends on `to`; soft: read from a function body.
bool depends(const Database& db, const std::string& from, const std::string& to, bool soft = false) {
  return std::any_of(db.dependencies.begin(), db.dependencies.end(),
                     [&](const schema::Dependency& d) { return d.from == from && d.to == to && d.soft == soft; });
}

bool has_unsupported(const Database& db, const std::string& kind, const std::string& name) {
  return std::any_of(db.unsupported.begin(), db.unsupported.end(),
                     [&](const schema::UnsupportedObject& u) { return u.kind == kind && u.name == name; });
}

std::set<std::string> all_ids(const Database& db) {
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

// ---------------------------------------------------------------------------------------------
// Object families

TEST_F(IntrospectPostgres, ReadsSchemasWithCommentsAndPrivilegesOnlyWhenAsked) {
  run("CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the application'; GRANT USAGE ON SCHEMA app TO PUBLIC");
  const auto owner = scalar("SELECT current_user");

  auto db = read();
  EXPECT_EQ(db.server_version, std::stoi(scalar("SHOW server_version_num")));
  EXPECT_FALSE(db.privileges_read);
  std::vector<std::string> names;
  for (const auto& s : db.schemas) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"app", "public"}));  // no pg_catalog, information_schema, pg_toast
  const auto* app = find(db.schemas, "schema:app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->comment, "the application");
  EXPECT_EQ(app->privileges, schema::Privileges{});

  auto with = read({.privileges = true});
  EXPECT_TRUE(with.privileges_read);
  app = find(with.schemas, "schema:app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->privileges.owner, owner);
  EXPECT_EQ(app->privileges.acl, (std::vector<std::string>{"=U/" + owner, owner + "=UC/" + owner}));
}

TEST_F(IntrospectPostgres, ReadsColumnGrantsAndDefaultPrivilegesOnlyWhenAsked) {
  const auto reader = role("reader");
  const auto owner = scalar("SELECT current_user");
  run("CREATE SCHEMA app; CREATE SCHEMA other; CREATE TABLE app.t (a int, b int)");
  run(fmt::format("GRANT SELECT (a), UPDATE (a) ON app.t TO {}", reader));
  run(fmt::format("ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO {}", reader));
  run(fmt::format("ALTER DEFAULT PRIVILEGES IN SCHEMA other GRANT USAGE ON SEQUENCES TO {}", reader));
  run("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC");

  auto plain = read();
  EXPECT_TRUE(plain.default_privileges.empty());
  EXPECT_TRUE(column(plain.tables.at(0), "a")->acl.empty());

  auto db = read({.schemas = {"app"}, .privileges = true});
  ASSERT_EQ(db.tables.size(), 1u);
  EXPECT_EQ(column(db.tables[0], "a")->acl, std::vector<std::string>{reader + "=rw/" + owner});
  EXPECT_TRUE(column(db.tables[0], "b")->acl.empty());
  // the database-wide entry and app's, not other's (a schema not read)
  ASSERT_EQ(db.default_privileges.size(), 2u);
  EXPECT_EQ(db.default_privileges[0].role, owner);
  EXPECT_EQ(db.default_privileges[0].schema, "");
  EXPECT_EQ(db.default_privileges[0].object_type, 'f');
  EXPECT_EQ(db.default_privileges[0].acl, std::vector<std::string>{owner + "=X/" + owner});
  EXPECT_EQ(db.default_privileges[1].schema, "app");
  EXPECT_EQ(db.default_privileges[1].object_type, 'r');
  EXPECT_EQ(db.default_privileges[1].acl, std::vector<std::string>{reader + "=r/" + owner});
}

TEST_F(IntrospectPostgres, ReadsExtensionsButNothingTheyOwn) {
  run("CREATE SCHEMA app; CREATE EXTENSION pgcrypto; CREATE EXTENSION citext SCHEMA app");
  run("CREATE FUNCTION public.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  auto db = read();

  ASSERT_EQ(db.extensions.size(), 2u);  // plpgsql lives in pg_catalog, which is not read
  const auto* crypto = find(db.extensions, "extension:pgcrypto");
  ASSERT_NE(crypto, nullptr);
  EXPECT_EQ(crypto->schema, "public");
  EXPECT_EQ(crypto->version, scalar("SELECT extversion FROM pg_extension WHERE extname = 'pgcrypto'"));
  EXPECT_EQ(crypto->comment, "cryptographic functions");
  const auto* citext = find(db.extensions, "extension:citext");
  ASSERT_NE(citext, nullptr);
  EXPECT_EQ(citext->schema, "app");

  ASSERT_EQ(db.functions.size(), 1u);  // not digest(), crypt(), citext's functions …
  EXPECT_EQ(schema::id(db.functions[0]), "function:public.mine()");
  EXPECT_TRUE(db.unsupported.empty()) << db.unsupported[0].kind << " " << db.unsupported[0].name;  // citext's type, casts, operators
}

TEST_F(IntrospectPostgres, ReadsEnumLabelsInSortOrder) {
  run("CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy')");
  run("ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'ok'");
  run("COMMENT ON TYPE public.mood IS 'feelings'");
  auto db = read();
  const auto* mood = find(db.enums, "enum:public.mood");
  ASSERT_NE(mood, nullptr);
  EXPECT_EQ(mood->labels, (std::vector<std::string>{"sad", "meh", "ok", "happy"}));
  EXPECT_EQ(mood->comment, "feelings");
}

TEST_F(IntrospectPostgres, ReadsDomainsWithDefaultCollationAndNamedChecks) {
  run("CREATE DOMAIN public.positive AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0)");
  run("CREATE DOMAIN public.code AS varchar(10) COLLATE \"C\" CHECK (length(VALUE) > 1)");
  run("ALTER DOMAIN public.code ADD CONSTRAINT code_upper CHECK (VALUE = upper(VALUE)) NOT VALID");
  run("COMMENT ON CONSTRAINT code_upper ON DOMAIN public.code IS 'shouting'");
  run("CREATE DOMAIN public.plain AS text COLLATE \"default\"");
  auto db = read();

  const auto* positive = find(db.domains, "domain:public.positive");
  ASSERT_NE(positive, nullptr);
  EXPECT_EQ(positive->base_type, "integer");
  EXPECT_TRUE(positive->not_null);
  EXPECT_EQ(positive->default_expr, "1");
  EXPECT_EQ(positive->collation, "");
  ASSERT_EQ(positive->constraints.size(), 1u);
  EXPECT_EQ(positive->constraints[0].name, "positive_check");
  EXPECT_EQ(positive->constraints[0].definition, "CHECK ((VALUE > 0))");

  const auto* code = find(db.domains, "domain:public.code");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->base_type, "character varying(10)");
  EXPECT_FALSE(code->not_null);
  EXPECT_EQ(code->default_expr, "");
  EXPECT_EQ(code->collation, "pg_catalog.\"C\"");
  ASSERT_EQ(code->constraints.size(), 2u);
  EXPECT_EQ(code->constraints[0].name, "code_check");
  EXPECT_TRUE(code->constraints[0].validated);
  EXPECT_EQ(code->constraints[1].name, "code_upper");
  EXPECT_EQ(code->constraints[1].definition, "CHECK (((VALUE)::text = upper((VALUE)::text))) NOT VALID");
  EXPECT_FALSE(code->constraints[1].validated);
  EXPECT_EQ(code->constraints[1].comment, "shouting");

  const auto* plain = find(db.domains, "domain:public.plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->collation, "");  // the base type's own collation is not repeated
}

TEST_F(IntrospectPostgres, ReadsOnlyFreeStandingCompositeTypes) {
  run("CREATE TYPE public.mood AS ENUM ('sad', 'happy')");
  run("CREATE TYPE public.pair AS (a integer, b text COLLATE \"C\", c public.mood, d numeric(8,2))");
  run("COMMENT ON TYPE public.pair IS 'two things'");
  run("CREATE TABLE public.t (a int)");  // its row type is the table's, not a composite type
  run("CREATE VIEW public.v AS SELECT 1 AS x");
  auto db = read();

  ASSERT_EQ(db.composite_types.size(), 1u);
  const auto& pair = db.composite_types[0];
  EXPECT_EQ(schema::id(pair), "composite:public.pair");
  EXPECT_EQ(pair.comment, "two things");
  EXPECT_EQ(pair.attributes, (std::vector<schema::CompositeAttribute>{{"a", "integer", ""},
                                                                    {"b", "text", "pg_catalog.\"C\""},
                                                                    {"c", "public.mood", ""},
                                                                    {"d", "numeric(8,2)", ""}}));
}

TEST_F(IntrospectPostgres, ReadsSequencesWithOwnerButNotIdentitySequences) {
  run("CREATE SEQUENCE public.counter AS integer START 10 INCREMENT 2 MINVALUE 5 MAXVALUE 1000 CACHE 3 CYCLE");
  run("COMMENT ON SEQUENCE public.counter IS 'counts'");
  run("CREATE TABLE public.t (id bigint GENERATED ALWAYS AS IDENTITY, n serial)");
  auto db = read();

  ASSERT_EQ(db.sequences.size(), 2u);  // not t_id_seq
  const auto* counter = find(db.sequences, "sequence:public.counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->data_type, "integer");
  EXPECT_EQ(counter->start, "10");
  EXPECT_EQ(counter->increment, "2");
  EXPECT_EQ(counter->min_value, "5");
  EXPECT_EQ(counter->max_value, "1000");
  EXPECT_EQ(counter->cache, "3");
  EXPECT_TRUE(counter->cycle);
  EXPECT_EQ(counter->owned_by_table, "");
  EXPECT_EQ(counter->comment, "counts");

  const auto* serial = find(db.sequences, "sequence:public.t_n_seq");
  ASSERT_NE(serial, nullptr);
  EXPECT_EQ(serial->max_value, "2147483647");
  EXPECT_FALSE(serial->cycle);
  EXPECT_EQ(serial->owned_by_table, "public.t");
  EXPECT_EQ(serial->owned_by_column, "n");
}

TEST_F(IntrospectPostgres, ReadsFunctionsProceduresAggregatesAndWindowFunctions) {
  run("CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'happy')");
  run("CREATE FUNCTION app.f(m app.mood, tags text[] DEFAULT '{}') RETURNS SETOF integer LANGUAGE sql STABLE "
      "AS $$ SELECT 1 $$");
  run("COMMENT ON FUNCTION app.f(app.mood, text[]) IS 'eff'");
  run("CREATE PROCEDURE app.p(n int) LANGUAGE plpgsql AS $$ BEGIN NULL; END $$");
  run("CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'");
  run("CREATE AGGREGATE app.total(integer) (SFUNC = app.add, STYPE = integer, INITCOND = '0', COMBINEFUNC = app.add, "
      "PARALLEL = SAFE)");
  run("CREATE AGGREGATE app.counter(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0')");
  run("CREATE FUNCTION app.rn() RETURNS bigint WINDOW LANGUAGE internal AS 'window_row_number'");
  run("CREATE TYPE app.r AS RANGE (subtype = float8)");  // its constructors belong to the type
  auto db = read();

  std::vector<std::string> ids;
  for (const auto& f : db.functions) ids.push_back(schema::id(f));
  EXPECT_EQ(ids, (std::vector<std::string>{"function:app.add(integer,integer)", "function:app.counter()",
                                           "function:app.f(app.mood,text[])", "function:app.p(integer)",
                                           "function:app.rn()", "function:app.total(integer)"}));

  const auto* f = find(db.functions, "function:app.f(app.mood,text[])");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->arguments, "app.mood,text[]");
  EXPECT_EQ(f->kind, 'f');
  EXPECT_EQ(f->result, "SETOF integer");
  EXPECT_EQ(f->language, "sql");
  EXPECT_EQ(f->comment, "eff");
  run("SET search_path = ''");
  EXPECT_EQ(f->definition, scalar("SELECT pg_get_functiondef('app.f(app.mood,text[])'::regprocedure)"));
  run("RESET search_path");
  EXPECT_EQ(f->definition.rfind("CREATE OR REPLACE FUNCTION app.f(m app.mood, tags text[] DEFAULT '{}'::text[])", 0), 0u)
      << f->definition;

  const auto* p = find(db.functions, "function:app.p(integer)");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind, 'p');
  EXPECT_EQ(p->result, "");
  EXPECT_EQ(p->language, "plpgsql");
  EXPECT_EQ(p->definition.rfind("CREATE OR REPLACE PROCEDURE app.p(", 0), 0u) << p->definition;
  run("SET search_path = ''");
  EXPECT_EQ(p->definition, scalar("SELECT pg_get_functiondef('app.p(integer)'::regprocedure)"));
  run("RESET search_path");

  const auto* total = find(db.functions, "function:app.total(integer)");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->kind, 'a');
  EXPECT_EQ(total->result, "integer");
  EXPECT_EQ(total->definition, "CREATE OR REPLACE AGGREGATE app.total(integer) (\n"
                               "    SFUNC = app.add,\n"
                               "    STYPE = integer,\n"
                               "    COMBINEFUNC = app.add,\n"
                               "    INITCOND = '0',\n"
                               "    PARALLEL = SAFE\n"
                               ")");
  const auto* counter = find(db.functions, "function:app.counter()");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->definition, "CREATE OR REPLACE AGGREGATE app.counter(*) (\n"
                                 "    SFUNC = int8inc,\n"
                                 "    STYPE = bigint,\n"
                                 "    INITCOND = '0'\n"
                                 ")");
  const auto* rn = find(db.functions, "function:app.rn()");
  ASSERT_NE(rn, nullptr);
  EXPECT_EQ(rn->kind, 'w');
  EXPECT_EQ(rn->language, "internal");
}

TEST_F(IntrospectPostgres, AggregateDefinitionsRecreateTheSameAggregates) {
  run("CREATE SCHEMA app");
  run("CREATE AGGREGATE app.moving(int) (SFUNC = int4pl, STYPE = int, MSFUNC = int4pl, MINVFUNC = int4mi, "
      "MSTYPE = int, PARALLEL = RESTRICTED)");
  run("CREATE AGGREGATE app.biggest(int) (SFUNC = int4larger, STYPE = int, SORTOP = >)");
  run("CREATE AGGREGATE app.pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal, "
      "FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA)");
  run("CREATE AGGREGATE app.rank_of(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (SFUNC = ordered_set_transition_multi, "
      "STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL)");
  auto before = read();
  ASSERT_EQ(before.functions.size(), 4u);
  run("SET search_path = ''");
  for (const auto& f : before.functions) {
    run(fmt::format("DROP AGGREGATE app.{}({})", f.name, f.arguments));
    run(f.definition);
  }
  run("RESET search_path");
  auto after = read();
  EXPECT_EQ(after.functions, before.functions);
  EXPECT_NE(find(after.functions, "function:app.rank_of(\"any\")"), nullptr);  // one VARIADIC "any" for both
}

TEST_F(IntrospectPostgres, ReadsEveryColumnProperty) {
  run("CREATE TYPE public.mood AS ENUM ('sad', 'happy')");
  run("CREATE UNLOGGED TABLE public.items ("
      " id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY,"
      " small smallint GENERATED BY DEFAULT AS IDENTITY (MAXVALUE 1000 CACHE 10 CYCLE),"
      " down integer GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -1),"
      " plain_id integer GENERATED BY DEFAULT AS IDENTITY,"
      " name text COLLATE \"C\" NOT NULL DEFAULT 'x',"
      " price numeric(10,2),"
      " doubled numeric GENERATED ALWAYS AS (price * 2) STORED,"
      " mood public.mood DEFAULT 'happy',"
      " big text,"
      " moods public.mood[]"
      ") WITH (fillfactor = 70, autovacuum_enabled = false)");
  run("ALTER TABLE public.items ALTER COLUMN big SET STORAGE EXTERNAL");
  run("COMMENT ON COLUMN public.items.name IS 'what it is called'");
  run("COMMENT ON TABLE public.items IS 'things'");
  const int version = std::stoi(scalar("SHOW server_version_num"));
  if (version >= 140000) run("ALTER TABLE public.items ALTER COLUMN big SET COMPRESSION pglz");
  auto db = read();

  const auto* items = find(db.tables, "table:public.items");
  ASSERT_NE(items, nullptr);
  EXPECT_TRUE(items->unlogged);
  EXPECT_EQ(items->options, (std::vector<std::string>{"autovacuum_enabled=false", "fillfactor=70"}));  // sorted
  EXPECT_EQ(items->comment, "things");
  EXPECT_EQ(column_names(*items), (std::vector<std::string>{"id", "small", "down", "plain_id", "name", "price",
                                                             "doubled", "mood", "big", "moods"}));
  const auto* id = column(*items, "id");
  EXPECT_EQ(id->type, "bigint");
  EXPECT_TRUE(id->not_null);
  EXPECT_EQ(id->identity, 'a');
  EXPECT_EQ(id->identity_options, "START WITH 100 INCREMENT BY 5");
  EXPECT_EQ(id->default_expr, "");
  const auto* small = column(*items, "small");
  EXPECT_EQ(small->identity, 'd');
  EXPECT_EQ(small->identity_options, "MAXVALUE 1000 CACHE 10 CYCLE");
  EXPECT_EQ(column(*items, "down")->identity_options, "INCREMENT BY -1");
  EXPECT_EQ(column(*items, "plain_id")->identity_options, "");
  const auto* name = column(*items, "name");
  EXPECT_EQ(name->collation, "pg_catalog.\"C\"");
  EXPECT_EQ(name->default_expr, "'x'::text");
  EXPECT_EQ(name->comment, "what it is called");
  EXPECT_EQ(name->identity, 0);
  const auto* price = column(*items, "price");
  EXPECT_EQ(price->type, "numeric(10,2)");
  EXPECT_FALSE(price->not_null);
  EXPECT_EQ(price->collation, "");
  const auto* doubled = column(*items, "doubled");
  EXPECT_EQ(doubled->generated, "(price * (2)::numeric)");
  EXPECT_EQ(doubled->default_expr, "");
  EXPECT_EQ(column(*items, "mood")->default_expr, "'happy'::public.mood");
  EXPECT_EQ(column(*items, "moods")->type, "public.mood[]");
  const auto* big = column(*items, "big");
  EXPECT_EQ(big->storage, "external");
  EXPECT_EQ(big->compression, version >= 140000 ? "pglz" : "");
  EXPECT_EQ(name->storage, "");
  EXPECT_EQ(name->compression, "");
}

TEST_F(IntrospectPostgres, ReadsTableConstraintsWithValidationReferencesAndComments) {
  run("CREATE SCHEMA app");
  run("CREATE TABLE app.items (id int PRIMARY KEY, code text UNIQUE, area circle, "
      "EXCLUDE USING gist (area WITH &&))");
  run("CREATE TABLE app.orders (id int, item int REFERENCES app.items (id) ON DELETE CASCADE, qty int CHECK (qty > 0), "
      "CONSTRAINT orders_pk PRIMARY KEY (id))");
  run("ALTER TABLE app.orders ADD CONSTRAINT qty_small CHECK (qty < 100) NOT VALID");
  run("COMMENT ON CONSTRAINT qty_small ON app.orders IS 'small orders only'");
  run("CREATE TABLE app.parent (a int CHECK (a > 0)); CREATE TABLE app.child () INHERITS (app.parent)");
  auto db = read();

  const auto* items = find(db.tables, "table:app.items");
  ASSERT_NE(items, nullptr);
  ASSERT_EQ(items->constraints.size(), 3u);
  EXPECT_EQ(items->constraints[0].name, "items_area_excl");
  EXPECT_EQ(items->constraints[0].type, 'x');
  EXPECT_EQ(items->constraints[0].definition, "EXCLUDE USING gist (area WITH &&)");
  EXPECT_EQ(items->constraints[1].name, "items_code_key");
  EXPECT_EQ(items->constraints[1].type, 'u');
  EXPECT_EQ(items->constraints[1].definition, "UNIQUE (code)");
  EXPECT_EQ(items->constraints[2].name, "items_pkey");
  EXPECT_EQ(items->constraints[2].type, 'p');

  const auto* orders = find(db.tables, "table:app.orders");
  ASSERT_NE(orders, nullptr);
  const auto* fk = constraint(*orders, "orders_item_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(fk->type, 'f');
  EXPECT_EQ(fk->definition, "FOREIGN KEY (item) REFERENCES app.items(id) ON DELETE CASCADE");
  EXPECT_EQ(fk->references, "app.items");
  EXPECT_TRUE(fk->validated);
  const auto* small = constraint(*orders, "qty_small");
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->type, 'c');
  EXPECT_FALSE(small->validated);
  EXPECT_EQ(small->definition, "CHECK ((qty < 100)) NOT VALID");
  EXPECT_EQ(small->comment, "small orders only");
  EXPECT_EQ(small->references, "");
  EXPECT_NE(constraint(*orders, "orders_qty_check"), nullptr);
  EXPECT_NE(constraint(*orders, "orders_pk"), nullptr);

  const auto* child = find(db.tables, "table:app.child");
  ASSERT_NE(child, nullptr);
  EXPECT_TRUE(child->constraints.empty());  // the inherited CHECK is the parent's
}

TEST_F(IntrospectPostgres, ReadsPartitionsAndInheritanceWithLocalColumnsOnly) {
  run("CREATE TABLE public.events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)");
  run("CREATE TABLE public.events_2020 PARTITION OF public.events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  run("CREATE TABLE public.events_other PARTITION OF public.events DEFAULT");
  run("CREATE TABLE public.a (x int); CREATE TABLE public.b (y int)");
  run("CREATE TABLE public.ab (z int) INHERITS (public.b, public.a)");
  auto db = read();

  const auto* events = find(db.tables, "table:public.events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->partition_key, "RANGE (at)");
  EXPECT_EQ(events->partition_of, "");
  const auto* y2020 = find(db.tables, "table:public.events_2020");
  ASSERT_NE(y2020, nullptr);
  EXPECT_EQ(y2020->partition_of, "public.events");
  EXPECT_EQ(y2020->partition_bound, "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  EXPECT_TRUE(y2020->columns.empty());
  EXPECT_TRUE(y2020->constraints.empty());  // its primary key is the parent's
  EXPECT_TRUE(y2020->inherits.empty());
  const auto* other = find(db.tables, "table:public.events_other");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->partition_bound, "DEFAULT");

  const auto* ab = find(db.tables, "table:public.ab");
  ASSERT_NE(ab, nullptr);
  EXPECT_EQ(ab->inherits, (std::vector<std::string>{"public.b", "public.a"}));
  EXPECT_EQ(column_names(*ab), std::vector<std::string>{"z"});
  EXPECT_EQ(ab->partition_of, "");
  EXPECT_TRUE(db.indexes.empty());  // the partitions' primary key indexes come with the parent's constraint
}

TEST_F(IntrospectPostgres, ReadsIndexesThatNoConstraintOwnsIncludingOnMaterializedViews) {
  run("CREATE TABLE public.items (id int PRIMARY KEY, name text UNIQUE, price numeric)");
  run("CREATE INDEX items_lower ON public.items (lower(name)) INCLUDE (price) WHERE price > 1");
  run("COMMENT ON INDEX public.items_lower IS 'by name'");
  run("CREATE UNIQUE INDEX items_price ON public.items (price DESC NULLS LAST)");
  run("CREATE MATERIALIZED VIEW public.counts AS SELECT name, count(*) AS n FROM public.items GROUP BY name");
  run("CREATE INDEX counts_name ON public.counts (name)");
  run("CREATE TABLE public.events (at date) PARTITION BY RANGE (at)");
  run("CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  run("CREATE INDEX events_at ON public.events (at)");
  auto db = read();

  std::vector<std::string> ids;
  for (const auto& i : db.indexes) ids.push_back(schema::id(i));
  // not items_pkey or items_name_key (constraints'), nor events_1_at_idx (the partition's copy of events_at)
  EXPECT_EQ(ids, (std::vector<std::string>{"index:public.counts_name", "index:public.events_at",
                                           "index:public.items_lower", "index:public.items_price"}));
  const auto* lower = find(db.indexes, "index:public.items_lower");
  EXPECT_EQ(lower->table, "public.items");
  EXPECT_EQ(lower->definition,
            "CREATE INDEX items_lower ON public.items USING btree (lower(name)) INCLUDE (price) WHERE (price > (1)::numeric)");
  EXPECT_EQ(lower->comment, "by name");
  EXPECT_EQ(find(db.indexes, "index:public.counts_name")->table, "public.counts");
  EXPECT_EQ(find(db.indexes, "index:public.events_at")->definition,
            "CREATE INDEX events_at ON ONLY public.events USING btree (at)");
}

TEST_F(IntrospectPostgres, ReadsViewsAndMaterializedViews) {
  run("CREATE TABLE public.items (id int, name text, price numeric)");
  run("CREATE VIEW public.cheap AS SELECT id, name FROM public.items WHERE price < 10");
  run("COMMENT ON VIEW public.cheap IS 'bargains'; COMMENT ON COLUMN public.cheap.name IS 'label'");
  run("CREATE VIEW public.cheaper WITH (security_barrier = true) AS SELECT * FROM public.cheap WHERE id > 1 "
      "WITH LOCAL CHECK OPTION");
  run("CREATE MATERIALIZED VIEW public.counts WITH (fillfactor = 50) AS SELECT name, count(*) FROM public.items GROUP BY name");
  auto db = read();

  const auto* cheap = find(db.views, "view:public.cheap");
  ASSERT_NE(cheap, nullptr);
  EXPECT_FALSE(cheap->materialized);
  run("SET search_path = ''");
  EXPECT_EQ(cheap->definition, scalar("SELECT pg_get_viewdef('public.cheap'::regclass)"));
  run("RESET search_path");
  EXPECT_NE(cheap->definition.find("FROM public.items"), std::string::npos) << cheap->definition;  // qualified
  EXPECT_EQ(cheap->columns, (std::vector<std::string>{"id integer", "name text"}));
  EXPECT_EQ(cheap->comment, "bargains");
  EXPECT_EQ(cheap->column_comments, (std::map<std::string, std::string>{{"name", "label"}}));
  const auto* cheaper = find(db.views, "view:public.cheaper");
  ASSERT_NE(cheaper, nullptr);
  EXPECT_EQ(cheaper->options, (std::vector<std::string>{"check_option=local", "security_barrier=true"}));  // sorted
  const auto* counts = find(db.views, "matview:public.counts");
  ASSERT_NE(counts, nullptr);
  EXPECT_TRUE(counts->materialized);
  EXPECT_EQ(counts->columns, (std::vector<std::string>{"name text", "count bigint"}));
  EXPECT_EQ(counts->options, std::vector<std::string>{"fillfactor=50"});
  EXPECT_EQ(find(db.views, "view:public.counts"), nullptr);
}

TEST_F(IntrospectPostgres, ReadsTriggersButNotInternalOrClonedOnes) {
  run("CREATE TABLE public.items (id int PRIMARY KEY); CREATE TABLE public.orders (id int, item int REFERENCES public.items)");
  run("CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
  run("CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) "
      "EXECUTE FUNCTION public.touch()");
  run("ALTER TABLE public.orders DISABLE TRIGGER orders_touch");
  run("COMMENT ON TRIGGER orders_touch ON public.orders IS 'keeps time'");
  run("CREATE CONSTRAINT TRIGGER orders_check AFTER INSERT ON public.orders DEFERRABLE INITIALLY DEFERRED "
      "FOR EACH ROW EXECUTE FUNCTION public.touch()");
  run("CREATE TABLE public.events (at date) PARTITION BY RANGE (at)");
  run("CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  run("CREATE TRIGGER events_touch BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.touch()");
  run("CREATE VIEW public.v AS SELECT id FROM public.items");
  run("CREATE TRIGGER v_insert INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.touch()");
  auto db = read();

  std::vector<std::string> ids;
  for (const auto& t : db.triggers) ids.push_back(schema::id(t));
  // not the foreign key's internal triggers, nor events_1's clone of events_touch
  EXPECT_EQ(ids, (std::vector<std::string>{"trigger:public.events.events_touch", "trigger:public.orders.orders_check",
                                           "trigger:public.orders.orders_touch", "trigger:public.v.v_insert"}));
  const auto* touch = find(db.triggers, "trigger:public.orders.orders_touch");
  EXPECT_EQ(touch->table, "orders");
  EXPECT_EQ(touch->enabled, 'D');
  EXPECT_EQ(touch->comment, "keeps time");
  EXPECT_EQ(touch->definition, "CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW WHEN "
                               "((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.touch()");
  const auto* check = find(db.triggers, "trigger:public.orders.orders_check");
  EXPECT_EQ(check->enabled, 'O');
  EXPECT_EQ(check->definition.rfind("CREATE CONSTRAINT TRIGGER orders_check AFTER INSERT ON public.orders", 0), 0u)
      << check->definition;
}

TEST_F(IntrospectPostgres, ReadsPoliciesAndRowSecurity) {
  const auto reader = role("reader"), writer = role("writer");
  run("CREATE TABLE public.orders (id int, qty int)");
  run("ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY");
  run("ALTER TABLE public.orders FORCE ROW LEVEL SECURITY");
  run(fmt::format("CREATE POLICY own ON public.orders AS RESTRICTIVE FOR SELECT TO {}, {} USING (qty > 0)", writer, reader));
  run("CREATE POLICY ins ON public.orders FOR INSERT WITH CHECK (qty < 50)");
  run("CREATE POLICY every ON public.orders USING (true) WITH CHECK (qty > 1)");
  run("COMMENT ON POLICY ins ON public.orders IS 'small'");
  run("CREATE TABLE public.open (id int)");
  auto db = read();

  const auto* orders = find(db.tables, "table:public.orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_TRUE(orders->row_security);
  EXPECT_TRUE(orders->force_row_security);
  const auto* open = find(db.tables, "table:public.open");
  EXPECT_FALSE(open->row_security);
  EXPECT_FALSE(open->force_row_security);

  ASSERT_EQ(db.policies.size(), 3u);
  const auto* own = find(db.policies, "policy:public.orders.own");
  ASSERT_NE(own, nullptr);
  EXPECT_FALSE(own->permissive);
  EXPECT_EQ(own->command, "SELECT");
  auto roles = std::vector<std::string>{reader, writer};
  std::sort(roles.begin(), roles.end());
  EXPECT_EQ(own->roles, roles);
  EXPECT_EQ(own->using_expr, "(qty > 0)");
  EXPECT_EQ(own->check_expr, "");
  const auto* ins = find(db.policies, "policy:public.orders.ins");
  EXPECT_TRUE(ins->permissive);
  EXPECT_EQ(ins->command, "INSERT");
  EXPECT_EQ(ins->roles, std::vector<std::string>{"public"});
  EXPECT_EQ(ins->check_expr, "(qty < 50)");
  EXPECT_EQ(ins->comment, "small");
  const auto* every = find(db.policies, "policy:public.orders.every");
  EXPECT_EQ(every->command, "ALL");
  EXPECT_EQ(every->using_expr, "true");
  EXPECT_EQ(every->check_expr, "(qty > 1)");
}

// ---------------------------------------------------------------------------------------------
// What is left out, what is reported

TEST_F(IntrospectPostgres, LeavesOutExcludedTablesWithTheirSequencesIndexesTriggersAndPolicies) {
  run("CREATE SCHEMA app");
  run("CREATE TABLE public.retort_version (id bigserial PRIMARY KEY, v text)");
  run("CREATE INDEX retort_version_v ON public.retort_version (v)");
  run("CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
  run("CREATE TRIGGER t BEFORE UPDATE ON public.retort_version FOR EACH ROW EXECUTE FUNCTION public.touch()");
  run("CREATE POLICY p ON public.retort_version USING (true)");
  run("CREATE TABLE app.retort_history (id int)");           // a bare name matches in every schema
  run("CREATE TABLE app.retort_version (id int)");           // "public.retort_version" only matches public's
  auto db = read({.exclude_tables = {"public.retort_version", "retort_history"}});

  std::vector<std::string> tables;
  for (const auto& t : db.tables) tables.push_back(schema::id(t));
  EXPECT_EQ(tables, std::vector<std::string>{"table:app.retort_version"});
  EXPECT_TRUE(db.sequences.empty());  // retort_version_id_seq
  EXPECT_TRUE(db.indexes.empty());
  EXPECT_TRUE(db.triggers.empty());
  EXPECT_TRUE(db.policies.empty());
  for (const auto& d : db.dependencies) {
    EXPECT_EQ(d.from.find("retort_history"), std::string::npos) << d.from;
    EXPECT_EQ(d.to.find("public.retort_version"), std::string::npos) << d.to;
  }
}

TEST_F(IntrospectPostgres, ReadsOnlyTheSchemasAskedFor) {
  run("CREATE SCHEMA app; CREATE SCHEMA other");
  run("CREATE TABLE app.t (id int); CREATE TABLE other.u (id int); CREATE TABLE public.v (id int)");
  run("CREATE TYPE other.mood AS ENUM ('x'); CREATE FUNCTION other.f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  run("CREATE COLLATION other.c (locale = 'C')");
  run("CREATE FUNCTION other.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$");
  run("CREATE EVENT TRIGGER et ON ddl_command_start EXECUTE FUNCTION other.on_ddl()");
  auto db = read({.schemas = {"app"}});

  ASSERT_EQ(db.schemas.size(), 1u);
  EXPECT_EQ(db.schemas[0].name, "app");
  ASSERT_EQ(db.tables.size(), 1u);
  EXPECT_EQ(schema::id(db.tables[0]), "table:app.t");
  EXPECT_TRUE(db.enums.empty());
  EXPECT_TRUE(db.functions.empty());
  EXPECT_TRUE(db.unsupported.empty());  // other's collation; the event trigger is database-wide
  for (const auto& d : db.dependencies) {
    EXPECT_EQ(d.from.find("other"), std::string::npos) << d.from;
    EXPECT_EQ(d.to.find("public"), std::string::npos) << d.to;
  }
  auto whole = read();
  EXPECT_TRUE(has_unsupported(whole, "event trigger", "et"));
  EXPECT_TRUE(has_unsupported(whole, "collation", "other.c"));
}

TEST_F(IntrospectPostgres, ReportsUnsupportedObjectsByKindAndName) {
  run("CREATE SCHEMA app");
  run("CREATE TABLE app.t (a int, b int)");
  run("CREATE RULE t_notify AS ON INSERT TO app.t DO ALSO NOTIFY t");
  run("CREATE VIEW app.v AS SELECT 1 AS x");  // its _RETURN rule is the view itself
  run("CREATE FUNCTION app.eq(a int, b text) RETURNS bool LANGUAGE sql AS 'SELECT a::text = b'");
  run("CREATE OPERATOR app.=== (LEFTARG = int, RIGHTARG = text, FUNCTION = app.eq)");
  run("CREATE OPERATOR CLASS app.rev FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION 1 btint4cmp(int, int)");
  run("CREATE COLLATION app.coll (locale = 'C')");
  run("CREATE TEXT SEARCH CONFIGURATION app.tsc (COPY = pg_catalog.english)");
  run("CREATE TEXT SEARCH DICTIONARY app.dict (TEMPLATE = pg_catalog.simple)");
  run("CREATE TYPE app.floats AS RANGE (subtype = float8)");
  run("CREATE TYPE app.shell");
  run("CREATE STATISTICS app.st ON a, b FROM app.t");
  run("CREATE TYPE app.pair AS (a int); CREATE TABLE app.typed_pair OF app.pair");
  run("CREATE FOREIGN DATA WRAPPER fdw; CREATE SERVER srv FOREIGN DATA WRAPPER fdw");
  run("CREATE FOREIGN TABLE app.ft (a int) SERVER srv");
  run("CREATE CAST (app.pair AS text) WITH INOUT");
  run("CREATE PUBLICATION pub FOR TABLE app.t");
  run("CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$");
  run("CREATE EVENT TRIGGER ddl ON ddl_command_start EXECUTE FUNCTION app.on_ddl()");
  auto db = read();

  for (const auto& [kind, name] : std::vector<std::pair<std::string, std::string>>{
           {"rule", "app.t.t_notify"},
           {"operator", "app.===(integer,text)"},
           {"operator class", "app.rev USING btree"},
           {"operator family", "app.rev USING btree"},
           {"collation", "app.coll"},
           {"text search configuration", "app.tsc"},
           {"text search dictionary", "app.dict"},
           {"range type", "app.floats"},
           {"shell type", "app.shell"},
           {"statistics", "app.st"},
           {"typed table", "app.typed_pair"},
           {"foreign table", "app.ft"},
           {"foreign-data wrapper", "fdw"},
           {"foreign server", "srv"},
           {"cast", "app.pair AS text"},
           {"publication", "pub"},
           {"event trigger", "ddl"},
       }) {
    EXPECT_TRUE(has_unsupported(db, kind, name)) << kind << " " << name;
  }
  for (const auto& u : db.unsupported) {
    EXPECT_NE(u.kind, "type") << u.name;
    EXPECT_EQ(u.name.find("multirange"), std::string::npos) << u.kind << " " << u.name;  // comes with the range
    EXPECT_NE(u.name, "app.v._RETURN");
  }
  EXPECT_EQ(find(db.tables, "table:app.ft"), nullptr);
}

TEST_F(IntrospectPostgres, ReadsAsAnOrdinaryRoleWhoMaySeeSubscriptionsOrNot) {
  const auto ordinary = role("ordinary");
  const auto subscription = test::database_name(m_url) + "_sub";
  run("CREATE TABLE public.t (a int)");
  run(fmt::format("CREATE SUBSCRIPTION {} CONNECTION 'dbname=nowhere' PUBLICATION pub "
                  "WITH (connect = false, slot_name = NONE, enabled = false)",
                  subscription));
  EXPECT_TRUE(has_unsupported(read(), "subscription", subscription));
  // an ordinary role may read some of pg_subscription's columns (which ones depends on the version)
  run(fmt::format("SET ROLE {}", ordinary));
  const bool may_read = scalar("SELECT has_column_privilege('pg_subscription', 'subname', 'SELECT') AND "
                               "has_column_privilege('pg_subscription', 'subdbid', 'SELECT')") == "t";
  auto db = read();
  run("RESET ROLE");
  EXPECT_EQ(has_unsupported(db, "subscription", subscription), may_read);
  EXPECT_NE(find(db.tables, "table:public.t"), nullptr);
  run(fmt::format("DROP SUBSCRIPTION {}", subscription));
}

TEST_F(IntrospectPostgres, ReportsVirtualGeneratedColumnsFromPostgres18) {
  if (std::stoi(scalar("SHOW server_version_num")) < 180000) GTEST_SKIP() << "VIRTUAL generated columns are new in 18";
  run("CREATE TABLE public.t (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL)");
  auto db = read();
  EXPECT_TRUE(has_unsupported(db, "virtual generated column", "public.t.b"));
  EXPECT_EQ(column(db.tables.at(0), "b")->generated, "(a * 2)");
}

// ---------------------------------------------------------------------------------------------
// Dependencies

TEST_F(IntrospectPostgres, ViewOnViewDependsOnTheInnerView) {
  run("CREATE TABLE public.t (id int, name text)");
  run("CREATE VIEW public.inner_v AS SELECT id, name FROM public.t");
  run("CREATE VIEW public.outer_v AS SELECT name FROM public.inner_v");
  auto db = read();
  EXPECT_TRUE(depends(db, "view:public.outer_v", "view:public.inner_v"));
  EXPECT_TRUE(depends(db, "view:public.inner_v", "column:public.t.id"));
  EXPECT_TRUE(depends(db, "view:public.inner_v", "schema:public"));
  EXPECT_FALSE(depends(db, "view:public.outer_v", "view:public.outer_v"));  // no self edges (its own _RETURN rule)
}

TEST_F(IntrospectPostgres, ColumnDefaultCallingAFunctionDependsOnTheFunction) {
  run("CREATE FUNCTION public.next_code(p int) RETURNS text LANGUAGE sql AS $$ SELECT 'c' || p $$");
  run("CREATE TABLE public.t (id int, code text DEFAULT public.next_code(1))");
  auto db = read();
  EXPECT_TRUE(depends(db, "column:public.t.code", "function:public.next_code(integer)"));
  EXPECT_FALSE(depends(db, "column:public.t.id", "function:public.next_code(integer)"));
}

TEST_F(IntrospectPostgres, ViewGroupingByPrimaryKeyDependsOnTheConstraint) {
  run("CREATE TABLE public.p (id int PRIMARY KEY, name text)");
  run("CREATE VIEW public.v AS SELECT id, name FROM public.p GROUP BY id");
  auto db = read();
  EXPECT_TRUE(depends(db, "view:public.v", "constraint:public.p.p_pkey"));
}

TEST_F(IntrospectPostgres, ForeignKeyDependsOnTheReferencedPrimaryKey) {
  run("CREATE TABLE public.items (id int PRIMARY KEY, code text UNIQUE)");
  run("CREATE TABLE public.orders (item int REFERENCES public.items, code text REFERENCES public.items (code))");
  auto db = read();
  EXPECT_TRUE(depends(db, "constraint:public.orders.orders_item_fkey", "constraint:public.items.items_pkey"));
  EXPECT_TRUE(depends(db, "constraint:public.orders.orders_code_fkey", "constraint:public.items.items_code_key"));
  EXPECT_TRUE(depends(db, "constraint:public.orders.orders_item_fkey", "column:public.orders.item"));
}

TEST_F(IntrospectPostgres, PlpgsqlBodyReferencingATableGivesASoftDependency) {
  run("CREATE SCHEMA app");
  run("CREATE TABLE app.settings (key text, value text)");
  run("CREATE TYPE app.mood AS ENUM ('sad')");
  run("CREATE FUNCTION app.helper() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  run("CREATE FUNCTION app.plan() RETURNS text LANGUAGE plpgsql AS $$ DECLARE v text; m app.mood; BEGIN "
      "SELECT value INTO v FROM settings WHERE key = 'plan'; PERFORM app.helper(); RETURN v; END $$");
  run("CREATE FUNCTION app.plan_sql() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.settings $$");
  auto db = read();
  // unqualified "settings" resolves to the function's own schema
  EXPECT_TRUE(depends(db, "function:app.plan()", "table:app.settings", true));
  EXPECT_TRUE(depends(db, "function:app.plan()", "enum:app.mood", true));
  EXPECT_TRUE(depends(db, "function:app.plan()", "function:app.helper()", true));
  EXPECT_FALSE(depends(db, "function:app.plan()", "table:app.settings", false));  // pg_depend has no such edge
  EXPECT_TRUE(depends(db, "function:app.plan_sql()", "table:app.settings", true));
}

TEST_F(IntrospectPostgres, SequenceDoesNotDependOnTheColumnThatOwnsIt) {
  run("CREATE TABLE public.t (id serial, n int GENERATED ALWAYS AS IDENTITY)");
  auto db = read();
  EXPECT_TRUE(depends(db, "column:public.t.id", "sequence:public.t_id_seq"));
  EXPECT_FALSE(depends(db, "sequence:public.t_id_seq", "column:public.t.id"));
  EXPECT_FALSE(depends(db, "sequence:public.t_id_seq", "table:public.t"));
}

TEST_F(IntrospectPostgres, DependenciesFollowArraysRowTypesAndDomainConstraints) {
  run("CREATE TYPE public.mood AS ENUM ('sad')");
  run("CREATE FUNCTION public.ok(v int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT v > 0'");
  run("CREATE DOMAIN public.pos AS int CHECK (public.ok(VALUE))");
  run("CREATE TABLE public.row_source (a int)");
  run("CREATE TABLE public.t (moods public.mood[], p public.pos, r public.row_source[])");
  run("CREATE INDEX t_p ON public.t (p) WHERE public.ok(p)");
  auto db = read();
  EXPECT_TRUE(depends(db, "column:public.t.moods", "enum:public.mood"));
  EXPECT_TRUE(depends(db, "column:public.t.p", "domain:public.pos"));
  EXPECT_TRUE(depends(db, "column:public.t.r", "table:public.row_source"));
  EXPECT_TRUE(depends(db, "domain:public.pos", "function:public.ok(integer)"));
  EXPECT_TRUE(depends(db, "index:public.t_p", "function:public.ok(integer)"));
  const auto ids = all_ids(db);
  for (const auto& d : db.dependencies) {
    EXPECT_TRUE(ids.count(d.from) && ids.count(d.to)) << d.from << " -> " << d.to;
    EXPECT_NE(d.from, d.to);
  }
}

// ---------------------------------------------------------------------------------------------
// The session, the queries

TEST_F(IntrospectPostgres, LeavesTheSessionAsFound) {
  run("CREATE SCHEMA app; CREATE TABLE app.t (d date DEFAULT '2020-01-31')");
  run("SET search_path = app, public");
  run("SET DateStyle = 'SQL, DMY'");
  auto db = read();
  EXPECT_EQ(column(db.tables.at(0), "d")->default_expr, "'2020-01-31'::date");  // ISO while reading
  EXPECT_EQ(scalar("SHOW search_path"), "app, public");
  EXPECT_EQ(scalar("SHOW DateStyle"), "SQL, DMY");
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // no transaction left open
}

/// Owns a connection whose batches fail as asked: those of two statements or more (a session's
/// opening: its second statement divides by zero), or each catalog query's (it divides by zero
/// instead); and writes the label of each catalog query it runs ("columns (high half)") to `log`
/// (the caller's: the introspector closes a second session when it is done with it).
class FailingBatches final : public Connection {
public:
  enum class Fails { opening, catalog_queries, nothing };
  FailingBatches(std::unique_ptr<Connection> inner, Fails fails, std::vector<std::string>* log = nullptr)
      : m_owned(std::move(inner)), m_counting(*m_owned, fails == Fails::opening ? 1 : 0), m_fails(fails), m_log(log) {}
  [[nodiscard]] const Dialect& dialect() const override { return m_counting.dialect(); }
  void execute(const std::string& sql) override { m_counting.execute(sql); }
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params) override {
    return m_counting.query(sql, params);
  }
  std::vector<std::vector<Row>> query_batch(const std::vector<BatchStatement>& batch) override {
    auto sent = batch;
    for (auto& statement : sent) {
      static constexpr std::string_view label = "/* retort catalog: ";
      if (statement.sql.rfind(label, 0) != 0) continue;
      if (m_log) m_log->push_back(statement.sql.substr(label.size(), statement.sql.find(" */") - label.size()));
      ++catalog_queries;
      if (m_fails == Fails::catalog_queries) statement = {"SELECT 1 / 0", {}};
    }
    return m_counting.query_batch(sent);
  }
  bool table_exists(std::string_view schema, std::string_view table) override { return m_counting.table_exists(schema, table); }
  std::vector<std::string> table_columns(std::string_view schema, std::string_view table) override {
    return m_counting.table_columns(schema, table);
  }
  MigrationLocker& locker() override { return m_counting.locker(); }
  InFlightSettler& in_flight() override { return m_counting.in_flight(); }
  std::string applied_by() override { return m_counting.applied_by(); }
  [[nodiscard]] std::string describe() const override { return m_counting.describe(); }

  std::atomic<std::size_t> catalog_queries{0};  ///< the catalog queries sent so far

private:
  std::unique_ptr<Connection> m_owned;
  CountingConnection m_counting;
  Fails m_fails;
  std::vector<std::string>* m_log;
};

TEST_F(IntrospectPostgres, LeavesTheSessionAsFoundWhenACatalogQueryFails) {
  run("SET search_path = public");
  CountingConnection failing(*m_db, 5);
  EXPECT_THROW(introspector_for(failing)->read({}), Error);
  EXPECT_EQ(scalar("SHOW search_path"), "public");
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // the failed transaction was rolled back
  EXPECT_NO_THROW(read());
}

TEST_F(IntrospectPostgres, ReadsInsideTheCallersTransactionWithoutEndingIt) {
  run("CREATE SCHEMA app");
  run("BEGIN");
  run("SET LOCAL search_path = app");
  run("CREATE TABLE app.uncommitted (a int)");
  auto db = read();
  EXPECT_NE(find(db.tables, "table:app.uncommitted"), nullptr);  // the caller's own work is visible
  EXPECT_EQ(scalar("SHOW search_path"), "app");
  EXPECT_NO_THROW(run("SAVEPOINT s"));  // still in the caller's transaction
  run("ROLLBACK");
  EXPECT_EQ(find(read().tables, "table:app.uncommitted"), nullptr);
}

TEST_F(IntrospectPostgres, SendsTheSameNumberOfQueriesWhateverTheSchemaSize) {
  static_assert(PgIntrospector::k_first_queries + PgIntrospector::k_catalog_queries <= 12);
  auto count = [&] {
    CountingConnection counting(*m_db);
    auto db = introspector_for(counting)->read({});
    EXPECT_EQ(counting.queries, static_cast<int>(PgIntrospector::k_first_queries));
    EXPECT_EQ(counting.executes, 0);
    EXPECT_EQ(counting.batch_sizes,
              (std::vector<std::size_t>{PgIntrospector::k_opening_statements, PgIntrospector::k_batch_statements}));
    return db.tables.size();
  };
  run("CREATE TABLE public.one (id int PRIMARY KEY)");
  EXPECT_EQ(count(), 1u);
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += fmt::format("CREATE TABLE public.t{0} (id int PRIMARY KEY, one int REFERENCES public.one, name text DEFAULT 'x');"
                        "CREATE INDEX t{0}_name ON public.t{0} (name); CREATE VIEW public.v{0} AS SELECT * FROM public.t{0};"
                        "CREATE FUNCTION public.f{0}() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.t{0}';",
                        i);
  }
  run(many);
  EXPECT_EQ(count(), 41u);
}

/// A schema with one of nearly everything, and the dependencies between them.
void create_mixed_schema(Connection& db) {
  db.execute(R"(
    CREATE SCHEMA app;
    CREATE TYPE app.mood AS ENUM ('sad', 'happy');
    CREATE DOMAIN app.positive AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);
    CREATE TYPE app.pair AS (a integer, b text COLLATE "C");
    CREATE SEQUENCE app.counter AS integer START 10;
    CREATE FUNCTION app.next_code(p integer) RETURNS text LANGUAGE sql AS $$ SELECT 'c' || p $$;
    CREATE TABLE app.parent (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 5) PRIMARY KEY,
      mood app.mood DEFAULT 'happy', n app.positive, p app.pair, tags app.mood[],
      code text DEFAULT app.next_code(1), total numeric GENERATED ALWAYS AS (n * 2) STORED,
      CONSTRAINT parent_n_check CHECK (n < 100));
    COMMENT ON COLUMN app.parent.code IS 'the code';
    CREATE TABLE app.child (id serial PRIMARY KEY, parent_id bigint REFERENCES app.parent (id) ON DELETE CASCADE,
      note text UNIQUE) WITH (fillfactor = 70);
    CREATE INDEX child_note_lower ON app.child (lower(note)) WHERE note IS NOT NULL;
    CREATE TABLE app.events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
    CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE VIEW app.parent_codes AS SELECT id, code FROM app.parent GROUP BY id;
    CREATE MATERIALIZED VIEW app.totals AS SELECT parent_id, count(*) AS n FROM app.child GROUP BY parent_id;
    CREATE INDEX totals_parent ON app.totals (parent_id);
    CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM 1 FROM app.child; RETURN NEW; END $$;
    CREATE TRIGGER parent_touch BEFORE UPDATE ON app.parent FOR EACH ROW EXECUTE FUNCTION app.touch();
    ALTER TABLE app.child ENABLE ROW LEVEL SECURITY;
    CREATE POLICY mine ON app.child USING (parent_id > 0);
    CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
  )");
}

void expect_same(const Database& a, const Database& b) {
  EXPECT_EQ(a.server_version, b.server_version);
  EXPECT_EQ(a.schemas, b.schemas);
  EXPECT_EQ(a.extensions, b.extensions);
  EXPECT_EQ(a.enums, b.enums);
  EXPECT_EQ(a.domains, b.domains);
  EXPECT_EQ(a.composite_types, b.composite_types);
  EXPECT_EQ(a.sequences, b.sequences);
  EXPECT_EQ(a.functions, b.functions);
  EXPECT_EQ(a.tables, b.tables);
  EXPECT_EQ(a.indexes, b.indexes);
  EXPECT_EQ(a.views, b.views);
  EXPECT_EQ(a.triggers, b.triggers);
  EXPECT_EQ(a.policies, b.policies);
  EXPECT_EQ(a.unsupported, b.unsupported);
  EXPECT_EQ(a.dependencies, b.dependencies);
  EXPECT_EQ(a.privileges_read, b.privileges_read);
}

TEST_F(IntrospectPostgres, TwoSessionsReadWhatOneReads) {
  create_mixed_schema(*m_db);
  CountingConnection one_session(*m_db);  // not a libpq connection: reads alone, rows copied
  const auto alone = introspector_for(one_session)->read({.privileges = true});
  const auto together = read({.privileges = true});
  expect_same(together, alone);
  EXPECT_GT(together.dependencies.size(), 20u);
  EXPECT_EQ(together.tables.size(), 4u);
  expect_same(read({.privileges = true, .sessions = 1}), alone);
}

TEST_F(IntrospectPostgres, TwoSessionsHalvesMeetAtTheMedianRelationOidAndMissNothing) {
  // Two sessions read columns, constraints and table objects in halves: the relations below the
  // median relation oid, and the rest. Tables on both sides of it are read once, with everything on them.
  std::string sql;
  for (int i = 0; i < 12; ++i) {
    sql += fmt::format("CREATE TABLE public.t{0} (id int PRIMARY KEY, ref int{1}, v text DEFAULT 'x' CHECK (v <> ''));\n"
                       "CREATE INDEX t{0}_v ON public.t{0} (v) WHERE v > 'a';\n",
                       i, i == 0 ? std::string() : fmt::format(" REFERENCES public.t{} (id)", i - 1));
  }
  run(sql);
  const auto median = scalar("SELECT pg_catalog.percentile_disc(0.5) WITHIN GROUP (ORDER BY oid) FROM pg_catalog.pg_class "
                             "WHERE oid >= 16384");
  const auto tables_below = scalar("SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace "
                                   "AND relkind = 'r' AND oid < " + median);
  EXPECT_GT(std::stoi(tables_below), 0);
  EXPECT_LT(std::stoi(tables_below), 12);
  CountingConnection one_session(*m_db);  // not a libpq connection: reads alone, each query whole
  const auto alone = introspector_for(one_session)->read({});
  const auto together = read({});
  expect_same(together, alone);
  ASSERT_EQ(together.tables.size(), 12u);
  for (const auto& t : together.tables) {
    EXPECT_EQ(t.columns.size(), 3u) << t.name;
    EXPECT_EQ(t.constraints.size(), t.name == "t0" ? 2u : 3u) << t.name;
  }
  EXPECT_EQ(together.indexes.size(), 12u);
}

TEST_F(IntrospectPostgres, TwoSessionsReadTheSameSnapshot) {
  run("CREATE TABLE public.t (id int PRIMARY KEY)");
  // A change committed after the first session took its snapshot, before the second session
  // (which reads the indexes) starts: the second session reads the first one's snapshot, so the
  // new table's index is not read.
  const auto first_pid = scalar("SELECT pg_backend_pid()");
  auto changer = connect(m_url);
  bool changed = false;
  PgIntrospector introspector(*m_db, [&]() -> std::unique_ptr<Connection> {
    for (int i = 0; i < 500; ++i) {  // until the first session holds its snapshot
      auto held = changer->query("SELECT backend_xmin IS NOT NULL FROM pg_catalog.pg_stat_activity WHERE pid = $1::int",
                                 {first_pid});
      if (!held.empty() && held[0][0] == "t") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    changer->execute("CREATE TABLE public.late (id int REFERENCES public.t); CREATE INDEX late_id ON public.late (id)");
    changed = true;
    return connect(m_url);
  });
  auto db = introspector.read({});
  EXPECT_TRUE(changed);
  EXPECT_EQ(find(db.tables, "table:public.late"), nullptr);
  EXPECT_EQ(find(db.indexes, "index:public.late_id"), nullptr);
  EXPECT_NE(find(read().indexes, "index:public.late_id"), nullptr);
}

TEST_F(IntrospectPostgres, ReadsAloneWhenASecondSessionCannotBeOpened) {
  run("CREATE TABLE public.t (id int PRIMARY KEY)");
  PgIntrospector introspector(*m_db, []() -> std::unique_ptr<Connection> {
    throw Error(ErrorCode::connection, "too many connections");
  });
  auto db = introspector.read({});
  EXPECT_NE(find(db.tables, "table:public.t"), nullptr);
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // its transaction is over
}

TEST_F(IntrospectPostgres, ReadsAloneWhenOpeningTheSecondSessionFailsWithAnyException) {
  // not only retort's own errors: whatever opening the second session throws, the first reads
  // its parts too (it must not wait for a session that will never come)
  create_mixed_schema(*m_db);
  PgIntrospector introspector(*m_db, []() -> std::unique_ptr<Connection> { throw std::runtime_error("no threads left"); });
  expect_same(introspector.read({.privileges = true}), read({.privileges = true, .sessions = 1}));
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // its transaction is over
}

TEST_F(IntrospectPostgres, LeavesTheSessionAsFoundWhenTheSecondSessionFails) {
  run("CREATE TABLE public.t (id int PRIMARY KEY)");
  run("SET search_path = public");
  PgIntrospector introspector(*m_db, [&]() -> std::unique_ptr<Connection> {
    return std::make_unique<FailingBatches>(connect(m_url), FailingBatches::Fails::catalog_queries);
  });
  EXPECT_THROW(introspector.read({}), Error);
  EXPECT_EQ(scalar("SHOW search_path"), "public");
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // the first session's transaction was rolled back
  EXPECT_NO_THROW(read());
}

TEST_F(IntrospectPostgres, ReadsAloneWhenTheSecondSessionCannotImportTheSnapshot) {
  // a pooler that hands out another server session, a server that refuses SET TRANSACTION SNAPSHOT:
  // the first session reads the second one's parts too
  create_mixed_schema(*m_db);
  std::vector<std::string> second_read;
  bool opened = false;
  PgIntrospector introspector(*m_db, [&]() -> std::unique_ptr<Connection> {
    opened = true;
    return std::make_unique<FailingBatches>(connect(m_url), FailingBatches::Fails::opening, &second_read);
  });
  const auto db = introspector.read({.privileges = true});
  EXPECT_TRUE(opened);
  EXPECT_TRUE(second_read.empty());
  expect_same(db, read({.privileges = true, .sessions = 1}));
  EXPECT_THROW(run("SAVEPOINT s"), Error);  // its transaction is over
}

TEST_F(IntrospectPostgres, TheFirstSessionReadsWhileTheSecondConnectsAndTheSecondReadsItsOwnHalves) {
  create_mixed_schema(*m_db);
  std::vector<std::string> first_read, second_read;
  FailingBatches first(connect(m_url), FailingBatches::Fails::nothing, &first_read);
  std::size_t read_before_second = 0;
  PgIntrospector introspector(first, [&]() -> std::unique_ptr<Connection> {
    // the second session is slow to connect: the first does not wait for it to start
    for (int i = 0; i < 500 && first.catalog_queries < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    read_before_second = first.catalog_queries;
    return std::make_unique<FailingBatches>(connect(m_url), FailingBatches::Fails::nothing, &second_read);
  });
  const auto db = introspector.read({.privileges = true});
  EXPECT_GE(read_before_second, 2u);
  // the second session read its halves (and perhaps some of the shared queries); the first, its
  // own halves; each query once
  for (const auto* half : {"columns (high half)", "constraints (high half)", "indexes, triggers, policies (high half)"}) {
    EXPECT_EQ(std::count(second_read.begin(), second_read.end(), half), 1) << half;
    EXPECT_EQ(std::count(first_read.begin(), first_read.end(), half), 0) << half;
  }
  for (const auto* half : {"columns (low half)", "constraints (low half)", "indexes, triggers, policies (low half)"}) {
    EXPECT_EQ(std::count(first_read.begin(), first_read.end(), half), 1) << half;
  }
  EXPECT_EQ(first_read.size() + second_read.size(), pg::k_catalog_count + 3);
  expect_same(db, read({.privileges = true, .sessions = 1}));
}

TEST(IntrospectFor, RefusesSqlite) {
  auto db = connect("sqlite:///:memory:");
  try {
    introspector_for(*db);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::refused);
    EXPECT_NE(std::string(e.what()).find("sqlite"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace retort
