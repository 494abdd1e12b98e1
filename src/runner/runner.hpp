// runner/runner.hpp — runs a plan's steps against a connection, keeping the version rows in step.
#pragma once

#include "retort/commands.hpp"
#include "runner/version_store.hpp"

namespace retort {

/// Holds the migration lock for a scope; releases it on exit, never throws from the destructor.
class MigrationLock {
public:
  MigrationLock(Connection& db, std::string name, std::chrono::milliseconds timeout);
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;
  ~MigrationLock();

private:
  Connection& m_db;
  std::string m_name;
};

/// Runs each step in its own transaction (or statement by statement for `transaction: none`).
/// A failure throws Error with the migration's file, the statement's line and the server's fields;
/// the failing step's transaction is rolled back and earlier steps stay applied.
void run_plan(const RevisionGraph& graph, Connection& db, VersionStore& store, const Plan& plan,
              const StepObserver& on_step);

} // namespace retort
