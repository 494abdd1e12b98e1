// cli/help_examples.hpp — the examples at the end of each command's --help.
// tests/cli/help_examples_test.cpp runs every one of them, so each must work as written.
#pragma once

#include <string>
#include <string_view>

namespace retort::cli {

std::string upgrade_examples();
std::string downgrade_examples();
std::string stamp_examples();
std::string history_examples();
/// The downgrade help's paragraph on confirmation and --yes.
std::string downgrade_note();
/// The exit codes, for `retort --help` and the man page (docs/exit-codes.md says the same).
std::string exit_codes_text();
/// The examples of the other commands ("" for none).
std::string examples_for(std::string_view command);

} // namespace retort::cli
