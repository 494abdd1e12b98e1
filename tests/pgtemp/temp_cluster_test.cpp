// The throwaway cluster itself (src/pgtemp), on whichever server major RETORT_PG_BINDIR names.
#include <gtest/gtest.h>

#include "retort/database.hpp"
#include "retort/temp_cluster.hpp"
#include "support/postgres.hpp"

namespace retort {
namespace {

using test::scalar;

TEST(TempCluster, ARoleWithAPasswordLogsInOverTheSocket) {
  // pg_hba asks every role but the superuser for scram-sha-256; on 13 (whose default
  // password_encryption is md5) the password must still be stored as a SCRAM verifier.
  scalar(test::cluster().url(), "DO $$ BEGIN CREATE ROLE carol LOGIN PASSWORD 'carol-pw'; "
                                "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  EXPECT_EQ(scalar(test::cluster().url(), "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'carol'"),
            "SCRAM-SHA-256$");
  auto db = connect(test::cluster().url_as("carol", "carol-pw", "postgres"));
  auto rows = db->query("SELECT current_user", {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value_or(""), "carol");
}

} // namespace
} // namespace retort
