// retort/schema_commands.hpp — the commands that read schemas: diff, check, dump and
// revision --autogenerate. Nothing here prints or exits.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "retort/commands.hpp"
#include "retort/diff.hpp"
#include "retort/introspect.hpp"

namespace retort {

class TempCluster;

/// Empty databases for replaying migrations and applying schema files, on the server that
/// `dev_url` names: pgtemp:// starts one private cluster at the first create() that lives as long
/// as the object; a PostgreSQL url gets databases created beside it (CREATE DATABASE, so its role
/// needs CREATEDB) and dropped again by the destructor. Nothing starts or connects until create().
/// Never the live database.
class ScratchDatabases {
public:
  /// Throws Error(ErrorCode::config) for a url that is not PostgreSQL.
  explicit ScratchDatabases(std::string dev_url);
  ScratchDatabases(const ScratchDatabases&) = delete;
  ScratchDatabases& operator=(const ScratchDatabases&) = delete;
  ~ScratchDatabases();
  /// A new, empty database (from template0); its url. Throws Error(ErrorCode::connection) when it
  /// cannot be created, or as TempCluster and connect() do.
  std::string create();

private:
  std::unique_ptr<TempCluster> m_cluster;
  std::string m_dev_url;
  std::vector<std::string> m_created;
};

/// Where a schema comes from, as `retort diff` reads its arguments:
///   a database url (postgresql://…, pgtemp:// for an empty one), `migrations` (the folder replayed
///   to head on a scratch database), `migrations@TARGET` (replayed to that target), or a path
///   ending in .sql (applied to a scratch database; its rename comments are read).
struct SchemaSource {
  std::string spec;
};

/// A schema read from a source, with the renames its file states (for .sql files).
struct ReadSchema {
  schema::Database db;
  std::vector<schema::Rename> renames;
  std::string label;  ///< for messages: the masked url, "migrations@head", the file name
  /// The read's connections, open (idle, their transactions over) until this is destroyed: a
  /// PostgreSQL backend's exit takes tens of milliseconds of the server's CPU, which on a small
  /// machine is taken from the caller's work on the model if it happens meanwhile (bench/README.md,
  /// "Third round"). Keep the ReadSchema for as long as that work, and no longer.
  std::vector<std::shared_ptr<Connection>> sessions;
};

/// Reads a source's schema. `project` is needed for migrations sources (null otherwise: then
/// such a source is Error(ErrorCode::usage)). retort's own tables are left out.
/// Throws Error(ErrorCode::sql_failed) naming the file and line of a statement of a .sql file
/// that fails; Error(ErrorCode::io) for a file that cannot be read.
ReadSchema read_schema(const SchemaSource& source, const Config& config, const Project* project,
                       ScratchDatabases& scratch, const IntrospectOptions& options = {});

/// Reads the schema of an open connection, leaving out retort's own tables (config's names).
schema::Database read_schema(Connection& db, const Config& config, const IntrospectOptions& options = {});

/// The changes from one source to another (`retort diff FROM TO`).
schema::ChangeSet diff_schemas(const SchemaSource& from, const SchemaSource& to, const Config& config,
                               const Project* project, schema::DiffOptions options = {});

/// What `retort check` found.
struct CheckReport {
  bool drift_checked = false;               ///< the live database was compared with its revision replayed
  std::vector<std::string> live_heads;      ///< the revisions the live database is at
  std::vector<std::string> pending;         ///< revisions not applied yet (not drift)
  schema::ChangeSet drift;                  ///< what the live database has beyond its migrations: the SQL that
                                            ///< would take the replayed migrations to the live schema
  bool schema_file_checked = false;         ///< head was compared with the schema file
  std::filesystem::path schema_file;
  schema::ChangeSet schema_file_changes;    ///< what a new migration needs to take head to the schema file
  [[nodiscard]] bool clean() const noexcept { return drift.empty() && schema_file_changes.empty(); }
};

/// Replays the migrations on scratch databases: to the live database's revisions, compared with
/// the live schema (when a url is configured), and to head, compared with the schema file (when
/// one is configured and exists). Throws Error(ErrorCode::config) when there is neither.
CheckReport check(const Project& project, Connection* live);

struct AutogenerateOptions {
  RevisionOptions revision;                 ///< message, rev id, parents…; up_sql/down_sql are filled here
  schema::DiffOptions diff;                 ///< online patterns, privileges (renames come from the file)
  bool allow_empty = false;                 ///< write a migration even when head matches the schema file
};
struct AutogenerateResult {
  std::filesystem::path file;
  schema::ChangeSet up;                     ///< head → schema file
  schema::ChangeSet down;                   ///< schema file → head
};
/// `revision --autogenerate`: a migration whose up section takes head (replayed on a scratch
/// database) to the schema file, and whose down section takes it back; `transaction: none` when
/// a statement cannot run in a transaction (the online patterns). Throws Error(ErrorCode::refused)
/// when there is nothing to change (unless allow_empty) or when the schema file holds objects
/// retort does not model on one side only; Error(ErrorCode::config) when no schema file is set.
AutogenerateResult autogenerate_revision(const Project& project, AutogenerateOptions options);

} // namespace retort
