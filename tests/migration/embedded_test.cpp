// Migrations compiled in by retort_embed_migrations (two sets in the test binary: examples/myagent's
// folder and tests/migration/embedded_jobs) hold the files' exact bytes and parse to what the
// folder gives: same revisions, same checksums (a BOM and CRLF line endings included).
#include <gtest/gtest.h>

#include <string>

#include "retort/embedded.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "retort_embedded/jobs.hpp"
#include "retort_embedded/agent.hpp"

namespace retort {
namespace {

void expect_same_as_folder(const EmbeddedMigrations& set, const std::string& folder) {
  const auto embedded = load_embedded(set);
  const auto read = load_migration_folder(folder);
  ASSERT_EQ(embedded.size(), read.size());
  ASSERT_FALSE(embedded.empty());
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(embedded[i].revision, read[i].revision);
    EXPECT_EQ(embedded[i].down_revisions, read[i].down_revisions);
    EXPECT_EQ(embedded[i].checksum, read[i].checksum) << read[i].file;
    EXPECT_EQ(embedded[i].transaction, read[i].transaction);
    EXPECT_EQ(embedded[i].file, std::string(set.name) + "/" + std::string(read[i].file_name()));
    EXPECT_TRUE(embedded[i].bodies_loaded);
    EXPECT_EQ(embedded[i].up_sql, with_bodies(read[i]).up_sql);
  }
}

TEST(Embedded, CompiledInMigrationsParseToTheFoldersRevisionsAndChecksums) {
  expect_same_as_folder(embedded::agent, RETORT_SOURCE_DIR "/examples/myagent/migrations");
  expect_same_as_folder(embedded::jobs, RETORT_SOURCE_DIR "/tests/migration/embedded_jobs");
}

TEST(Embedded, TheFilesBytesAreKeptExactly) {
  ASSERT_EQ(embedded::jobs.count, 2u);
  const auto& first = embedded::jobs.files[0];
  EXPECT_STREQ(first.name, "0001_jobs.sql");
  const std::string text(first.text, first.size);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF-- revision: j1\r\n", 0), 0u) << "the BOM and CRLF survive";
  EXPECT_EQ(text.back(), '\n');
  EXPECT_STREQ(embedded::jobs.files[1].name, "0002_job_index.sql");
}

TEST(Embedded, AMalformedEmbeddedFileIsRefusedNamingItsSetAndFile) {
  const std::string bad = "-- revision: x1\n-- down_revision: none\n-- colour: blue\n-- migrate:up\nSELECT 1;\n";
  const EmbeddedFile files[] = {{"0001_x.sql", bad.data(), bad.size()}};
  const EmbeddedMigrations set{"lib", files, 1};
  try {
    load_embedded(set);
    FAIL() << "expected the unknown header key to be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::migration_file);
    EXPECT_NE(std::string(e.what()).find("lib/0001_x.sql:3"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace retort
