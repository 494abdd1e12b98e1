// Brings a database to the head of a migrations folder, as a service does at start-up:
//   consumer DATABASE_URL MIGRATIONS_DIR
// The config is built in code: no retort.toml, no environment and no cache are read or written.
#include <cstdio>
#include <exception>

#include "retort/commands.hpp"
#include "retort/error.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer DATABASE_URL MIGRATIONS_DIR\n");
    return 2;
  }
  try {
    retort::Config config;
    config.url = argv[1];
    config.migrations_dir = argv[2];
    const retort::Project project(config);
    auto db = retort::connect(config.url);
    const retort::RunResult result = retort::upgrade(project, *db, {});
    for (const auto& step : result.applied) {
      std::printf("applied %s in %lld ms\n", step.revision.c_str(), static_cast<long long>(step.duration.count()));
    }
    for (const auto& head : result.heads_now) std::printf("at %s\n", head.c_str());
    return 0;
  } catch (const retort::Error& e) {
    std::fprintf(stderr, "migration failed: %s\n", e.what());
    return 1;
  }
}
