#include <gtest/gtest.h>

#include "stroom/geometry.hpp"
#include "venue_fixtures.hpp"

namespace stroom {
namespace {

using test::obstacle;
using test::rect;
using test::total_length;
using test::venue_of;

double signed_area(const Polygon& ring) {
  double twice = 0.0;
  for (std::size_t i = 0; i < ring.size(); ++i)
    twice += cross(ring[i], ring[(i + 1) % ring.size()]);
  return 0.5 * twice;
}

TEST(Venue, UnionOfOverlappingRectanglesHasHandCheckedArea) {
  // 10×4 = 40 plus 6×4 = 24, overlapping in 2×2 = 4: 60 m².
  const Venue venue(venue_of({rect(0, 0, 10, 4), rect(8, 2, 14, 6)}));
  EXPECT_NEAR(venue.area(), 60.0, 1e-9);
  ASSERT_EQ(venue.walkable().size(), 1u);
  EXPECT_TRUE(venue.walkable()[0].holes.empty());
  EXPECT_NEAR(signed_area(venue.walkable()[0].outer), 60.0, 1e-9);  // counter-clockwise
  // The union outline has 8 corners; collinear leftovers of the overlay are removed.
  EXPECT_EQ(venue.walkable()[0].outer.size(), 8u);
  EXPECT_EQ(venue.walkable()[0].outer.front(), (Vec2{0, 0}));
  EXPECT_EQ(venue.bounds().min, (Vec2{0, 0}));
  EXPECT_EQ(venue.bounds().max, (Vec2{14, 6}));
}

TEST(Venue, DisjointPolygonsStaySeparateInStableOrder) {
  const Venue venue(venue_of({rect(20, 0, 22, 2), rect(0, 0, 3, 3)}));
  EXPECT_NEAR(venue.area(), 13.0, 1e-9);
  ASSERT_EQ(venue.walkable().size(), 2u);
  EXPECT_EQ(venue.walkable()[0].outer.front(), (Vec2{0, 0}));
  EXPECT_EQ(venue.walkable()[1].outer.front(), (Vec2{20, 0}));
}

TEST(Venue, ObstacleBecomesClockwiseHoleAndReducesArea) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 10)});
  desc.obstacles.push_back(obstacle("kiosk", rect(4, 4, 6, 6)));
  const Venue venue(desc);
  EXPECT_NEAR(venue.area(), 96.0, 1e-9);
  ASSERT_EQ(venue.walkable().size(), 1u);
  ASSERT_EQ(venue.walkable()[0].holes.size(), 1u);
  EXPECT_NEAR(signed_area(venue.walkable()[0].holes[0]), -4.0, 1e-9);  // clockwise
  EXPECT_TRUE(venue.contains({1, 1}));
  EXPECT_TRUE(venue.contains({0, 5}));   // outer boundary counts as inside
  EXPECT_TRUE(venue.contains({4, 5}));   // so does the obstacle's outline
  EXPECT_FALSE(venue.contains({5, 5}));  // inside the kiosk
  EXPECT_FALSE(venue.contains({4.01, 4.5}));
  EXPECT_FALSE(venue.contains({-0.01, 5}));
  EXPECT_FALSE(venue.contains({500, 5}));
}

TEST(Venue, ObstacleAcrossTheEdgeCutsTheOutline) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 10)});
  desc.obstacles.push_back(obstacle("stage", rect(8, 8, 12, 12)));
  const Venue venue(desc);
  EXPECT_NEAR(venue.area(), 96.0, 1e-9);  // only the 2×2 inside part is removed
  EXPECT_TRUE(venue.walkable()[0].holes.empty());
  EXPECT_EQ(venue.walkable()[0].outer.size(), 6u);
}

TEST(Venue, ClippedAreaCountsOnlyTheWalkablePart) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 4)});
  desc.obstacles.push_back(obstacle("", rect(9, 0.5, 9.5, 1.5)));
  const Venue venue(desc);
  // Zone 8..12 × -2..2 overlaps the walkable 8..10 × 0..2 = 4 m², minus 0.5 m² of obstacle.
  EXPECT_NEAR(venue.clipped_area(rect(8, -2, 12, 2)), 3.5, 1e-9);
  EXPECT_NEAR(venue.clipped_area(rect(20, 0, 30, 4)), 0.0, 1e-12);
  // Orientation of the input does not matter.
  Polygon clockwise = rect(0, 0, 2, 2);
  std::reverse(clockwise.begin(), clockwise.end());
  EXPECT_NEAR(venue.clipped_area(clockwise), 4.0, 1e-9);
}

TEST(Venue, RejectsSelfIntersectingWalkableWithItsLocation) {
  // A bow tie: edges (0,0)-(4,4) and (4,0)-(0,4) cross.
  const VenueDesc desc = venue_of({rect(0, 0, 10, 10), {{0, 0}, {4, 4}, {4, 0}, {0, 4}}});
  try {
    const Venue venue(desc);
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].message, "walkable polygon 2 is self-intersecting");
    EXPECT_EQ(e.diagnostics()[0].where.line, 11);
  }
}

TEST(Venue, RejectsZeroAreaAndDegenerateObstaclesAllAtOnce) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 10)});
  desc.obstacles.push_back(obstacle("pole", {{1, 1}, {2, 2}, {3, 3}}, 31));
  desc.obstacles.push_back(obstacle("", {{1, 1}, {2, 2}}, 32));
  try {
    const Venue venue(desc);
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_NE(e.diagnostics()[0].message.find("obstacle 'pole'"), std::string::npos);
    EXPECT_NE(e.diagnostics()[0].message.find("zero area"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[0].where.line, 31);
    EXPECT_NE(e.diagnostics()[1].message.find("obstacle 2 has 2 vertices"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[1].where.line, 32);
  }
}

TEST(Venue, RejectsNotANumberAndEmptyResult) {
  EXPECT_THROW(Venue(venue_of({{{0, 0}, {NAN, 0}, {1, 1}}})), ScenarioError);
  VenueDesc covered = venue_of({rect(0, 0, 2, 2)});
  covered.obstacles.push_back(obstacle("tent", rect(-1, -1, 3, 3)));
  EXPECT_THROW(Venue{covered}, ScenarioError);
  EXPECT_THROW(Venue(venue_of({})), ScenarioError);
}

TEST(VenueWalls, ExitOpeningLeavesAGapInTheBoundary) {
  // Room 10×10 with a 2 m exit in the middle of the east side.
  VenueDesc desc = venue_of({rect(0, 0, 10, 10)});
  desc.exits.push_back({"east", {{10, 4}, {10, 6}}, test::at_line(40)});
  const Venue venue(desc);
  // Boundary: south, west, north (10 m each) and the east side split into 4 m + 4 m.
  int boundary = 0;
  for (const Wall& w : venue.walls())
    boundary += w.kind == WallKind::boundary ? 1 : 0;
  EXPECT_EQ(boundary, 5);
  EXPECT_NEAR(total_length(venue, WallKind::boundary), 38.0, 1e-9);
  const std::vector<int> exit_walls = venue.walls_of(WallKind::exit, 0);
  ASSERT_EQ(exit_walls.size(), 1u);
  EXPECT_NEAR(venue.walls()[exit_walls[0]].segment.length(), 2.0, 1e-12);
  EXPECT_EQ(venue.initial_blocking()[exit_walls[0]], 0);
  // Nobody can walk through the east side except through the opening.
  const auto blocking = venue.initial_blocking();
  EXPECT_TRUE(venue.line_of_sight({9, 5}, {11, 5}, blocking));
  EXPECT_FALSE(venue.line_of_sight({9, 2}, {11, 2}, blocking));
}

TEST(VenueWalls, ExitCoveringAWholeSideRemovesIt) {
  VenueDesc desc = venue_of({rect(0, 0, 40, 2)});
  desc.exits.push_back({"east", {{40, 0}, {40, 2}}, test::at_line(40)});
  const Venue venue(desc);
  EXPECT_NEAR(total_length(venue, WallKind::boundary), 82.0, 1e-9);
  // An exit drawn 1.5 cm outside the boundary still opens it.
  VenueDesc sloppy = venue_of({rect(0, 0, 40, 2)});
  sloppy.exits.push_back({"east", {{40.015, 0}, {40.015, 2}}, test::at_line(40)});
  EXPECT_NEAR(total_length(Venue(sloppy), WallKind::boundary), 82.0, 1e-9);
}

TEST(VenueWalls, InitialBlockingFollowsKindAndDoorState) {
  VenueDesc desc = venue_of({rect(0, 0, 30, 2)});
  desc.exits.push_back({"east", {{30, 0}, {30, 2}}, test::at_line(40)});
  desc.doors.push_back({"open-door", {{10, 0}, {10, 2}}, true, test::at_line(41)});
  desc.doors.push_back({"closed-door", {{15, 0}, {15, 2}}, false, test::at_line(42)});
  CheckpointDesc scan;
  scan.name = "scan";
  scan.line = {{20, 0}, {20, 2}};
  desc.checkpoints.push_back(scan);
  const Venue venue(desc);
  const auto blocking = venue.initial_blocking();
  ASSERT_EQ(blocking.size(), venue.walls().size());
  const auto only = [&](WallKind kind, int element) {
    const auto walls = venue.walls_of(kind, element);
    EXPECT_EQ(walls.size(), 1u);
    return walls.at(0);
  };
  EXPECT_EQ(blocking[only(WallKind::exit, 0)], 0);
  EXPECT_EQ(blocking[only(WallKind::door, 0)], 0);
  EXPECT_EQ(blocking[only(WallKind::door, 1)], 1);
  EXPECT_EQ(blocking[only(WallKind::checkpoint, 0)], 1);
  EXPECT_EQ(venue.walls()[only(WallKind::door, 1)].segment.a, (Vec2{15, 0}));
  for (std::size_t i = 0; i < venue.walls().size(); ++i) {
    if (venue.walls()[i].kind == WallKind::boundary) {
      EXPECT_EQ(blocking[i], 1);
    }
  }
  EXPECT_TRUE(venue.walls_of(WallKind::door, 7).empty());
}

TEST(VenueWkt, StableTextWithFixedDecimals) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 2)});
  desc.doors.push_back({"gate", {{5, 0}, {5, 2}}, true, test::at_line(41)});
  const Venue a(desc), b(desc);
  const std::string open = a.wkt(a.initial_blocking());
  EXPECT_EQ(open,
            "MULTIPOLYGON(((0.000 0.000,10.000 0.000,10.000 2.000,0.000 2.000,0.000 0.000)))");
  EXPECT_EQ(open, b.wkt(b.initial_blocking()));
}

TEST(VenueWkt, ClosedDoorIsCutAsASlit) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 2)});
  desc.doors.push_back({"gate", {{5, 0}, {5, 2}}, false, test::at_line(41)});
  const Venue venue(desc);
  // The 2 cm slit spans the whole corridor, so the outline falls apart into two rooms.
  EXPECT_EQ(venue.wkt(venue.initial_blocking()),
            "MULTIPOLYGON(((0.000 0.000,4.990 0.000,4.990 2.000,0.000 2.000,0.000 0.000)),"
            "((5.010 0.000,10.000 0.000,10.000 2.000,5.010 2.000,5.010 0.000)))");
  // A door closed only half way across a wider hall leaves a notch-shaped hole.
  VenueDesc hall = venue_of({rect(0, 0, 10, 10)});
  hall.doors.push_back({"inner", {{5, 4}, {5, 6}}, false, test::at_line(41)});
  const Venue h(hall);
  EXPECT_NE(h.wkt(h.initial_blocking()).find("),(4.990 3.990,"), std::string::npos)
      << h.wkt(h.initial_blocking());
}

}  // namespace
}  // namespace stroom
