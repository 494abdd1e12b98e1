// cli/help_examples.hpp — the examples at the end of each command's --help.
// tests/cli/help_examples_test.cpp runs every one of them, so each must work as written.
#pragma once

#include <string>

namespace retort::cli {

std::string upgrade_examples();
std::string downgrade_examples();
std::string stamp_examples();
std::string history_examples();

} // namespace retort::cli
