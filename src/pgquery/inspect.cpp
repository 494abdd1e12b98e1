#include "pgquery/inspect.hpp"

#include <pg_query.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <string>
#include <strings.h>

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

/// "a" or "s.a" from a list of String nodes (DropStmt objects).
std::string dotted(const nlohmann::json& list) {
  std::string out;
  const nlohmann::json* items = &list;
  if (list.contains("List")) items = &list["List"]["items"];
  if (!items->is_array()) return "?";
  for (const auto& item : *items) {
    if (!item.contains("String")) continue;
    if (!out.empty()) out += ".";
    out += item["String"].value("sval", item["String"].value("str", ""));
  }
  return out;
}

QualifiedName qualified(const nlohmann::json& rel) { return {rel.value("schemaname", ""), rel.value("relname", "")}; }

/// The last two of a list of String nodes (DropStmt objects): schema and name.
QualifiedName qualified_list(const nlohmann::json& list) {
  const nlohmann::json* items = &list;
  if (list.contains("List")) items = &list["List"]["items"];
  std::vector<std::string> parts;
  if (items->is_array()) {
    for (const auto& item : *items) {
      if (item.contains("String")) parts.push_back(item["String"].value("sval", item["String"].value("str", "")));
    }
  }
  if (parts.empty()) return {};
  if (parts.size() == 1) return {"", parts[0]};
  return {parts[parts.size() - 2], parts.back()};
}

/// ALTER TABLE … DETACH PARTITION … CONCURRENTLY: the partition's RangeVar, else nullptr.
const nlohmann::json* concurrent_detach(const nlohmann::json& node) {
  if (!node.contains("cmds")) return nullptr;
  for (const auto& cmd : node["cmds"]) {
    if (!cmd.contains("AlterTableCmd")) continue;
    const auto& c = cmd["AlterTableCmd"];
    if (c.value("subtype", "") != "AT_DetachPartition" || !c.contains("def") || !c["def"].contains("PartitionCmd")) continue;
    const auto& p = c["def"]["PartitionCmd"];
    if (flag(p, "concurrent") && p.contains("name")) return &p["name"];
  }
  return nullptr;
}

std::string relation_name(const nlohmann::json& rel) {
  std::string schema = rel.value("schemaname", "");
  return (schema.empty() ? "" : schema + ".") + rel.value("relname", "");
}

std::vector<std::string> drops_of(const std::string& kind, const nlohmann::json& node) {
  std::vector<std::string> out;
  if (kind == "DropStmt") {
    const std::string type = node.value("removeType", "");
    // Tables and schemas hold data; a sequence holds its counter. Views, indexes, functions and
    // types are rebuilt from their definitions.
    const char* what = type == "OBJECT_TABLE" ? "table" : type == "OBJECT_SCHEMA" ? "schema" : type == "OBJECT_SEQUENCE" ? "sequence" : nullptr;
    if (what == nullptr || !node.contains("objects")) return out;
    for (const auto& object : node["objects"]) {
      std::string name = object.contains("String") ? object["String"].value("sval", "") : dotted(object);
      out.push_back(type == "OBJECT_SCHEMA" ? fmt::format("schema {} (and every table in it)", name)
                                            : fmt::format("{} {}", what, name));
    }
  } else if (kind == "AlterTableStmt" && node.contains("cmds")) {
    const std::string table = node.contains("relation") ? relation_name(node["relation"]) : "?";
    for (const auto& cmd : node["cmds"]) {
      if (!cmd.contains("AlterTableCmd")) continue;
      const auto& c = cmd["AlterTableCmd"];
      if (c.value("subtype", "") == "AT_DropColumn") out.push_back(fmt::format("column {}.{}", table, c.value("name", "")));
    }
  } else if (kind == "TruncateStmt" && node.contains("relations")) {
    for (const auto& rel : node["relations"]) {
      if (rel.contains("RangeVar")) out.push_back(fmt::format("the rows of table {}", relation_name(rel["RangeVar"])));
    }
  } else if (kind == "DropdbStmt") {
    out.push_back(fmt::format("database {}", node.value("dbname", "")));
  }
  return out;
}

/// SQLite's statements that PostgreSQL's parser refuses: the words DROP TABLE / DROP COLUMN.
std::vector<std::string> drops_by_words(std::string_view statement) {
  std::vector<std::string> words;
  std::string word;
  for (char c : statement) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '.' || c == '`' || c == '[' || c == ']') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  auto is = [&](std::size_t i, const char* w) { return i < words.size() && strcasecmp(words[i].c_str(), w) == 0; };
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!is(i, "DROP")) continue;
    std::size_t name = i + 2;
    if (is(name, "IF") && is(name + 1, "EXISTS")) name += 2;
    if (is(i + 1, "TABLE")) out.push_back(fmt::format("table {}", name < words.size() ? words[name] : "?"));
    if (is(i + 1, "COLUMN")) out.push_back(fmt::format("column {}", name < words.size() ? words[name] : "?"));
  }
  return out;
}

} // namespace

std::vector<std::string> drops_data(std::string_view statement) {
  try {
    return inspect(statement).drops_data;
  } catch (const Error&) {
    return drops_by_words(statement);
  }
}

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
    if (node.contains("relation")) facts.relation = qualified(node["relation"]);
    if (flag(node, "concurrent")) facts.no_transaction = "CREATE INDEX CONCURRENTLY";
  } else if (k == "ReindexStmt" && has_defelem(node, "params", "concurrently")) {
    facts.no_transaction = "REINDEX CONCURRENTLY";
    if (node.contains("relation")) {
      (node.value("kind", "") == "REINDEX_OBJECT_INDEX" ? facts.object : facts.relation) = qualified(node["relation"]);
    }
  } else if (k == "DropStmt" && flag(node, "concurrent")) {
    facts.no_transaction = "DROP INDEX CONCURRENTLY";
    if (node.contains("objects") && !node["objects"].empty()) facts.object = qualified_list(node["objects"][0]);
  } else if (k == "AlterTableStmt" && concurrent_detach(node) != nullptr) {
    facts.no_transaction = "DETACH PARTITION CONCURRENTLY";
    if (node.contains("relation")) facts.relation = qualified(node["relation"]);
    facts.object = qualified(*concurrent_detach(node));
  } else if (k == "VacuumStmt" && flag(node, "is_vacuumcmd")) {
    facts.no_transaction = "VACUUM";
  } else if (k == "CreatedbStmt") {
    facts.no_transaction = "CREATE DATABASE";
    facts.object.name = node.value("dbname", "");
  } else if (k == "DropdbStmt") {
    facts.no_transaction = "DROP DATABASE";
    facts.object.name = node.value("dbname", "");
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
  facts.drops_data = drops_of(k, node);
  return facts;
}

} // namespace retort::pgquery
