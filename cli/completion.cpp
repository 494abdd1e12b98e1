#include "completion.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

#include "retort/commands.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/suggest.hpp"

namespace retort::cli {
namespace {

std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
}

const CLI::App* find_command(const CLI::App& app, const std::string& name) {
  for (const auto* s : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (s->get_name() == name) return s;
  }
  return nullptr;
}

/// The option whose name is `word` ("--url", "-c", "--url=x"), among `command`'s and the global ones.
const CLI::Option* find_option(const CLI::App& app, const CLI::App* command, std::string word) {
  if (auto eq = word.find('='); eq != std::string::npos) word.resize(eq);
  for (const CLI::App* a : {command, &app}) {
    if (a == nullptr) continue;
    for (const auto* o : a->get_options([](const CLI::Option* opt) { return opt->nonpositional(); })) {
      for (const auto& l : o->get_lnames()) {
        if (word == "--" + l) return o;
      }
      for (const auto& s : o->get_snames()) {
        if (word == "-" + s) return o;
      }
    }
  }
  return nullptr;
}

bool takes_value(const CLI::Option* o) { return o != nullptr && o->get_type_size_max() > 0 && o->get_expected_min() > 0; }

/// Commands whose positional arguments are revisions, and options whose value is one.
bool positional_is_revision(const std::string& command) {
  static const std::set<std::string> names{"upgrade", "downgrade", "show", "stamp", "edit", "rehash", "merge"};
  return names.count(command) > 0;
}
bool option_is_revision(const std::string& option) {
  return option == "--head" || option == "--depends-on" || option == "-r" || option == "--rev-range";
}

/// Revision ids, branch labels (and LABEL@head, LABEL@base) and the target keywords, from the
/// project the current folder belongs to. Nothing when it cannot be read.
std::vector<std::string> revision_words(const std::string& config_file, const std::string& migrations) {
  std::vector<std::string> out{"head", "heads", "base", "current"};
  try {
    ConfigOverrides o;
    if (!config_file.empty()) o.config_file = config_file;
    if (!migrations.empty()) o.migrations_dir = migrations;
    Project project(load_config(o));
    const auto& graph = project.graph();
    for (std::size_t i = 0; i < graph.size(); ++i) {
      out.push_back(graph[i].revision);
      for (const auto& label : graph[i].branch_labels) {
        out.push_back(label);
        out.push_back(label + "@head");
        out.push_back(label + "@base");
      }
    }
  } catch (const std::exception&) {  // no project here: keywords only
  }
  return out;
}

std::string quote_roff(std::string text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::string escaped;
    for (char c : line) {
      if (c == '\\') escaped += "\\e";
      else if (c == '-') escaped += "\\-";
      else escaped += c;
    }
    if (!escaped.empty() && (escaped.front() == '.' || escaped.front() == '\'')) escaped = "\\&" + escaped;
    out += escaped + "\n";
  }
  return out;
}

} // namespace

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const auto* s : visible_commands(app)) out.push_back(s->get_name());
  return out;
}

std::vector<std::string> option_names(const CLI::App& app, const CLI::App* command) {
  std::vector<std::string> out;
  for (const CLI::App* a : {command, &app}) {
    if (a == nullptr) continue;
    for (const auto* o : a->get_options([](const CLI::Option* opt) { return opt->nonpositional(); })) {
      for (const auto& l : o->get_lnames()) out.push_back("--" + l);
      for (const auto& s : o->get_snames()) out.push_back("-" + s);
    }
  }
  return out;
}

const CLI::App* chosen_command(const CLI::App& app, const std::vector<std::string>& args, std::string& unknown) {
  unknown.clear();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (!a.empty() && a[0] == '-') {
      if (a.find('=') == std::string::npos && takes_value(find_option(app, nullptr, a))) ++i;  // its value
      continue;
    }
    if (const auto* s = find_command(app, a)) return s;
    unknown = a;
    return nullptr;
  }
  return nullptr;
}

std::string explain_unknown(const CLI::App& app, const std::vector<std::string>& args) {
  std::string unknown;
  const CLI::App* command = chosen_command(app, args, unknown);
  // An option that neither the command nor the global options know (first: the word after an
  // unknown option may be its value, not a command).
  bool after_command = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (command != nullptr && !after_command && a == command->get_name()) {
      after_command = true;
      continue;
    }
    if (a.size() < 2 || a[0] != '-' || (a[1] >= '0' && a[1] <= '9')) continue;  // -1 is a target
    const CLI::Option* o = find_option(app, after_command ? command : nullptr, a);
    if (o == nullptr) {
      std::string name = a.substr(0, a.find('='));
      const CLI::App* scope = after_command ? command : nullptr;
      return fmt::format("unknown option '{}'{}{}; '{}' lists them", name,
                         scope != nullptr ? " for " + scope->get_name() : std::string(),
                         did_you_mean(name, option_names(app, scope)),
                         scope != nullptr ? "retort help " + scope->get_name() : std::string("retort help"));
    }
    if (a.find('=') == std::string::npos && takes_value(o)) ++i;
  }
  if (command == nullptr && !unknown.empty()) {
    return fmt::format("unknown command '{}'{}; 'retort help' lists them", unknown, did_you_mean(unknown, command_names(app)));
  }
  return "";
}

std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words) {
  const std::string current = words.empty() ? std::string() : words.back();
  const std::vector<std::string> before(words.begin(), words.empty() ? words.end() : words.end() - 1);
  std::string unknown, config_file, migrations;
  const CLI::App* command = chosen_command(app, before, unknown);
  for (std::size_t i = 0; i + 1 < before.size(); ++i) {
    if (before[i] == "-c" || before[i] == "--config") config_file = before[i + 1];
    if (before[i] == "--migrations") migrations = before[i + 1];
  }
  std::vector<std::string> candidates;
  const CLI::Option* previous = before.empty() ? nullptr : find_option(app, command, before.back());
  if (previous != nullptr && takes_value(previous) && before.back().find('=') == std::string::npos) {
    // the value of an option
    if (option_is_revision(before.back())) candidates = revision_words(config_file, migrations);
    else if (before.back() == "--lock-mode") candidates = {"advisory", "lease"};
    else return {};  // a url, a path, a number: the shell's own completion
  } else if (!current.empty() && current[0] == '-') {
    candidates = option_names(app, command);
    if (command == nullptr) candidates.insert(candidates.end(), {"--help", "--version"});
    else candidates.push_back("--help");
  } else if (command == nullptr) {
    candidates = command_names(app);
  } else if (command->get_name() == "help") {
    candidates = command_names(app);
  } else if (command->get_name() == "completion") {
    candidates = {"bash", "zsh", "fish"};
  } else if (positional_is_revision(command->get_name())) {
    candidates = revision_words(config_file, migrations);
  }
  std::vector<std::string> out;
  for (const auto& c : candidates) {
    if (c.compare(0, current.size(), current) == 0 && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

std::string completion_script(const std::string& shell) {
  if (shell == "bash") {
    return R"SH(# bash completion for retort: source <(retort completion bash), or save it as
# /usr/share/bash-completion/completions/retort
_retort() {
  local IFS=$'\n'
  COMPREPLY=($(command retort __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _retort retort
)SH";
  }
  if (shell == "zsh") {
    return R"SH(#compdef retort
# zsh completion for retort: source <(retort completion zsh), or save it as _retort in a folder of $fpath
_retort() {
  local -a candidates
  candidates=("${(@f)$(command retort __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( ${#candidates} )) && [[ -n "${candidates[1]}" ]]; then
    compadd -a candidates
  else
    _files
  fi
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _retort "$@"
else
  compdef _retort retort
fi
)SH";
  }
  if (shell == "fish") {
    return R"SH(# fish completion for retort: retort completion fish | source, or save it as
# ~/.config/fish/completions/retort.fish
function __retort_complete
    set -l words (commandline -opc) (commandline -ct)
    command retort __complete -- $words[2..-1] 2>/dev/null
end
complete -c retort -f -a '(__retort_complete)'
)SH";
  }
  throw Error(ErrorCode::usage, fmt::format("no completion for the shell '{}': bash, zsh or fish{}", shell,
                                            did_you_mean(shell, {"bash", "zsh", "fish"})));
}

std::string man_page(const CLI::App& app, const std::string& exit_codes) {
  std::string out = ".TH RETORT 1 \"\" \"retort 0.1.0\" \"User Commands\"\n.SH NAME\nretort \\- versioned SQL migrations for PostgreSQL and SQLite\n";
  out += ".SH SYNOPSIS\n.B retort\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n";
  out += ".SH DESCRIPTION\n.nf\n" + quote_roff(app.help()) + ".fi\n.SH COMMANDS\n";
  for (const auto* s : visible_commands(app)) {
    out += ".SS retort " + quote_roff(s->get_name());
    out += ".nf\n" + quote_roff(s->help("retort")) + ".fi\n";
  }
  out += ".SH \"EXIT STATUS\"\n.nf\n" + quote_roff(exit_codes) + ".fi\n";
  out += ".SH ENVIRONMENT\n.TP\n.B DATABASE_URL\nthe database url, unless \\-\\-url is given\n.TP\n.B RETORT_CONFIG\n"
         "the configuration file, unless \\-\\-config is given (otherwise retort.toml in the current folder or the "
         "nearest folder above it)\n.TP\n.B EDITOR\nthe editor of retort edit\n";
  out += ".SH \"SEE ALSO\"\nretort completion bash | zsh | fish; the README and docs/ of the project\n";
  return out;
}

} // namespace retort::cli
