// The classic density grid: square cells of edge `measure.cell` laid over the bounds of the
// walkable area, each with its walkable (clipped) area. A cell is *measured* when at least
// kMinWalkableFraction of it is walkable; slivers along walls are left out because one person
// in a few square centimetres would read as an absurd density. Densities are persons whose
// centre lies in the cell divided by the cell's walkable area (docs/measurement.md).
#pragma once

#include <cstdint>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

class DensityGrid {
 public:
  /// Cells with less than this share of their area walkable are not measured.
  static constexpr double kMinWalkableFraction = 0.25;

  DensityGrid() = default;
  /// Lays cells of edge `cell` (m, > 0) from the lower-left corner of the walkable area's
  /// bounds and clips each against it (Boost.Geometry), row by row on `threads` threads.
  DensityGrid(const std::vector<PolygonWithHoles>& walkable, double cell, int threads = 1);

  int columns() const { return nx_; }
  int rows() const { return ny_; }
  int cell_count() const { return nx_ * ny_; }
  double cell_size() const { return cell_; }  ///< m
  Vec2 origin() const { return origin_; }     ///< lower-left corner, m

  /// Cell index (row-major, row 0 at the bottom) of the cell containing p, or -1 outside.
  int index_of(Vec2 p) const {  // inline: the measurement calls it for everyone every step
    if (nx_ == 0) return -1;
    const double fx = (p.x - origin_.x) / cell_;
    const double fy = (p.y - origin_.y) / cell_;
    if (!(fx >= 0.0) || !(fy >= 0.0)) return -1;
    int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
    // A point on the far edge of the grid belongs to the last cell.
    if (ix == nx_ && fx <= nx_ + 1e-9) ix = nx_ - 1;
    if (iy == ny_ && fy <= ny_ + 1e-9) iy = ny_ - 1;
    if (ix >= nx_ || iy >= ny_) return -1;
    return iy * nx_ + ix;
  }
  Vec2 centre(int index) const;
  /// Walkable area of the cell, m².
  double walkable_area(int index) const { return area_[index]; }
  bool measured(int index) const { return measured_[index] != 0; }

 private:
  Vec2 origin_;
  double cell_ = 1.0;
  int nx_ = 0, ny_ = 0;
  std::vector<double> area_;
  std::vector<std::uint8_t> measured_;
};

/// One density value per grid cell, persons/m²; NaN for cells that are not measured.
struct DensityMap {
  int columns = 0, rows = 0;
  double cell = 1.0;           ///< m
  Vec2 origin;                 ///< lower-left corner, m
  std::vector<double> values;  ///< row-major, row 0 at the bottom
  double time = 0.0;           ///< s, when the map was taken (end of the averaging window)
};

}  // namespace stroom
