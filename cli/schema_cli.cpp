// cli/schema_cli.cpp — diff, check, dump and revision --autogenerate on the command line.
#include "schema_cli.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "retort/url.hpp"

namespace retort::schema {

// The model as JSON (retort dump --json): field names as in retort/schema.hpp.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Privileges, owner, acl)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SchemaNamespace, name, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Extension, name, schema, version, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(EnumType, schema, name, labels, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DomainConstraint, name, definition, validated, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Domain, schema, name, base_type, not_null, default_expr, collation, constraints, comment,
                                   privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CompositeAttribute, name, type, collation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CompositeType, schema, name, attributes, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sequence, schema, name, data_type, start, increment, min_value, max_value, cache, cycle,
                                   owned_by_table, owned_by_column, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Column, name, type, not_null, default_expr, identity, identity_options, generated,
                                   collation, storage, compression, comment, acl)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Constraint, name, type, definition, validated, references, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Table, schema, name, unlogged, partition_key, partition_of, partition_bound, inherits,
                                   options, columns, constraints, row_security, force_row_security, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Index, schema, name, table, definition, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(View, schema, name, materialized, definition, columns, options, column_comments, comment,
                                   privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Function, schema, name, arguments, kind, result, definition, language, comment, privileges)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Trigger, schema, table, name, definition, enabled, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Policy, schema, table, name, permissive, command, roles, using_expr, check_expr, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnsupportedObject, kind, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Dependency, from, to, soft)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DefaultPrivileges, role, schema, object_type, acl)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Database, server_version, schemas, extensions, enums, domains, composite_types,
                                   sequences, functions, tables, indexes, views, triggers, policies, unsupported,
                                   dependencies, privileges_read, default_privileges)

} // namespace retort::schema

namespace retort::cli {

namespace {

nlohmann::json change_set_value(const schema::ChangeSet& set) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : set.changes) {
    nlohmann::json statements = nlohmann::json::array();
    for (const auto& s : c.statements) {
      nlohmann::json hazards = nlohmann::json::array();
      for (const auto& h : s.hazards) hazards.push_back({{"code", schema::hazard_code(h.hazard)}, {"message", h.message}});
      statements.push_back({{"sql", s.sql}, {"transactional", s.transactional}, {"hazards", hazards}});
    }
    changes.push_back({{"action", c.action},
                       {"kind", schema::kind_name(c.kind)},
                       {"object", c.object},
                       {"description", c.description},
                       {"statements", statements}});
  }
  nlohmann::json unsupported = nlohmann::json::array();
  for (const auto& u : set.unsupported) unsupported.push_back({{"kind", u.kind}, {"name", u.name}});
  return {{"equal", set.empty()}, {"changes", changes}, {"notes", set.notes}, {"unsupported", unsupported},
          {"needs_no_transaction", set.needs_no_transaction()}};
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

std::string indented(const std::string& text) {
  std::string out = "    ";
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += "    ";
  }
  return out;
}

std::string check_text(const CheckReport& r, const std::string& database) {
  std::string out;
  if (r.drift_checked) {
    std::string at = r.live_heads.empty() ? "base (no migration applied)" : fmt::format("{}", fmt::join(r.live_heads, ", "));
    out += fmt::format("Database {} is at {}", database, at);
    out += r.pending.empty() ? "; nothing pending.\n" : fmt::format("; pending: {}.\n", fmt::join(r.pending, ", "));
    if (r.drift.empty()) {
      out += "Drift: none. The database matches its migrations replayed to the same revision.\n";
    } else {
      out += "Drift: the database differs from its migrations replayed to the same revision. What it has beyond "
             "them, as SQL:\n";
      out += indented(schema::render_sql(r.drift));
    }
  }
  if (r.schema_file_checked) {
    if (r.schema_file_changes.empty()) {
      out += fmt::format("Schema file {}: head matches it.\n", r.schema_file.string());
    } else {
      out += fmt::format("Schema file {}: head differs from it. `retort revision --autogenerate -m MESSAGE` writes a "
                         "migration with these changes:\n",
                         r.schema_file.string());
      out += indented(schema::render_sql(r.schema_file_changes));
    }
  }
  return out;
}

std::string check_json(const CheckReport& r, const std::string& database) {
  nlohmann::json out = {{"clean", r.clean()}};
  if (r.drift_checked) {
    out["database"] = {{"url", database}, {"current", r.live_heads}, {"pending", r.pending},
                       {"drift", change_set_value(r.drift)}};
  }
  if (r.schema_file_checked) {
    out["schema_file"] = {{"path", r.schema_file.string()}, {"changes", change_set_value(r.schema_file_changes)}};
  }
  return out.dump(2) + "\n";
}

} // namespace

std::string changes_json(const schema::ChangeSet& changes) { return change_set_value(changes).dump(2) + "\n"; }

void add_schema_commands(CLI::App& app, CLI::App& revision, SchemaCli& cli, bool& json) {
  const char* sources = "a database url, pgtemp:// (an empty database), migrations (replayed to head on a scratch "
                        "database), migrations@REV, or a .sql file (applied to a scratch database)";
  cli.diff = app.add_subcommand("diff", "Print the SQL that takes schema FROM to schema TO (nothing but comments when equal)");
  cli.diff->add_option("from", cli.from, std::string("Where the schema is now: ") + sources)->required();
  cli.diff->add_option("to", cli.to, std::string("The schema wanted: ") + sources)->required();
  cli.diff->add_flag("--online", cli.online, "Indexes CONCURRENTLY, constraints NOT VALID then validated, SET NOT NULL through a check");
  cli.diff->add_flag("--exit-code", cli.exit_code, "Exit 1 when the schemas differ");
  cli.diff->add_flag("--privileges", cli.privileges, "Also owners and grants (ALTER ... OWNER TO, GRANT, REVOKE)");
  cli.diff->add_flag("--json", json, "The changes as JSON, each statement with its hazards");
  cli.diff->footer("Examples:\n  retort diff migrations schema.sql\n  retort diff $DATABASE_URL migrations --exit-code\n"
                   "Scratch databases live on dev_url (retort.toml; default pgtemp://, a private throwaway cluster).");

  cli.check = app.add_subcommand("check", "Compare the database with its migrations replayed (drift) and head with schema_file; "
                                          "exit 1 on any difference");
  cli.check->add_flag("--json", json, "Answer in JSON");
  cli.check->footer("Replays the migrations on scratch databases (dev_url, default pgtemp://), never on the database itself.\n"
                    "Exit 0: no drift and head matches the schema file; 1: differences (printed as SQL).");

  cli.dump = app.add_subcommand("dump", "Print a schema as dependency-ordered SQL (default: the database's)");
  cli.dump->add_option("source", cli.source, std::string("Which schema (default: the database url): ") + sources);
  cli.dump->add_flag("--json", json, "The schema model as JSON");
  cli.dump->add_flag("--privileges", cli.privileges, "Also owners and grants");

  revision.add_flag("--autogenerate", cli.autogenerate,
                    "Fill the migration with the changes from head (replayed on a scratch database) to schema_file");
  revision.add_flag("--online", cli.online, "With --autogenerate: the online patterns (CONCURRENTLY, NOT VALID + VALIDATE)");
  revision.add_flag("--privileges", cli.privileges, "With --autogenerate: also owners and grants");
  revision.add_flag("--allow-empty", cli.allow_empty, "With --autogenerate: write the migration even when nothing changed");
}

namespace {

/// Leaves the values to the process's end instead of freeing them: main ends by std::_Exit and the
/// OS takes the memory back at once, where freeing a schema model's tens of thousands of blocks
/// one by one takes milliseconds (bench/README.md, "Fourth round").
template <typename... T>
void keep_until_exit(T&&... values) {
  (static_cast<void>(new std::decay_t<T>(std::forward<T>(values))), ...);
}

} // namespace

bool schema_command_chosen(const SchemaCli& cli) { return *cli.diff || *cli.check || *cli.dump; }

int run_schema_command(const SchemaCli& cli, const Config& config, bool json) {
  auto needs_project = [](const std::string& spec) { return spec == "migrations" || spec.rfind("migrations@", 0) == 0; };
  if (*cli.diff) {
    std::optional<Project> project;
    if (needs_project(cli.from) || needs_project(cli.to)) project.emplace(config);
    schema::DiffOptions options;
    options.online = cli.online;
    options.privileges = cli.privileges;
    auto changes = diff_schemas(SchemaSource{cli.from}, SchemaSource{cli.to}, config, project ? &*project : nullptr, options);
    print(json ? changes_json(changes) : schema::render_sql(changes));
    return cli.exit_code && !changes.empty() ? 1 : 0;
  }
  if (*cli.dump) {
    std::string spec = cli.source.empty() ? config.url : cli.source;
    if (spec.empty()) throw Error(ErrorCode::config, "no database url: pass a source, --url, set DATABASE_URL, or set url in retort.toml");
    std::optional<Project> project;
    if (needs_project(spec)) project.emplace(config);
    ScratchDatabases scratch(config.dev_url);
    IntrospectOptions read_options;
    read_options.privileges = cli.privileges;
    auto read = read_schema(SchemaSource{spec}, config, project ? &*project : nullptr, scratch, read_options);
    auto text = json ? nlohmann::json(read.db).dump(2) + "\n" : schema::dump_sql(read.db);
    print(text);
    read.sessions.clear();  // the backends end now
    keep_until_exit(std::move(read.db), std::move(text));
    return 0;
  }
  Project project(config);
  std::unique_ptr<Connection> live;
  if (!config.url.empty()) live = connect(config.url);
  auto report = check(project, live.get());
  std::string database = live ? live->describe() : "";
  print(json ? check_json(report, database) : check_text(report, database));
  return report.clean() ? 0 : 1;
}

int run_autogenerate(const SchemaCli& cli, const Project& project, const RevisionOptions& revision, bool json) {
  AutogenerateOptions options;
  options.revision = revision;
  options.diff.online = cli.online;
  options.diff.privileges = cli.privileges;
  options.allow_empty = cli.allow_empty;
  auto result = autogenerate_revision(project, options);
  fmt::print(stderr, "Created {} ({} change(s){})\n", result.file.string(), result.up.changes.size(),
             result.up.hazards().empty() ? "" : fmt::format(", {} hazard(s) marked in it", result.up.hazards().size()));
  for (const auto& note : result.up.notes) fmt::print(stderr, "note: {}\n", note);
  print(json ? changes_json(result.up) : result.file.string() + "\n");
  return 0;
}

} // namespace retort::cli
