// pgtemp/process.hpp — running a helper program, optionally as another user.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace retort {

struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  bool active = false;  ///< false: run as ourselves
};

/// Runs argv[0] (a path) with its output appended to `log_path`; returns the exit status
/// (-1 when it could not start or was killed by a signal).
int run_process(const std::vector<std::string>& argv, const RunAs& as, const std::string& log_path);

} // namespace retort
