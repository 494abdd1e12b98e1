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

} // namespace retort
