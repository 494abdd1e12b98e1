#include "terminal.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace retort::cli {

Style stderr_style() {
  Style s;
  const char* term = std::getenv("TERM");
  s.terminal = isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
  const char* no_colour = std::getenv("NO_COLOR");
  s.colour = s.terminal && (no_colour == nullptr || *no_colour == '\0');
  return s;
}

std::string paint(std::string_view text, Colour colour, bool on) {
  if (!on) return std::string(text);
  const char* code = "";
  switch (colour) {
    case Colour::red: code = "\x1b[31m"; break;
    case Colour::green: code = "\x1b[32m"; break;
    case Colour::yellow: code = "\x1b[33m"; break;
    case Colour::bold: code = "\x1b[1m"; break;
    case Colour::dim: code = "\x1b[2m"; break;
  }
  return std::string(code) + std::string(text) + "\x1b[0m";
}

namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR2);  // our own: wakes the waiting thread when the scope ends
  return set;
}

} // namespace

Interrupts::Interrupts(std::function<void(int)> on_signal) : m_on_signal(std::move(on_signal)) {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  m_thread = std::thread([this, set] {
    for (;;) {
      int signo = 0;
      if (sigwait(&set, &signo) != 0) continue;
      if (signo == SIGUSR2) return;
      if (m_signal.load() != 0) _exit(130);  // the second Ctrl-C: stop now; the server rolls back
      m_signal.store(signo);
      if (m_on_signal) m_on_signal(signo);
      m_stop.request_stop();
    }
  });
}

Interrupts::~Interrupts() {
  pthread_kill(m_thread.native_handle(), SIGUSR2);
  m_thread.join();
  // Signals stay blocked: the process is about to exit, and one that arrives now must not kill it
  // before it has said where the database stands.
}

} // namespace retort::cli
