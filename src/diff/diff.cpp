// diff/diff.cpp — diff(): the passes in order, then the changes sorted by phase and dependencies.
#include <algorithm>
#include <future>
#include <optional>

#include "diff/differ.hpp"
#include "diff/privileges.hpp"

namespace retort::schema {

namespace {

/// "ALTER TYPE s.t ADD VALUE 'x' …" → "'x'::s.t", the text a later statement using the value holds.
std::string enum_value_use(const std::string& sql) {
  static const std::string head = "ALTER TYPE ", add = " ADD VALUE ";
  if (sql.rfind(head, 0) != 0) return "";  // (before looking through the whole statement)
  auto at = sql.find(add);
  if (at == std::string::npos) return "";
  std::size_t end = at + add.size() + 1;  // past the opening quote
  while (end < sql.size()) {
    if (sql[end] == '\'' && (end + 1 >= sql.size() || sql[end + 1] != '\'')) break;
    end += sql[end] == '\'' ? 2 : 1;
  }
  return sql.substr(at + add.size(), end + 1 - at - add.size()) + "::" + sql.substr(head.size(), at - head.size());
}

/// A new enum value cannot be used in the transaction that added it (55P04). When a later
/// statement of the same change set uses it, the value is added outside the transaction: the
/// migration then runs `transaction: none`.
void commit_enum_values_before_use(ChangeSet& set) {
  for (std::size_t i = 0; i < set.changes.size(); ++i) {
    for (auto& s : set.changes[i].statements) {
      std::string use = enum_value_use(s.sql);
      if (use.empty()) continue;
      for (std::size_t j = i + 1; j < set.changes.size() && s.transactional; ++j) {
        for (const auto& later : set.changes[j].statements) {
          if (later.sql.find(use) != std::string::npos) s.transactional = false;
        }
      }
    }
  }
}

/// `given` with inheritance normalized (normalize_inheritance): `given` itself when no table
/// inherits, else `copy` (made from `given` unless it holds the model already).
const Database& normalized(const Database& given, std::optional<Database>& copy) {
  if (has_inheritance_children(copy ? *copy : given)) {
    if (!copy) copy = given;
    normalize_inheritance(*copy);
  }
  return copy ? *copy : given;
}

} // namespace

Differ::Differ(const Database& from_db, const Database& to_db, const DiffOptions& opts)
    : from(from_db), to(to_db), options(opts), from_ids(from_db), to_ids(to_db) {
  for (const auto& t : from.tables) from_tables[id(t)] = &t;
  for (const auto& t : to.tables) to_tables[id(t)] = &t;
}

void Differ::add(Phase phase, const std::string& node, Change change) {
  actions.push_back(Action{phase, node, std::move(change)});
}

std::vector<std::string_view> Differ::dropped_ids() const {
  std::vector<std::string_view> out;
  for (std::uint32_t n = 0; n < from_ids.object_count(); ++n) {
    if (!to_ids.contains(from_ids.text(n))) out.push_back(from_ids.text(n));
  }
  std::sort(out.begin(), out.end());
  return out;
}

const DependencyEnds& Differ::from_ends() {
  if (!m_from_ends) m_from_ends.emplace(from, from_ids);
  return *m_from_ends;
}

const DependencyEnds& Differ::to_ends() {
  if (!m_to_ends) m_to_ends.emplace(to, to_ids);
  return *m_to_ends;
}

ChangeSet diff(const Database& from_in, const Database& to_in, const DiffOptions& options) {
  // Each side is the caller's model unless renames or inheritance change it (then a copy).
  std::vector<Action> rename_actions;
  std::optional<Database> from_copy = apply_renames(from_in, options.renames, rename_actions);
  std::optional<Database> to_copy;
  const Database& from = normalized(from_in, from_copy);
  const Database& to = normalized(to_in, to_copy);
  Differ d(from, to, options);
  d.actions = std::move(rename_actions);
  // When `to` has more objects than `from`, some of them are created, and creations are placed by
  // `to`'s creation order: it is worked out on another core while the passes run (in a dump, about
  // a fifth of the diff's time). The passes only read `to` and its ids.
  std::future<CreationOrder> early_to_order;
  if (d.to_ids.object_count() > d.from_ids.object_count()) {
    early_to_order = std::async(std::launch::async, [&d] {
      const DependencyEnds ends(d.to, d.to_ids);
      return creation_order(d.to, d.to_ids, ends);
    });
  }

  mark_replacements(d);
  diff_sequence_ownership_release(d);
  diff_tables(d);
  diff_sequence_ownership(d);
  diff_objects(d);

  // Each side's creation order, when some change is placed by it.
  auto dropping = [](const Action& a) { return a.phase == Phase::drop || a.phase == Phase::late_drop; };
  std::optional<CreationOrder> from_order, to_order;
  if (std::any_of(d.actions.begin(), d.actions.end(), dropping)) from_order.emplace(creation_order(from, d.from_ids, d.from_ends()));
  if (std::any_of(d.actions.begin(), d.actions.end(), [](const Action& a) { return a.phase == Phase::create; })) {
    to_order.emplace(early_to_order.valid() ? early_to_order.get() : creation_order(to, d.to_ids, d.to_ends()));
  }
  auto position = [&](const Action& a) -> std::size_t {
    if (a.phase == Phase::rename) return 0;
    const CreationOrder& order = dropping(a) ? *from_order : *to_order;
    auto found = order.position(a.node);
    std::size_t p = found ? *found + 1 : 0;
    return dropping(a) ? order.size() + 1 - p : p;  // drops: dependents first
  };
  std::vector<std::pair<std::size_t, std::size_t>> keys;  // (position, index)
  std::vector<std::size_t> index(d.actions.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  std::vector<std::size_t> pos(d.actions.size());
  for (std::size_t i = 0; i < d.actions.size(); ++i) pos[i] = position(d.actions[i]);
  std::stable_sort(index.begin(), index.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = d.actions[a];
    const auto& y = d.actions[b];
    if (x.phase != y.phase) return x.phase < y.phase;
    return pos[a] < pos[b];
  });

  ChangeSet out;
  for (auto i : index) {
    if (!d.actions[i].change.statements.empty()) out.changes.push_back(std::move(d.actions[i].change));
  }
  commit_enum_values_before_use(out);
  // Objects the model does not cover: on one side only, they are differences retort cannot
  // render (the change set is not empty); on both sides, they were not compared (a note says so).
  std::vector<std::string> shared;
  for (const auto& u : from.unsupported) {
    bool both = std::find(to.unsupported.begin(), to.unsupported.end(), u) != to.unsupported.end();
    if (both) shared.push_back(u.kind + " " + u.name);
    else out.unsupported.push_back(u);
  }
  for (const auto& u : to.unsupported) {
    if (std::find(from.unsupported.begin(), from.unsupported.end(), u) == from.unsupported.end()) out.unsupported.push_back(u);
  }
  if (!shared.empty()) {
    std::string list;
    for (const auto& s : shared) list += (list.empty() ? "" : ", ") + s;
    out.notes.push_back("not compared (retort does not model these yet; they exist on both sides): " + list);
  }
  if (options.privileges) add_privilege_changes(from, to, out);
  note_possible_renames(d, out);
  return out;
}

} // namespace retort::schema
