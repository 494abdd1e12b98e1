// core/poll.hpp — waiting for something another process holds (the migration lock), without
// blocking inside it: try, sleep, try again; and pauses that a stop request cuts short.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>

namespace retort {

/// What ended a poll.
enum class PollResult { acquired, timed_out, stopped };

/// Calls `attempt` until it returns true, `deadline` passes or `stop` is requested, sleeping
/// between tries: `first`, doubling up to `longest`, plus up to half of that again at random (so
/// that waiters started together do not retry together), never past the deadline. `attempt` runs at
/// least once (unless a stop was requested before); `waiting` (optional) is called once, after the
/// first attempt fails.
PollResult poll_until(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds first,
                      std::chrono::milliseconds longest, const std::function<bool()>& attempt,
                      std::stop_token stop = {}, const std::function<void()>& waiting = {});

/// Sleeps for `pause` unless `stop` is requested first; returns false when stopped.
bool sleep_unless_stopped(std::chrono::nanoseconds pause, std::stop_token stop);

} // namespace retort
