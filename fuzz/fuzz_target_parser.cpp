// fuzz/fuzz_target_parser.cpp — libFuzzer target: the input as an upgrade/downgrade/stamp target, a revision reference and a history range, resolved
// against a fixed revision graph from several version-table row sets.
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
    (void)retort::fuzz::target_parser(input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_target_parser: unexpected exception (not retort::Error): %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz_target_parser: unexpected non-std exception\n");
    std::abort();
  }
  return 0;
}
