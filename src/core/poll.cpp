#include "core/poll.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

namespace retort {

bool sleep_unless_stopped(std::chrono::nanoseconds pause, std::stop_token stop) {
  if (!stop.stop_possible()) {
    std::this_thread::sleep_for(pause);
    return true;
  }
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock<std::mutex> guard(mutex);
  return !wake.wait_for(guard, stop, pause, [] { return false; }) && !stop.stop_requested();
}

PollResult poll_until(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds first,
                      std::chrono::milliseconds longest, const std::function<bool()>& attempt, std::stop_token stop,
                      const std::function<void()>& waiting) {
  std::mt19937 jitter(static_cast<unsigned>(getpid()));
  auto pause = first;
  bool told = false;
  for (;;) {
    if (stop.stop_requested()) return PollResult::stopped;
    if (attempt()) return PollResult::acquired;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return PollResult::timed_out;
    if (!told && waiting) waiting();
    told = true;
    auto wait = pause + std::chrono::milliseconds(jitter() % (pause.count() / 2 + 1));
    if (!sleep_unless_stopped(std::min<std::chrono::nanoseconds>(wait, deadline - now), stop)) return PollResult::stopped;
    pause = std::min(pause * 2, longest);
  }
}

} // namespace retort
