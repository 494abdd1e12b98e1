// diff/interner.hpp — strings numbered 0, 1, 2… in the order first seen, found again by hash.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace retort::schema {

/// Numbers strings without copying them: each text must outlive the interner. An open-addressing
/// table of numbers (no allocation per string), for the diff's tens of thousands of object ids.
/// Lookups are inline: the diff makes about ten per object.
class Interner {
public:
  explicit Interner(std::size_t expected = 0);

  /// The number of `text`, numbering it when it is new.
  std::uint32_t intern(std::string_view text) {
    auto hash = hash_of(text);
    Slot& slot = m_slots[slot_of(text, hash)];
    if (slot.number_after != 0) return slot.number_after - 1;
    auto number = static_cast<std::uint32_t>(m_texts.size());
    m_texts.push_back(text);
    slot = Slot{number + 1, hash};
    if (2 * m_texts.size() > m_slots.size()) grow();
    return number;
  }
  /// The number of `text`; -1 when it was never interned.
  [[nodiscard]] std::int64_t find(std::string_view text) const {
    return static_cast<std::int64_t>(m_slots[slot_of(text, hash_of(text))].number_after) - 1;
  }
  [[nodiscard]] std::string_view text(std::uint32_t number) const { return m_texts[number]; }
  [[nodiscard]] std::size_t size() const { return m_texts.size(); }

private:
  struct Slot {
    std::uint32_t number_after = 0;  ///< number + 1; 0: empty
    std::uint32_t hash = 0;          ///< the text's hash (its low bits pick the slot)
  };

  /// A fast hash of ids, which share long prefixes ("column:public.t00042."): 8 bytes a step,
  /// mixed by multiplication, then a final avalanche (splitmix64's) so that the low bits pick the slot.
  static std::uint32_t hash_of(std::string_view text) {
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
    return static_cast<std::uint32_t>(h);
  }

  /// The slot holding `text`, or the empty slot where it would go.
  [[nodiscard]] std::size_t slot_of(std::string_view text, std::uint32_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot& held = m_slots[at];
      if (held.number_after == 0) return at;
      if (held.hash != hash) continue;
      std::string_view other = m_texts[held.number_after - 1];
      if (other.size() == text.size() && std::memcmp(other.data(), text.data(), text.size()) == 0) return at;
    }
  }
  void grow();

  std::vector<std::string_view> m_texts;   ///< number → text
  std::vector<Slot> m_slots;               ///< a power of two long, at most half full
};

} // namespace retort::schema
