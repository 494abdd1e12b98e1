// driver/postgres/pg_read_plan.hpp — who reads which catalog query when two sessions share a read.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

#include "driver/postgres/pg_catalog_queries.hpp"

namespace retort::pg {

/// One statement of a read: a catalog query, whole or one half.
struct Part {
  Catalog query;
  Half half = Half::whole;
};

/// Which session reads a part.
enum class Reader { first, second, either };

/// A part and its reader, in the order the sessions take them.
struct PlannedPart {
  Part part;
  Reader reader;
};

/// Every catalog query, whole, for one session.
std::vector<Part> every_query();

/// The parts of a read by two sessions, in the order they are taken. Each session first reads its
/// own half of the queries that cost per relation (columns, constraints, table objects: the
/// relations below the median oid for the first, the rest for the second), so that each touches
/// the catalog pages of, and opens, its own relations only; the first starts with the functions
/// (their bodies are parsed while the rest is read). The other queries go to whichever session is
/// free first, the costliest first: the two finish together whatever the schema's shape
/// (bench/README.md, "Schema engine").
std::vector<PlannedPart> shared_plan();

/// Hands out a shared read's parts to its two sessions, one at a time. The first session starts at
/// once; the second joins when it has connected and imported the first one's snapshot. A part
/// planned for the second session waits for it, and goes to the first only if the second never
/// opens: each session reads its own half whenever both read.
class PartBoard {
public:
  explicit PartBoard(std::vector<PlannedPart> plan);

  /// The parts planned for `reader` (first or second) alone that are still to read, all at once:
  /// they go in one round trip.
  std::vector<std::size_t> take_own(Reader reader);
  /// The index (in the plan) of the next part `reader` (first or second) should read; none when
  /// there is nothing left for it, or the read was stopped. The first session waits here while the
  /// second is still opening and parts only it may read are left.
  std::optional<std::size_t> take(Reader reader);
  /// The second session has imported the snapshot (true) or will not read (false: it could not
  /// connect or import it; its parts go to the first).
  void second_opened(bool reading);
  /// Nothing more is handed out (a part failed).
  void stop();
  /// Whether stop() was called.
  [[nodiscard]] bool stopped() const;

  [[nodiscard]] const std::vector<PlannedPart>& plan() const { return m_plan; }

private:
  enum class Second { opening, reading, gone };
  [[nodiscard]] std::optional<std::size_t> next_for(Reader reader) const;
  [[nodiscard]] bool waits_for_second() const;

  std::vector<PlannedPart> m_plan;
  std::vector<bool> m_taken;
  Second m_second = Second::opening;
  bool m_stopped = false;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
};

} // namespace retort::pg
