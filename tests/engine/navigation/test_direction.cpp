// Walking directions: along corridors, round corners, never into walls, and to the target.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "venues.hpp"

namespace stroom {
namespace {

struct Walk {
  bool reached = false;
  bool crossed_wall = false;
  int steps = 0;
  double length = 0.0;  // m walked
};

/// Follows direction() in steps of `step` metres until the target is within `reach`.
Walk follow(const Navigation& nav, const Venue& venue, TargetId target, Vec2 start,
            std::span<const std::uint8_t> blocking, double step = 0.05, double reach = 0.05,
            int max_steps = 4000) {
  Walk walk;
  Vec2 p = start;
  for (; walk.steps < max_steps; ++walk.steps) {
    if (nav.distance(target, p) <= reach) {
      walk.reached = true;
      break;
    }
    const Vec2 d = nav.direction(target, p);
    if (d == Vec2{}) break;
    const Vec2 next = p + d * step;
    if (!venue.line_of_sight(p, next, blocking) || !venue.contains(next)) {
      walk.crossed_wall = true;
      break;
    }
    walk.length += step;
    p = next;
  }
  return walk;
}

TEST(Direction, PointsAlongACorridor) {
  const Venue venue(test::corridor());
  Navigation nav(venue);
  const TargetId exit = nav.add_target(test::segment_target({{20, 0}, {20, 2}}));
  const std::vector<TargetId> ids{exit};
  nav.prepare(ids, venue.initial_blocking());
  for (double x = 0.3; x < 18.5; x += 0.23) {
    for (double y = 0.65; y <= 1.35; y += 0.1) {
      const Vec2 d = nav.direction(exit, {x, y});
      EXPECT_NEAR(length(d), 1.0, 1e-9);
      EXPECT_GT(d.x, 0.99) << x << ", " << y;
    }
    // Close to a wall the way is still forward, with any sideways part pointing away.
    // 0.2 m from the wall (a shoulder touching it) the penalty turns people about 50° off
    // the wall; measured x-component 0.61 to 0.64.
    const Vec2 low = nav.direction(exit, {x, 0.2});
    const Vec2 high = nav.direction(exit, {x, 1.8});
    EXPECT_GT(low.x, 0.55) << x;
    EXPECT_GE(low.y, 0.0) << x;
    EXPECT_GT(high.x, 0.55) << x;
    EXPECT_LE(high.y, 0.0) << x;
  }
}

TEST(Direction, NeverPointsIntoAWallNearACorner) {
  const Venue venue(test::l_corridor());
  Navigation nav(venue);
  const TargetId exit = nav.add_target(test::segment_target({{8, 10}, {10, 10}}));
  const std::vector<TargetId> ids{exit};
  const auto blocking = venue.initial_blocking();
  nav.prepare(ids, blocking);
  int sampled = 0;
  // Every point within 0.6 m (the penalty range) of a wall around the turn, 2 cm apart: a
  // short step never crosses a wall, and within 0.3 m of a wall (the slide radius of
  // direction()) the way never has a component towards that wall.
  for (double x = 5.0; x < 10.0; x += 0.02) {
    for (double y = 0.0; y < 5.0; y += 0.02) {
      const Vec2 p{x, y};
      if (!venue.contains(p)) continue;
      const auto hit = venue.nearest_wall(p, 0.6, blocking);
      if (!hit || hit->distance < 0.01) continue;
      ++sampled;
      const Vec2 d = nav.direction(exit, p);
      ASSERT_NE(d, (Vec2{})) << p.x << ", " << p.y;
      const Vec2 away = normalized(p - hit->closest);
      if (hit->distance <= 0.3) {
        EXPECT_GE(dot(d, away), -1e-9) << p.x << ", " << p.y;
      }
      const Vec2 next = p + d * std::min(0.05, 0.9 * hit->distance);
      EXPECT_TRUE(venue.line_of_sight(p, next, blocking)) << p.x << ", " << p.y;
    }
  }
  EXPECT_GT(sampled, 5000);
}

TEST(Direction, FollowingItRoundACornerReachesTheExitWithoutCrossingAWall) {
  const Venue venue(test::l_corridor());
  Navigation nav(venue);
  const TargetId exit = nav.add_target(test::segment_target({{8, 10}, {10, 10}}));
  const std::vector<TargetId> ids{exit};
  const auto blocking = venue.initial_blocking();
  nav.prepare(ids, blocking);
  for (const Vec2 start : {Vec2{0.5, 0.5}, Vec2{1, 1}, Vec2{0.3, 1.8}, Vec2{6, 0.2}}) {
    const Walk walk = follow(nav, venue, exit, start, blocking);
    EXPECT_TRUE(walk.reached) << start.x << ", " << start.y << " after " << walk.steps;
    EXPECT_FALSE(walk.crossed_wall) << start.x << ", " << start.y;
    // The walk is not much longer than the field's distance (no zig-zag, no detours).
    EXPECT_LT(walk.length, nav.distance(exit, start) * 1.05 + 0.2);
  }
}

TEST(Direction, FollowingItRoundAPillarReachesTheTarget) {
  const Venue venue(test::room_with_pillar());
  Navigation nav(venue);
  const TargetId waypoint = nav.add_target(test::disc_target({18, 10}, 0.5));
  const std::vector<TargetId> ids{waypoint};
  const auto blocking = venue.initial_blocking();
  nav.prepare(ids, blocking);
  // (2, 10) is dead behind the pillar, on the ridge between the two ways round.
  for (const Vec2 start : {Vec2{2, 10}, Vec2{2, 10.3}, Vec2{7.8, 10}, Vec2{1, 1}, Vec2{10, 19}}) {
    const Walk walk = follow(nav, venue, waypoint, start, blocking, 0.05, 0.5);
    EXPECT_TRUE(walk.reached) << start.x << ", " << start.y << " after " << walk.steps;
    EXPECT_FALSE(walk.crossed_wall) << start.x << ", " << start.y;
    EXPECT_LT(walk.length, nav.distance(waypoint, start) * 1.1 + 0.5);
  }
}

// The simulation asks for the direction and the walking distance in one query, which takes a
// shortcut of its own (vector arithmetic on the four packed corners) where most persons are.
// Its distance must be distance()'s to the bit and its direction direction()'s: near the
// pillar, the walls and the target, in the open and on the ridge behind the pillar.
TEST(Direction, TheOneQueryForDirectionAndDistanceGivesTheSameBitsAsEach) {
  const Venue venue(test::room_with_pillar());
  Navigation nav(venue);
  const TargetId waypoint = nav.add_target(test::disc_target({18, 10}, 0.5));
  const std::vector<TargetId> ids{waypoint};
  nav.prepare(ids, venue.initial_blocking());
  int compared = 0;
  for (double y = 0.013; y < 20.0; y += 0.071) {
    for (double x = 0.017; x < 20.0; x += 0.067) {
      const Vec2 p{x, y};
      double walk = -1.0;
      const Vec2 d = nav.direction(waypoint, p, walk);
      const double distance = nav.distance(waypoint, p);
      const Vec2 alone = nav.direction(waypoint, p);
      ASSERT_EQ(std::isfinite(walk), std::isfinite(distance)) << x << ", " << y;
      if (std::isfinite(distance)) {
        EXPECT_EQ(std::bit_cast<std::uint64_t>(walk), std::bit_cast<std::uint64_t>(distance))
            << x << ", " << y;
      }
      EXPECT_EQ(std::bit_cast<std::uint64_t>(d.x), std::bit_cast<std::uint64_t>(alone.x))
          << x << ", " << y;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(d.y), std::bit_cast<std::uint64_t>(alone.y))
          << x << ", " << y;
      ++compared;
    }
  }
  EXPECT_GT(compared, 80000);
}

TEST(Direction, NextToTheTargetPointsAtItsClosestPoint) {
  const Venue venue(test::corridor());
  Navigation nav(venue);
  const TargetId exit = nav.add_target(test::segment_target({{20, 0}, {20, 2}}));
  const std::vector<TargetId> ids{exit};
  nav.prepare(ids, venue.initial_blocking());
  const Vec2 d = nav.direction(exit, {19.8, 0.7});
  EXPECT_NEAR(d.x, 1.0, 1e-12);
  EXPECT_NEAR(d.y, 0.0, 1e-12);
  EXPECT_NEAR(nav.distance(exit, {19.8, 0.7}), 0.2, 1e-9);
}

TEST(Direction, ThroughAnOpenDoorButNotAClosedOne) {
  const auto south_closed = test::two_rooms(false, true);
  const Venue venue(south_closed);
  Navigation nav(venue);
  const TargetId t = nav.add_target(test::disc_target({19, 1}, 0.5));
  const std::vector<TargetId> ids{t};
  const auto blocking = venue.initial_blocking();
  nav.prepare(ids, blocking);
  // In front of the closed south door the way is north, not through the door.
  const Vec2 d = nav.direction(t, {9.7, 0.5});
  EXPECT_GT(d.y, 0.5);
  const Walk walk = follow(nav, venue, t, {9.7, 0.5}, blocking, 0.05, 0.5);
  EXPECT_TRUE(walk.reached);
  EXPECT_FALSE(walk.crossed_wall);
  EXPECT_GT(walk.length, 16.0);  // up to y ≈ 9, across, and down again
}

}  // namespace
}  // namespace stroom
