#include "pgquery/inspect.hpp"

#include <pg_query.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>

#include "retort/error.hpp"

namespace retort::pgquery {
namespace {

struct ParseResultFree {
  void operator()(PgQueryParseResult* r) const noexcept {
    pg_query_free_parse_result(*r);
    delete r;
  }
};

bool flag(const nlohmann::json& node, const char* key) { return node.contains(key) && node[key].is_boolean() && node[key].get<bool>(); }

bool has_defelem(const nlohmann::json& node, const char* list, const char* name) {
  if (!node.contains(list)) return false;
  for (const auto& item : node[list]) {
    if (item.contains("DefElem") && item["DefElem"].value("defname", "") == name) return true;
  }
  return false;
}

} // namespace

StatementFacts inspect(std::string_view statement) {
  std::string text(statement);
  std::unique_ptr<PgQueryParseResult, ParseResultFree> result(new PgQueryParseResult(pg_query_parse(text.c_str())));
  if (result->error != nullptr) {
    throw Error(ErrorCode::migration_file, fmt::format("the SQL does not parse: {}", result->error->message));
  }
  StatementFacts facts;
  auto tree = nlohmann::json::parse(result->parse_tree);
  if (!tree.contains("stmts") || tree["stmts"].empty()) return facts;
  const auto& stmt = tree["stmts"][0]["stmt"];
  if (!stmt.is_object() || stmt.empty()) return facts;
  facts.kind = stmt.begin().key();
  const auto& node = stmt.begin().value();
  const std::string& k = facts.kind;
  if (k == "IndexStmt") {
    if (node.contains("relation")) facts.index_schema = node["relation"].value("schemaname", "");
    facts.index_name = node.value("idxname", "");
    if (flag(node, "concurrent")) facts.no_transaction = "CREATE INDEX CONCURRENTLY";
  } else if (k == "ReindexStmt" && has_defelem(node, "params", "concurrently")) {
    facts.no_transaction = "REINDEX CONCURRENTLY";
  } else if (k == "DropStmt" && flag(node, "concurrent")) {
    facts.no_transaction = "DROP INDEX CONCURRENTLY";
  } else if (k == "VacuumStmt" && flag(node, "is_vacuumcmd")) {
    facts.no_transaction = "VACUUM";
  } else if (k == "CreatedbStmt") {
    facts.no_transaction = "CREATE DATABASE";
  } else if (k == "DropdbStmt") {
    facts.no_transaction = "DROP DATABASE";
  } else if (k == "AlterSystemStmt") {
    facts.no_transaction = "ALTER SYSTEM";
  } else if (k == "CreateTableSpaceStmt") {
    facts.no_transaction = "CREATE TABLESPACE";
  } else if (k == "DropTableSpaceStmt") {
    facts.no_transaction = "DROP TABLESPACE";
  } else if (k == "ClusterStmt" && !node.contains("relation")) {
    facts.no_transaction = "CLUSTER without a table";
  } else if (k == "CreateSubscriptionStmt") {
    facts.no_transaction = "CREATE SUBSCRIPTION";
  } else if (k == "DropSubscriptionStmt") {
    facts.no_transaction = "DROP SUBSCRIPTION";
  } else if (k == "TransactionStmt") {
    facts.transaction_control = true;
  }
  return facts;
}

} // namespace retort::pgquery
