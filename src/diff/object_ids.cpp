// diff/object_ids.cpp — a schema's object ids, their ordering nodes, and the nodes' tie-break order.
#include "diff/object_ids.hpp"

#include <algorithm>

namespace retort::schema {

namespace {

/// Among nodes free to go, the kind that goes first.
int rank_of(std::string_view id) {
  static constexpr std::pair<std::string_view, int> ranks[] = {
      {"schema:", 0},   {"extension:", 1}, {"enum:", 2},  {"domain:", 2},     {"composite:", 2},
      {"sequence:", 3}, {"function:", 4},  {"table:", 5}, {"constraint:", 6}, {"index:", 7},
      {"view:", 8},     {"matview:", 9},   {"trigger:", 10}, {"policy:", 11}};
  for (const auto& [prefix, rank] : ranks) {
    if (id.substr(0, prefix.size()) == prefix) return rank;
  }
  return 12;
}

std::size_t id_count(const Database& db) {
  std::size_t n = db.schemas.size() + db.extensions.size() + db.enums.size() + db.domains.size() +
                  db.composite_types.size() + db.sequences.size() + db.functions.size() + db.indexes.size() +
                  db.views.size() + db.triggers.size() + db.policies.size();
  for (const auto& t : db.tables) n += 1 + t.columns.size() + t.constraints.size();
  return n;
}

} // namespace

ObjectIds::ObjectIds(const Database& db) {
  m_ids.reserve(id_count(db));
  std::vector<std::size_t> candidates;  // m_ids indexes of node ids
  auto add_node = [&](std::string id) {
    candidates.push_back(m_ids.size());
    m_ids.push_back(std::move(id));
    return m_ids.size() - 1;
  };
  for (const auto& o : db.schemas) add_node(id(o));
  for (const auto& o : db.extensions) add_node(id(o));
  for (const auto& o : db.enums) add_node(id(o));
  for (const auto& o : db.domains) add_node(id(o));
  for (const auto& o : db.composite_types) add_node(id(o));
  for (const auto& o : db.sequences) add_node(id(o));
  for (const auto& o : db.functions) add_node(id(o));
  std::vector<std::size_t> table_at;  // table k → m_ids index of its id
  table_at.reserve(db.tables.size());
  for (const auto& t : db.tables) {
    table_at.push_back(add_node(id(t)));
    for (const auto& c : t.constraints) {
      if (c.type == 'f') add_node(constraint_id(t, c));
    }
  }
  for (const auto& o : db.indexes) add_node(id(o));
  std::vector<std::size_t> view_at;
  view_at.reserve(db.views.size());
  for (const auto& o : db.views) view_at.push_back(add_node(id(o)));
  for (const auto& o : db.triggers) add_node(id(o));
  for (const auto& o : db.policies) add_node(id(o));

  // Node numbers: by kind rank, then id; an id held twice is one node.
  std::vector<int> rank(m_ids.size(), 0);
  for (auto i : candidates) rank[i] = rank_of(m_ids[i]);
  std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return rank[a] != rank[b] ? rank[a] < rank[b] : m_ids[a] < m_ids[b];
  });
  m_entries.reserve(m_ids.capacity());
  for (auto i : candidates) {
    if (!m_node_ids.empty() && m_node_ids.back() == m_ids[i]) continue;
    m_node_ids.push_back(m_ids[i]);
    m_entries[m_ids[i]].own_node = static_cast<int>(m_node_ids.size() - 1);
  }

  // Columns and constraints written inside CREATE TABLE go with their table (the last table wins
  // an id two tables would share).
  for (std::size_t k = 0; k < db.tables.size(); ++k) {
    const Table& t = db.tables[k];
    int table_node = m_entries[m_ids[table_at[k]]].own_node;
    for (const auto& c : t.columns) {
      m_ids.push_back(column_id(t, c));
      m_entries[m_ids.back()].order_node = table_node;
    }
    for (const auto& c : t.constraints) {
      if (c.type == 'f') continue;
      m_ids.push_back(constraint_id(t, c));
      m_entries[m_ids.back()].order_node = table_node;
    }
  }
  for (auto& [object, entry] : m_entries) {
    if (entry.order_node < 0) entry.order_node = entry.own_node;
  }
  // Relations by "schema.name" (a table wins over a view of the same name), for columns the model does not list.
  for (std::size_t k = 0; k < db.views.size(); ++k) {
    m_relation_node[db.views[k].schema + "." + db.views[k].name] = m_entries[m_ids[view_at[k]]].own_node;
  }
  for (std::size_t k = 0; k < db.tables.size(); ++k) {
    m_relation_node[db.tables[k].schema + "." + db.tables[k].name] = m_entries[m_ids[table_at[k]]].own_node;
  }
}

int ObjectIds::node(std::string_view id) const {
  auto it = m_entries.find(id);
  return it == m_entries.end() ? -1 : it->second.own_node;
}

int ObjectIds::order_node(std::string_view id) const {
  auto it = m_entries.find(id);
  if (it != m_entries.end()) return it->second.order_node;
  static constexpr std::string_view column_prefix = "column:";
  if (id.substr(0, column_prefix.size()) == column_prefix) {
    auto last = id.rfind('.');
    auto relation = m_relation_node.find(std::string(id.substr(column_prefix.size(), last - column_prefix.size())));
    if (relation != m_relation_node.end()) return relation->second;
  }
  return -1;
}

} // namespace retort::schema
