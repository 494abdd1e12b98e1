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

/// Runs `retort ARGS…` in `cwd` with the environment plus `env` (DATABASE_URL is removed
/// from the inherited environment unless given here).
CliResult run_retort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::map<std::string, std::string>& env = {});

} // namespace retort::test
