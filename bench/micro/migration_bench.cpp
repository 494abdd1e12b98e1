// parse_migration and migration_checksum: what every command pays per file / per applied migration.
#include <benchmark/benchmark.h>

#include "retort/migration.hpp"
#include "workload.hpp"

namespace {

void BM_ParseMigration(benchmark::State& state) {
  const std::string text = bench::migration_text(42, bench::rev_id(41));
  const std::filesystem::path file = "migrations/r00042.sql";
  for (auto _ : state) {
    auto m = retort::parse_migration(text, file);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseMigration);

/// A migration with a large body (~200 statements): parse cost per byte of SQL.
void BM_ParseMigrationLarge(benchmark::State& state) {
  std::string text = bench::migration_text(42, bench::rev_id(41));
  std::string body;
  for (int i = 0; i < 200; ++i) body += fmt::format("ALTER TABLE t00042 ADD COLUMN c{} integer;\n", i);
  text.insert(text.find("-- migrate:down"), body);
  for (auto _ : state) {
    auto m = retort::parse_migration(text, "migrations/r00042.sql");
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseMigrationLarge);

void BM_Checksum(benchmark::State& state) {
  const auto m = retort::parse_migration(bench::migration_text(42, bench::rev_id(41)), "migrations/r00042.sql");
  for (auto _ : state) {
    auto c = retort::migration_checksum(m);
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_Checksum);

/// 1,000 checksums: what upgrade's refuse_if_changed pays on a database with 1,000 applied migrations.
void BM_Checksum1000(benchmark::State& state) {
  const auto ms = bench::parse_all(bench::line_texts(1000));
  for (auto _ : state) {
    for (const auto& m : ms) {
      auto c = retort::migration_checksum(m);
      benchmark::DoNotOptimize(c);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ms.size()));
}
BENCHMARK(BM_Checksum1000)->Unit(benchmark::kMicrosecond);

} // namespace
