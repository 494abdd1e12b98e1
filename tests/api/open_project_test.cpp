// open_project: the folder loads on another thread while the connection opens; errors keep the
// order they had when the two ran one after the other.
#include <gtest/gtest.h>

#include <atomic>

#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;

constexpr const char* k_unreachable = "postgresql://postgres@/postgres?host=/nonexistent-socket-dir&connect_timeout=2";

void write_two(const ProjectDir& dir) {
  dir.write_migration("0001_a.sql", migration_text("a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("0002_b.sql", migration_text("b", "a", "CREATE TABLE b (id int);", "DROP TABLE b;"));
}

void write_malformed(const ProjectDir& dir) {
  dir.write_migration("0003_c.sql", "-- revision: c\n-- down_revision: b\n-- colour: blue\n-- migrate:up\nSELECT 1;\n");
}

TEST(OpenProject, LoadsTheFolderAndRunsWhileLoadingOnTheOpenConnection) {
  ProjectDir dir;
  write_two(dir);
  auto url = test::fresh_database();
  {
    auto seed = open_project(dir.config(url), true);
    upgrade(seed.project, *seed.db, {.target = "a"});
  }
  std::vector<std::string> heads;
  auto opened = open_project(dir.config(url), true, [&](Connection& db, const Config& config) {
    EXPECT_EQ(config.url, url);
    heads = current_heads(config, db);
  });
  ASSERT_NE(opened.db, nullptr);
  EXPECT_EQ(opened.project.graph().size(), 2u);
  EXPECT_EQ(heads, std::vector<std::string>{"a"});
  auto state = read_database_state(opened.project.config(), *opened.db);
  auto s = status(opened.project, std::move(state));
  EXPECT_EQ(s.pending, std::vector<std::string>{"b"});
}

TEST(OpenProject, AFolderErrorWinsOverAnUnreachableServer) {
  ProjectDir dir;
  write_two(dir);
  write_malformed(dir);
  try {
    (void)open_project(dir.config(k_unreachable), true);
    FAIL() << "expected the folder's error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file) << e.what();
    EXPECT_NE(std::string(e.what()).find("colour"), std::string::npos) << e.what();
  }
}

TEST(OpenProject, AFolderErrorWinsOverAFailingReadWhileLoading) {
  ProjectDir dir;
  write_two(dir);
  write_malformed(dir);
  auto url = test::fresh_database();
  try {
    (void)open_project(dir.config(url), true, [](Connection& db, const Config&) { db.query("SELECT * FROM no_such_table"); });
    FAIL() << "expected the folder's error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file) << e.what();
  }
}

TEST(OpenProject, AnUnreachableServerIsAConnectionErrorAndWhileLoadingNeverRuns) {
  ProjectDir dir;
  write_two(dir);
  std::atomic<bool> ran{false};
  try {
    (void)open_project(dir.config(k_unreachable), true, [&](Connection&, const Config&) { ran = true; });
    FAIL() << "expected a connection error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
  }
  EXPECT_FALSE(ran);
}

TEST(OpenProject, AFailingReadWhileLoadingIsThrownWhenTheFolderIsFine) {
  ProjectDir dir;
  write_two(dir);
  auto url = test::fresh_database();
  try {
    (void)open_project(dir.config(url), true, [](Connection& db, const Config&) { db.query("SELECT * FROM no_such_table"); });
    FAIL() << "expected the query's error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::sql_failed) << e.what();
    EXPECT_EQ(e.context().sqlstate, "42P01");
  }
}

TEST(OpenProject, NoUrlIsAConfigErrorAfterTheFolderIsChecked) {
  ProjectDir dir;
  write_two(dir);
  try {
    (void)open_project(dir.config(""), true);
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config) << e.what();
  }
  write_malformed(dir);
  try {
    (void)open_project(dir.config(""), true);
    FAIL() << "expected the folder's error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file) << e.what();
  }
}

TEST(OpenProject, WithoutADatabaseNothingConnects) {
  ProjectDir dir;
  write_two(dir);
  bool ran = false;
  auto opened = open_project(dir.config(k_unreachable), false, [&](Connection&, const Config&) { ran = true; });
  EXPECT_EQ(opened.db, nullptr);
  EXPECT_FALSE(ran);
  EXPECT_EQ(opened.project.graph().size(), 2u);
}

} // namespace
} // namespace retort
