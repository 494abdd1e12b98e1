// migration/scan.hpp — a migration file read as a stream: its header, its checksum and where its
// sections lie, without holding its SQL (docs/folder-cache.md, "Large files").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/sha256.hpp"
#include "migration/text.hpp"
#include "retort/migration.hpp"

namespace retort {

/// Where a section's SQL lies in its file (byte offsets; a BOM counts) and the line it starts on.
struct SectionPlace {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  int first_line = 0;
};

/// A migration without its bodies (bodies_loaded = false), and where they are.
struct ScannedMigration {
  Migration migration;
  SectionPlace up;
  std::optional<SectionPlace> down;
};

/// parse_migration fed piece by piece: the same checks, the same errors (the first one in the
/// file, a text that is not UTF-8 first of all) and the same checksum, holding only the line being
/// read (a line split between pieces is kept until its end) and what the header says.
class MigrationScanner {
public:
  explicit MigrationScanner(std::string file);
  /// The next piece of the file, in order, split anywhere.
  void feed(std::string_view piece);
  /// The migration, once every piece is fed. Throws Error(ErrorCode::migration_file) as parse_migration does.
  ScannedMigration finish();

private:
  enum class Section { header, up, down };
  void line(std::string_view text, bool terminated);
  void header_line(std::string_view line);
  void fail_at(int line, std::string what);
  [[noreturn]] void fail(int line, const std::string& what) const;
  void start_up();
  void flush_checksum(bool all);

  std::string m_file;
  ScannedMigration m_out;
  std::string m_partial;         ///< a line begun in an earlier piece
  std::uint64_t m_offset = 0;    ///< file offset of the next line's first byte
  int m_line_no = 0;
  bool m_first_piece = true;
  Section m_section = Section::header;
  int m_up_marker_line = 0;
  bool m_has_revision = false, m_has_down_revision = false;
  std::set<std::string, std::less<>> m_seen;  ///< header keys seen so far
  std::optional<std::pair<int, std::string>> m_error;  ///< the first header error (thrown at the end)
  std::optional<int> m_bad_utf8_line;
  bool m_up_has_sql = false, m_down_has_sql = false;  ///< a line that is neither blank nor a comment
  ChecksumNormalizer m_normalizer;
  std::string m_normalized;      ///< normalized up-section text not yet hashed
  std::optional<Sha256> m_sha;
};

/// Reads the migration file open as `fd` (from its start) in chunks through a MigrationScanner.
/// Throws Error(ErrorCode::io) when it cannot be read, and whatever the scanner throws.
ScannedMigration scan_migration_fd(int fd, const std::string& file);

/// The same for the file at `file`'s path.
ScannedMigration scan_migration_file(const std::string& file);

} // namespace retort
