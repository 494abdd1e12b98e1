#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "retort/error.hpp"
#include "retort/migration.hpp"

namespace fs = std::filesystem;

namespace retort {

std::vector<Migration> load_migration_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error(ErrorCode::io, fmt::format("migrations folder '{}' does not exist (run 'retort init' or set "
                                           "'migrations' in retort.toml)", dir.string()));
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql" && entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Migration> out;
  out.reserve(files.size());
  std::string text;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::io, fmt::format("cannot read {}", file.string()), ErrorContext{.file = file.string()});
    in.seekg(0, std::ios::end);
    text.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    out.push_back(parse_migration(text, file));
  }
  return out;
}

} // namespace retort
