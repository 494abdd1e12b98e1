// support/counting_connection.hpp — a Connection that passes everything to a real one and counts
// what is sent: for tests of how many statements, batches and locks an operation costs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "retort/database.hpp"

namespace retort::test {

/// Passes everything to a real connection and counts what is sent; `fail_at` (0: never) turns that
/// statement of the first batch into one that fails.
class CountingConnection final : public Connection {
public:
  explicit CountingConnection(Connection& inner, std::size_t fail_at = 0) : m_inner(inner), m_fail_at(fail_at) {}

  [[nodiscard]] const Dialect& dialect() const override { return m_inner.dialect(); }
  void execute(const std::string& sql) override {
    ++executes;
    m_inner.execute(sql);
  }
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params) override {
    ++queries;
    return m_inner.query(sql, params);
  }
  BatchOutcome execute_batch(const std::vector<BatchStatement>& statements) override {
    batch_sizes.push_back(statements.size());
    return m_inner.execute_batch(statements);
  }
  std::vector<std::vector<Row>> query_batch(const std::vector<BatchStatement>& batch) override {
    batch_sizes.push_back(batch.size());
    if (m_fail_at == 0 || m_fail_at >= batch.size()) return m_inner.query_batch(batch);
    auto broken = batch;
    broken[m_fail_at] = {"SELECT 1 / 0", {}};
    return m_inner.query_batch(broken);
  }
  bool table_exists(std::string_view schema, std::string_view table) override {
    ++queries;
    return m_inner.table_exists(schema, table);
  }
  std::vector<bool> tables_exist(std::string_view schema, const std::vector<std::string>& tables) override {
    ++queries;
    return m_inner.tables_exist(schema, tables);
  }
  std::vector<std::string> table_columns(std::string_view schema, std::string_view table) override {
    return m_inner.table_columns(schema, table);
  }
  MigrationLocker& locker() override { return m_locker; }
  InFlightSettler& in_flight() override { return m_inner.in_flight(); }
  std::string applied_by() override { return m_inner.applied_by(); }
  [[nodiscard]] std::string describe() const override { return m_inner.describe(); }

  int queries = 0, executes = 0, locks = 0;  ///< queries: query() and the table-existence questions
  std::vector<std::size_t> batch_sizes;

private:
  /// The inner connection's lock, counted.
  class CountingLocker final : public MigrationLocker {
  public:
    explicit CountingLocker(CountingConnection& owner) : m_owner(owner) {}
    void lock(const LockRequest& request) override {
      ++m_owner.locks;
      m_owner.m_inner.locker().lock(request);
    }
    void unlock(const LockRequest& request) noexcept override { m_owner.m_inner.locker().unlock(request); }

  private:
    CountingConnection& m_owner;
  };

  Connection& m_inner;
  std::size_t m_fail_at;
  CountingLocker m_locker{*this};
};

} // namespace retort::test
