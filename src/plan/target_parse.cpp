// Parsing targets ("head", "billing@-1", "0002+1", …) and history ranges into Target values.
#include "retort/target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "retort/error.hpp"

namespace retort {
namespace {

constexpr int k_max_steps = 1'000'000;

constexpr std::string_view k_forms =
    "head, heads, base, current, a revision id, a unique prefix of one, a branch label, LABEL@head, LABEL@base, "
    "+N, -N, REV+N, REV-N, LABEL@+N, LABEL@-N";

[[noreturn]] void parse_error(std::string_view text, const std::string& why) {
  throw Error(ErrorCode::target, fmt::format("'{}' is not a target: {} (targets: {})", text, why, k_forms));
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

bool is_name(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_name_char); }

/// "+3" → 3, "-2" → -2; refuses anything else, saying why.
int parse_steps(std::string_view text, std::string_view step) {
  long n = 0;
  auto [end, ec] = std::from_chars(step.data() + 1, step.data() + step.size(), n);
  if (step.size() < 2 || ec != std::errc() || end != step.data() + step.size() || n < 1 || n > k_max_steps) {
    parse_error(text, fmt::format("'{}' is not a step (a step is +N or -N, N from 1 to {})", step, k_max_steps));
  }
  return static_cast<int>(step[0] == '+' ? n : -n);
}

/// The anchor part: a keyword, a revision id, prefix or label, or nothing (the current revision).
void parse_anchor(std::string_view text, std::string_view anchor, Target& t) {
  if (anchor.empty() || anchor == "current") {
    t.anchor = Target::Anchor::current;
  } else if (anchor == "head") {
    t.anchor = Target::Anchor::head;
  } else if (anchor == "heads") {
    t.anchor = Target::Anchor::heads;
  } else if (anchor == "base") {
    t.anchor = Target::Anchor::base;
  } else if (is_name(anchor)) {
    t.anchor = Target::Anchor::revision;
    t.symbol = std::string(anchor);
  } else if (anchor.find(':') != std::string_view::npos) {
    parse_error(text, "a range FROM:TO is only taken by history -r and --sql");
  } else {
    parse_error(text, fmt::format("'{}' has a character no revision id or label has (ids and labels are letters, "
                                  "digits, '_' and '.')",
                                  anchor));
  }
}

} // namespace

Target parse_target(std::string_view text) {
  if (text.empty()) throw Error(ErrorCode::target, fmt::format("empty target (targets: {})", k_forms));
  Target t;
  t.text = std::string(text);
  std::string_view rest = text;
  if (auto at = text.find('@'); at != std::string_view::npos) {
    std::string_view branch = text.substr(0, at);
    rest = text.substr(at + 1);
    if (branch.empty()) parse_error(text, "nothing before '@' (LABEL@head names the head of the branch LABEL)");
    if (rest.empty()) parse_error(text, "nothing after '@' (LABEL@head, LABEL@base, LABEL@+1, LABEL@REV)");
    if (rest.find('@') != std::string_view::npos) parse_error(text, "more than one '@'");
    if (!is_name(branch)) parse_error(text, fmt::format("'{}' is not a branch label or revision id", branch));
    t.branch = std::string(branch);
  }
  std::string_view anchor = rest;
  if (auto sign = rest.find_first_of("+-"); sign != std::string_view::npos) {
    anchor = rest.substr(0, sign);
    t.steps = parse_steps(text, rest.substr(sign));
  } else if (rest.empty()) {
    parse_error(text, "nothing to resolve");
  }
  parse_anchor(text, anchor, t);
  if (t.anchor == Target::Anchor::heads && t.steps != 0) {
    parse_error(text, "a step needs one revision to start from, and 'heads' names every head");
  }
  return t;
}

Target::Target(std::string_view written) : Target(parse_target(written)) {}
Target::Target(const char* written) : Target(parse_target(written)) {}
Target::Target(const std::string& written) : Target(parse_target(written)) {}

TargetRange parse_target_range(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
    throw Error(ErrorCode::target, fmt::format("'{}' is not a range: a range is LOWER:UPPER, either end may be empty "
                                               "(e.g. base:head, 0002:, -3:current)",
                                               text));
  }
  TargetRange range;
  if (colon > 0) range.lower = parse_target(text.substr(0, colon));
  if (colon + 1 < text.size()) range.upper = parse_target(text.substr(colon + 1));
  return range;
}

} // namespace retort
