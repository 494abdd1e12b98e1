// Every pair of tests/schema/pairs, both ways: the diff applied to A gives B (compared by the
// model, by retort's dump and by a normalized pg_dump), and a second diff is empty. Pairs marked
// online are run both ways with online rendering too.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "retort/diff.hpp"
#include "support/postgres.hpp"
#include "support/schema_pair.hpp"

namespace retort::test {
namespace {

const std::string pairs_folder = std::string(RETORT_SOURCE_DIR) + "/tests/schema/pairs";

/// One way through a pair. The renames are those the file of the newer schema states: read from
/// it going forward, inverted going back.
struct Direction {
  const BuiltSchema& from;
  const BuiltSchema& to;
  bool online;
  std::vector<schema::Rename> renames;
  std::string pg_dump_differs = {};
};

/// Diffs `from` into `to`, applies the diff to a copy of `from`'s database and compares the result
/// with `to`: by a second diff (empty), by retort's dump and by a normalized pg_dump.
void check_direction(const Direction& dir) {
  SCOPED_TRACE(dir.online ? "online rendering" : "plain rendering");
  schema::DiffOptions options;
  options.online = dir.online;
  options.renames = dir.renames;
  schema::ChangeSet changes = schema::diff(dir.from.model, dir.to.model, options);
  ASSERT_TRUE(changes.unsupported.empty()) << "unsupported objects: " << schema::render_sql(changes);
  std::string sql = schema::render_sql(changes);

  const std::string url = copy_of_database(dir.from.url);
  std::string error = apply_changes(url, changes);
  ASSERT_EQ(error, "") << "the generated SQL failed:\n" << error << "\n--- generated:\n" << sql;

  schema::Database after = read_database(url);
  schema::ChangeSet again = schema::diff(after, dir.to.model);
  EXPECT_TRUE(again.empty()) << "a second diff is not empty:\n" << schema::render_sql(again) << "\n--- first diff:\n" << sql;
  EXPECT_EQ(schema::dump_sql(after), schema::dump_sql(dir.to.model)) << "--- generated:\n" << sql;
  if (dir.pg_dump_differs.empty()) {
    EXPECT_EQ(normalized_pg_dump(url), dir.to.pg_dump) << "--- generated:\n" << sql;
  } else {
    std::printf("pg_dump comparison not made:%s\n", dir.pg_dump_differs.c_str());
  }
}

/// Both ways between two schemas, each built once: older → newer with the renames `newer` states,
/// then back with them inverted; with `online`, both ways again with online rendering.
void check_both_ways(const std::string& older_sql, const std::string& newer_sql, bool online,
                     const std::string& pg_dump_differs = {}) {
  const BuiltSchema older = build_schema(older_sql);
  const BuiltSchema newer = build_schema(newer_sql);
  if (::testing::Test::HasFailure()) return;  // a setup statement failed
  const auto renames = schema::parse_renames(newer_sql);
  for (bool with_online : {false, true}) {
    if (with_online && !online) break;
    {
      SCOPED_TRACE("forward: from the older schema to the newer");
      check_direction(Direction{older, newer, with_online, renames, pg_dump_differs});
    }
    {
      SCOPED_TRACE("backward: from the newer schema to the older");
      check_direction(Direction{newer, older, with_online, schema::invert(renames), pg_dump_differs});
    }
  }
}

/// Whether the shared server was built with lz4 (default_toast_compression offers it only then).
bool server_has_lz4() {
  static const bool has = scalar(cluster().url(), "SELECT 'lz4' = ANY(enumvals) FROM pg_catalog.pg_settings "
                                                  "WHERE name = 'default_toast_compression'") == "t";
  return has;
}

/// Why the shared server cannot run the pair (syntax of a newer major, a build option), or "".
std::string cannot_run_here(const SchemaPair& pair) {
  if (pair.min_postgres > server_version_num() / 10000) {
    return "needs PostgreSQL " + std::to_string(pair.min_postgres) + " or newer";
  }
  if (pair.needs_lz4 && !server_has_lz4()) return "needs a server built with lz4";
  return "";
}

class SchemaPairs : public ::testing::TestWithParam<std::string> {};

// Each pair's two schemas are built once and copied for every run: forward, backward, and both
// again with online rendering when the pair is marked `-- @online`.
TEST_P(SchemaPairs, TheDiffTurnsEachSchemaIntoTheOtherBothWays) {
  SchemaPair pair = read_schema_pair(GetParam());
  if (auto why = cannot_run_here(pair); !why.empty()) GTEST_SKIP() << why;
  check_both_ways(pair.from_sql, pair.to_sql, pair.online, pair.pg_dump_differs);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = read_schema_pair(info.param).name;
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return "p" + name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, SchemaPairs, ::testing::ValuesIn(schema_pair_files(pairs_folder)), test_name);
// The application of tests/schema/app through its sequence of changes, each step both ways.
const std::string app_folder = std::string(RETORT_SOURCE_DIR) + "/tests/schema/app";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class AppSteps : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(AppSteps, StepAndItsReverseReachTheOtherSchema) {
  // The application is written for PostgreSQL 15 (UNIQUE NULLS NOT DISTINCT among others).
  if (server_version_num() < 150000) GTEST_SKIP() << "the application's schema needs PostgreSQL 15 or newer";
  check_both_ways(read_text(GetParam().first), read_text(GetParam().second), false);
}

std::vector<std::pair<std::string, std::string>> app_steps() {
  auto files = schema_pair_files(app_folder);
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i + 1 < files.size(); ++i) out.emplace_back(files[i], files[i + 1]);
  return out;
}

std::string step_name(const ::testing::TestParamInfo<std::pair<std::string, std::string>>& info) {
  std::string name = std::filesystem::path(info.param.second).stem().string();
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return "to_" + name;
}

INSTANTIATE_TEST_SUITE_P(App, AppSteps, ::testing::ValuesIn(app_steps()), step_name);

} // namespace
} // namespace retort::test
