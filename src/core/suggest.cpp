#include "retort/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace retort {
namespace {

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

} // namespace

std::vector<std::string> closest_matches(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t limit) {
  if (word.empty()) return {};
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    if (c == word) continue;
    std::size_t score = edit_distance(word, c);
    if (score > allowed) {
      // a word that starts a longer name ("downg" for "downgrade") is close enough, counted last
      if (word.size() >= 3 && c.size() > word.size() && edit_distance(word, std::string_view(c).substr(0, word.size())) == 0) {
        score = allowed + 1;
      } else {
        continue;
      }
    }
    if (std::none_of(scored.begin(), scored.end(), [&](const auto& s) { return s.second == c; })) scored.emplace_back(score, c);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() == limit) break;
    out.push_back(s.second);
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto best = closest_matches(word, candidates);
  if (best.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < best.size(); ++i) {
    if (i > 0) list += i + 1 == best.size() ? " or " : ", ";
    list += "'" + best[i] + "'";
  }
  return fmt::format(" (did you mean {}?)", list);
}

} // namespace retort
