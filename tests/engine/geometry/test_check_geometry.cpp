#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "stroom/geometry.hpp"
#include "venue_fixtures.hpp"

namespace stroom {
namespace {

using test::at_line;
using test::obstacle;
using test::rect;
using test::venue_of;

// Two rooms of 10 × 10 m side by side, split by a 0.2 m wall at x = 10 with a 0.8 m gap
// (y 4.6 .. 5.4) that holds the door "gate". People start in the west room, walk to the
// "stage" waypoint in the east room and leave through the east exit.
Scenario two_rooms(bool door_open) {
  Scenario s;
  s.file = "venue.yaml";
  s.venue = venue_of({rect(0, 0, 20, 10)});
  s.venue.obstacles.push_back(obstacle("wall-south", rect(9.9, 0, 10.1, 4.6)));
  s.venue.obstacles.push_back(obstacle("wall-north", rect(9.9, 5.4, 10.1, 10)));
  s.venue.doors.push_back({"gate", {{10, 4.6}, {10, 5.4}}, door_open, at_line(40)});
  s.venue.exits.push_back({"east", {{20, 4}, {20, 6}}, at_line(41)});
  s.venue.zones.push_back({"west-room", rect(1, 1, 9, 9), {}, {}, at_line(42)});
  s.venue.waypoints.push_back({"stage", {15, 5}, 1.0, at_line(43)});
  PopulationDesc pop;
  pop.name = "audience";
  pop.count = 100;
  pop.in = {"west-room", {}, at_line(61)};
  JourneyStep to_stage;
  to_stage.kind = JourneyStep::Kind::to;
  to_stage.target = "stage";
  to_stage.where = at_line(62);
  JourneyStep leave;
  leave.kind = JourneyStep::Kind::exit;
  leave.where = at_line(63);
  pop.journey = {to_stage, leave};
  pop.where = at_line(60);
  s.populations.push_back(pop);
  return s;
}

std::string all_messages(const std::vector<Diagnostic>& ds) {
  std::string text;
  for (const Diagnostic& d : ds)
    text += d.format() + "\n";
  return text;
}

TEST(CheckGeometry, ReachableThroughAnOpen80CentimetreDoor) {
  const auto diagnostics = check_geometry(two_rooms(true));
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
}

TEST(CheckGeometry, ClosedDoorOpenedByAnEventCountsAsPassable) {
  Scenario s = two_rooms(false);
  EventDesc open;
  open.kind = EventDesc::Kind::open;
  open.at = 600;
  open.target = "gate";
  s.events.push_back(open);
  const auto diagnostics = check_geometry(s);
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
}

TEST(CheckGeometry, TargetBehindADoorThatNeverOpensIsUnreachable) {
  const auto diagnostics = check_geometry(two_rooms(false));
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message,
            "journey target 'stage' of population 'audience' cannot be reached from its spawn "
            "area");
  EXPECT_EQ(diagnostics[0].where.line, 62);
}

TEST(CheckGeometry, CheckpointInTheGapIsPassable) {
  Scenario s = two_rooms(true);
  s.venue.doors.clear();
  CheckpointDesc scan;
  scan.name = "scan";
  scan.line = {{10, 4.6}, {10, 5.4}};
  scan.where = at_line(44);
  s.venue.checkpoints.push_back(scan);
  const auto diagnostics = check_geometry(s);
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
}

TEST(CheckGeometry, ExitBehindASolidWallIsUnreachable) {
  Scenario s = two_rooms(true);
  s.venue.obstacles.push_back(obstacle("plug", rect(9.9, 4.5, 10.1, 5.5), 33));
  s.venue.doors.clear();
  s.populations[0].journey.erase(s.populations[0].journey.begin());  // only {exit: nearest}
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message,
            "journey target 'exit: nearest' of population 'audience' cannot be reached from its "
            "spawn area");
  EXPECT_EQ(diagnostics[0].where.line, 63);
  // A second exit on the west side makes the journey possible again.
  s.venue.exits.push_back({"west", {{0, 4}, {0, 6}}, at_line(45)});
  EXPECT_TRUE(check_geometry(s).empty());
  // ... unless the journey may only use the east exit.
  s.populations[0].journey[0].exits = {"east"};
  ASSERT_EQ(check_geometry(s).size(), 1u);
  EXPECT_NE(check_geometry(s)[0].message.find("'exit: [east]'"), std::string::npos);
}

TEST(CheckGeometry, ReportsEveryInvalidPolygonWithItsLocation) {
  Scenario s = two_rooms(true);
  s.venue.walkable.push_back({{30, 0}, {34, 4}, {34, 0}, {30, 4}});  // bow tie
  s.venue.walkable_where.push_back(at_line(12));
  s.venue.zones.push_back({"flat", {{0, 0}, {1, 1}, {2, 2}}, {}, {}, at_line(46)});
  PopulationDesc late;
  late.name = "late";
  late.arrive = ArrivalDesc{};
  late.arrive->in = {"", {{1, 1}, {3, 3}, {3, 1}, {1, 3}}, at_line(71)};
  late.where = at_line(70);
  s.populations.push_back(late);
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 3u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message, "walkable polygon 2 is self-intersecting");
  EXPECT_EQ(diagnostics[0].where.line, 12);
  EXPECT_EQ(diagnostics[0].format(),
            "venue.yaml:12:5: error: walkable polygon 2 is self-intersecting");
  EXPECT_NE(diagnostics[1].message.find("zone 'flat' polygon has zero area"), std::string::npos);
  EXPECT_EQ(diagnostics[1].where.line, 46);
  EXPECT_EQ(diagnostics[2].message, "spawn polygon of population 'late' is self-intersecting");
  EXPECT_EQ(diagnostics[2].where.line, 71);
}

TEST(CheckGeometry, ExitMustLieOnTheBoundary) {
  Scenario s = two_rooms(true);
  s.venue.exits.push_back({"inside", {{5, 5}, {5, 6}}, at_line(47)});
  s.venue.exits.push_back({"close-enough", {{20.015, 1}, {20.015, 2}}, at_line(48)});
  s.venue.exits.push_back({"too-far", {{20.05, 7}, {20.05, 8}}, at_line(49)});
  s.venue.exits.push_back({"overhanging", {{20, 9}, {20, 11}}, at_line(50)});
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 3u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].where.line, 47);
  EXPECT_NE(diagnostics[0].message.find("exit 'inside' is not on the boundary"), std::string::npos);
  EXPECT_EQ(diagnostics[1].where.line, 49);
  EXPECT_EQ(diagnostics[2].where.line, 50);
}

TEST(CheckGeometry, ElementsOutsideTheWalkableArea) {
  Scenario s = two_rooms(true);
  s.venue.doors.push_back({"far-door", {{30, 0}, {30, 2}}, true, at_line(51)});
  s.venue.waypoints.push_back({"far-point", {25, 5}, 1.0, at_line(52)});
  s.venue.waypoints.push_back({"near-point", {20.5, 5}, 1.0, at_line(53)});  // disc overlaps
  s.venue.zones.push_back({"far-zone", rect(30, 0, 35, 5), {}, {}, at_line(54)});
  s.venue.lines.push_back({"far-line", {{-5, -1}, {-5, 5}}, at_line(55)});
  s.venue.lines.push_back({"long-line", {{5, -3}, {5, 13}}, at_line(56)});  // crosses: fine
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 4u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message, "door 'far-door' does not cross the walkable area");
  EXPECT_EQ(diagnostics[1].message, "measurement line 'far-line' does not cross the walkable area");
  EXPECT_EQ(diagnostics[2].message,
            "waypoint 'far-point' at (25.00, 5.00) lies outside the walkable area");
  EXPECT_EQ(diagnostics[3].message, "zone 'far-zone' does not overlap the walkable area");
  EXPECT_EQ(diagnostics[3].where.line, 54);
}

TEST(CheckGeometry, SpawnAreaOutsideTheWalkableArea) {
  Scenario s = two_rooms(true);
  s.populations[0].in = {"", rect(30, 0, 35, 5), at_line(61)};
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message,
            "spawn area of population 'audience' lies outside the walkable area");
  EXPECT_EQ(diagnostics[0].where.line, 61);
}

TEST(CheckGeometry, SpawnAreaTooSmallForItsCount) {
  // 2 × 2 m = 4 m², radius 0.2 m: hexagonal packing 1 / (2·√3·0.04) = 7.2169 per m²,
  // 85 % of it = 6.1343 per m², times 4 m² = 24.54: at most 24 persons.
  Scenario s = two_rooms(true);
  s.populations[0].in = {"", rect(2, 2, 4, 4), at_line(61)};
  s.populations[0].count = 24;
  EXPECT_TRUE(check_geometry(s).empty()) << all_messages(check_geometry(s));
  s.populations[0].count = 25;
  const auto diagnostics = check_geometry(s);
  ASSERT_EQ(diagnostics.size(), 1u) << all_messages(diagnostics);
  EXPECT_EQ(diagnostics[0].message,
            "spawn area of population 'audience' is too small for its count: its walkable part "
            "of 4.00 m² holds at most 24 persons of radius 0.20 m at a safe packing (85 % of "
            "the densest), count is 25");
  // Only the walkable part counts: half of this 4 × 1 m strip lies outside the venue
  // (x < 0), so 2 m² hold at most 2 · 6.1343 = 12.27 → 12.
  s.populations[0].in = {"", rect(-2, 2, 2, 3), at_line(61)};
  s.populations[0].count = 13;
  ASSERT_EQ(check_geometry(s).size(), 1u);
  EXPECT_NE(check_geometry(s)[0].message.find("2.00 m² holds at most 12"), std::string::npos);
  // The largest radius a draw can take decides: uniform up to 0.25 m → 4·0.85/(2·√3·0.0625)
  // = 15.70, at most 15.
  s.populations[0].in = {"", rect(2, 2, 4, 4), at_line(61)};
  s.populations[0].radius = Distribution::uniform_dist(0.15, 0.25);
  s.populations[0].count = 16;
  ASSERT_EQ(check_geometry(s).size(), 1u);
  EXPECT_NE(check_geometry(s)[0].message.find("at most 15 persons of radius 0.25 m"),
            std::string::npos);
}

// A large venue passes the checks; the time is printed, not asserted (a loaded machine must not
// fail a test; ctest's timeout catches a hang).
TEST(CheckGeometry, KilometreSquareVenueWithFourHundredObstaclesPassesTheChecks) {
  Scenario s;
  s.venue = venue_of({rect(0, 0, 1000, 1000)});
  for (int i = 0; i < 20; ++i) {
    for (int j = 0; j < 20; ++j) {
      const double x = 20.0 + 48.0 * i, y = 20.0 + 48.0 * j;
      s.venue.obstacles.push_back(obstacle("", rect(x, y, x + 10, y + 5)));
    }
  }
  s.venue.exits.push_back({"north", {{490, 1000}, {510, 1000}}, at_line(41)});
  s.venue.waypoints.push_back({"far", {990, 10}, 2.0, at_line(43)});
  PopulationDesc pop;
  pop.name = "crowd";
  pop.count = 5000;
  pop.in = {"", rect(5, 5, 60, 60), at_line(61)};
  JourneyStep to_far;
  to_far.kind = JourneyStep::Kind::to;
  to_far.target = "far";
  pop.journey = {to_far, JourneyStep{}};
  s.populations.push_back(pop);
  const auto start = std::chrono::steady_clock::now();
  const auto diagnostics = check_geometry(s);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("[ timing ] check_geometry of a 1 km × 1 km venue with 400 obstacles: %.2f s\n",
              elapsed.count());
  EXPECT_TRUE(diagnostics.empty()) << all_messages(diagnostics);
}

}  // namespace
}  // namespace stroom
