// diff/acl.hpp — access control lists as the server prints them ("reader=r*w/owner"), read into
// who holds which privilege, and compared grantee by grantee.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retort/schema.hpp"

namespace retort::schema::acl {

/// What kind of object an ACL belongs to: it decides the defaults and the privilege keywords.
enum class ObjectClass { relation, sequence, routine, type, schema };

/// One grantee's privileges: each privilege letter (aclitem's: r, w, a, d, D, x, t, m, X, U, C, …)
/// and whether it was granted WITH GRANT OPTION.
struct Holding {
  std::map<char, bool> privileges;   ///< letter → grant option
  bool operator==(const Holding&) const = default;
};

/// Grantee ("" is PUBLIC) → what it holds. The grantor is left out: a migration grants as the role
/// that runs it, and PostgreSQL records the object's owner as grantor for a superuser's grants.
using Grants = std::map<std::string, Holding>;

/// Reads aclitem texts. Throws Error(ErrorCode::internal) on text that is not an aclitem.
Grants parse(const std::vector<std::string>& items);

/// The privileges PostgreSQL gives when the ACL is empty (NULL): everything to the owner, and
/// EXECUTE (routines) or USAGE (types) to PUBLIC.
Grants defaults(ObjectClass cls, const std::string& owner);

/// The ACL in effect: `p.acl`, or the defaults when it is empty.
Grants effective(ObjectClass cls, const Privileges& p);

/// After ALTER … OWNER TO: PostgreSQL hands the old owner's privileges to the new owner.
Grants with_new_owner(Grants grants, const std::string& old_owner, const std::string& new_owner);

/// Whether the owner holds every privilege the kind has (PostgreSQL 17 added MAINTAIN to tables:
/// an owner holding the others holds "all" on every major).
bool holds_all(ObjectClass cls, const Holding& h);

/// The GRANT and REVOKE statements that turn `from` into `to` on `object` ("TABLE public.t",
/// "SCHEMA app", "TABLES" after ALTER DEFAULT PRIVILEGES, …), grantee by grantee. `owner` is the
/// object's owner once the change has run ("" for column grants: no owner's defaults there).
/// With `column`, the privileges are that column's ("SELECT (title)").
std::vector<std::string> statements(ObjectClass cls, const std::string& object, const std::string& owner,
                                    const Grants& from, const Grants& to, const std::string& column = "");

/// The keyword of a privilege letter: 'r' → "SELECT".
std::string_view keyword(char letter);

} // namespace retort::schema::acl
