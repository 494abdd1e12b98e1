// Who reads which catalog query when two sessions share a read (src/driver/postgres/pg_read_plan.cpp):
// the plan, and the board that hands its parts out. No database: the sessions are threads here.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "driver/postgres/pg_read_plan.hpp"

namespace retort::pg {
namespace {

/// Every part `reader` takes until the board has none left for it.
std::vector<std::size_t> take_all(PartBoard& board, Reader reader) {
  std::vector<std::size_t> out;
  while (auto next = board.take(reader)) out.push_back(*next);
  return out;
}

std::vector<Reader> readers_of(const PartBoard& board, const std::vector<std::size_t>& taken) {
  std::vector<Reader> out;
  for (auto i : taken) out.push_back(board.plan()[i].reader);
  return out;
}

TEST(SharedPlan, ReadsEveryQueryOnceWithTheHalvesSplitBetweenTheSessions) {
  std::map<Catalog, std::vector<std::pair<Half, Reader>>> parts;
  for (const auto& p : shared_plan()) parts[p.part.query].push_back({p.part.half, p.reader});
  EXPECT_EQ(parts.size(), k_catalog_count);
  for (auto query : all_catalogs()) {
    const auto& read = parts.at(query);
    if (splits_in_halves(query)) {
      EXPECT_EQ(read, (std::vector<std::pair<Half, Reader>>{{Half::low, Reader::first}, {Half::high, Reader::second}}))
          << catalog_name(query);
    } else {
      ASSERT_EQ(read.size(), 1u) << catalog_name(query);
      EXPECT_EQ(read[0].first, Half::whole) << catalog_name(query);
    }
  }
  // the function bodies are parsed while the rest is read: the functions come first
  EXPECT_EQ(shared_plan().front().part.query, Catalog::functions);
}

TEST(PartBoard, TheSecondSessionReadsItsOwnPartsAndWhatTheFirstHasNotTaken) {
  PartBoard board(shared_plan());
  board.second_opened(true);
  // the first takes its own parts and the shared ones, never the second's
  auto first = board.take(Reader::first);
  ASSERT_TRUE(first);
  EXPECT_EQ(board.plan()[*first].part.query, Catalog::functions);
  auto second = take_all(board, Reader::second);
  auto rest = take_all(board, Reader::first);
  const auto second_readers = readers_of(board, second);
  for (auto r : second_readers) EXPECT_NE(r, Reader::first);
  for (auto r : readers_of(board, rest)) EXPECT_EQ(r, Reader::first);
  EXPECT_EQ(1 + second.size() + rest.size(), board.plan().size());
  EXPECT_EQ(std::count(second_readers.begin(), second_readers.end(), Reader::second), 3);
}

TEST(PartBoard, EachSessionTakesThePartsPlannedForItAloneAtOnce) {
  PartBoard board(shared_plan());
  const auto first = board.take_own(Reader::first);
  EXPECT_EQ(readers_of(board, first), std::vector<Reader>(4, Reader::first));  // the functions and three low halves
  EXPECT_EQ(board.plan()[first.at(0)].part.query, Catalog::functions);
  board.second_opened(true);
  EXPECT_EQ(readers_of(board, board.take_own(Reader::second)), std::vector<Reader>(3, Reader::second));
  EXPECT_TRUE(board.take_own(Reader::first).empty());
  // the rest, one at a time to whichever asks
  std::size_t shared = 0;
  while (auto next = board.take(shared % 2 == 0 ? Reader::first : Reader::second)) {
    EXPECT_EQ(board.plan()[*next].reader, Reader::either);
    ++shared;
  }
  EXPECT_EQ(shared, board.plan().size() - 7);
  EXPECT_FALSE(board.take(Reader::first));
}

TEST(PartBoard, TheFirstSessionWaitsForTheSecondsPartsWhileItOpensAndReadsThemIfItNeverDoes) {
  PartBoard board(shared_plan());
  std::vector<std::size_t> first_taken;
  // everything the first may read while the second is still opening
  for (std::size_t i = 0; i < board.plan().size(); ++i) {
    if (board.plan()[i].reader != Reader::second) first_taken.push_back(*board.take(Reader::first));
  }
  for (auto r : readers_of(board, first_taken)) EXPECT_NE(r, Reader::second);
  // now the first waits: the second's halves are left
  auto waiting = std::async(std::launch::async, [&] { return take_all(board, Reader::first); });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  board.second_opened(false);  // it could not connect
  auto theirs = waiting.get();
  EXPECT_EQ(readers_of(board, theirs), (std::vector<Reader>{Reader::second, Reader::second, Reader::second}));
}

TEST(PartBoard, TheFirstSessionStopsWaitingWhenTheSecondOpens) {
  PartBoard board(shared_plan());
  for (std::size_t i = 0; i < board.plan().size(); ++i) {
    if (board.plan()[i].reader != Reader::second) board.take(Reader::first);
  }
  auto waiting = std::async(std::launch::async, [&] { return board.take(Reader::first); });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  board.second_opened(true);
  EXPECT_FALSE(waiting.get());  // nothing more for the first: the second reads its own
  EXPECT_EQ(take_all(board, Reader::second).size(), 3u);
}

TEST(PartBoard, StopEndsBothSessionsAndHandsOutNothingMore) {
  PartBoard board(shared_plan());
  board.take(Reader::first);
  auto waiting = std::async(std::launch::async, [&] {
    take_all(board, Reader::first);  // waits for the second's parts once its own are taken
    return true;
  });
  board.stop();
  EXPECT_TRUE(waiting.get());
  EXPECT_TRUE(board.stopped());
  EXPECT_FALSE(board.take(Reader::second));
  EXPECT_FALSE(board.take(Reader::first));
}

TEST(PartBoard, TwoSessionsTakingAtOnceTakeEachPartOnce) {
  for (int round = 0; round < 50; ++round) {
    PartBoard board(shared_plan());
    std::atomic<bool> go{false};
    auto second = std::async(std::launch::async, [&] {
      while (!go) std::this_thread::yield();
      board.second_opened(true);
      return take_all(board, Reader::second);
    });
    go = true;
    auto first = take_all(board, Reader::first);
    auto all = second.get();
    all.insert(all.end(), first.begin(), first.end());
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> each(board.plan().size());
    for (std::size_t i = 0; i < each.size(); ++i) each[i] = i;
    ASSERT_EQ(all, each) << "round " << round;
  }
}

} // namespace
} // namespace retort::pg
