// support/cli.hpp — running the real retort binary and capturing what it prints.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace retort::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// A retort process running in the background.
class RunningRetort {
public:
  RunningRetort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                const std::map<std::string, std::string>& env = {});
  RunningRetort(const RunningRetort&) = delete;
  RunningRetort& operator=(const RunningRetort&) = delete;
  ~RunningRetort();
  /// Waits for it to exit and returns what it printed.
  CliResult wait();
  void kill(int signal);
  /// Signals its whole process group (it runs in its own), as Ctrl-C in a terminal would.
  void kill_group(int signal);
  /// What it has printed on standard output so far.
  [[nodiscard]] std::string output_so_far() const;

private:
  friend CliResult run_program(const std::vector<std::string>&, const std::filesystem::path&,
                                const std::map<std::string, std::string>&);
  /// Forks a child (own process group, output to files, no input) that calls `exec_child`.
  explicit RunningRetort(const std::function<void()>& exec_child);

  int m_pid = -1;
  std::string m_out, m_err;
  bool m_waited = false;
  CliResult m_result;
};

/// An `env` value that removes the variable from the child's environment.
inline const std::string k_unset = "\x01unset";

/// In a forked child: goes to `cwd`, clears DATABASE_URL and RETORT_CONFIG, applies `env` (k_unset
/// removes a variable) and execs the retort binary with `args`; never returns (126: no cwd, 127: no exec).
[[noreturn]] void exec_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                              const std::map<std::string, std::string>& env);

/// exec_retort for any program: `argv[0]` is its path or a name on PATH.
[[noreturn]] void exec_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                               const std::map<std::string, std::string>& env);

/// Runs a program (`argv[0]` its path) in `cwd` as run_retort runs retort: cmake, a compiler, a
/// program built by a test.
CliResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                      const std::map<std::string, std::string>& env = {});

/// Runs `retort ARGS…` in `cwd` with the environment plus `env` (DATABASE_URL and RETORT_CONFIG
/// are removed from the inherited environment unless given here; a value of k_unset removes one).
CliResult run_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env = {});

/// Runs `retort ARGS…` on a real pseudo-terminal (forkpty: standard input, output and error are the
/// terminal). Whenever it prints `prompt`, types the next of `answers` and Enter; with no answer
/// left, closes the terminal's input (end of file). `out` holds everything the terminal showed.
CliResult run_retort_on_terminal(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                 const std::map<std::string, std::string>& env, const std::string& prompt,
                                 std::vector<std::string> answers);

/// Whether `text` (something a command printed) contains `part`.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace retort::test
