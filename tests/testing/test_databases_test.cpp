// retort::testing's databases: the template is built once per set of migrations and a new one is
// made when a migration changes; clones are at head; a kept database stays, a released one goes.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "retort/error.hpp"
#include "retort/testing.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;
using test::scalar;

std::string database_exists(const std::string& name) {
  return scalar(test::cluster().url(), "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
}

TEST(TestDatabases, TheTemplateIsBuiltOnceAndANewOneWhenAMigrationChanges) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  auto project = std::make_shared<const Project>(dir.config(""));
  testing::TestDatabases databases(project, test::cluster().url());
  const auto first = databases.at_head();
  const auto second = databases.at_head();
  EXPECT_EQ(database_exists(databases.template_name()), "1");
  EXPECT_EQ(scalar(first, "SELECT to_regclass('a') IS NOT NULL"), "t");
  EXPECT_EQ(scalar(second, "SELECT version_num FROM retort_version"), "0001");
  const auto empty = databases.empty();
  EXPECT_EQ(scalar(empty, "SELECT to_regclass('a') IS NULL"), "t");

  // Another process (or test) with the same migrations finds the template there.
  testing::TestDatabases again(std::make_shared<const Project>(dir.config("")), test::cluster().url());
  EXPECT_EQ(again.template_name(), databases.template_name());

  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id bigint);", "DROP TABLE a;"));
  testing::TestDatabases changed(std::make_shared<const Project>(dir.config("")), test::cluster().url());
  EXPECT_NE(changed.template_name(), databases.template_name());
  const auto third = changed.at_head();
  EXPECT_EQ(scalar(third, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'a'::regclass "
                          "AND attname = 'id'"),
            "bigint");
  for (const auto& url : {first, second, empty}) databases.release(url, false);
  changed.release(third, false);
}

TEST(TestDatabases, AKeptDatabaseStaysAndAReleasedOneIsDropped) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("0001", "", "CREATE TABLE a (id int);"));
  testing::TestDatabases databases(std::make_shared<const Project>(dir.config("")), test::cluster().url());
  const auto kept = databases.empty();
  const auto dropped = databases.empty();
  const auto name_of = [](const std::string& url) { return test::database_name(url); };
  databases.release(kept, true);
  databases.release(dropped, false);
  EXPECT_EQ(database_exists(name_of(kept)), "1");
  EXPECT_EQ(database_exists(name_of(dropped)), "0");
  EXPECT_THROW(databases.release(kept, false), Error) << "released once already";
}

} // namespace
} // namespace retort
