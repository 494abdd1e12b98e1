#include "confirm.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

#include "retort/error.hpp"

namespace retort::cli {

std::string data_loss_text(const DataLossReport& report) {
  std::string out;
  if (report.to_base) {
    out += fmt::format("This downgrade ends at base: it undoes every applied migration ({}).\n", report.undone.size());
  }
  if (!report.drops.empty()) {
    out += "Its down sections drop data:\n";
    for (const auto& d : report.drops) out += fmt::format("  {}  ({}:{}, {})\n", d.what, d.file, d.line, d.revision);
  }
  return out;
}

DataLossConfirm ask_before_data_loss() {
  return [](const DataLossReport& report) -> bool {
    const std::string text = data_loss_text(report);
    if (isatty(STDIN_FILENO) == 0 || isatty(STDERR_FILENO) == 0) {
      throw Error(ErrorCode::refused,
                  fmt::format("this downgrade loses data and nobody is at a terminal to confirm it; nothing was run. "
                              "Pass --yes to go on.\n{}",
                              text.substr(0, text.empty() ? 0 : text.size() - 1)));
    }
    fmt::print(stderr, "{}Go on? [y/N] ", text);
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) {
      fmt::print(stderr, "\n");
      return false;
    }
    answer.erase(std::remove_if(answer.begin(), answer.end(), [](unsigned char c) { return std::isspace(c); }), answer.end());
    std::transform(answer.begin(), answer.end(), answer.begin(), [](unsigned char c) { return std::tolower(c); });
    return answer == "y" || answer == "yes";
  };
}

} // namespace retort::cli
