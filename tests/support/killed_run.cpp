#include "support/killed_run.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retort/commands.hpp"

namespace retort::test {

bool upgrade_killed_at(const Config& config, const std::function<bool(const StatementEvent&)>& kill_here) {
  const pid_t pid = fork();
  if (pid == 0) {
    try {
      Project project(config);
      auto db = connect(config.url);
      RunOptions options;
      options.on_statement = [&](const StatementEvent& e) {
        if (kill_here(e)) ::kill(getpid(), SIGKILL);
      };
      upgrade(project, *db, options);
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

} // namespace retort::test
