// cli/completion.hpp — shell completion (bash, zsh, fish), "did you mean" for the command line,
// and the man page, all read from the one CLI11 definition so they never disagree with it.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace retort::cli {

/// The script `retort completion SHELL` prints; it asks `retort __complete -- WORDS…` for the words.
/// Throws Error(ErrorCode::usage) for a shell other than bash, zsh and fish.
std::string completion_script(const std::string& shell);

/// The candidates for the last of `words` (the words after "retort", the last one being completed,
/// possibly empty): commands, then the chosen command's options and the global ones, and revision
/// ids, branch labels and target keywords where a command takes a revision. Never throws: a
/// project that cannot be read completes no revisions.
std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words);

/// The commands users may type (not the hidden helpers).
std::vector<std::string> command_names(const CLI::App& app);

/// The option names ("--url", "-m") of `command` (nullptr: the global ones) and the global ones.
std::vector<std::string> option_names(const CLI::App& app, const CLI::App* command);

/// The subcommand `argv` names, skipping global options and their values; nullptr when none, and
/// then `unknown` holds the first word that is not an option (empty when there is none).
const CLI::App* chosen_command(const CLI::App& app, const std::vector<std::string>& args, std::string& unknown);

/// For an argument error: "unknown command 'x' (did you mean …?)" or "unknown option '--x' for
/// upgrade (did you mean …?)", or "" when the error is of another kind.
std::string explain_unknown(const CLI::App& app, const std::vector<std::string>& args);

/// The man page, in roff: the overview, every command's help with its examples, the exit codes.
std::string man_page(const CLI::App& app, const std::string& exit_codes);

} // namespace retort::cli
