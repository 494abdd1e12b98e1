// The diff engine on models built inline (no database): order, recreation, renames, hazards.
#include <gtest/gtest.h>

#include "retort/diff.hpp"
#include "retort/error.hpp"

namespace retort::schema {
namespace {

Table table(const std::string& name, std::vector<Column> columns, std::vector<Constraint> constraints = {}) {
  Table t;
  t.schema = "public";
  t.name = name;
  t.columns = std::move(columns);
  t.constraints = std::move(constraints);
  return t;
}

Column column(const std::string& name, const std::string& type, bool not_null = false, const std::string& def = "") {
  Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  c.default_expr = def;
  return c;
}

std::vector<std::string> descriptions(const ChangeSet& set) {
  std::vector<std::string> out;
  for (const auto& c : set.changes) out.push_back(c.description);
  return out;
}

std::size_t position(const ChangeSet& set, const std::string& needle) {
  for (std::size_t i = 0; i < set.changes.size(); ++i) {
    for (const auto& s : set.changes[i].statements) {
      if (s.sql.find(needle) != std::string::npos) return i;
    }
  }
  return set.changes.size();
}

Database with_function_default() {
  Database db;
  Function f;
  f.schema = "public";
  f.name = "next_code";
  f.arguments = "";
  f.result = "text";
  f.language = "sql";
  f.definition = "CREATE OR REPLACE FUNCTION public.next_code()\n RETURNS text\n LANGUAGE sql\nAS $function$select 'x'$function$\n";
  db.functions.push_back(f);
  db.tables.push_back(table("codes", {column("code", "text", true, "public.next_code()")}));
  db.dependencies.push_back({"column:public.codes.code", "function:public.next_code()", false});
  canonicalize(db);
  return db;
}

TEST(DiffModel, EqualModelsGiveAnEmptyChangeSet) {
  Database a = with_function_default();
  EXPECT_TRUE(diff(a, a).empty());
  EXPECT_EQ(render_sql(diff(a, a)), "-- no changes\n");
}

TEST(DiffModel, AFunctionUsedByADefaultIsCreatedBeforeTheTableAndDroppedAfterIt) {
  Database empty, full = with_function_default();
  ChangeSet up = diff(empty, full);
  EXPECT_LT(position(up, "FUNCTION public.next_code"), position(up, "CREATE TABLE public.codes"));
  ChangeSet down = diff(full, empty);
  EXPECT_LT(position(down, "DROP TABLE public.codes"), position(down, "DROP FUNCTION public.next_code"));
}

TEST(DiffModel, ForeignKeysComeAfterBothTablesSoACycleNeedsNothingSpecial) {
  Database db;
  Constraint ab{"a_b_fkey", 'f', "FOREIGN KEY (b) REFERENCES public.b(id)", true, "public.b", ""};
  Constraint ba{"b_a_fkey", 'f', "FOREIGN KEY (a) REFERENCES public.a(id)", true, "public.a", ""};
  Constraint pk_a{"a_pkey", 'p', "PRIMARY KEY (id)", true, "", ""};
  Constraint pk_b{"b_pkey", 'p', "PRIMARY KEY (id)", true, "", ""};
  db.tables.push_back(table("a", {column("id", "integer", true), column("b", "integer")}, {ab, pk_a}));
  db.tables.push_back(table("b", {column("id", "integer", true), column("a", "integer")}, {ba, pk_b}));
  canonicalize(db);
  ChangeSet up = diff(Database{}, db);
  ASSERT_EQ(up.changes.size(), 4u) << render_sql(up);
  EXPECT_EQ(up.changes[0].action, "create");
  EXPECT_EQ(up.changes[2].kind, Kind::constraint);
  EXPECT_EQ(up.changes[3].kind, Kind::constraint);
  EXPECT_EQ(position(up, "CREATE TABLE public.a"), 0u);
}

TEST(DiffModel, AViewWhoseColumnsChangeIsRecreatedWithTheViewsOnIt) {
  auto make = [](const std::vector<std::string>& columns) {
    Database db;
    db.tables.push_back(table("t", {column("a", "integer"), column("b", "integer")}));
    View v;
    v.schema = "public";
    v.name = "v";
    v.columns = columns;
    v.definition = columns.size() == 1 ? " SELECT t.a FROM public.t;" : " SELECT t.b, t.a FROM public.t;";
    View w;
    w.schema = "public";
    w.name = "w";
    w.columns = {"a integer"};
    w.definition = " SELECT v.a FROM public.v;";
    db.views = {v, w};
    db.dependencies = {{"view:public.v", "column:public.t.a", false}, {"view:public.w", "column:public.v.a", false}};
    canonicalize(db);
    return db;
  };
  ChangeSet set = diff(make({"a integer"}), make({"b integer", "a integer"}));
  auto d = descriptions(set);
  ASSERT_EQ(d.size(), 4u) << render_sql(set);
  EXPECT_EQ(d[0], "drop view public.w");
  EXPECT_EQ(d[1], "drop view public.v");
  EXPECT_EQ(d[2], "create view public.v");
  EXPECT_EQ(d[3], "create view public.w");
  EXPECT_EQ(set.changes[2].statements[0].hazards.back().hazard, Hazard::recreates_object);
}

TEST(DiffModel, AnEnumValueRemovedRecreatesTheTypeAndConvertsItsColumns) {
  auto make = [](std::vector<std::string> labels) {
    Database db;
    db.enums.push_back(EnumType{"public", "mood", std::move(labels), "", {}});
    db.tables.push_back(table("people", {column("m", "public.mood", false, "'ok'::public.mood")}));
    db.dependencies = {{"column:public.people.m", "enum:public.mood", false}};
    canonicalize(db);
    return db;
  };
  std::string sql = render_sql(diff(make({"ok", "sad", "happy"}), make({"ok", "happy"})));
  auto rename = sql.find("ALTER TYPE public.mood RENAME TO mood__retort_old");
  auto drop_default = sql.find("ALTER COLUMN m DROP DEFAULT");
  auto create = sql.find("CREATE TYPE public.mood AS ENUM ('ok', 'happy')");
  auto convert = sql.find("ALTER COLUMN m TYPE public.mood USING m::text::public.mood");
  auto set_default = sql.find("ALTER COLUMN m SET DEFAULT 'ok'::public.mood");
  auto drop_old = sql.find("DROP TYPE public.mood__retort_old");
  ASSERT_NE(drop_old, std::string::npos) << sql;
  EXPECT_LT(rename, create) << sql;
  EXPECT_LT(drop_default, convert) << sql;
  EXPECT_LT(create, convert) << sql;
  EXPECT_LT(convert, set_default) << sql;
  EXPECT_LT(set_default, drop_old) << sql;
  std::string added = render_sql(diff(make({"ok", "happy"}), make({"ok", "sad", "happy"})));
  EXPECT_NE(added.find("ALTER TYPE public.mood ADD VALUE 'sad' BEFORE 'happy'"), std::string::npos) << added;
}

TEST(DiffModel, ObjectsTheModelDoesNotCoverAreNeverSilentlyEqual) {
  Database a, b;
  b.unsupported.push_back({"foreign table", "public.remote"});
  ChangeSet one_side = diff(a, b);
  EXPECT_FALSE(one_side.empty());
  EXPECT_NE(render_sql(one_side).find("not rendered: foreign table public.remote"), std::string::npos);
  a.unsupported = b.unsupported;
  ChangeSet both = diff(a, b);
  EXPECT_TRUE(both.empty());
  ASSERT_EQ(both.notes.size(), 1u);
  EXPECT_NE(both.notes[0].find("foreign table public.remote"), std::string::npos);
}

TEST(DiffModel, ATypeChangeCarriesUsingAndItsRewriteHazardOnlyWhenPostgresRewrites) {
  Database a, b, c;
  a.tables.push_back(table("t", {column("x", "character varying(50)")}));
  b.tables.push_back(table("t", {column("x", "character varying(255)")}));
  c.tables.push_back(table("t", {column("x", "integer")}));
  auto widen = diff(a, b).changes.at(0).statements.at(0);
  EXPECT_EQ(widen.sql, "ALTER TABLE public.t ALTER COLUMN x TYPE character varying(255) USING x::character varying(255)");
  for (const auto& h : widen.hazards) EXPECT_NE(h.hazard, Hazard::rewrites_table);
  auto convert = diff(a, c).changes.at(0).statements.at(0);
  EXPECT_EQ(convert.sql, "ALTER TABLE public.t ALTER COLUMN x TYPE integer USING x::integer");
  bool rewrites = false;
  for (const auto& h : convert.hazards) rewrites = rewrites || h.hazard == Hazard::rewrites_table;
  EXPECT_TRUE(rewrites);
}

TEST(DiffModel, AStatedTableRenameRenamesInsteadOfDroppingAndTheInverseRenamesBack) {
  Database a, b;
  a.tables.push_back(table("tasks", {column("id", "integer"), column("owner", "text")}));
  b.tables.push_back(table("jobs", {column("id", "integer"), column("assignee", "text")}));
  auto renames = parse_renames("-- retort: renamed column jobs.assignee from owner\n"
                               "CREATE TABLE jobs (id int, assignee text);\n"
                               "-- retort: renamed table public.jobs from tasks\n");
  ASSERT_EQ(renames.size(), 2u);
  EXPECT_EQ(renames[0].kind, Kind::table);  // tables first, whatever the file's order
  ChangeSet up = diff(a, b, DiffOptions{false, false, renames});
  EXPECT_EQ(render_sql(up), "-- rename table public.tasks to jobs\nALTER TABLE public.tasks RENAME TO jobs;\n\n"
                            "-- rename column public.jobs.owner to assignee\nALTER TABLE public.jobs RENAME COLUMN owner TO assignee;\n");
  ChangeSet down = diff(b, a, DiffOptions{false, false, invert(renames)});
  EXPECT_EQ(render_sql(down), "-- rename column public.jobs.assignee to owner\nALTER TABLE public.jobs RENAME COLUMN assignee TO owner;\n\n"
                              "-- rename table public.jobs to tasks\nALTER TABLE public.jobs RENAME TO tasks;\n");
  ChangeSet guessed = diff(a, b);
  bool noted = false;
  for (const auto& n : guessed.notes) noted = noted || n.find("renamed table public.jobs from tasks") != std::string::npos;
  EXPECT_FALSE(noted) << "different columns: no rename suggested";
}

TEST(DiffModel, ADropAndAnAddOfTheSameShapeSuggestsStatingARename) {
  Database a, b;
  a.tables.push_back(table("tasks", {column("id", "integer")}));
  b.tables.push_back(table("jobs", {column("id", "integer")}));
  ChangeSet set = diff(a, b);
  ASSERT_EQ(set.notes.size(), 1u);
  EXPECT_NE(set.notes[0].find("-- retort: renamed table public.jobs from tasks"), std::string::npos) << set.notes[0];
}

TEST(DiffModel, AMalformedRenameCommentIsAnErrorWithItsLine) {
  try {
    (void)parse_renames("CREATE TABLE a (id int);\n-- retort: renamed tabel a from b\n");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_EQ(e.context().line, 2);
  }
}

TEST(DiffModel, OnlineSetNotNullGoesThroughAValidatedCheck) {
  Database a, b;
  a.tables.push_back(table("t", {column("x", "integer")}));
  b.tables.push_back(table("t", {column("x", "integer", true)}));
  std::string sql = render_sql(diff(a, b, DiffOptions{true, false, {}}));
  auto add = sql.find("CHECK (x IS NOT NULL) NOT VALID");
  auto validate = sql.find("VALIDATE CONSTRAINT");
  auto set = sql.find("SET NOT NULL");
  auto drop = sql.find("DROP CONSTRAINT");
  ASSERT_NE(drop, std::string::npos) << sql;
  EXPECT_LT(add, validate);
  EXPECT_LT(validate, set);
  EXPECT_LT(set, drop);
}

TEST(DiffModel, DumpIsDependencyOrderedAndIdenticalForEqualModels) {
  Database one = with_function_default(), two = with_function_default();
  EXPECT_EQ(dump_sql(one), dump_sql(two));
  std::string text = dump_sql(one);
  EXPECT_LT(text.find("FUNCTION public.next_code"), text.find("CREATE TABLE public.codes")) << text;
}

} // namespace
} // namespace retort::schema
