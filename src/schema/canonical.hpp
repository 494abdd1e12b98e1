// schema/canonical.hpp — whether a model is already in canonicalize()'s order (internal).
#pragma once

#include "retort/schema.hpp"

namespace retort::schema {

/// Whether canonicalize(db) would leave `db` exactly as it is: every list strictly in id (or name)
/// order, dependencies sorted with no two for the same pair of ids. Lets the diff use a model as it
/// is instead of canonicalizing a copy.
bool is_canonical(const Database& db);

} // namespace retort::schema
