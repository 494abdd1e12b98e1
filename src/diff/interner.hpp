// diff/interner.hpp — strings numbered 0, 1, 2… in the order first seen, found again by hash.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace retort::schema {

/// Numbers strings without copying them: each text must outlive the interner. An open-addressing
/// table of numbers (no allocation per string), for the diff's tens of thousands of object ids.
class Interner {
public:
  explicit Interner(std::size_t expected = 0);

  /// The number of `text`, numbering it when it is new.
  std::uint32_t intern(std::string_view text);
  /// The number of `text`; -1 when it was never interned.
  [[nodiscard]] std::int64_t find(std::string_view text) const;
  [[nodiscard]] std::string_view text(std::uint32_t number) const { return m_texts[number]; }
  [[nodiscard]] std::size_t size() const { return m_texts.size(); }

private:
  struct Slot {
    std::uint32_t number_after = 0;  ///< number + 1; 0: empty
    std::uint32_t hash = 0;          ///< the text's hash (its low bits pick the slot)
  };
  [[nodiscard]] std::size_t slot_of(std::string_view text, std::uint32_t hash) const;
  void grow();

  std::vector<std::string_view> m_texts;   ///< number → text
  std::vector<Slot> m_slots;               ///< a power of two long, at most half full
};

} // namespace retort::schema
