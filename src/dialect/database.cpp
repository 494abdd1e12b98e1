// dialect/database.cpp — the parts of the dialect interface every driver shares: quoting, default batches, Transaction.
#include "retort/database.hpp"

namespace retort {

std::string Dialect::qualify(std::string_view schema, std::string_view name) const {
  return schema.empty() ? quote_ident(name) : quote_ident(schema) + "." + quote_ident(name);
}

std::string Dialect::quote_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

BatchOutcome Connection::execute_batch(const std::vector<BatchStatement>& statements) {
  BatchOutcome outcome;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    try {
      outcome.rows.push_back(query(statements[i].sql, statements[i].params).size());
    } catch (const Error& e) {
      outcome.failed = i;
      outcome.error = e;
      break;
    }
  }
  return outcome;
}

std::vector<std::vector<Row>> Connection::query_batch(const std::vector<BatchStatement>& queries) {
  std::vector<std::vector<Row>> out;
  out.reserve(queries.size());
  for (const auto& q : queries) out.push_back(query(q.sql, q.params));
  return out;
}

std::vector<bool> Connection::tables_exist(std::string_view schema, const std::vector<std::string>& tables) {
  std::vector<bool> out;
  out.reserve(tables.size());
  for (const auto& t : tables) out.push_back(table_exists(schema, t));
  return out;
}

Transaction::Transaction(Connection& connection) : m_connection(connection) { m_connection.execute("BEGIN"); }

Transaction::~Transaction() {
  if (!m_open) return;
  try {
    m_connection.execute("ROLLBACK");
  } catch (...) {  // a lost connection rolls back on its own
  }
}

void Transaction::commit() {
  m_connection.execute("COMMIT");
  m_open = false;
}

} // namespace retort
