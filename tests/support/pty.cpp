#include "support/pty.hpp"

#include "support/cli.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace retort::test {

PtyRetort::PtyRetort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env) {
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 80;
  pid_t pid = forkpty(&m_master, nullptr, nullptr, &size);
  if (pid == 0) {
    unsetenv("NO_COLOR");
    setenv("TERM", "xterm", 1);  // env may say otherwise
    exec_retort(args, cwd, env);
  }
  m_pid = pid;
}

PtyRetort::~PtyRetort() {
  if (m_status < 0 && m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
  }
  if (m_master >= 0) close(m_master);
}

void PtyRetort::type(std::string_view keys) { (void)!write(m_master, keys.data(), keys.size()); }

bool PtyRetort::pump(int ms) {
  pollfd p{m_master, POLLIN, 0};
  int n = poll(&p, 1, ms);
  if (n <= 0) return true;
  char buf[4096];
  ssize_t got = read(m_master, buf, sizeof buf);
  if (got <= 0) return errno == EINTR || errno == EAGAIN;  // EIO: the terminal's other side is gone
  m_out.append(buf, static_cast<std::size_t>(got));
  return true;
}

bool PtyRetort::wait_for(std::string_view needle, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (m_out.find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (!pump(50)) return m_out.find(needle) != std::string::npos;
  }
  return true;
}

int PtyRetort::wait(std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  bool open = true;
  for (;;) {
    if (open) open = pump(50);
    else usleep(20000);
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      while (open && pump(50)) {
        pollfd p{m_master, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0) break;
      }
      m_status = status;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(m_pid, SIGKILL);
      waitpid(m_pid, &status, 0);
      m_status = status;
      break;
    }
  }
  return WIFEXITED(m_status) ? WEXITSTATUS(m_status) : 128 + WTERMSIG(m_status);
}

} // namespace retort::test
