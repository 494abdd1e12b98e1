// api/startup.cpp — upgrade_at_startup: one query when nothing is pending, the lock only for work,
// and instances that find another one migrating watch for the database to become current instead
// of queueing for the lock.
#include "retort/service.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/poll.hpp"
#include "runner/version_store.hpp"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

// While another instance holds the lock: look again after 10 ms, doubling up to 80 ms (poll_until's
// jitter on top).
// Each look is one query; the cap bounds how long after the other's commit this one notices.
constexpr std::chrono::milliseconds k_first_look{10}, k_longest_look{80};

/// The answer when the version rows settle it without the lock: the database is current or ahead
/// of these migrations. Empty when there is work (or retort's tables are missing, or dirty).
std::optional<StartupResult> settled_without_lock(const Project& project, VersionStore& store, const RunOptions& options) {
  auto heads = store.settled_heads();
  if (!heads) return std::nullopt;
  const auto& graph = project.graph();
  StartupResult result;
  for (const auto& head : *heads) {
    if (graph.find(head) == RevisionGraph::npos) result.unknown.push_back(head);
  }
  if (!result.unknown.empty()) {
    result.outcome = StartupOutcome::database_ahead;
    result.run.heads_now = *heads;
    return result;
  }
  auto plan = plan_upgrade(graph, *heads, options.target.value_or(Target{}));
  if (!plan.steps.empty()) return std::nullopt;
  result.run.plan = std::move(plan);
  result.run.heads_now = std::move(*heads);
  return result;
}

} // namespace

StartupResult upgrade_at_startup(const Project& project, Connection& db, const RunOptions& options) {
  VersionStore store(db, project.config());
  const auto wait = options.lock_wait.value_or(project.config().lock_timeout);
  RunOptions attempt = options;
  std::optional<StartupResult> answer;
  std::string refusal;  // the last try's lock refusal
  // One look: the version rows; with work pending, a run whose lock is taken in `lock_wait` or not at
  // all. A taken lock is waited for here, not in the driver, watching for the other instance's commit.
  auto look = [&](std::chrono::milliseconds lock_wait) {
    if ((answer = settled_without_lock(project, store, options))) return true;
    attempt.lock_wait = lock_wait;
    try {
      StartupResult result;
      result.run = upgrade(project, db, attempt);
      result.outcome = result.run.applied.empty() ? StartupOutcome::current : StartupOutcome::migrated;
      answer = std::move(result);
      return true;
    } catch (const RunError&) {
      throw;  // it held the lock and ran: its failure is the answer
    } catch (const Error& e) {
      if (e.code() != ErrorCode::lock_timeout) throw;
      refusal = e.what();
      return false;
    }
  };
  // Each try while waiting is a single one, which does not look up the holder (a catalog query).
  const auto outcome = poll_until(
      Clock::now() + wait, k_first_look, k_longest_look, [&] { return look(std::chrono::milliseconds(0)); }, options.stop,
      [&] {
        if (options.on_lock_wait) options.on_lock_wait(LockWait{store.lock_name(), {}, wait});
      });
  if (outcome == PollResult::stopped) {
    throw Error(ErrorCode::cancelled,
                fmt::format("cancelled while waiting for the migration lock on {}; nothing was run", store.lock_name()));
  }
  // The last try waits a moment, so that its refusal names the holder.
  if (outcome == PollResult::acquired || look(std::chrono::milliseconds(1))) return *std::move(answer);
  throw Error(ErrorCode::lock_timeout,
              fmt::format("another instance held the migration lock for the {} ms this start-up waits (lock_timeout) "
                          "and the database did not become current meanwhile; last try: {}",
                          wait.count(), refusal));
}

} // namespace retort
