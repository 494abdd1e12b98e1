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
         "  retort downgrade -1               # undo the last migration\n"
         "  retort downgrade 0002             # back to 0002_add_users\n"
         "  retort downgrade 0001+1           # the same, counted from 0001_init\n"
         "  retort downgrade users@-1         # one step down on the branch labelled users\n"
         "  retort downgrade base             # undo everything\n"
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

} // namespace retort::cli
