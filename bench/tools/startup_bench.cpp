// A service's start-up in-process (Google Benchmark), against DATABASE_URL (bench/startup.sh runs
// it inside `retort pgtemp`): upgrade_at_startup on a current database, against its floor (the one
// query it sends, on the same connection) and against upgrade(), which takes the lock and reads
// retort's tables first.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "retort/embedded.hpp"
#include "retort/service.hpp"
#include "retort_embedded/bench.hpp"

namespace {

struct Current {
  Current() {
    const char* url = std::getenv("DATABASE_URL");
    if (url == nullptr) std::abort();
    retort::Config config;
    config.url = url;
    project = std::make_unique<retort::Project>(config, retort::load_embedded(retort::embedded::bench));
    db = retort::connect(url);
    retort::upgrade_at_startup(*project, *db);
  }
  std::unique_ptr<retort::Project> project;
  std::unique_ptr<retort::Connection> db;
};

Current& current() {
  static Current c;
  return c;
}

void BM_StartupWhenCurrent(benchmark::State& state) {
  auto& c = current();
  for (auto _ : state) benchmark::DoNotOptimize(retort::upgrade_at_startup(*c.project, *c.db));
}
BENCHMARK(BM_StartupWhenCurrent)->Unit(benchmark::kMicrosecond);

void BM_FloorOneQuery(benchmark::State& state) {
  auto& c = current();
  for (auto _ : state) benchmark::DoNotOptimize(c.db->query("SELECT version_num FROM retort_version"));
}
BENCHMARK(BM_FloorOneQuery)->Unit(benchmark::kMicrosecond);

void BM_UpgradeWhenCurrent(benchmark::State& state) {
  auto& c = current();
  for (auto _ : state) benchmark::DoNotOptimize(retort::upgrade(*c.project, *c.db, {}));
}
BENCHMARK(BM_UpgradeWhenCurrent)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
