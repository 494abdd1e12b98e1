// diff/object_ids.hpp — every object id of one schema, made once per diff and looked up by hash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/schema.hpp"

namespace retort::schema {

/// The object ids of one schema (schema.hpp), each made once: whether an id exists, and the node
/// it is ordered by (creation_order). A column is ordered with its table, and so is a constraint
/// other than a foreign key (it is written inside CREATE TABLE); every other object is a node of its
/// own. Nodes are numbered 0…node_count()-1 in the order creation_order breaks ties by: kind
/// (schemas, extensions, types, sequences, functions, tables, foreign keys, indexes, views,
/// materialized views, triggers, policies), then id. Holds views of its own strings: not copyable.
class ObjectIds {
public:
  explicit ObjectIds(const Database& db);
  ObjectIds(const ObjectIds&) = delete;
  ObjectIds& operator=(const ObjectIds&) = delete;

  /// Whether an object with this id exists in the schema.
  [[nodiscard]] bool contains(std::string_view id) const { return m_entries.count(id) > 0; }
  /// Every object id, in no particular order (an id twice if the model holds it twice).
  [[nodiscard]] const std::vector<std::string>& ids() const { return m_ids; }

  [[nodiscard]] std::size_t node_count() const { return m_node_ids.size(); }
  /// The node whose id this is; -1 when it is none (a column, a CHECK, an id of nothing here).
  [[nodiscard]] int node(std::string_view id) const;
  /// The node an object id is ordered by; -1 when it has none here. A column the model does not
  /// list (a view's, an inherited one) goes with its relation.
  [[nodiscard]] int order_node(std::string_view id) const;

private:
  struct Entry {
    int order_node = -1;
    int own_node = -1;
  };
  std::vector<std::string> m_ids;                          ///< reserved up front: the views below point into it
  std::vector<std::string_view> m_node_ids;                ///< node number → id
  std::unordered_map<std::string_view, Entry> m_entries;   ///< every object id
  std::unordered_map<std::string, int> m_relation_node;    ///< "schema.name" of a table or view → its node
};

} // namespace retort::schema
