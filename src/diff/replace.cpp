// diff/replace.cpp — which objects must be dropped and created again, and what that drags along.
//
// PostgreSQL cannot change some objects in place (a view's column list, a function's result type,
// an index, a trigger, a policy). Everything that depends on an object that goes away — dropped,
// recreated, a dropped column, a column whose type changes — must go too and come back afterwards.
#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>

#include "diff/differ.hpp"

namespace retort::schema {

namespace {

template <typename T>
std::unordered_map<std::string, const T*> by_id(const std::vector<T>& items) {
  std::unordered_map<std::string, const T*> out;
  out.reserve(items.size());
  for (const auto& i : items) out[id(i)] = &i;
  return out;
}

/// Ids (as views into the dependencies) → the ids on the other end, in dependency order.
using DependencyIndex = std::unordered_map<std::string_view, std::vector<std::string_view>>;

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
  DependencyIndex dependents;         // id → ids depending on it
  DependencyIndex column_dependents;  // "s.rel" → ids depending on a column of it
  for (const auto& dep : d.from.dependencies) {
    dependents[dep.to].push_back(dep.from);
    if (dep.to.rfind("column:", 0) == 0) column_dependents[relation_of_column(dep.to)].push_back(dep.from);
  }
  static const std::vector<std::string_view> none;
  auto of = [](const DependencyIndex& index, std::string_view key) -> const std::vector<std::string_view>& {
    auto it = index.find(key);
    return it == index.end() ? none : it->second;
  };

  std::set<std::string> seen;
  while (!work.empty()) {
    std::string x = work.front();
    work.pop_front();
    if (!seen.insert(x).second) continue;
    if (x.rfind("schema:", 0) == 0) continue;  // what is in a dropped schema is dropped by its own id
    bool relation = x.rfind("table:", 0) == 0 || x.rfind("view:", 0) == 0 || x.rfind("matview:", 0) == 0;
    bool column = x.rfind("column:", 0) == 0;
    const auto& direct = of(dependents, x);
    const auto& through_columns = relation && d.leaves(x) ? of(column_dependents, relation_name(x)) : none;
    for (const auto* list : {&direct, &through_columns}) {
      for (auto dep_view : *list) {
        std::string dep(dep_view);
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
  auto from_functions = by_id(d.from.functions);
  for (const auto& f : d.to.functions) {
    auto it = from_functions.find(id(f));
    if (it == from_functions.end()) continue;
    const Function& old = *it->second;
    if (old.kind != f.kind || old.result != f.result || (f.kind == 'a' && old.definition != f.definition) ||
        first_line(old.definition) != first_line(f.definition)) {
      d.replaced.insert(id(f));
    }
  }
  auto from_views = by_id(d.from.views);
  for (const auto& v : d.to.views) {
    auto it = from_views.find(id(v));
    if (it == from_views.end()) continue;
    const View& old = *it->second;
    if (v.materialized ? (old.definition != v.definition || old.options != v.options) : !view_columns_extend(old, v)) {
      d.replaced.insert(id(v));
    }
  }
  auto from_indexes = by_id(d.from.indexes);
  for (const auto& i : d.to.indexes) {
    auto it = from_indexes.find(id(i));
    if (it != from_indexes.end() && it->second->definition != i.definition) d.replaced.insert(id(i));
  }
  auto from_triggers = by_id(d.from.triggers);
  for (const auto& t : d.to.triggers) {
    auto it = from_triggers.find(id(t));
    if (it != from_triggers.end() && it->second->definition != t.definition) d.replaced.insert(id(t));
  }
  auto from_policies = by_id(d.from.policies);
  for (const auto& p : d.to.policies) {
    auto it = from_policies.find(id(p));
    if (it == from_policies.end()) continue;
    Policy a = *it->second, b = p;
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
  auto from_domains = by_id(d.from.domains);
  for (const auto& x : d.to.domains) {
    auto it = from_domains.find(id(x));
    if (it != from_domains.end() && (it->second->base_type != x.base_type || it->second->collation != x.collation)) {
      if (used_by_a_column(x.schema, x.name)) d.set_aside_types[id(x)] = x.name + "__retort_old";
      else d.replaced.insert(id(x));
    }
  }
  auto from_composites = by_id(d.from.composite_types);
  for (const auto& x : d.to.composite_types) {
    auto it = from_composites.find(id(x));
    if (it == from_composites.end() || *it->second == x) continue;
    bool attributes_change = it->second->attributes != x.attributes;
    // PostgreSQL alters no attribute of a type a column uses: the type is rebuilt under its columns.
    if (attributes_change && used_by_a_column(x.schema, x.name)) d.set_aside_types[id(x)] = x.name + "__retort_old";
    else if (!attributes_alterable(*it->second, x)) d.replaced.insert(id(x));
  }
  auto from_enums = by_id(d.from.enums);
  for (const auto& e : d.to.enums) {
    auto it = from_enums.find(id(e));
    if (it != from_enums.end() && !labels_extend(it->second->labels, e.labels)) {
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
  DependencyIndex uses;  // id → ids it depends on
  for (const auto& dep : d.from.dependencies) uses[dep.from].push_back(dep.to);
  while (!late.empty()) {
    std::string x = late.front();
    late.pop_front();
    if (!d.late_drops.insert(x).second) continue;
    auto it = uses.find(x);
    if (it == uses.end()) continue;
    for (auto used_view : it->second) {
      std::string used(used_view);
      if (!d.in_to(used) && d.in_from(used) && used.rfind("table:", 0) != 0 && used.rfind("column:", 0) != 0) late.push_back(used);
    }
  }
}

} // namespace retort::schema
