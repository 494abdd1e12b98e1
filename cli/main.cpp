// retort — the command line. Parses arguments, calls the library, prints. Nothing else.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "completion.hpp"
#include "confirm.hpp"
#include "edit.hpp"
#include "help_examples.hpp"
#include "output.hpp"
#include "pgtemp_command.hpp"
#include "progress.hpp"
#include "run_report.hpp"
#include "schema_cli.hpp"
#include "retort/commands.hpp"
#include "retort/error.hpp"
#include "retort/suggest.hpp"
#include "retort/url.hpp"

namespace {

/// The heap tuned for reading a large schema (defined below main's helpers); called by the schema
/// commands only, before they read: the others are short and small, and huge pages would only add
/// to their peak memory.
void tune_memory();

using namespace retort;

struct Globals {
  std::string config_file;
  std::string url;
  std::string migrations;
  double lock_timeout = -1;
  std::string lock_mode;
};

Config config_from(const Globals& g) {
  ConfigOverrides o;
  if (!g.config_file.empty()) o.config_file = g.config_file;
  if (!g.url.empty()) o.url = g.url;
  if (!g.migrations.empty()) o.migrations_dir = g.migrations;
  if (g.lock_mode == "lease") o.lock_mode = LockMode::lease;
  if (g.lock_mode == "advisory") o.lock_mode = LockMode::advisory;
  if (g.lock_timeout >= 0) o.lock_timeout = std::chrono::milliseconds(static_cast<long long>(g.lock_timeout * 1000));
  return load_config(o);
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

} // namespace

static int run_cli(int argc, char** argv, std::optional<OpenedProject>& opened) {
  CLI::App app{"retort — versioned SQL migrations for PostgreSQL and SQLite.\n"
               "Reads retort.toml in the current folder or the nearest folder above it (or --config, or "
               "RETORT_CONFIG); the database url comes from --url, then DATABASE_URL, then the file. Global "
               "options may come before or after the command.",
               "retort"};
  app.require_subcommand(1);
  // Global options are accepted after the command too (`retort upgrade --url X head`): a command
  // passes the options it does not know up to the app. Set before the commands, which inherit it.
  app.fallthrough();
  const std::vector<std::string> args(argv + 1, argv + argc);
  app.set_version_flag("--version", "retort 0.1.0");
  Globals g;
  bool json = false, verbose = false;
  app.add_option("-c,--config", g.config_file,
                 "Path to retort.toml (default: RETORT_CONFIG, else retort.toml here or in the nearest folder above)")
      ->type_name("FILE");
  app.add_option("--url", g.url, "Database url: postgresql://…, pgtemp://, sqlite:///file.db (overrides DATABASE_URL)")
      ->type_name("URL");
  app.add_option("--migrations", g.migrations, "Migrations folder (overrides the config file)")->type_name("DIR");
  // Validators with an empty name and description: CLI11 would print "FLOAT:FLOAT in [0 - 86400]".
  app.add_option("--lock-timeout", g.lock_timeout, "Seconds to wait for another run's migration lock (0 to 86400, default 60)")
      ->type_name("SECONDS")
      ->check(CLI::Validator(
          [](std::string& v) {
            try {
              double d = std::stod(v);
              return d >= 0 && d <= 86400 ? std::string() : std::string("seconds from 0 to 86400 (a day)");
            } catch (const std::exception&) {
              return std::string("a number of seconds, e.g. 30 or 2.5");
            }
          },
          ""));
  app.add_option("--lock-mode", g.lock_mode, "advisory (default) or lease (behind a transaction-pooling PgBouncer)")
      ->type_name("MODE")
      ->check(CLI::Validator(
          [](std::string& v) {
            return v == "advisory" || v == "lease" ? std::string()
                                                   : "advisory or lease" + did_you_mean(v, {"advisory", "lease"});
          },
          ""));

  // init
  std::string init_dir = ".";
  auto* init = app.add_subcommand("init", "Create retort.toml and an empty migrations folder");
  init->add_option("directory", init_dir, "Where to create them (default: the current folder)");

  // revision
  RevisionOptions rev;
  std::string rev_id;
  bool rev_no_tx = false;
  auto* revision = app.add_subcommand("revision", "Create a new migration file");
  revision->add_option("-m,--message", rev.message, "What the migration does")->required();
  revision->add_option("--rev-id", rev_id, "Revision id (default: next number + the message's slug)");
  revision->add_option("--head", rev.head, "Parent: head (default), heads (merge all), base, a revision, a branch label, "
                                           "LABEL@head, REV+N (any target but those counting from the database)");
  revision->add_flag("--splice", rev.splice, "Allow a parent that is not a head (starts a new branch)");
  revision->add_option("--branch-label", rev.branch_labels, "Label for the new branch (repeatable)");
  revision->add_option("--depends-on", rev.depends_on, "Revision or branch label this one depends on (repeatable)");
  revision->add_flag("--no-transaction", rev_no_tx, "Write 'transaction: none' (for CREATE INDEX CONCURRENTLY and friends)");

  // merge
  RevisionOptions merge_opts;
  auto* merge = app.add_subcommand("merge", "Create a revision that merges two or more heads into one");
  merge->add_option("-m,--message", merge_opts.message, "What the merge is")->required();
  merge->add_option("--rev-id", rev_id, "Revision id (default: next number + the message's slug)");
  merge->add_option("revisions", merge_opts.merge, "The revisions to merge, or 'heads'")->required();

  // upgrade / downgrade
  std::string up_target = "head", down_target;
  bool offline = false;
  auto* upgrade_cmd = app.add_subcommand("upgrade", "Apply migrations up to TARGET (default: head)");
  upgrade_cmd->add_option("target", up_target,
                          "head, heads, a revision, a unique prefix, a branch label, +N, REV+N, REV-N, LABEL@head, "
                          "LABEL@+N; with --sql also FROM:TO");
  upgrade_cmd->add_flag("--sql", offline, "Print the SQL script instead of running it (no database connection)");
  upgrade_cmd->footer(cli::upgrade_examples());
  auto* downgrade_cmd = app.add_subcommand("downgrade", "Undo migrations down to TARGET (asks before dropping data; "
                                                        "--yes where nobody can answer)");
  bool yes = false;
  downgrade_cmd->add_flag("-y,--yes", yes, "Go on without asking when the downgrade drops data or ends at base "
                                           "(needed when not at a terminal)");
  downgrade_cmd->add_option("target", down_target, "base, a revision, a unique prefix, a branch label, -N, REV-N, REV+N, "
                                                   "LABEL@base, LABEL@-N, LABEL@REV; with --sql: FROM:TO")->required();
  downgrade_cmd->footer(cli::downgrade_note() + cli::downgrade_examples());
  downgrade_cmd->add_flag("--sql", offline, "Print the SQL script instead of running it (no database connection)");
  RunOptions run;
  const CLI::Validator timeout_value(
      [](std::string& v) { return is_valid_timeout(v) ? std::string() : "expected digits with an optional unit: ms, s, min, h, d"; },
      "");
  for (auto* cmd : {upgrade_cmd, downgrade_cmd}) {
    cmd->add_flag("--atomic", run.atomic, "Run every migration in one transaction: all or nothing");
    cmd->add_option("--ddl-lock-timeout", run.lock_timeout,
                    "PostgreSQL lock_timeout for each migration (e.g. 5s); a lock wait beyond it is retried")
        ->type_name("DURATION")
        ->check(timeout_value);
    cmd->add_option("--statement-timeout", run.statement_timeout, "PostgreSQL statement_timeout for each migration (e.g. 10min)")
        ->type_name("DURATION")
        ->check(timeout_value);
    cmd->add_option("--lock-retries", run.lock_retries, "Retries of a migration that hit --ddl-lock-timeout (default 3)");
  }
  upgrade_cmd->add_flag("--allow-changed", run.allow_changed, "Run even if applied migrations were edited since they ran");

  // safety: verify, rehash, resolve
  auto* verify_cmd = app.add_subcommand("verify", "List applied migrations whose file changed or vanished since they ran");
  verify_cmd->add_flag("--json", json, "Answer in JSON");
  std::vector<std::string> rehash_revs;
  auto* rehash_cmd = app.add_subcommand("rehash", "Re-record the checksums of applied migrations after an intended edit");
  rehash_cmd->add_option("revisions", rehash_revs, "Revisions to re-record (default: every applied one)");
  auto* resolve_cmd = app.add_subcommand("resolve", "Clear the dirty state a failed 'transaction: none' migration left");
  bool resume = false, mark_applied = false, rolled_back = false;
  auto* resume_opt = resolve_cmd->add_flag("--resume", resume, "Finish it: ask the database whether the statement that was running completed, then run the rest");
  auto* applied_opt = resolve_cmd->add_flag("--mark-applied", mark_applied, "Record it as applied (you finished it by hand)");
  auto* rolled_opt = resolve_cmd->add_flag("--rolled-back", rolled_back, "Forget it (you undid its completed statements by hand)");
  resume_opt->excludes(applied_opt)->excludes(rolled_opt);
  applied_opt->excludes(rolled_opt);

  // read commands
  auto* current = app.add_subcommand("current", "Show the revision(s) the database is at");
  current->add_flag("--json", json, "Answer in JSON");
  auto* status_cmd = app.add_subcommand("status", "Show applied and pending migrations");
  status_cmd->add_flag("--json", json, "Answer in JSON (with when, by whom and how long each was applied)");
  bool exit_code = false;
  status_cmd->add_flag("--exit-code", exit_code, "Exit with 1 when a migration is pending or the database is dirty "
                                                 "(for CI), 0 when it is at head");
  status_cmd->add_flag("-v,--verbose", verbose, "Show when, by whom and how long each applied revision ran (from the history table)");
  auto* history = app.add_subcommand("history", "List the revisions, newest first");
  std::string history_range;
  history->add_option("-r,--rev-range", history_range,
                      "LOWER:UPPER, each end any target or empty (open): base:head, 0002:, -3:current, current:");
  history->footer(cli::history_examples());
  history->add_flag("--json", json, "Answer in JSON");
  history->add_flag("-v,--verbose", verbose, "Show every field");
  bool indicate_current = false;
  history->add_flag("-i,--indicate-current", indicate_current, "Mark the database's current revision(s)");
  auto* heads = app.add_subcommand("heads", "Show the head revisions of the migrations folder");
  heads->add_flag("--json", json, "Answer in JSON");
  bool resolve_deps = false;
  heads->add_flag("--resolve-dependencies", resolve_deps, "Treat depends_on as down_revision (hide heads others depend on)");
  auto* branches = app.add_subcommand("branches", "Show branch points and the branches that leave them");
  branches->add_flag("--json", json, "Answer in JSON");
  std::string show_rev;
  auto* show = app.add_subcommand("show", "Show one revision: header, checksum and SQL");
  show->add_option("revision", show_rev, "A revision, unique prefix, branch label, head, LABEL@head, REV-N")->required();
  show->add_flag("--json", json, "Answer in JSON");

  // stamp
  StampOptions stamp_opts;
  std::vector<std::string> stamp_targets;
  auto* stamp_cmd = app.add_subcommand("stamp", "Set the version table to REV… without running migrations");
  stamp_cmd->add_option("revisions", stamp_targets,
                        "One or more: head, heads, base, a revision, a branch label, LABEL@head, LABEL@base; a "
                        "revision on another branch is added beside the current rows")->required();
  stamp_cmd->footer(cli::stamp_examples());
  stamp_cmd->add_flag("--purge", stamp_opts.purge, "Delete every version row first, even unknown ones");
  stamp_cmd->add_flag("--sql", offline, "Print the SQL script instead of running it (target may be FROM:TO)");

  // What the writing commands show: progress (-q, -v), or JSON (--json) with errors as JSON on stderr.
  bool quiet = false;
  for (auto* cmd : {upgrade_cmd, downgrade_cmd, stamp_cmd, resolve_cmd}) {
    cmd->add_flag("--json", json, "Answer in JSON (errors: a JSON object on standard error)");
    cmd->add_flag("-q,--quiet", quiet, "Show no progress (waiting for a lock and retries are still shown)");
    cmd->add_flag("-v,--verbose", verbose, "Show each migration as it finishes, with its time");
  }

  // diff, check, dump, revision --autogenerate
  cli::SchemaCli schema_cli;
  cli::add_schema_commands(app, *revision, schema_cli, json);

  // edit
  std::string edit_rev;
  auto* edit_cmd = app.add_subcommand("edit", "Open a revision's file in $EDITOR");
  edit_cmd->add_option("revision", edit_rev, "A revision, unique prefix, branch label, head, LABEL@head, REV-N")->required();

  // help, completion, and the hidden helpers the completion scripts and the build call
  std::string help_topic;
  auto* help_cmd = app.add_subcommand("help", "Show the help of retort or of one command");
  help_cmd->add_option("command", help_topic, "The command");
  std::string completion_shell;
  auto* completion_cmd = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  completion_cmd->add_option("shell", completion_shell, "bash, zsh or fish")->required();
  std::vector<std::string> complete_words;
  auto* complete_cmd = app.add_subcommand("__complete", "Completion candidates for WORDS (called by the scripts)");
  complete_cmd->group("");
  complete_cmd->prefix_command();
  complete_cmd->add_option("words", complete_words, "The words after 'retort', the last being completed");
  auto* man_cmd = app.add_subcommand("__man", "Print the man page (roff), generated from this help at build time");
  man_cmd->group("");

  // pgtemp
  std::vector<std::string> pg_command;
  bool pg_fsync = false;
  auto* pgtemp = app.add_subcommand("pgtemp", "Run COMMAND with DATABASE_URL set to a private throwaway PostgreSQL, "
                                               "then remove it (no COMMAND: print the url and wait for Ctrl-C)");
  pgtemp->add_flag("--fsync", pg_fsync, "Keep fsync on (off by default: the cluster is thrown away)");
  pgtemp->add_option("command", pg_command, "The command and its arguments (after --)");

  for (auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string examples = cli::examples_for(sub->get_name());
    if (!examples.empty()) sub->footer(sub->get_footer().empty() ? examples : sub->get_footer() + "\n" + examples);
  }
  app.footer(cli::exit_codes_text());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --json anywhere on the line asks for the error as JSON, even when the line does not parse
    const bool wants_json = e.get_exit_code() != 0 && std::find(args.begin(), args.end(), "--json") != args.end();
    if (e.get_exit_code() != 0) {
      // An unknown command or option: say which, with the nearest names.
      if (auto why = cli::explain_unknown(app, args); !why.empty()) {
        if (wants_json) fmt::print(stderr, "{}", cli::error_json(ErrorCode::usage, why, {}));
        else fmt::print(stderr, "error: {}\n", why);
        return static_cast<int>(ErrorCode::usage);
      }
      if (wants_json) {
        fmt::print(stderr, "{}", cli::error_json(ErrorCode::usage, e.what(), {}));
        return static_cast<int>(ErrorCode::usage);
      }
    }
    return app.exit(e) == 0 ? 0 : static_cast<int>(ErrorCode::usage);
  }

  std::string secret, dev_secret;
  const bool writes = !offline && (*upgrade_cmd || *downgrade_cmd || *stamp_cmd || *resolve_cmd || *rehash_cmd);
  std::optional<cli::Progress> progress;
  // Ctrl-C and SIGTERM become a stop request (cancel on the server, roll back, say where it
  // stands, exit 130); created before any other thread, so that every thread blocks them.
  std::optional<cli::Interrupts> interrupts;
  if (writes) {
    interrupts.emplace([&](int) {
      if (!json && progress) progress->line("Cancelling: stopping the running statement on the server (Ctrl-C again to quit at once)");
    });
  }
  const Direction direction = *downgrade_cmd ? Direction::down : Direction::up;
  try {
    if (*help_cmd) {
      if (help_topic.empty()) {
        app.clear();  // CLI11's help() shows the chosen command's help ('help' itself) until cleared
        print(app.help());
        return 0;
      }
      for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() == help_topic) {
          print(sub->help("retort"));
          return 0;
        }
      }
      throw Error(ErrorCode::usage, fmt::format("unknown command '{}'{}; 'retort help' lists them", help_topic,
                                                did_you_mean(help_topic, cli::command_names(app))));
    }
    if (*completion_cmd) {
      print(cli::completion_script(completion_shell));
      return 0;
    }
    if (*complete_cmd) {
      // The words as typed, from argv itself: CLI11 would reorder them around "--".
      auto at = std::find(args.begin(), args.end(), "__complete");
      std::vector<std::string> words(at == args.end() ? at : at + 1, args.end());
      if (!words.empty() && words.front() == "--") words.erase(words.begin());
      if (words.empty()) words.emplace_back();
      for (const auto& c : cli::complete(app, words)) print(c + "\n");
      return 0;
    }
    if (*man_cmd) {
      app.clear();  // the overview, not __man's own help
      print(cli::man_page(app, cli::exit_codes_text()));
      return 0;
    }
    if (*pgtemp) {
      auto command = pg_command;
      for (auto& extra : pgtemp->remaining()) command.push_back(extra);
      if (!command.empty() && command.front() == "--") command.erase(command.begin());
      return cli::run_pgtemp(command, pg_fsync);
    }
    if (*init) {
      init_project(init_dir);
      fmt::print(stderr, "Created {0}/retort.toml and {0}/migrations/\n", init_dir);
      return 0;
    }
    if (*resolve_cmd && !resume && !mark_applied && !rolled_back) {
      throw Error(ErrorCode::usage, "resolve needs one of --resume, --mark-applied, --rolled-back");
    }
    Config config = config_from(g);
    secret = url_password(config.url);
    dev_secret = url_password(config.dev_url);
    if (cli::schema_command_chosen(schema_cli)) {
      tune_memory();
      return cli::run_schema_command(schema_cli, config, json);
    }
    std::optional<TargetRange> history_bounds;
    if (*history && !history_range.empty()) history_bounds = parse_target_range(history_range);
    const bool history_needs_current =
        *history && (indicate_current || (history_bounds && history_bounds->uses_current()));
    const bool needs_database = writes || *current || *status_cmd || *verify_cmd || history_needs_current;
    // current, status and history -i read the database while the folder loads; reads never create
    // a SQLite file.
    std::vector<std::string> now_heads;
    DatabaseState db_state;
    std::optional<std::string> alembic_note;
    auto read_while_loading = [&](Connection& c, const Config& cfg) {
      if (*current || history_needs_current) now_heads = current_heads(cfg, c);
      if (*status_cmd) db_state = read_database_state(cfg, c, json || verbose);
      if ((*current && now_heads.empty()) || (*status_cmd && db_state.heads.empty())) alembic_note = alembic_table_note(cfg, c);
    };
    if (needs_database) {
      opened.emplace(open_project(config, writes ? Access::write : Access::read, read_while_loading));
    } else {
      opened.emplace(open_project(config, false));
    }
    const Project& project = opened->project;
    for (const auto& name : project.near_miss_files()) {
      fmt::print(stderr, "warning: {} is not read: migration files must end in '.sql' (lower case)\n",
                 (config.migrations_dir / name).string());
    }
    if (alembic_note) fmt::print(stderr, "note: {}\n", *alembic_note);
    const auto& graph = project.graph();
    Connection* db = opened->db.get();
    if (writes) {
      progress.emplace(graph, quiet ? cli::Verbosity::quiet : verbose ? cli::Verbosity::verbose : cli::Verbosity::normal,
                       json, cli::stderr_style());
      progress->attach(run);
      run.stop = interrupts->token();
    }
    auto say = [&](const std::string& text, cli::Colour colour) {
      if (json || !progress || progress->quiet()) return;
      progress->finish();
      fmt::print(stderr, "{}\n", cli::paint(text, colour, progress->style().colour));
    };

    if (*revision) {
      if (!rev_id.empty()) rev.rev_id = rev_id;
      if (rev_no_tx) rev.transaction = TransactionMode::none;
      if (schema_cli.autogenerate) {
        tune_memory();
        return cli::run_autogenerate(schema_cli, project, rev, json);
      }
      auto path = create_revision(project, rev);
      fmt::print(stderr, "Created {}\n", path.string());
      print(path.string() + "\n");
    } else if (*merge) {
      if (!rev_id.empty()) merge_opts.rev_id = rev_id;
      auto path = create_revision(project, merge_opts);
      fmt::print(stderr, "Created {}\n", path.string());
      print(path.string() + "\n");
    } else if (*heads) {
      auto list = graph.heads();
      if (resolve_deps) {
        std::erase_if(list, [&](std::size_t h) { return !graph.dependents(h).empty(); });
      }
      print(json ? cli::heads_json(graph, list) : cli::heads_text(graph, list));
    } else if (*branches) {
      print(json ? cli::branches_json(graph) : cli::branches_text(graph));
    } else if (offline && (*upgrade_cmd || *downgrade_cmd || *stamp_cmd)) {
      const Dialect& dialect = config.url.empty() ? dialect_for("postgresql://") : dialect_for(config.url);
      // Written as it is made (std::cout shares stdout's buffer): a script of any size streams.
      if (*upgrade_cmd) upgrade_script(project, dialect, up_target, std::cout);
      else if (*downgrade_cmd) downgrade_script(project, dialect, down_target, std::cout);
      else print(stamp_script(project, dialect, stamp_targets));
    } else if (*show) {
      auto i = resolve_revision(graph, parse_target(show_rev));
      print(json ? cli::show_json(graph, i) : cli::show_text(graph, i));
    } else if (*history) {
      std::vector<std::size_t> shown;
      if (history_bounds) {
        shown = revision_range(graph, *history_bounds, now_heads);
      } else {
        for (std::size_t i = 0; i < graph.size(); ++i) shown.push_back(i);
      }
      // The text marks (current) only with -i, as Alembic's does, even when the range read the rows.
      const std::vector<std::string> marked = indicate_current ? now_heads : std::vector<std::string>{};
      print(json ? cli::history_json(graph, shown, now_heads) : cli::history_text(graph, shown, marked, verbose));
    } else if (*upgrade_cmd) {
      run.target = parse_target(up_target);
      auto result = upgrade(project, *db, run);
      if (json) print(cli::run_json(result, "upgrade", true));
      if (graph.size() == 0) say(fmt::format("Nothing to do: {} holds no migrations yet", config.migrations_dir.string()), cli::Colour::green);
      else if (result.plan.steps.empty()) say(fmt::format("Nothing to do: already at {}", up_target), cli::Colour::green);
      else say(fmt::format("Applied {} migration(s); now at {}", result.plan.steps.size(), fmt::join(result.plan.heads_after, ", ")), cli::Colour::green);
    } else if (*edit_cmd) {
      auto i = resolve_revision(graph, parse_target(edit_rev));
      cli::open_in_editor(graph[i].file);
    } else if (*downgrade_cmd) {
      run.target = parse_target(down_target);
      if (!yes) run.confirm_data_loss = cli::ask_before_data_loss();
      auto result = downgrade(project, *db, run);
      if (json) print(cli::run_json(result, "downgrade", true));
      if (result.plan.steps.empty()) say("Nothing to do", cli::Colour::green);
      else say(fmt::format("Undid {} migration(s); now at {}", result.plan.steps.size(),
                           result.plan.heads_after.empty() ? std::string("base") : fmt::format("{}", fmt::join(result.plan.heads_after, ", "))),
               cli::Colour::green);
    } else if (*current) {
      print(json ? cli::current_json(graph, now_heads) : cli::current_text(graph, now_heads));
    } else if (*status_cmd) {
      auto s = status(project, std::move(db_state));
      if (const auto& dirty = s.dirty; dirty && !json) print(cli::dirty_line(*dirty));
      print(json ? cli::status_json(project, s, db->describe()) : cli::status_text(project, s, db->describe()));
      if (exit_code && (!s.pending.empty() || s.dirty)) return 1;
    } else if (*verify_cmd) {
      auto report = verify(project, *db);
      print(json ? cli::verify_json(report) : cli::verify_text(report));
      return report.mismatches.empty() ? 0 : 1;
    } else if (*rehash_cmd) {
      auto done = rehash(project, *db, rehash_revs, progress->lock_observer());
      fmt::print(stderr, "Re-recorded the checksums of {} revision(s): {}\n", done.size(), fmt::join(done, ", "));
    } else if (*resolve_cmd) {
      auto how = resume ? Resolution::resume : mark_applied ? Resolution::mark_applied : Resolution::mark_rolled_back;
      auto result = resolve(project, *db, how, run);
      auto now = current_heads(project, *db);
      if (json) print(cli::resolve_json(result, now));
      for (const auto& note : result.notes) say(note, cli::Colour::dim);
      say(fmt::format("Resolved: {} is no longer dirty; version rows: {}", result.was.revision, fmt::join(now, ", ")),
          cli::Colour::green);
    } else if (*stamp_cmd) {
      for (const auto& text : stamp_targets) stamp_opts.targets.push_back(parse_target(text));
      stamp_opts.on_lock_wait = progress->lock_observer();
      stamp_opts.stop = interrupts->token();
      auto plan = stamp(project, *db, stamp_opts);
      if (json) print(cli::stamp_json(stamp_targets, plan));
      say(fmt::format("Stamped {}; version rows: {}", fmt::join(stamp_targets, " "),
                      plan.heads_after.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(plan.heads_after, ", "))),
          cli::Colour::green);
    }
    return 0;
  } catch (const Error& e) {
    auto masked = [&](std::string text) {
      text = redact(redact(text, secret), dev_secret);
      for (const auto* arg : {&schema_cli.from, &schema_cli.to, &schema_cli.source}) text = redact(text, url_password(*arg));
      return text;
    };
    if (progress) progress->finish();
    const auto* run_error = dynamic_cast<const RunError*>(&e);
    const bool colour = cli::stderr_style().colour;
    if (json) {
      if (run_error) print(cli::run_json(run_error->result(), *downgrade_cmd ? "downgrade" : "upgrade", false));
      fmt::print(stderr, "{}", cli::error_json(e.code(), masked(e.what()), e.context()));
    } else {
      fmt::print(stderr, "{} {}\n", cli::paint("error:", cli::Colour::red, colour), masked(e.describe()));
      if (run_error) {
        fmt::print(stderr, "{}\n", cli::paint(cli::standing_text(run_error->result(), direction), cli::Colour::bold, colour));
      }
    }
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    if (json) fmt::print(stderr, "{}", cli::error_json(ErrorCode::internal, redact(redact(e.what(), secret), dev_secret), {}));
    else fmt::print(stderr, "error: internal: {}\n", redact(redact(e.what(), secret), dev_secret));
    return static_cast<int>(ErrorCode::internal);
  }
}

namespace {

/// retort is a short-lived process that may build tens of megabytes at once (a 1,000-table schema
/// read and dumped: libpq's results, the model, the SQL), and every page of it is zeroed and mapped
/// by the kernel on first touch: ~9,000 page faults, a third of `retort dump`'s CPU on a virtual
/// machine where a fault costs 10–20 µs (bench/README.md). So: one heap for every thread (the
/// second catalog session and the body parser allocate there too), grown 64 MiB at a time, never
/// given back before the exit, and its first 64 MiB backed by transparent huge pages (2 MiB each)
/// where the system offers them on request (transparent_hugepage = madvise). Memory not touched is
/// never backed. Only the commands that read schemas call it (dump, diff, check, revision
/// --autogenerate): for the others, huge pages added ~2 MB to peak memory (upgrade of 1,000
/// migrations: 17.2–17.8 MB with them, 15.7–15.8 MB without) and bought nothing.
void tune_memory() {
#if defined(__GLIBC__)
  constexpr std::size_t k_grow = std::size_t{64} << 20, k_huge = std::size_t{2} << 20;
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, static_cast<int>(k_grow));
#if defined(MADV_HUGEPAGE)
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  void* volatile block = std::malloc(1 << 20);  // the heap grows by k_grow (and the block; volatile: not optimized away)
  std::free(block);                              // the block goes back to the heap
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t from = (before + k_huge - 1) & ~(k_huge - 1), to = after & ~(k_huge - 1);
  if (after > before && to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#endif
#endif
}

} // namespace

int main(int argc, char** argv) {
  std::optional<OpenedProject> opened;
  int code = run_cli(argc, argv, opened);
  if (opened) opened->db.reset();  // closes the connection properly (and stops a pgtemp:// cluster)
  std::fflush(stdout);
  std::fflush(stderr);
  // The revision graph is not freed piece by piece: the process ends here and the OS takes back
  // its memory at once (for 10,000 revisions that saves milliseconds; bench/README.md).
  std::_Exit(code);
}
