// support/schema_pair.hpp — building schemas in fresh databases and comparing them, for the diff tests.
#pragma once

#include <string>
#include <vector>

#include "retort/diff.hpp"

namespace retort::test {

/// One pair file of tests/schema/pairs: `-- @from` and `-- @to` sections (`-- @online` marks
/// pairs also run with online rendering). A malformed directive fails the test that reads it.
struct SchemaPair {
  std::string name;
  std::string description;
  std::string from_sql, to_sql;
  bool online = false;
  /// `-- @pg_dump_differs: why`: a difference PostgreSQL cannot undo in place and that the model
  /// does not count (pg_dump's comparison is skipped; the reason is printed).
  std::string pg_dump_differs;
  /// `-- @min_postgres: 14`: the pair uses syntax that arrived in that major; older servers skip it.
  int min_postgres = 0;
  /// `-- @needs_lz4`: the pair sets lz4 compression; servers built without lz4 skip it.
  bool needs_lz4 = false;
};
SchemaPair read_schema_pair(const std::string& path);
/// Every pair file, by name.
std::vector<std::string> schema_pair_files(const std::string& folder);

/// A fresh database with `sql` run in it, statement by statement (fails the test on an error).
std::string database_with(const std::string& sql);
/// Its schema, as the introspector reads it.
schema::Database read_database(const std::string& url);
/// Runs a change set the way a migration would: in one transaction unless a statement cannot run
/// in one (then each statement on its own). Returns "" or the error with the failing statement.
std::string apply_changes(const std::string& url, const schema::ChangeSet& changes);
/// `pg_dump --schema-only` of the database, normalized for comparison (comments, SET lines and
/// blank lines dropped; the lines of each CREATE TABLE and the statements sorted, so that column
/// order, which PostgreSQL cannot change, does not count). Empty when no pg_dump of the server's major
/// or newer exists (the npm server builds of 16-18 have none, and Debian's 15 refuses them).
std::string normalized_pg_dump(const std::string& url);
/// A schema built once and read once for several runs of a test: the database made from its SQL
/// (runs change copies of it, never it), the model read from it and its normalized pg_dump.
struct BuiltSchema {
  std::string url;
  schema::Database model;
  std::string pg_dump;
};
BuiltSchema build_schema(const std::string& sql);

/// The roles the pairs may name (retort_reader, retort_writer), created once per cluster.
void ensure_test_roles();

} // namespace retort::test
