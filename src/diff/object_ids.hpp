// diff/object_ids.hpp — the object ids of one schema and the ids its dependencies name, numbered once per diff.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diff/interner.hpp"
#include "retort/schema.hpp"

namespace retort::schema {

/// The object ids of one schema (schema.hpp), each made once and numbered 0…object_count()-1:
/// whether an id exists, and the node it is ordered by (creation_order). A column is ordered with
/// its table, and so is a constraint other than a foreign key (it is written inside CREATE TABLE);
/// every other object is a node of its own. Nodes are numbered 0…node_count()-1 in the order
/// creation_order breaks ties by: kind (schemas, extensions, types, sequences, functions, tables,
/// foreign keys, indexes, views, materialized views, triggers, policies), then id.
/// Holds views into its own text, and refers to `db`: `db` must outlive it; not copyable.
class ObjectIds {
public:
  explicit ObjectIds(const Database& db);
  ObjectIds(const ObjectIds&) = delete;
  ObjectIds& operator=(const ObjectIds&) = delete;

  /// Whether an object with this id exists in the schema.
  [[nodiscard]] bool contains(std::string_view id) const { return m_numbers.find(id) >= 0; }
  [[nodiscard]] std::size_t object_count() const { return m_numbers.size(); }
  /// The number of an object id; -1 when no object has it.
  [[nodiscard]] std::int64_t number(std::string_view id) const { return m_numbers.find(id); }
  [[nodiscard]] std::string_view text(std::uint32_t number) const { return m_numbers.text(number); }

  [[nodiscard]] std::size_t node_count() const { return m_node_count; }
  /// The node whose id this is; -1 when it is none (a column, a CHECK, an id of nothing here).
  [[nodiscard]] int node(std::string_view id) const;
  /// The node the object with this number is ordered by.
  [[nodiscard]] int order_node(std::uint32_t number) const { return m_order_node[number]; }
  /// The node of the table or view named "schema.name" (a table before a view); -1 when none.
  [[nodiscard]] int relation_node(std::string_view dotted_name) const;

  // The number of an object listed in the schema: `o` must be an element of its list in `db`.
  [[nodiscard]] std::uint32_t number_of(const SchemaNamespace& o) const { return listed(List::schemas, m_db.schemas, o); }
  [[nodiscard]] std::uint32_t number_of(const Extension& o) const { return listed(List::extensions, m_db.extensions, o); }
  [[nodiscard]] std::uint32_t number_of(const EnumType& o) const { return listed(List::enums, m_db.enums, o); }
  [[nodiscard]] std::uint32_t number_of(const Domain& o) const { return listed(List::domains, m_db.domains, o); }
  [[nodiscard]] std::uint32_t number_of(const CompositeType& o) const { return listed(List::composites, m_db.composite_types, o); }
  [[nodiscard]] std::uint32_t number_of(const Sequence& o) const { return listed(List::sequences, m_db.sequences, o); }
  [[nodiscard]] std::uint32_t number_of(const Function& o) const { return listed(List::functions, m_db.functions, o); }
  [[nodiscard]] std::uint32_t number_of(const Table& o) const {
    return m_number_of_span[m_table_span[static_cast<std::size_t>(&o - m_db.tables.data())]];
  }
  [[nodiscard]] std::uint32_t number_of(const Index& o) const { return listed(List::indexes, m_db.indexes, o); }
  [[nodiscard]] std::uint32_t number_of(const View& o) const { return listed(List::views, m_db.views, o); }
  [[nodiscard]] std::uint32_t number_of(const Trigger& o) const { return listed(List::triggers, m_db.triggers, o); }
  [[nodiscard]] std::uint32_t number_of(const Policy& o) const { return listed(List::policies, m_db.policies, o); }
  /// Where in its list (schemas, tables, indexes, …) the object with this number is (the last
  /// place, when the list holds its id twice); -1 for a column or a constraint.
  [[nodiscard]] std::int64_t position_of(std::uint32_t number) const { return m_position[number]; }

private:
  enum class List { schemas, extensions, enums, domains, composites, sequences, functions, indexes, views, triggers, policies, count };
  template <typename T>
  [[nodiscard]] std::uint32_t listed(List list, const std::vector<T>& items, const T& o) const {
    return m_number_of_span[m_first_span[static_cast<std::size_t>(list)] + static_cast<std::size_t>(&o - items.data())];
  }

  const Database& m_db;
  std::string m_text;                  ///< every object id and relation name, one after the other
  Interner m_numbers;                  ///< object ids
  Interner m_relation_names;           ///< "schema.name" of tables and views
  std::size_t m_node_count = 0;
  std::vector<int> m_own_node;         ///< number → the node it is, or -1
  std::vector<int> m_order_node;       ///< number → the node it is ordered by
  std::vector<int> m_relation_node;    ///< relation name number → its node
  std::vector<std::uint32_t> m_number_of_span;  ///< each id as written (see the constructor) → its number
  std::size_t m_first_span[static_cast<std::size_t>(List::count)] = {};  ///< where each list's ids begin
  std::vector<std::size_t> m_table_span;         ///< table k → where its id was written
  std::vector<std::int64_t> m_position;          ///< number → its place in its list, or -1
};

/// The two ends of each dependency of a schema, as numbers: an object's own (ObjectIds), or a
/// number after those for any other id (a view's column, an inherited one, an object of another
/// schema). Holds views into the dependencies: `db` and `ids` must outlive it.
class DependencyEnds {
public:
  DependencyEnds(const Database& db, const ObjectIds& ids);
  DependencyEnds(const DependencyEnds&) = delete;
  DependencyEnds& operator=(const DependencyEnds&) = delete;

  /// The numbers of dependency `i`'s `from` and `to`.
  [[nodiscard]] std::uint32_t from(std::size_t i) const { return m_ends[2 * i]; }
  [[nodiscard]] std::uint32_t to(std::size_t i) const { return m_ends[2 * i + 1]; }
  /// How many ids are numbered: the objects, then the other ids.
  [[nodiscard]] std::size_t number_count() const { return m_ids.object_count() + m_others.size(); }
  /// The number of an id; -1 when it is neither an object nor named by a dependency.
  [[nodiscard]] std::int64_t number(std::string_view id) const;
  [[nodiscard]] std::string_view text(std::uint32_t number) const;
  /// The node the id with this number is ordered by; -1 when it has none here. A column the model
  /// does not list goes with its relation.
  [[nodiscard]] int order_node(std::uint32_t number) const;

private:
  const ObjectIds& m_ids;
  Interner m_others;
  std::vector<int> m_other_order_node;
  std::vector<std::uint32_t> m_ends;   ///< from, to of each dependency
};

} // namespace retort::schema
