// diff/privileges.hpp — owners and grants compared after everything else (DiffOptions::privileges).
#pragma once

#include "retort/diff.hpp"

namespace retort::schema {

/// Appends to `out` the OWNER TO, GRANT and REVOKE statements that give every object of `to` its
/// owner and privileges, once `out`'s other changes have run. An object that `out` creates or
/// recreates starts from what PostgreSQL gives a new object (the creator owns it; default
/// privileges), so it is always given its owner. Both models must have read privileges.
void add_privilege_changes(const Database& from, const Database& to, ChangeSet& out);

} // namespace retort::schema
