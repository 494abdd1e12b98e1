#include "core/sha256.hpp"
#include "migration/text.hpp"
#include "retort/migration.hpp"

namespace retort {

std::string migration_checksum(const Migration& migration) {
  // Version 1 (docs/checksums.md): "retort-checksum-1\n" + parents, comma-joined in file order,
  // + "\n" + the normalized up section.
  std::string input = "retort-checksum-1\n";
  for (std::size_t i = 0; i < migration.down_revisions.size(); ++i) {
    if (i > 0) input += ',';
    input += migration.down_revisions[i];
  }
  input += '\n';
  if (migration.code_version.empty()) {
    input += normalize_for_checksum(migration.up_sql);
  } else {
    // A code migration's steps are not in the file (its sections hold comments only): its version,
    // which the author bumps when the function changes, stands for them.
    input += "code:" + migration.code_version;
  }
  return sha256_hex(input);
}

} // namespace retort
