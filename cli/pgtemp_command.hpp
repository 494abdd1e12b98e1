// cli/pgtemp_command.hpp — `retort pgtemp`: a throwaway PostgreSQL for a command or a shell session.
#pragma once

#include <string>
#include <vector>

namespace retort::cli {

/// Starts a private cluster, runs `command` with DATABASE_URL pointing at it, removes the cluster,
/// and returns the command's exit status. With no command, prints the url and waits for Ctrl-C.
int run_pgtemp(const std::vector<std::string>& command, bool fsync);

} // namespace retort::cli
