// myagent_service: what the service does first when it starts. Brings the database (DATABASE_URL,
// else the development default) to head with the compiled-in migrations, logging to standard
// error; exits 1 when it cannot, so an orchestrator sees a failed start rather than a service
// running against the wrong schema. Then checks out a pooled connection to show the pool works.
#include <cstdio>
#include <iostream>

#include "connection_pool.hpp"
#include "database.hpp"
#include "retort/error.hpp"

int main() {
  const auto log = [](const std::string& line) { std::cerr << "myagent: " << line << '\n'; };
  if (!myagent::init_database(log)) return 1;
  try {
    myagent::ConnectionPool pool(myagent::database_url(), {.size = 4});
    auto db = pool.acquire();
    const auto rows = db->query("SELECT count(*) FROM projects");
    log("ready: " + rows.at(0).at(0).value_or("?") + " projects");
  } catch (const std::exception& e) {
    log(std::string("database unavailable: ") + e.what());
    return 1;
  }
  return 0;
}
