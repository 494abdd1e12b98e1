// The test run's own environment: a private cache folder, so that tests never read or leave
// folder caches in the user's home.
#include <stdlib.h>

#include <filesystem>

namespace retort::test {
namespace {

struct PrivateCacheHome {
  PrivateCacheHome() {
    char pattern[] = "/tmp/retort-cache-XXXXXX";
    if (mkdtemp(pattern) != nullptr) {
      dir = pattern;
      setenv("XDG_CACHE_HOME", pattern, 1);
    }
  }
  ~PrivateCacheHome() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
};

const PrivateCacheHome k_cache_home;

} // namespace
} // namespace retort::test
