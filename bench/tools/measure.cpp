// measure — runs one command and prints "WALL_SECONDS MAX_RSS_KB EXIT_STATUS CPU_SECONDS" on stdout.
//
//   measure [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARGS...]
//
// The wall time covers fork, exec and wait4 only (none of the benchmark script's own work);
// the peak memory is ru_maxrss from wait4 of that process (and its waited-for children), in KiB;
// the CPU time is that process's user + system time (a database server's work is not in it).
// The command's stdout and stderr go to /dev/null unless -o / -e name files; stdin is /dev/null
// unless -i names a file. Used by bench/run.sh for every timed run, tools and floors alike.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

namespace {

int open_or_die(const char* path, int flags) {
  int fd = open(path, flags, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "measure: cannot open %s: %s\n", path, std::strerror(errno));
    _exit(126);
  }
  return fd;
}

double now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char** argv) {
  std::string out = "/dev/null", err = "/dev/null", in = "/dev/null";
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if ((a == "-o" || a == "-e" || a == "-i") && i + 1 < argc) {
      (a == "-o" ? out : a == "-e" ? err : in) = argv[++i];
    } else {
      std::fprintf(stderr, "usage: measure [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARGS...]\n");
      return 2;
    }
  }
  if (i >= argc) {
    std::fprintf(stderr, "measure: no command\n");
    return 2;
  }
  // Open the files before the clock starts.
  int fd_in = open_or_die(in.c_str(), O_RDONLY);
  int fd_out = open_or_die(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC);
  int fd_err = open_or_die(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC);
  const double start = now();
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("measure: fork");
    return 2;
  }
  if (pid == 0) {
    dup2(fd_in, 0);
    dup2(fd_out, 1);
    dup2(fd_err, 2);
    execvp(argv[i], argv + i);
    std::fprintf(stderr, "measure: cannot run %s: %s\n", argv[i], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::perror("measure: wait4");
      return 2;
    }
  }
  const double wall = now() - start;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("%.6f %ld %d %.6f\n", wall, usage.ru_maxrss, code, cpu);
  return 0;
}
