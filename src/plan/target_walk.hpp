// plan/target_walk.hpp — relative steps (+N, -N) over the revision graph's version lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "retort/revision_graph.hpp"
#include "retort/target.hpp"

namespace retort {

/// Steps `steps` edges up along children from `from` (nullopt: below the bases), staying on `line`
/// when given. Returns the one revision reached. Throws Error(ErrorCode::target) naming `text`
/// where the path forks, and (Overrun::refuse) when it ends at a head first, saying after how many
/// steps and where; Overrun::stop returns the last revision reached instead.
std::vector<std::size_t> walk_up(const RevisionGraph& graph, std::optional<std::size_t> from, int steps,
                                 const std::vector<bool>* line, std::string_view text, Overrun overrun);

/// Steps `steps` edges down along parents from `from`. Returns the revisions reached: empty for
/// base, every parent when the last step goes over a merge. Throws Error(ErrorCode::target) naming
/// `text` where an earlier step meets a merge (the path forks), and (Overrun::refuse) when base
/// comes first, saying after how many steps; Overrun::stop returns base instead.
std::vector<std::size_t> walk_down(const RevisionGraph& graph, std::size_t from, int steps, std::string_view text,
                                   Overrun overrun);

} // namespace retort
