// migration/body.hpp — a migration's SQL read through a bounded window: the sections, opened from
// memory or from the file (checked against the folder scan), cut into pieces that end where a
// statement ends, so that the dialect's splitter never needs the whole section at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "migration/scan.hpp"
#include "retort/migration.hpp"

namespace retort {

enum class SectionKind { up, down };

/// A migration's sections, ready to read. A migration whose bodies are loaded (parsed from text,
/// embedded) is read from memory; otherwise its file is opened and scanned again, and must still be
/// the file the folder scan read (the same revision, parents, checksum, transaction mode and down
/// section), or Error(ErrorCode::migration_file) says it changed. The file stays open while this
/// object lives, so a file replaced meanwhile (an editor's save, a checkout) does not change what runs.
class MigrationBody {
public:
  explicit MigrationBody(const Migration& m);
  MigrationBody(const MigrationBody&) = delete;
  MigrationBody& operator=(const MigrationBody&) = delete;
  ~MigrationBody();

  [[nodiscard]] const Migration& migration() const noexcept { return m_migration; }
  [[nodiscard]] bool has(SectionKind s) const noexcept { return s == SectionKind::up || m_down.has_value(); }
  /// The section's length in bytes (0 for a missing down section).
  [[nodiscard]] std::uint64_t size(SectionKind s) const noexcept;
  /// The file line the section starts on.
  [[nodiscard]] int first_line(SectionKind s) const noexcept;
  /// Reads up to `n` bytes of the section from `at` into `out`; returns how many (0 at its end).
  /// Throws Error(ErrorCode::io) when the file cannot be read.
  std::size_t read(SectionKind s, std::uint64_t at, char* out, std::size_t n) const;

private:
  const Migration& m_migration;
  int m_fd = -1;  ///< -1: the sections are m_migration's strings
  SectionPlace m_up;
  std::optional<SectionPlace> m_down;
};

/// What the statement-boundary scanner must know of a dialect's lexical rules.
struct StatementSyntax {
  bool dollar_quotes = true;     ///< PostgreSQL's $tag$…$tag$ strings
  bool nested_comments = true;   ///< PostgreSQL's /* /* */ */
  bool escape_strings = true;    ///< PostgreSQL's E'…\'…' strings
  bool bracket_names = false;    ///< SQLite's [name] and `name`
  /// true: a body whose ';' do not end the statement opens with BEGIN ATOMIC (PostgreSQL);
  /// false: with BEGIN anywhere but first (SQLite's CREATE TRIGGER … BEGIN … END).
  bool begin_atomic = true;
};

/// Cuts a section into pieces of whole statements (each ends just after a ';' that ends a
/// statement at the top level, or at the section's end), about `target` bytes each, reading the
/// section `window` bytes at a time. The scanner knows quotes, comments, dollar quotes,
/// parentheses and BEGIN … END bodies; where it is unsure it does not cut, so each piece split by
/// the dialect's own parser gives the statements splitting the whole section would. Memory: the
/// window, plus the longest statement when one is longer.
class StatementChunker {
public:
  StatementChunker(const MigrationBody& body, SectionKind section, StatementSyntax syntax,
                   std::size_t target = 64u << 10, std::size_t window = 1u << 20);
  /// The next piece and the file line it starts on; false once the section is used up.
  bool next(std::string& piece, int& first_line);

private:
  enum class Mode { normal, quote, escape_quote, double_quote, dollar, line_comment, block_comment, bracket, backtick };
  /// Scans from m_scan; returns false when more text is needed to decide.
  bool scan();
  bool refill();
  void word(std::string_view w);

  const MigrationBody& m_body;
  SectionKind m_section;
  StatementSyntax m_syntax;
  std::size_t m_target, m_window;
  std::string m_buf;            ///< text from the current piece's start
  std::size_t m_scan = 0;       ///< where scanning resumes in m_buf
  std::size_t m_cut = 0;        ///< end of the last complete statement in m_buf (0: none yet)
  std::uint64_t m_read = 0;     ///< bytes of the section read so far
  bool m_eof = false;
  int m_line = 0;               ///< the file line m_buf starts on
  // scanner state
  Mode m_mode = Mode::normal;
  std::string m_tag;            ///< the open dollar quote's delimiter ("$tag$")
  int m_comment_depth = 0;
  int m_parens = 0;
  int m_body_depth = 0;         ///< inside BEGIN [ATOMIC] … END (CASE … END nest in it)
  int m_words = 0;              ///< words in the current statement
  std::string m_last_word;      ///< the previous word, lower case (for BEGIN ATOMIC)
};

} // namespace retort
