// retort/revision_graph.hpp — the migrations as a DAG: parents, children, heads, bases.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "retort/migration.hpp"

namespace retort {

/// Which edges a walk over the graph follows.
enum class Edges {
  all,           ///< down_revisions and depends_on: what must be applied before what
  version_line,  ///< down_revisions only: the lines that decide heads, branches and version rows
};

/// The revision graph. Migrations are held in a topological order (parents before children,
/// ties broken by file name), and referred to by their index in that order.
/// Two kinds of edge: down_revisions (the version line; they decide heads) and depends_on
/// (ordering only). Both count as ancestry for planning.
class RevisionGraph {
public:
  /// Builds and validates. Throws Error(ErrorCode::revision_graph) naming the files involved for:
  /// a duplicate revision id, a down_revision that names no revision, a depends_on that names
  /// neither a revision nor a branch label (a label stands for the revision carrying it), a cycle
  /// (including a revision that is its own parent), and a branch label used twice or equal to a revision id.
  explicit RevisionGraph(std::vector<Migration> migrations);

  [[nodiscard]] std::size_t size() const noexcept { return m_migrations.size(); }
  [[nodiscard]] const std::vector<Migration>& migrations() const noexcept { return m_migrations; }
  [[nodiscard]] const Migration& operator[](std::size_t index) const { return m_migrations[index]; }

  /// The index of `id`, or npos when no revision has exactly that id.
  [[nodiscard]] std::size_t find(std::string_view id) const;
  /// The index of `id`; throws Error(ErrorCode::target) when unknown.
  [[nodiscard]] std::size_t at(std::string_view id) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Indexes of revisions whose id starts with `prefix`.
  [[nodiscard]] std::vector<std::size_t> with_prefix(std::string_view prefix) const;
  /// The index of the revision carrying `label` (the labelled revision itself), or npos.
  [[nodiscard]] std::size_t find_label(std::string_view label) const;
  /// The branch labels that start with `prefix` and the revisions carrying them, sorted by label.
  [[nodiscard]] std::vector<std::pair<std::string, std::size_t>> labels_with_prefix(std::string_view prefix) const;

  [[nodiscard]] const std::vector<std::size_t>& parents(std::size_t i) const { return m_parents[i]; }
  [[nodiscard]] const std::vector<std::size_t>& dependencies(std::size_t i) const { return m_deps[i]; }
  [[nodiscard]] const std::vector<std::size_t>& children(std::size_t i) const { return m_children[i]; }
  /// Revisions that name `i` in their depends_on.
  [[nodiscard]] const std::vector<std::size_t>& dependents(std::size_t i) const { return m_dependents[i]; }

  /// Revisions no other revision names as a down_revision, in topological order.
  [[nodiscard]] std::vector<std::size_t> heads() const;
  /// Revisions with no down_revision.
  [[nodiscard]] std::vector<std::size_t> bases() const;

  /// Membership masks over indexes. `ancestors` follows down_revisions (and, with Edges::all,
  /// depends_on), and includes the starting revisions; `descendants` is the reverse.
  [[nodiscard]] std::vector<bool> ancestors(const std::vector<std::size_t>& from, Edges edges = Edges::all) const;
  [[nodiscard]] std::vector<bool> descendants(const std::vector<std::size_t>& from, Edges edges = Edges::all) const;
  /// The revision's line: its version-line ancestors and descendants, itself included (what
  /// Alembic calls sharing lineage; a branch label names the line of the revision carrying it).
  [[nodiscard]] std::vector<bool> lineage(std::size_t revision) const;

  /// The heads of an applied set: members that no other member names as a down_revision.
  [[nodiscard]] std::vector<std::size_t> heads_of(const std::vector<bool>& applied) const;

  /// Ids of a list of indexes, in the same order.
  [[nodiscard]] std::vector<std::string> ids(const std::vector<std::size_t>& indexes) const;

private:
  /// Orders `input` topologically (Kahn's algorithm, file order among ready revisions) into the
  /// members; throws Error(ErrorCode::revision_graph) naming the revisions of a cycle.
  void place_in_topological_order(std::vector<Migration> input, std::vector<std::vector<std::size_t>> parents,
                                  std::vector<std::vector<std::size_t>> deps,
                                  std::unordered_map<std::string, std::size_t> by_id);

  std::vector<Migration> m_migrations;
  std::unordered_map<std::string, std::size_t> m_index;
  std::unordered_map<std::string, std::size_t> m_labels;
  std::vector<std::vector<std::size_t>> m_parents, m_deps, m_children, m_dependents;
};

} // namespace retort
