// retort/embedded.hpp — migrations compiled into a program by retort_embed_migrations()
// (cmake/embed.cmake): the files' bytes as they were in the folder, parsed at run time exactly as
// the CLI parses the folder, so both record the same checksums. docs/embedding.md.
#pragma once

#include <cstddef>
#include <vector>

#include "retort/migration.hpp"

namespace retort {

/// One migration file compiled in: its name in the folder and its bytes.
struct EmbeddedFile {
  const char* name;
  const char* text;
  std::size_t size;
};

/// A migrations folder compiled in, its files sorted by name as the folder is read.
struct EmbeddedMigrations {
  const char* name;  ///< the NAME given to retort_embed_migrations
  const EmbeddedFile* files;
  std::size_t count;
};

/// The migrations of an embedded folder, parsed (bodies included). Each one's `file` is
/// "NAME/0001_x.sql". Throws what parse_migration throws, naming that file.
std::vector<Migration> load_embedded(const EmbeddedMigrations& set);

} // namespace retort
