// support/killed_run.hpp — a run killed at a precise point: for the exactly-once resume tests.
#pragma once

#include <functional>

#include "retort/config.hpp"
#include "retort/run.hpp"

namespace retort::test {

/// Runs `upgrade` to head through the library in a forked child, which SIGKILLs itself at the
/// first statement event (RunOptions::on_statement) for which `kill_here` is true: nothing of the
/// run happens after that point, as when the process is killed from outside at that instant.
/// Returns true when the child died so; false when it finished, or failed, without reaching it.
bool upgrade_killed_at(const Config& config, const std::function<bool(const StatementEvent&)>& kill_here);

} // namespace retort::test
