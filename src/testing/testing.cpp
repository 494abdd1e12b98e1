// testing/testing.cpp — retort::testing: databases cloned from a template per set of migrations,
// the migration runner and the schema assertions of MigrationTest. For PostgreSQL.
#include "retort/testing.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "core/sha256.hpp"
#include "retort/error.hpp"
#include "retort/schema_commands.hpp"
#include "retort/temp_cluster.hpp"
#include "retort/url.hpp"

namespace retort::testing {
namespace {

/// "retort_tpl_" + a hash of every revision, its checksum and the version tables' names: another
/// set of migrations, or one file changed, names another template.
std::string template_name_for(const Project& project) {
  std::string input = project.config().version_table + "\n" + project.config().history_table + "\n";
  const auto& graph = project.graph();
  for (std::size_t i = 0; i < graph.size(); ++i) input += graph[i].revision + ":" + graph[i].checksum + "\n";
  return "retort_tpl_" + sha256_hex(input).substr(0, 24);
}

} // namespace

const std::string& server_url() {
  static const std::string url = [] {
    if (const char* given = std::getenv("RETORT_TEST_SERVER"); given != nullptr && *given != '\0') return std::string(given);
    // Autovacuum off: a test program makes many short-lived databases, and vacuuming them helps none.
    static TempCluster cluster(TempClusterOptions{.autovacuum = false});
    return cluster.url();
  }();
  return url;
}

TestDatabases::TestDatabases(std::shared_ptr<const Project> project, std::string server)
    : m_project(std::move(project)), m_server(std::move(server)), m_template(template_name_for(*m_project)) {}

std::string TestDatabases::create(const std::string& from) {
  static std::atomic<int> counter{0};
  const std::string name = fmt::format("retort_test_{}_{}", ::getpid(), ++counter);
  auto admin = connect(m_server);
  const auto& d = admin->dialect();
  admin->execute(fmt::format("CREATE DATABASE {} TEMPLATE {}", d.quote_ident(name), d.quote_ident(from)));
  std::string url = url_with_database(m_server, name);
  std::lock_guard lock(m_mutex);
  m_made[url] = name;
  return url;
}

void TestDatabases::build_template() {
  auto admin = connect(m_server);
  const auto& d = admin->dialect();
  // Test programs running at once (ctest -j) build it once: the first holds this lock while the
  // others wait, then find it there.
  admin->query("SELECT pg_advisory_lock(hashtext($1))", {m_template});
  try {
    if (admin->query("SELECT 1 FROM pg_database WHERE datname = $1", {m_template}).empty()) {
      const std::string building = fmt::format("{}_{}", m_template, ::getpid());
      admin->execute(fmt::format("DROP DATABASE IF EXISTS {}", d.quote_ident(building)));
      admin->execute(fmt::format("CREATE DATABASE {} TEMPLATE template0", d.quote_ident(building)));
      {
        auto db = connect(url_with_database(m_server, building));
        upgrade(*m_project, *db, {});
      }  // closed: a template cannot be cloned while a session is connected to it
      admin->execute(fmt::format("ALTER DATABASE {} RENAME TO {}", d.quote_ident(building), d.quote_ident(m_template)));
    }
  } catch (...) {
    admin->query("SELECT pg_advisory_unlock(hashtext($1))", {m_template});
    throw;
  }
  admin->query("SELECT pg_advisory_unlock(hashtext($1))", {m_template});
  m_template_ready = true;
}

std::string TestDatabases::empty() { return create("template0"); }

std::string TestDatabases::at_head() {
  if (!m_template_ready) build_template();
  return create(m_template);
}

void TestDatabases::release(const std::string& url, bool keep) {
  std::string name;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_made.find(url);
    if (it == m_made.end()) {
      throw Error(ErrorCode::usage, fmt::format("{} was not made by TestDatabases", mask_url(url)));
    }
    name = it->second;
    m_made.erase(it);
  }
  if (keep) return;
  auto admin = connect(m_server);
  admin->execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", admin->dialect().quote_ident(name)));
}

// --- MigrationTest ---------------------------------------------------------------------------

TestDatabases& MigrationTest::databases() {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<TestDatabases>> by_template;
  std::lock_guard lock(mutex);
  auto& slot = by_template[template_name_for(*m_project)];
  if (!slot) slot = std::make_unique<TestDatabases>(m_project);
  return *slot;
}

void MigrationTest::SetUp() {
  m_project = std::make_shared<const Project>(make_project());
  m_url = databases().empty();
  m_db = connect(m_url);
}

void MigrationTest::TearDown() {
  m_db.reset();
  if (m_url.empty()) return;
  const bool keep = HasFailure();
  databases().release(m_url, keep);
  if (keep) {
    RecordProperty("retort_database", mask_url(m_url));
    std::fprintf(stderr, "retort::testing: the database of this failed test is kept: %s\n", mask_url(m_url).c_str());
  }
}

void MigrationTest::start_at_head() {
  m_db.reset();
  databases().release(m_url, false);
  m_url = databases().at_head();
  m_db = connect(m_url);
}

RunOptions MigrationTest::run_options(const std::string& target) const {
  RunOptions options;
  options.target = target;
  options.code = code_migrations();
  return options;
}

void MigrationTest::migrate_up_to(const std::string& target) { upgrade(*m_project, *m_db, run_options(target)); }

void MigrationTest::migrate_down_to(const std::string& target) { downgrade(*m_project, *m_db, run_options(target)); }

bool MigrationTest::at_head() {
  return plan_upgrade(m_project->graph(), current(), Target{}).steps.empty();
}

bool MigrationTest::roundtrip_next_revision() {
  if (at_head()) return false;
  auto up = upgrade(*m_project, *m_db, run_options("+1"));
  if (up.applied.empty()) return false;
  downgrade(*m_project, *m_db, run_options("-1"));
  upgrade(*m_project, *m_db, run_options("+1"));
  return true;
}

std::vector<std::string> MigrationTest::current() { return current_heads(*m_project, *m_db); }

void MigrationTest::execute(const std::string& sql) { m_db->execute(sql); }

std::optional<std::string> MigrationTest::scalar(const std::string& sql) {
  auto rows = m_db->query(sql);
  if (rows.empty() || rows.front().empty()) return std::nullopt;
  return rows.front().front();
}

void MigrationTest::expect_table(const std::string& table) {
  EXPECT_EQ(m_db->query("SELECT to_regclass($1) IS NOT NULL", {table}).at(0).at(0), "t") << "no table " << table;
}

void MigrationTest::expect_no_table(const std::string& table) {
  EXPECT_EQ(m_db->query("SELECT to_regclass($1) IS NULL", {table}).at(0).at(0), "t") << "table " << table << " exists";
}

void MigrationTest::expect_column(const std::string& table, const std::string& column, const std::string& type,
                                  bool nullable) {
  auto rows = m_db->query("SELECT format_type(a.atttypid, a.atttypmod), (NOT a.attnotnull)::text FROM pg_attribute a "
                          "WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
                          {table, column});
  ASSERT_EQ(rows.size(), 1u) << "no column " << table << "." << column;
  EXPECT_EQ(rows[0][0].value_or(""), type) << table << "." << column;
  EXPECT_EQ(rows[0][1].value_or(""), nullable ? "true" : "false") << table << "." << column << (nullable ? " is NOT NULL" : " is nullable");
}

void MigrationTest::expect_index(const std::string& table, const std::string& index) {
  EXPECT_FALSE(m_db->query("SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "WHERE i.indrelid = to_regclass($1) AND c.relname = $2",
                           {table, index})
                   .empty())
      << "no index " << index << " on " << table;
}

void MigrationTest::expect_constraint(const std::string& table, const std::string& constraint) {
  EXPECT_FALSE(m_db->query("SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2",
                           {table, constraint})
                   .empty())
      << "no constraint " << constraint << " on " << table;
}

void MigrationTest::expect_single_head() {
  const auto& graph = m_project->graph();
  std::vector<std::string> heads;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (graph.children(i).empty()) heads.push_back(graph[i].revision);
  }
  EXPECT_LE(heads.size(), 1u) << "several heads: " << fmt::format("{}", fmt::join(heads, ", "))
                              << " (merge them: retort merge heads -m MSG)";
}

void MigrationTest::expect_upgrade_base_to_head() {
  upgrade(*m_project, *m_db, run_options("heads"));
  auto now = current();
  std::vector<std::string> heads;
  const auto& graph = m_project->graph();
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (graph.children(i).empty()) heads.push_back(graph[i].revision);
  }
  std::sort(now.begin(), now.end());
  std::sort(heads.begin(), heads.end());
  EXPECT_EQ(now, heads);
}

void MigrationTest::expect_up_down_consistency() {
  const auto schema = [&] { return schema::dump_sql(read_schema(*m_db, m_project->config(), {.sessions = 1})); };
  while (!at_head()) {
    const std::string before = schema();
    auto up = upgrade(*m_project, *m_db, run_options("+1"));
    const auto& m = m_project->graph()[m_project->graph().at(up.applied.front().revision)];
    if (!m.has_down) continue;  // irreversible: nothing to round-trip
    downgrade(*m_project, *m_db, run_options("-1"));
    EXPECT_EQ(schema(), before) << "the down section of " << m.revision << " (" << m.file
                                << ") does not undo its up section";
    upgrade(*m_project, *m_db, run_options("+1"));
  }
}

} // namespace retort::testing
