// RevisionGraph construction and planning: what history/heads/status/upgrade pay before any SQL.
#include <benchmark/benchmark.h>

#include "retort/plan.hpp"
#include "retort/revision_graph.hpp"
#include "workload.hpp"

namespace {

/// Building (and validating) the graph of 10,000 revisions with branches and merges. The
/// Migration vector is copied outside the timed region (the constructor takes it by value).
void BM_RevisionGraph10k(benchmark::State& state) {
  const auto ms = bench::parse_all(bench::branchy_texts(10000));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = ms;
    state.ResumeTiming();
    retort::RevisionGraph g(std::move(copy));
    benchmark::DoNotOptimize(g);
    state.PauseTiming();
    { auto drop = std::move(g); }  // destruction is not part of building
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ms.size()));
}
BENCHMARK(BM_RevisionGraph10k)->Unit(benchmark::kMillisecond);

/// Parse 10,000 in-memory files and build the graph: `history` minus reading the files and printing.
void BM_ParseAndGraph10k(benchmark::State& state) {
  const auto texts = bench::branchy_texts(10000);
  for (auto _ : state) {
    retort::RevisionGraph g(bench::parse_all(texts));
    benchmark::DoNotOptimize(g);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ParseAndGraph10k)->Unit(benchmark::kMillisecond);

/// plan_upgrade from empty to head over a line of 1,000 revisions (what `upgrade head` plans).
void BM_PlanUpgrade1000(benchmark::State& state) {
  const retort::RevisionGraph g(bench::parse_all(bench::line_texts(1000)));
  for (auto _ : state) {
    auto plan = retort::plan_upgrade(g, {}, "head");
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 1000));
}
BENCHMARK(BM_PlanUpgrade1000)->Unit(benchmark::kMicrosecond);

/// plan_upgrade with everything applied (what a no-op `status` plans).
void BM_PlanUpgrade1000NoOp(benchmark::State& state) {
  const retort::RevisionGraph g(bench::parse_all(bench::line_texts(1000)));
  const std::vector<std::string> current{bench::rev_id(999)};
  for (auto _ : state) {
    auto plan = retort::plan_upgrade(g, current, "head");
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_PlanUpgrade1000NoOp)->Unit(benchmark::kMicrosecond);

/// plan_downgrade from head to base over 1,000 revisions.
void BM_PlanDowngrade1000(benchmark::State& state) {
  const retort::RevisionGraph g(bench::parse_all(bench::line_texts(1000)));
  const std::vector<std::string> current{bench::rev_id(999)};
  for (auto _ : state) {
    auto plan = retort::plan_downgrade(g, current, "base");
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_PlanDowngrade1000)->Unit(benchmark::kMicrosecond);

} // namespace
