// diff/interner.cpp — the interner's table: sized for what is expected, doubled when half full.
#include "diff/interner.hpp"

namespace retort::schema {

namespace {

std::size_t table_size(std::size_t expected) {
  std::size_t size = 16;
  while (size < 2 * expected) size *= 2;  // at most half full
  return size;
}

} // namespace

Interner::Interner(std::size_t expected) : m_slots(table_size(expected)) { m_texts.reserve(expected); }

void Interner::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& held : old) {
    if (held.number_after == 0) continue;
    std::size_t at = held.hash & mask;
    while (m_slots[at].number_after != 0) at = (at + 1) & mask;
    m_slots[at] = held;
  }
}

} // namespace retort::schema
