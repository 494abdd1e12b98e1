// Unit tests for load_config (src/config/config.cpp): precedence, paths, and errors with file:line.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace fs = std::filesystem;

namespace {

using retort::ErrorCode;

/// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "retort-config-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = fs::canonical(pattern);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const fs::path& path() const { return m_path; }

  fs::path write(const fs::path& relative, const std::string& text) const {
    fs::path p = m_path / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

private:
  fs::path m_path;
};

/// Changes the current directory for the scope of a test and restores it.
class ChangeDir {
public:
  explicit ChangeDir(const fs::path& to) : m_old(fs::current_path()) { fs::current_path(to); }
  ~ChangeDir() {
    std::error_code ec;
    fs::current_path(m_old, ec);
  }
  ChangeDir(const ChangeDir&) = delete;
  ChangeDir& operator=(const ChangeDir&) = delete;

private:
  fs::path m_old;
};

retort::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const retort::EnvLookup k_no_env = env_of({});

retort::ConfigOverrides with_file(const fs::path& file) {
  retort::ConfigOverrides o;
  o.config_file = file;
  return o;
}

/// load_config must throw Error(config) whose message holds `file:line:` and `fragment`.
void expect_config_error(const fs::path& file, int line, const std::string& fragment) {
  try {
    (void)retort::load_config(with_file(file), k_no_env);
    ADD_FAILURE() << "the config was accepted; expected: " << fragment;
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config) << e.what();
    const std::string what = e.what();
    EXPECT_NE(what.find(file.string() + ":" + std::to_string(line) + ":"), std::string::npos)
        << "no " << file.string() << ":" << line << " in: " << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << "message lacks '" << fragment << "': " << what;
    EXPECT_EQ(e.context().file, file.string());
    EXPECT_EQ(e.context().line, line);
  }
}

} // namespace

TEST(Config, NoFileAtAllGivesDefaults) {
  TempDir dir;
  ChangeDir cd(dir.path());
  retort::Config c = retort::load_config({}, k_no_env);
  EXPECT_TRUE(c.config_file.empty());
  EXPECT_EQ(c.base_dir, dir.path());
  EXPECT_EQ(c.url, "");
  EXPECT_EQ(c.url_source, "");
  EXPECT_EQ(c.migrations_dir, dir.path() / "migrations");
  EXPECT_EQ(c.schema_file, dir.path() / "schema.sql");
  EXPECT_EQ(c.version_table, "retort_version");
  EXPECT_EQ(c.version_schema, "");
  EXPECT_EQ(c.history_table, "retort_history");
  EXPECT_EQ(c.dev_url, "pgtemp://");
  EXPECT_EQ(c.lock_timeout, std::chrono::milliseconds(60000));
}

TEST(Config, RetortTomlInTheCurrentFolderIsUsedWithoutConfigOption) {
  TempDir dir;
  dir.write("retort.toml", "url = \"sqlite:///from-cwd.db\"\n");
  ChangeDir cd(dir.path());
  retort::Config c = retort::load_config({}, k_no_env);
  EXPECT_EQ(c.config_file, dir.path() / "retort.toml");
  EXPECT_EQ(c.url, "sqlite:///from-cwd.db");
  EXPECT_EQ(c.url_source, (dir.path() / "retort.toml").string());
}

TEST(Config, UrlFromFileWhenNothingOverridesIt) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"postgresql://app@localhost/file_db\"\n");
  retort::Config c = retort::load_config(with_file(file), k_no_env);
  EXPECT_EQ(c.url, "postgresql://app@localhost/file_db");
  EXPECT_EQ(c.url_source, file.string());
}

TEST(Config, DatabaseUrlOverridesTheFile) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"postgresql://app@localhost/file_db\"\n");
  retort::Config c = retort::load_config(with_file(file), env_of({{"DATABASE_URL", "postgresql://app@localhost/env_db"}}));
  EXPECT_EQ(c.url, "postgresql://app@localhost/env_db");
  EXPECT_EQ(c.url_source, "DATABASE_URL");
}

TEST(Config, UrlOptionOverridesDatabaseUrlAndTheFile) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"postgresql://app@localhost/file_db\"\n");
  auto o = with_file(file);
  o.url = "sqlite:///cli.db";
  retort::Config c = retort::load_config(o, env_of({{"DATABASE_URL", "postgresql://app@localhost/env_db"}}));
  EXPECT_EQ(c.url, "sqlite:///cli.db");
  EXPECT_EQ(c.url_source, "--url");
}

TEST(Config, EmptyDatabaseUrlIsIgnored) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"sqlite:///file.db\"\n");
  retort::Config c = retort::load_config(with_file(file), env_of({{"DATABASE_URL", ""}}));
  EXPECT_EQ(c.url, "sqlite:///file.db");
  EXPECT_EQ(c.url_source, file.string());
}

TEST(Config, OnlyTheUrlAndTheCacheFolderComeFromTheEnvironment) {
  TempDir dir;
  auto file = dir.write("retort.toml", "");
  std::vector<std::string> asked;
  retort::EnvLookup spy = [&](const char* name) -> std::optional<std::string> {
    asked.emplace_back(name);
    return std::nullopt;
  };
  retort::Config c = retort::load_config(with_file(file), spy);
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"DATABASE_URL", "HOME", "RETORT_NO_CACHE", "XDG_CACHE_HOME"}));
  EXPECT_EQ(c.url, "");
  EXPECT_TRUE(c.cache_dir.empty()) << "no home, no cache";
}

TEST(Config, TheCommandLinesConfigCachesFoldersUnderXdgCacheHomeOrHome) {
  TempDir dir;
  auto file = dir.write("retort.toml", "");
  EXPECT_EQ(retort::load_config(with_file(file), env_of({{"XDG_CACHE_HOME", "/x/cache"}, {"HOME", "/home/u"}})).cache_dir,
            std::filesystem::path("/x/cache/retort"));
  EXPECT_EQ(retort::load_config(with_file(file), env_of({{"HOME", "/home/u"}})).cache_dir,
            std::filesystem::path("/home/u/.cache/retort"));
  EXPECT_TRUE(retort::load_config(with_file(file), env_of({{"HOME", "/home/u"}, {"RETORT_NO_CACHE", "1"}})).cache_dir.empty());
  EXPECT_EQ(retort::load_config(with_file(file), env_of({{"HOME", "/home/u"}, {"RETORT_NO_CACHE", "0"}})).cache_dir,
            std::filesystem::path("/home/u/.cache/retort"));
  EXPECT_TRUE(retort::load_config(with_file(file), env_of({{"HOME", "relative"}})).cache_dir.empty());
}

TEST(Config, AConfigBuiltInCodeHasNoCacheFolder) {
  retort::Config config;
  EXPECT_TRUE(config.cache_dir.empty());
}

TEST(Config, UnknownKeyIsAnErrorWithFileAndLine) {
  TempDir dir;
  auto file = dir.write("retort.toml", "# comment\nurl = \"sqlite:///a.db\"\ncolour = \"blue\"\n");
  expect_config_error(file, 3, "unknown key 'colour'");
}

TEST(Config, TableSectionIsAnUnknownKey) {
  TempDir dir;
  auto file = dir.write("retort.toml", "migrations = \"m\"\n\n[database]\nurl = \"sqlite:///a.db\"\n");
  expect_config_error(file, 3, "unknown key 'database'");
}

TEST(Config, MalformedTomlIsAnErrorWithLine) {
  TempDir dir;
  auto file = dir.write("retort.toml", "migrations = \"m\"\nversion_table = \n");
  expect_config_error(file, 2, "malformed TOML");
}

TEST(Config, UnterminatedStringIsAnErrorWithLine) {
  TempDir dir;
  auto file = dir.write("retort.toml", "\n\n\nurl = \"sqlite:///a.db\n");
  expect_config_error(file, 4, "malformed TOML");
}

TEST(Config, WrongTypeIsAnErrorWithLine) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"sqlite:///a.db\"\nversion_table = 5\n");
  expect_config_error(file, 2, "'version_table' must be a string");
}

TEST(Config, ArrayForMigrationsIsAWrongType) {
  TempDir dir;
  auto file = dir.write("retort.toml", "migrations = [\"a\", \"b\"]\n");
  expect_config_error(file, 1, "'migrations' must be a string");
}

TEST(Config, LockTimeoutMustBeANonNegativeNumber) {
  TempDir dir;
  expect_config_error(dir.write("neg.toml", "lock_timeout_seconds = -1\n"), 1, "'lock_timeout_seconds' must be a number");
  expect_config_error(dir.write("str.toml", "\nlock_timeout_seconds = \"10\"\n"), 2,
                      "'lock_timeout_seconds' must be a number");
}

TEST(Config, LockTimeoutAcceptsIntegersAndFractions) {
  TempDir dir;
  EXPECT_EQ(retort::load_config(with_file(dir.write("i.toml", "lock_timeout_seconds = 10\n")), k_no_env).lock_timeout,
            std::chrono::milliseconds(10000));
  EXPECT_EQ(retort::load_config(with_file(dir.write("f.toml", "lock_timeout_seconds = 2.5\n")), k_no_env).lock_timeout,
            std::chrono::milliseconds(2500));
  auto o = with_file(dir.write("o.toml", "lock_timeout_seconds = 10\n"));
  o.lock_timeout = std::chrono::milliseconds(1234);
  EXPECT_EQ(retort::load_config(o, k_no_env).lock_timeout, std::chrono::milliseconds(1234));
}

TEST(Config, EmptyTableNameIsAnError) {
  TempDir dir;
  auto file = dir.write("retort.toml", "history_table = \"\"\n");
  try {
    (void)retort::load_config(with_file(file), k_no_env);
    ADD_FAILURE() << "an empty history_table was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("table names must not be empty"), std::string::npos) << e.what();
  }
}

TEST(Config, ExplicitConfigThatDoesNotExistIsAnError) {
  TempDir dir;
  const fs::path missing = dir.path() / "nope" / "retort.toml";
  try {
    (void)retort::load_config(with_file(missing), k_no_env);
    ADD_FAILURE() << "a missing --config was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST(Config, RelativePathsResolveAgainstTheConfigFilesFolder) {
  TempDir dir;
  TempDir elsewhere;
  auto file = dir.write("project/conf/retort.toml",
                        "migrations = \"../db/migrations\"\nschema_file = \"schema/desired.sql\"\n");
  ChangeDir cd(elsewhere.path());  // the current folder must not matter
  retort::Config c = retort::load_config(with_file(file), k_no_env);
  EXPECT_EQ(c.config_file, file);
  EXPECT_EQ(c.base_dir, dir.path() / "project" / "conf");
  EXPECT_EQ(c.migrations_dir, dir.path() / "project" / "db" / "migrations");
  EXPECT_EQ(c.schema_file, dir.path() / "project" / "conf" / "schema" / "desired.sql");
}

TEST(Config, RelativeConfigOptionIsMadeAbsolute) {
  TempDir dir;
  dir.write("sub/retort.toml", "migrations = \"mig\"\n");
  ChangeDir cd(dir.path());
  retort::Config c = retort::load_config(with_file("sub/retort.toml"), k_no_env);
  EXPECT_EQ(c.config_file, dir.path() / "sub" / "retort.toml");
  EXPECT_EQ(c.migrations_dir, dir.path() / "sub" / "mig");
}

TEST(Config, AbsoluteMigrationsPathIsKept) {
  TempDir dir;
  auto file = dir.write("retort.toml", "migrations = \"/srv/app/migrations\"\n");
  EXPECT_EQ(retort::load_config(with_file(file), k_no_env).migrations_dir, fs::path("/srv/app/migrations"));
}

TEST(Config, MigrationsOptionIsRelativeToTheCurrentFolderNotTheFile) {
  TempDir dir;
  TempDir cwd;
  auto file = dir.write("retort.toml", "migrations = \"from_file\"\n");
  ChangeDir cd(cwd.path());
  auto o = with_file(file);
  o.migrations_dir = "from_cli";
  EXPECT_EQ(retort::load_config(o, k_no_env).migrations_dir, cwd.path() / "from_cli");
}

TEST(Config, TableNamesSchemaAndDevUrlAreRead) {
  TempDir dir;
  auto file = dir.write("retort.toml",
                        "version_table = \"alembic_version\"\n"
                        "version_table_schema = \"ops\"\n"
                        "history_table = \"ops_history\"\n"
                        "dev_url = \"postgresql://dev@localhost/scratch\"\n");
  retort::Config c = retort::load_config(with_file(file), k_no_env);
  EXPECT_EQ(c.version_table, "alembic_version");
  EXPECT_EQ(c.version_schema, "ops");
  EXPECT_EQ(c.history_table, "ops_history");
  EXPECT_EQ(c.dev_url, "postgresql://dev@localhost/scratch");
  EXPECT_EQ(c.url, "");
}

TEST(Config, UnsupportedUrlSchemeIsAConfigErrorWithoutThePassword) {
  TempDir dir;
  auto file = dir.write("retort.toml", "url = \"mysql://root:topsecret@db/app\"\n");
  try {
    (void)retort::load_config(with_file(file), k_no_env);
    ADD_FAILURE() << "mysql:// was accepted";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("mysql://root:****@db/app"), std::string::npos) << e.what();
  }
}

TEST(Config, DefaultConfigTextLoadsToTheDefaults) {
  TempDir dir;
  auto file = dir.write("retort.toml", retort::default_config_text());
  retort::Config c = retort::load_config(with_file(file), k_no_env);
  EXPECT_EQ(c.url, "");
  EXPECT_EQ(c.migrations_dir, dir.path() / "migrations");
  EXPECT_EQ(c.version_table, "retort_version");
  EXPECT_EQ(c.history_table, "retort_history");
  EXPECT_EQ(c.schema_file, dir.path() / "schema.sql");
  EXPECT_EQ(c.dev_url, "pgtemp://");
  EXPECT_EQ(c.lock_timeout, std::chrono::milliseconds(60000));
}

TEST(Config, NonAsciiInStringsAndCommentsIsAccepted) {
  TempDir dir;
  auto file = dir.write("retort.toml", "# café\nurl = \"postgresql://zoë:pässwörd@localhost/db\" # naïve\n"
                                       "history_table = '''\nrétort_history'''\n");
  retort::Config c = retort::load_config(with_file(file), k_no_env);
  EXPECT_EQ(c.url, "postgresql://zoë:pässwörd@localhost/db");
  EXPECT_EQ(c.history_table, "rétort_history");
}

TEST(Config, NonAsciiOutsideStringsIsAnErrorWithLine) {
  TempDir dir;
  // U+FEFB where TOML expects whitespace made toml++ 3.3 reach undefined behaviour (found by fuzzing).
  auto file = dir.write("retort.toml", "url = \"x\"\nmigrations\xEF\xBB\xBB= \"m\"\n");
  expect_config_error(file, 2, "non-ASCII character outside a string or comment");
}

TEST(Config, TheNearestRetortTomlAboveTheCurrentFolderIsUsed) {
  TempDir dir;
  dir.write("retort.toml", "url = \"sqlite:///outer.db\"\nmigrations = \"m\"\n");
  dir.write("app/retort.toml", "url = \"sqlite:///inner.db\"\n");
  fs::create_directories(dir.path() / "app/src/deep");
  fs::create_directories(dir.path() / "other/deep");
  {
    ChangeDir cd(dir.path() / "app/src/deep");
    retort::Config c = retort::load_config({}, k_no_env);
    EXPECT_EQ(c.config_file, dir.path() / "app/retort.toml");
    EXPECT_EQ(c.url, "sqlite:///inner.db");
    EXPECT_EQ(c.migrations_dir, dir.path() / "app/migrations") << "relative to the file, not the current folder";
  }
  {
    ChangeDir cd(dir.path() / "other/deep");
    retort::Config c = retort::load_config({}, k_no_env);
    EXPECT_EQ(c.config_file, dir.path() / "retort.toml");
    EXPECT_EQ(c.migrations_dir, dir.path() / "m");
  }
  retort::ConfigOverrides from;
  from.search_from = dir.path() / "app/src";
  EXPECT_EQ(retort::load_config(from, k_no_env).config_file, dir.path() / "app/retort.toml");
  EXPECT_EQ(retort::find_config_file(dir.path() / "other"), dir.path() / "retort.toml");
}

TEST(Config, RetortConfigNamesTheFileAndTheConfigOptionWins) {
  TempDir dir;
  dir.write("retort.toml", "url = \"sqlite:///here.db\"\n");
  auto named = dir.write("elsewhere/prod.toml", "url = \"sqlite:///named.db\"\n");
  auto option = dir.write("elsewhere/option.toml", "url = \"sqlite:///option.db\"\n");
  ChangeDir cd(dir.path());
  auto env = env_of({{"RETORT_CONFIG", named.string()}});
  EXPECT_EQ(retort::load_config({}, env).url, "sqlite:///named.db");
  EXPECT_EQ(retort::load_config(with_file(option), env).url, "sqlite:///option.db");
  try {
    retort::load_config({}, env_of({{"RETORT_CONFIG", (dir.path() / "typo.toml").string()}}));
    FAIL() << "a RETORT_CONFIG that does not exist is an error";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    EXPECT_NE(std::string(e.what()).find("typo.toml' (RETORT_CONFIG) does not exist"), std::string::npos) << e.what();
  }
}

TEST(Config, UrlLineIsKeptForMessagesAndClearedWhenOverridden) {
  TempDir dir;
  auto file = dir.write("retort.toml", "# project\n\nurl = \"sqlite:///a.db\"\n");
  EXPECT_EQ(retort::load_config(with_file(file), k_no_env).url_line, 3);
  EXPECT_EQ(retort::load_config(with_file(file), env_of({{"DATABASE_URL", "sqlite:///b.db"}})).url_line, 0);
}

TEST(Config, UnknownKeySuggestsTheClosestKnownOne) {
  TempDir dir;
  auto file = dir.write("retort.toml", "versoin_table = \"alembic_version\"\n");
  expect_config_error(file, 1, "unknown key 'versoin_table' (did you mean 'version_table'?)");
  auto far = dir.write("far.toml", "colour = \"blue\"\n");
  try {
    retort::load_config(with_file(far), k_no_env);
    FAIL();
  } catch (const retort::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("did you mean"), std::string::npos) << e.what();
  }
}
