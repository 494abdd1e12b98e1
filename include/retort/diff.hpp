// retort/diff.hpp — what it takes to turn one schema into another, as ordered changes (data),
// and those changes as PostgreSQL SQL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retort/schema.hpp"

namespace retort::schema {

/// What a generated statement does to a running system, besides its purpose.
enum class Hazard {
  access_exclusive_lock,   ///< blocks every read and write of the table while it runs
  share_lock,              ///< blocks writes (CREATE INDEX without CONCURRENTLY)
  share_row_exclusive_lock,///< blocks writes on both tables (adding a foreign key)
  rewrites_table,          ///< rewrites the whole table (and its indexes)
  validates_table,         ///< reads the whole table to check existing rows
  builds_index,            ///< builds an index: time and I/O in proportion to the table
  drops_index,             ///< queries that used the index may get slower
  deletes_data,            ///< rows or values are gone for good
  authorization,           ///< changes who may do what
  untracked_dependencies,  ///< a function body: PostgreSQL does not track what it uses
  upgrades_extension,      ///< runs the extension's own upgrade script
  enum_value_added,        ///< the new value cannot be used before the transaction commits
  recreates_object,        ///< dropped and created again (dependents too): a window without it
  resets_sequence,         ///< the sequence restarts at its START value
};
/// A stable code for JSON and comments: "access_exclusive_lock", …
const char* hazard_code(Hazard hazard);

struct HazardNote {
  Hazard hazard;
  std::string message;     ///< for people: "takes an ACCESS EXCLUSIVE lock on public.tasks"
};

/// One statement of a change, with what it risks.
struct ChangeStatement {
  std::string sql;         ///< one statement, without the final ';'
  std::vector<HazardNote> hazards;
  bool transactional = true;  ///< false: cannot run inside a transaction block (… CONCURRENTLY)
};

/// One change to one object, in the order the change set must run.
struct Change {
  std::string action;      ///< "create", "drop", "alter", "replace" (drop + create), "rename"
  Kind kind = Kind::table;
  std::string object;      ///< the object's id (schema.hpp)
  std::string description; ///< one line for people: "add column public.tasks.priority"
  std::vector<ChangeStatement> statements;
};

struct ChangeSet {
  std::vector<Change> changes;              ///< in the order they must run
  std::vector<std::string> notes;           ///< advice, e.g. a drop and an add that look like a rename
  /// Objects the model does not cover that exist on one side only: differences that no SQL here
  /// renders. (Those on both sides are named in `notes` as not compared.)
  std::vector<UnsupportedObject> unsupported;
  /// No change and no unsupported difference: the two schemas are equal as far as retort can see.
  [[nodiscard]] bool empty() const noexcept { return changes.empty() && unsupported.empty(); }
  /// Whether some statement cannot run in a transaction (the migration needs `transaction: none`).
  [[nodiscard]] bool needs_no_transaction() const noexcept;
  /// Every hazard of every statement, in order.
  [[nodiscard]] std::vector<HazardNote> hazards() const;
};

/// A rename stated in the desired schema ("-- retort: renamed table public.jobs from tasks"):
/// the diff renames instead of dropping and adding.
struct Rename {
  Kind kind = Kind::table;   ///< table, column, index, enum_type (any type), view (or materialized)
  std::string schema;        ///< "public" when not given
  std::string table;         ///< columns only: the table (its new name)
  std::string old_name;
  std::string new_name;
  int line = 0;              ///< where it was stated
};

/// Reads every rename comment in `sql` (lines "-- retort: renamed KIND [schema.]NEW from OLD";
/// KIND is table, column (NEW is table.column), index, type or view). Throws
/// Error(ErrorCode::migration_file) with the line for a malformed one.
std::vector<Rename> parse_renames(std::string_view sql);
/// The same renames the other way round (for the reverse diff).
std::vector<Rename> invert(const std::vector<Rename>& renames);

struct DiffOptions {
  bool online = false;       ///< CONCURRENTLY indexes, NOT VALID + VALIDATE, SET NOT NULL through a check
  bool privileges = false;   ///< also owners and grants (both models must have read them)
  std::vector<Rename> renames;
};

/// The ordered changes that take `from` to `to`: drops as late and creations as early as the
/// dependencies of each side allow (from `from` for drops, from `to` for creations); objects that
/// PostgreSQL cannot change in place are recreated with everything that depends on them.
/// The inverse of a change set is diff(to, from): both models are at hand, so every change's
/// inverse is derived from them rather than guessed from the change.
ChangeSet diff(const Database& from, const Database& to, const DiffOptions& options = {});

/// The change set as a SQL script: each statement preceded by its hazards as `-- hazard:` comments,
/// statements ended by ';'. An empty change set gives "-- no changes\n".
std::string render_sql(const ChangeSet& changes);

/// The whole schema as dependency-ordered SQL that builds it in an empty database: byte-stable
/// for equal schemas (no OIDs, no times, a fixed order).
std::string dump_sql(const Database& db);

} // namespace retort::schema
