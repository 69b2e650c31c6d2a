// The density grid's cells and their walkable areas (stroom/density_grid.hpp).
//
// Clipping every cell against the whole walkable area would cost cells × vertices; instead
// each row of cells is clipped once as a strip, and the cells of that row against the strip.
#include "stroom/density_grid.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "measure/boost_geometry.hpp"

namespace stroom {

using namespace measure;

DensityGrid::DensityGrid(const std::vector<PolygonWithHoles>& walkable, double cell, int threads)
    : cell_(cell) {
  STROOM_ASSERT(cell > 0.0);
  const BgMultiPolygon area = to_bg(walkable);
  if (area.empty()) return;
  BgBox box;
  bg::envelope(area, box);
  origin_ = {box.min_corner().x(), box.min_corner().y()};
  const double width = box.max_corner().x() - origin_.x;
  const double height = box.max_corner().y() - origin_.y;
  // A tiny tolerance keeps a venue of exactly k cells from growing a (k+1)-th empty column.
  nx_ = std::max(1, static_cast<int>(std::ceil(width / cell - 1e-9)));
  ny_ = std::max(1, static_cast<int>(std::ceil(height / cell - 1e-9)));
  area_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_), 0.0);
  measured_.assign(area_.size(), 0);
  const double full = cell * cell;
  // Each row writes only its own cells, so the rows may be clipped in any order.
  const auto clip_row = [&](int iy) {
    const double y0 = origin_.y + iy * cell, y1 = y0 + cell;
    const BgBox strip_box(BgPoint(origin_.x - cell, y0), BgPoint(origin_.x + (nx_ + 1) * cell, y1));
    BgMultiPolygon strip;
    bg::intersection(area, strip_box, strip);
    if (strip.empty()) return;
    for (int ix = 0; ix < nx_; ++ix) {
      const double x0 = origin_.x + ix * cell;
      const BgBox cell_box(BgPoint(x0, y0), BgPoint(x0 + cell, y1));
      const double a = std::min(full, intersection_area(strip, cell_box));
      const int index = iy * nx_ + ix;
      area_[index] = a;
      measured_[index] = a >= kMinWalkableFraction * full ? 1 : 0;
    }
  };
  if (threads > 1 && ny_ > 1) {
    tbb::task_arena(threads).execute([&] { tbb::parallel_for(0, ny_, clip_row); });
  } else {
    for (int iy = 0; iy < ny_; ++iy)
      clip_row(iy);
  }
}

Vec2 DensityGrid::centre(int index) const {
  const int ix = index % nx_, iy = index / nx_;
  return {origin_.x + (ix + 0.5) * cell_, origin_.y + (iy + 0.5) * cell_};
}

}  // namespace stroom
