#include "migration/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace retort {

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    std::size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

int line_of(std::string_view text, std::size_t pos) {
  pos = std::min(pos, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    // Eight ASCII bytes at a time, none of them NUL (most of any SQL file).
    while (i + 8 <= n) {
      std::uint64_t v = 0;
      std::memcpy(&v, s + i, 8);
      constexpr std::uint64_t k_ones = 0x0101010101010101ULL, k_highs = 0x8080808080808080ULL;
      if ((v & k_highs) != 0 || ((v - k_ones) & ~v & k_highs) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c == 0) return i;
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    if (len == 2 && c < 0xC2) return i;  // overlong
    if (len == 3) {
      unsigned char c1 = s[i + 1];
      if (c == 0xE0 && c1 < 0xA0) return i;   // overlong
      if (c == 0xED && c1 >= 0xA0) return i;  // UTF-16 surrogate
    }
    if (len == 4) {
      unsigned char c1 = s[i + 1];
      if (c > 0xF4) return i;                 // above U+10FFFF
      if (c == 0xF0 && c1 < 0x90) return i;   // overlong
      if (c == 0xF4 && c1 >= 0x90) return i;  // above U+10FFFF
    }
    i += len;
  }
  return std::nullopt;
}

std::string normalize_for_checksum(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pending_blank = 0;
  bool started = false;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t eol = text.find_first_of("\r\n", pos);
    std::size_t end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) {
      if (started) ++pending_blank;
    } else {
      if (started) out.append(pending_blank + 1, '\n');
      pending_blank = 0;
      out += line;
      started = true;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + ((text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n') ? 2 : 1);
  }
  return out;
}

void ChecksumNormalizer::content(std::string_view part, std::string& out) {
  // `part` lies within one line: trailing spaces and tabs are held back until more content follows.
  std::size_t last = part.find_last_not_of(" \t");
  if (last == std::string_view::npos) {
    m_pending_space += part;
    return;
  }
  if (m_started) out.append(m_pending_breaks, '\n');
  m_pending_breaks = 0;
  out += m_pending_space;
  out.append(part.substr(0, last + 1));
  m_pending_space.assign(part.substr(last + 1));
  m_started = true;
}

void ChecksumNormalizer::feed(std::string_view piece, std::string& out) {
  std::size_t pos = 0;
  if (m_after_cr && !piece.empty()) {
    if (piece.front() == '\n') pos = 1;  // the LF of a CRLF split between pieces
    m_after_cr = false;
  }
  while (pos < piece.size()) {
    // The next CR or LF: memchr for each (a CR is rare) rather than a loop over every byte.
    const std::size_t lf = piece.find('\n', pos);
    const std::size_t cr = piece.substr(0, lf == std::string_view::npos ? piece.size() : lf).find('\r', pos);
    std::size_t eol = cr != std::string_view::npos ? cr : lf != std::string_view::npos ? lf : piece.size();
    if (eol > pos) content(piece.substr(pos, eol - pos), out);
    if (eol == piece.size()) break;
    // a line break: what was held back was trailing whitespace
    m_pending_space.clear();
    if (m_started) ++m_pending_breaks;
    if (piece[eol] == '\r') {
      if (eol + 1 == piece.size()) {
        m_after_cr = true;
        return;
      }
      if (piece[eol + 1] == '\n') ++eol;
    }
    pos = eol + 1;
  }
}

} // namespace retort
