// migration/embedded.cpp — migrations compiled into the program, parsed as the folder's files are.
#include "retort/embedded.hpp"

#include <string>
#include <string_view>

namespace retort {

std::vector<Migration> load_embedded(const EmbeddedMigrations& set) {
  std::vector<Migration> out;
  out.reserve(set.count);
  for (std::size_t i = 0; i < set.count; ++i) {
    const auto& f = set.files[i];
    out.push_back(parse_migration(std::string_view(f.text, f.size), std::string(set.name) + "/" + f.name));
  }
  return out;
}

} // namespace retort
