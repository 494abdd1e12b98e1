// fuzz/fuzz_config.cpp — libFuzzer target: the input as a retort.toml, loaded with load_config and no environment.
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
    (void)retort::fuzz::config(input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_config: unexpected exception (not retort::Error): %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz_config: unexpected non-std exception\n");
    std::abort();
  }
  return 0;
}
