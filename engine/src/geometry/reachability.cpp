// Reachability: connected components of the walkable area under one blocking state, on a
// coarse grid whose neighbouring cells are joined when no blocking wall lies between their
// centres (exact line-of-sight tests only next to blocking walls), labelled once,
// breadth-first in cell order so that labels are deterministic. Used by check_geometry (is a
// journey target reachable?) and by the capacity calculation (which exits can a population
// reach, and through which checkpoints).
#include <algorithm>
#include <cmath>

#include "geometry/cell_grid.hpp"
#include "stroom/geometry.hpp"

namespace stroom {

using namespace geometry_detail;

namespace {

constexpr double kReachCell = 0.2;  // m, preferred cell of the reachability grid
constexpr std::int64_t kReachMaxCells = 4'000'000;

void normalise(std::vector<int>& labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
}

}  // namespace

struct Reachability::Impl {
  const Venue* venue = nullptr;
  std::vector<std::uint8_t> blocking;
  CellGrid grid;
  std::vector<int> label;  ///< component per cell, -1 where not walkable

  void add_cell_at(Vec2 p, std::vector<int>& out) const {
    const int ix = grid.column(p.x), iy = grid.row(p.y);
    if (!grid.in_range(ix, iy)) return;
    const int l = label[static_cast<std::size_t>(grid.index(ix, iy))];
    if (l >= 0) out.push_back(l);
  }

  void add_visible_cells(Vec2 p, double reach, std::vector<int>& out) const {
    const int span = static_cast<int>(std::ceil(reach / grid.cell));
    const int cx = grid.column(p.x), cy = grid.row(p.y);
    for (int iy = cy - span; iy <= cy + span; ++iy) {
      for (int ix = cx - span; ix <= cx + span; ++ix) {
        if (!grid.in_range(ix, iy)) continue;
        const int l = label[static_cast<std::size_t>(grid.index(ix, iy))];
        if (l < 0 || std::find(out.begin(), out.end(), l) != out.end()) continue;
        const Vec2 centre = grid.centre(ix, iy);
        if (distance(centre, p) <= reach && venue->line_of_sight(centre, p, blocking))
          out.push_back(l);
      }
    }
  }
};

Reachability::Reachability(const Venue& venue, std::vector<std::uint8_t> blocking)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.venue = &venue;
  m.blocking = std::move(blocking);
  m.grid = CellGrid::covering(venue.bounds(), kReachCell, kReachMaxCells);
  const auto cells = static_cast<std::size_t>(m.grid.size());
  std::vector<std::uint8_t> walkable(cells, 0), near_wall(cells, 0);
  visit_runs_inside(m.grid, ring_edges(venue.walkable()), [&](std::int64_t first, int count) {
    std::fill_n(walkable.begin() + first, count, std::uint8_t{1});
  });
  for (std::size_t w = 0; w < venue.walls().size(); ++w)
    if (m.blocking[w]) mark_along(m.grid, venue.walls()[w].segment, near_wall, 1);
  m.label.assign(cells, -1);
  // Cell indices fit 32 bits (kReachMaxCells); room for every cell up front, so that the
  // queue of a large component never moves.
  std::vector<std::int32_t> queue;
  queue.reserve(cells);
  int next_label = 0;
  for (std::size_t start = 0; start < cells; ++start) {
    if (!walkable[start] || m.label[start] >= 0) continue;
    m.label[start] = next_label;
    queue.assign(1, static_cast<std::int32_t>(start));
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::int32_t c = queue[head];
      const int ix = static_cast<int>(c % m.grid.nx), iy = static_cast<int>(c / m.grid.nx);
      constexpr int kSteps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
      for (const auto& step : kSteps) {
        const int jx = ix + step[0], jy = iy + step[1];
        if (!m.grid.in_range(jx, jy)) continue;
        const auto d = static_cast<std::size_t>(m.grid.index(jx, jy));
        if (!walkable[d] || m.label[d] >= 0) continue;
        // Only cells near a blocking wall need the exact test.
        if ((near_wall[static_cast<std::size_t>(c)] || near_wall[d]) &&
            !venue.line_of_sight(m.grid.centre(ix, iy), m.grid.centre(jx, jy), m.blocking)) {
          continue;
        }
        m.label[d] = next_label;
        queue.push_back(static_cast<std::int32_t>(d));
      }
    }
    ++next_label;
  }
}

Reachability::~Reachability() = default;
Reachability::Reachability(Reachability&&) noexcept = default;
Reachability& Reachability::operator=(Reachability&&) noexcept = default;

std::vector<int> Reachability::of_area(const Polygon& polygon) const {
  const Impl& m = *impl_;
  std::vector<int> out;
  // Labels run in long stretches along a row: one entry per change of label is enough, as
  // the list is normalised below.
  visit_runs_inside(m.grid, ring_edges(polygon), [&](std::int64_t first, int count) {
    for (std::int64_t c = first; c < first + count; ++c) {
      const int l = m.label[static_cast<std::size_t>(c)];
      if (l >= 0 && (out.empty() || out.back() != l)) out.push_back(l);
    }
  });
  if (out.empty() && !polygon.empty()) {
    Vec2 centroid;
    for (const Vec2& v : polygon)
      centroid += v / static_cast<double>(polygon.size());
    for (const Vec2& p : polygon)
      m.add_cell_at(p, out);
    m.add_cell_at(centroid, out);
  }
  normalise(out);
  return out;
}

std::vector<int> Reachability::of_point(Vec2 p, double reach) const {
  std::vector<int> out;
  impl_->add_visible_cells(p, std::max(reach, 1.5 * impl_->grid.cell), out);
  normalise(out);
  return out;
}

std::vector<int> Reachability::of_line(const Segment& line) const {
  const Impl& m = *impl_;
  std::vector<int> out;
  const int samples = std::clamp(static_cast<int>(line.length() / (0.5 * m.grid.cell)), 1, 20000);
  for (int k = 0; k <= samples; ++k) {
    const Vec2 p = line.a + (line.b - line.a) * (static_cast<double>(k) / samples);
    m.add_visible_cells(p, 1.5 * m.grid.cell, out);
  }
  normalise(out);
  return out;
}

}  // namespace stroom
