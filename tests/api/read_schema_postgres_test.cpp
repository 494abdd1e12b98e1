// Reading a schema source for the schema commands (read_schema in src/api/schema_commands.cpp)
// against the run's PostgreSQL: the read's connections stay open, idle, for as long as the caller
// keeps the result, and go with it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/schema_commands.hpp"
#include "support/postgres.hpp"

namespace retort {
namespace {

class ReadSchemaPostgres : public ::testing::Test {
protected:
  void SetUp() override {
    m_url = test::fresh_database();
    m_admin = connect(m_url);
    m_admin->execute("CREATE TABLE public.t (id int PRIMARY KEY)");
  }

  /// The sessions on this test's database other than the test's own.
  int other_sessions() {
    return std::stoi(m_admin
                         ->query("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = "
                                 "pg_catalog.current_database() AND pid <> pg_catalog.pg_backend_pid()",
                                 {})
                         .at(0)
                         .at(0)
                         .value_or("0"));
  }

  /// Waits (up to 5 s) for the other sessions to end: a closed connection's backend exits on its own time.
  int other_sessions_once_settled() {
    for (int i = 0; i < 500 && other_sessions() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return other_sessions();
  }

  std::string m_url;
  std::unique_ptr<Connection> m_admin;
};

TEST_F(ReadSchemaPostgres, KeepsTheReadsTwoConnectionsOpenUntilTheResultGoes) {
  const Config config;
  ScratchDatabases scratch(config.dev_url);  // not used: the source is a url
  {
    const auto read = read_schema(SchemaSource{m_url}, config, nullptr, scratch);
    EXPECT_EQ(read.db.tables.size(), 1u);
    EXPECT_EQ(read.sessions.size(), 2u);
    EXPECT_EQ(other_sessions(), 2);
  }
  EXPECT_EQ(other_sessions_once_settled(), 0);
}

TEST_F(ReadSchemaPostgres, KeepsTheOneConnectionOfAOneSessionRead) {
  const Config config;
  ScratchDatabases scratch(config.dev_url);
  {
    const auto read = read_schema(SchemaSource{m_url}, config, nullptr, scratch, {.sessions = 1});
    EXPECT_EQ(read.db.tables.size(), 1u);
    EXPECT_EQ(read.sessions.size(), 1u);
    EXPECT_EQ(other_sessions(), 1);
  }
  EXPECT_EQ(other_sessions_once_settled(), 0);
}

} // namespace
} // namespace retort
