// cli/terminal.hpp — what the CLI knows about where it prints (a terminal or not, colour or not)
// and how it hears Ctrl-C.
#pragma once

#include <atomic>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

namespace retort::cli {

/// How standard error is shown: `terminal` when it is a terminal (and TERM is not "dumb"), which
/// allows an updating progress line; `colour` when it is a terminal and NO_COLOR is unset or empty.
struct Style {
  bool terminal = false;
  bool colour = false;
};
Style stderr_style();

enum class Colour { red, green, yellow, bold, dim };
/// `text` in `colour` when `on`, else `text` unchanged.
std::string paint(std::string_view text, Colour colour, bool on);

/// Turns SIGINT and SIGTERM into a stop request: while it lives, both signals are blocked in every
/// thread (create it before any other thread) and one thread of its own waits for them. The first
/// one calls `on_signal` (from that thread) and requests a stop on `token()`, which cancels the
/// running statement on the server; a second one ends the process at once (exit 130), leaving the
/// server to roll back and release the lock when the session goes.
class Interrupts {
public:
  explicit Interrupts(std::function<void(int)> on_signal);
  Interrupts(const Interrupts&) = delete;
  Interrupts& operator=(const Interrupts&) = delete;
  ~Interrupts();
  [[nodiscard]] std::stop_token token() const { return m_stop.get_token(); }
  /// The signal that arrived first, 0 while none did.
  [[nodiscard]] int signal() const { return m_signal.load(); }

private:
  std::stop_source m_stop;
  std::atomic<int> m_signal{0};
  std::function<void(int)> m_on_signal;
  std::thread m_thread;
};

} // namespace retort::cli
