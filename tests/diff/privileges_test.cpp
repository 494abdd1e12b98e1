// Owners and grants (DiffOptions::privileges) on a real PostgreSQL: the diff applied to A gives
// B's owners and grants, both ways, a second diff is empty, and a dump with privileges rebuilds them.
#include <gtest/gtest.h>

#include "retort/database.hpp"
#include "retort/diff.hpp"
#include "retort/error.hpp"
#include "retort/introspect.hpp"
#include "support/schema_pair.hpp"

namespace retort::test {
namespace {

const std::string objects = R"(
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('calm', 'busy');
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
CREATE TABLE app.tasks (id serial PRIMARY KEY, title text NOT NULL, mood app.mood);
CREATE SEQUENCE app.tickets;
CREATE VIEW app.open_tasks AS SELECT id, title FROM app.tasks;
CREATE FUNCTION app.add_one(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT v + 1 $$;
)";

const std::string grants = R"(
ALTER TABLE app.tasks OWNER TO retort_writer;
GRANT SELECT ON app.tasks TO retort_reader;
REVOKE TRUNCATE ON app.tasks FROM retort_writer;
GRANT SELECT, INSERT ON app.open_tasks TO retort_reader WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION app.add_one(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.add_one(integer) TO retort_reader;
GRANT USAGE ON SCHEMA app TO retort_reader;
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
ALTER DOMAIN app.positive OWNER TO retort_writer;
GRANT USAGE, SELECT ON SEQUENCE app.tickets TO retort_reader;
)";

schema::Database read_with_privileges(const std::string& url) {
  auto db = connect(url);
  IntrospectOptions options;
  options.privileges = true;
  return introspector_for(*db)->read(options);
}

schema::DiffOptions with_privileges() {
  schema::DiffOptions options;
  options.privileges = true;
  return options;
}

/// Applies diff(from, to) with privileges to `from_url` and checks that it now reads as `to`.
void expect_diff_reaches(const std::string& from_url, const std::string& to_url) {
  schema::Database to = read_with_privileges(to_url);
  schema::ChangeSet changes = schema::diff(read_with_privileges(from_url), to, with_privileges());
  std::string sql = schema::render_sql(changes);
  ASSERT_EQ(apply_changes(from_url, changes), "") << sql;
  schema::ChangeSet again = schema::diff(read_with_privileges(from_url), to, with_privileges());
  EXPECT_TRUE(again.empty()) << "second diff:\n" << schema::render_sql(again) << "\n--- first:\n" << sql;
}

TEST(PrivilegeDiff, GrantsRevokesAndOwnersOfExistingObjectsBothWays) {
  std::string plain = database_with(objects);
  std::string granted = database_with(objects + grants);
  auto changes = schema::diff(read_with_privileges(plain), read_with_privileges(granted), with_privileges());
  std::string sql = schema::render_sql(changes);
  EXPECT_NE(sql.find("ALTER TABLE app.tasks OWNER TO retort_writer"), std::string::npos) << sql;
  EXPECT_NE(sql.find("REVOKE EXECUTE ON ROUTINE app.add_one(integer) FROM PUBLIC"), std::string::npos) << sql;
  EXPECT_NE(sql.find("-- hazard authorization: "), std::string::npos) << sql;
  // The serial's sequence follows its table's owner: never an ALTER SEQUENCE … OWNER TO of its own.
  EXPECT_EQ(sql.find("ALTER SEQUENCE app.tasks_id_seq OWNER"), std::string::npos) << sql;

  expect_diff_reaches(plain, granted);
  std::string plain_again = database_with(objects);
  std::string granted_again = database_with(objects + grants);
  expect_diff_reaches(granted_again, plain_again);
}

const std::string column_and_default_grants = R"(
GRANT SELECT (title), UPDATE (title) ON app.tasks TO retort_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE retort_writer GRANT SELECT ON TABLES TO retort_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE retort_writer IN SCHEMA app GRANT USAGE ON SEQUENCES TO retort_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE retort_writer REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
)";

TEST(PrivilegeDiff, ColumnGrantsAndDefaultPrivilegesBothWays) {
  std::string plain = database_with(objects);
  std::string granted = database_with(objects + column_and_default_grants);
  auto changes = schema::diff(read_with_privileges(plain), read_with_privileges(granted), with_privileges());
  std::string sql = schema::render_sql(changes);
  EXPECT_NE(sql.find("GRANT SELECT (title), UPDATE (title) ON TABLE app.tasks TO retort_reader"), std::string::npos) << sql;
  EXPECT_NE(sql.find("ALTER DEFAULT PRIVILEGES FOR ROLE retort_writer IN SCHEMA app GRANT USAGE ON SEQUENCES TO retort_reader"),
            std::string::npos) << sql;
  EXPECT_NE(sql.find("ALTER DEFAULT PRIVILEGES FOR ROLE retort_writer REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"),
            std::string::npos) << sql;

  expect_diff_reaches(plain, granted);
  expect_diff_reaches(database_with(objects + column_and_default_grants), database_with(objects));
}

TEST(PrivilegeDiff, NewObjectsGetTheirOwnersAndGrants) {
  std::string empty = database_with("");
  std::string granted = database_with(objects + grants);
  expect_diff_reaches(empty, granted);
}

TEST(PrivilegeDiff, WithoutTheOptionPrivilegesAreNotCompared) {
  std::string plain = database_with(objects);
  std::string granted = database_with(objects + grants);
  EXPECT_TRUE(schema::diff(read_with_privileges(plain), read_with_privileges(granted)).empty());
}

TEST(PrivilegeDiff, RefusesModelsReadWithoutPrivileges) {
  std::string url = database_with(objects);
  schema::Database without = read_database(url);
  EXPECT_THROW(schema::diff(without, read_with_privileges(url), with_privileges()), Error);
}

TEST(PrivilegeDiff, DumpWithPrivilegesRebuildsOwnersAndGrants) {
  std::string granted = database_with(objects + grants);
  schema::Database model = read_with_privileges(granted);
  std::string dump = schema::dump_sql(model);
  EXPECT_NE(dump.find("GRANT SELECT ON TABLE app.tasks TO retort_reader"), std::string::npos) << dump;
  std::string rebuilt = database_with(dump);
  EXPECT_EQ(schema::dump_sql(read_with_privileges(rebuilt)), dump);
}

} // namespace
} // namespace retort::test
