// retort/testing.hpp — GoogleTest helpers for a project's own migration tests (retort::testing):
// a fresh database per test, cloned from a template built once per set of migrations; a runner in
// the spirit of pytest-alembic (up to, down to, round trips, rows inserted between revisions);
// schema assertions; and the built-in tests (one head, base to head, up/down consistency).
// docs/testing.md.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "retort/commands.hpp"

namespace retort::testing {

/// The server the tests' databases are made on: RETORT_TEST_SERVER (a superuser url) when set,
/// else a throwaway cluster (pgtemp) started on first use and removed when the program exits.
const std::string& server_url();

/// Databases for one set of migrations on one server. The template (the migrations applied to
/// head) is built once, under a name derived from every migration's revision and checksum, so a
/// changed or added migration makes a new one; test programs running at once share it.
class TestDatabases {
public:
  explicit TestDatabases(std::shared_ptr<const Project> project, std::string server = server_url());
  /// A new database with nothing applied (from template0); its url.
  std::string empty();
  /// A new database at head, cloned from the template; its url.
  std::string at_head();
  /// Drops a database made here, or (keep) leaves it for a look after a failure.
  void release(const std::string& url, bool keep);
  /// The template's database name (for tests of the helper itself).
  [[nodiscard]] const std::string& template_name() const noexcept { return m_template; }

private:
  std::string create(const std::string& from);
  void build_template();

  std::shared_ptr<const Project> m_project;
  std::string m_server;
  std::string m_template;
  bool m_template_ready = false;
  std::mutex m_mutex;                        ///< guards m_made
  std::map<std::string, std::string> m_made;  ///< url -> database name, of the databases made here
};

/// A test of a project's migrations, with its own database. Derive a fixture that says which
/// project, then write TEST_Fs:
///
///   class Migrations : public retort::testing::MigrationTest {
///     retort::Project make_project() const override { return retort::Project(config_for(folder)); }
///   };
///   TEST_F(Migrations, Init) { migrate_up_to("0001_init"); expect_table("projects"); }
///   RETORT_BUILTIN_MIGRATION_TESTS(Migrations);
///
/// The database starts empty (start_at_head() for one at head). A failing test keeps its
/// database and prints its url; a passing one drops it.
class MigrationTest : public ::testing::Test {
protected:
  /// The project under test; its Config's url is ignored (the test database is used).
  [[nodiscard]] virtual Project make_project() const = 0;
  /// The code migrations the project's program registers (RunOptions::code), for every run here.
  [[nodiscard]] virtual std::vector<CodeMigration> code_migrations() const { return {}; }

  void SetUp() override;
  void TearDown() override;

  /// Replaces the empty database with one at head (the template's clone).
  void start_at_head();

  [[nodiscard]] const std::string& url() const noexcept { return m_url; }
  [[nodiscard]] Connection& db() { return *m_db; }
  [[nodiscard]] const Project& project() const { return *m_project; }

  void migrate_up_to(const std::string& target);
  void migrate_down_to(const std::string& target);
  /// Upgrades one revision, downgrades it, upgrades it again; false at head (nothing to do).
  bool roundtrip_next_revision();
  /// The version rows now.
  std::vector<std::string> current();
  /// Whether nothing is left to apply.
  bool at_head();
  /// Runs SQL on the test database (rows inserted at a revision, before migrating on).
  void execute(const std::string& sql);
  /// The first column of the first row of a query, or nullopt.
  std::optional<std::string> scalar(const std::string& sql);

  void expect_table(const std::string& table);
  void expect_no_table(const std::string& table);
  /// `type` as the server prints it (format_type: "character varying(255)", "integer", "jsonb").
  void expect_column(const std::string& table, const std::string& column, const std::string& type, bool nullable);
  void expect_index(const std::string& table, const std::string& index);
  void expect_constraint(const std::string& table, const std::string& constraint);

  /// The graph has one head.
  void expect_single_head();
  /// Every migration applies, from base to head.
  void expect_upgrade_base_to_head();
  /// Each revision, from base: up, down, up again, with the schema after the down equal (as the
  /// server prints it) to the schema before the up.
  void expect_up_down_consistency();

private:
  TestDatabases& databases();
  [[nodiscard]] RunOptions run_options(const std::string& target) const;

  std::shared_ptr<const Project> m_project;
  std::string m_url;
  std::unique_ptr<Connection> m_db;
};

} // namespace retort::testing

/// The built-in tests for a MigrationTest fixture: one head, base to head, up/down consistency.
#define RETORT_BUILTIN_MIGRATION_TESTS(Fixture)                                        \
  TEST_F(Fixture, HasASingleHead) { expect_single_head(); }                            \
  TEST_F(Fixture, UpgradesFromBaseToHead) { expect_upgrade_base_to_head(); }           \
  TEST_F(Fixture, EachRevisionGoesUpDownAndUpAgain) { expect_up_down_consistency(); }
