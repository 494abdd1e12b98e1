// diff/interner.cpp — an open-addressing (linear probing) table of string numbers.
#include "diff/interner.hpp"

#include <cstring>

namespace retort::schema {

namespace {

/// A fast hash of ids, which share long prefixes ("column:public.t00042."): 8 bytes a step, mixed
/// by multiplication, then a final avalanche (splitmix64's) so that the low bits pick the slot.
std::uint64_t hash_of(std::string_view text) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ text.size();
  const char* p = text.data();
  std::size_t n = text.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  if (n > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = (h ^ word) * 0x94D049BB133111EBULL;
  }
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

std::size_t table_size(std::size_t expected) {
  std::size_t size = 16;
  while (size < 2 * expected) size *= 2;  // at most half full
  return size;
}

} // namespace

Interner::Interner(std::size_t expected) : m_slots(table_size(expected)) { m_texts.reserve(expected); }

std::size_t Interner::slot_of(std::string_view text, std::uint32_t hash) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& held = m_slots[slot];
    if (held.number_after == 0 || (held.hash == hash && m_texts[held.number_after - 1] == text)) return slot;
  }
}

std::uint32_t Interner::intern(std::string_view text) {
  auto hash = static_cast<std::uint32_t>(hash_of(text));
  Slot& slot = m_slots[slot_of(text, hash)];
  if (slot.number_after != 0) return slot.number_after - 1;
  auto number = static_cast<std::uint32_t>(m_texts.size());
  m_texts.push_back(text);
  slot = Slot{number + 1, hash};
  if (2 * m_texts.size() > m_slots.size()) grow();
  return number;
}

std::int64_t Interner::find(std::string_view text) const {
  const Slot& held = m_slots[slot_of(text, static_cast<std::uint32_t>(hash_of(text)))];
  return static_cast<std::int64_t>(held.number_after) - 1;
}

void Interner::grow() {
  std::vector<Slot> old(m_slots.size() * 2);
  old.swap(m_slots);
  const std::size_t mask = m_slots.size() - 1;
  for (const Slot& held : old) {
    if (held.number_after == 0) continue;
    std::size_t slot = held.hash & mask;
    while (m_slots[slot].number_after != 0) slot = (slot + 1) & mask;
    m_slots[slot] = held;
  }
}

} // namespace retort::schema
