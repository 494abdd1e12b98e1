#include "runner/runner.hpp"

#include <fmt/format.h>

#include <chrono>

#include "retort/error.hpp"

namespace retort {
namespace {

/// Re-throws `e` with the migration's file (and the line, when the error carries one) attached.
[[noreturn]] void rethrow_in(const Error& e, const Migration& m, const Statement* statement, Direction dir) {
  ErrorContext ctx = e.context();
  ctx.file = m.file.string();
  ctx.revision = m.revision;
  if (statement != nullptr) ctx.line = statement->line;
  std::string prefix;
  if (e.code() == ErrorCode::sql_failed) {
    prefix = fmt::format("{} {} failed: ", dir == Direction::up ? "upgrade" : "downgrade", m.revision);
  }
  std::string message = fmt::format("{}:{}: {}{}", m.file.filename().string(), ctx.line, prefix, e.what());
  throw Error(e.code(), message, ctx);
}

std::vector<Statement> statements_of(const Dialect& dialect, const Migration& m, Direction dir) {
  const std::string& sql = dir == Direction::up ? m.up_sql : *m.down_sql;
  int line = dir == Direction::up ? m.up_line : m.down_line;
  try {
    return dialect.split(sql, line);
  } catch (const Error& e) {
    rethrow_in(e, m, nullptr, dir);
  }
}

void run_statements(Connection& db, const Migration& m, const std::vector<Statement>& statements, Direction dir) {
  for (const auto& s : statements) {
    try {
      db.execute(s.sql);
    } catch (const Error& e) {
      rethrow_in(e, m, &s, dir);
    }
  }
}

} // namespace

MigrationLock::MigrationLock(Connection& db, std::string name, std::chrono::milliseconds timeout)
    : m_db(db), m_name(std::move(name)) {
  m_db.lock(m_name, timeout);
}

MigrationLock::~MigrationLock() { m_db.unlock(m_name); }

void run_plan(const RevisionGraph& graph, Connection& db, VersionStore& store, const Plan& plan,
              const StepObserver& on_step) {
  for (const auto& step : plan.steps) {
    const Migration& m = graph[step.revision];
    if (on_step) on_step(StepEvent{m, step.direction, false, std::chrono::milliseconds{0}});
    const auto started = std::chrono::steady_clock::now();
    auto statements = statements_of(db.dialect(), m, step.direction);
    const std::string checksum = step.direction == Direction::up ? migration_checksum(m) : std::string();
    const std::string_view direction = step.direction == Direction::up ? "up" : "down";
    auto elapsed = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    };
    if (m.transaction == TransactionMode::per_migration) {
      Transaction tx(db);
      run_statements(db, m, statements, step.direction);
      store.apply(step.version_ops);
      store.record(m.revision, direction, checksum, elapsed().count());
      tx.commit();
    } else {
      run_statements(db, m, statements, step.direction);
      Transaction tx(db);
      store.apply(step.version_ops);
      store.record(m.revision, direction, checksum, elapsed().count());
      tx.commit();
    }
    if (on_step) on_step(StepEvent{m, step.direction, true, elapsed()});
  }
}

} // namespace retort
