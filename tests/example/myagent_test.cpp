// The first user's own migration test, in retort: apply 0001_init to a scratch database and
// check the three tables, their columns and the four indexes.
#include <gtest/gtest.h>

#include "retort/commands.hpp"
#include "support/postgres.hpp"

namespace retort {
namespace {

Config example_config(const std::string& url) {
  ConfigOverrides o;
  o.config_file = std::string(RETORT_SOURCE_DIR) + "/examples/myagent/retort.toml";
  o.url = url;
  return load_config(o);
}

std::string column(const std::string& url, const std::string& table, const std::string& col) {
  return test::scalar(url, "SELECT format('%s|%s|%s', format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                           "coalesce(pg_get_expr(d.adbin, d.adrelid), '')) FROM pg_attribute a LEFT JOIN pg_attrdef d "
                           "ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = '" + table +
                           "'::regclass AND a.attname = '" + col + "'");
}

TEST(MyagentExample, InitCreatesTheThreeTablesAndFourIndexes) {
  auto url = test::fresh_database();
  Project project(example_config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "0001_init"});
  EXPECT_EQ(test::scalar(url, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = "
                              "'public' AND tablename NOT LIKE 'retort%'"),
            "iterations,projects,tasks");
  EXPECT_EQ(test::scalar(url, "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = "
                              "'public' AND indexname LIKE 'idx%'"),
            "idx_iterations_project_id,idx_projects_name,idx_tasks_project_id,idx_tasks_status");
  EXPECT_EQ(column(url, "projects", "id"), "integer|t|nextval('projects_id_seq'::regclass)");
  EXPECT_EQ(column(url, "projects", "name"), "character varying(255)|t|");
  EXPECT_EQ(column(url, "projects", "spec"), "jsonb|t|");
  EXPECT_EQ(column(url, "projects", "state"), "character varying(50)|t|'initializing'::character varying");
  EXPECT_EQ(column(url, "projects", "created_at"), "timestamp without time zone|f|CURRENT_TIMESTAMP");
  EXPECT_EQ(column(url, "tasks", "id"), "character varying(255)|t|");
  EXPECT_EQ(column(url, "tasks", "status"), "character varying(50)|f|'pending'::character varying");
  EXPECT_EQ(column(url, "tasks", "type"), "character varying(100)|t|");
  EXPECT_EQ(column(url, "iterations", "tasks_failed"), "integer|f|0");
  EXPECT_EQ(column(url, "iterations", "iteration_number"), "integer|t|");
  EXPECT_EQ(test::scalar(url, "SELECT string_agg(conrelid::regclass || '->' || confrelid::regclass, ',' ORDER BY conrelid::regclass::text) "
                              "FROM pg_constraint WHERE contype = 'f'"),
            "iterations->projects,tasks->projects");
  EXPECT_EQ(test::scalar(url, "SELECT count(*) FROM pg_constraint WHERE contype = 'u' AND conrelid = 'projects'::regclass"), "1");
}

TEST(MyagentExample, UpgradeThenDowngradeBaseLeavesAnEmptySchema) {
  auto url = test::fresh_database();
  Project project(example_config(url));
  auto db = connect(url);
  upgrade(project, *db, {.target = "head"});
  downgrade(project, *db, {.target = "base"});
  EXPECT_EQ(test::scalar(url, "SELECT coalesce(string_agg(c.relname, ','), '') FROM pg_class c JOIN pg_namespace n ON "
                              "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname NOT LIKE 'retort%'"),
            "");
}

} // namespace
} // namespace retort
