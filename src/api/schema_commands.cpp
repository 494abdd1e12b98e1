// api/schema_commands.cpp — diff, check, dump and revision --autogenerate: migrations replayed and
// schema files applied on scratch databases, read back from the catalog, compared.
#include <fstream>
#include <future>
#include <sstream>

#include <fmt/format.h>

#include "retort/error.hpp"
#include "retort/schema_commands.hpp"
#include "retort/url.hpp"
#include "runner/version_sql.hpp"

namespace fs = std::filesystem;

namespace retort {

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, fmt::format("cannot read {}", file.string()), ErrorContext{.file = file.string()});
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Runs a schema file's statements one by one; a failure names the file and the statement's line.
void apply_sql_file(Connection& db, const fs::path& file, const std::string& text) {
  std::vector<Statement> statements;
  try {
    statements = db.dialect().split(text, 1);
  } catch (const Error& e) {
    ErrorContext context = e.context();
    context.file = file.string();
    throw Error(e.code(), fmt::format("{}: {}", file.string(), e.what()), context);
  }
  for (const auto& s : statements) {
    try {
      db.execute(s.sql);
    } catch (const Error& e) {
      ErrorContext context = e.context();
      context.file = file.string();
      context.line = s.line;
      throw Error(e.code(), fmt::format("{}:{}: {}", file.string(), s.line, e.what()), context);
    }
  }
}

/// Replays the project's migrations on a fresh scratch database up to each of `targets`.
std::string replay(const Project& project, ScratchDatabases& scratch, const std::vector<std::string>& targets) {
  std::string url = scratch.create();
  if (project.graph().size() == 0 || targets.empty()) return url;
  auto db = connect(url);
  for (const auto& target : targets) {
    RunOptions run;
    run.target = target;
    upgrade(project, *db, run);
  }
  return url;
}

IntrospectOptions without_retort_tables(const Config& config, IntrospectOptions options) {
  std::string prefix = config.version_schema.empty() ? "" : config.version_schema + ".";
  for (const auto& table : {config.version_table, config.history_table, dirty_table_name(config),
                            config.history_table + "_lock"}) {
    options.exclude_tables.push_back(prefix + table);
  }
  return options;
}

/// Reads the schema at `url`; the read's connections come with it, open until the result goes
/// (ReadSchema::sessions). The caller fills in the label (and the renames).
ReadSchema read_url(const std::string& url, const Config& config, const IntrospectOptions& options) {
  ReadSchema out;
  std::shared_ptr<Connection> db, second;
  if (options.sessions < 2 || url_kind(url) != UrlKind::postgres) {
    db = connect(url);
    out.db = read_schema(*db, config, options);
  } else {
    // the introspector's second session connects while the first does (a new backend takes
    // ~15 ms to start); if it cannot, the first reads alone
    auto another = std::async(std::launch::async, [&url]() -> std::shared_ptr<Connection> {
      try {
        return connect(url);
      } catch (const Error&) {
        return nullptr;
      }
    });
    db = connect(url);
    out.db = introspector_for(*db, [&another, &second] { return second = another.get(); })
                 ->read(without_retort_tables(config, options));
  }
  out.sessions.push_back(std::move(db));
  if (second) out.sessions.push_back(std::move(second));
  return out;
}

} // namespace

schema::Database read_schema(Connection& db, const Config& config, const IntrospectOptions& options) {
  return introspector_for(db)->read(without_retort_tables(config, options));
}

ReadSchema read_schema(const SchemaSource& source, const Config& config, const Project* project,
                       ScratchDatabases& scratch, const IntrospectOptions& options) {
  const std::string& spec = source.spec;
  if (spec == "migrations" || spec.rfind("migrations@", 0) == 0) {
    if (project == nullptr) throw Error(ErrorCode::usage, "`migrations` needs a project (retort.toml or --migrations)");
    std::string target = spec == "migrations" ? "heads" : spec.substr(11);
    std::string url = replay(*project, scratch, {target});
    ReadSchema out = read_url(url, config, options);
    out.label = "migrations@" + (spec == "migrations" ? std::string("head") : target);
    return out;
  }
  if (ends_with(spec, ".sql")) {
    fs::path file = spec;
    if (file.is_relative() && !fs::exists(file) && !config.base_dir.empty()) file = config.base_dir / file;
    std::string text = read_text(file);
    auto renames = schema::parse_renames(text);
    std::string url = scratch.create();
    {
      auto db = connect(url);
      apply_sql_file(*db, file, text);
    }
    ReadSchema out = read_url(url, config, options);
    out.renames = std::move(renames);
    out.label = file.string();
    return out;
  }
  const bool empty = url_kind(spec) == UrlKind::pgtemp;
  ReadSchema out = read_url(empty ? scratch.create() : spec, config, options);
  out.label = empty ? "an empty database" : mask_url(spec);
  return out;
}

schema::ChangeSet diff_schemas(const SchemaSource& from, const SchemaSource& to, const Config& config,
                               const Project* project, schema::DiffOptions options) {
  ScratchDatabases scratch(config.dev_url);
  IntrospectOptions read_options;
  read_options.privileges = options.privileges;
  ReadSchema a = read_schema(from, config, project, scratch, read_options);
  ReadSchema b = read_schema(to, config, project, scratch, read_options);
  // The renames TO's file states say how FROM became TO (a FROM file's renames tell an older story).
  if (options.renames.empty()) options.renames = b.renames;
  return schema::diff(a.db, b.db, options);
}

CheckReport check(const Project& project, Connection* live) {
  const Config& config = project.config();
  bool has_schema_file = !config.schema_file.empty() && fs::exists(config.schema_file);
  if (live == nullptr && !has_schema_file) {
    throw Error(ErrorCode::config, "nothing to check: configure a database url (drift) or schema_file "
                                   "(head against the desired schema) in retort.toml");
  }
  CheckReport report;
  ScratchDatabases scratch(config.dev_url);
  std::string head_url;
  auto heads = project.graph().ids(project.graph().heads());
  if (live != nullptr) {
    report.drift_checked = true;
    Status st = status(project, *live);
    report.live_heads = st.current;
    report.pending = st.pending;
    std::string url = replay(project, scratch, report.live_heads);
    schema::Database expected = read_url(url, config, {}).db;
    schema::Database actual = read_schema(*live, config, {});
    report.drift = schema::diff(expected, actual);
    if (report.pending.empty() && report.live_heads.size() == heads.size()) head_url = url;
  }
  if (has_schema_file) {
    report.schema_file_checked = true;
    report.schema_file = config.schema_file;
    if (head_url.empty()) head_url = replay(project, scratch, {"heads"});
    schema::Database head = read_url(head_url, config, {}).db;
    ReadSchema desired = read_schema(SchemaSource{config.schema_file.string()}, config, &project, scratch);
    schema::DiffOptions options;
    options.renames = desired.renames;
    report.schema_file_changes = schema::diff(head, desired.db, options);
  }
  return report;
}

AutogenerateResult autogenerate_revision(const Project& project, AutogenerateOptions options) {
  const Config& config = project.config();
  if (config.schema_file.empty()) {
    throw Error(ErrorCode::config, "revision --autogenerate needs the desired schema: set schema_file in retort.toml");
  }
  if (!fs::exists(config.schema_file)) {
    throw Error(ErrorCode::config, fmt::format("the schema file {} does not exist (schema_file in retort.toml)",
                                               config.schema_file.string()),
                ErrorContext{.file = config.schema_file.string()});
  }
  ScratchDatabases scratch(config.dev_url);
  std::string parent = options.revision.head;
  std::vector<std::string> targets;
  if (!options.revision.merge.empty()) targets = options.revision.merge;
  else if (parent != "base") targets = {parent};  // "head" with several heads fails there, naming them
  std::string url = replay(project, scratch, targets);
  IntrospectOptions read_options;
  read_options.privileges = options.diff.privileges;
  schema::Database head = read_url(url, config, read_options).db;
  ReadSchema desired = read_schema(SchemaSource{config.schema_file.string()}, config, &project, scratch, read_options);

  AutogenerateResult result;
  schema::DiffOptions up = options.diff;
  up.renames = desired.renames;
  result.up = schema::diff(head, desired.db, up);
  schema::DiffOptions down = options.diff;
  down.renames = schema::invert(desired.renames);
  result.down = schema::diff(desired.db, head, down);
  if (!result.up.unsupported.empty()) {
    std::string list;
    for (const auto& u : result.up.unsupported) list += (list.empty() ? "" : ", ") + u.kind + " " + u.name;
    throw Error(ErrorCode::refused, fmt::format("the schema file and head differ in objects retort does not model: {}; "
                                                "write that part of the migration by hand (retort revision -m)", list));
  }
  if (result.up.changes.empty() && !options.allow_empty) {
    throw Error(ErrorCode::refused, fmt::format("no changes: head already matches {}; nothing was written "
                                                "(--allow-empty writes an empty migration anyway)",
                                                config.schema_file.string()));
  }
  options.revision.up_sql = schema::render_sql(result.up);
  options.revision.down_sql = schema::render_sql(result.down);
  if (result.up.needs_no_transaction() || result.down.needs_no_transaction()) {
    options.revision.transaction = TransactionMode::none;
  }
  result.file = create_revision(project, options.revision);
  return result;
}

} // namespace retort
