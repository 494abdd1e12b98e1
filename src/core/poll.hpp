// core/poll.hpp — waiting for something another process holds (the migration lock), without
// blocking inside it: try, sleep, try again.
#pragma once

#include <chrono>
#include <functional>

namespace retort {

/// Calls `attempt` until it returns true or `deadline` passes, sleeping between tries: `first`,
/// doubling up to `longest`, plus up to half of that again at random (so that waiters started
/// together do not retry together), never past the deadline. Returns whether an attempt succeeded;
/// `attempt` runs at least once.
bool poll_until(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds first,
                std::chrono::milliseconds longest, const std::function<bool()>& attempt);

} // namespace retort
