#include "core/poll.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>
#include <thread>

namespace retort {

bool poll_until(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds first,
                std::chrono::milliseconds longest, const std::function<bool()>& attempt) {
  std::mt19937 jitter(static_cast<unsigned>(getpid()));
  auto pause = first;
  for (;;) {
    if (attempt()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    auto wait = pause + std::chrono::milliseconds(jitter() % (pause.count() / 2 + 1));
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(wait, deadline - now));
    pause = std::min(pause * 2, longest);
  }
}

} // namespace retort
