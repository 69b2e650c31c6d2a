// A uniform grid of square cells over a bounding box, with scanline rasterisation of polygons
// (even-odd rule at cell centres) and conservative marking of segments. Used by the Venue's
// contains() fast path and by check_geometry's reachability flood fill.
#pragma once

#include <cmath>
#include <cstdint>
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

/// Sets mask[cell] = value for every cell that `segment` passes through and their eight
/// neighbours (a margin that absorbs rounding at cell borders).
void mark_along(const CellGrid& grid, const Segment& segment, std::vector<std::uint8_t>& mask,
                std::uint8_t value);

}  // namespace stroom::geometry_detail
