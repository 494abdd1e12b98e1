// Relative steps over the version lines: +N up along children, -N down along parents.
#include "plan/target_walk.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "retort/error.hpp"

namespace retort {
namespace {

[[noreturn]] void walk_error(const std::string& message) { throw Error(ErrorCode::target, message); }

std::string list_ids(const RevisionGraph& graph, const std::vector<std::size_t>& indexes) {
  return fmt::format("{}", fmt::join(graph.ids(indexes), ", "));
}

std::string name_of(const RevisionGraph& graph, std::optional<std::size_t> at) {
  return at ? graph[*at].revision : std::string("base");
}

} // namespace

std::vector<std::size_t> walk_up(const RevisionGraph& graph, std::optional<std::size_t> from, int steps,
                                 const std::vector<bool>* line, std::string_view text, Overrun overrun) {
  std::optional<std::size_t> at = from;
  for (int k = 1; k <= steps; ++k) {
    std::vector<std::size_t> next = at ? graph.children(*at) : graph.bases();
    if (line != nullptr) std::erase_if(next, [&](std::size_t i) { return !(*line)[i]; });
    if (next.empty()) {
      if (overrun == Overrun::stop) break;
      walk_error(fmt::format("relative revision '{}' didn't produce {} migrations (only {} available: {})", text, steps,
                             k - 1, at ? graph[*at].revision + " is a head" : std::string("the migrations folder is empty")));
    }
    if (next.size() > 1) {
      walk_error(fmt::format("relative revision '{}' is ambiguous: after {} step(s), at {}, the path forks into {}", text,
                             k - 1, name_of(graph, at), list_ids(graph, next)));
    }
    at = next.front();
  }
  if (!at) return {};
  return {*at};
}

std::vector<std::size_t> walk_down(const RevisionGraph& graph, std::size_t from, int steps, std::string_view text,
                                   Overrun overrun) {
  std::vector<std::size_t> at{from};
  for (int k = 1; k <= steps; ++k) {
    if (at.empty()) {
      if (overrun == Overrun::stop) break;
      walk_error(fmt::format("relative revision '{}' didn't produce {} migrations (only {} available: step {} reaches base)",
                             text, steps, k - 1, k - 1));
    }
    if (at.size() > 1) {
      walk_error(fmt::format("relative revision '{}' is ambiguous: after {} step(s) the path forks into {}", text, k - 1,
                             list_ids(graph, at)));
    }
    at = graph.parents(at.front());
  }
  return at;
}

} // namespace retort
