#include "geometry/cell_grid.hpp"

#include <algorithm>
#include <cmath>

namespace stroom::geometry_detail {

CellGrid CellGrid::covering(Bounds bounds, double preferred_cell, std::int64_t max_cells) {
  CellGrid grid;
  const double width = std::max(bounds.width(), 1e-6);
  const double height = std::max(bounds.height(), 1e-6);
  grid.cell = preferred_cell;
  const double cells = (width / grid.cell + 1.0) * (height / grid.cell + 1.0);
  if (cells > static_cast<double>(max_cells)) {
    grid.cell *= std::sqrt(cells / static_cast<double>(max_cells)) * 1.01;
  }
  // One spare cell on each side, so that boundary cells always have neighbours in range.
  grid.origin = bounds.min - Vec2{grid.cell, grid.cell};
  grid.nx = static_cast<int>(std::ceil(width / grid.cell)) + 2;
  grid.ny = static_cast<int>(std::ceil(height / grid.cell)) + 2;
  return grid;
}

std::vector<Segment> ring_edges(const Polygon& ring) {
  std::vector<Segment> edges;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    edges.push_back({ring[i], ring[(i + 1) % ring.size()]});
  }
  return edges;
}

std::vector<Segment> ring_edges(const std::vector<PolygonWithHoles>& polygons) {
  std::vector<Segment> edges;
  for (const PolygonWithHoles& p : polygons) {
    const auto outer = ring_edges(p.outer);
    edges.insert(edges.end(), outer.begin(), outer.end());
    for (const Polygon& hole : p.holes) {
      const auto inner = ring_edges(hole);
      edges.insert(edges.end(), inner.begin(), inner.end());
    }
  }
  return edges;
}

void visit_runs_inside(const CellGrid& grid, std::span<const Segment> edges,
                       const std::function<void(std::int64_t first, int count)>& visit) {
  if (edges.empty()) return;
  double ymin = edges.front().a.y, ymax = ymin;
  for (const Segment& e : edges) {
    ymin = std::min({ymin, e.a.y, e.b.y});
    ymax = std::max({ymax, e.a.y, e.b.y});
  }
  const int row0 = std::clamp(grid.row(ymin), 0, grid.ny - 1);
  const int row1 = std::clamp(grid.row(ymax), 0, grid.ny - 1);
  std::vector<std::vector<double>> crossings(static_cast<std::size_t>(row1 - row0 + 1));
  for (const Segment& e : edges) {
    const double lo = std::min(e.a.y, e.b.y), hi = std::max(e.a.y, e.b.y);
    const int r0 = std::max(row0, grid.row(lo) - 1), r1 = std::min(row1, grid.row(hi) + 1);
    for (int r = r0; r <= r1; ++r) {
      const double y = grid.origin.y + (r + 0.5) * grid.cell;
      if ((e.a.y > y) == (e.b.y > y)) continue;  // half-open rule: each vertex counted once
      crossings[static_cast<std::size_t>(r - row0)].push_back(
          e.a.x + (y - e.a.y) * (e.b.x - e.a.x) / (e.b.y - e.a.y));
    }
  }
  for (int r = row0; r <= row1; ++r) {
    auto& xs = crossings[static_cast<std::size_t>(r - row0)];
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const double c0 = (xs[k] - grid.origin.x) / grid.cell - 0.5;
      const double c1 = (xs[k + 1] - grid.origin.x) / grid.cell - 0.5;
      const int i0 = std::max(0, static_cast<int>(std::ceil(c0)));
      const int i1 = std::min(grid.nx - 1, static_cast<int>(std::ceil(c1)) - 1);
      if (i1 >= i0) visit(grid.index(i0, r), i1 - i0 + 1);
    }
  }
}

std::vector<std::int64_t> cells_inside(const CellGrid& grid, std::span<const Segment> edges) {
  std::vector<std::int64_t> cells;
  visit_runs_inside(grid, edges, [&](std::int64_t first, int count) {
    for (int i = 0; i < count; ++i)
      cells.push_back(first + i);
  });
  return cells;
}

void mark_along(const CellGrid& grid, const Segment& segment, std::vector<std::uint8_t>& mask,
                std::uint8_t value) {
  visit_cells_along(grid, segment,
                    [&](std::int64_t cell) { mask[static_cast<std::size_t>(cell)] = value; });
}

}  // namespace stroom::geometry_detail
