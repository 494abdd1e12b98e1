// retort/plan.hpp — from the current heads and a target to the ordered steps that reach it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

enum class Direction { up, down };

/// A change to the version table's rows that one step makes (Alembic keeps one row per applied head).
struct VersionOp {
  enum class Kind { insert, remove, update };
  Kind kind;
  std::string from;  ///< removed or updated row (empty for insert)
  std::string to;    ///< inserted or new value (empty for remove)
  bool operator==(const VersionOp&) const = default;
};

/// One migration to run in one direction, and what it does to the version rows.
struct PlanStep {
  std::size_t revision;            ///< index in the graph
  Direction direction;
  std::vector<VersionOp> version_ops;
};

/// An ordered list of steps; empty when the database is already where the target says.
struct Plan {
  std::vector<PlanStep> steps;
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
};

/// Plans `upgrade TARGET`. Targets: head, heads, base is refused, REV or a unique prefix, +N,
/// LABEL@head. Throws Error(ErrorCode::target) for an unknown or ambiguous target, "head" with several
/// heads (naming them), a relative step that does not exist, or a target behind the current revision.
/// `current` holds the version table's rows; an id not in the graph is an Error(ErrorCode::version_table).
Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target);

/// Plans `downgrade TARGET`: base, REV or a prefix, -N, LABEL@base. Removes only revisions that
/// descend from the target; other branches stay. Throws like plan_upgrade, and for a target that is
/// not applied.
Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, std::string_view target);

/// The version rows `stamp TARGET` writes: the heads of the target (empty for base).
std::vector<std::string> stamp_heads(const RevisionGraph& graph, std::string_view target);

/// Resolves one revision reference (full id, unique prefix, LABEL@head, head) to an index.
/// Throws Error(ErrorCode::target) listing candidates when ambiguous.
std::size_t resolve_revision(const RevisionGraph& graph, std::string_view ref);

/// Revision indexes in a history range "LOWER:UPPER", in graph order: the descendants of LOWER that
/// are ancestors of UPPER, both ends included. Either end may be empty ("base" / "heads"), "base",
/// "head", "heads", "current" (the version rows in `current`), or a revision reference.
std::vector<std::size_t> revision_range(const RevisionGraph& graph, std::string_view range,
                                        const std::vector<std::string>& current);

/// The rows-changes that take a version table from `before` heads to `after` heads:
/// one update when one row is replaced by one, otherwise removes and inserts.
std::vector<VersionOp> version_ops_between(const std::vector<std::string>& before, const std::vector<std::string>& after);

} // namespace retort
