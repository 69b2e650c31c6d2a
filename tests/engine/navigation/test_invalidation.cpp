// on_blocking_changed(): recompute only the fields a door or exit change can affect.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "venues.hpp"

namespace stroom {
namespace {

std::vector<std::uint8_t> with_door(const Venue& venue, std::vector<std::uint8_t> blocking,
                                    int door, bool closed) {
  for (const int w : venue.walls_of(WallKind::door, door)) {
    blocking[static_cast<std::size_t>(w)] = closed ? 1 : 0;
  }
  return blocking;
}

TEST(Invalidation, DoorBetweenUnreachableRoomsKeepsTheField) {
  // Rooms A | B | C; door ab closed, bc open. A target in A reaches A only, so toggling bc
  // (between B and C, both unreachable from it) cannot change it; a target in C reaches
  // B and C, so the same toggle does change it.
  const Venue venue(test::three_rooms(false, true));
  Navigation nav(venue);
  const TargetId in_a = nav.add_target(test::disc_target({2, 2}, 0.5));
  const TargetId in_c = nav.add_target(test::disc_target({28, 2}, 0.5));
  const std::vector<TargetId> ids{in_a, in_c};
  const auto before = venue.initial_blocking();
  nav.prepare(ids, before);
  EXPECT_TRUE(std::isinf(nav.distance(in_a, {15, 2})));
  const double c_from_b = nav.distance(in_c, {15, 0.5});
  EXPECT_TRUE(std::isfinite(c_from_b));

  const auto after = with_door(venue, before, 1, true);  // close bc
  nav.on_blocking_changed(before, after);
  EXPECT_TRUE(nav.ready(in_a));
  EXPECT_FALSE(nav.ready(in_c));
  nav.prepare(ids, after);
  EXPECT_TRUE(nav.ready(in_c));
  EXPECT_TRUE(std::isinf(nav.distance(in_c, {15, 0.5})));
  EXPECT_NEAR(nav.distance(in_a, {3, 2}), 0.5, 0.03);
}

TEST(Invalidation, OpeningADoorIntoTheReachableAreaRecomputes) {
  const Venue venue(test::three_rooms(false, true));
  Navigation nav(venue);
  const TargetId in_a = nav.add_target(test::disc_target({2, 2}, 0.5));
  const std::vector<TargetId> ids{in_a};
  const auto before = venue.initial_blocking();
  nav.prepare(ids, before);
  const auto after = with_door(venue, before, 0, false);  // open ab
  nav.on_blocking_changed(before, after);
  EXPECT_FALSE(nav.ready(in_a));
  nav.prepare(ids, after);
  ASSERT_TRUE(nav.ready(in_a));
  // From (15, 0.5) in room B: to the gap below the partition's corner (10.1, 1) and on to
  // the disc: about 5 + 8 − 0.5; finite and at least the straight-line 12.5 m.
  const double d = nav.distance(in_a, {15, 0.5});
  EXPECT_GT(d, 12.5);
  EXPECT_LT(d, 14.0);
}

TEST(Invalidation, PrepareWithANewBlockingStateAppliesTheChangeItself) {
  const Venue venue(test::three_rooms(true, true));
  Navigation nav(venue);
  const TargetId in_c = nav.add_target(test::disc_target({28, 2}, 0.5));
  const std::vector<TargetId> ids{in_c};
  const auto open = venue.initial_blocking();
  nav.prepare(ids, open);
  EXPECT_TRUE(std::isfinite(nav.distance(in_c, {2, 2})));
  nav.prepare(ids, with_door(venue, open, 0, true));
  EXPECT_TRUE(std::isinf(nav.distance(in_c, {2, 2})));
  nav.prepare(ids, open);
  EXPECT_TRUE(std::isfinite(nav.distance(in_c, {2, 2})));
}

TEST(Invalidation, ReopeningAClosedExitTargetRecomputesIt) {
  const Venue venue(test::corridor());
  Navigation nav(venue);
  const TargetId exit = nav.add_target(test::segment_target({{20, 0}, {20, 2}}));
  const std::vector<TargetId> ids{exit};
  const auto open = venue.initial_blocking();
  auto closed = open;
  for (const int w : venue.walls_of(WallKind::exit, 0))
    closed[static_cast<std::size_t>(w)] = 1;
  nav.prepare(ids, closed);
  EXPECT_TRUE(std::isinf(nav.distance(exit, {10, 1})));
  nav.on_blocking_changed(closed, open);
  EXPECT_FALSE(nav.ready(exit));
  nav.prepare(ids, open);
  EXPECT_NEAR(nav.distance(exit, {10, 1}), 10.0, 0.1);
}

}  // namespace
}  // namespace stroom
