// cli/output.hpp — how the CLI shows each command's result, as text or as JSON.
#pragma once

#include <string>
#include <vector>

#include "retort/commands.hpp"

namespace retort::cli {

/// "0001_init -> 0002_users (head), Add users" lines, newest first (Alembic's format).
/// `shown` is in graph order; it is printed newest first.
std::string history_text(const RevisionGraph& graph, const std::vector<std::size_t>& shown,
                         const std::vector<std::string>& current, bool verbose);
std::string history_json(const RevisionGraph& graph, const std::vector<std::size_t>& shown,
                         const std::vector<std::string>& current);

/// Branch points and, under each, the revisions that leave it.
std::string branches_text(const RevisionGraph& graph);
std::string branches_json(const RevisionGraph& graph);

std::string heads_text(const RevisionGraph& graph, const std::vector<std::size_t>& heads);
std::string heads_json(const RevisionGraph& graph, const std::vector<std::size_t>& heads);

std::string current_text(const RevisionGraph& graph, const std::vector<std::string>& current);
std::string current_json(const RevisionGraph& graph, const std::vector<std::string>& current);

std::string status_text(const Project& project, const Status& status, const std::string& database);
std::string status_json(const Project& project, const Status& status, const std::string& database);

std::string show_text(const RevisionGraph& graph, std::size_t revision);
std::string show_json(const RevisionGraph& graph, std::size_t revision);

std::string verify_text(const VerifyReport& report);
std::string verify_json(const VerifyReport& report);

/// One line describing a step, for progress output: "upgrade 0001_init -> 0002_users, Add users".
std::string step_line(const RevisionGraph& graph, const StepEvent& event);

} // namespace retort::cli
