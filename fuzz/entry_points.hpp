// fuzz/entry_points.hpp — the library entry points the fuzz targets drive, shared (header-only)
// by the libFuzzer targets in fuzz/ and the regression test tests/fuzz/regression_test.cpp, so
// that what is fuzzed and what is replayed cannot drift apart.
//
// Contract of every function here: it returns normally when the library accepted the input or
// rejected it with retort::Error (both expected). Anything else escapes: another exception
// (including InvariantViolation, thrown here when a result is impossible), or a crash /
// sanitizer report. Each is a bug.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "pgquery/split.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

namespace retort::fuzz {

/// A result the library returned that cannot be right (not a crash, but still a bug).
class InvariantViolation : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

inline void check(bool ok, const char* what) {
  if (!ok) throw InvariantViolation(what);
}

/// How many calls accepted the input and how many rejected it with retort::Error.
struct Outcome {
  int accepted = 0;
  int rejected = 0;
};

/// Runs `f`; counts a retort::Error as a rejection and lets every other exception escape.
template <typename F>
void expect_ok_or_error(Outcome& outcome, F&& f) {
  try {
    f();
    ++outcome.accepted;
  } catch (const retort::Error&) {
    ++outcome.rejected;
  }
}

// ---------------------------------------------------------------------------------------------
// fuzz_migration_file: parse_migration, then split and checksum what parsed.

inline bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

inline void check_statements(const std::vector<Statement>& statements, int first_line) {
  for (const auto& s : statements) {
    check(!s.sql.empty(), "split returned an empty statement");
    check(s.line >= first_line, "split returned a statement above its section");
  }
}

/// Parses `text` as migration file "fuzz.sql"; when it parses, splits the up (and down) section
/// with libpg_query and checksums the migration.
inline Outcome migration_file(std::string_view text) {
  Outcome outcome;
  std::optional<Migration> parsed;
  expect_ok_or_error(outcome, [&] { parsed = parse_migration(text, "fuzz.sql"); });
  if (!parsed) return outcome;
  const Migration& m = *parsed;
  check(is_valid_revision_id(m.revision), "parse_migration accepted an invalid revision id");
  for (const auto& p : m.down_revisions) check(is_valid_revision_id(p), "parse_migration accepted an invalid parent id");
  check(m.up_line >= 1, "parse_migration returned an up section without a line");

  expect_ok_or_error(outcome, [&] { check_statements(pgquery::split(m.up_sql, m.up_line), m.up_line); });
  if (m.down_sql) {
    expect_ok_or_error(outcome, [&] { check_statements(pgquery::split(*m.down_sql, m.down_line), m.down_line); });
  }
  expect_ok_or_error(outcome, [&] {
    auto sum = migration_checksum(m);
    check(sum.size() == 64 && is_lower_hex(sum), "migration_checksum is not 64 lowercase hex digits");
  });
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// fuzz_target_parser: one fixed graph, the input as a target / reference / range.

inline Migration graph_node(std::string revision, std::vector<std::string> down, std::vector<std::string> labels = {},
                            std::vector<std::string> depends_on = {}) {
  Migration m;
  m.file = revision + ".sql";
  m.revision = std::move(revision);
  m.down_revisions = std::move(down);
  m.branch_labels = std::move(labels);
  m.depends_on = std::move(depends_on);
  return m;
}

/// The graph every target is resolved against:
///
///   0001_init (label core) ─ 0002_users ─ 0003_orders ┬─ 0004_feat (label feature) ─ 0005_feat2 ┬─ 0007_merge
///                                                    └─ 0006_fix ───────────────────────────────┘
///   1a2b3c (label other, depends_on 0002_users) ─ 1a2b3d (depends_on 0004_feat)
///
/// Two bases, two heads (0007_merge, 1a2b3d), a branch, a merge, labels, depends_on across roots,
/// and ids sharing prefixes ("000", "1a2b3") so that prefix resolution can be ambiguous.
inline const RevisionGraph& target_graph() {
  static const RevisionGraph graph([] {
    std::vector<Migration> ms;
    ms.push_back(graph_node("0001_init", {}, {"core"}));
    ms.push_back(graph_node("0002_users", {"0001_init"}));
    ms.push_back(graph_node("0003_orders", {"0002_users"}));
    ms.push_back(graph_node("0004_feat", {"0003_orders"}, {"feature"}));
    ms.push_back(graph_node("0005_feat2", {"0004_feat"}));
    ms.push_back(graph_node("0006_fix", {"0003_orders"}));
    ms.push_back(graph_node("0007_merge", {"0005_feat2", "0006_fix"}));
    ms.push_back(graph_node("1a2b3c", {}, {"other"}, {"0002_users"}));
    ms.push_back(graph_node("1a2b3d", {"1a2b3c"}, {}, {"0004_feat"}));
    return ms;
  }());
  return graph;
}

/// Version-table row sets the targets are planned from: empty, mid-line, both branch heads,
/// both graph heads, a depends_on root alone, and a row naming no revision.
inline const std::vector<std::vector<std::string>>& current_row_sets() {
  static const std::vector<std::vector<std::string>> rows = {
      {},
      {"0002_users"},
      {"0003_orders"},
      {"0005_feat2", "0006_fix"},
      {"0007_merge"},
      {"0007_merge", "1a2b3d"},
      {"1a2b3c"},
      {"not_a_revision"},
  };
  return rows;
}

inline void check_plan(const RevisionGraph& graph, const Plan& plan, Direction direction) {
  for (const auto& step : plan.steps) {
    check(step.revision < graph.size(), "plan step names an index outside the graph");
    check(step.direction == direction, "plan step goes the wrong direction");
  }
  for (const auto& id : plan.heads_after) check(graph.find(id) != RevisionGraph::npos, "plan ends at an unknown revision");
}

/// Parses `text` as a target and as a history range; feeds the target to plan_upgrade,
/// plan_downgrade and plan_stamp, and the range to revision_range (from every row set), and
/// resolves it alone (resolve_revision).
inline Outcome target_parser(std::string_view text) {
  const RevisionGraph& graph = target_graph();
  Outcome outcome;
  std::optional<Target> target;
  expect_ok_or_error(outcome, [&] { target = parse_target(text); });
  std::optional<TargetRange> range;
  expect_ok_or_error(outcome, [&] { range = parse_target_range(text); });
  for (const auto& current : current_row_sets()) {
    if (target) {
      expect_ok_or_error(outcome, [&] { check_plan(graph, plan_upgrade(graph, current, *target), Direction::up); });
      expect_ok_or_error(outcome, [&] { check_plan(graph, plan_downgrade(graph, current, *target), Direction::down); });
      expect_ok_or_error(outcome, [&] {
        for (const auto& id : plan_stamp(graph, current, {*target}).rows) {
          check(graph.find(id) != RevisionGraph::npos, "plan_stamp: unknown revision");
        }
      });
    }
    if (range) {
      expect_ok_or_error(outcome, [&] {
        for (auto i : revision_range(graph, *range, current)) check(i < graph.size(), "revision_range: index outside the graph");
      });
    }
  }
  if (target) {
    expect_ok_or_error(outcome, [&] { check(resolve_revision(graph, *target) < graph.size(), "resolve_revision: index outside the graph"); });
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// fuzz_config: the input as a retort.toml.

/// This process's scratch retort.toml: $TMPDIR/retort-fuzz-config-<pid>.toml. Removed after
/// each input (not by a static destructor: libFuzzer leaves with _Exit, a crash with abort).
inline std::filesystem::path scratch_config_file() {
  return std::filesystem::temp_directory_path() / ("retort-fuzz-config-" + std::to_string(::getpid()) + ".toml");
}

/// Writes `text` to a temporary retort.toml and loads it with no environment.
inline Outcome config(std::string_view text) {
  const std::filesystem::path file = scratch_config_file();
  struct RemoveFile {
    const std::filesystem::path& path;
    ~RemoveFile() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove_file{file};
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("fuzz: cannot write " + file.string());  // harness, not library
  }
  Outcome outcome;
  expect_ok_or_error(outcome, [&] {
    Config c = load_config(ConfigOverrides{.config_file = file}, [](const char*) -> std::optional<std::string> { return std::nullopt; });
    check(c.config_file == std::filesystem::absolute(file).lexically_normal(), "load_config read another file");
    check(c.migrations_dir.is_absolute(), "load_config: migrations_dir is not absolute");
    check(!c.version_table.empty() && !c.history_table.empty(), "load_config accepted an empty table name");
    check(c.lock_timeout.count() >= 0, "load_config returned a negative lock timeout");
  });
  return outcome;
}

} // namespace retort::fuzz
