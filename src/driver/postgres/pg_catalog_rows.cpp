// driver/postgres/pg_catalog_rows.cpp — the catalog queries' rows, read as text in place.
#include "driver/postgres/pg_catalog_rows.hpp"

#include <libpq-fe.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "retort/error.hpp"

namespace retort::pg {

CatalogResult::CatalogResult(PgResultPtr result) : m_result(std::move(result)) {}

std::size_t CatalogResult::size() const {
  return m_result ? static_cast<std::size_t>(PQntuples(m_result.get())) : m_rows.size();
}

std::size_t CatalogResult::columns() const {
  if (m_result) return static_cast<std::size_t>(PQnfields(m_result.get()));
  return m_rows.empty() ? 0 : m_rows.front().size();
}

bool CatalogResult::is_null(std::size_t row, std::size_t column) const {
  if (m_result) return PQgetisnull(m_result.get(), static_cast<int>(row), static_cast<int>(column)) == 1;
  return !m_rows[row][column].has_value();
}

std::string_view CatalogResult::text(std::size_t row, std::size_t column) const {
  if (m_result) {
    const int r = static_cast<int>(row), c = static_cast<int>(column);
    return {PQgetvalue(m_result.get(), r, c), static_cast<std::size_t>(PQgetlength(m_result.get(), r, c))};
  }
  const auto& v = m_rows[row][column];
  return v ? std::string_view(*v) : std::string_view();
}

std::int64_t RowView::number(std::size_t column) const {
  auto v = view(column);
  if (v.empty()) return 0;
  std::int64_t out = 0;
  auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (error != std::errc() || end != v.data() + v.size()) {
    throw Error(ErrorCode::internal, fmt::format("a catalog query returned '{}' where a number belongs", v));
  }
  return out;
}

std::vector<std::string> RowView::items(std::size_t column) const { return array_items(view(column)); }

std::vector<std::string> RowView::sorted_items(std::size_t column) const {
  auto out = items(column);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> array_items(std::string_view literal) {
  std::vector<std::string> out;
  if (literal.empty()) return out;
  auto malformed = [&] {
    return Error(ErrorCode::internal, fmt::format("a catalog query returned '{}' where an array belongs", literal));
  };
  if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') throw malformed();
  const std::size_t end = literal.size() - 1;
  std::size_t i = 1;
  if (i == end) return out;
  while (i <= end) {
    std::string item;
    bool quoted = false;
    if (literal[i] == '"') {
      quoted = true;
      for (++i; i < end && literal[i] != '"'; ++i) {
        if (literal[i] == '\\') ++i;
        if (i >= end) throw malformed();
        item += literal[i];
      }
      if (i >= end) throw malformed();
      ++i;  // the closing quote
    } else {
      for (; i < end && literal[i] != ','; ++i) item += literal[i];
    }
    if (i < end && literal[i] != ',') throw malformed();
    if (quoted || item != "NULL") out.push_back(std::move(item));
    ++i;  // the comma, or past the closing brace
  }
  return out;
}

void check_columns(const CatalogResult& result, std::size_t columns, std::string_view query) {
  if (result.size() > 0 && result.columns() != columns) {
    throw Error(ErrorCode::internal, fmt::format("the catalog query for {} returned {} columns where {} were expected",
                                                 query, result.columns(), columns));
  }
}

} // namespace retort::pg
