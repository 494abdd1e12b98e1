#include "support/cli.hpp"

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace retort::test {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

void exec_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {RETORT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  exec_program(argv, cwd, env);
}

void exec_program(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::map<std::string, std::string>& env) {
  if (chdir(cwd.c_str()) != 0) _exit(126);
  unsetenv("DATABASE_URL");
  unsetenv("RETORT_CONFIG");
  for (const auto& [k, v] : env) {
    if (v == k_unset) unsetenv(k.c_str());
    else setenv(k.c_str(), v.c_str(), 1);
  }
  std::vector<std::string> argv_s = args;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());  // a path, or a name found on PATH (cmake)
  _exit(127);
}

RunningRetort::RunningRetort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                             const std::map<std::string, std::string>& env)
    : RunningRetort([&] { exec_retort(args, cwd, env); }) {}

RunningRetort::RunningRetort(const std::function<void()>& exec_child) {
  char out_name[] = "/tmp/retort-out-XXXXXX";
  char err_name[] = "/tmp/retort-err-XXXXXX";
  int out_fd = mkstemp(out_name), err_fd = mkstemp(err_name);
  m_out = out_name;
  m_err = err_name;
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    exec_child();
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  m_pid = pid;
}

RunningRetort::~RunningRetort() {
  if (!m_waited) {
    ::kill(m_pid, SIGKILL);
    wait();
  }
}

void RunningRetort::kill(int signal) { ::kill(m_pid, signal); }

void RunningRetort::kill_group(int signal) { ::kill(-m_pid, signal); }

std::string RunningRetort::output_so_far() const { return slurp(m_out); }

CliResult RunningRetort::wait() {
  if (m_waited) return m_result;
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_waited = true;
  m_result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m_result.out = slurp(m_out);
  m_result.err = slurp(m_err);
  std::filesystem::remove(m_out);
  std::filesystem::remove(m_err);
  return m_result;
}

CliResult run_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env) {
  RunningRetort running(args, cwd, env);
  return running.wait();
}

CliResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::map<std::string, std::string>& env) {
  RunningRetort running([&] { exec_program(argv, cwd, env); });
  return running.wait();
}

CliResult run_retort_on_terminal(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                 const std::map<std::string, std::string>& env, const std::string& prompt,
                                 std::vector<std::string> answers) {
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return {};
  if (pid == 0) {
    setenv("TERM", "dumb", 1);  // env may say otherwise
    exec_retort(args, cwd, env);
  }
  CliResult result;
  std::size_t answered_up_to = 0;  // prompts before this offset were answered
  char buffer[4096];
  while (true) {
    ssize_t n = read(master, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO once the child has exited and the terminal closed
    result.out.append(buffer, static_cast<std::size_t>(n));
    auto at = result.out.find(prompt, answered_up_to);
    if (at != std::string::npos) {
      answered_up_to = at + prompt.size();
      if (!answers.empty()) {
        std::string line = answers.front() + "\n";
        answers.erase(answers.begin());
        if (write(master, line.data(), line.size()) < 0) break;
      } else {
        const char eof = 4;  // Ctrl-D at the start of a line: end of input
        if (write(master, &eof, 1) < 0) break;
      }
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

} // namespace retort::test
