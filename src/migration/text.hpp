// migration/text.hpp — small text helpers for parsing migration files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split_commas(std::string_view s);
/// 1-based line number of byte offset `pos` in `text`.
int line_of(std::string_view text, std::size_t pos);
/// Offset of the first byte that is not valid UTF-8 (or a NUL), if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
/// The text with CRLF/CR turned into LF and trailing spaces and tabs removed from each line,
/// and leading/trailing blank lines dropped: the form checksums are taken over.
std::string normalize_for_checksum(std::string_view text);

/// normalize_for_checksum over text given in pieces (a file read in chunks, split anywhere, even
/// between a CR and its LF): the pieces' output, appended to `out` in turn, is the joined text's
/// normalized form. Holds back only the spaces and tabs that may turn out to end a line, and the
/// line breaks that may turn out to end the text.
class ChecksumNormalizer {
public:
  void feed(std::string_view piece, std::string& out);

private:
  void content(std::string_view part, std::string& out);
  std::string m_pending_space;      ///< spaces and tabs not yet known to be followed by content on their line
  std::size_t m_pending_breaks = 0; ///< line breaks since the last content (after it started)
  bool m_started = false;           ///< some content was written
  bool m_after_cr = false;          ///< the last piece ended with a CR: a LF opening the next belongs to it
};

} // namespace retort
