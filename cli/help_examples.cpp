// The examples at the end of each command's --help. Each line that starts with "  retort " is run
// by tests/cli/help_examples_test.cpp against a project with those revisions.
#include "help_examples.hpp"

namespace retort::cli {

std::string upgrade_examples() {
  return "Examples (revisions 0001_init, 0002_add_users labelled users, 0003_add_orders):\n"
         "  retort upgrade                    # to the head\n"
         "  retort upgrade +1                 # one migration further than the database is\n"
         "  retort upgrade 0002               # up to 0002_add_users (a unique prefix is enough)\n"
         "  retort upgrade users              # the same: the revision that carries the label\n"
         "  retort upgrade 0003-1             # one below 0003_add_orders, i.e. 0002_add_users\n"
         "  retort upgrade users@head         # the head of the branch labelled users\n"
         "  retort upgrade --sql 0001:head    # print the SQL from 0001_init to head, run nothing\n";
}

std::string downgrade_examples() {
  return "Examples (at 0003_add_orders; 0002_add_users is labelled users):\n"
         "  retort downgrade -1               # undo the last migration (asks first if it drops data)\n"
         "  retort downgrade 0002             # back to 0002_add_users\n"
         "  retort downgrade 0001+1           # the same, counted from 0001_init\n"
         "  retort downgrade users@-1         # one step down on the branch labelled users\n"
         "  retort downgrade base --yes       # undo everything, without asking\n"
         "  retort downgrade --sql head:0001  # print the SQL from head down to 0001_init, run nothing\n";
}

std::string stamp_examples() {
  return "Examples (0001_init, 0002_add_users, 0003_add_orders; a second line 0004_billing labelled\n"
         "billing, then 0005_invoices):\n"
         "  retort stamp heads                # every line at its head, without running anything\n"
         "  retort stamp 0002                 # 0002_add_users (on its line; other lines stay)\n"
         "  retort stamp 0003 billing@head    # two lines at once\n"
         "  retort stamp billing@base         # the billing line unapplied, the others as they are\n"
         "  retort stamp base                 # nothing applied\n"
         "  retort stamp --sql base:0002      # print the SQL, run nothing\n";
}

std::string history_examples() {
  return "Examples (at 0003_add_orders, after 0001_init and 0002_add_users):\n"
         "  retort history                    # every revision, newest first\n"
         "  retort history -r 0002:           # 0002_add_users and what follows it\n"
         "  retort history -r -2:current      # two below the current revision, up to it\n"
         "  retort history -r base:users      # up to the revision labelled users\n"
         "  retort history -r current: -i     # from the current revision on, marking it\n";
}

std::string downgrade_note() {
  return "A downgrade that ends at base, or whose down sections drop a table, a column or a schema, lists\n"
         "what it drops and asks for confirmation on a terminal; elsewhere (CI, scripts, pipes) it is refused\n"
         "unless --yes is given. Nothing runs until the question is answered.\n\n";
}

std::string exit_codes_text() {
  return "Exit codes:\n"
         "  0   success (also \"nothing to do\")\n"
         "  1   the answer is no: status --exit-code with something pending, verify, check, diff --exit-code\n"
         "  2   usage: unknown command or option, missing argument, empty message\n"
         "  3   configuration: retort.toml, unknown key, unsupported or missing url\n"
         "  4   a migration file is malformed or its SQL does not parse\n"
         "  5   revision graph: duplicate id, missing parent, cycle\n"
         "  6   target: unknown, ambiguous or unreachable revision or label\n"
         "  7   connection: server unreachable, login refused, database (or SQLite file) missing\n"
         "  8   a statement failed on the server; its migration was rolled back\n"
         "  9   another run held the migration lock longer than --lock-timeout\n"
         "  10  refused: data-losing downgrade without --yes, dirty state, edited migrations, Alembic table\n"
         "  11  the version table holds something retort does not understand\n"
         "  12  a file could not be read or written (read-only SQLite file or folder)\n"
         "  13  environment: a tool retort needs is missing (initdb, EDITOR)\n"
         "  70  internal error (a bug: please report it)\n"
         "  130 cancelled by Ctrl-C or SIGTERM: the running migration was rolled back\n";
}

std::string examples_for(std::string_view command) {
  if (command == "init") {
    return "Examples:\n"
           "  retort init                       # retort.toml and migrations/ in the current folder\n"
           "  retort init services/billing      # in another folder\n";
  }
  if (command == "revision") {
    return "Examples:\n"
           "  retort revision -m 'add users'                  # migrations/0004_add_users.sql after head\n"
           "  retort revision -m 'orders' --head users@head   # after the head of the branch labelled users\n"
           "  retort revision -m 'billing' --head base --branch-label billing   # a new line\n"
           "  retort revision -m 'sync schema' --autogenerate # the diff from head to schema.sql\n";
  }
  if (command == "merge") {
    return "Examples:\n"
           "  retort merge -m 'join lines' heads              # one revision whose parents are every head\n"
           "  retort merge -m 'join' 0003 0005                # two named heads\n";
  }
  if (command == "verify") {
    return "Examples:\n"
           "  retort verify                     # exit 1 and the list when an applied file changed\n"
           "  retort verify --json\n";
  }
  if (command == "rehash") {
    return "Examples:\n"
           "  retort rehash 0002                # after an intended edit of 0002_add_users (a comment)\n"
           "  retort rehash                     # every applied revision\n";
  }
  if (command == "resolve") {
    return "Examples (a 'transaction: none' migration stopped part-way; 'retort status' shows it):\n"
           "  retort resolve --resume           # run it again from the statement that failed\n"
           "  retort resolve --mark-applied     # you finished it by hand\n"
           "  retort resolve --rolled-back      # you undid it by hand\n";
  }
  if (command == "current") {
    return "Examples:\n"
           "  retort current                    # the revision(s) in the version table, nothing at base\n"
           "  retort current --json\n";
  }
  if (command == "status") {
    return "Examples:\n"
           "  retort status                     # applied and pending revisions\n"
           "  retort status -v                  # with when, by whom and how long\n"
           "  retort status --exit-code         # for CI: exit 1 while something is pending\n";
  }
  if (command == "heads") {
    return "Examples:\n"
           "  retort heads                      # the revisions nothing follows\n"
           "  retort heads --resolve-dependencies\n";
  }
  if (command == "branches") {
    return "Examples:\n"
           "  retort branches                   # branch points and the revisions that leave them\n"
           "  retort branches --json\n";
  }
  if (command == "show") {
    return "Examples:\n"
           "  retort show 0002                  # header, checksum and SQL of 0002_add_users\n"
           "  retort show head\n"
           "  retort show users@head --json\n";
  }
  if (command == "edit") {
    return "Examples:\n"
           "  retort edit head                  # the newest revision's file in $EDITOR\n"
           "  retort edit 0002                  # 0002_add_users.sql\n"
           "  EDITOR='code -w' retort edit users\n";
  }
  if (command == "check") {
    return "Examples:\n"
           "  retort check                      # exit 1 with the differences\n"
           "  retort check --json\n";
  }
  if (command == "dump") {
    return "Examples:\n"
           "  retort dump                       # the database's schema as SQL\n"
           "  retort dump migrations@0002       # the schema at 0002_add_users\n";
  }
  if (command == "pgtemp") {
    return "Examples:\n"
           "  retort pgtemp -- retort upgrade   # upgrade a throwaway database, then remove it\n"
           "  retort pgtemp                     # print a url and wait for Ctrl-C\n";
  }
  if (command == "help") {
    return "Examples:\n"
           "  retort help                       # every command\n"
           "  retort help downgrade             # one command, as 'retort downgrade --help'\n";
  }
  if (command == "completion") {
    return "Examples:\n"
           "  source <(retort completion bash)  # in ~/.bashrc\n"
           "  source <(retort completion zsh)   # in ~/.zshrc\n"
           "  retort completion fish > ~/.config/fish/completions/retort.fish\n";
  }
  return "";
}

} // namespace retort::cli
