// myagent's migration tests: their tests/test_migrations/test_001_init.py in C++, through
// retort::testing, plus the built-in tests (one head, base to head, up/down consistency).
#include "database.hpp"
#include "retort/testing.hpp"

namespace {

class MyagentMigrations : public retort::testing::MigrationTest {
  [[nodiscard]] retort::Project make_project() const override { return myagent::embedded_project(""); }
};

TEST_F(MyagentMigrations, InitialMigrationCreatesProjectsTasksAndIterations) {
  migrate_up_to("0001_init");
  expect_table("projects");
  expect_table("tasks");
  expect_table("iterations");
  expect_column("projects", "name", "character varying(255)", false);
  expect_column("projects", "spec", "jsonb", false);
  expect_column("tasks", "status", "character varying(50)", true);
  expect_index("tasks", "idx_tasks_status");
  expect_constraint("projects", "projects_name_key");
}

TEST_F(MyagentMigrations, RowsInsertedAtInitSurviveTheRoundTripToBase) {
  migrate_up_to("0001_init");
  execute("INSERT INTO projects (name, spec) VALUES ('alpha', '{}')");
  EXPECT_EQ(scalar("SELECT count(*) FROM projects"), "1");
  migrate_down_to("base");
  expect_no_table("projects");
  EXPECT_TRUE(current().empty());
}

TEST_F(MyagentMigrations, AFreshDatabaseAtHeadIsClonedFromTheTemplate) {
  start_at_head();
  expect_table("iterations");
  EXPECT_EQ(current(), std::vector<std::string>{"0001_init"});
}

RETORT_BUILTIN_MIGRATION_TESTS(MyagentMigrations);

} // namespace
