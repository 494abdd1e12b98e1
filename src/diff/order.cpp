// diff/order.cpp — topological order of a schema's objects, with a kind-then-name preference.
#include "diff/order.hpp"

#include <map>
#include <set>
#include <string_view>

namespace retort::schema {

namespace {

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

void add_node(std::set<std::string>& all, const std::string& id) { all.insert(id); }

} // namespace

OrderNodes::OrderNodes(const Database& db) {
  for (const auto& v : db.views) m_relation[v.schema + "." + v.name] = id(v);
  for (const auto& t : db.tables) {
    m_relation[t.schema + "." + t.name] = id(t);
    for (const auto& c : t.columns) m_table_of[column_id(t, c)] = id(t);
    for (const auto& c : t.constraints) {
      if (c.type != 'f') m_table_of[constraint_id(t, c)] = id(t);
    }
  }
}

std::string OrderNodes::node(const std::string& object) const {
  auto it = m_table_of.find(object);
  if (it != m_table_of.end()) return it->second;
  if (object.rfind("column:", 0) == 0) {
    // a column of a view, or one the model does not list (inherited): its relation
    auto last = object.rfind('.');
    auto rel = m_relation.find(object.substr(7, last - 7));
    if (rel != m_relation.end()) return rel->second;
  }
  return object;
}

std::unordered_map<std::string, std::size_t> creation_order(const Database& db, const OrderNodes& nodes) {
  std::set<std::string> all;
  for (const auto& o : db.schemas) add_node(all, id(o));
  for (const auto& o : db.extensions) add_node(all, id(o));
  for (const auto& o : db.enums) add_node(all, id(o));
  for (const auto& o : db.domains) add_node(all, id(o));
  for (const auto& o : db.composite_types) add_node(all, id(o));
  for (const auto& o : db.sequences) add_node(all, id(o));
  for (const auto& o : db.functions) add_node(all, id(o));
  for (const auto& o : db.tables) {
    add_node(all, id(o));
    for (const auto& c : o.constraints) {
      if (c.type == 'f') add_node(all, constraint_id(o, c));
    }
  }
  for (const auto& o : db.indexes) add_node(all, id(o));
  for (const auto& o : db.views) add_node(all, id(o));
  for (const auto& o : db.triggers) add_node(all, id(o));
  for (const auto& o : db.policies) add_node(all, id(o));

  // node → the nodes it waits for (hard and soft kept apart for breaking cycles)
  std::map<std::string, std::map<std::string, bool>> waits;  // dependency → soft?
  std::map<std::string, std::vector<std::string>> dependents;
  auto link = [&](const std::string& from, const std::string& to, bool soft) {
    if (from == to || !all.count(from) || !all.count(to)) return;
    auto [it, inserted] = waits[from].emplace(to, soft);
    if (!inserted) {
      it->second = it->second && soft;
      return;
    }
    dependents[to].push_back(from);
  };
  for (const auto& d : db.dependencies) link(nodes.node(d.from), nodes.node(d.to), d.soft);
  // A partition's or child's columns come from its parent; a foreign key waits for both tables.
  for (const auto& t : db.tables) {
    if (!t.partition_of.empty()) link(id(t), "table:" + t.partition_of, false);
    for (const auto& p : t.inherits) link(id(t), "table:" + p, false);
    for (const auto& c : t.constraints) {
      if (c.type != 'f') continue;
      link(constraint_id(t, c), id(t), false);
      if (!c.references.empty()) link(constraint_id(t, c), "table:" + c.references, false);
    }
  }
  for (const auto& i : db.indexes) link(id(i), (i.table.empty() ? "" : "table:" + i.table), false);

  using Key = std::pair<int, std::string>;
  std::set<Key> ready;
  std::map<std::string, std::size_t> pending;
  for (const auto& n : all) {
    pending[n] = waits.count(n) ? waits[n].size() : 0;
    if (pending[n] == 0) ready.insert({rank_of(n), n});
  }
  std::unordered_map<std::string, std::size_t> order;
  auto release = [&](const std::string& n) {
    order[n] = order.size();
    for (const auto& d : dependents[n]) {
      if (order.count(d) || !waits[d].count(n)) continue;
      waits[d].erase(n);
      if (--pending[d] == 0) ready.insert({rank_of(d), d});
    }
  };
  while (order.size() < all.size()) {
    if (ready.empty()) {
      // A cycle: drop the soft waits of the remaining nodes first; failing that, take the first one.
      bool freed = false;
      for (auto& [n, deps] : waits) {
        if (order.count(n)) continue;
        for (auto it = deps.begin(); it != deps.end();) {
          if (it->second) {
            it = deps.erase(it);
            --pending[n];
          } else {
            ++it;
          }
        }
        if (pending[n] == 0) {
          ready.insert({rank_of(n), n});
          freed = true;
        }
      }
      if (!freed) {
        Key first{1000, ""};
        for (const auto& n : all) {
          if (!order.count(n) && Key{rank_of(n), n} < first) first = {rank_of(n), n};
        }
        pending[first.second] = 0;
        waits[first.second].clear();
        ready.insert(first);
      }
      continue;
    }
    auto next = *ready.begin();
    ready.erase(ready.begin());
    if (order.count(next.second)) continue;
    release(next.second);
  }
  return order;
}

} // namespace retort::schema
