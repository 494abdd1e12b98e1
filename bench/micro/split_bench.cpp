// PostgreSQL statement splitting with libpg_query: paid once per migration run (upgrade/downgrade).
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "pgquery/split.hpp"

namespace {

/// The up section of one benchmark migration: a table and an index.
void BM_SplitSmall(benchmark::State& state) {
  const std::string sql =
      "CREATE TABLE t00042 (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n"
      "CREATE INDEX t00042_name_idx ON t00042 (name);\n";
  for (auto _ : state) {
    auto s = retort::pgquery::split(sql, 10);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_SplitSmall);

/// A function body with dollar quotes and comments.
void BM_SplitFunction(benchmark::State& state) {
  const std::string sql =
      "-- a trigger function\n"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN\n  NEW.updated_at := now(); -- ; not a statement end\n  RETURN NEW;\nEND;\n$$;\n"
      "/* nested /* comment */ ; */\n"
      "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n";
  for (auto _ : state) {
    auto s = retort::pgquery::split(sql, 1);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_SplitFunction);

/// N statements in one section: splitting cost per statement.
void BM_SplitMany(benchmark::State& state) {
  std::string sql;
  for (int i = 0; i < state.range(0); ++i) sql += fmt::format("ALTER TABLE t ADD COLUMN c{} integer NOT NULL DEFAULT {};\n", i, i);
  for (auto _ : state) {
    auto s = retort::pgquery::split(sql, 1);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql.size()));
}
BENCHMARK(BM_SplitMany)->Arg(10)->Arg(1000);

} // namespace
