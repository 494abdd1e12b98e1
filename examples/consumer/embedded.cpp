// A service's start-up with its migrations compiled in (retort_embed_migrations(... NAME app)):
//   consumer_embedded DATABASE_URL
// Prints what start-up found and did; exits 1 with the error when the database cannot be brought
// to head, 3 when it is ahead of these migrations.
#include <cstdio>

#include "retort/embedded.hpp"
#include "retort/error.hpp"
#include "retort/service.hpp"
#include "retort_embedded/app.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer_embedded DATABASE_URL\n");
    return 2;
  }
  try {
    retort::Config config;
    config.url = argv[1];
    const retort::Project project(config, retort::load_embedded(retort::embedded::app));
    auto db = retort::connect(config.url);
    const auto started = retort::upgrade_at_startup(project, *db);
    switch (started.outcome) {
      case retort::StartupOutcome::current: std::printf("current\n"); break;
      case retort::StartupOutcome::migrated:
        for (const auto& step : started.run.applied) std::printf("applied %s\n", step.revision.c_str());
        break;
      case retort::StartupOutcome::database_ahead:
        std::fprintf(stderr, "the database is ahead of this build\n");
        return 3;
    }
    return 0;
  } catch (const retort::Error& e) {
    std::fprintf(stderr, "migration failed: %s\n", e.what());
    return 1;
  }
}
