// Access privileges as the server prints them, and the GRANT/REVOKE between two of them (no database).
#include <gtest/gtest.h>

#include "diff/acl.hpp"
#include "retort/error.hpp"

namespace retort::schema::acl {
namespace {

TEST(Acl, ParsesGranteesPrivilegesAndGrantOptions) {
  Grants g = parse({"=U/owner", "owner=UC/owner", "\"odd \"\"name\"=r*w/owner", "reader=r/owner"});
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[""].privileges, (std::map<char, bool>{{'U', false}}));
  EXPECT_EQ(g["odd \"name"].privileges, (std::map<char, bool>{{'r', true}, {'w', false}}));
  EXPECT_EQ(g["reader"].privileges, (std::map<char, bool>{{'r', false}}));
}

TEST(Acl, MalformedItemIsAnInternalError) {
  EXPECT_THROW(parse({"reader"}), Error);
  EXPECT_THROW(parse({"reader=r?/owner"}), Error);
  EXPECT_THROW(parse({"\"unterminated=r/owner"}), Error);
}

TEST(Acl, EmptyAclMeansTheDefaultsOfItsKind) {
  Privileges routine{"owner", {}};
  Grants g = effective(ObjectClass::routine, routine);
  EXPECT_EQ(g[""].privileges.count('X'), 1u);  // PUBLIC may execute a new function
  EXPECT_TRUE(holds_all(ObjectClass::routine, g["owner"]));
  Grants table = effective(ObjectClass::relation, Privileges{"owner", {}});
  EXPECT_EQ(table.count(""), 0u);  // PUBLIC has nothing on a new table
}

TEST(Acl, OwnerHoldingEveryPrivilegeEqualsTheDefaultsOnEveryMajor) {
  // PostgreSQL 17 prints the owner's defaults with MAINTAIN ('m'); older majors without it.
  Grants v17 = parse({"owner=arwdDxtm/owner"});
  EXPECT_TRUE(statements(ObjectClass::relation, "TABLE t", "owner", defaults(ObjectClass::relation, "owner"), v17).empty());
  EXPECT_TRUE(statements(ObjectClass::relation, "TABLE t", "owner", v17, defaults(ObjectClass::relation, "owner")).empty());
}

TEST(Acl, GrantsAndRevokesOnlyWhatDiffers) {
  Grants from = parse({"owner=arwdDxt/owner", "reader=rw/owner", "auditor=r*/owner"});
  Grants to = parse({"owner=arwdDxt/owner", "reader=ra*/owner", "auditor=r/owner", "=r/owner"});
  auto sql = statements(ObjectClass::relation, "TABLE public.t", "owner", from, to);
  EXPECT_EQ(sql, (std::vector<std::string>{
                     "GRANT SELECT ON TABLE public.t TO PUBLIC",
                     "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM auditor",
                     "REVOKE UPDATE ON TABLE public.t FROM reader",
                     "GRANT INSERT ON TABLE public.t TO reader WITH GRANT OPTION",
                 }));
}

TEST(Acl, OwnerLosingAPrivilegeRevokesAllThenGrantsTheRest) {
  auto sql = statements(ObjectClass::relation, "TABLE t", "owner", defaults(ObjectClass::relation, "owner"),
                        parse({"owner=arwdxt/owner"}));
  EXPECT_EQ(sql, (std::vector<std::string>{"REVOKE ALL ON TABLE t FROM owner",
                                           "GRANT INSERT, SELECT, UPDATE, DELETE, REFERENCES, TRIGGER ON TABLE t TO owner"}));
}

TEST(Acl, NewOwnerTakesOverTheOldOwnersPrivileges) {
  Grants g = with_new_owner(parse({"old=arwdDxt/old", "new=r/old", "reader=r/old"}), "old", "new");
  EXPECT_EQ(g.count("old"), 0u);
  EXPECT_TRUE(holds_all(ObjectClass::relation, g["new"]));
  EXPECT_EQ(g["reader"].privileges.size(), 1u);
}

TEST(Acl, RoleNamesAreQuotedWhenNeeded) {
  auto sql = statements(ObjectClass::schema, "SCHEMA app", "owner", {}, parse({"\"Odd Role\"=U/owner"}));
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_EQ(sql[0], "GRANT USAGE ON SCHEMA app TO \"Odd Role\"");
}

} // namespace
} // namespace retort::schema::acl
