// Synthetic migrations for the micro-benchmarks: the same shape bench/gen_workload.py writes to disk
// (a table and an index per migration; a long line with some branches and merges for the big graph).
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "retort/migration.hpp"

namespace bench {

inline std::string rev_id(int i) { return fmt::format("r{:05d}", i); }

/// The text of migration `i` whose parents are `parents` (comma-separated, or "" for a base).
inline std::string migration_text(int i, const std::string& parents) {
  return fmt::format(
      "-- revision: {0}\n"
      "-- down_revision: {1}\n"
      "-- branch_labels:\n"
      "-- depends_on:\n"
      "-- message: create table t{2:05d}\n"
      "-- created: 2026-01-01T00:00:00Z\n"
      "-- transaction: per-migration\n"
      "\n"
      "-- migrate:up\n"
      "CREATE TABLE t{2:05d} (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n"
      "CREATE INDEX t{2:05d}_name_idx ON t{2:05d} (name);\n"
      "\n"
      "-- migrate:down\n"
      "DROP TABLE t{2:05d};\n",
      rev_id(i), parents, i);
}

/// A straight line of `n` revisions, r00000 first.
inline std::vector<std::string> line_texts(int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(migration_text(i, i == 0 ? "" : rev_id(i - 1)));
  return out;
}

/// `n` revisions: a long line where every 100th revision starts a 3-revision side branch that the
/// line merges back two revisions later (the same shape as the 10,000-revision history workload).
inline std::vector<std::string> branchy_texts(int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  int i = 0;
  std::string last;  // the main line's tip
  while (i < n) {
    if (i > 0 && i % 100 == 0 && i + 6 <= n) {
      // fork off `last`: side s1 <- s2, main m1; then a merge of m1 and s2 continues the line.
      const int s1 = i, s2 = i + 1, m1 = i + 2, merge = i + 3;
      out.push_back(migration_text(s1, last));
      out.push_back(migration_text(s2, rev_id(s1)));
      out.push_back(migration_text(m1, last));
      out.push_back(migration_text(merge, fmt::format("{},{}", rev_id(m1), rev_id(s2))));
      i += 4;
      last = rev_id(i - 1);
      continue;
    }
    out.push_back(migration_text(i, last));
    last = rev_id(i);
    ++i;
  }
  return out;
}

inline std::vector<retort::Migration> parse_all(const std::vector<std::string>& texts) {
  std::vector<retort::Migration> out;
  out.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    out.push_back(retort::parse_migration(texts[i], fmt::format("migrations/{}.sql", rev_id(static_cast<int>(i)))));
  }
  return out;
}

} // namespace bench
