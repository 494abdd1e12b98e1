// `cmake --install` gives a consumer everything it needs: headers, one archive per layer, the CMake
// package (find_package(retort) → retort::retort), the CLI and its man page. A tiny consumer
// (examples/consumer) is built against the installed package and brings a real database to head;
// the same consumer configures with add_subdirectory without CLI11 or GoogleTest.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/cli.hpp"
#include "support/postgres.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// One installation for the suite: installing takes a second, the consumer's build a few more.
class InstalledPackage : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_work = new test::ProjectDir();
    s_install = test::run_program({RETORT_CMAKE, "--install", RETORT_BUILD_DIR, "--prefix", prefix().string()}, work());
  }
  static void TearDownTestSuite() {
    delete s_work;
    s_work = nullptr;
  }
  static fs::path work() { return s_work->path(); }
  static fs::path prefix() { return work() / "prefix"; }
  static test::CliResult s_install;

private:
  static test::ProjectDir* s_work;
};

test::ProjectDir* InstalledPackage::s_work = nullptr;
test::CliResult InstalledPackage::s_install;

TEST_F(InstalledPackage, InstallsHeadersOneArchivePerLayerThePackageTheCliAndItsManPage) {
  ASSERT_EQ(s_install.exit_code, 0) << s_install.out << s_install.err;
  for (const char* file : {"include/retort/commands.hpp", "include/retort/run.hpp", "include/retort/database.hpp",
                           "lib/libretort_core.a", "lib/libretort_runner.a", "lib/libretort_postgres.a",
                           "lib/libretort_commands.a", "lib/cmake/retort/retort-config.cmake",
                           "lib/cmake/retort/retort-config-version.cmake", "lib/cmake/retort/retort-targets.cmake",
                           "bin/retort", "share/man/man1/retort.1"}) {
    EXPECT_TRUE(fs::exists(prefix() / file)) << file;
  }
  // Public headers only: the library's private headers and the C libraries' stay behind.
  EXPECT_FALSE(fs::exists(prefix() / "include/runner"));
  EXPECT_FALSE(fs::exists(prefix() / "include/retort/runner.hpp"));
  const auto targets = read_text(prefix() / "lib/cmake/retort/retort-targets.cmake");
  EXPECT_NE(targets.find("retort::retort"), std::string::npos);
  EXPECT_EQ(targets.find("fmt::"), std::string::npos) << "fmt is the build's own, not a consumer's";
  EXPECT_EQ(targets.find("nlohmann"), std::string::npos);
  EXPECT_EQ(targets.find("CLI11"), std::string::npos);
}

TEST_F(InstalledPackage, AConsumerBuiltWithFindPackageBringsADatabaseToHead) {
  ASSERT_EQ(s_install.exit_code, 0) << s_install.err;
  const fs::path build = work() / "consumer-build";
  auto configure = test::run_program({RETORT_CMAKE, "-S", RETORT_SOURCE_DIR "/examples/consumer", "-B", build.string(),
                                      "-DCMAKE_PREFIX_PATH=" + prefix().string(), "-DCMAKE_BUILD_TYPE=Release"},
                                     work());
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  const auto cache = read_text(build / "CMakeCache.txt");
  EXPECT_NE(cache.find("retort_DIR:PATH=" + (prefix() / "lib/cmake/retort").string()), std::string::npos)
      << "the package found is the one just installed";
  EXPECT_EQ(cache.find("CLI11_DIR"), std::string::npos) << "a consumer needs no CLI11";
  EXPECT_EQ(cache.find("GTest_DIR"), std::string::npos) << "a consumer needs no GoogleTest";
  auto built = test::run_program({RETORT_CMAKE, "--build", build.string(), "--target", "consumer"}, work());
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;

  const auto url = test::fresh_database();
  const std::string migrations = RETORT_SOURCE_DIR "/examples/myagent/migrations";
  auto first = test::run_program({(build / "consumer").string(), url, migrations}, work());
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("applied 0001"), std::string::npos) << first.out;
  const auto head = test::scalar(url, "SELECT version_num FROM retort_version");
  EXPECT_NE(first.out.find("at " + head), std::string::npos) << first.out;
  EXPECT_EQ(test::scalar(url, "SELECT count(*) FROM retort_history WHERE direction = 'up'"),
            std::to_string(std::count(first.out.begin(), first.out.end(), '\n') - 1));

  auto again = test::run_program({(build / "consumer").string(), url, migrations}, work());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "at " + head + "\n") << "nothing applied the second time";

  auto refused = test::run_program({(build / "consumer").string(), url, (work() / "no-such-folder").string()}, work());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("no-such-folder"), std::string::npos) << refused.err;
}

TEST_F(InstalledPackage, EmbeddedMigrationsAreRebuiltIntoTheProgramWhenTheFolderChanges) {
  ASSERT_EQ(s_install.exit_code, 0) << s_install.err;
  test::ProjectDir folder;
  fs::copy(RETORT_SOURCE_DIR "/examples/myagent/migrations", folder.migrations());
  const fs::path build = work() / "embedded-build";
  auto configure = test::run_program({RETORT_CMAKE, "-S", RETORT_SOURCE_DIR "/examples/consumer", "-B", build.string(),
                                      "-DCMAKE_PREFIX_PATH=" + prefix().string(),
                                      "-DCONSUMER_MIGRATIONS=" + folder.migrations().string()},
                                     work());
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  auto build_it = [&] { return test::run_program({RETORT_CMAKE, "--build", build.string(), "--target", "consumer_embedded"}, work()); };
  auto built = build_it();
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  const auto url = test::fresh_database();
  const auto program = (build / "consumer_embedded").string();
  fs::rename(folder.migrations(), folder.path() / "moved");  // compiled in: the folder is not read at run time
  auto first = test::run_program({program, url}, work());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "applied 0001_init\n");
  EXPECT_EQ(test::run_program({program, url}, work()).out, "current\n");
  fs::rename(folder.path() / "moved", folder.migrations());

  // A new file: the next build reconfigures and compiles it in.
  folder.write_migration("0002_notes.sql", test::migration_text("0002_notes", "0001_init", "CREATE TABLE notes (id int);",
                                                                "DROP TABLE notes;"));
  built = build_it();
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_EQ(test::run_program({program, url}, work()).out, "applied 0002_notes\n");
  // An edited file: rebuilt too (the program now carries the new text; the applied one is not run again).
  folder.write_migration("0002_notes.sql", test::migration_text("0002_notes", "0001_init", "CREATE TABLE notes (id bigint);",
                                                                "DROP TABLE notes;"));
  built = build_it();
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("Embedding the migrations"), std::string::npos) << built.out;
  EXPECT_EQ(test::run_program({program, url}, work()).out, "current\n");
  // The database ahead of an older build is an outcome of its own, and nothing is touched.
  const auto other = test::fresh_database();
  ASSERT_EQ(test::run_program({program, other}, work()).exit_code, 0);
  test::scalar(other, "UPDATE retort_version SET version_num = '0099_future'");  // as a newer build would leave it
  auto ahead = test::run_program({program, other}, work());
  EXPECT_EQ(ahead.exit_code, 3) << ahead.out << ahead.err;
  EXPECT_EQ(test::scalar(other, "SELECT version_num FROM retort_version"), "0099_future");
}

TEST_F(InstalledPackage, AddSubdirectoryConfiguresTheLibraryAloneWithoutCli11OrGoogleTest) {
  const fs::path build = work() / "subdirectory-build";
  auto configure = test::run_program({RETORT_CMAKE, "-S", RETORT_SOURCE_DIR "/examples/consumer", "-B", build.string(),
                                      "-DRETORT_SOURCE_DIR=" RETORT_SOURCE_DIR},
                                     work());
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  const auto cache = read_text(build / "CMakeCache.txt");
  EXPECT_NE(cache.find("RETORT_BUILD_CLI:BOOL=OFF"), std::string::npos);
  EXPECT_NE(cache.find("RETORT_BUILD_TESTS:BOOL=OFF"), std::string::npos);
  EXPECT_EQ(cache.find("CLI11_DIR"), std::string::npos);
  EXPECT_EQ(cache.find("GTest_DIR"), std::string::npos);
  // The consumer's build knows the layers through retort::retort.
  EXPECT_TRUE(fs::exists(build / "retort" / "src")) << "the library's targets are configured in the consumer's tree";
}

} // namespace
} // namespace retort
