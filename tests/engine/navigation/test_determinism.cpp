// The fields and directions are the same bit for bit on 1 and 2 threads.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cstring>
#include <vector>

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
    nav.prepare(ids, venue.initial_blocking());
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
  });
  return out;
}

TEST(Determinism, SameFieldsOnOneAndTwoThreads) {
  const std::vector<double> one = sample_fields(1);
  const std::vector<double> two = sample_fields(2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(double)), 0);
}

}  // namespace
}  // namespace stroom
