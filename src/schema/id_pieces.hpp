// schema/id_pieces.hpp — object ids (retort/schema.hpp) as the pieces they are joined from (internal).
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "retort/schema.hpp"

namespace retort::schema {

inline std::string_view id_prefix(Kind kind) {
  switch (kind) {
  case Kind::schema: return "schema:";
  case Kind::extension: return "extension:";
  case Kind::enum_type: return "enum:";
  case Kind::domain: return "domain:";
  case Kind::composite_type: return "composite:";
  case Kind::sequence: return "sequence:";
  case Kind::function: return "function:";
  case Kind::table: return "table:";
  case Kind::column: return "column:";
  case Kind::constraint: return "constraint:";
  case Kind::index: return "index:";
  case Kind::view: return "view:";
  case Kind::materialized_view: return "matview:";
  case Kind::trigger: return "trigger:";
  case Kind::policy: return "policy:";
  }
  return "object:";
}

/// An id as the pieces it is joined from ("table:", "public", ".", "t"): compared as the joined
/// string would be without joining it (canonicalize compares ids O(n log n) times), and joined
/// with one allocation.
class IdPieces {
public:
  IdPieces(Kind kind, const std::string& schema) {
    add(id_prefix(kind));
    if (!schema.empty()) {
      add(schema);
      add(".");
    }
  }
  IdPieces& add(std::string_view piece) {
    if (!piece.empty()) m_pieces[m_count++] = piece;
    return *this;
  }
  /// The joined id.
  [[nodiscard]] std::string str() const {
    std::size_t size = 0;
    for (std::size_t i = 0; i < m_count; ++i) size += m_pieces[i].size();
    std::string out;
    out.reserve(size);
    append_to(out);
    return out;
  }
  /// Appends the joined id to `out`.
  void append_to(std::string& out) const {
    for (std::size_t i = 0; i < m_count; ++i) out += m_pieces[i];
  }
  /// <0, 0, >0 as std::string's compare of the two joined ids.
  [[nodiscard]] int compare(const IdPieces& other) const {
    std::size_t i = 0, at = 0, j = 0, other_at = 0;
    while (true) {
      if (i < m_count && at == m_pieces[i].size()) { ++i; at = 0; continue; }
      if (j < other.m_count && other_at == other.m_pieces[j].size()) { ++j; other_at = 0; continue; }
      if (i == m_count) return j == other.m_count ? 0 : -1;
      if (j == other.m_count) return 1;
      std::size_t n = std::min(m_pieces[i].size() - at, other.m_pieces[j].size() - other_at);
      int c = m_pieces[i].compare(at, n, other.m_pieces[j].substr(other_at, n));
      if (c != 0) return c;
      at += n;
      other_at += n;
    }
  }

private:
  std::array<std::string_view, 7> m_pieces{};
  std::size_t m_count = 0;
};

inline IdPieces pieces(const SchemaNamespace& o) { return IdPieces(Kind::schema, "").add(o.name); }
inline IdPieces pieces(const Extension& o) { return IdPieces(Kind::extension, "").add(o.name); }
inline IdPieces pieces(const EnumType& o) { return IdPieces(Kind::enum_type, o.schema).add(o.name); }
inline IdPieces pieces(const Domain& o) { return IdPieces(Kind::domain, o.schema).add(o.name); }
inline IdPieces pieces(const CompositeType& o) { return IdPieces(Kind::composite_type, o.schema).add(o.name); }
inline IdPieces pieces(const Sequence& o) { return IdPieces(Kind::sequence, o.schema).add(o.name); }
inline IdPieces pieces(const Function& o) {
  return IdPieces(Kind::function, o.schema).add(o.name).add("(").add(o.arguments).add(")");
}
inline IdPieces pieces(const Table& o) { return IdPieces(Kind::table, o.schema).add(o.name); }
inline IdPieces pieces(const Index& o) { return IdPieces(Kind::index, o.schema).add(o.name); }
inline IdPieces pieces(const View& o) {
  return IdPieces(o.materialized ? Kind::materialized_view : Kind::view, o.schema).add(o.name);
}
inline IdPieces pieces(const Trigger& o) { return IdPieces(Kind::trigger, o.schema).add(o.table).add(".").add(o.name); }
inline IdPieces pieces(const Policy& o) { return IdPieces(Kind::policy, o.schema).add(o.table).add(".").add(o.name); }
inline IdPieces column_pieces(const Table& t, const Column& c) {
  return IdPieces(Kind::column, t.schema).add(t.name).add(".").add(c.name);
}
inline IdPieces constraint_pieces(const Table& t, const Constraint& c) {
  return IdPieces(Kind::constraint, t.schema).add(t.name).add(".").add(c.name);
}

} // namespace retort::schema
