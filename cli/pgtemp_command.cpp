#include "pgtemp_command.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "retort/temp_cluster.hpp"

namespace retort::cli {

int run_pgtemp(const std::vector<std::string>& command, bool fsync) {
  // Ctrl-C reaches the whole foreground group: the child handles it; we clean up after it.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_int {}, old_term {};
  TempCluster cluster(TempClusterOptions{.fsync = fsync});
  const std::string url = cluster.url();
  if (command.empty()) {
    fmt::print("DATABASE_URL={}\n", url);
    fmt::print(stderr, "pgtemp: a throwaway PostgreSQL is running; press Ctrl-C to stop and remove it\n");
    std::fflush(stdout);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    int sig = 0;
    sigwait(&set, &sig);
    return 0;
  }
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGTERM, &ignore, &old_term);
  pid_t child = fork();
  if (child == 0) {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    setenv("DATABASE_URL", url.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : command) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    fmt::print(stderr, "pgtemp: cannot run {}: {}\n", command.front(), std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  cluster.shutdown();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

} // namespace retort::cli
