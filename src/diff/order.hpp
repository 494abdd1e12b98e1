// diff/order.hpp — the order in which a schema's objects can be created, from its dependencies.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "retort/schema.hpp"

namespace retort::schema {

/// The node an object is ordered by: a column is ordered with its table, a constraint other than
/// a foreign key with its table (it is written inside CREATE TABLE); everything else by itself.
class OrderNodes {
public:
  explicit OrderNodes(const Database& db);
  [[nodiscard]] std::string node(const std::string& id) const;

private:
  std::unordered_map<std::string, std::string> m_table_of;  ///< column and non-FK constraint id → table id
  std::unordered_map<std::string, std::string> m_relation;  ///< "schema.name" of a table or view → its id
};

/// Every object node of `db` in an order where each comes after what it depends on; among nodes
/// that are free to go, schemas, extensions and types first, then sequences, functions, tables,
/// foreign keys, indexes, views, triggers and policies, each by id. Cycles are broken by ignoring
/// soft dependencies (function bodies) first, then by taking the first node of the cycle.
/// Returns node → position.
std::unordered_map<std::string, std::size_t> creation_order(const Database& db, const OrderNodes& nodes);

} // namespace retort::schema
