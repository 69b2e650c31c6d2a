// A uniform grid of square cells over a bounding box, with scanline rasterisation of polygons
// (even-odd rule at cell centres) and conservative marking of segments. Used by the Venue's
// contains() fast path and by check_geometry's reachability flood fill.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "stroom/geometry.hpp"

namespace stroom::geometry_detail {

struct CellGrid {
  Vec2 origin;        ///< lower-left corner of cell (0, 0)
  double cell = 1.0;  ///< m, cell edge
  int nx = 0;
  int ny = 0;

  /// Grid over `bounds` with cells of `preferred_cell`, coarsened so that it holds at most
  /// `max_cells` cells.
  static CellGrid covering(Bounds bounds, double preferred_cell, std::int64_t max_cells);

  std::int64_t size() const { return static_cast<std::int64_t>(nx) * ny; }
  std::int64_t index(int ix, int iy) const { return static_cast<std::int64_t>(iy) * nx + ix; }
  Vec2 centre(int ix, int iy) const {
    return {origin.x + (ix + 0.5) * cell, origin.y + (iy + 0.5) * cell};
  }
  int column(double x) const { return static_cast<int>(std::floor((x - origin.x) / cell)); }
  int row(double y) const { return static_cast<int>(std::floor((y - origin.y) / cell)); }
  bool in_range(int ix, int iy) const { return ix >= 0 && iy >= 0 && ix < nx && iy < ny; }
};

/// Every edge of the rings of `polygons` (outer rings and holes).
std::vector<Segment> ring_edges(const std::vector<PolygonWithHoles>& polygons);
std::vector<Segment> ring_edges(const Polygon& ring);

/// Indices of the cells whose centre lies inside the closed rings formed by `edges`
/// (even-odd rule, so holes are outside), in increasing order.
std::vector<std::int64_t> cells_inside(const CellGrid& grid, std::span<const Segment> edges);
/// The cells of cells_inside() as runs along rows, in the same order: visit(first, count) for
/// the cells first .. first + count − 1 (no list of them is built: a fine grid over a large
/// site has millions).
void visit_runs_inside(const CellGrid& grid, std::span<const Segment> edges,
                       const std::function<void(std::int64_t first, int count)>& visit);

/// Calls visit(cell index) for every cell that `segment` passes through and their eight
/// neighbours (a margin that absorbs rounding at cell borders); a cell may be visited twice.
template <typename Visit>
void visit_cells_along(const CellGrid& grid, const Segment& segment, Visit&& visit) {
  // Samples at most a quarter cell apart: every point of the segment is then in the cell of
  // a sample or a neighbour of it.
  const double len = segment.length();
  const int samples = static_cast<int>(std::ceil(len / (0.25 * grid.cell))) + 1;
  int last_ix = -1, last_iy = -1;
  for (int k = 0; k <= samples; ++k) {
    const Vec2 p = segment.a + (segment.b - segment.a) * (static_cast<double>(k) / samples);
    const int ix = grid.column(p.x), iy = grid.row(p.y);
    if (ix == last_ix && iy == last_iy) continue;
    last_ix = ix;
    last_iy = iy;
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        if (grid.in_range(ix + dx, iy + dy)) visit(grid.index(ix + dx, iy + dy));
      }
    }
  }
}

/// Sets mask[cell] = value for every cell visit_cells_along() visits.
void mark_along(const CellGrid& grid, const Segment& segment, std::vector<std::uint8_t>& mask,
                std::uint8_t value);

}  // namespace stroom::geometry_detail
