// diff/differ.hpp — the state of one diff while its changes are worked out (internal to src/diff).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "diff/object_ids.hpp"
#include "diff/order.hpp"
#include "retort/diff.hpp"

namespace retort::schema {

/// When a change runs: renames first, then drops in reverse dependency order of the old schema,
/// then creations and alterations in dependency order of the new one, then the late drops (types,
/// extensions and schemas, which columns may use until they are converted), again in reverse
/// dependency order of the old schema.
enum class Phase { rename, drop, create, late_drop };

struct Action {
  Phase phase;
  std::string node;   ///< the ordering node (order.hpp) in the schema of its phase
  Change change;
};

/// Builds a ChangeStatement.
ChangeStatement statement(std::string sql, std::vector<HazardNote> hazards = {}, bool transactional = true);
std::vector<ChangeStatement> statements(const std::vector<std::string>& sql);

// Hazard notes with their messages (hazards.cpp).
HazardNote exclusive_lock(const std::string& relation);
HazardNote share_lock(const std::string& relation);
HazardNote share_row_exclusive_lock(const std::string& relations);
HazardNote rewrites(const std::string& relation);
HazardNote validates(const std::string& relation);
HazardNote builds_index(const std::string& index);
HazardNote drops_index(const std::string& index);
HazardNote deletes(const std::string& what);
HazardNote untracked(const std::string& function);
HazardNote recreates(const std::string& what);

/// A set of ids that can be asked about with a std::string_view.
using IdSet = std::set<std::string, std::less<>>;

/// Everything one diff knows and has decided so far.
struct Differ {
  Differ(const Database& from, const Database& to, const DiffOptions& options);

  const Database& from;
  const Database& to;
  const DiffOptions& options;
  ObjectIds from_ids, to_ids;            ///< every object id of each side
  std::vector<Action> actions;

  std::map<std::string, const Table*> from_tables, to_tables;   ///< by id
  IdSet replaced;                        ///< ids in both schemas that are dropped and created again
  IdSet reset_defaults;                  ///< column ids whose default is dropped before and set after
  IdSet retyped_columns;                 ///< column ids converted to a recreated type (USING c::text::type)
  /// Types rebuilt under the columns that use them (an enum losing a value, a composite type a
  /// column uses changing shape): id → the name the old type gets meanwhile.
  std::map<std::string, std::string> set_aside_types;
  IdSet late_drops;                      ///< dropped ids that go in the late phase (see Phase)
  IdSet regenerated_columns;             ///< generated column ids dropped and added again around a change
  IdSet implicit_drops;                  ///< ids PostgreSQL drops by itself (a sequence with its owner table)

  void add(Phase phase, const std::string& node, Change change);
  /// Whether an object with this id exists on the `to` side.
  [[nodiscard]] bool in_to(std::string_view id) const { return to_ids.contains(id); }
  [[nodiscard]] bool in_from(std::string_view id) const { return from_ids.contains(id); }
  /// Whether the from-side object is gone afterwards, or dropped to be created again.
  [[nodiscard]] bool leaves(std::string_view id) const { return replaced.count(id) || !in_to(id); }
  /// The object of `from` (listed in `from_list`, the list of `o`'s kind) with the id of `o`, an
  /// object of `to` (the last such, if `from` lists the id twice); nullptr when there is none.
  template <typename T>
  [[nodiscard]] const T* before(const std::vector<T>& from_list, const T& o) const {
    auto number = from_ids.number(to_ids.text(to_ids.number_of(o)));
    auto at = number < 0 ? -1 : from_ids.position_of(static_cast<std::uint32_t>(number));
    return at < 0 ? nullptr : &from_list[static_cast<std::size_t>(at)];
  }
  /// The ids of `from` that `to` does not have, sorted.
  [[nodiscard]] std::vector<std::string_view> dropped_ids() const;
  /// Each side's dependencies by number, made when first asked for (an equal diff never asks).
  const DependencyEnds& from_ends();
  const DependencyEnds& to_ends();

private:
  std::optional<DependencyEnds> m_from_ends, m_to_ends;
};

// The passes (each in its own file).
void mark_replacements(Differ& d);             ///< replace.cpp: what must be recreated, with dependents
void diff_tables(Differ& d);                   ///< tables.cpp
void diff_sequence_ownership_release(Differ& d); ///< tables.cpp: before any table is dropped
void diff_sequence_ownership(Differ& d);       ///< tables.cpp: after tables exist
void diff_objects(Differ& d);                  ///< objects.cpp: every other kind
void note_possible_renames(Differ& d, ChangeSet& out);  ///< objects.cpp

/// The columns and CHECK constraints (not NO INHERIT) a table gets from its parents and theirs, by name.
struct Inherited {
  std::map<std::string, const Column*> columns;
  std::map<std::string, const Constraint*> checks;
};
Inherited inherited_from(const std::map<std::string, const Table*>& tables, const std::vector<std::string>& parents);
/// Leaves out of each inheritance child the columns and checks a parent gives it: PostgreSQL keeps
/// a merged column local to the child too (and cannot unmark it), so they are compared on the parent.
void normalize_inheritance(Database& db);
/// Whether some table inherits (other than as a partition): whether normalize_inheritance has work.
bool has_inheritance_children(const Database& db);

/// Applies the stated renames to a copy of `from`, adding the rename changes, and returns the copy
/// canonicalized; returns nothing when no rename applies and `from` is canonical already (the
/// copy would equal it).
std::optional<Database> apply_renames(const Database& from, const std::vector<Rename>& renames, std::vector<Action>& actions);

} // namespace retort::schema
