// retort/plan.hpp — from the current heads and a target to the ordered steps that reach it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

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

/// Plans `upgrade TARGET`: the target's revisions and everything they need. A target that resolves
/// to a revision first (REV-N, head-1, LABEL@REV) is an upgrade target when that revision is not
/// applied yet. An empty folder's `head` plans nothing. Throws Error(ErrorCode::target) as
/// resolve_target does, for `base`, for a step down from the current revision (-N, LABEL@-N), and
/// for a target already applied below the current revision. `current` holds the version table's
/// rows; an id not in the graph is an Error(ErrorCode::version_table).
Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current, const Target& target);

/// Plans `downgrade TARGET`: base, a revision (however named: REV+N is a downgrade target when that
/// revision is applied), -N, LABEL@-N, LABEL@base, LABEL@REV. Removes only revisions that descend
/// from the target, on the target's line when it names one (Alembic's rule); other branches stay.
/// Stepping back over a merge returns to both of its parents. Throws like plan_upgrade, for
/// `head`/`heads`, for a step up from the current revision, and for a target that is not applied.
Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current, const Target& target);

/// What `stamp TARGET…` does to the version rows.
struct StampPlan {
  std::vector<std::string> rows;   ///< the rows afterwards: kept rows in their order, new ones last
  std::vector<std::string> named;  ///< the revisions the targets named (none for base), in order
};

/// Plans `stamp TARGET…` from the rows `current` (Alembic's stamp): each named revision replaces
/// the rows on its line (its version-line ancestors and descendants) or, on a line of its own, is
/// added beside them; `base` clears every row, `LABEL@base` the rows on that branch's line, before
/// any revision is added. Throws like resolve_target, Error(ErrorCode::target) when no target is
/// given or two named revisions are on one line, and Error(ErrorCode::version_table) for a row
/// the folder does not have.
StampPlan plan_stamp(const RevisionGraph& graph, const std::vector<std::string>& current,
                     const std::vector<Target>& targets);

/// Revision indexes in a history range, in graph order: the descendants of LOWER that are
/// ancestors of UPPER, both ends included; an open LOWER (or base) is no bound, an open UPPER is
/// the heads, an UPPER of base is nothing. Either end may be any target; `current`, +N and -N count
/// from the version rows `current`, and a step past a base or a head stops there (as Alembic's
/// history does). Throws like resolve_target.
std::vector<std::size_t> revision_range(const RevisionGraph& graph, const TargetRange& range,
                                        const std::vector<std::string>& current);

/// The rows-changes that take a version table from `before` heads to `after` heads:
/// one update when one row is replaced by one, otherwise removes and inserts.
std::vector<VersionOp> version_ops_between(const std::vector<std::string>& before, const std::vector<std::string>& after);

} // namespace retort
