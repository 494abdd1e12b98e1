// diff/replace.cpp — which objects must be dropped and created again, and what that drags along.
//
// PostgreSQL cannot change some objects in place (a view's column list, a function's result type,
// an index, a trigger, a policy). Everything that depends on an object that goes away — dropped,
// recreated, a dropped column, a column whose type changes — must go too and come back afterwards.
#include <algorithm>
#include <deque>
#include <cstdint>
#include <string_view>
#include <utility>

#include "diff/interner.hpp"

#include "diff/differ.hpp"

namespace retort::schema {

namespace {

/// Groups of id numbers by a key number, each group in the order added (a counting sort).
class Groups {
public:
  Groups(std::size_t key_count, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs)  // (key, member)
      : m_begin(key_count + 1, 0), m_members(pairs.size()) {
    for (const auto& [key, member] : pairs) ++m_begin[key + 1];
    for (std::size_t k = 0; k < key_count; ++k) m_begin[k + 1] += m_begin[k];
    std::vector<std::size_t> fill(m_begin.begin(), m_begin.end() - 1);
    for (const auto& [key, member] : pairs) m_members[fill[key]++] = member;
  }
  /// The members of group `key` (none when `key` is -1).
  [[nodiscard]] std::pair<const std::uint32_t*, const std::uint32_t*> of(std::int64_t key) const {
    if (key < 0) return {nullptr, nullptr};
    auto k = static_cast<std::size_t>(key);
    return {m_members.data() + m_begin[k], m_members.data() + m_begin[k + 1]};
  }

private:
  std::vector<std::size_t> m_begin;
  std::vector<std::uint32_t> m_members;
};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

bool labels_extend(const std::vector<std::string>& old_labels, const std::vector<std::string>& new_labels) {
  std::size_t i = 0;
  for (const auto& l : new_labels) {
    if (i < old_labels.size() && old_labels[i] == l) ++i;
  }
  return i == old_labels.size();
}

bool attributes_alterable(const CompositeType& a, const CompositeType& b) {
  // In place: attributes dropped, new ones appended, types changed; never reordered or re-collated.
  std::vector<const CompositeAttribute*> kept;
  for (const auto& x : a.attributes) {
    auto it = std::find_if(b.attributes.begin(), b.attributes.end(), [&](const auto& y) { return y.name == x.name; });
    if (it == b.attributes.end()) continue;
    if (it->collation != x.collation) return false;
    kept.push_back(&x);
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i >= b.attributes.size() || b.attributes[i].name != kept[i]->name) return false;
  }
  return true;
}

bool view_columns_extend(const View& a, const View& b) {
  if (b.columns.size() < a.columns.size()) return false;
  return std::equal(a.columns.begin(), a.columns.end(), b.columns.begin());
}

std::string_view relation_of_column(std::string_view column) {
  // "column:s.t.c" → "s.t"
  auto last = column.rfind('.');
  return column.substr(7, last - 7);
}

std::string relation_name(const std::string& object) {
  // "table:s.t", "view:s.v", "matview:s.v" → "s.t"
  return object.substr(object.find(':') + 1);
}

/// Everything that depends on an object in `work` (dropped, recreated, a column changing type)
/// is recreated too, and what depends on that, …
void mark_dependents(Differ& d, std::deque<std::string>& work) {
  // Id number → ids depending on it; "s.rel" → ids depending on a column of it. In dependency order.
  const DependencyEnds& ids = d.from_ends();
  Interner relations;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> on_id, on_relation;
  on_id.reserve(d.from.dependencies.size());
  for (std::size_t i = 0; i < d.from.dependencies.size(); ++i) {
    std::uint32_t from = ids.from(i), to = ids.to(i);
    on_id.emplace_back(to, from);
    std::string_view target = ids.text(to);
    if (target.substr(0, 7) == "column:") on_relation.emplace_back(relations.intern(relation_of_column(target)), from);
  }
  const Groups dependents(ids.number_count(), on_id);
  const Groups column_dependents(relations.size(), on_relation);

  std::set<std::string> seen;
  while (!work.empty()) {
    std::string x = work.front();
    work.pop_front();
    if (!seen.insert(x).second) continue;
    if (x.rfind("schema:", 0) == 0) continue;  // what is in a dropped schema is dropped by its own id
    bool relation = x.rfind("table:", 0) == 0 || x.rfind("view:", 0) == 0 || x.rfind("matview:", 0) == 0;
    bool column = x.rfind("column:", 0) == 0;
    auto direct = dependents.of(ids.number(x));
    auto through_columns = column_dependents.of(relation && d.leaves(x) ? relations.find(relation_name(x)) : -1);
    for (auto [first, last] : {direct, through_columns}) {
      for (const auto* member = first; member != last; ++member) {
        std::string dep(ids.text(*member));
        // A table or an extension is never recreated for a dependency (an extension moves with SET SCHEMA).
        if (dep.rfind("table:", 0) == 0 || dep.rfind("extension:", 0) == 0) continue;
        if (dep.rfind("column:", 0) == 0) {
          auto table = d.from_tables.find("table:" + std::string(relation_of_column(dep)));
          if (table == d.from_tables.end() || d.leaves(table->first) || !d.in_to(dep)) continue;
          const Table& t = *table->second;
          auto c = std::find_if(t.columns.begin(), t.columns.end(), [&](const auto& k) { return column_id(t, k) == dep; });
          if (c == t.columns.end()) continue;
          auto renamed = d.set_aside_types.find(x);
          std::string type_name = x.substr(x.find(':') + 1);
          if (renamed != d.set_aside_types.end() && (c->type == type_name || c->type == type_name + "[]")) {
            d.retyped_columns.insert(dep);
            work.push_back(dep);
          }
          if (!c->default_expr.empty()) d.reset_defaults.insert(dep);
          if (!c->generated.empty() && column) {  // its base column changes type: it goes and comes back
            d.regenerated_columns.insert(dep);
            work.push_back(dep);
          }
          continue;
        }
        // Indexes and constraints follow a column's new type by themselves.
        if (column && (dep.rfind("index:", 0) == 0 || dep.rfind("constraint:", 0) == 0) && d.in_to(x) &&
            !d.regenerated_columns.count(x)) {
          continue;
        }
        if (d.in_to(dep) && d.in_from(dep)) d.replaced.insert(dep);
        work.push_back(dep);
      }
    }
  }
}

} // namespace

void mark_replacements(Differ& d) {
  // Objects PostgreSQL cannot alter into their new shape.
  for (const auto& f : d.to.functions) {
    const auto* prior = d.before(d.from.functions, f);
    if (prior == nullptr) continue;
    const Function& old = *prior;
    if (old.kind != f.kind || old.result != f.result || (f.kind == 'a' && old.definition != f.definition) ||
        first_line(old.definition) != first_line(f.definition)) {
      d.replaced.insert(id(f));
    }
  }
  for (const auto& v : d.to.views) {
    const auto* prior = d.before(d.from.views, v);
    if (prior == nullptr) continue;
    const View& old = *prior;
    if (v.materialized ? (old.definition != v.definition || old.options != v.options) : !view_columns_extend(old, v)) {
      d.replaced.insert(id(v));
    }
  }
  for (const auto& i : d.to.indexes) {
    const auto* prior = d.before(d.from.indexes, i);
    if (prior != nullptr && prior->definition != i.definition) d.replaced.insert(id(i));
  }
  for (const auto& t : d.to.triggers) {
    const auto* prior = d.before(d.from.triggers, t);
    if (prior != nullptr && prior->definition != t.definition) d.replaced.insert(id(t));
  }
  for (const auto& p : d.to.policies) {
    const auto* prior = d.before(d.from.policies, p);
    if (prior == nullptr) continue;
    Policy a = *prior, b = p;
    a.comment = b.comment = "";
    if (!(a == b)) d.replaced.insert(id(p));
  }
  auto used_by_a_column = [&](const std::string& schema, const std::string& name) {
    std::string type_name = schema + "." + name;
    for (const auto& t : d.from.tables) {
      for (const auto& c : t.columns) {
        if (c.type == type_name || c.type == type_name + "[]") return true;
      }
    }
    return false;
  };
  for (const auto& x : d.to.domains) {
    const auto* prior = d.before(d.from.domains, x);
    if (prior != nullptr && (prior->base_type != x.base_type || prior->collation != x.collation)) {
      if (used_by_a_column(x.schema, x.name)) d.set_aside_types[id(x)] = x.name + "__retort_old";
      else d.replaced.insert(id(x));
    }
  }
  for (const auto& x : d.to.composite_types) {
    const auto* prior = d.before(d.from.composite_types, x);
    if (prior == nullptr || *prior == x) continue;
    bool attributes_change = prior->attributes != x.attributes;
    // PostgreSQL alters no attribute of a type a column uses: the type is rebuilt under its columns.
    if (attributes_change && used_by_a_column(x.schema, x.name)) d.set_aside_types[id(x)] = x.name + "__retort_old";
    else if (!attributes_alterable(*prior, x)) d.replaced.insert(id(x));
  }
  for (const auto& e : d.to.enums) {
    const auto* prior = d.before(d.from.enums, e);
    if (prior != nullptr && !labels_extend(prior->labels, e.labels)) {
      d.set_aside_types[id(e)] = e.name + "__retort_old";
    }
  }
  std::deque<std::string> work;
  for (const auto& [tid, t] : d.to_tables) {
    auto it = d.from_tables.find(tid);
    if (it == d.from_tables.end()) continue;
    const Table& old = *it->second;
    if (old.partition_key != t->partition_key) {
      d.replaced.insert(tid);
      continue;
    }
    for (const auto& c : old.constraints) {
      auto nc = std::find_if(t->constraints.begin(), t->constraints.end(), [&](const auto& x) { return x.name == c.name; });
      if (nc == t->constraints.end()) continue;
      if (nc->definition != c.definition || nc->type != c.type || (c.validated && !nc->validated)) {
        d.replaced.insert(constraint_id(old, c));
      }
    }
    for (const auto& c : old.columns) {
      auto nc = std::find_if(t->columns.begin(), t->columns.end(), [&](const auto& x) { return x.name == c.name; });
      if (nc != t->columns.end() && (nc->type != c.type || nc->collation != c.collation)) work.push_back(column_id(old, c));
    }
  }

  // Everything that depends on what goes away goes too (and comes back when `to` has it).
  std::vector<std::string_view> dropped = d.dropped_ids();
  for (auto object : dropped) work.emplace_back(object);
  for (const auto& object : d.replaced) work.push_back(object);
  for (const auto& [object, temp] : d.set_aside_types) work.push_back(object);
  if (!work.empty()) mark_dependents(d, work);

  // Types, extensions and schemas are dropped late (after columns are converted); what they use
  // that is dropped too (the function a domain's CHECK calls) must wait for them.
  std::deque<std::string> late;
  for (auto object : dropped) {
    for (const char* prefix : {"enum:", "domain:", "composite:", "extension:", "schema:"}) {
      if (object.substr(0, std::string_view(prefix).size()) == prefix) late.emplace_back(object);
    }
  }
  if (late.empty()) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_user;
  by_user.reserve(d.from.dependencies.size());
  const DependencyEnds& ends = d.from_ends();
  for (std::size_t i = 0; i < d.from.dependencies.size(); ++i) by_user.emplace_back(ends.from(i), ends.to(i));
  const Groups uses(ends.number_count(), by_user);  // id number → ids it depends on
  while (!late.empty()) {
    std::string x = late.front();
    late.pop_front();
    if (!d.late_drops.insert(x).second) continue;
    auto [first, last] = uses.of(ends.number(x));
    for (const auto* member = first; member != last; ++member) {
      std::string used(ends.text(*member));
      if (!d.in_to(used) && d.in_from(used) && used.rfind("table:", 0) != 0 && used.rfind("column:", 0) != 0) late.push_back(used);
    }
  }
}

} // namespace retort::schema
