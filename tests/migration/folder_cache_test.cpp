// The folder cache never serves a stale header: any change to a file's size, times or inode, an
// added, removed or renamed file, or a damaged cache falls back to parsing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "migration/folder_cache.hpp"
#include "retort/error.hpp"
#include "retort/migration.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using test::migration_text;
using test::ProjectDir;

class FolderCacheTest : public ::testing::Test {
protected:
  /// Files must be older than the racy window before the cache trusts them.
  static void age() { std::this_thread::sleep_for(std::chrono::milliseconds(2100)); }
  /// The folder read with the cache in this test's own cache folder.
  std::vector<Migration> load(const std::filesystem::path& dir) const { return load_migration_folder(dir, cache_dir()); }
  [[nodiscard]] std::filesystem::path cache_dir() const { return m_cache_home.path() / "cache" / "retort"; }

  ProjectDir m_cache_home;
};

TEST_F(FolderCacheTest, UnchangedFilesAreServedFromTheCacheWithTheSameHeaders) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);", "DROP TABLE a;", "-- branch_labels: core\n"));
  dir.write_migration("2.sql", migration_text("b", "a", "CREATE TABLE b (id int);", "", "-- transaction: none\n-- lock_timeout: 5s\n"));
  age();
  auto first = load(dir.migrations());
  auto entries = FolderCache(dir.migrations(), cache_dir()).read();
  ASSERT_EQ(entries.keys.size(), 2u) << "the first load writes the cache";
  auto second = load(dir.migrations());
  ASSERT_EQ(second.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(second[i].revision, first[i].revision);
    EXPECT_EQ(second[i].down_revisions, first[i].down_revisions);
    EXPECT_EQ(second[i].branch_labels, first[i].branch_labels);
    EXPECT_EQ(second[i].checksum, first[i].checksum);
    EXPECT_EQ(second[i].transaction, first[i].transaction);
    EXPECT_EQ(second[i].lock_timeout, first[i].lock_timeout);
    EXPECT_EQ(second[i].has_down, first[i].has_down);
    EXPECT_EQ(second[i].up_line, first[i].up_line);
    EXPECT_EQ(second[i].file, first[i].file);
    EXPECT_FALSE(second[i].bodies_loaded);
  }
  EXPECT_EQ(with_bodies(second[0]).up_sql, "CREATE TABLE a (id int);\n\n");
}

TEST_F(FolderCacheTest, AnEditThatKeepsSizeAndMtimeIsStillSeen) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE a (id int);"));
  age();
  auto before = load(dir.migrations());
  struct stat st {};
  ASSERT_EQ(stat((dir.migrations() / "1.sql").c_str(), &st), 0);
  dir.write_migration("1.sql", migration_text("a", "", "CREATE TABLE z (id int);"));  // same size
  timespec times[2] = {st.st_atim, st.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, (dir.migrations() / "1.sql").c_str(), times, 0), 0);  // mtime put back
  auto after = load(dir.migrations());
  EXPECT_NE(after[0].checksum, before[0].checksum) << "ctime changed, so the cached header must not be used";
  EXPECT_EQ(with_bodies(after[0]).up_sql.substr(0, 14), "CREATE TABLE z");
}

TEST_F(FolderCacheTest, AddedRemovedAndRenamedFilesAreSeen) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "SELECT 1;"));
  dir.write_migration("2.sql", migration_text("b", "a", "SELECT 2;"));
  age();
  ASSERT_EQ(load(dir.migrations()).size(), 2u);
  dir.write_migration("3.sql", migration_text("c", "b", "SELECT 3;"));
  EXPECT_EQ(load(dir.migrations()).size(), 3u);
  std::filesystem::remove(dir.migrations() / "2.sql");
  auto two = load(dir.migrations());
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].revision, "c");
  std::filesystem::rename(dir.migrations() / "3.sql", dir.migrations() / "0.sql");
  auto renamed = load(dir.migrations());
  EXPECT_EQ(renamed[0].file_name(), "0.sql");
  EXPECT_EQ(renamed[0].revision, "c");
}

TEST_F(FolderCacheTest, AFolderReadOnSeveralThreadsKeepsFileOrderAndReportsTheFirstBadFile) {
  ProjectDir dir;
  auto name = [](int i) { return fmt::format("{:04d}_r.sql", i); };
  for (int i = 0; i < 300; ++i) {
    dir.write_migration(name(i), migration_text(fmt::format("r{}", i), i == 0 ? "" : fmt::format("r{}", i - 1), "SELECT 1;"));
  }
  auto all = load(dir.migrations());
  ASSERT_EQ(all.size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(all[static_cast<std::size_t>(i)].revision, fmt::format("r{}", i));
    EXPECT_EQ(all[static_cast<std::size_t>(i)].file_name(), name(i));
    EXPECT_FALSE(all[static_cast<std::size_t>(i)].checksum.empty());
  }
  // Two bad files in different threads' shares: the earlier one in the folder is reported, every time.
  dir.write_migration(name(120), "-- revision: r120\n-- down_revision: r119\n-- colour: blue\n-- migrate:up\nSELECT 1;\n");
  dir.write_migration(name(260), "-- revision: r260\n-- down_revision: r259\n-- migrate:up\n-- migrate:up\n");
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      load_migration_folder(dir.migrations());  // no cache: every file parsed
      FAIL() << "expected the first bad file's error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::migration_file);
      EXPECT_NE(std::string(e.what()).find(name(120) + ":3"), std::string::npos) << e.what();
    }
  }
}

TEST_F(FolderCacheTest, ADamagedCacheIsIgnored) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "SELECT 1;"));
  age();
  load(dir.migrations());
  std::filesystem::path cache_file;
  for (const auto& f : std::filesystem::recursive_directory_iterator(m_cache_home.path() / "cache")) {
    if (f.is_regular_file()) cache_file = f.path();
  }
  ASSERT_FALSE(cache_file.empty());
  ASSERT_EQ(FolderCache(dir.migrations(), cache_dir()).read().keys.size(), 1u);
  // Cut short at every length: never an entry, never a crash.
  std::ifstream in(cache_file, std::ios::binary);
  std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t n = 0; n < whole.size(); ++n) {
    std::ofstream(cache_file, std::ios::binary | std::ios::trunc) << whole.substr(0, n);
    EXPECT_TRUE(FolderCache(dir.migrations(), cache_dir()).read().keys.empty()) << "cut at " << n;
  }
  std::ofstream(cache_file, std::ios::trunc) << "retort-folder-cache-2\ngarbage that claims huge lengths";
  EXPECT_TRUE(FolderCache(dir.migrations(), cache_dir()).read().keys.empty());
  auto loaded = load(dir.migrations());
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].revision, "a");
}

TEST_F(FolderCacheTest, AFileChangedDuringARunIsRefusedWhenItsBodyIsRead) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "SELECT 1;"));
  auto loaded = load(dir.migrations());
  dir.write_migration("1.sql", migration_text("a", "", "SELECT 2;"));
  EXPECT_THROW((void)with_bodies(loaded[0]), Error);
}

} // namespace
} // namespace retort

namespace retort {
namespace {

TEST(FolderCacheOff, AFolderReadWithoutACacheFolderWritesNothing) {
  ProjectDir dir;
  dir.write_migration("1.sql", migration_text("a", "", "SELECT 1;"));
  ProjectDir home;
  const auto cache = home.path() / "retort";
  EXPECT_EQ(load_migration_folder(dir.migrations()).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(cache));
  EXPECT_EQ(load_migration_folder(dir.migrations(), cache).size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(cache)) << "the same read with a cache folder writes the cache there";
}

} // namespace
} // namespace retort
