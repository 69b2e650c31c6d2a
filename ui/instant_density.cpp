#include "instant_density.hpp"

#include <algorithm>
#include <cmath>

namespace stroom::view {

InstantDensity::InstantDensity(const Bounds& bounds, double cell)
    : bounds_(bounds), cell_(cell > 0.0 ? cell : 1.0), inverse_area_(1.0 / (cell_ * cell_)) {
  columns_ = std::max(1, static_cast<int>(std::ceil(bounds.width() / cell_)));
  rows_ = std::max(1, static_cast<int>(std::ceil(bounds.height() / cell_)));
  counts_.assign(static_cast<std::size_t>(columns_) * rows_, 0);
}

void InstantDensity::update(std::span<const double> x, std::span<const double> y) {
  std::fill(counts_.begin(), counts_.end(), 0);
  const std::size_t n = std::min(x.size(), y.size());
  int best = 0;
  std::size_t best_cell = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(std::floor((x[i] - bounds_.min.x) / cell_));
    const int r = static_cast<int>(std::floor((y[i] - bounds_.min.y) / cell_));
    if (c < 0 || r < 0 || c >= columns_ || r >= rows_) continue;
    const std::size_t k = static_cast<std::size_t>(r) * columns_ + c;
    if (++counts_[k] > best) {
      best = counts_[k];
      best_cell = k;
    }
  }
  peak_ = best * inverse_area_;
  const double col = static_cast<double>(best_cell % static_cast<std::size_t>(columns_));
  const double row = static_cast<double>(best_cell / static_cast<std::size_t>(columns_));
  peak_at_ = {bounds_.min.x + (col + 0.5) * cell_, bounds_.min.y + (row + 0.5) * cell_};
}

double InstantDensity::density_at(Vec2 p) const {
  if (counts_.empty()) return 0.0;
  const int c = static_cast<int>(std::floor((p.x - bounds_.min.x) / cell_));
  const int r = static_cast<int>(std::floor((p.y - bounds_.min.y) / cell_));
  if (c < 0 || r < 0 || c >= columns_ || r >= rows_) return 0.0;
  return density(c, r);
}

}  // namespace stroom::view
