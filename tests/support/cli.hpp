// support/cli.hpp — running the real retort binary and capturing what it prints.
#pragma once

#include <filesystem>
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

private:
  int m_pid = -1;
  std::string m_out, m_err;
  bool m_waited = false;
  CliResult m_result;
};

/// Runs `retort ARGS…` in `cwd` with the environment plus `env` (DATABASE_URL is removed
/// from the inherited environment unless given here).
CliResult run_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env = {});

} // namespace retort::test
