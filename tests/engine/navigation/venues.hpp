// Small venues for the navigation tests, with dimensions chosen so that the expected walking
// distances can be worked out by hand (see each test).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/navigation.hpp"
#include "stroom/scenario.hpp"

namespace stroom::test {

inline Polygon rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

inline VenueDesc venue_of(std::vector<Polygon> walkable) {
  VenueDesc desc;
  desc.walkable = std::move(walkable);
  desc.walkable_where.resize(desc.walkable.size());
  return desc;
}

inline void add_exit(VenueDesc& desc, std::string name, Segment line) {
  ExitDesc exit;
  exit.name = std::move(name);
  exit.line = line;
  desc.exits.push_back(std::move(exit));
}

inline void add_door(VenueDesc& desc, std::string name, Segment line, bool open) {
  DoorDesc door;
  door.name = std::move(name);
  door.line = line;
  door.open = open;
  desc.doors.push_back(std::move(door));
}

inline void add_obstacle(VenueDesc& desc, Polygon polygon) {
  ObstacleDesc obstacle;
  obstacle.polygon = std::move(polygon);
  desc.obstacles.push_back(std::move(obstacle));
}

/// Straight corridor 20 m × 2 m along x, exit "east" across its east end.
inline VenueDesc corridor() {
  VenueDesc desc = venue_of({rectangle(0, 0, 20, 2)});
  add_exit(desc, "east", {{20, 0}, {20, 2}});
  return desc;
}

/// L-shaped corridor, 2 m wide: east along y ∈ [0, 2] from x = 0 to 10, then north along
/// x ∈ [8, 10] up to y = 10, exit "north" across the top. Inner corner at (8, 2).
inline VenueDesc l_corridor() {
  VenueDesc desc = venue_of({{{0, 0}, {10, 0}, {10, 10}, {8, 10}, {8, 2}, {0, 2}}});
  add_exit(desc, "north", {{8, 10}, {10, 10}});
  return desc;
}

/// Room 20 m × 20 m with a 4 m × 4 m pillar in the middle, (8, 8) .. (12, 12).
inline VenueDesc room_with_pillar() {
  VenueDesc desc = venue_of({rectangle(0, 0, 20, 20)});
  add_obstacle(desc, rectangle(8, 8, 12, 12));
  return desc;
}

/// Hall 20 m × 10 m split at x = 10 by a partition 0.2 m thick from y = 1 to y = 9, with a
/// door in each gap: "south" (10, 0)–(10, 1) and "north" (10, 9)–(10, 10).
inline VenueDesc two_rooms(bool south_open, bool north_open) {
  VenueDesc desc = venue_of({rectangle(0, 0, 20, 10)});
  add_obstacle(desc, rectangle(9.9, 1, 10.1, 9));
  add_door(desc, "south", {{10, 0}, {10, 1}}, south_open);
  add_door(desc, "north", {{10, 9}, {10, 10}}, north_open);
  return desc;
}

/// Three rooms in a row, 10 m × 4 m each, joined by doors in 1 m gaps at the bottom of
/// partitions at x = 10 ("ab") and x = 20 ("bc").
inline VenueDesc three_rooms(bool ab_open, bool bc_open) {
  VenueDesc desc = venue_of({rectangle(0, 0, 30, 4)});
  add_obstacle(desc, rectangle(9.9, 1, 10.1, 4));
  add_obstacle(desc, rectangle(19.9, 1, 20.1, 4));
  add_door(desc, "ab", {{10, 0}, {10, 1}}, ab_open);
  add_door(desc, "bc", {{20, 0}, {20, 1}}, bc_open);
  return desc;
}

/// Parameters without the wall penalty, so walking distances are plain shortest paths.
inline NavigationParams no_penalty() {
  NavigationParams params;
  params.wall_penalty = 1.0;
  return params;
}

inline TargetShape segment_target(Segment s) {
  TargetShape shape;
  shape.segments.push_back(s);
  return shape;
}

inline TargetShape disc_target(Vec2 centre, double radius) {
  TargetShape shape;
  shape.discs.emplace_back(centre, radius);
  return shape;
}

}  // namespace stroom::test
