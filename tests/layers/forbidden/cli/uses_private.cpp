// The CLI using a private header of the runner: refused.
#include "retort/commands.hpp"
#include "runner/runner.hpp"
