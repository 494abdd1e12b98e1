// driver/postgres/pg_in_flight.cpp — what became of a statement that ran alone when a run stopped,
// asked of PostgreSQL's catalog (docs/safety.md, "Exactly once").
#include "driver/postgres/pg_in_flight.hpp"

#include <fmt/format.h>

#include "pgquery/inspect.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

/// A qualified name as one text for to_regclass and messages: "s"."n", or "n" alone.
std::string quoted(const pgquery::QualifiedName& n) {
  auto q = [](const std::string& part) {
    std::string out = "\"";
    for (char c : part) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + '"';
  };
  return n.schema.empty() ? q(n.name) : q(n.schema) + "." + q(n.name);
}

} // namespace

PgInFlightSettler::PgInFlightSettler(PgConnection& session) : m_session(session) {}

InFlightOutcome PgInFlightSettler::settle(const Statement& statement, bool failed) {
  pgquery::StatementFacts facts;
  try {
    facts = pgquery::inspect(statement.sql);
  } catch (const Error&) {
    return {};
  }
  const std::string how = failed ? "failed" : "interrupted";
  InFlightOutcome out;
  // Drops INVALID indexes (found by `sql`, which returns their quoted names) concurrently, as the
  // statement itself would have built or dropped them.
  auto drop_invalid = [&](const std::string& sql, const std::vector<Value>& params, const std::string& left_by) {
    for (auto& row : m_session.query(sql, params)) {
      m_session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + *row.at(0));
      out.notes.push_back(fmt::format("dropped the INVALID index {} left by the {} {}", *row.at(0), how, left_by));
    }
  };
  if (facts.kind == "IndexStmt" && facts.no_transaction) {
    if (facts.index_name.empty()) {
      if (!failed) {
        out.notes.push_back("the interrupted CREATE INDEX CONCURRENTLY names no index, so the catalog cannot say "
                            "whether it completed; it runs again (name the index to make this exact)");
      }
      return out;
    }
    // The index lives in its table's schema; one of that name on another table is not this one.
    auto rows = m_session.query("SELECT i.indisvalid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                      "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE c.relname = $1 AND i.indrelid = to_regclass($2)",
                      {facts.index_name, quoted(facts.relation)});
    if (rows.empty()) {
      if (!failed) {
        out.notes.push_back(fmt::format("CREATE INDEX CONCURRENTLY {} had not created its index when the run stopped: "
                                        "it runs again",
                                        facts.index_name));
      }
      return out;
    }
    if (*rows[0].at(0) == "t") {
      if (!failed) {
        out.completed = true;
        out.notes.push_back(fmt::format("CREATE INDEX CONCURRENTLY {} had completed on the server (the index is valid): "
                                        "recorded as done, not run again",
                                        *rows[0].at(1)));
      }
      return out;
    }
    m_session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + *rows[0].at(1));
    out.notes.push_back(fmt::format("dropped the INVALID index {} left by the {} CREATE INDEX CONCURRENTLY", *rows[0].at(1), how));
    return out;
  }
  if (facts.kind == "DropStmt" && facts.no_transaction) {
    auto rows = m_session.query("SELECT to_regclass($1) IS NULL", {quoted(facts.object)});
    if (failed) return out;
    if (rows.at(0).at(0) == "t") {
      out.completed = true;
      out.notes.push_back(fmt::format("DROP INDEX CONCURRENTLY {} had completed on the server (the index is gone): "
                                      "recorded as done, not run again",
                                      quoted(facts.object)));
    } else {
      out.notes.push_back(fmt::format("DROP INDEX CONCURRENTLY {}: the index is still there, so it runs again",
                                      quoted(facts.object)));
    }
    return out;
  }
  if (facts.kind == "AlterTableStmt" && facts.no_transaction) {  // DETACH PARTITION … CONCURRENTLY
    if (m_session.server_version() < 140000) return out;  // no such statement (nor pg_inherits.inhdetachpending) before 14
    auto rows = m_session.query("SELECT to_regclass($2) IS NOT NULL, (SELECT i.inhdetachpending::text FROM pg_catalog.pg_inherits i "
                      "WHERE i.inhrelid = to_regclass($2) AND i.inhparent = to_regclass($1))",
                      {quoted(facts.relation), quoted(facts.object)});
    const bool exists = rows.at(0).at(0) == "t";
    const Value& pending = rows.at(0).at(1);
    if (exists && pending == "true") {
      // Its first transaction committed: only FINALIZE can finish it (running it again is refused).
      m_session.execute(fmt::format("ALTER TABLE {} DETACH PARTITION {} FINALIZE", quoted(facts.relation), quoted(facts.object)));
      out.completed = true;
      out.notes.push_back(fmt::format("the {} DETACH PARTITION {} CONCURRENTLY was pending: finished it with FINALIZE",
                                      how, quoted(facts.object)));
    } else if (exists && !pending && !failed) {
      out.completed = true;
      out.notes.push_back(fmt::format("DETACH PARTITION {} CONCURRENTLY had completed on the server: recorded as done, "
                                      "not run again",
                                      quoted(facts.object)));
    }
    return out;
  }
  if (facts.kind == "ReindexStmt" && facts.no_transaction) {
    // An interrupted REINDEX CONCURRENTLY leaves INVALID copies named <index>_ccnew[N] (the new
    // build) or _ccold[N] (the old index it could not drop); PostgreSQL's advice is to drop them.
    const bool one_index = !facts.object.name.empty();
    if (one_index || !facts.relation.name.empty()) {
      drop_invalid("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_catalog.pg_index i "
                   "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' AND i.indrelid = "
                   "CASE WHEN $2::boolean THEN (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = to_regclass($1)) "
                   "ELSE to_regclass($1) END AND (NOT $2::boolean OR starts_with(c.relname, $3))",
                   {quoted(one_index ? facts.object : facts.relation), one_index ? "true" : "false",
                    one_index ? facts.object.name + "_cc" : std::string()},
                   "REINDEX CONCURRENTLY");
    }
    return out;
  }
  if (facts.kind == "CreatedbStmt" || facts.kind == "DropdbStmt") {
    auto rows = m_session.query("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1)", {facts.object.name});
    const bool want = facts.kind == "CreatedbStmt";
    if (!failed && (rows.at(0).at(0) == "t") == want) {
      out.completed = true;
      out.notes.push_back(fmt::format("{} {} had completed on the server: recorded as done, not run again",
                                      want ? "CREATE DATABASE" : "DROP DATABASE", facts.object.name));
    }
    return out;
  }
  return out;  // VACUUM, ALTER SYSTEM, CALL…: the catalog cannot tell; run again
}

} // namespace retort
