// fuzz/fuzz_migration_file.cpp — libFuzzer target: parse_migration(input, "fuzz.sql"); when it parses, pgquery::split of its sections and migration_checksum.
// retort::Error is an expected rejection; any other exception, crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "entry_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    (void)retort::fuzz::migration_file(input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_migration_file: unexpected exception (not retort::Error): %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz_migration_file: unexpected non-std exception\n");
    std::abort();
  }
  return 0;
}
