// api/scratch.cpp — empty databases on the dev server, for replaying migrations and schema files.
#include <atomic>
#include <random>

#include <fmt/format.h>
#include <unistd.h>

#include "retort/error.hpp"
#include "retort/schema_commands.hpp"
#include "retort/temp_cluster.hpp"
#include "retort/url.hpp"

namespace retort {

namespace {

std::string scratch_name() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return fmt::format("retort_scratch_{}_{:x}_{}", ::getpid(), salt & 0xffffu, ++counter);
}

} // namespace

ScratchDatabases::ScratchDatabases(std::string dev_url) : m_dev_url(std::move(dev_url)) {
  if (m_dev_url.empty()) m_dev_url = "pgtemp://";
  if (url_kind(m_dev_url) == UrlKind::sqlite) {
    throw Error(ErrorCode::config, fmt::format("dev_url {} is SQLite: the schema commands need a PostgreSQL server "
                                               "(pgtemp:// starts a private one)", mask_url(m_dev_url)));
  }
  // Nothing starts or connects here: a command that reads only live databases (dump URL, diff URL
  // URL) needs no scratch database, and pgtemp:// would start a whole cluster for nothing.
}

ScratchDatabases::~ScratchDatabases() {
  if (m_cluster || m_created.empty()) return;  // a private cluster goes with its databases
  try {
    auto admin = connect(m_dev_url);
    for (const auto& name : m_created) admin->execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name));
  } catch (...) {
    // Best effort: a scratch database left behind has a recognizable name (retort_scratch_…).
  }
}

std::string ScratchDatabases::create() {
  if (url_kind(m_dev_url) == UrlKind::pgtemp && !m_cluster) m_cluster = std::make_unique<TempCluster>();
  std::string name = scratch_name();
  auto admin = connect(m_cluster ? m_cluster->url() : m_dev_url);
  try {
    admin->execute(fmt::format("CREATE DATABASE {} TEMPLATE template0", name));
  } catch (const Error& e) {
    throw Error(ErrorCode::connection,
                fmt::format("cannot create a scratch database on {} (dev_url): {}", mask_url(m_dev_url), e.what()),
                e.context());
  }
  m_created.push_back(name);
  return m_cluster ? m_cluster->url(name) : url_with_database(m_dev_url, name);
}

} // namespace retort
