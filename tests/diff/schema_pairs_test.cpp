// Every pair of tests/schema/pairs, both ways: the diff applied to A gives B (compared by the
// model, by retort's dump and by a normalized pg_dump), and a second diff is empty.
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
  const std::string& from_sql;
  const std::string& to_sql;
  bool online;
  std::vector<schema::Rename> renames;
  std::string pg_dump_differs = {};
};

Direction forward(const std::string& older, const std::string& newer, bool online, std::string differs = {}) {
  return Direction{older, newer, online, schema::parse_renames(newer), std::move(differs)};
}

Direction backward(const std::string& older, const std::string& newer, bool online, std::string differs = {}) {
  return Direction{newer, older, online, schema::invert(schema::parse_renames(newer)), std::move(differs)};
}

void check_direction(const Direction& dir) {
  std::string from_url = database_with(dir.from_sql);
  std::string to_url = database_with(dir.to_sql);
  schema::Database from = read_database(from_url);
  schema::Database to = read_database(to_url);

  schema::DiffOptions options;
  options.online = dir.online;
  options.renames = dir.renames;
  schema::ChangeSet changes = schema::diff(from, to, options);
  ASSERT_TRUE(changes.unsupported.empty()) << "unsupported objects: " << schema::render_sql(changes);
  std::string sql = schema::render_sql(changes);

  std::string error = apply_changes(from_url, changes);
  ASSERT_EQ(error, "") << "the generated SQL failed:\n" << error << "\n--- generated:\n" << sql;

  schema::Database after = read_database(from_url);
  schema::ChangeSet again = schema::diff(after, to);
  EXPECT_TRUE(again.empty()) << "a second diff is not empty:\n" << schema::render_sql(again) << "\n--- first diff:\n" << sql;
  EXPECT_EQ(schema::dump_sql(after), schema::dump_sql(to)) << "--- generated:\n" << sql;
  if (dir.pg_dump_differs.empty()) {
    EXPECT_EQ(normalized_pg_dump(from_url), normalized_pg_dump(to_url)) << "--- generated:\n" << sql;
  } else {
    std::printf("pg_dump comparison not made:%s\n", dir.pg_dump_differs.c_str());
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

TEST_P(SchemaPairs, ForwardDiffTurnsFromIntoTo) {
  SchemaPair pair = read_schema_pair(GetParam());
  if (auto why = cannot_run_here(pair); !why.empty()) GTEST_SKIP() << why;
  check_direction(forward(pair.from_sql, pair.to_sql, false, pair.pg_dump_differs));
}

TEST_P(SchemaPairs, BackwardDiffTurnsToIntoFrom) {
  SchemaPair pair = read_schema_pair(GetParam());
  if (auto why = cannot_run_here(pair); !why.empty()) GTEST_SKIP() << why;
  check_direction(backward(pair.from_sql, pair.to_sql, false, pair.pg_dump_differs));
}

class OnlineSchemaPairs : public ::testing::TestWithParam<std::string> {};

TEST_P(OnlineSchemaPairs, OnlineRenderingGivesTheSameSchemaBothWays) {
  SchemaPair pair = read_schema_pair(GetParam());
  if (auto why = cannot_run_here(pair); !why.empty()) GTEST_SKIP() << why;
  check_direction(forward(pair.from_sql, pair.to_sql, true, pair.pg_dump_differs));
  check_direction(backward(pair.from_sql, pair.to_sql, true, pair.pg_dump_differs));
}

std::vector<std::string> online_pair_files() {
  std::vector<std::string> out;
  for (const auto& f : schema_pair_files(pairs_folder)) {
    if (read_schema_pair(f).online) out.push_back(f);
  }
  return out;
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
  std::string before = read_text(GetParam().first), after = read_text(GetParam().second);
  check_direction(forward(before, after, false));
  check_direction(backward(before, after, false));
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
INSTANTIATE_TEST_SUITE_P(Corpus, OnlineSchemaPairs, ::testing::ValuesIn(online_pair_files()), test_name);

} // namespace
} // namespace retort::test
