// plan/unknown_row.hpp — the one message for a version row that no migration file has.
#pragma once

#include <fmt/format.h>

#include <string>

#include "retort/error.hpp"

namespace retort {

/// A version row names a revision the folder does not have: most often the database was brought
/// further by newer code (another branch, a later deploy) or a file is missing from this checkout.
/// Say that first; resetting the rows is the last resort, not the advice.
[[noreturn]] inline void throw_unknown_version_row(const std::string& id) {
  throw Error(ErrorCode::version_table,
              fmt::format("the database is at revision '{}', which no file in the migrations folder has: the database "
                          "is ahead of this folder (it was migrated by newer code than this checkout, or the file "
                          "of '{}' is missing here). Run this from the newer code or restore the file; only if the "
                          "revision is truly gone (or this is another project's database), 'stamp --purge' "
                          "replaces the version rows ('retort stamp --purge REV')",
                          id, id),
              ErrorContext{.revision = id});
}

} // namespace retort
