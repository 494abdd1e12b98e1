// diff/object_ids.cpp — a schema's object ids, their ordering nodes, and the nodes' tie-break order.
#include "diff/object_ids.hpp"

#include <algorithm>
#include <array>

#include "schema/id_pieces.hpp"

namespace retort::schema {

namespace {

constexpr int k_ranks = 13;

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

/// Texts written one after the other into one string; viewed once the writing is done.
class TextSpans {
public:
  TextSpans(std::string& text, std::size_t expected) : m_text(text) { m_spans.reserve(expected); }
  std::size_t add(const IdPieces& id) {
    std::size_t at = m_text.size();
    id.append_to(m_text);
    return close(at);
  }
  std::size_t add_dotted(const std::string& schema, const std::string& name) {
    std::size_t at = m_text.size();
    m_text += schema;
    m_text += '.';
    m_text += name;
    return close(at);
  }
  [[nodiscard]] std::size_t count() const { return m_spans.size(); }
  [[nodiscard]] std::string_view view(std::size_t span) const {
    return std::string_view(m_text).substr(m_spans[span].first, m_spans[span].second);
  }

private:
  std::size_t close(std::size_t at) {
    m_spans.emplace_back(at, m_text.size() - at);
    return m_spans.size() - 1;
  }
  std::string& m_text;
  std::vector<std::pair<std::size_t, std::size_t>> m_spans;
};

} // namespace

ObjectIds::ObjectIds(const Database& db)
    : m_db(db), m_numbers(id_count(db)), m_relation_names(db.views.size() + db.tables.size()) {
  // Every object id, written once. Spans are numbered in the order written.
  m_text.reserve(40 * (id_count(db) + db.views.size() + db.tables.size()));  // ids are 20-40 bytes
  TextSpans spans(m_text, id_count(db) + db.views.size() + db.tables.size());
  std::vector<std::size_t> node_spans;
  std::vector<std::pair<std::size_t, std::size_t>> listed;  // span, place in its list
  auto add_node = [&](const IdPieces& id) {
    node_spans.push_back(spans.add(id));
    return node_spans.back();
  };
  auto add_list = [&](List list, const auto& items) {
    m_first_span[static_cast<std::size_t>(list)] = spans.count();
    for (std::size_t k = 0; k < items.size(); ++k) listed.emplace_back(add_node(pieces(items[k])), k);
  };
  add_list(List::schemas, db.schemas);
  add_list(List::extensions, db.extensions);
  add_list(List::enums, db.enums);
  add_list(List::domains, db.domains);
  add_list(List::composites, db.composite_types);
  add_list(List::sequences, db.sequences);
  add_list(List::functions, db.functions);
  m_table_span.reserve(db.tables.size());
  for (std::size_t k = 0; k < db.tables.size(); ++k) {
    const Table& t = db.tables[k];
    m_table_span.push_back(add_node(pieces(t)));
    listed.emplace_back(m_table_span.back(), k);
    for (const auto& c : t.constraints) {
      if (c.type == 'f') add_node(constraint_pieces(t, c));
    }
  }
  const auto& table_span = m_table_span;
  add_list(List::indexes, db.indexes);
  const std::size_t first_view = spans.count();
  add_list(List::views, db.views);
  add_list(List::triggers, db.triggers);
  add_list(List::policies, db.policies);
  // Columns and constraints written inside CREATE TABLE, with their table's span.
  std::vector<std::pair<std::size_t, std::size_t>> table_parts;
  for (std::size_t k = 0; k < db.tables.size(); ++k) {
    const Table& t = db.tables[k];
    for (const auto& c : t.columns) table_parts.emplace_back(spans.add(column_pieces(t, c)), table_span[k]);
    for (const auto& c : t.constraints) {
      if (c.type != 'f') table_parts.emplace_back(spans.add(constraint_pieces(t, c)), table_span[k]);
    }
  }
  const std::size_t object_spans = spans.count();
  // Relations by "schema.name", views first (a table wins over a view of the same name).
  std::vector<std::pair<std::size_t, std::size_t>> relations;  // name span, id span
  for (std::size_t k = 0; k < db.views.size(); ++k) {
    relations.emplace_back(spans.add_dotted(db.views[k].schema, db.views[k].name), first_view + k);
  }
  for (std::size_t k = 0; k < db.tables.size(); ++k) {
    relations.emplace_back(spans.add_dotted(db.tables[k].schema, db.tables[k].name), table_span[k]);
  }

  // Object numbers (an id written twice is one object).
  auto& number_of_span = m_number_of_span;
  number_of_span.resize(object_spans);
  for (std::size_t s = 0; s < object_spans; ++s) number_of_span[s] = m_numbers.intern(spans.view(s));
  m_position.assign(m_numbers.size(), -1);
  for (const auto& [span, place] : listed) m_position[number_of_span[span]] = static_cast<std::int64_t>(place);

  // Node numbers: by kind rank, then id.
  std::vector<char> is_node(m_numbers.size(), 0);
  std::array<std::vector<std::uint32_t>, k_ranks> by_rank;
  for (auto s : node_spans) {
    std::uint32_t n = number_of_span[s];
    if (is_node[n]) continue;
    is_node[n] = 1;
    by_rank[static_cast<std::size_t>(rank_of(m_numbers.text(n)))].push_back(n);
  }
  m_own_node.assign(m_numbers.size(), -1);
  m_order_node.assign(m_numbers.size(), -1);
  for (auto& numbers : by_rank) {
    auto id_less = [&](std::uint32_t a, std::uint32_t b) { return m_numbers.text(a) < m_numbers.text(b); };
    if (!std::is_sorted(numbers.begin(), numbers.end(), id_less)) std::sort(numbers.begin(), numbers.end(), id_less);
    for (auto n : numbers) m_own_node[n] = static_cast<int>(m_node_count++);
  }
  // A column or a constraint inside CREATE TABLE goes with its table (the last table wins an id
  // two tables would share); every other object is its own node.
  for (const auto& [part, table] : table_parts) m_order_node[number_of_span[part]] = m_own_node[number_of_span[table]];
  for (std::size_t n = 0; n < m_numbers.size(); ++n) {
    if (m_order_node[n] < 0) m_order_node[n] = m_own_node[n];
  }
  for (const auto& [name, relation] : relations) {
    std::uint32_t r = m_relation_names.intern(spans.view(name));
    if (r == m_relation_node.size()) m_relation_node.push_back(-1);
    m_relation_node[r] = m_own_node[number_of_span[relation]];
  }
}

int ObjectIds::node(std::string_view id) const {
  auto number = m_numbers.find(id);
  return number < 0 ? -1 : m_own_node[static_cast<std::size_t>(number)];
}

int ObjectIds::relation_node(std::string_view dotted_name) const {
  auto r = m_relation_names.find(dotted_name);
  return r < 0 ? -1 : m_relation_node[static_cast<std::size_t>(r)];
}

DependencyEnds::DependencyEnds(const Database& db, const ObjectIds& ids) : m_ids(ids) {
  m_ends.reserve(2 * db.dependencies.size());
  auto number_of = [&](const std::string& id) {
    auto object = ids.number(id);
    if (object >= 0) return static_cast<std::uint32_t>(object);
    std::uint32_t other = m_others.intern(id);
    if (other == m_other_order_node.size()) {
      // A column that is no object here goes with its relation.
      static constexpr std::string_view column_prefix = "column:";
      std::string_view text = id;
      int node = -1;
      if (text.substr(0, column_prefix.size()) == column_prefix) {
        auto last = text.rfind('.');
        node = ids.relation_node(text.substr(column_prefix.size(), last - column_prefix.size()));
      }
      m_other_order_node.push_back(node);
    }
    return static_cast<std::uint32_t>(ids.object_count() + other);
  };
  for (const auto& d : db.dependencies) {
    m_ends.push_back(number_of(d.from));
    m_ends.push_back(number_of(d.to));
  }
}

std::int64_t DependencyEnds::number(std::string_view id) const {
  auto object = m_ids.number(id);
  if (object >= 0) return object;
  auto other = m_others.find(id);
  return other < 0 ? -1 : static_cast<std::int64_t>(m_ids.object_count()) + other;
}

std::string_view DependencyEnds::text(std::uint32_t number) const {
  return number < m_ids.object_count() ? m_ids.text(number) : m_others.text(static_cast<std::uint32_t>(number - m_ids.object_count()));
}

int DependencyEnds::order_node(std::uint32_t number) const {
  return number < m_ids.object_count() ? m_ids.order_node(number)
                                       : m_other_order_node[number - m_ids.object_count()];
}

} // namespace retort::schema
