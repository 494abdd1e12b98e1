// diff/order.cpp — topological order of a schema's nodes, with a kind-then-name preference.
//
// Nodes are numbers (ObjectIds numbers them in tie-break order), so the nodes free to go are a heap
// of numbers, and what waits for what is a vector of edges.
#include "diff/order.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>

#include "schema/id_pieces.hpp"

namespace retort::schema {

namespace {

/// `from` waits for `to`; soft: only a function body says so (broken first in a cycle).
struct Edge {
  int from;
  int to;
  bool soft;
};

/// Every "waits for" between two different nodes of `db`, once per pair (soft only if every
/// dependency behind it is soft), sorted by the waiting node, then the node waited for.
std::vector<Edge> edges_of(const Database& db, const ObjectIds& ids, const DependencyEnds& ends) {
  std::vector<Edge> edges;
  edges.reserve(db.dependencies.size() + 2 * db.tables.size() + db.indexes.size());
  auto link = [&](int from, int to, bool soft) {
    if (from >= 0 && to >= 0 && from != to) edges.push_back({from, to, soft});
  };
  for (std::size_t i = 0; i < db.dependencies.size(); ++i) {
    link(ends.order_node(ends.from(i)), ends.order_node(ends.to(i)), db.dependencies[i].soft);
  }
  std::string key;  // an id, written anew for each lookup
  auto node_of = [&](const IdPieces& id) {
    key.clear();
    id.append_to(key);
    return ids.node(key);
  };
  auto table_node = [&](const std::string& dotted) {
    key.assign("table:");
    key += dotted;
    return ids.node(key);
  };
  // A partition's or child's columns come from its parent; a foreign key waits for both tables.
  for (const auto& t : db.tables) {
    bool parents = !t.partition_of.empty() || !t.inherits.empty();
    bool foreign_keys = std::any_of(t.constraints.begin(), t.constraints.end(), [](const Constraint& c) { return c.type == 'f'; });
    if (!parents && !foreign_keys) continue;
    int table = node_of(pieces(t));
    if (!t.partition_of.empty()) link(table, table_node(t.partition_of), false);
    for (const auto& p : t.inherits) link(table, table_node(p), false);
    for (const auto& c : t.constraints) {
      if (c.type != 'f') continue;
      int key_node = node_of(constraint_pieces(t, c));
      link(key_node, table, false);
      if (!c.references.empty()) link(key_node, table_node(c.references), false);
    }
  }
  for (const auto& i : db.indexes) {
    if (!i.table.empty()) link(node_of(pieces(i)), table_node(i.table), false);
  }

  // Grouped by the waiting node (a counting sort), then each group by the node waited for; of a
  // pair's edges the first is then hard if any is: it stays.
  std::vector<std::size_t> begin(ids.node_count() + 1, 0);
  for (const auto& e : edges) ++begin[static_cast<std::size_t>(e.from) + 1];
  for (std::size_t n = 0; n < ids.node_count(); ++n) begin[n + 1] += begin[n];
  std::vector<Edge> grouped(edges.size());
  std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
  for (const auto& e : edges) grouped[fill[static_cast<std::size_t>(e.from)]++] = e;
  std::vector<Edge> out;
  out.reserve(grouped.size());
  for (std::size_t n = 0; n < ids.node_count(); ++n) {
    auto first = grouped.begin() + static_cast<std::ptrdiff_t>(begin[n]);
    auto last = grouped.begin() + static_cast<std::ptrdiff_t>(begin[n + 1]);
    std::sort(first, last, [](const Edge& a, const Edge& b) { return a.to != b.to ? a.to < b.to : a.soft < b.soft; });
    for (auto e = first; e != last; ++e) {
      if (e == first || e->to != (e - 1)->to) out.push_back(*e);
    }
  }
  return out;
}

/// Kahn's algorithm over numbered nodes; the lowest-numbered free node goes first.
class Sorter {
public:
  Sorter(std::size_t node_count, std::vector<Edge> edges)
      : m_edges(std::move(edges)), m_alive(m_edges.size(), 1), m_pending(node_count, 0), m_out_begin(node_count + 1, 0),
        m_in_begin(node_count + 1, 0), m_placed(node_count, 0), m_position(node_count, 0) {
    for (const auto& e : m_edges) {
      ++m_pending[static_cast<std::size_t>(e.from)];
      ++m_out_begin[static_cast<std::size_t>(e.from) + 1];
      ++m_in_begin[static_cast<std::size_t>(e.to) + 1];
    }
    for (std::size_t n = 0; n < node_count; ++n) {
      m_out_begin[n + 1] += m_out_begin[n];
      m_in_begin[n + 1] += m_in_begin[n];
    }
    m_in_edges.resize(m_edges.size());
    std::vector<std::size_t> fill(m_in_begin.begin(), m_in_begin.end() - 1);
    for (std::size_t e = 0; e < m_edges.size(); ++e) m_in_edges[fill[static_cast<std::size_t>(m_edges[e].to)]++] = e;
  }

  std::vector<std::size_t> run() {
    const std::size_t count = m_pending.size();
    for (std::size_t n = 0; n < count; ++n) {
      if (m_pending[n] == 0) m_ready.push(static_cast<int>(n));
    }
    while (m_placed_count < count) {
      if (m_ready.empty()) {
        if (!drop_soft_waits()) force_first();
        continue;
      }
      int next = m_ready.top();
      m_ready.pop();
      if (m_placed[static_cast<std::size_t>(next)]) continue;
      place(static_cast<std::size_t>(next));
    }
    return std::move(m_position);
  }

private:
  void place(std::size_t n) {
    m_placed[n] = 1;
    m_position[n] = m_placed_count++;
    for (std::size_t i = m_in_begin[n]; i < m_in_begin[n + 1]; ++i) {
      std::size_t e = m_in_edges[i];
      auto waiting = static_cast<std::size_t>(m_edges[e].from);
      if (m_placed[waiting] || !m_alive[e]) continue;
      m_alive[e] = 0;
      if (--m_pending[waiting] == 0) m_ready.push(static_cast<int>(waiting));
    }
  }

  /// A cycle: every node still waiting stops waiting for function bodies. Whether one became free.
  bool drop_soft_waits() {
    bool freed = false;
    for (std::size_t n = 0; n < m_pending.size(); ++n) {
      if (m_placed[n] || m_out_begin[n] == m_out_begin[n + 1]) continue;
      for (std::size_t e = m_out_begin[n]; e < m_out_begin[n + 1]; ++e) {
        if (m_alive[e] && m_edges[e].soft) {
          m_alive[e] = 0;
          --m_pending[n];
        }
      }
      if (m_pending[n] == 0) {
        m_ready.push(static_cast<int>(n));
        freed = true;
      }
    }
    return freed;
  }

  /// A cycle of hard dependencies: its first node (by kind, then id) goes anyway.
  void force_first() {
    while (m_placed[m_first_unplaced]) ++m_first_unplaced;
    std::size_t n = m_first_unplaced;
    m_pending[n] = 0;
    for (std::size_t e = m_out_begin[n]; e < m_out_begin[n + 1]; ++e) m_alive[e] = 0;
    m_ready.push(static_cast<int>(n));
  }

  std::vector<Edge> m_edges;                  ///< sorted by `from`
  std::vector<char> m_alive;                  ///< edge still waited on
  std::vector<std::size_t> m_pending;         ///< node → edges it still waits on
  std::vector<std::size_t> m_out_begin;       ///< node → its edges in m_edges (to m_out_begin[n + 1])
  std::vector<std::size_t> m_in_begin;        ///< node → its entries in m_in_edges
  std::vector<std::size_t> m_in_edges;        ///< edge numbers grouped by the node waited for
  std::vector<char> m_placed;
  std::vector<std::size_t> m_position;
  std::size_t m_placed_count = 0;
  std::size_t m_first_unplaced = 0;
  std::priority_queue<int, std::vector<int>, std::greater<>> m_ready;
};

} // namespace

CreationOrder creation_order(const Database& db, const ObjectIds& ids, const DependencyEnds& ends) {
  Sorter sorter(ids.node_count(), edges_of(db, ids, ends));
  return CreationOrder(ids, sorter.run());
}

} // namespace retort::schema
