#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "stroom/geometry.hpp"
#include "venue_fixtures.hpp"

namespace stroom {
namespace {

using test::obstacle;
using test::rect;
using test::venue_of;

TEST(NearestWall, PointInACorridorIsHalfAMetreFromTheNearSide) {
  const Venue venue(venue_of({rect(0, 0, 10, 2)}));
  const auto blocking = venue.initial_blocking();
  const auto hit = venue.nearest_wall({5, 0.5}, 3.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR(hit->distance, 0.5, 1e-12);
  EXPECT_EQ(hit->closest, (Vec2{5, 0}));
  EXPECT_EQ(venue.walls()[hit->wall].segment.a.y, 0.0);
  EXPECT_FALSE(venue.nearest_wall({5, 0.5}, 0.4, blocking).has_value());
  EXPECT_TRUE(venue.nearest_wall({5, 0.5}, 0.5, blocking).has_value());  // limit inclusive
}

TEST(NearestWall, NearACornerTheClosestPointIsTheCorner) {
  const Venue venue(venue_of({rect(0, 0, 10, 10)}));
  const auto blocking = venue.initial_blocking();
  // Inside, 0.3 m from the west wall and 0.4 m from the south wall.
  auto hit = venue.nearest_wall({0.3, 0.4}, 5.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR(hit->distance, 0.3, 1e-12);
  EXPECT_NEAR(hit->closest.x, 0.0, 1e-12);
  EXPECT_NEAR(hit->closest.y, 0.4, 1e-12);
  // Outside the corner: a 3-4-5 triangle to the corner point.
  hit = venue.nearest_wall({-3, -4}, 10.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR(hit->distance, 5.0, 1e-12);
  EXPECT_EQ(hit->closest, (Vec2{0, 0}));
  // Far from every wall: found through the growing search boxes.
  hit = venue.nearest_wall({5, 5}, 100.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR(hit->distance, 5.0, 1e-12);
}

TEST(NearestWall, IgnoresNonBlockingWallsAndFindsAClosedDoor) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 2)});
  desc.doors.push_back({"gate", {{5, 0}, {5, 2}}, true, test::at_line(41)});
  const Venue venue(desc);
  auto blocking = venue.initial_blocking();
  const int door = venue.walls_of(WallKind::door, 0).at(0);
  auto hit = venue.nearest_wall({5.2, 1.0}, 3.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_NEAR(hit->distance, 1.0, 1e-12);  // the open door 0.2 m away is ignored
  EXPECT_EQ(venue.walls()[hit->wall].kind, WallKind::boundary);

  blocking[door] = 1;  // the door closes
  hit = venue.nearest_wall({5.2, 1.0}, 3.0, blocking);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->wall, door);
  EXPECT_NEAR(hit->distance, 0.2, 1e-12);
  EXPECT_EQ(hit->closest, (Vec2{5, 1}));
}

TEST(WallsWithin, ReturnsBlockingWallsInRangeInIndexOrder) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 2)});
  desc.doors.push_back({"gate", {{5.5, 0}, {5.5, 2}}, true, test::at_line(41)});
  const Venue venue(desc);
  auto blocking = venue.initial_blocking();
  std::vector<int> found{99};
  venue.walls_within({5, 0.5}, 0.6, blocking, found);
  ASSERT_EQ(found.size(), 1u);  // only the south wall; the open door is skipped
  EXPECT_EQ(venue.walls()[found[0]].segment.a.y, 0.0);
  venue.walls_within({5, 0.5}, 1.6, blocking, found);
  EXPECT_EQ(found.size(), 2u);  // south and north
  EXPECT_TRUE(std::is_sorted(found.begin(), found.end()));
  blocking[venue.walls_of(WallKind::door, 0).at(0)] = 1;
  venue.walls_within({5, 0.5}, 0.6, blocking, found);
  EXPECT_EQ(found.size(), 2u);  // south and the closed door 0.5 m away
}

TEST(LineOfSight, ClosedDoorBlocksAndOpenDoorDoesNot) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 2)});
  desc.doors.push_back({"gate", {{5, 0}, {5, 2}}, false, test::at_line(41)});
  const Venue venue(desc);
  auto blocking = venue.initial_blocking();
  EXPECT_FALSE(venue.line_of_sight({4, 1}, {6, 1}, blocking));
  EXPECT_TRUE(venue.line_of_sight({4, 1}, {4.9, 1.5}, blocking));
  // The open segment excludes its end points: a target on the door line is visible.
  EXPECT_TRUE(venue.line_of_sight({4, 1}, {5, 1}, blocking));
  blocking[venue.walls_of(WallKind::door, 0).at(0)] = 0;
  EXPECT_TRUE(venue.line_of_sight({4, 1}, {6, 1}, blocking));
}

TEST(LineOfSight, AroundAnObstacle) {
  VenueDesc desc = venue_of({rect(0, 0, 10, 10)});
  desc.obstacles.push_back(obstacle("kiosk", rect(4, 4, 6, 6)));
  const Venue venue(desc);
  const auto blocking = venue.initial_blocking();
  EXPECT_FALSE(venue.line_of_sight({1, 5}, {9, 5}, blocking));
  EXPECT_TRUE(venue.line_of_sight({1, 1}, {9, 1}, blocking));
  EXPECT_TRUE(venue.line_of_sight({1, 5}, {5, 9}, blocking));   // passes above-left
  EXPECT_FALSE(venue.line_of_sight({1, 1}, {9, 9}, blocking));  // corner to corner through it
  EXPECT_FALSE(venue.line_of_sight({1, 5}, {12, 5}, blocking));
  EXPECT_TRUE(venue.line_of_sight({3, 3}, {3, 3}, blocking));  // zero length
  EXPECT_FALSE(venue.line_of_sight({1, 1}, {NAN, 1}, blocking));
}

// A festival-like venue: 200 × 120 m, 100 booths, rows of barriers, 4 exits.
VenueDesc festival_venue() {
  VenueDesc desc = venue_of({rect(0, 0, 200, 120)});
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 10; ++j) {
      const double x = 10.0 + 18.0 * i, y = 8.0 + 10.0 * j;
      desc.obstacles.push_back(obstacle("", rect(x, y, x + 3, y + 2)));
    }
  }
  for (int k = 0; k < 20; ++k) {
    const double y = 5.0 + 5.5 * k;
    desc.obstacles.push_back(
        obstacle("", {{190, y}, {196, y + 1}, {196, y + 1.3}, {190, y + 0.3}}));
  }
  desc.exits.push_back({"n", {{90, 120}, {110, 120}}, test::at_line(50)});
  desc.exits.push_back({"s", {{90, 0}, {110, 0}}, test::at_line(51)});
  desc.doors.push_back({"d", {{50, 60}, {52, 60}}, false, test::at_line(52)});
  return desc;
}

std::vector<Vec2> query_points(int n) {
  std::vector<Vec2> points;
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < n; ++i)
    points.push_back({-5.0 + 210.0 * next(), -5.0 + 130.0 * next()});
  return points;
}

struct QueryResult {
  int nearest = -1;
  double distance = 0.0;
  int count_within = 0;
  bool sight = false;
  bool inside = false;
  bool operator==(const QueryResult&) const = default;
};

std::vector<QueryResult> run_queries(const Venue& venue, std::span<const std::uint8_t> blocking,
                                     const std::vector<Vec2>& points) {
  std::vector<QueryResult> results;
  std::vector<int> within;
  for (std::size_t i = 0; i < points.size(); ++i) {
    QueryResult r;
    if (auto hit = venue.nearest_wall(points[i], 5.0, blocking)) {
      r.nearest = hit->wall;
      r.distance = hit->distance;
    }
    venue.walls_within(points[i], 2.0, blocking, within);
    r.count_within = static_cast<int>(within.size());
    r.sight = venue.line_of_sight(points[i], points[(i + 1) % points.size()], blocking);
    r.inside = venue.contains(points[i]);
    results.push_back(r);
  }
  return results;
}

// Even-odd test over every ring: the reference for contains() away from the outline.
bool inside_by_crossings(const Venue& venue, Vec2 p) {
  bool inside = false;
  const auto ring_crossings = [&](const Polygon& ring) {
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const Vec2 a = ring[i], b = ring[(i + 1) % ring.size()];
      if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) {
        inside = !inside;
      }
    }
  };
  for (const PolygonWithHoles& poly : venue.walkable()) {
    ring_crossings(poly.outer);
    for (const Polygon& hole : poly.holes)
      ring_crossings(hole);
  }
  return inside;
}

TEST(VenueQueries, MatchBruteForce) {
  const Venue venue(festival_venue());
  const auto blocking = venue.initial_blocking();
  for (const Vec2 p : query_points(2000)) {
    double best = INFINITY;
    for (std::size_t w = 0; w < venue.walls().size(); ++w) {
      if (blocking[w])
        best = std::min(best, distance(p, closest_point(venue.walls()[w].segment, p)));
    }
    const auto hit = venue.nearest_wall(p, 1000.0, blocking);
    ASSERT_TRUE(hit.has_value());
    EXPECT_DOUBLE_EQ(hit->distance, best);
    EXPECT_EQ(venue.contains(p), inside_by_crossings(venue, p)) << p.x << ", " << p.y;
  }
  // Points very close to the outline, on both sides of the slanted barriers and booths.
  for (const PolygonWithHoles& poly : venue.walkable()) {
    for (const Polygon& hole : poly.holes) {
      for (std::size_t i = 0; i < hole.size(); ++i) {
        const Vec2 a = hole[i], b = hole[(i + 1) % hole.size()];
        const Vec2 mid = (a + b) * 0.5;
        const Vec2 normal = normalized(Vec2{b.y - a.y, a.x - b.x});
        EXPECT_TRUE(venue.contains(mid));
        EXPECT_EQ(venue.contains(mid + normal * 1e-6),
                  inside_by_crossings(venue, mid + normal * 1e-6));
        EXPECT_EQ(venue.contains(mid - normal * 1e-6),
                  inside_by_crossings(venue, mid - normal * 1e-6));
        EXPECT_NE(venue.contains(mid + normal * 1e-6), venue.contains(mid - normal * 1e-6));
      }
    }
  }
}

TEST(VenueQueries, ConcurrentReadersGetIdenticalResults) {
  const Venue venue(festival_venue());
  const auto blocking = venue.initial_blocking();
  const auto points = query_points(20000);
  const auto serial = run_queries(venue, blocking, points);
  std::vector<std::vector<QueryResult>> parallel(4);
  std::vector<std::thread> threads;
  for (auto& out : parallel) {
    threads.emplace_back(
        [&venue, &blocking, &points, &out] { out = run_queries(venue, blocking, points); });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& out : parallel)
    EXPECT_TRUE(out == serial);
  // Sanity: the sample hits walls and open space both.
  int inside = 0;
  for (const auto& r : serial)
    inside += r.inside ? 1 : 0;
  EXPECT_GT(inside, 15000);
  EXPECT_LT(inside, 20000);
}

TEST(VenueQueries, TimingPerQuery) {
  const Venue venue(festival_venue());
  const auto blocking = venue.initial_blocking();
  const auto points = query_points(100000);
  std::vector<int> within;
  double sink = 0.0;
  const auto time_ns = [&](auto&& body) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < points.size(); ++i)
      body(i);
    const std::chrono::duration<double, std::nano> elapsed =
        std::chrono::steady_clock::now() - start;
    return elapsed.count() / static_cast<double>(points.size());
  };
  const double nearest = time_ns([&](std::size_t i) {
    if (auto hit = venue.nearest_wall(points[i], 5.0, blocking)) sink += hit->distance;
  });
  const double range = time_ns([&](std::size_t i) {
    venue.walls_within(points[i], 2.0, blocking, within);
    sink += static_cast<double>(within.size());
  });
  const double sight = time_ns([&](std::size_t i) {
    const Vec2 to = points[i] + Vec2{3.0, 1.5};
    sink += venue.line_of_sight(points[i], to, blocking) ? 1.0 : 0.0;
  });
  const double inside =
      time_ns([&](std::size_t i) { sink += venue.contains(points[i]) ? 1.0 : 0.0; });
  std::printf(
      "[ timing ] %zu walls: nearest_wall(5 m) %.0f ns, walls_within(2 m) %.0f ns, "
      "line_of_sight(3.4 m) %.0f ns, contains %.0f ns per query (checksum %.1f)\n",
      venue.walls().size(), nearest, range, sight, inside, sink);
  EXPECT_GT(sink, 0.0);
}

}  // namespace
}  // namespace stroom
