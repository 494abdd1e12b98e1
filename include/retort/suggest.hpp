// retort/suggest.hpp — "did you mean …?" for names people mistype: commands, options, targets, config keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

/// The candidates close to `word` (edit distance with transpositions, at most a third of the word's
/// length and at least 1; or `word` is a prefix of them), best first, at most `limit`, each once.
std::vector<std::string> closest_matches(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

/// " (did you mean 'x'?)" or " (did you mean 'x' or 'y'?)", or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace retort
