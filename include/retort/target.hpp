// retort/target.hpp — a migration target, parsed once from what the user wrote, and what it names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"

namespace retort {

/// A target in Alembic's syntax: an anchor, optionally within one branch, optionally followed by
/// a relative step.
///
///     head  heads  base  current             the anchors by name
///     0002_users  0002  billing              a revision id, a unique prefix, a branch label
///     billing@head  billing@heads  billing@base
///     billing@0003                           a revision that must be on that branch
///     +2  -1  billing@+1  billing@-1         steps from the database's current revision
///     0002+1  head-2  billing@0003-1         steps from a revision
///
/// A branch (before '@') is a branch label, or a revision id or prefix standing for its line.
struct Target {
  enum class Anchor {
    head,      ///< the single head (of the branch); nothing in an empty folder
    heads,     ///< every head (of the branch)
    base,      ///< below every revision (of the branch)
    current,   ///< the database's version rows (its position on the branch)
    revision,  ///< `symbol`: an exact revision id or branch label, else a unique prefix of one
  };
  Anchor anchor = Anchor::head;
  std::string symbol;       ///< Anchor::revision only: the id, label or prefix as written
  std::string branch;       ///< the part before '@'; empty when there is none
  int steps = 0;            ///< the relative step: +N walks up, -N down; 0 when there is none
  std::string text = "head";  ///< as written, for messages

  /// `head`.
  Target() = default;
  /// Parses `text` (see parse_target). Implicit, so that options read `{.target = "head"}`.
  Target(std::string_view written);    // NOLINT(google-explicit-constructor)
  Target(const char* written);         // NOLINT(google-explicit-constructor)
  Target(const std::string& written);  // NOLINT(google-explicit-constructor)

  /// Whether resolving it reads the database's version rows (`current`, `+N`, `-N`, `LABEL@-N`).
  [[nodiscard]] bool uses_current() const noexcept { return anchor == Anchor::current; }
  bool operator==(const Target&) const = default;
};

/// Parses one target. Throws Error(ErrorCode::target) for empty text, a '@' with nothing before
/// or after it, a step that is not a positive number ("+x", "+0"), and a step after `heads`.
Target parse_target(std::string_view text);

/// A range "LOWER:UPPER" (`history -r`): either end may be empty (open: from base, up to the heads).
struct TargetRange {
  std::optional<Target> lower;
  std::optional<Target> upper;

  [[nodiscard]] bool uses_current() const noexcept {
    return (lower && lower->uses_current()) || (upper && upper->uses_current());
  }
};

/// Parses "LOWER:UPPER". Throws Error(ErrorCode::target) when `text` has no ':' or two, or an end
/// does not parse.
TargetRange parse_target_range(std::string_view text);

/// What a relative step does when it runs past a base or a head.
enum class Overrun {
  refuse,  ///< Error(ErrorCode::target) saying how many steps there were (upgrade, downgrade, stamp)
  stop,    ///< stop at the last revision reached (history ranges, as Alembic's do)
};

/// The version rows a target is resolved against; `rows` null when there is no database
/// (then `current`, `+N` and `-N` are refused, naming the target).
struct TargetContext {
  const std::vector<std::string>* rows = nullptr;
  Overrun overrun = Overrun::refuse;
};

/// What a target names.
struct ResolvedTarget {
  /// Graph indexes in graph order; empty means base (below every revision). Several for `heads`,
  /// and for a step down over a merge, which lands on every parent of the merge.
  std::vector<std::size_t> revisions;
  /// The line the target follows, when it names one: the start of a step down, or the revision
  /// carrying the branch label. A downgrade undoes only this line; a stamp of base clears only it.
  std::optional<std::size_t> line;
};

/// Resolves `target` against the graph (and the version rows, for `current` and `+N`/`-N`).
/// Throws Error(ErrorCode::target) for: no revision or branch label matching (naming the text);
/// a prefix of several (listing them); `head` or `LABEL@head` with several heads (naming them);
/// a revision not on the named branch; a step from several revisions, or where the path forks
/// (naming where); a step past a base or a head under Overrun::refuse (saying how far it got);
/// and `current` without version rows. Throws Error(ErrorCode::version_table) for a version row
/// that names no revision in the folder.
ResolvedTarget resolve_target(const RevisionGraph& graph, const Target& target, const TargetContext& context = {});

/// Resolves a target that must name exactly one revision (show, rehash, merge, depends_on).
/// Throws like resolve_target, and Error(ErrorCode::target) when it names none (base) or several.
std::size_t resolve_revision(const RevisionGraph& graph, const Target& target);

} // namespace retort
