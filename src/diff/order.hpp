// diff/order.hpp — the order in which a schema's objects can be created, from its dependencies.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "diff/object_ids.hpp"
#include "retort/schema.hpp"

namespace retort::schema {

/// Where each node (object_ids.hpp) of a schema goes in creation order.
class CreationOrder {
public:
  CreationOrder(const ObjectIds& ids, std::vector<std::size_t> positions) : m_ids(ids), m_positions(std::move(positions)) {}
  /// How many nodes there are.
  [[nodiscard]] std::size_t size() const { return m_positions.size(); }
  /// The position (0-based) of the node with this id; nothing when no node has it.
  [[nodiscard]] std::optional<std::size_t> position(std::string_view node) const {
    int n = m_ids.node(node);
    if (n < 0) return std::nullopt;
    return m_positions[static_cast<std::size_t>(n)];
  }

private:
  const ObjectIds& m_ids;
  std::vector<std::size_t> m_positions;  ///< node number → position
};

/// Every object node of `db` in an order where each comes after what it depends on; among nodes
/// that are free to go, schemas, extensions and types first, then sequences, functions, tables,
/// foreign keys, indexes, views, triggers and policies, each by id. Cycles are broken by ignoring
/// soft dependencies (function bodies) first, then by taking the first node of the cycle.
/// `ids` and `ends` must be made from `db`.
CreationOrder creation_order(const Database& db, const ObjectIds& ids, const DependencyEnds& ends);

} // namespace retort::schema
