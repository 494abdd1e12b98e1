// driver/postgres/pg_catalog_rows.hpp — the catalog queries' rows, read as text in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "driver/postgres/pg_connection.hpp"
#include "retort/database.hpp"

namespace retort::pg {

using Oid = std::uint32_t;

/// One query's rows as text: libpq's result read in place (no copy of tens of thousands of rows),
/// or the rows any other Connection returned.
class CatalogResult {
public:
  CatalogResult() = default;
  explicit CatalogResult(PgResultPtr result);
  explicit CatalogResult(std::vector<Row> rows) : m_rows(std::move(rows)) {}

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t columns() const;
  [[nodiscard]] bool is_null(std::size_t row, std::size_t column) const;
  /// The value's text; empty for NULL.
  [[nodiscard]] std::string_view text(std::size_t row, std::size_t column) const;

private:
  PgResultPtr m_result;
  std::vector<Row> m_rows;
};

/// One row of a CatalogResult, with the conversions the decoders need.
class RowView {
public:
  RowView(const CatalogResult& result, std::size_t row) : m_result(&result), m_row(row) {}

  [[nodiscard]] bool is_null(std::size_t column) const { return m_result->is_null(m_row, column); }
  /// The value as text; empty for NULL.
  [[nodiscard]] std::string_view view(std::size_t column) const { return m_result->text(m_row, column); }
  [[nodiscard]] std::string str(std::size_t column) const { return std::string(view(column)); }
  /// A boolean printed as 't' or 'f'; false for NULL.
  [[nodiscard]] bool flag(std::size_t column) const { return view(column) == "t"; }
  /// A "char" column's letter; 0 for NULL or empty.
  [[nodiscard]] char letter(std::size_t column) const {
    auto v = view(column);
    return v.empty() ? 0 : v[0];
  }
  /// A whole number (an oid, a column number); 0 for NULL. Throws Error(ErrorCode::internal) for
  /// anything else.
  [[nodiscard]] std::int64_t number(std::size_t column) const;
  [[nodiscard]] Oid oid(std::size_t column) const { return static_cast<Oid>(number(column)); }
  /// The elements of an array value, NULL elements left out; nothing for NULL.
  [[nodiscard]] std::vector<std::string> items(std::size_t column) const;
  /// items(), sorted (reloptions, ACLs: the order they were written in says nothing).
  [[nodiscard]] std::vector<std::string> sorted_items(std::size_t column) const;

private:
  const CatalogResult* m_result;
  std::size_t m_row;
};

/// Iterating over a CatalogResult gives its rows: for (RowView r : result).
class RowIterator {
public:
  RowIterator(const CatalogResult& result, std::size_t row) : m_result(&result), m_row(row) {}
  RowView operator*() const { return {*m_result, m_row}; }
  RowIterator& operator++() {
    ++m_row;
    return *this;
  }
  bool operator!=(const RowIterator& other) const { return m_row != other.m_row; }

private:
  const CatalogResult* m_result;
  std::size_t m_row;
};
inline RowIterator begin(const CatalogResult& result) { return {result, 0}; }
inline RowIterator end(const CatalogResult& result) { return {result, result.size()}; }

/// The elements of an array as PostgreSQL prints it ({a,"b c",NULL}), NULL elements left out;
/// nothing for an empty text. Throws Error(ErrorCode::internal) when it is not an array literal.
std::vector<std::string> array_items(std::string_view literal);

/// Throws Error(ErrorCode::internal) unless the result has `columns` columns (or no rows): a query
/// and its decoder disagree (a bug, not a server's answer).
void check_columns(const CatalogResult& result, std::size_t columns, std::string_view query);

} // namespace retort::pg
