// Distance fields and walking directions; design in stroom/navigation.hpp and
// docs/navigation.md.
//
// [SECTION] Grid helpers
// [SECTION] Venue rasterisation (walkable cells, wall edges, clearance, flags)
// [SECTION] Fast marching
// [SECTION] Queries (distance, direction)
// [SECTION] Blocking changes and prepare
#include "stroom/navigation.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <span>

#include "geometry/polygon.hpp"
#include "navigation/march_waves.hpp"
#include "stroom/error.hpp"

namespace stroom {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Per-cell flags, one byte per cell of the shared grid. The "dual square" of cell (i, j)
// spans the centres (i, j) .. (i+1, j+1): the four centres that direction() interpolates
// between.
constexpr std::uint8_t kWalkable = 1;
constexpr std::uint8_t kDualCrossed = 2;   // some wall (any state) crosses the dual square
constexpr std::uint8_t kDualNearWall = 4;  // some wall passes near the dual square
constexpr std::uint8_t kNearWall = 8;      // centre within wall_penalty_range of a blocking wall
// Edge bits: "the step from this centre to the east / north neighbour's centre crosses a
// wall". Static bits come from boundary walls; the effective (blocked) bits add the
// toggleable walls that block in the current state. kBlocked… = kStatic… << 2.
constexpr std::uint8_t kStaticEast = 16;
constexpr std::uint8_t kStaticNorth = 32;
constexpr std::uint8_t kBlockedEast = 64;
constexpr std::uint8_t kBlockedNorth = 128;

// Cells within this many cell edges of a target shape start at their exact distance.
constexpr double kSeedBand = 1.5;

// Packed fields (see FieldCell): the walking distance is a 16-bit count of a per-field step,
// with the largest count meaning "unreachable"; a descent direction component is a signed byte,
// the unit vector times kDirectionScale.
constexpr std::uint16_t kUnreachable = 0xFFFF;
constexpr double kDirectionScale = 127.0;

double orientation(Vec2 a, Vec2 b, Vec2 c) {
  return cross(b - a, c - a);
}

bool within_box(Vec2 a, Vec2 b, Vec2 p) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
         p.y <= std::max(a.y, b.y);
}

// Touching counts as intersecting: a wall that ends exactly on a grid edge blocks it, which
// errs on the side of never leaking through a wall.
bool segments_intersect(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  const double d1 = orientation(c, d, a);
  const double d2 = orientation(c, d, b);
  const double d3 = orientation(a, b, c);
  const double d4 = orientation(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && within_box(c, d, a)) || (d2 == 0 && within_box(c, d, b)) ||
         (d3 == 0 && within_box(a, b, c)) || (d4 == 0 && within_box(a, b, d));
}

// Liang-Barsky clip of segment a→b against the closed box [lo, hi].
bool segment_hits_box(Vec2 a, Vec2 b, Vec2 lo, Vec2 hi) {
  double t0 = 0.0;
  double t1 = 1.0;
  const Vec2 d = b - a;
  const double p[4] = {-d.x, d.x, -d.y, d.y};
  const double q[4] = {a.x - lo.x, hi.x - a.x, a.y - lo.y, hi.y - a.y};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0.0) {
      if (q[k] < 0.0) return false;
    } else {
      const double t = q[k] / p[k];
      if (p[k] < 0.0) {
        t0 = std::max(t0, t);
      } else {
        t1 = std::min(t1, t);
      }
      if (t0 > t1) return false;
    }
  }
  return true;
}

/// Closest point of a polygon's boundary to p.
Vec2 closest_on_polygon(const Polygon& polygon, Vec2 p) {
  Vec2 best = polygon.empty() ? p : polygon[0];
  double best_d2 = std::numeric_limits<double>::infinity();
  const std::size_t n = polygon.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Vec2 q = closest_point(Segment{polygon[j], polygon[i]}, p);
    const double d2 = length_squared(q - p);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = q;
    }
  }
  return best;
}

/// Whole pages from the system, given back the moment they are freed: for the buffers that
/// live only while a field is marched (megabytes each). Freed through malloc on a worker
/// thread, such a block stays with that thread's arena, so a run on more threads would keep
/// the memory of every march it ever did (about 100 bytes per person on the crossing benchmark).
template <class T>
struct SystemPages {
  using value_type = T;
  T* allocate(std::size_t count) {
    void* p = mmap(nullptr, count * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t count) { munmap(p, count * sizeof(T)); }
  friend bool operator==(const SystemPages&, const SystemPages&) { return true; }
};

/// A min-heap of integer keys with four children per node: half the levels of a binary heap,
/// and a node's children side by side in one cache line. For the marching front.
class MinHeap {
 public:
  bool empty() const { return keys_.empty(); }
  void push(std::uint64_t key) {
    std::size_t i = keys_.size();
    keys_.push_back(key);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (keys_[parent] <= key) break;
      keys_[i] = keys_[parent];
      i = parent;
    }
    keys_[i] = key;
  }
  /// Removes and returns the smallest key; the heap must not be empty.
  std::uint64_t pop() {
    const std::uint64_t top = keys_[0];
    const std::uint64_t last = keys_.back();
    keys_.pop_back();
    const std::size_t n = keys_.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t least = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t k = first + 1; k < end; ++k)
        least = keys_[k] < keys_[least] ? k : least;
      if (keys_[least] >= last) break;
      keys_[i] = keys_[least];
      i = least;
    }
    keys_[i] = last;
    return top;
  }

 private:
  std::vector<std::uint64_t, SystemPages<std::uint64_t>> keys_;
};

struct Grid {
  Vec2 origin;  // lower-left corner of cell (0, 0)
  double cell = 0.25;
  double inv_cell = 4.0;  ///< 1 / cell, for the prefetch hint (the queries divide: exact bits)
  int nx = 0;
  int ny = 0;
  /// nx − 1 and ny − 1 as doubles, for the bounds tests of the hot queries.
  double last_i = -1.0, last_j = -1.0;

  std::size_t count() const { return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny); }
  std::uint32_t index(int i, int j) const {
    return static_cast<std::uint32_t>(j) * static_cast<std::uint32_t>(nx) +
           static_cast<std::uint32_t>(i);
  }
  Vec2 centre(int i, int j) const {
    return {origin.x + (i + 0.5) * cell, origin.y + (j + 0.5) * cell};
  }
  Vec2 centre(std::uint32_t c) const {
    return centre(static_cast<int>(c % static_cast<std::uint32_t>(nx)),
                  static_cast<int>(c / static_cast<std::uint32_t>(nx)));
  }
  /// Continuous cell coordinate whose integer values are cell centres.
  double fx(double x) const { return (x - origin.x) / cell - 0.5; }
  double fy(double y) const { return (y - origin.y) / cell - 0.5; }
  /// The square between four cell centres that holds p: its south-west cell (i, j) and p's
  /// place in it (tx, ty in [0, 1)). False where p is outside the inner squares (or NaN).
  bool square_at(Vec2 p, int& i, int& j, double& tx, double& ty) const {
    const double gx = fx(p.x);
    const double gy = fy(p.y);
    // Inside the grid (NaN is not): then truncation is floor.
    if (!(gx >= 0 && gy >= 0 && gx < last_i && gy < last_j)) return false;
    i = static_cast<int>(gx);
    j = static_cast<int>(gy);
    tx = gx - i;
    ty = gy - j;
    return true;
  }
  int clamp_i(double v) const { return std::clamp(static_cast<int>(v), 0, nx - 1); }
  int clamp_j(double v) const { return std::clamp(static_cast<int>(v), 0, ny - 1); }

  /// Calls visit(i, j) for every cell whose centre lies within Chebyshev distance `reach` of
  /// the segment (and some more; callers test exactly). Cost grows with the segment's length,
  /// not its bounding box. A cell may be visited more than once.
  template <typename Visit>
  void for_cells_near_segment(const Segment& s, double reach, Visit&& visit) const {
    const double step = 0.5 * cell;
    const int samples = std::max(1, static_cast<int>(std::ceil(s.length() / step)));
    const double r = reach + 0.5 * step;  // every point of s is within step/2 of a sample
    for (int k = 0; k <= samples; ++k) {
      const Vec2 q = s.a + (s.b - s.a) * (static_cast<double>(k) / samples);
      const double i_lo = std::ceil(fx(q.x - r));
      const double i_hi = std::floor(fx(q.x + r));
      const double j_lo = std::ceil(fy(q.y - r));
      const double j_hi = std::floor(fy(q.y + r));
      if (i_hi < 0 || j_hi < 0 || i_lo > nx - 1 || j_lo > ny - 1) continue;
      const int i0 = clamp_i(i_lo);
      const int i1 = clamp_i(i_hi);
      const int j0 = clamp_j(j_lo);
      const int j1 = clamp_j(j_hi);
      for (int j = j0; j <= j1; ++j) {
        for (int i = i0; i <= i1; ++i)
          visit(i, j);
      }
    }
  }
};

}  // namespace

// [SECTION] State

/// What the queries read of one cell of a computed field: 4 bytes.
struct PackedCell {
  /// Steepest descent of the travel cost T at the centre (upwind, connected neighbours only),
  /// as a unit vector × kDirectionScale rounded; (0, 0) where no neighbour is lower.
  std::int8_t dx;
  std::int8_t dy;
  /// Walking distance D in units of Field::walk_step, rounded; kUnreachable where T = +inf.
  std::uint16_t walk;
};

/// One cell of a field. While compute_field() marches, a cell holds its walking distance at
/// full float precision (it feeds the neighbours' updates); the packing pass then replaces it,
/// cell by cell, by the 4-byte form the queries read, in the same memory.
union FieldCell {
  float marching_walk;  // m, only inside compute_field()
  PackedCell packed;    // once computed
};
static_assert(sizeof(FieldCell) == 4);

struct Field {
  TargetShape shape;
  std::vector<int> own_walls;     // exit/door walls that a target segment lies on
  std::vector<int> segment_wall;  // per segment: its own wall, or -1
  std::vector<FieldCell> cells;   // per grid cell, packed once computed
  double walk_step = 1.0;         // m per unit of PackedCell::walk: a power of two
  std::uint16_t seed_band = 0;    // largest walk count within kSeedBand cells of the target
  bool computed = false;
  bool stale = false;

  bool reachable(std::uint32_t c) const { return cells[c].packed.walk != kUnreachable; }
  double walk(std::uint32_t c) const { return cells[c].packed.walk * walk_step; }
  Vec2 descent(std::uint32_t c) const {
    return Vec2{static_cast<double>(cells[c].packed.dx), static_cast<double>(cells[c].packed.dy)};
  }
};

/// What a toggleable wall (exit, door, checkpoint) touches on the grid.
struct ToggleWall {
  int wall = -1;
  std::vector<std::uint32_t> edges;  // cell * 2 + (0 east, 1 north), crossed by the wall
  std::vector<std::pair<std::uint32_t, float>> clearance;  // cells within penalty range
};

struct Navigation::Impl {
  const Venue* venue = nullptr;
  NavigationParams params;
  Grid grid;
  double near_wall_radius = 0.3;  // m: direction() slides along walls closer than this

  std::vector<std::uint8_t> flags;  // per cell: the k… bits above (cell flags and edge bits)
  // Clearance (m to the nearest wall) only for the cells within wall_penalty_range of one,
  // sorted by cell: in open venues most cells are far from walls, and a dense float per cell
  // cost 8 bytes per cell (about 200 bytes per person in the crossing benchmark). Cells listed
  // in near_cell carry kNearWall in flags.
  std::vector<std::pair<std::uint32_t, float>> static_near;  // boundary walls, min per cell
  std::vector<std::uint32_t> near_cell;                      // blocking walls in the current state
  std::vector<float> near_clearance;                         // per near_cell entry
  std::vector<ToggleWall> toggles;
  std::vector<int> toggle_of_wall;     // wall → index in toggles, or -1
  std::vector<std::uint8_t> blocking;  // current state, one flag per wall
  std::vector<Field> fields;

  void rasterise_walkable();
  void rasterise_walls();
  void apply_blocking();
  bool wall_blocks(int wall) const {
    return toggle_of_wall[static_cast<std::size_t>(wall)] < 0 ||
           blocking[static_cast<std::size_t>(wall)] != 0;
  }
  float penalty(std::uint32_t c) const {
    const double range = params.wall_penalty_range;
    if ((flags[c] & kNearWall) == 0) return 1.0f;
    const auto it = std::lower_bound(near_cell.begin(), near_cell.end(), c);
    const double cl = near_clearance[static_cast<std::size_t>(it - near_cell.begin())];
    if (range <= 0.0 || cl >= range) return 1.0f;
    return static_cast<float>(1.0 + (params.wall_penalty - 1.0) * (1.0 - cl / range));
  }
  bool segment_open(const Field& f, std::size_t s) const {
    const int w = f.segment_wall[s];
    return w < 0 || blocking[static_cast<std::size_t>(w)] == 0;
  }
  /// Exact distance from p to the open parts of the shape, with the closest point.
  double shape_distance(const Field& f, Vec2 p, Vec2& closest) const;
  void compute_field(Field& f) const;
  void pack_field(Field& f, std::span<const float> cost) const;
  Vec2 descent(std::span<const float> cost, std::uint32_t c) const;

  /// The four cell centres around a point and what the field says there.
  struct Corners {
    std::uint32_t cell[4];
    double weight[4];                                       // bilinear
    bool usable[4];                                         // reachable, and in sight of the point
    double weights = 0.0;                                   // sum of the usable weights
    double walk = std::numeric_limits<double>::infinity();  // m, interpolated over usable
    double nearest_walk = std::numeric_limits<double>::infinity();  // m, least usable corner
  };
  /// The exact distance to the target shape and its closest point, looked up only next to the
  /// target (a usable corner within the seed band); distance = +inf otherwise.
  struct ShapePoint {
    double distance = std::numeric_limits<double>::infinity();
    Vec2 closest;
  };
  bool corners(const Field& f, Vec2 p, Corners& out) const;
  bool open_direction(const Field& f, Vec2 p, Vec2& direction, double& walk) const;
  /// direction() and distance() by the general path (near walls and targets, on ridges).
  Vec2 direction_near_walls(const Field& f, Vec2 p, double& walking_distance) const;
  ShapePoint near_shape(const Field& f, Vec2 p, const Corners& c) const;
  double distance_at(const Corners& c, const ShapePoint& near) const;
  Vec2 direction_at(const Field& f, Vec2 p, const Corners& c, const ShapePoint& near) const;
};

// [SECTION] Venue rasterisation

void Navigation::Impl::rasterise_walkable() {
  // Scanline fill of the walkable polygons (outer rings and holes, even-odd) at each row of
  // cell centres: far faster than a point query per cell on whole-site grids.
  const auto& areas = venue->walkable();
  tbb::parallel_for(0, grid.ny, [&](int j) {
    const double y = grid.centre(0, j).y;
    std::vector<double> xs;
    auto add_ring = [&](const Polygon& ring) {
      const std::size_t n = ring.size();
      for (std::size_t a = 0, b = n - 1; a < n; b = a++) {
        const Vec2 p = ring[a];
        const Vec2 q = ring[b];
        if ((p.y <= y) != (q.y <= y)) xs.push_back(p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y));
      }
    };
    for (const auto& area : areas) {
      add_ring(area.outer);
      for (const auto& hole : area.holes)
        add_ring(hole);
    }
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const double lo = std::ceil(grid.fx(xs[k]));
      const double hi = std::floor(grid.fx(xs[k + 1]));
      if (hi < 0 || lo > grid.nx - 1) continue;
      for (int i = grid.clamp_i(lo); i <= grid.clamp_i(hi); ++i) {
        flags[grid.index(i, j)] |= kWalkable;
      }
    }
  });
}

void Navigation::Impl::rasterise_walls() {
  const auto& walls = venue->walls();
  const double h = grid.cell;
  const double range = params.wall_penalty_range;
  const double near_reach = near_wall_radius + h;  // dual square centre to any of its points
  toggle_of_wall.assign(walls.size(), -1);
  for (std::size_t w = 0; w < walls.size(); ++w) {
    const Wall& wall = walls[w];
    const Segment s = wall.segment;
    const bool fixed = wall.kind == WallKind::boundary;
    ToggleWall toggle;
    toggle.wall = static_cast<int>(w);
    const double reach = std::max({h, range, near_reach});
    grid.for_cells_near_segment(s, reach, [&](int i, int j) {
      const std::uint32_t c = grid.index(i, j);
      const Vec2 p = grid.centre(i, j);
      if (i + 1 < grid.nx && segments_intersect(p, grid.centre(i + 1, j), s.a, s.b)) {
        if (fixed) {
          flags[c] |= kStaticEast;
        } else {
          toggle.edges.push_back(c * 2u);
        }
      }
      if (j + 1 < grid.ny && segments_intersect(p, grid.centre(i, j + 1), s.a, s.b)) {
        if (fixed) {
          flags[c] |= kStaticNorth;
        } else {
          toggle.edges.push_back(c * 2u + 1u);
        }
      }
      const Vec2 hi{p.x + h, p.y + h};
      if (segment_hits_box(s.a, s.b, p, hi)) flags[c] |= kDualCrossed;
      const Vec2 dual_centre{p.x + 0.5 * h, p.y + 0.5 * h};
      if (stroom::distance(closest_point(s, dual_centre), dual_centre) <= near_reach) {
        flags[c] |= kDualNearWall;
      }
      const double d = stroom::distance(closest_point(s, p), p);
      if (d < range) {
        if (fixed) {
          static_near.emplace_back(c, static_cast<float>(d));
        } else {
          toggle.clearance.emplace_back(c, static_cast<float>(d));
        }
      }
    });
    if (!fixed) {
      std::sort(toggle.edges.begin(), toggle.edges.end());
      toggle.edges.erase(std::unique(toggle.edges.begin(), toggle.edges.end()), toggle.edges.end());
      std::sort(toggle.clearance.begin(), toggle.clearance.end());
      toggle.clearance.erase(
          std::unique(toggle.clearance.begin(), toggle.clearance.end(),
                      [](const auto& a, const auto& b) { return a.first == b.first; }),
          toggle.clearance.end());
      toggle_of_wall[w] = static_cast<int>(toggles.size());
      toggles.push_back(std::move(toggle));
    }
  }
  // Smallest clearance per cell: sorted by (cell, distance), the first of each cell.
  std::sort(static_near.begin(), static_near.end());
  static_near.erase(std::unique(static_near.begin(), static_near.end(),
                                [](const auto& a, const auto& b) { return a.first == b.first; }),
                    static_near.end());
  static_near.shrink_to_fit();
}

/// Effective edge bits and clearance for the current blocking state.
void Navigation::Impl::apply_blocking() {
  for (auto& e : flags) {
    const std::uint8_t s = e & (kStaticEast | kStaticNorth);
    e = static_cast<std::uint8_t>((e & ~(kBlockedEast | kBlockedNorth)) | (s << 2));
  }
  std::vector<std::pair<std::uint32_t, float>> near = static_near;
  for (const ToggleWall& t : toggles) {
    if (blocking[static_cast<std::size_t>(t.wall)] == 0) continue;
    for (const std::uint32_t code : t.edges) {
      flags[code / 2u] |= (code % 2u == 0u) ? kBlockedEast : kBlockedNorth;
    }
    near.insert(near.end(), t.clearance.begin(), t.clearance.end());
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end(),
                         [](const auto& a, const auto& b) { return a.first == b.first; }),
             near.end());
  for (auto& f : flags)
    f = static_cast<std::uint8_t>(f & ~kNearWall);
  near_cell.clear();
  near_clearance.clear();
  near_cell.reserve(near.size());
  near_clearance.reserve(near.size());
  for (const auto& [c, d] : near) {
    near_cell.push_back(c);
    near_clearance.push_back(d);
    flags[c] |= kNearWall;
  }
}

// [SECTION] Fast marching

double Navigation::Impl::shape_distance(const Field& f, Vec2 p, Vec2& closest) const {
  double best = std::numeric_limits<double>::infinity();
  closest = p;
  for (std::size_t s = 0; s < f.shape.segments.size(); ++s) {
    if (!segment_open(f, s)) continue;
    const Vec2 q = closest_point(f.shape.segments[s], p);
    const double d = stroom::distance(q, p);
    if (d < best) {
      best = d;
      closest = q;
    }
  }
  for (const Polygon& polygon : f.shape.polygons) {
    if (polygon.size() < 3) continue;
    if (geometry::polygon_contains(polygon, p)) {
      closest = p;
      return 0.0;
    }
    const Vec2 q = closest_on_polygon(polygon, p);
    const double d = stroom::distance(q, p);
    if (d < best) {
      best = d;
      closest = q;
    }
  }
  for (const auto& [centre, radius] : f.shape.discs) {
    const double to_centre = stroom::distance(centre, p);
    if (to_centre <= radius) {
      closest = p;
      return 0.0;
    }
    const double d = to_centre - radius;
    if (d < best) {
      best = d;
      closest = centre + (p - centre) * (radius / to_centre);
    }
  }
  return best;
}

void Navigation::Impl::compute_field(Field& f) const {
  const std::size_t n = grid.count();
  // The travel cost is held only while marching: the queries need just its descent directions,
  // which pack_field() stores. The walking distance is marched in f.cells (see FieldCell).
  std::vector<float, SystemPages<float>> cost(n, kInf);
  f.cells.assign(n, FieldCell{kInf});
  auto walk = [&f](std::uint32_t c) -> float& { return f.cells[c].marching_walk; };
  const double h = grid.cell;
  const double band = kSeedBand * h;

  // Accepted cells are final (one bit per cell); the heap holds tentative values (lazy
  // deletion), ordered by (value, cell index) so that ties resolve the same way on every run.
  std::vector<std::uint64_t, SystemPages<std::uint64_t>> accepted_bits((n + 63) / 64, 0);
  auto accepted = [&accepted_bits](std::uint32_t c) {
    return ((accepted_bits[c / 64u] >> (c % 64u)) & 1u) != 0;
  };
  // An entry is (value, cell) as one integer, the value's bits above the cell index: the values
  // pushed are finite and positive, whose bit patterns sort as the numbers do, so the integer
  // order is the (value, cell) order. Entries are unique (a cell is pushed again only with a
  // smaller value), so any min-heap pops them in the same order.
  MinHeap heap;
  auto push = [&heap](float t, std::uint32_t c) {
    heap.push(std::uint64_t{std::bit_cast<std::uint32_t>(t)} << 32 | c);
  };

  // Seeds: walkable cells near the shape that can see their closest point of it.
  auto seed = [&](int i, int j) {
    const std::uint32_t c = grid.index(i, j);
    if ((flags[c] & kWalkable) == 0) return;
    const Vec2 p = grid.centre(i, j);
    Vec2 q;
    const double d = shape_distance(f, p, q);
    if (!(d <= band)) return;
    if (d > 1e-9) {
      // Stop just short of the shape: the target line may itself be a (checkpoint) wall.
      const Vec2 q_before = q + (p - q) * std::min(0.5, 1e-4 / d);
      if (!venue->line_of_sight(p, q_before, blocking)) return;
    }
    const float t = static_cast<float>(d * penalty(c));
    if (t < cost[c]) {
      cost[c] = t;
      walk(c) = static_cast<float>(d);
      if (t > 0.0f) push(t, c);  // cells inside the target: see the zero pass below
    }
  };
  auto seed_box = [&](Vec2 lo, Vec2 hi) {
    const double i_lo = std::ceil(grid.fx(lo.x - band));
    const double i_hi = std::floor(grid.fx(hi.x + band));
    const double j_lo = std::ceil(grid.fy(lo.y - band));
    const double j_hi = std::floor(grid.fy(hi.y + band));
    if (i_hi < 0 || j_hi < 0 || i_lo > grid.nx - 1 || j_lo > grid.ny - 1) return;
    for (int j = grid.clamp_j(j_lo); j <= grid.clamp_j(j_hi); ++j) {
      for (int i = grid.clamp_i(i_lo); i <= grid.clamp_i(i_hi); ++i)
        seed(i, j);
    }
  };
  for (std::size_t s = 0; s < f.shape.segments.size(); ++s) {
    if (segment_open(f, s)) grid.for_cells_near_segment(f.shape.segments[s], band, seed);
  }
  for (const Polygon& polygon : f.shape.polygons) {
    if (polygon.size() < 3) continue;
    Vec2 lo = polygon[0];
    Vec2 hi = polygon[0];
    for (const Vec2 v : polygon) {
      lo = {std::min(lo.x, v.x), std::min(lo.y, v.y)};
      hi = {std::max(hi.x, v.x), std::max(hi.y, v.y)};
    }
    seed_box(lo, hi);
  }
  for (const auto& [centre, radius] : f.shape.discs) {
    seed_box(centre - Vec2{radius, radius}, centre + Vec2{radius, radius});
  }

  const int nx = grid.nx;
  const std::uint32_t unx = static_cast<std::uint32_t>(nx);
  auto connected_east = [&](std::uint32_t c) { return (flags[c] & kBlockedEast) == 0; };
  auto connected_north = [&](std::uint32_t c) { return (flags[c] & kBlockedNorth) == 0; };

  // First-order upwind update of cell c from its accepted, connected neighbours. The walking
  // distance is carried along the same characteristic: ∇D·∇T/|∇T| = 1 discretised with the
  // same upwind neighbours gives D = (Da·wa + Db·wb + f·h) / (wa + wb), wa = T − Ta.
  auto update = [&](std::uint32_t c) {
    const int i = static_cast<int>(c % unx);
    const int j = static_cast<int>(c / unx);
    std::uint32_t xn = c;
    float ta = kInf;
    if (i > 0 && connected_east(c - 1) && accepted(c - 1) && cost[c - 1] < ta) {
      ta = cost[c - 1];
      xn = c - 1;
    }
    if (i + 1 < nx && connected_east(c) && accepted(c + 1) && cost[c + 1] < ta) {
      ta = cost[c + 1];
      xn = c + 1;
    }
    std::uint32_t yn = c;
    float tb = kInf;
    if (j > 0 && connected_north(c - unx) && accepted(c - unx) && cost[c - unx] < tb) {
      tb = cost[c - unx];
      yn = c - unx;
    }
    if (j + 1 < grid.ny && connected_north(c) && accepted(c + unx) && cost[c + unx] < tb) {
      tb = cost[c + unx];
      yn = c + unx;
    }
    const double step = penalty(c) * h;
    const double a = ta;
    const double b = tb;
    double t;
    double d;
    if (xn != c && yn != c && std::abs(a - b) < step) {
      t = 0.5 * (a + b + std::sqrt(2.0 * step * step - (a - b) * (a - b)));
      const double wa = t - a;
      const double wb = t - b;
      d = (walk(xn) * wa + walk(yn) * wb + step * h) / (wa + wb);
    } else if (xn != c && (yn == c || a <= b)) {
      t = a + step;
      d = walk(xn) + h;
    } else {
      t = b + step;
      d = walk(yn) + h;
    }
    const float tf = static_cast<float>(t);
    if (tf < cost[c]) {
      cost[c] = tf;
      walk(c) = static_cast<float>(d);
      push(tf, c);
    }
  };

  // Accepts c and updates its neighbours.
  auto accept = [&](std::uint32_t c) {
    accepted_bits[c / 64u] |= std::uint64_t{1} << (c % 64u);
    const int i = static_cast<int>(c % unx);
    const int j = static_cast<int>(c / unx);
    auto visit = [&](std::uint32_t m) {
      if (!accepted(m) && (flags[m] & kWalkable)) update(m);
    };
    if (i > 0 && connected_east(c - 1)) visit(c - 1);
    if (i + 1 < nx && connected_east(c)) visit(c + 1);
    if (j > 0 && connected_north(c - unx)) visit(c - unx);
    if (j + 1 < grid.ny && connected_north(c)) visit(c + unx);
  };

  // Cells inside the target (zones, waypoint discs) start at cost 0: through the heap they
  // would be accepted first, in cell order, since every update is positive. Accepting them
  // here in that order gives the same field without holding them all in the heap (a large
  // waypoint disc covers ~10^5 cells).
  for (std::uint32_t c = 0; c < static_cast<std::uint32_t>(n); ++c) {
    if (cost[c] == 0.0f) accept(c);
  }
  while (!heap.empty()) {
    const std::uint64_t top = heap.pop();
    const float t = std::bit_cast<float>(static_cast<std::uint32_t>(top >> 32));
    const auto c = static_cast<std::uint32_t>(top);
    if (accepted(c) || t > cost[c]) continue;
    accept(c);
  }
  pack_field(f, cost);
  f.computed = true;
  f.stale = false;
}

/// Replaces the marched walking distances in f.cells by packed cells: the descent direction of
/// `cost` and the distance in 16 bits. The step is the smallest power of two that fits the
/// largest finite distance in 65,534 counts, so a distance is off by at most half a step (less
/// than the largest distance / 65,534) and decodes exactly; the direction components are
/// rounded to 1/127 (at most 0.32° off the float descent).
void Navigation::Impl::pack_field(Field& f, std::span<const float> cost) const {
  const std::uint32_t n = static_cast<std::uint32_t>(grid.count());
  float longest = 0.0f;
  for (std::uint32_t c = 0; c < n; ++c) {
    if (std::isfinite(cost[c])) longest = std::max(longest, f.cells[c].marching_walk);
  }
  int exponent = 0;
  std::frexp(static_cast<double>(longest) / (kUnreachable - 1), &exponent);  // < 2^exponent
  f.walk_step = std::ldexp(1.0, std::max(exponent, -30));
  f.seed_band = static_cast<std::uint16_t>(
      std::min<double>(kUnreachable - 1, std::floor(kSeedBand * grid.cell / f.walk_step)));
  for (std::uint32_t c = 0; c < n; ++c) {
    PackedCell packed{0, 0, kUnreachable};
    if (std::isfinite(cost[c])) {
      const double walk = f.cells[c].marching_walk;
      packed.walk = static_cast<std::uint16_t>(std::lround(walk / f.walk_step));
      const Vec2 d = normalized(descent(cost, c)) * kDirectionScale;
      packed.dx = static_cast<std::int8_t>(std::lround(d.x));
      packed.dy = static_cast<std::int8_t>(std::lround(d.y));
    }
    f.cells[c].packed = packed;  // ends marching_walk's life for this cell
  }
}

// [SECTION] Queries

/// The four centres around p with bilinear weights; a centre is usable when the target is
/// reachable from it and p can see it (checked only where a wall crosses the square between
/// them). Also interpolates the walking distance over the usable centres.
bool Navigation::Impl::corners(const Field& f, Vec2 p, Corners& out) const {
  int i = 0, j = 0;
  double tx = 0.0, ty = 0.0;
  if (!grid.square_at(p, i, j, tx, ty)) return false;
  out.cell[0] = grid.index(i, j);
  out.cell[1] = grid.index(i + 1, j);
  out.cell[2] = grid.index(i, j + 1);
  out.cell[3] = grid.index(i + 1, j + 1);
  out.weight[0] = (1 - tx) * (1 - ty);
  out.weight[1] = tx * (1 - ty);
  out.weight[2] = (1 - tx) * ty;
  out.weight[3] = tx * ty;
  const bool check_sight = (flags[out.cell[0]] & kDualCrossed) != 0;
  double sum = 0.0;
  double weights = 0.0;
  double nearest = std::numeric_limits<double>::infinity();
  bool any = false;
  for (int k = 0; k < 4; ++k) {
    const std::uint32_t c = out.cell[k];
    out.usable[k] =
        f.reachable(c) && (!check_sight || venue->line_of_sight(p, grid.centre(c), blocking));
    if (!out.usable[k]) continue;
    any = true;
    const double walk = f.walk(c);
    sum += out.weight[k] * walk;
    weights += out.weight[k];
    nearest = std::min(nearest, walk);
  }
  out.weights = weights;
  out.nearest_walk = nearest;
  // p exactly on the far side of the usable centres (weight 0): the nearest usable value.
  out.walk = weights > 1e-12 ? sum / weights : nearest;
  return any;
}

/// direction() and distance() where most persons are: all four corners reachable, away from
/// the target (beyond the seed band) and from walls (no wall crosses or passes near the square
/// between the corners). The same arithmetic as corners(), distance_at() and direction_at()
/// in that case, so the same bits, without their per-corner checks. False elsewhere, and on a
/// ridge: then the general path answers.
inline bool Navigation::Impl::open_direction(const Field& f, Vec2 p, Vec2& direction,
                                             double& walk) const {
  int i = 0, j = 0;
  double tx = 0.0, ty = 0.0;
  if (!grid.square_at(p, i, j, tx, ty)) return false;
  const std::uint32_t c0 = grid.index(i, j);
  if ((flags[c0] & (kDualCrossed | kDualNearWall)) != 0) return false;
  const std::uint32_t c2 = c0 + static_cast<std::uint32_t>(grid.nx);
  const double weight[4] = {(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty};
#if defined(__SSE2__)
  // The same arithmetic as the portable code below, lane by lane in the same order (the same
  // bits), in fewer instructions (176 a lookup instead of 226, callgrind). Corners (i, j),
  // (i+1, j) and (i, j+1), (i+1, j+1) are neighbours in memory: two 8-byte loads give all four
  // packed cells, one a 32-bit lane (dx in its low byte, dy in the next, the walk in the high
  // 16 bits).
  const __m128i k =
      _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&f.cells[c0])),
                         _mm_loadl_epi64(reinterpret_cast<const __m128i*>(&f.cells[c2])));
  // A walk within the seed band or unreachable: walk − (seed_band + 1), wrapped to 16 bits, is
  // then at least 65,534 − seed_band (unsigned), and below it otherwise; only the walks' lanes
  // (the high halves of the 32-bit lanes: bytes 2, 3, 6, 7, ...) count.
  const __m128i shifted = _mm_sub_epi16(k, _mm_set1_epi16(static_cast<short>(f.seed_band + 1)));
  const __m128i limit = _mm_set1_epi16(static_cast<short>(kUnreachable - 1 - f.seed_band));
  const __m128i below = _mm_subs_epu16(limit, shifted);  // 0 where shifted ≥ limit
  if ((_mm_movemask_epi8(_mm_cmpeq_epi16(below, _mm_setzero_si128())) & 0xCCCC) != 0) return false;
  const __m128i walks = _mm_srli_epi32(k, 16);
  const __m128i dx = _mm_srai_epi32(_mm_slli_epi32(k, 24), 24);
  const __m128i dy = _mm_srai_epi32(_mm_slli_epi32(k, 16), 24);
  const __m128i d01 = _mm_unpacklo_epi32(dx, dy), d23 = _mm_unpackhi_epi32(dx, dy);
  const __m128d step = _mm_set1_pd(f.walk_step);
  const __m128d w01 = _mm_setr_pd(weight[0], weight[1]), w23 = _mm_setr_pd(weight[2], weight[3]);
  // weight · (walk · step), two corners a vector.
  const __m128d part01 = _mm_mul_pd(w01, _mm_mul_pd(_mm_cvtepi32_pd(walks), step));
  const __m128d part23 =
      _mm_mul_pd(w23, _mm_mul_pd(_mm_cvtepi32_pd(_mm_unpackhi_epi64(walks, walks)), step));
  const double sum =
      (((0.0 + _mm_cvtsd_f64(part01)) + _mm_cvtsd_f64(_mm_unpackhi_pd(part01, part01))) +
       _mm_cvtsd_f64(part23)) +
      _mm_cvtsd_f64(_mm_unpackhi_pd(part23, part23));
  const double weights = (((0.0 + weight[0]) + weight[1]) + weight[2]) + weight[3];
  // The blend of the corners' directions, (x, y) in one vector, corner by corner.
  __m128d blend = _mm_setzero_pd();
  blend = _mm_add_pd(blend, _mm_mul_pd(_mm_cvtepi32_pd(d01), _mm_set1_pd(weight[0])));
  blend = _mm_add_pd(
      blend, _mm_mul_pd(_mm_cvtepi32_pd(_mm_unpackhi_epi64(d01, d01)), _mm_set1_pd(weight[1])));
  blend = _mm_add_pd(blend, _mm_mul_pd(_mm_cvtepi32_pd(d23), _mm_set1_pd(weight[2])));
  blend = _mm_add_pd(
      blend, _mm_mul_pd(_mm_cvtepi32_pd(_mm_unpackhi_epi64(d23, d23)), _mm_set1_pd(weight[3])));
  const double bx = _mm_cvtsd_f64(blend), by = _mm_cvtsd_f64(_mm_unpackhi_pd(blend, blend));
  const double len = std::sqrt(bx * bx + by * by);
  if (!(len >= 0.5 * kDirectionScale * weights && len > 1e-12)) return false;  // a ridge
  if (weights > 1e-12) {
    walk = sum / weights;
  } else {
    const std::uint16_t least =
        std::min(std::min(f.cells[c0].packed.walk, f.cells[c0 + 1].packed.walk),
                 std::min(f.cells[c2].packed.walk, f.cells[c2 + 1].packed.walk));
    walk = static_cast<double>(least) * f.walk_step;
  }
  const __m128d unit = _mm_div_pd(blend, _mm_set1_pd(len));
  direction = Vec2{_mm_cvtsd_f64(unit), _mm_cvtsd_f64(_mm_unpackhi_pd(unit, unit))};
  return true;
#else
  const PackedCell k[4] = {f.cells[c0].packed, f.cells[c0 + 1].packed, f.cells[c2].packed,
                           f.cells[c2 + 1].packed};
  const std::uint16_t least =
      std::min(std::min(k[0].walk, k[1].walk), std::min(k[2].walk, k[3].walk));
  const std::uint16_t most =
      std::max(std::max(k[0].walk, k[1].walk), std::max(k[2].walk, k[3].walk));
  if (least <= f.seed_band || most == kUnreachable) return false;
  double sum = 0.0;
  double weights = 0.0;
  Vec2 blend;
  for (int n = 0; n < 4; ++n) {
    sum += weight[n] * (k[n].walk * f.walk_step);
    weights += weight[n];
    blend += Vec2{static_cast<double>(k[n].dx), static_cast<double>(k[n].dy)} * weight[n];
  }
  const double len = length(blend);
  if (!(len >= 0.5 * kDirectionScale * weights && len > 1e-12)) return false;  // a ridge
  walk = weights > 1e-12 ? sum / weights : static_cast<double>(least) * f.walk_step;
  direction = blend / len;
  return true;
#endif
}

Navigation::Impl::ShapePoint Navigation::Impl::near_shape(const Field& f, Vec2 p,
                                                          const Corners& c) const {
  ShapePoint near;
  if (c.nearest_walk <= kSeedBand * grid.cell) near.distance = shape_distance(f, p, near.closest);
  return near;
}

/// Steepest-descent direction of the cost at a cell centre, from connected neighbours only
/// (upwind differences, the same stencil as the marching), not normalised.
Vec2 Navigation::Impl::descent(std::span<const float> cost, std::uint32_t c) const {
  const std::uint32_t unx = static_cast<std::uint32_t>(grid.nx);
  const int i = static_cast<int>(c % unx);
  const int j = static_cast<int>(c / unx);
  const float t = cost[c];
  Vec2 v;
  const float w = (i > 0 && (flags[c - 1] & kBlockedEast) == 0) ? cost[c - 1] : kInf;
  const float e = (i + 1 < grid.nx && (flags[c] & kBlockedEast) == 0) ? cost[c + 1] : kInf;
  if (w < e && w < t) {
    v.x = -(static_cast<double>(t) - w);
  } else if (e < t) {
    v.x = static_cast<double>(t) - e;
  }
  const float s = (j > 0 && (flags[c - unx] & kBlockedNorth) == 0) ? cost[c - unx] : kInf;
  const float nn = (j + 1 < grid.ny && (flags[c] & kBlockedNorth) == 0) ? cost[c + unx] : kInf;
  if (s < nn && s < t) {
    v.y = -(static_cast<double>(t) - s);
  } else if (nn < t) {
    v.y = static_cast<double>(t) - nn;
  }
  return v;
}

// [SECTION] Public API

Navigation::Navigation(const Venue& venue, NavigationParams params)
    : impl_(std::make_unique<Impl>()) {
  STROOM_ASSERT(params.cell > 0.0 && params.max_cells > 0);
  Impl& m = *impl_;
  m.venue = &venue;
  m.params = params;
  const Bounds b = venue.bounds();
  // Two cells of margin; cell centres sit half a cell off multiples of the cell edge from
  // the venue's corner, so walls drawn on round coordinates run between centres.
  double cell = params.cell;
  for (;;) {
    const double nx = std::ceil(b.width() / cell) + 4.0;
    const double ny = std::ceil(b.height() / cell) + 4.0;
    if (nx * ny <= static_cast<double>(params.max_cells)) {
      m.grid.nx = static_cast<int>(nx);
      m.grid.ny = static_cast<int>(ny);
      m.grid.last_i = static_cast<double>(m.grid.nx - 1);
      m.grid.last_j = static_cast<double>(m.grid.ny - 1);
      break;
    }
    cell *= 1.01;
  }
  m.grid.cell = cell;
  m.grid.inv_cell = 1.0 / cell;
  m.grid.origin = b.min - Vec2{2.0 * cell, 2.0 * cell};
  m.near_wall_radius = std::max(0.3, cell);
  const std::size_t n = m.grid.count();
  m.flags.assign(n, 0);
  m.rasterise_walkable();
  m.rasterise_walls();
  m.blocking = venue.initial_blocking();
  m.apply_blocking();
}

Navigation::~Navigation() = default;
Navigation::Navigation(Navigation&&) noexcept = default;
Navigation& Navigation::operator=(Navigation&&) noexcept = default;

TargetId Navigation::add_target(TargetShape shape) {
  Impl& m = *impl_;
  Field f;
  f.shape = std::move(shape);
  const auto& walls = m.venue->walls();
  for (const Segment& s : f.shape.segments) {
    int own = -1;
    for (std::size_t w = 0; w < walls.size() && own < 0; ++w) {
      const Wall& wall = walls[w];
      if (wall.kind != WallKind::exit && wall.kind != WallKind::door) continue;
      // The target segment lies on this wall (both ends on it, within a micrometre).
      const double tol = 1e-6;
      if (stroom::distance(closest_point(wall.segment, s.a), s.a) <= tol &&
          stroom::distance(closest_point(wall.segment, s.b), s.b) <= tol) {
        own = static_cast<int>(w);
      }
    }
    f.segment_wall.push_back(own);
    if (own >= 0) f.own_walls.push_back(own);
  }
  m.fields.push_back(std::move(f));
  return static_cast<TargetId>(m.fields.size() - 1);
}

void Navigation::prepare(std::span<const TargetId> targets,
                         std::span<const std::uint8_t> blocking) {
  Impl& m = *impl_;
  STROOM_ASSERT(blocking.size() == m.blocking.size());
  if (!std::equal(blocking.begin(), blocking.end(), m.blocking.begin(), m.blocking.end())) {
    const std::vector<std::uint8_t> old = m.blocking;
    on_blocking_changed(old, blocking);
  }
  std::vector<TargetId> todo;
  for (const TargetId id : targets) {
    STROOM_ASSERT(id >= 0 && static_cast<std::size_t>(id) < m.fields.size());
    const Field& f = m.fields[static_cast<std::size_t>(id)];
    if (!f.computed || f.stale) todo.push_back(id);
  }
  std::sort(todo.begin(), todo.end());
  todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
  // Marching a field holds its travel cost (4 bytes per cell) until it ends and keeps the
  // field's own cells (4 bytes per cell, reused when a field is recomputed). So that more threads
  // never hold more memory at once than one, the fields march in waves (march_waves.hpp): four
  // new fields on two threads march two at once, then one, then one.
  std::vector<int> grows(todo.size());
  for (std::size_t k = 0; k < todo.size(); ++k)
    grows[k] = m.fields[static_cast<std::size_t>(todo[k])].cells.empty() ? 1 : 0;
  const auto width = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  std::size_t begin = 0;
  for (const std::size_t end : navigation_detail::march_waves(grows, width)) {
    tbb::parallel_for(begin, end, [&](std::size_t k) {
      m.compute_field(m.fields[static_cast<std::size_t>(todo[k])]);
    });
    begin = end;
  }
}

void Navigation::on_blocking_changed(std::span<const std::uint8_t> old_blocking,
                                     std::span<const std::uint8_t> new_blocking) {
  Impl& m = *impl_;
  STROOM_ASSERT(new_blocking.size() == m.blocking.size());
  STROOM_ASSERT(old_blocking.size() == m.blocking.size());
  std::vector<int> changed;
  for (std::size_t w = 0; w < new_blocking.size(); ++w) {
    if (m.toggle_of_wall[w] < 0) continue;  // boundary walls always block
    if (old_blocking[w] != new_blocking[w] || m.blocking[w] != new_blocking[w]) {
      changed.push_back(static_cast<int>(w));
    }
  }
  if (changed.empty()) return;
  // A field can change only where it is finite next to the wall: across the edges the wall
  // crosses (a newly opened passage joins a reachable cell) or within the penalty range of it
  // (clearance changes). A closed-off area on both sides stays unreachable, so unaffected.
  for (Field& f : m.fields) {
    if (!f.computed || f.stale) continue;
    bool affected = false;
    for (const int w : changed) {
      if (std::find(f.own_walls.begin(), f.own_walls.end(), w) != f.own_walls.end()) {
        affected = true;
        break;
      }
      const ToggleWall& t =
          m.toggles[static_cast<std::size_t>(m.toggle_of_wall[static_cast<std::size_t>(w)])];
      for (const std::uint32_t code : t.edges) {
        const std::uint32_t c = code / 2u;
        const std::uint32_t other =
            code % 2u == 0u ? c + 1u : c + static_cast<std::uint32_t>(m.grid.nx);
        if (f.reachable(c) || f.reachable(other)) {
          affected = true;
          break;
        }
      }
      for (std::size_t k = 0; !affected && k < t.clearance.size(); ++k) {
        affected = f.reachable(t.clearance[k].first);
      }
      if (affected) break;
    }
    f.stale = affected;
  }
  m.blocking.assign(new_blocking.begin(), new_blocking.end());
  m.apply_blocking();
}

bool Navigation::ready(TargetId id) const {
  const Field& f = impl_->fields.at(static_cast<std::size_t>(id));
  return f.computed && !f.stale;
}

std::optional<TargetId> Navigation::find_target(const TargetShape& shape) const {
  const auto same_segments = [](const std::vector<Segment>& a, const std::vector<Segment>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Segment& u, const Segment& v) { return u.a == v.a && u.b == v.b; });
  };
  for (std::size_t t = 0; t < impl_->fields.size(); ++t) {
    const TargetShape& own = impl_->fields[t].shape;
    if (same_segments(own.segments, shape.segments) && own.polygons == shape.polygons &&
        own.discs == shape.discs)
      return static_cast<TargetId>(t);
  }
  return std::nullopt;
}

std::span<const std::uint8_t> Navigation::blocking() const {
  return impl_->blocking;
}

const Venue& Navigation::venue() const {
  return *impl_->venue;
}

double Navigation::Impl::distance_at(const Corners& c, const ShapePoint& near) const {
  // Within the seed band the field started at the exact distance: use the exact one.
  if (c.walk <= kSeedBand * grid.cell && std::isfinite(near.distance)) return near.distance;
  return c.walk;
}

double Navigation::distance(TargetId id, Vec2 p) const {
  const Impl& m = *impl_;
  const Field& f = m.fields.at(static_cast<std::size_t>(id));
  Impl::Corners c;
  if (!f.computed || !m.corners(f, p, c)) return std::numeric_limits<double>::infinity();
  return m.distance_at(c, m.near_shape(f, p, c));
}

Vec2 Navigation::direction(TargetId id, Vec2 p) const {
  const Impl& m = *impl_;
  const Field& f = m.fields[static_cast<std::size_t>(id)];
  // The general path only: what the simulation's query (below) must give, bit for bit.
  Impl::Corners c;
  if (!f.computed || !m.corners(f, p, c)) return {};
  return m.direction_at(f, p, c, m.near_shape(f, p, c));
}

Vec2 Navigation::direction(TargetId id, Vec2 p, double& walking_distance) const {
  const Impl& m = *impl_;
  const Field& f = m.fields[static_cast<std::size_t>(id)];
  Vec2 d;
  if (f.computed && m.open_direction(f, p, d, walking_distance)) return d;
  return m.direction_near_walls(f, p, walking_distance);
}

void Navigation::prefetch(TargetId id, Vec2 p) const {
  const Impl& m = *impl_;
  if (id < 0 || static_cast<std::size_t>(id) >= m.fields.size()) return;
  const Field& f = m.fields[static_cast<std::size_t>(id)];
  if (!f.computed) return;
  // A hint only: the cell by truncation and one multiplication (no division, no fraction),
  // clamped to the grid so that the address stays inside the arrays.
  const Grid& g = m.grid;
  const double fx = (p.x - g.origin.x) * g.inv_cell - 0.5;
  const double fy = (p.y - g.origin.y) * g.inv_cell - 0.5;
  if (!(fx >= 0.0 && fy >= 0.0 && fx < g.last_i && fy < g.last_j)) return;
  const std::uint32_t c0 = g.index(static_cast<int>(fx), static_cast<int>(fy));
  __builtin_prefetch(&m.flags[c0]);
  __builtin_prefetch(&f.cells[c0]);
  __builtin_prefetch(&f.cells[c0 + static_cast<std::uint32_t>(m.grid.nx)]);
}

// Out of line, so that the open-field path above stays a small function.
[[gnu::noinline]] Vec2 Navigation::Impl::direction_near_walls(const Field& f, Vec2 p,
                                                              double& walking_distance) const {
  Corners c;
  if (!f.computed || !corners(f, p, c)) {
    walking_distance = std::numeric_limits<double>::infinity();
    return {};
  }
  const ShapePoint near = near_shape(f, p, c);
  walking_distance = distance_at(c, near);
  return direction_at(f, p, c, near);
}

Vec2 Navigation::Impl::direction_at(const Field& f, Vec2 p, const Corners& c,
                                    const ShapePoint& near) const {
  const std::uint8_t cell_flags = flags[c.cell[0]];
  // Next to the target: head for the closest point of the shape itself.
  Vec2 d;
  if (c.nearest_walk <= kSeedBand * grid.cell) {
    if (near.distance <= 0.0) return {};
    if (std::isfinite(near.distance) &&
        ((cell_flags & kDualCrossed) == 0 || venue->line_of_sight(p, near.closest, blocking))) {
      d = normalized(near.closest - p);
    }
  }
  if (d == Vec2{}) {
    // The corners' descent directions (unit vectors × kDirectionScale), blended.
    Vec2 sum;
    std::uint32_t best = kUnreachable;
    int best_k = -1;
    for (int k = 0; k < 4; ++k) {
      if (!c.usable[k]) continue;
      const std::uint32_t cell = c.cell[k];
      sum += f.descent(cell) * c.weight[k];
      if (f.cells[cell].packed.walk < best) {
        best = f.cells[cell].packed.walk;
        best_k = k;
      }
    }
    const double len = length(sum);
    if (len >= 0.5 * kDirectionScale * c.weights && len > 1e-12) {
      d = sum / len;
    } else if (best_k >= 0) {
      // The corners disagree: p is on a ridge between two ways round an obstacle (or at a
      // saddle of the cost). Averaging would stall; take the way of the corner nearest the
      // target (least walking distance), which moves p off the ridge to one side (ties go to
      // the first corner: deterministic).
      const std::uint32_t cell = c.cell[best_k];
      d = normalized(f.descent(cell));
      if (d == Vec2{}) d = normalized(grid.centre(cell) - p);
    }
  }
  // Never walk into the nearest wall: drop the component towards it.
  if (d != Vec2{} && (cell_flags & kDualNearWall) != 0) {
    if (const auto hit = venue->nearest_wall(p, near_wall_radius, blocking)) {
      const Vec2 away = normalized(p - hit->closest);
      const double into = dot(d, away);
      if (into < 0.0 && away != Vec2{}) {
        const Vec2 along = normalized(d - away * into);
        d = along != Vec2{} ? along : away;
      }
    }
  }
  return d;
}

std::size_t Navigation::memory_bytes() const {
  const Impl& m = *impl_;
  std::size_t bytes = sizeof(Impl) + m.flags.capacity() +
                      m.static_near.capacity() * sizeof(std::pair<std::uint32_t, float>) +
                      m.near_cell.capacity() * sizeof(std::uint32_t) +
                      m.near_clearance.capacity() * sizeof(float) +
                      m.toggle_of_wall.capacity() * sizeof(int) + m.blocking.capacity();
  for (const ToggleWall& t : m.toggles) {
    bytes += sizeof(ToggleWall) + t.edges.capacity() * sizeof(std::uint32_t) +
             t.clearance.capacity() * sizeof(std::pair<std::uint32_t, float>);
  }
  for (const Field& f : m.fields) {
    bytes += sizeof(Field) + f.cells.capacity() * sizeof(FieldCell);
    bytes += f.shape.segments.capacity() * sizeof(Segment);
    for (const Polygon& polygon : f.shape.polygons)
      bytes += polygon.capacity() * sizeof(Vec2);
    bytes += f.shape.discs.capacity() * sizeof(std::pair<Vec2, double>);
  }
  return bytes;
}

const NavigationParams& Navigation::params() const {
  return impl_->params;
}
double Navigation::cell() const {
  return impl_->grid.cell;
}
int Navigation::grid_width() const {
  return impl_->grid.nx;
}
int Navigation::grid_height() const {
  return impl_->grid.ny;
}
std::size_t Navigation::target_count() const {
  return impl_->fields.size();
}

}  // namespace stroom
