// Instantaneous crowd density on a square grid over the venue, computed by the viewer from the
// persons it draws (persons per cell area). Used for the Fruin overlay and for colouring persons
// by local density; the official, time-averaged figures come from engine/measure.
#pragma once

#include <span>
#include <vector>

#include "stroom/vec2.hpp"

namespace stroom::view {

class InstantDensity {
 public:
  InstantDensity() = default;
  /// Grid over `bounds` with square cells of `cell` metres.
  InstantDensity(const Bounds& bounds, double cell);

  /// Recounts from positions (m); persons outside the bounds are ignored.
  void update(std::span<const double> x, std::span<const double> y);

  int columns() const { return columns_; }
  int rows() const { return rows_; }
  double cell() const { return cell_; }
  const Bounds& bounds() const { return bounds_; }
  /// Persons per m² in cell (column, row); row 0 is at bounds.min.y.
  double density(int column, int row) const {
    return counts_[static_cast<std::size_t>(row) * columns_ + column] * inverse_area_;
  }
  /// Persons per m² at a point (0 outside the grid).
  double density_at(Vec2 p) const;
  double peak() const { return peak_; }
  Vec2 peak_at() const { return peak_at_; }

 private:
  Bounds bounds_{};
  double cell_ = 1.0;
  double inverse_area_ = 1.0;
  int columns_ = 0, rows_ = 0;
  std::vector<int> counts_;
  double peak_ = 0.0;
  Vec2 peak_at_{};
};

}  // namespace stroom::view
