// Issue 11, "A command line that fits people's habits": global options anywhere, did-you-mean,
// help, help texts without parser noise, shell completion, the man page, config discovery, edit.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::migration_text;
using test::ProjectDir;
using test::run_retort;
using test::scalar;

void write_three_with_a_label(const ProjectDir& dir) {
  dir.write_migration("0001_a.sql", migration_text("0001_a", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
  dir.write_migration("0002_b.sql", migration_text("0002_b", "0001_a", "CREATE TABLE b (id int);", "DROP TABLE b;",
                                                   "-- branch_labels: users"));
  dir.write_migration("0003_c.sql", migration_text("0003_c", "0002_b", "CREATE TABLE c (id int);", "DROP TABLE c;"));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CliHabits, GlobalOptionsWorkBeforeOrAfterTheCommand) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  auto url = test::fresh_database();
  auto up = run_retort({"upgrade", "--url", url, "0002"}, dir.path());
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(run_retort({"current", "--url", url}, dir.path()).out, "0002_b\n") << "not a head";
  EXPECT_EQ(run_retort({"--url", url, "current"}, dir.path()).out, "0002_b\n");
  EXPECT_EQ(run_retort({"upgrade", "head", "--url=" + url, "--lock-timeout", "5"}, dir.path()).exit_code, 0);
  EXPECT_EQ(run_retort({"current", "--url", url}, dir.path()).out, "0003_c (head)\n");
  fs::rename(dir.migrations(), dir.path() / "elsewhere");
  EXPECT_EQ(run_retort({"heads", "--migrations", (dir.path() / "elsewhere").string()}, dir.path()).out,
            "0003_c (head)\n");
}

TEST(CliHabits, UnknownCommandOptionTargetAndKeyGetDidYouMean) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  auto url = test::fresh_database();
  auto cmd = run_retort({"--url", url, "upgarde"}, dir.path());
  EXPECT_EQ(cmd.exit_code, 2);
  EXPECT_TRUE(contains(cmd.err, "unknown command 'upgarde' (did you mean 'upgrade'?)")) << cmd.err;
  auto hist = run_retort({"histroy"}, dir.path());
  EXPECT_TRUE(contains(hist.err, "did you mean 'history'?")) << hist.err;
  auto opt = run_retort({"--url", url, "upgrade", "--atomc"}, dir.path());
  EXPECT_EQ(opt.exit_code, 2);
  EXPECT_TRUE(contains(opt.err, "unknown option '--atomc' for upgrade (did you mean '--atomic'?)")) << opt.err;
  auto global = run_retort({"--ulr", url, "current"}, dir.path());
  EXPECT_EQ(global.exit_code, 2);
  EXPECT_TRUE(contains(global.err, "did you mean '--url'?")) << global.err;
  auto target = run_retort({"--url", url, "upgrade", "0002_bb"}, dir.path());
  EXPECT_EQ(target.exit_code, 6);
  EXPECT_TRUE(contains(target.err, "no revision or branch label matches '0002_bb' (did you mean '0002_b'?)")) << target.err;
  auto keyword = run_retort({"--url", url, "upgrade", "haed"}, dir.path());
  EXPECT_TRUE(contains(keyword.err, "(did you mean 'head'")) << keyword.err;
  auto label = run_retort({"show", "usres"}, dir.path());
  EXPECT_TRUE(contains(label.err, "did you mean 'users'?")) << label.err;
  dir.write("retort.toml", "migratons = \"migrations\"\n");
  auto key = run_retort({"heads"}, dir.path());
  EXPECT_EQ(key.exit_code, 3);
  EXPECT_TRUE(contains(key.err, "unknown key 'migratons' (did you mean 'migrations'?)")) << key.err;
  fs::remove(dir.path() / "retort.toml");
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0")
      << "bad input changed nothing, not even retort's own tables";
}

TEST(CliHabits, HelpCommandShowsTheOverviewAndEachCommand) {
  ProjectDir dir;
  auto all = run_retort({"help"}, dir.path());
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_EQ(all.out, run_retort({"--help"}, dir.path()).out);
  auto one = run_retort({"help", "downgrade"}, dir.path());
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_TRUE(contains(one.out, "retort downgrade")) << one.out;
  EXPECT_TRUE(contains(one.out, "--yes")) << one.out;
  EXPECT_TRUE(contains(one.out, "asks for confirmation on a terminal")) << one.out;
  auto typo = run_retort({"help", "downgrdae"}, dir.path());
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_TRUE(contains(typo.err, "did you mean 'downgrade'?")) << typo.err;
}

TEST(CliHabits, HelpTextsHaveExamplesExitCodesAndNoParserNoise) {
  ProjectDir dir;
  auto top = run_retort({"--help"}, dir.path());
  for (const char* noise : {"FLOAT", "[0 - 86400]", "TEXT:{", "{advisory,lease}"}) {
    EXPECT_FALSE(contains(top.out, noise)) << noise << "\n" << top.out;
  }
  EXPECT_TRUE(contains(top.out, "Exit codes:")) << top.out;
  for (const char* code : {"  0   success", "  2   usage", "  7   connection", "  10  refused", "  70  internal"}) {
    EXPECT_TRUE(contains(top.out, code)) << code;
  }
  EXPECT_FALSE(contains(top.out, "__complete")) << "hidden helpers stay hidden";
  const std::vector<std::string> commands{"init",    "revision", "merge",   "upgrade", "downgrade", "verify",
                                          "rehash",  "resolve",  "current", "status",  "history",   "heads",
                                          "branches", "show",    "stamp",   "diff",    "check",     "dump",
                                          "pgtemp",  "edit",     "help",    "completion"};
  for (const auto& c : commands) {
    auto h = run_retort({c, "--help"}, dir.path());
    EXPECT_EQ(h.exit_code, 0) << c;
    EXPECT_TRUE(contains(h.out, "Examples")) << c << " --help has no examples:\n" << h.out;
    EXPECT_FALSE(contains(h.out, "FLOAT") || contains(h.out, "TEXT:{")) << c << ":\n" << h.out;
  }
}

TEST(CliHabits, CompletionCandidatesComeFromTheCommandLineAndTheFolder) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  auto complete = [&](std::vector<std::string> words) {
    words.insert(words.begin(), {"__complete", "--"});
    auto r = run_retort(words, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return lines_of(r.out);
  };
  EXPECT_EQ(complete({"up"}), (std::vector<std::string>{"upgrade"}));
  EXPECT_EQ(complete({"st"}), (std::vector<std::string>{"status", "stamp"}));
  auto options = complete({"upgrade", "--a"});
  EXPECT_EQ(options, (std::vector<std::string>{"--atomic", "--allow-changed"}));
  auto globals = complete({"upgrade", "--ur"});
  EXPECT_EQ(globals, (std::vector<std::string>{"--url"}));
  EXPECT_EQ(complete({"upgrade", "000"}), (std::vector<std::string>{"0001_a", "0002_b", "0003_c"}));
  EXPECT_EQ(complete({"downgrade", "us"}), (std::vector<std::string>{"users", "users@head", "users@base"}));
  EXPECT_EQ(complete({"history", "-r", "0003"}), (std::vector<std::string>{"0003_c"}));
  EXPECT_EQ(complete({"--lock-mode", ""}), (std::vector<std::string>{"advisory", "lease"}));
  EXPECT_EQ(complete({"completion", "z"}), (std::vector<std::string>{"zsh"}));
  EXPECT_TRUE(complete({"--url", ""}).empty()) << "a url is the shell's business";
  auto all = complete({""});
  EXPECT_NE(std::find(all.begin(), all.end(), "edit"), all.end());
  EXPECT_EQ(std::find(all.begin(), all.end(), "__complete"), all.end());
}

TEST(CliHabits, BashCompletionScriptCompletesInARealBash) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  auto script = run_retort({"completion", "bash"}, dir.path());
  ASSERT_EQ(script.exit_code, 0);
  dir.write("completion.bash", script.out);
  fs::create_directories(dir.path() / "bin");
  fs::create_symlink(RETORT_BINARY, dir.path() / "bin/retort");
  dir.write("try.sh", "source ./completion.bash\n"
                      "COMP_WORDS=(retort upgrade 000); COMP_CWORD=2; _retort; echo \"${COMPREPLY[*]}\"\n"
                      "COMP_WORDS=(retort dow); COMP_CWORD=1; _retort; echo \"${COMPREPLY[*]}\"\n"
                      "complete -p retort\n");
  const std::string command = fmt::format("cd '{}' && PATH='{}':$PATH bash --norc --noprofile try.sh 2>&1",
                                          dir.path().string(), (dir.path() / "bin").string());
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buffer[512];
  while (fgets(buffer, sizeof buffer, p) != nullptr) out += buffer;
  EXPECT_EQ(pclose(p), 0) << out;
  EXPECT_EQ(out, "0001_a 0002_b 0003_c\ndowngrade\ncomplete -o default -F _retort retort\n");
  for (const char* shell : {"zsh", "fish"}) {
    auto s = run_retort({"completion", shell}, dir.path());
    EXPECT_EQ(s.exit_code, 0);
    EXPECT_TRUE(contains(s.out, "retort __complete --")) << shell;
  }
  auto other = run_retort({"completion", "bsah"}, dir.path());
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_TRUE(contains(other.err, "did you mean 'bash'?")) << other.err;
}

TEST(CliHabits, ManPageIsGeneratedFromTheHelpAtBuildTime) {
  const fs::path page = fs::path(RETORT_BINARY).parent_path() / "retort.1";
  ASSERT_TRUE(fs::exists(page)) << page;
  std::ifstream in(page);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(contains(text.str(), ".TH RETORT 1")) << text.str().substr(0, 200);
  for (const char* section : {".SS retort upgrade", ".SS retort downgrade", ".SS retort edit", "EXIT STATUS", "RETORT_CONFIG"}) {
    EXPECT_TRUE(contains(text.str(), section)) << section;
  }
  ProjectDir dir;
  EXPECT_EQ(run_retort({"__man"}, dir.path()).out, text.str()) << "the installed page is the binary's own";
}

TEST(CliHabits, ConfigIsFoundInTheNearestParentOrNamedByRetortConfig) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  fs::create_directories(dir.path() / "src/deep");
  dir.write("retort.toml", "migrations = \"migrations\"\n");
  auto deep = run_retort({"heads"}, dir.path() / "src/deep");
  EXPECT_EQ(deep.exit_code, 0) << deep.err;
  EXPECT_EQ(deep.out, "0003_c (head)\n");
  // RETORT_CONFIG names one explicitly, from anywhere.
  ProjectDir other;
  other.write_migration("1.sql", migration_text("x1", "", "SELECT 1;"));
  auto named = run_retort({"heads"}, dir.path() / "src/deep", {{"RETORT_CONFIG", (other.path() / "retort.toml").string()}});
  EXPECT_EQ(named.exit_code, 3) << "it must exist: " << named.err;
  EXPECT_TRUE(contains(named.err, "(RETORT_CONFIG) does not exist")) << named.err;
  other.write("retort.toml", "migrations = \"migrations\"\n");
  named = run_retort({"heads"}, dir.path() / "src/deep", {{"RETORT_CONFIG", (other.path() / "retort.toml").string()}});
  EXPECT_EQ(named.out, "x1 (head)\n") << named.err;
}

TEST(CliHabits, EditOpensTheRevisionFileInEditor) {
  ProjectDir dir;
  write_three_with_a_label(dir);
  const fs::path log = dir.path() / "editor.log";
  dir.write("editor.sh", "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> '" + log.string() + "'\n");
  fs::permissions(dir.path() / "editor.sh", fs::perms::owner_all);
  const std::string editor = (dir.path() / "editor.sh").string() + " --wait";
  auto r = run_retort({"edit", "users"}, dir.path(), {{"EDITOR", editor}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(log);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "--wait|" + (dir.migrations() / "0002_b.sql").string());
  auto none = run_retort({"edit", "head"}, dir.path(), {{"EDITOR", test::k_unset}, {"VISUAL", test::k_unset}});
  EXPECT_EQ(none.exit_code, 13) << none.err;
  EXPECT_TRUE(contains(none.err, "set EDITOR")) << none.err;
  auto failing = run_retort({"edit", "head"}, dir.path(), {{"EDITOR", "false"}});
  EXPECT_EQ(failing.exit_code, 10) << failing.err;
  auto unknown = run_retort({"edit", "0009"}, dir.path(), {{"EDITOR", editor}});
  EXPECT_EQ(unknown.exit_code, 6) << unknown.err;
  std::ifstream again(log);
  int count = 0;
  for (std::string l; std::getline(again, l);) ++count;
  EXPECT_EQ(count, 1) << "the editor ran once: not for a failure to resolve";
}

} // namespace
} // namespace retort
