#include "progress.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "output.hpp"

namespace retort::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string seconds(std::chrono::milliseconds ms) {
  if (ms < std::chrono::seconds(10)) return fmt::format("{:.1f}s", static_cast<double>(ms.count()) / 1000.0);
  auto s = std::chrono::duration_cast<std::chrono::seconds>(ms).count();
  if (s < 120) return fmt::format("{}s", s);
  return fmt::format("{}m{:02d}s", s / 60, s % 60);
}

std::chrono::milliseconds since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
}

void write(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

} // namespace

Progress::Progress(const RevisionGraph& graph, Verbosity verbosity, bool json, Style style)
    : m_graph(graph), m_verbosity(verbosity), m_json(json), m_style(style) {
  if (m_style.terminal && !m_json) m_ticker = std::thread([this] { tick(); });
}

Progress::~Progress() {
  {
    std::lock_guard<std::mutex> guard(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_ticker.joinable()) m_ticker.join();
  finish();
}

void Progress::attach(RunOptions& options) {
  options.on_step = [this](const StepEvent& e) { step(e); };
  options.on_lock_wait = lock_observer();
  options.on_retry = [this](const RetryEvent& e) { retry(e); };
}

LockWaitObserver Progress::lock_observer() {
  return [this](const LockWait& w) { lock_wait(w); };
}

void Progress::finish() {
  std::lock_guard<std::mutex> guard(m_mutex);
  clear_locked();
  m_current.reset();
  m_waiting.reset();
}

void Progress::line(const std::string& text) {
  std::lock_guard<std::mutex> guard(m_mutex);
  clear_locked();
  write(text + "\n");
  draw_locked();
}

void Progress::clear_locked() {
  if (!m_drawn) return;
  write("\r\x1b[2K");
  m_drawn = false;
}

void Progress::draw_locked() {
  if (!m_style.terminal || m_json) return;
  if (!m_current && m_waiting) {
    write(fmt::format("\r\x1b[2Kwaiting for the migration lock: {} of {}", seconds(since(m_wait_started)),
                      seconds(m_waiting->timeout)));
    m_drawn = true;
    m_last_draw = Clock::now();
    return;
  }
  if (quiet() || !m_current) return;
  const auto& m = m_current->migration;
  const auto elapsed = since(m_run_started);
  std::string estimate;
  if (m_done > 0 && m_total > m_done) {
    auto per_step = m_done_time / static_cast<long>(m_done);
    auto left = per_step * static_cast<long>(m_total - m_done) - since(m_step_started);
    estimate = fmt::format(", ~{} left", seconds(std::max(left, std::chrono::milliseconds(0))));
  }
  std::string text = fmt::format("{} {} {}  {} elapsed{}",
                                 paint(fmt::format("[{}/{}]", m_current->index, m_current->total), Colour::bold, m_style.colour),
                                 m_current->direction == Direction::up ? "upgrade" : "downgrade", m.revision,
                                 seconds(elapsed), estimate);
  write("\r\x1b[2K" + text);
  m_drawn = true;
  m_last_draw = Clock::now();
}

void Progress::tick() {
  std::unique_lock<std::mutex> guard(m_mutex);
  while (!m_wake.wait_for(guard, std::chrono::milliseconds(250), [this] { return m_stop; })) {
    if (m_current || m_waiting) draw_locked();
  }
}

void Progress::step(const StepEvent& e) {
  if (m_json) return;
  std::lock_guard<std::mutex> guard(m_mutex);
  m_total = e.total;
  if (!e.finished) {
    m_waiting.reset();
    m_current.emplace(e);
    m_step_started = Clock::now();
    if (quiet()) return;
    if (m_style.terminal) {
      // Fast runs start hundreds of steps a second: redraw at most every 100 ms (the ticker fills in).
      if (Clock::now() - m_last_draw >= std::chrono::milliseconds(100)) draw_locked();
    } else {
      write(fmt::format("Running {}\n", step_line(m_graph, e)));
      if (m_verbosity == Verbosity::verbose) write(fmt::format("  file: {}\n", e.migration.file));
    }
    return;
  }
  ++m_done;
  m_done_time += e.duration;
  m_current.reset();  // the line stays as it is until the next step starts (or the summary)
  if (quiet()) return;
  if (m_style.terminal) {
    if (m_verbosity == Verbosity::verbose) {
      clear_locked();
      write(fmt::format("{} {}  {} ms\n", paint("done", Colour::green, m_style.colour), step_line(m_graph, e),
                        e.duration.count()));
    }
  } else {
    write(fmt::format("  done in {} ms\n", e.duration.count()));
  }
}

void Progress::lock_wait(const LockWait& w) {
  if (m_json) return;
  std::lock_guard<std::mutex> guard(m_mutex);
  clear_locked();
  write(paint(fmt::format("Waiting for the migration lock on {}: another run holds it ({}); waiting up to {}",
                          w.key, w.holder.empty() ? std::string("holder unknown") : "held by " + w.holder,
                          seconds(w.timeout)),
              Colour::yellow, m_style.colour) +
        "\n");
  m_waiting = w;
  m_wait_started = Clock::now();
  draw_locked();
}

void Progress::retry(const RetryEvent& e) {
  if (m_json) return;
  std::lock_guard<std::mutex> guard(m_mutex);
  clear_locked();
  write(paint(fmt::format("{} hit its lock_timeout (attempt {} of {}): {}; rolled back, retrying in {}", e.migration.revision,
                          e.attempt, e.retries + 1, e.message, seconds(e.wait)),
              Colour::yellow, m_style.colour) +
        "\n");
  draw_locked();
}

} // namespace retort::cli
