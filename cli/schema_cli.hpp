// cli/schema_cli.hpp — the schema commands' arguments (diff, check, dump, revision --autogenerate)
// and how their results are shown.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "retort/schema_commands.hpp"

namespace retort::cli {

struct SchemaCli {
  CLI::App* diff = nullptr;
  CLI::App* check = nullptr;
  CLI::App* dump = nullptr;
  std::string from, to, source;
  bool online = false;
  bool privileges = false;
  bool exit_code = false;
  // revision --autogenerate
  bool autogenerate = false;
  bool allow_empty = false;
};

/// Adds diff, check and dump, and --autogenerate/--online/--allow-empty to `revision`.
void add_schema_commands(CLI::App& app, CLI::App& revision, SchemaCli& cli, bool& json);

/// Whether one of diff, check, dump was chosen.
bool schema_command_chosen(const SchemaCli& cli);

/// Runs the chosen one of diff, check, dump; returns the exit status.
int run_schema_command(const SchemaCli& cli, const Config& config, bool json);

/// revision --autogenerate: writes the migration, prints its path (and the changes as JSON with --json).
int run_autogenerate(const SchemaCli& cli, const Project& project, const RevisionOptions& revision, bool json);

/// A change set as JSON: {"changes": [...], "notes": [...], "unsupported": [...], "equal": bool}.
std::string changes_json(const schema::ChangeSet& changes);

} // namespace retort::cli
