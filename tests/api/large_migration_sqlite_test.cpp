// A SQLite migration larger than what retort keeps in memory runs from its file, a window at a
// time, split with SQLite's own rules (trigger bodies, bracketed names) as the whole file would be.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "retort/commands.hpp"
#include "runner/runner.hpp"
#include "support/project_dir.hpp"

namespace retort {

TEST(SqliteLargeMigration, RunsFromItsFileWithTriggerBodiesWhole) {
  test::ProjectDir dir;
  std::string text = "-- revision: big\n-- down_revision: none\n-- migrate:up\n"
                     "CREATE TABLE [t;x] (id INTEGER PRIMARY KEY, note TEXT);\n"
                     "CREATE TABLE audit (n INTEGER);\n"
                     "CREATE TRIGGER count_rows AFTER INSERT ON [t;x] BEGIN\n"
                     "  INSERT INTO audit VALUES (CASE WHEN new.id > 0 THEN 1 ELSE 0 END);\n"
                     "END;\n";
  for (int i = 1; i <= 4000; ++i) {
    text += fmt::format("INSERT INTO [t;x] VALUES ({}, '{}');\n", i, std::string(700, ';'));
  }
  text += "-- migrate:down\nDROP TABLE [t;x];\n";
  ASSERT_GT(text.size(), StepStatements::k_keep_section);
  dir.write_migration("big.sql", text);
  Project project(dir.config(dir.sqlite_url()));
  auto db = connect(dir.sqlite_url());
  upgrade(project, *db, {});
  EXPECT_EQ(db->query("SELECT count(*), sum(length(note)) FROM [t;x]").at(0),
            (Row{std::string("4000"), std::to_string(4000 * 700)}));
  EXPECT_EQ(db->query("SELECT count(*) FROM audit").at(0).at(0), "4000");
  EXPECT_EQ(db->query("SELECT checksum FROM retort_history WHERE revision = 'big'").at(0).at(0),
            parse_migration(text, "big.sql").checksum);
}

} // namespace retort
