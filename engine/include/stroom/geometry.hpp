// The venue's geometry at run time: the walkable area (union of `walkable` polygons minus
// obstacles, computed with Boost.Geometry), its wall segments, and a Box2D b2DynamicTree over
// the walls for nearest-wall, range and line-of-sight queries.
//
// Walls are every boundary edge of the walkable area, except where an exit opening lies on
// it, plus one wall per exit, door and checkpoint line. Which of the toggleable walls block
// is not stored here: queries take a `blocking` flag per wall (Venue::initial_blocking() gives
// the state at t = 0), so the Venue stays immutable and is safe for concurrent readers while
// events open and close doors in the simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

struct PolygonWithHoles {
  Polygon outer;               ///< counter-clockwise
  std::vector<Polygon> holes;  ///< clockwise
};

enum class WallKind : std::uint8_t {
  boundary,    ///< always blocks
  exit,        ///< blocks only while the exit is closed
  door,        ///< blocks only while the door is closed
  checkpoint,  ///< blocks except for the person being served (the simulation decides)
};

struct Wall {
  Segment segment;
  WallKind kind = WallKind::boundary;
  int element = -1;  ///< index into venue.exits / doors / checkpoints; -1 for boundary walls
};

struct WallHit {
  double distance = 0.0;  ///< m, from the query point to the closest point
  Vec2 closest;           ///< closest point on the wall
  int wall = -1;          ///< index into Venue::walls()
};

class Venue {
 public:
  /// Builds the geometry. Throws ScenarioError when the polygons are invalid (self-
  /// intersecting, zero area) or the walkable area is empty.
  explicit Venue(const VenueDesc& desc);
  ~Venue();
  Venue(Venue&&) noexcept;
  Venue& operator=(Venue&&) noexcept;
  Venue(const Venue&) = delete;
  Venue& operator=(const Venue&) = delete;

  const VenueDesc& desc() const;
  /// The walkable area as disjoint polygons with holes.
  const std::vector<PolygonWithHoles>& walkable() const;
  double area() const;  ///< m²
  Bounds bounds() const;
  /// Point inside the walkable area (the boundary counts as inside).
  bool contains(Vec2 p) const;
  /// Area of a polygon clipped to the walkable area, m².
  double clipped_area(const Polygon& polygon) const;
  /// The outlines of a polygon clipped to the walkable area (outer rings; an obstacle inside
  /// it leaves a hole that nobody can stand in, so it is not returned). Empty when the
  /// polygon covers no walkable ground.
  std::vector<Polygon> clipped_outlines(const Polygon& polygon) const;

  const std::vector<Wall>& walls() const;
  /// Blocking flag per wall at t = 0: boundary 1, exits 0, doors 1 when closed, checkpoints 1.
  std::vector<std::uint8_t> initial_blocking() const;
  /// Indices of the walls that belong to an exit / door / checkpoint element.
  std::vector<int> walls_of(WallKind kind, int element) const;

  /// Nearest blocking wall within max_distance, if any.
  std::optional<WallHit> nearest_wall(Vec2 p, double max_distance,
                                      std::span<const std::uint8_t> blocking) const;
  /// Appends the indices of blocking walls within `radius` of p to `out` (cleared first).
  void walls_within(Vec2 p, double radius, std::span<const std::uint8_t> blocking,
                    std::vector<int>& out) const;
  /// True when the open segment a→b crosses no blocking wall.
  bool line_of_sight(Vec2 a, Vec2 b, std::span<const std::uint8_t> blocking) const;

  /// The walkable area as WKT (MULTIPOLYGON), with blocking door/exit/checkpoint walls cut out
  /// as thin slits, for trajectory files. Stable text for the same input.
  std::string wkt(std::span<const std::uint8_t> blocking) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Connected parts of the walkable area under one blocking state (a flood fill over a grid of
/// about 0.2 m cells, coarser for huge venues, whose cells join where no blocking wall lies
/// between their centres). Parts are named by integer labels; each query returns the sorted,
/// unique labels it touches, so two things are connected when their labels intersect.
class Reachability {
 public:
  Reachability(const Venue& venue, std::vector<std::uint8_t> blocking);
  ~Reachability();
  Reachability(Reachability&&) noexcept;
  Reachability& operator=(Reachability&&) noexcept;

  /// Parts of the walkable cells inside a polygon (for a polygon too small to hold a cell
  /// centre: the cells under its vertices and centroid).
  std::vector<int> of_area(const Polygon& polygon) const;
  /// Parts from which `p` can be seen within `reach` (at least a cell and a half).
  std::vector<int> of_point(Vec2 p, double reach) const;
  /// Parts from which some point of the line can be seen from a neighbouring cell: both sides
  /// of a door or checkpoint line, the inside of an exit.
  std::vector<int> of_line(const Segment& line) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ScenarioDraft;  // stroom/scenario_loader.hpp

/// Every geometric check of the scenario contract, as diagnostics with source locations:
/// invalid polygons, exits not on the walkable boundary, doors/checkpoints/waypoints outside
/// the walkable area, spawn areas outside the walkable area or too small for their count at a
/// safe packing, journey targets unreachable from the spawn area (coarse grid flood fill).
/// An empty result means the scenario can be simulated.
std::vector<Diagnostic> check_geometry(const Scenario& scenario);

/// The checks of check_geometry() that a scenario read with problems still allows, so that
/// format and geometry problems come in one pass: the validity of every polygon that was read;
/// placement and spawn areas once every walkable polygon and obstacle was read; reachability
/// as far as it cannot be caused by an element or event that was not read. Populations with a
/// problem of their own are left out. For a draft without problems: check_geometry(scenario).
std::vector<Diagnostic> check_geometry(const ScenarioDraft& draft);

/// Every problem of a draft in one list, sorted by position (sort_by_position): its format
/// problems and check_geometry(draft). Empty: the scenario can be simulated.
std::vector<Diagnostic> scenario_problems(const ScenarioDraft& draft);

}  // namespace stroom
