// What a downgrade throws away: the drops in its down sections, read with PostgreSQL's parser.
#include "pgquery/inspect.hpp"
#include "retort/commands.hpp"
#include "runner/runner.hpp"

namespace retort {

DataLossReport data_loss(const Project& project, const Dialect& dialect, const Plan& plan) {
  DataLossReport report;
  const auto& graph = project.graph();
  report.to_base = !plan.steps.empty() && plan.heads_after.empty();
  for (const auto& step : plan.steps) {
    if (step.direction != Direction::down) continue;
    const Migration& m = graph[step.revision];
    report.undone.push_back(m.revision);
    if (!m.has_down) continue;  // refused elsewhere, before anything runs
    for_each_statement(dialect, m, Direction::down, [&](const Statement& statement, std::size_t) {
      for (auto& what : pgquery::drops_data(statement.sql)) {
        report.drops.push_back(DataLoss{m.revision, m.file, statement.line, std::move(what)});
      }
    });
  }
  return report;
}

} // namespace retort
