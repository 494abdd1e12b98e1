// driver/postgres/pg_read_plan.cpp — who reads which catalog query when two sessions share a read.
#include "driver/postgres/pg_read_plan.hpp"

namespace retort::pg {

std::vector<Part> every_query() {
  std::vector<Part> out;
  for (auto query : all_catalogs()) out.push_back({query});
  return out;
}

std::vector<PlannedPart> shared_plan() {
  using enum Reader;
  return {
      {{Catalog::functions}, first},
      {{Catalog::columns, Half::low}, first},
      {{Catalog::columns, Half::high}, second},
      {{Catalog::constraints, Half::low}, first},
      {{Catalog::constraints, Half::high}, second},
      {{Catalog::table_objects, Half::low}, first},
      {{Catalog::table_objects, Half::high}, second},
      // by their cost at 1,000 tables (bench/SCHEMA_RESULTS.md): view definitions open the tables
      // the views read, pg_depend is the largest catalog, and the objects the model does not
      // cover are few but in some 25 catalogs, which a fresh session plans and opens cold (20-30 ms)
      {{Catalog::relations}, either},
      {{Catalog::dependencies}, either},
      {{Catalog::unsupported}, either},
      {{Catalog::types}, either},
      {{Catalog::schemas}, either},
  };
}

PartBoard::PartBoard(std::vector<PlannedPart> plan) : m_plan(std::move(plan)), m_taken(m_plan.size(), false) {}

std::optional<std::size_t> PartBoard::next_for(Reader reader) const {
  for (std::size_t i = 0; i < m_plan.size(); ++i) {
    if (m_taken[i]) continue;
    const Reader planned = m_plan[i].reader;
    if (planned == Reader::either || planned == reader) return i;
    if (reader == Reader::first && planned == Reader::second && m_second == Second::gone) return i;
  }
  return std::nullopt;
}

bool PartBoard::waits_for_second() const {
  if (m_second != Second::opening) return false;
  for (std::size_t i = 0; i < m_plan.size(); ++i) {
    if (!m_taken[i] && m_plan[i].reader == Reader::second) return true;
  }
  return false;
}

std::vector<std::size_t> PartBoard::take_own(Reader reader) {
  std::lock_guard lock(m_mutex);
  std::vector<std::size_t> out;
  if (m_stopped) return out;
  for (std::size_t i = 0; i < m_plan.size(); ++i) {
    if (!m_taken[i] && m_plan[i].reader == reader) {
      m_taken[i] = true;
      out.push_back(i);
    }
  }
  return out;
}

std::optional<std::size_t> PartBoard::take(Reader reader) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    if (m_stopped) return std::nullopt;
    if (auto next = next_for(reader)) {
      m_taken[*next] = true;
      return next;
    }
    if (reader != Reader::first || !waits_for_second()) return std::nullopt;
    m_changed.wait(lock);
  }
}

void PartBoard::second_opened(bool reading) {
  {
    std::lock_guard lock(m_mutex);
    m_second = reading ? Second::reading : Second::gone;
  }
  m_changed.notify_all();
}

void PartBoard::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopped = true;
  }
  m_changed.notify_all();
}

bool PartBoard::stopped() const {
  std::lock_guard lock(m_mutex);
  return m_stopped;
}

} // namespace retort::pg
