#include "driver/postgres/pg_connection.hpp"
#include "driver/sqlite/sqlite_connection.hpp"
#include "retort/database.hpp"
#include "retort/temp_cluster.hpp"
#include "retort/url.hpp"

namespace retort {

std::unique_ptr<Connection> connect(const std::string& url, Access mode) {
  switch (url_kind(url)) {
    case UrlKind::postgres:
      return std::make_unique<PgConnection>(url);
    case UrlKind::pgtemp: {
      auto cluster = std::make_unique<TempCluster>();
      std::string real = cluster->url();
      return std::make_unique<PgConnection>(real, std::move(cluster));
    }
    case UrlKind::sqlite:
      return std::make_unique<SqliteConnection>(url, mode);
  }
  return nullptr;
}

const Dialect& dialect_for(const std::string& url) {
  return url_kind(url) == UrlKind::sqlite ? sqlite_dialect() : postgres_dialect();
}

} // namespace retort
