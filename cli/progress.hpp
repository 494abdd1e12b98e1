// cli/progress.hpp — what a run shows on standard error while it works: on a terminal one updating
// line (n/N, the revision, elapsed time, an estimate); elsewhere plain lines; waits and retries always.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "retort/commands.hpp"
#include "terminal.hpp"

namespace retort::cli {

enum class Verbosity { quiet, normal, verbose };

class Progress {
public:
  /// `json`: the run answers in JSON; standard error is kept for the JSON error object, so nothing
  /// is shown. Otherwise -q shows only waits and retries (waiting is never silent), and -v adds a
  /// line per finished step on a terminal and each migration's file elsewhere.
  Progress(const RevisionGraph& graph, Verbosity verbosity, bool json, Style style);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  /// Sets the run's observers (steps, lock waits, retries) to report here.
  void attach(RunOptions& options);
  LockWaitObserver lock_observer();
  /// Clears the updating line (before the summary or an error is printed).
  void finish();
  /// Prints a line of its own, above the updating line.
  void line(const std::string& text);
  [[nodiscard]] const Style& style() const noexcept { return m_style; }
  [[nodiscard]] bool quiet() const noexcept { return m_verbosity == Verbosity::quiet || m_json; }

private:
  void step(const StepEvent& event);
  void lock_wait(const LockWait& wait);
  void retry(const RetryEvent& event);
  void draw_locked();   // the updating line; m_mutex held
  void clear_locked();  // m_mutex held
  void tick();

  const RevisionGraph& m_graph;
  Verbosity m_verbosity;
  bool m_json;
  Style m_style;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  bool m_drawn = false;          ///< the updating line is on the screen
  std::chrono::steady_clock::time_point m_run_started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_step_started;
  std::chrono::steady_clock::time_point m_last_draw;  ///< when the updating line was last drawn
  std::optional<StepEvent> m_current;  ///< the running step (its migration outlives the run)
  std::optional<LockWait> m_waiting;   ///< waiting for another run's lock (terminal: a counting line)
  std::chrono::steady_clock::time_point m_wait_started;
  std::size_t m_done = 0, m_total = 0;
  std::chrono::milliseconds m_done_time{0};  ///< time the completed steps took
  std::thread m_ticker;          ///< terminal only: redraws the line while a step runs
};

} // namespace retort::cli
