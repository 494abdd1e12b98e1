// driver/postgres/pg_introspect.cpp — the catalog read: transactions, sessions, batches.
//
// The SQL is in pg_catalog_queries.cpp, the sessions in pg_catalog_session.cpp, decoding the rows
// into the model in pg_catalog_model.cpp, the dependency resolution in pg_dependencies.cpp.
#include "driver/postgres/pg_introspect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "driver/postgres/pg_catalog_model.hpp"
#include "driver/postgres/pg_catalog_session.hpp"
#include "driver/postgres/pg_read_plan.hpp"
#include "retort/database.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

using pg::Catalog;
using pg::CatalogResult;
using pg::CatalogRows;
using pg::CatalogSession;
using pg::Part;
using pg::PartBoard;
using pg::Reader;

constexpr std::string_view k_savepoint = "retort_introspect";
constexpr std::string_view k_begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// What the catalog queries of one read take as parameters (pg_catalog_queries.hpp).
struct ReadFilters {
  std::string schemas;    ///< $1, text[]
  std::string excluded;   ///< $2, oid[]: the tables left out
  std::string split;      ///< $3 of a half: the oid between the halves
};

/// The statements of `parts`, with their parameters.
std::vector<BatchStatement> catalog_statements(const pg::ServerFacts& server, const ReadFilters& filters,
                                               const std::vector<Part>& parts) {
  std::vector<BatchStatement> out;
  for (const auto& p : parts) {
    std::vector<Value> params;
    if (pg::takes_filters(p.query)) params.emplace_back(filters.schemas);
    if (pg::leaves_out_tables(p.query)) params.emplace_back(filters.excluded);
    if (p.half != pg::Half::whole) params.emplace_back(filters.split);
    out.push_back({pg::catalog_sql(p.query, server, p.half), std::move(params)});
  }
  return out;
}

/// Moves the results of `parts`, which start at `first` in `results`, into `rows`.
void keep(std::vector<CatalogResult>& results, std::size_t first, const std::vector<Part>& parts, CatalogRows& rows) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    rows[static_cast<std::size_t>(parts[i].query)].push_back(std::move(results.at(first + i)));
  }
}

/// Closes what a failed batch left open and aborted (our transaction, or our savepoint in the
/// caller's); never throws: a connection that is gone has rolled back already.
void roll_back(CatalogSession& session, bool nested) noexcept {
  try {
    session.execute(nested ? fmt::format("ROLLBACK TO SAVEPOINT {0}; RELEASE SAVEPOINT {0}", k_savepoint)
                           : std::string("ROLLBACK"));
  } catch (...) {
  }
}

/// A snapshot id as pg_export_snapshot() returns it ("00000003-0000001B-1"): SET TRANSACTION
/// SNAPSHOT takes a literal only, so it is checked before it goes into the statement.
bool plain_snapshot_id(std::string_view id) {
  return !id.empty() && id.size() < 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') || c == '-';
  });
}

/// Called with the functions query's rows as soon as they are in, on the thread that read them,
/// while the read goes on (the rows stay where they are: it must not keep a reference to them).
using FunctionsArrived = std::function<void(const CatalogResult&)>;

/// One read: the first session's transaction, and a second session when there is one.
class Read {
public:
  /// `schemas`: a text[] literal (pg::text_array).
  Read(CatalogSession& session, std::string schemas, FunctionsArrived functions_arrived)
      : m_session(session), m_filters{.schemas = std::move(schemas)}, m_functions_arrived(std::move(functions_arrived)) {}

  /// Opens the transaction (or the savepoint, `nested`): its settings, the facts the query texts
  /// and parameters need, and with `export_snapshot` the snapshot a second session can import
  /// (empty when it could not be exported). `exclude_tables`: the tables to leave out by name, a
  /// text[] literal. Throws as the session does, after closing what it opened.
  void open(int version, bool nested, bool export_snapshot, const std::string& exclude_tables) {
    m_nested = nested;
    m_server.version = version;
    std::vector<BatchStatement> batch{
        {nested ? fmt::format("SAVEPOINT {}", k_savepoint) : std::string(k_begin), {}},
        {std::string(pg::settings_sql()), {}},
        {std::string(pg::read_facts_sql()), {m_filters.schemas, exclude_tables}},
    };
    if (export_snapshot) batch.push_back({"SELECT pg_catalog.pg_export_snapshot()", {}});
    std::vector<CatalogResult> results;
    try {
      results = m_session.run(batch);
    } catch (const Error&) {
      roll_back(m_session, nested);
      if (!export_snapshot) throw;
      open(version, nested, false, exclude_tables);  // a server that cannot export snapshots: read alone
      return;
    }
    const auto& facts = results.at(2);
    m_server.reads_subscriptions = facts.text(0, pg::col_read_facts::subscriptions_readable) == "t";
    m_filters.excluded = std::string(facts.text(0, pg::col_read_facts::excluded));
    m_filters.split = std::string(facts.text(0, pg::col_read_facts::split));
    if (export_snapshot) m_snapshot = std::string(results.at(3).text(0, 0));
  }

  /// Every catalog query on the first session, then the end of its transaction (or savepoint).
  CatalogRows alone() {
    const auto order = pg::every_query();
    auto batch = catalog_statements(m_server, m_filters, order);
    if (m_nested) {
      batch.push_back({fmt::format("ROLLBACK TO SAVEPOINT {}", k_savepoint), {}});
      batch.push_back({fmt::format("RELEASE SAVEPOINT {}", k_savepoint), {}});
    } else {
      batch.push_back({"COMMIT", {}});
    }
    auto results = run_or_roll_back(batch);
    CatalogRows rows;
    keep(results, 0, order, rows);
    m_functions_arrived(rows[static_cast<std::size_t>(Catalog::functions)].at(0));
    return rows;
  }

  /// The catalog queries shared by two sessions (pg_read_plan.hpp): the first reads from now on;
  /// the second, once `opening` has connected it, imports the first one's snapshot and joins (or
  /// does not, and the first reads its parts too). Each session sends the parts planned for it
  /// alone in one round trip, then takes the shared ones one at a time. The first commits once both
  /// are done. Alone when there is no snapshot to share.
  CatalogRows together(std::future<std::unique_ptr<CatalogSession>> opening) {
    if (!plain_snapshot_id(m_snapshot)) {
      if (opening.valid()) opening.wait();
      return alone();
    }
    PartBoard board(pg::shared_plan());
    std::vector<CatalogResult> results(board.plan().size());
    std::exception_ptr failure;
    std::mutex failure_mutex;
    // parts in one round trip
    auto run_parts = [&](CatalogSession& session, const std::vector<std::size_t>& taken) {
      if (taken.empty()) return;
      std::vector<Part> parts;
      for (auto i : taken) parts.push_back(board.plan()[i].part);
      auto got = session.run(catalog_statements(m_server, m_filters, parts));
      for (std::size_t i = 0; i < taken.size(); ++i) {
        results[taken[i]] = std::move(got.at(i));
        if (parts[i].query == Catalog::functions) m_functions_arrived(results[taken[i]]);
      }
    };
    auto read_parts = [&](CatalogSession& session, Reader reader) {
      try {
        run_parts(session, board.take_own(reader));
        while (auto next = board.take(reader)) run_parts(session, {*next});
      } catch (...) {  // Error, or anything else: the other session stops too
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();  // the first failure is the one reported
        board.stop();
        return false;
      }
      return true;
    };
    auto second = std::async(std::launch::async, [&, opening = std::move(opening)]() mutable {
      std::unique_ptr<CatalogSession> session;
      try {
        session = opening.valid() ? opening.get() : nullptr;
        if (session && !board.stopped()) {
          session->run({{std::string(k_begin), {}},
                        {fmt::format("SET TRANSACTION SNAPSHOT '{}'", m_snapshot), {}},
                        {std::string(pg::settings_sql()), {}}});
        } else {
          session.reset();
        }
      } catch (...) {
        session.reset();  // no second session (too many connections, a pooler): the first reads alone
      }
      board.second_opened(session != nullptr);  // always: the first may be waiting for it
      if (session && read_parts(*session, Reader::second)) {
        try {
          session->execute("COMMIT");
        } catch (const Error&) {  // its rows are all read; closing the connection ends its transaction
        }
      }
    });
    read_parts(m_session, Reader::first);
    second.get();
    if (failure) {  // (both sessions are done: no lock needed)
      roll_back(m_session, false);
      std::rethrow_exception(failure);
    }
    run_or_roll_back({{"COMMIT", {}}});  // the snapshot had to stay exported until the second session took it
    CatalogRows rows;
    for (std::size_t i = 0; i < results.size(); ++i) {
      rows[static_cast<std::size_t>(board.plan()[i].part.query)].push_back(std::move(results[i]));
    }
    return rows;
  }

private:
  std::vector<CatalogResult> run_or_roll_back(const std::vector<BatchStatement>& batch) {
    try {
      return m_session.run(batch);
    } catch (const Error&) {
      roll_back(m_session, m_nested);
      throw;
    }
  }

  CatalogSession& m_session;
  ReadFilters m_filters;
  FunctionsArrived m_functions_arrived;
  pg::ServerFacts m_server;
  bool m_nested = false;
  std::string m_snapshot;
};

} // namespace

schema::Database PgIntrospector::read(const IntrospectOptions& options) {
  auto session = pg::catalog_session(m_connection);
  const int version = session->server_version();
  if (version < 130000) {
    throw Error(ErrorCode::refused, fmt::format("reading the schema needs PostgreSQL 13 or later; the server is {}", version));
  }
  const bool nested = session->in_transaction();
  const bool two = !nested && options.sessions > 1 && m_open_session;
  // the second session connects while the first opens its transaction
  std::future<std::unique_ptr<CatalogSession>> opening;
  if (two) {
    opening = std::async(std::launch::async, [open = m_open_session]() -> std::unique_ptr<CatalogSession> {
      try {
        auto connection = open();
        return connection ? pg::catalog_session(std::move(connection)) : nullptr;
      } catch (const Error&) {
        return nullptr;  // read alone
      }
    });
  }
  // The names the function bodies use are parsed on a thread of their own from the moment the
  // functions query's rows are in (the first session's first part), while the read goes on: the
  // parser allocates as much as the decoding does, and beside it both waited on the heap's lock.
  std::future<std::vector<std::vector<std::string>>> references;
  Read reading(*session, pg::text_array(options.schemas),
               [&references](const CatalogResult& functions) {
                 references = std::async(std::launch::async, [texts = pg::body_texts(functions)] {
                   return pg::body_references(texts);
                 });
               });
  reading.open(version, nested, two, pg::text_array(options.exclude_tables));
  CatalogRows rows = two ? reading.together(std::move(opening)) : reading.alone();

  auto whole = [&rows](Catalog query) -> const CatalogResult& { return rows[static_cast<std::size_t>(query)].at(0); };
  const auto depend = pg::read_depend_rows(whole(Catalog::dependencies));
  auto decoded = pg::decode_catalog(std::move(rows), depend, options.privileges);  // frees the rows as it goes
  decoded.db.server_version = version;
  decoded.db.dependencies = pg::resolve_dependencies(depend, decoded.ids, decoded.bodies, references.get(), decoded.db);
  schema::canonicalize(decoded.db);
  return std::move(decoded.db);
}

} // namespace retort
