// diff, check, dump and revision --autogenerate through the real binary: the first user's flow
// (examples/myagent) and what happens on bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "retort/database.hpp"
#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

using test::ProjectDir;
using test::run_retort;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A copy of examples/myagent whose scratch databases go to the test cluster (dev_url).
struct MyagentCopy {
  ProjectDir dir;
  std::string url = test::fresh_database();
  std::map<std::string, std::string> env{{"DATABASE_URL", url}};
  MyagentCopy() {
    fs::path example = fs::path(RETORT_SOURCE_DIR) / "examples/myagent";
    fs::copy(example / "migrations", dir.migrations(), fs::copy_options::overwrite_existing | fs::copy_options::recursive);
    dir.write("schema.sql", read_file(example / "schema.sql"));
    dir.write("retort.toml", fmt::format("migrations = \"migrations\"\nschema_file = \"schema.sql\"\ndev_url = \"{}\"\n",
                                         test::cluster().url()));
  }
  test::CliResult run(const std::vector<std::string>& args) const { return run_retort(args, dir.path(), env); }
  std::vector<fs::path> migrations() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir.migrations())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST(SchemaCli, CheckOnADatabaseAtHeadFindsNoDriftAndHeadMatchingTheSchemaFile) {
  MyagentCopy p;
  ASSERT_EQ(p.run({"upgrade", "head"}).exit_code, 0);
  auto r = p.run({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Drift: none"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("head matches it"), std::string::npos) << r.out;
}

TEST(SchemaCli, CheckReportsATableMadeOutsideTheMigrationsAndExitsOne) {
  MyagentCopy p;
  ASSERT_EQ(p.run({"upgrade", "head"}).exit_code, 0);
  connect(p.url)->execute("CREATE TABLE made_by_hand (id int)");
  auto r = p.run({"check", "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["clean"].get<bool>());
  EXPECT_EQ(j["database"]["drift"]["changes"][0]["object"], "table:public.made_by_hand");
  EXPECT_TRUE(j["schema_file"]["changes"]["equal"].get<bool>());
}

TEST(SchemaCli, CheckCountsPendingMigrationsAsPendingNotAsDrift) {
  MyagentCopy p;
  auto r = p.run({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pending: 0001_init"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Drift: none"), std::string::npos) << r.out;
}

TEST(SchemaCli, AutogenerateWritesAMigrationThatAddsAColumnAndDropsItOnTheWayDown) {
  MyagentCopy p;
  std::string schema = read_file(p.dir.path() / "schema.sql");
  auto at = schema.find("    completed_at TIMESTAMP\n");
  ASSERT_NE(at, std::string::npos);
  schema.replace(at, std::string("    completed_at TIMESTAMP\n").size(),
                 "    completed_at TIMESTAMP,\n    retries INTEGER NOT NULL DEFAULT 0\n");
  p.dir.write("schema.sql", schema);

  auto before = p.run({"check"});
  EXPECT_EQ(before.exit_code, 1) << before.out;
  EXPECT_NE(before.out.find("ADD COLUMN retries integer DEFAULT 0 NOT NULL"), std::string::npos) << before.out;

  auto r = p.run({"revision", "--autogenerate", "-m", "Add retries to tasks"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto files = p.migrations();
  ASSERT_EQ(files.size(), 2u);
  std::string text = read_file(files[1]);
  EXPECT_NE(text.find("-- down_revision: 0001_init"), std::string::npos) << text;
  auto up = text.find("-- migrate:up"), down = text.find("-- migrate:down");
  ASSERT_NE(up, std::string::npos);
  ASSERT_NE(down, std::string::npos);
  std::string up_sql = text.substr(up, down - up), down_sql = text.substr(down);
  EXPECT_NE(up_sql.find("ALTER TABLE public.tasks ADD COLUMN retries integer DEFAULT 0 NOT NULL;"), std::string::npos) << text;
  EXPECT_NE(up_sql.find("-- hazard access_exclusive_lock"), std::string::npos) << text;
  EXPECT_NE(down_sql.find("ALTER TABLE public.tasks DROP COLUMN retries;"), std::string::npos) << text;
  EXPECT_NE(down_sql.find("-- hazard deletes_data"), std::string::npos) << text;

  // The new migration runs, then the database matches the schema file; and it goes down again.
  ASSERT_EQ(p.run({"upgrade", "head"}).exit_code, 0);
  auto after = p.run({"check"});
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_EQ(test::scalar(p.url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'retries'"), "1");
  ASSERT_EQ(p.run({"downgrade", "-1", "--yes"}).exit_code, 0);  // drops a column: not at a terminal, --yes
  EXPECT_EQ(test::scalar(p.url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'retries'"), "0");
}

TEST(SchemaCli, AutogenerateWithNothingToChangeRefusesAndWritesNothing) {
  MyagentCopy p;
  auto r = p.run({"revision", "--autogenerate", "-m", "Nothing"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("no changes"), std::string::npos) << r.err;
  EXPECT_EQ(p.migrations().size(), 1u);
  auto empty = p.run({"revision", "--autogenerate", "--allow-empty", "-m", "Nothing"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(p.migrations().size(), 2u);
}

TEST(SchemaCli, ASchemaFileThatFailsNamesItsLineAndWritesNothing) {
  MyagentCopy p;
  p.dir.write("schema.sql", "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int REFERENCES missing(id));\n");
  auto r = p.run({"revision", "--autogenerate", "-m", "Broken"});
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("schema.sql:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("42P01"), std::string::npos) << r.err;
  EXPECT_EQ(p.migrations().size(), 1u);
}

TEST(SchemaCli, DiffOfEqualSchemasPrintsOnlyACommentAndExitsZeroWithExitCode) {
  MyagentCopy p;
  auto r = p.run({"diff", "migrations", "schema.sql", "--exit-code"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "-- no changes\n");
}

TEST(SchemaCli, DiffJsonCarriesEachStatementsHazards) {
  MyagentCopy p;
  p.dir.write("a.sql", "CREATE TABLE t (id int PRIMARY KEY, name text);\n");
  p.dir.write("b.sql", "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);\nCREATE INDEX t_name ON t (name);\n");
  auto r = p.run({"diff", "a.sql", "b.sql", "--json", "--exit-code"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> codes;
  for (const auto& c : j["changes"]) {
    for (const auto& s : c["statements"]) {
      for (const auto& h : s["hazards"]) codes.insert(h["code"].get<std::string>());
    }
  }
  EXPECT_TRUE(codes.count("validates_table"));
  EXPECT_TRUE(codes.count("share_lock"));
  EXPECT_TRUE(codes.count("builds_index"));
  auto online = p.run({"diff", "a.sql", "b.sql", "--online"});
  EXPECT_NE(online.out.find("CREATE INDEX CONCURRENTLY t_name"), std::string::npos) << online.out;
  EXPECT_NE(online.out.find("CHECK (name IS NOT NULL) NOT VALID"), std::string::npos) << online.out;
}

TEST(SchemaCli, DumpIsByteStableForTheSameSchemaBuiltInAnotherOrder) {
  MyagentCopy p;
  std::string one = test::fresh_database(), two = test::fresh_database();
  connect(one)->execute("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a); "
                    "CREATE VIEW v AS SELECT b.id FROM b JOIN a ON a.id = b.a");
  connect(two)->execute("CREATE TABLE b (id int PRIMARY KEY, a int); CREATE TABLE a (id int PRIMARY KEY); "
                    "ALTER TABLE b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a) REFERENCES a; "
                    "CREATE VIEW v AS SELECT b.id FROM b JOIN a ON a.id = b.a");
  auto first = p.run({"dump", one});
  auto second = p.run({"dump", two});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_LT(first.out.find("CREATE TABLE public.a"), first.out.find("CREATE TABLE public.b")) << first.out;
  EXPECT_LT(first.out.find("FOREIGN KEY"), first.out.find("CREATE VIEW")) << first.out;
}

TEST(SchemaCli, PrivilegesAreComparedOnlyWhenAskedFor) {
  MyagentCopy p;
  std::string plain = test::fresh_database(), granted = test::fresh_database();
  connect(plain)->execute("CREATE TABLE notes (id int PRIMARY KEY)");
  connect(granted)->execute("DO $$ BEGIN CREATE ROLE retort_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
                            "CREATE TABLE notes (id int PRIMARY KEY); GRANT SELECT ON notes TO retort_reader");
  auto without = p.run({"diff", plain, granted, "--exit-code"});
  EXPECT_EQ(without.exit_code, 0) << without.out << without.err;
  auto with = p.run({"diff", plain, granted, "--privileges", "--exit-code"});
  EXPECT_EQ(with.exit_code, 1) << with.err;
  EXPECT_NE(with.out.find("GRANT SELECT ON TABLE public.notes TO retort_reader;"), std::string::npos) << with.out;
  EXPECT_NE(with.out.find("-- hazard authorization:"), std::string::npos) << with.out;
  auto dump = p.run({"dump", granted, "--privileges"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_NE(dump.out.find("GRANT SELECT ON TABLE public.notes TO retort_reader;"), std::string::npos) << dump.out;
  EXPECT_EQ(p.run({"dump", granted}).out.find("GRANT"), std::string::npos);
}

TEST(SchemaCli, DiffWithTheDefaultPgtempDevUrlStartsAPrivateCluster) {
  ProjectDir dir;
  dir.write("a.sql", "CREATE TABLE t (id int);\n");
  dir.write("b.sql", "CREATE TABLE t (id int, name text);\n");
  auto r = run_retort({"diff", "a.sql", "b.sql"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ALTER TABLE public.t ADD COLUMN name text;"), std::string::npos) << r.out;
}

TEST(SchemaCli, CheckWithoutUrlOrSchemaFileSaysWhatToConfigure) {
  ProjectDir dir;
  dir.write("retort.toml", "migrations = \"migrations\"\n");
  auto r = run_retort({"check"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("nothing to check"), std::string::npos) << r.err;
}

} // namespace
} // namespace retort
