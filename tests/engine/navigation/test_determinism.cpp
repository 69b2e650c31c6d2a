// The fields and directions are the same bit for bit on 1, 2 and 3 threads, including fields
// recomputed after a door opens; the fields march in waves that hold no more memory at once
// than marching them one by one.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "navigation/march_waves.hpp"
#include "venues.hpp"

namespace stroom {
namespace {

std::vector<double> sample_fields(int threads) {
  const Venue venue(test::two_rooms(true, false));
  std::vector<double> out;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    Navigation nav(venue);
    std::vector<TargetId> ids;
    ids.push_back(nav.add_target(test::disc_target({19, 1}, 0.5)));
    ids.push_back(nav.add_target(test::disc_target({1, 9}, 0.5)));
    TargetShape zone;
    zone.polygons.push_back(test::rectangle(14, 6, 18, 9));
    ids.push_back(nav.add_target(zone));
    ids.push_back(nav.add_target(test::segment_target({{10, 0}, {10, 1}})));
    auto sample = [&] {
      for (const TargetId id : ids) {
        for (double y = 0.05; y < 10; y += 0.13) {
          for (double x = 0.05; x < 20; x += 0.17) {
            out.push_back(nav.distance(id, {x, y}));
            const Vec2 d = nav.direction(id, {x, y});
            out.push_back(d.x);
            out.push_back(d.y);
          }
        }
      }
    };
    std::vector<std::uint8_t> blocking = venue.initial_blocking();
    nav.prepare(ids, blocking);
    sample();
    // The north door opens: the fields it joins are recomputed (in place, in waves of one).
    for (const int w : venue.walls_of(WallKind::door, 1))
      blocking[static_cast<std::size_t>(w)] = 0;
    nav.prepare(ids, blocking);
    sample();
  });
  return out;
}

TEST(Determinism, SameFieldsOnOneTwoAndThreeThreads) {
  const std::vector<double> one = sample_fields(1);
  for (const int threads : {2, 3}) {
    const std::vector<double> more = sample_fields(threads);
    ASSERT_EQ(one.size(), more.size());
    EXPECT_EQ(std::memcmp(one.data(), more.data(), one.size() * sizeof(double)), 0) << threads;
  }
}

using navigation_detail::march_waves;
using Ends = std::vector<std::size_t>;

TEST(MarchWaves, NeverHoldMoreAtOnceThanOneByOne) {
  // Four new fields (each keeps its cells): one by one the last march holds the three kept
  // arrays and its own two, five in all. Two at once first hold four; then two more would hold
  // six, so the third and the fourth march alone.
  EXPECT_EQ(march_waves(std::vector<int>{1, 1, 1, 1}, 2), (Ends{2, 3, 4}));
  EXPECT_EQ(march_waves(std::vector<int>{1, 1, 1, 1}, 8), (Ends{2, 3, 4}));
  // Ten new fields on two threads: pairs while they fit under eleven arrays.
  EXPECT_EQ(march_waves(std::vector<int>(10, 1), 2), (Ends{2, 4, 6, 8, 9, 10}));
  // One thread: one by one.
  EXPECT_EQ(march_waves(std::vector<int>{1, 1, 1}, 1), (Ends{1, 2, 3}));
  // Recomputed fields keep nothing new: one by one holds one cost array, so they march alone.
  EXPECT_EQ(march_waves(std::vector<int>{0, 0, 0}, 2), (Ends{1, 2, 3}));
  // A recomputed field beside new ones: the new ones' growth leaves room for it.
  EXPECT_EQ(march_waves(std::vector<int>{0, 1, 1}, 2), (Ends{2, 3}));
  EXPECT_TRUE(march_waves(std::vector<int>{}, 2).empty());
  // Whatever the plan, the arrays held at once never exceed the one-by-one peak.
  for (const std::vector<int>& grows : {std::vector<int>{1, 0, 1, 1, 0, 1, 1},
                                        std::vector<int>(7, 1), std::vector<int>{0, 1, 0, 1}}) {
    int one_by_one = 0;
    for (int kept = 0; const int g : grows) {
      one_by_one = std::max(one_by_one, kept + 1 + g);
      kept += g;
    }
    for (const std::size_t width : {1u, 2u, 3u, 8u}) {
      int kept = 0;
      std::size_t begin = 0;
      for (const std::size_t end : march_waves(grows, width)) {
        ASSERT_GT(end, begin);
        ASSERT_LE(end - begin, width);
        int held = kept;
        for (std::size_t k = begin; k < end; ++k)
          held += 1 + grows[k];
        EXPECT_LE(held, one_by_one) << "width " << width << " wave ending " << end;
        for (; begin < end; ++begin)
          kept += grows[begin];
      }
      EXPECT_EQ(begin, grows.size());
    }
  }
}

}  // namespace
}  // namespace stroom
