// Venue: walkable area (Boost.Geometry), walls, b2DynamicTree broad phase with analytic
// narrow phase, a coarse inside/outside/boundary grid for contains(), and WKT output.
#include <box2d/b2_dynamic_tree.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "geometry/boost_types.hpp"
#include "geometry/cell_grid.hpp"
#include "geometry/segment_math.hpp"
#include "stroom/geometry.hpp"

namespace stroom {

using namespace geometry_detail;

namespace {

// Exits may lie this far from the walkable boundary (m); the same tolerance is used by
// check_geometry, so every exit it accepts opens the boundary walls.
constexpr double kExitTolerance = 0.02;
// Half width of the slit that cuts a blocking door/exit/checkpoint into the WKT outline (m).
constexpr double kSlitHalfWidth = 0.01;
constexpr double kContainsCell = 0.5;  // m, preferred cell of the contains() grid
constexpr std::int64_t kContainsMaxCells = 1 << 20;
constexpr double kNoWall = std::numeric_limits<double>::infinity();
constexpr std::size_t kRebuildMaxWalls = 600;
constexpr double kQueryPad = 1e-3;  // m, covers double → float rounding of query boxes

// contains() grid cell flags: whether the cell centre is inside, and whether an outline edge
// passes through or near the cell (then its edge list decides).
constexpr std::uint8_t kCentreInside = 1;
constexpr std::uint8_t kNearOutline = 2;

b2AABB box_around(Vec2 lo, Vec2 hi) {
  b2AABB box;
  box.lowerBound.Set(static_cast<float>(lo.x - kQueryPad), static_cast<float>(lo.y - kQueryPad));
  box.upperBound.Set(static_cast<float>(hi.x + kQueryPad), static_cast<float>(hi.y + kQueryPad));
  return box;
}

bool finite(Vec2 v) {
  return std::isfinite(v.x) && std::isfinite(v.y);
}

SourceLocation walkable_where(const VenueDesc& desc, std::size_t i) {
  return i < desc.walkable_where.size() ? desc.walkable_where[i] : desc.where;
}

std::string element_label(const char* kind, const std::string& name, std::size_t index) {
  return name.empty() ? std::string(kind) + " " + std::to_string(index + 1)
                      : std::string(kind) + " '" + name + "'";
}

// Boundary pieces of one ring edge that remain after cutting out the exit openings.
void append_boundary_walls(const Segment& edge, const std::vector<ExitDesc>& exits,
                           std::vector<Wall>& walls) {
  std::vector<std::pair<double, double>> openings;
  for (const ExitDesc& exit : exits) {
    if (auto interval = interval_near(edge, exit.line, kExitTolerance)) {
      openings.push_back(*interval);
    }
  }
  std::sort(openings.begin(), openings.end());
  const double min_piece = 1e-6 / std::max(edge.length(), 1e-12);  // 1 µm
  double start = 0.0;
  const auto emit = [&](double t0, double t1) {
    if (t1 - t0 > min_piece) {
      walls.push_back({{edge.a + (edge.b - edge.a) * t0, edge.a + (edge.b - edge.a) * t1},
                       WallKind::boundary,
                       -1});
    }
  };
  for (const auto& [t0, t1] : openings) {
    emit(start, t0);
    start = std::max(start, t1);
  }
  emit(start, 1.0);
}

}  // namespace

struct Venue::Impl {
  VenueDesc desc;
  std::vector<PolygonWithHoles> walkable;
  BgMultiPolygon walkable_bg;
  double area = 0.0;
  Bounds bounds;
  std::vector<Wall> walls;
  b2DynamicTree tree;
  CellGrid contains_grid;
  std::vector<std::uint8_t> cell_state;
  std::vector<Segment> outline;               ///< every ring edge of the walkable area
  std::vector<std::int32_t> cell_edge_begin;  ///< per cell: range into cell_edges (CSR)
  std::vector<std::int32_t> cell_edges;       ///< outline edges near each cell
};

Venue::Venue(const VenueDesc& desc) : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.desc = desc;

  // [SECTION] Validate the input polygons and lines, all problems at once
  std::vector<Diagnostic> problems;
  if (desc.walkable.empty()) problems.push_back({desc.where, "venue has no walkable polygon"});
  for (std::size_t i = 0; i < desc.walkable.size(); ++i) {
    if (auto problem = polygon_problem(desc.walkable[i])) {
      problems.push_back(
          {walkable_where(desc, i), "walkable polygon " + std::to_string(i + 1) + " " + *problem});
    }
  }
  for (std::size_t i = 0; i < desc.obstacles.size(); ++i) {
    if (auto problem = polygon_problem(desc.obstacles[i].polygon)) {
      problems.push_back({desc.obstacles[i].where,
                          element_label("obstacle", desc.obstacles[i].name, i) + " " + *problem});
    }
  }
  const auto check_line = [&](const char* kind, const std::string& name, std::size_t i,
                              const Segment& line, const SourceLocation& where) {
    if (!finite(line.a) || !finite(line.b)) {
      problems.push_back(
          {where, element_label(kind, name, i) + " has a coordinate that is not a number"});
    }
  };
  for (std::size_t i = 0; i < desc.exits.size(); ++i) {
    check_line("exit", desc.exits[i].name, i, desc.exits[i].line, desc.exits[i].where);
  }
  for (std::size_t i = 0; i < desc.doors.size(); ++i) {
    check_line("door", desc.doors[i].name, i, desc.doors[i].line, desc.doors[i].where);
  }
  for (std::size_t i = 0; i < desc.checkpoints.size(); ++i) {
    check_line("checkpoint", desc.checkpoints[i].name, i, desc.checkpoints[i].line,
               desc.checkpoints[i].where);
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));

  // [SECTION] Walkable area = union(walkable) − union(obstacles)
  BgMultiPolygon result;
  try {
    BgMultiPolygon walkable_union, obstacle_union;
    for (const Polygon& p : desc.walkable) {
      BgMultiPolygon merged;
      bg::union_(walkable_union, to_bg(p), merged);
      walkable_union = std::move(merged);
    }
    for (const ObstacleDesc& o : desc.obstacles) {
      BgMultiPolygon merged;
      bg::union_(obstacle_union, to_bg(o.polygon), merged);
      obstacle_union = std::move(merged);
    }
    bg::difference(walkable_union, obstacle_union, result);
  } catch (const bg::exception& e) {
    throw ScenarioError(
        {{desc.where, std::string("venue polygons cannot be combined: ") + e.what()}});
  }
  im.walkable = canonical(result);
  if (im.walkable.empty()) {
    throw ScenarioError(
        {{desc.where, "the walkable area is empty: obstacles cover all walkable polygons"}});
  }
  im.walkable_bg = to_bg(im.walkable);
  im.area = bg::area(im.walkable_bg);
  im.bounds = {im.walkable.front().outer.front(), im.walkable.front().outer.front()};
  for (const PolygonWithHoles& p : im.walkable) {
    for (const Vec2& v : p.outer) {
      im.bounds.min = {std::min(im.bounds.min.x, v.x), std::min(im.bounds.min.y, v.y)};
      im.bounds.max = {std::max(im.bounds.max.x, v.x), std::max(im.bounds.max.y, v.y)};
    }
  }

  // [SECTION] Walls: boundary minus exit openings, then exits, doors, checkpoints
  const std::vector<Segment> edges = ring_edges(im.walkable);
  for (const Segment& edge : edges)
    append_boundary_walls(edge, desc.exits, im.walls);
  for (std::size_t i = 0; i < desc.exits.size(); ++i) {
    im.walls.push_back({desc.exits[i].line, WallKind::exit, static_cast<int>(i)});
  }
  for (std::size_t i = 0; i < desc.doors.size(); ++i) {
    im.walls.push_back({desc.doors[i].line, WallKind::door, static_cast<int>(i)});
  }
  for (std::size_t i = 0; i < desc.checkpoints.size(); ++i) {
    im.walls.push_back({desc.checkpoints[i].line, WallKind::checkpoint, static_cast<int>(i)});
  }

  // [SECTION] Broad phase: one proxy per wall, rebuilt bottom-up for faster static queries
  for (std::size_t i = 0; i < im.walls.size(); ++i) {
    const Segment& s = im.walls[i].segment;
    const b2AABB box = box_around({std::min(s.a.x, s.b.x), std::min(s.a.y, s.b.y)},
                                  {std::max(s.a.x, s.b.x), std::max(s.a.y, s.b.y)});
    im.tree.CreateProxy(box, reinterpret_cast<void*>(static_cast<std::intptr_t>(i)));
  }
  // Box2D's bottom-up rebuild is cubic in the proxy count (greedy closest pair): 3.5 s for
  // 1,600 walls. Above the limit the incrementally built tree is kept.
  if (im.walls.size() <= kRebuildMaxWalls) im.tree.RebuildBottomUp();

  // [SECTION] contains() grid: cells away from the outline answer from their centre; the
  // others count outline crossings between the centre and the query point.
  CellGrid& grid = im.contains_grid;
  grid = CellGrid::covering(im.bounds, kContainsCell, kContainsMaxCells);
  const auto cells = static_cast<std::size_t>(grid.size());
  im.cell_state.assign(cells, 0);
  for (std::int64_t cell : cells_inside(grid, edges)) {
    im.cell_state[static_cast<std::size_t>(cell)] = kCentreInside;
  }
  std::vector<std::pair<std::int64_t, std::int32_t>> near;  // (cell, edge)
  for (std::size_t e = 0; e < edges.size(); ++e) {
    visit_cells_along(grid, edges[e], [&](std::int64_t cell) {
      near.emplace_back(cell, static_cast<std::int32_t>(e));
    });
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  im.outline = edges;
  im.cell_edge_begin.assign(cells + 1, 0);
  im.cell_edges.reserve(near.size());
  for (const auto& [cell, edge] : near) {
    im.cell_state[static_cast<std::size_t>(cell)] |= kNearOutline;
    ++im.cell_edge_begin[static_cast<std::size_t>(cell) + 1];
    im.cell_edges.push_back(edge);
  }
  for (std::size_t c = 0; c < cells; ++c)
    im.cell_edge_begin[c + 1] += im.cell_edge_begin[c];
}

Venue::~Venue() = default;
Venue::Venue(Venue&&) noexcept = default;
Venue& Venue::operator=(Venue&&) noexcept = default;

const VenueDesc& Venue::desc() const {
  return impl_->desc;
}
const std::vector<PolygonWithHoles>& Venue::walkable() const {
  return impl_->walkable;
}
double Venue::area() const {
  return impl_->area;
}
Bounds Venue::bounds() const {
  return impl_->bounds;
}
const std::vector<Wall>& Venue::walls() const {
  return impl_->walls;
}

bool Venue::contains(Vec2 p) const {
  if (!finite(p)) return false;
  const Impl& im = *impl_;
  const CellGrid& grid = im.contains_grid;
  const int ix = grid.column(p.x), iy = grid.row(p.y);
  if (!grid.in_range(ix, iy)) return false;
  const auto cell = static_cast<std::size_t>(grid.index(ix, iy));
  const std::uint8_t state = im.cell_state[cell];
  bool inside = (state & kCentreInside) != 0;
  if (!(state & kNearOutline)) return inside;
  // Crossing parity along centre → p, with the half-open rule so that a vertex on the path
  // is counted once. Every edge that crosses the cell is in the cell's list.
  const Vec2 c = grid.centre(ix, iy);
  const Vec2 path = p - c;
  for (std::int32_t k = im.cell_edge_begin[cell]; k < im.cell_edge_begin[cell + 1]; ++k) {
    const Segment& e = im.outline[static_cast<std::size_t>(im.cell_edges[k])];
    Vec2 closest;
    if (distance_squared_to_segment(e, p, closest) <= 1e-18) return true;  // on the outline
    if (distance_squared_to_segment(e, c, closest) <= 1e-18) {
      // The centre's own classification is ambiguous: ask Boost.
      return bg::covered_by(BgPoint(p.x, p.y), im.walkable_bg);
    }
    const bool a_left = cross(path, e.a - c) > 0.0, b_left = cross(path, e.b - c) > 0.0;
    if (a_left == b_left) continue;
    const Vec2 edge = e.b - e.a;
    if ((cross(edge, c - e.a) > 0.0) != (cross(edge, p - e.a) > 0.0)) inside = !inside;
  }
  return inside;
}

double Venue::clipped_area(const Polygon& polygon) const {
  if (auto problem = polygon_problem(polygon)) {
    throw ScenarioError({{{}, "polygon to clip to the walkable area " + *problem}});
  }
  BgMultiPolygon clipped;
  bg::intersection(impl_->walkable_bg, to_bg(polygon), clipped);
  return bg::area(clipped);
}

std::vector<Polygon> Venue::clipped_outlines(const Polygon& polygon) const {
  if (auto problem = polygon_problem(polygon)) {
    throw ScenarioError({{{}, "polygon to clip to the walkable area " + *problem}});
  }
  BgMultiPolygon clipped;
  bg::intersection(impl_->walkable_bg, to_bg(polygon), clipped);
  std::vector<Polygon> outlines;
  for (PolygonWithHoles& part : canonical(clipped))
    outlines.push_back(std::move(part.outer));
  return outlines;
}

std::vector<std::uint8_t> Venue::initial_blocking() const {
  std::vector<std::uint8_t> blocking(impl_->walls.size(), 1);
  for (std::size_t i = 0; i < impl_->walls.size(); ++i) {
    const Wall& w = impl_->walls[i];
    if (w.kind == WallKind::exit) blocking[i] = 0;
    if (w.kind == WallKind::door) {
      blocking[i] = impl_->desc.doors[static_cast<std::size_t>(w.element)].open ? 0 : 1;
    }
  }
  return blocking;
}

std::vector<int> Venue::walls_of(WallKind kind, int element) const {
  std::vector<int> out;
  for (std::size_t i = 0; i < impl_->walls.size(); ++i) {
    if (impl_->walls[i].kind == kind && impl_->walls[i].element == element) {
      out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

namespace {

int wall_of_proxy(const b2DynamicTree& tree, int32 proxy) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(tree.GetUserData(proxy)));
}

// Tree callbacks: each reads the walls (hot: segment only) and the caller's blocking flags.
struct WallIndex {
  const b2DynamicTree* tree;
  const Wall* walls;
  int wall_of(int32 proxy) const { return wall_of_proxy(*tree, proxy); }
  const Segment& segment(int w) const { return walls[w].segment; }
};

struct NearestWallSearch {
  WallIndex index;
  const std::uint8_t* blocking;
  Vec2 p;
  double best_distance_squared;
  Vec2 best_closest;
  int best_wall;

  bool QueryCallback(int32 proxy) {
    const int w = index.wall_of(proxy);
    if (!blocking[w]) return true;
    Vec2 closest;
    const double d2 = distance_squared_to_segment(index.segment(w), p, closest);
    // Ties go to the lower wall index so that the answer does not depend on tree order.
    if (d2 < best_distance_squared || (d2 == best_distance_squared && w < best_wall)) {
      best_distance_squared = d2;
      best_closest = closest;
      best_wall = w;
    }
    return true;
  }
};

struct WallsInRange {
  WallIndex index;
  const std::uint8_t* blocking;
  Vec2 p;
  double radius_squared;
  std::vector<int>* out;

  bool QueryCallback(int32 proxy) {
    const int w = index.wall_of(proxy);
    if (!blocking[w]) return true;
    Vec2 closest;
    const double d2 = distance_squared_to_segment(index.segment(w), p, closest);
    if (d2 <= radius_squared) out->push_back(w);
    return true;
  }
};

struct SightBlocker {
  WallIndex index;
  const std::uint8_t* blocking;
  Vec2 a, b;
  bool blocked;

  float RayCastCallback(const b2RayCastInput& input, int32 proxy) {
    const int w = index.wall_of(proxy);
    if (blocking[w] && open_segment_crosses(a, b, index.segment(w))) {
      blocked = true;
      return 0.0f;  // stop the traversal
    }
    return input.maxFraction;
  }
};

}  // namespace

std::optional<WallHit> Venue::nearest_wall(Vec2 p, double max_distance,
                                           std::span<const std::uint8_t> blocking) const {
  STROOM_ASSERT(blocking.size() == impl_->walls.size());
  if (!finite(p) || !(max_distance >= 0.0)) return std::nullopt;
  const double diagonal = length(impl_->bounds.max - impl_->bounds.min);
  const double limit = std::min(max_distance, distance(p, impl_->bounds.min) + diagonal);
  // Growing boxes: the first box that holds a wall within its half size gives the exact
  // answer, and most queries in a crowd are answered by the first, small box.
  double radius = std::min(limit, 1.0);
  while (true) {
    NearestWallSearch search{
        {&impl_->tree, impl_->walls.data()}, blocking.data(), p, kNoWall, {}, -1};
    impl_->tree.Query(&search, box_around(p - Vec2{radius, radius}, p + Vec2{radius, radius}));
    if (search.best_wall >= 0 && search.best_distance_squared <= radius * radius) {
      const double d = std::sqrt(search.best_distance_squared);
      if (d > max_distance) return std::nullopt;
      return WallHit{d, search.best_closest, search.best_wall};
    }
    if (radius >= limit) return std::nullopt;
    radius = std::min(limit, radius * 4.0);
  }
}

void Venue::walls_within(Vec2 p, double radius, std::span<const std::uint8_t> blocking,
                         std::vector<int>& out) const {
  STROOM_ASSERT(blocking.size() == impl_->walls.size());
  out.clear();
  if (!finite(p) || !(radius >= 0.0) || !std::isfinite(radius)) return;
  WallsInRange search{
      {&impl_->tree, impl_->walls.data()}, blocking.data(), p, radius * radius, &out};
  impl_->tree.Query(&search, box_around(p - Vec2{radius, radius}, p + Vec2{radius, radius}));
  std::sort(out.begin(), out.end());  // tree order is an implementation detail
}

bool Venue::line_of_sight(Vec2 a, Vec2 b, std::span<const std::uint8_t> blocking) const {
  STROOM_ASSERT(blocking.size() == impl_->walls.size());
  if (!finite(a) || !finite(b)) return false;
  if (length_squared(b - a) < 1e-18) return true;  // nothing to cross; Box2D asserts on it
  SightBlocker search{{&impl_->tree, impl_->walls.data()}, blocking.data(), a, b, false};
  b2RayCastInput input;
  input.p1.Set(static_cast<float>(a.x), static_cast<float>(a.y));
  input.p2.Set(static_cast<float>(b.x), static_cast<float>(b.y));
  input.maxFraction = 1.0f;
  if ((input.p2 - input.p1).LengthSquared() <= 0.0f) {
    // The segment is shorter than float resolution: test the few walls around it directly.
    std::vector<int> near;
    walls_within(a, distance(a, b) + kQueryPad, blocking, near);
    return std::none_of(near.begin(), near.end(), [&](int w) {
      return open_segment_crosses(a, b, impl_->walls[static_cast<std::size_t>(w)].segment);
    });
  }
  impl_->tree.RayCast(&search, input);
  return !search.blocked;
}

std::string Venue::wkt(std::span<const std::uint8_t> blocking) const {
  STROOM_ASSERT(blocking.size() == impl_->walls.size());
  BgMultiPolygon slits;
  for (std::size_t i = 0; i < impl_->walls.size(); ++i) {
    const Wall& w = impl_->walls[i];
    if (w.kind == WallKind::boundary || !blocking[i]) continue;
    const Vec2 along = normalized(w.segment.b - w.segment.a) * kSlitHalfWidth;
    if (length_squared(along) == 0.0) continue;
    const Vec2 across{-along.y, along.x};
    const Vec2 a = w.segment.a - along, b = w.segment.b + along;
    BgMultiPolygon merged;
    bg::union_(slits, to_bg(Polygon{a - across, b - across, b + across, a + across}), merged);
    slits = std::move(merged);
  }
  BgMultiPolygon cut;
  bg::difference(impl_->walkable_bg, slits, cut);
  const std::vector<PolygonWithHoles> shape = canonical(cut);
  if (shape.empty()) return "MULTIPOLYGON EMPTY";
  std::string text = "MULTIPOLYGON(";
  const auto ring_text = [&](const Polygon& ring) {
    text += '(';
    for (std::size_t k = 0; k <= ring.size(); ++k) {
      const Vec2 v = ring[k % ring.size()];
      if (k > 0) text += ',';
      text += fixed(v.x, 3) + ' ' + fixed(v.y, 3);
    }
    text += ')';
  };
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ',';
    text += '(';
    ring_text(shape[i].outer);
    for (const Polygon& hole : shape[i].holes) {
      text += ',';
      ring_text(hole);
    }
    text += ')';
  }
  return text + ")";
}

}  // namespace stroom
