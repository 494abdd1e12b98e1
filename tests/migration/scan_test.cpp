// Unit tests for the streaming read of a migration file (src/migration/scan.*, text.cpp's
// ChecksumNormalizer): fed in pieces of any size, it finds what reading the whole text finds, and
// the checksum it computes as the file streams is the one computed over the whole up section.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>

#include "migration/scan.hpp"
#include "migration/text.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

/// Text made of the characters that normalization cares about, and others.
std::string scan_random_text(std::mt19937& rng, std::size_t size) {
  static constexpr char k_alphabet[] = {'a', 'b', ' ', '\t', '\r', '\n', '\n', ';', '\f', 'x'};
  std::string out;
  for (std::size_t i = 0; i < size; ++i) out += k_alphabet[rng() % sizeof k_alphabet];
  return out;
}

/// `text` fed to the normalizer in random pieces (some empty, some one byte).
std::string scan_normalized_in_pieces(std::mt19937& rng, std::string_view text) {
  ChecksumNormalizer normalizer;
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t n = std::min<std::size_t>(rng() % 7, text.size() - pos);
    normalizer.feed(text.substr(pos, n), out);
    pos += n;
  }
  return out;
}

ScannedMigration scan_scanned_in_pieces(std::string_view text, std::size_t piece) {
  MigrationScanner scanner("migrations/x.sql");
  for (std::size_t pos = 0; pos < text.size(); pos += piece) scanner.feed(text.substr(pos, piece));
  return scanner.finish();
}

std::string scan_error_of(std::string_view text, std::size_t piece) {
  try {
    scan_scanned_in_pieces(text, piece);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST(ChecksumNormalizer, PiecesOfAnySizeGiveTheWholeTextsNormalForm) {
  std::mt19937 rng(12);
  for (int round = 0; round < 2000; ++round) {
    const std::string text = scan_random_text(rng, rng() % 60);
    ASSERT_EQ(scan_normalized_in_pieces(rng, text), normalize_for_checksum(text)) << "round " << round;
  }
}

TEST(ChecksumNormalizer, CrlfSplitBetweenPiecesIsOneLineBreak) {
  ChecksumNormalizer normalizer;
  std::string out;
  normalizer.feed("a\r", out);
  normalizer.feed("\nb", out);
  EXPECT_EQ(out, "a\nb");
}

TEST(MigrationScan, ChecksumStreamedEqualsTheWholeUpSectionsChecksum) {
  // A header, a BOM, CRLF lines, trailing blanks and a down section, fed one byte at a time and in
  // larger pieces: the checksum is migration_checksum over the up section cut out of the whole text.
  std::string text = "\xEF\xBB\xBF-- revision: r2\r\n-- down_revision: r1, r0\r\n-- migrate:up\r\n\r\n";
  for (int i = 0; i < 300; ++i) text += "INSERT INTO t VALUES (" + std::to_string(i) + ");  \t\r\n\r\n";
  text += "\n-- migrate:down\nDROP TABLE t;\n";
  Migration whole = parse_migration(text, "migrations/x.sql");
  ASSERT_EQ(whole.up_sql.substr(0, 2), "\r\n");
  const std::string expected = migration_checksum(whole);  // over whole.up_sql, in memory
  EXPECT_EQ(whole.checksum, expected);
  for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{4096}}) {
    const ScannedMigration s = scan_scanned_in_pieces(text, piece);
    EXPECT_EQ(s.migration.checksum, expected) << "pieces of " << piece;
    EXPECT_EQ(text.substr(s.up.offset, s.up.size), whole.up_sql);
    ASSERT_TRUE(s.down.has_value());
    EXPECT_EQ(text.substr(s.down->offset, s.down->size), *whole.down_sql);
    EXPECT_EQ(s.up.first_line, 4);
    EXPECT_EQ(s.down->first_line, whole.down_line);
    EXPECT_EQ(s.migration.down_revisions, (std::vector<std::string>{"r1", "r0"}));
  }
}

TEST(MigrationScan, KnownChecksumOfAFileIsUnchanged) {
  // The value docs/checksums.md's formula gives (tests/migration/checksum_test.cpp pins the same
  // input); a database holds checksums computed before streaming, so they must not move.
  const std::string text = "-- revision: m1\n-- down_revision: a1, b1\n-- migrate:up\n"
                           "CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n";
  EXPECT_EQ(scan_scanned_in_pieces(text, 5).migration.checksum,
            "d9127b83945cd9abc0f3a1dd34d01faf9a22ca08f48ba789dbc20c7b20b06200");
}

TEST(MigrationScan, LargeFileOnDiskScansToTheWholeTextsChecksumAndSections) {
  test::ProjectDir dir;
  std::string text = "-- revision: big\n-- down_revision: none\n-- migrate:up\n";
  // ~3 MB: several of the scanner's 1 MiB reads, with a line longer than one read in the middle.
  for (int i = 0; i < 40000; ++i) text += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'some text here');\n";
  text += "INSERT INTO t VALUES (0, '" + std::string(1300000, 'y') + "');\n";
  for (int i = 0; i < 10000; ++i) text += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'more');\r\n";
  text += "-- migrate:down\nDELETE FROM t;\n";
  dir.write_migration("big.sql", text);
  const std::string file = (dir.migrations() / "big.sql").string();
  const ScannedMigration s = scan_migration_file(file);
  const Migration whole = parse_migration(text, file);
  EXPECT_EQ(s.migration.checksum, migration_checksum(whole));
  EXPECT_EQ(s.migration.checksum, whole.checksum);
  EXPECT_FALSE(s.migration.bodies_loaded);
  EXPECT_EQ(text.substr(s.up.offset, s.up.size), whole.up_sql);
  EXPECT_EQ(s.down->first_line, 50006);  // 3 header lines, 50,001 INSERT lines, the marker
  EXPECT_EQ(s.down->first_line, whole.down_line);
  // The folder scan keeps no body, and gives the same checksum.
  auto loaded = load_migration_folder(dir.migrations());
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_FALSE(loaded[0].bodies_loaded);
  EXPECT_TRUE(loaded[0].up_sql.empty());
  EXPECT_EQ(loaded[0].checksum, whole.checksum);
}

TEST(MigrationScan, ErrorsAreTheWholeTextsWhateverThePieces) {
  const std::string header_error = "-- revision: a\n-- down_revision: none\n-- colour: red\n-- migrate:up\nSELECT 1;\n";
  const std::string expected = scan_error_of(header_error, header_error.size());
  EXPECT_NE(expected.find("x.sql:3: unknown header key 'colour'"), std::string::npos) << expected;
  EXPECT_EQ(scan_error_of(header_error, 1), expected);
  // A text that is not UTF-8 is that error first, even after a header error on an earlier line.
  const std::string both = header_error + "SELECT '\xC3';\n";
  EXPECT_NE(scan_error_of(both, 2).find("x.sql:6: the file is not UTF-8 text"), std::string::npos) << scan_error_of(both, 2);
  // A marker split between pieces is still a marker.
  const std::string twice = "-- revision: a\n-- down_revision: none\n-- migrate:up\nSELECT 1;\n--   migrate:up  \n";
  EXPECT_NE(scan_error_of(twice, 4).find("x.sql:5: a second '-- migrate:up' marker (the first is on line 3)"),
            std::string::npos) << scan_error_of(twice, 4);
  EXPECT_NE(scan_error_of("", 1).find("x.sql:1: no '-- migrate:up' marker"), std::string::npos);
  EXPECT_NE(scan_error_of("\xEF\xBB", 1).find("x.sql:1: the file is not UTF-8 text"), std::string::npos);
}

TEST(MigrationScan, MissingFileIsAnIoError) {
  try {
    scan_migration_file("/nonexistent/retort/x.sql");
    FAIL() << "a missing file must not scan";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::io);
  }
}

} // namespace retort
