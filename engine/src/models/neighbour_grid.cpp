#include "models/neighbour_grid.hpp"

#include <algorithm>
#include <cmath>

#include "stroom/error.hpp"

namespace stroom::models {

NeighbourGrid::NeighbourGrid(Bounds bounds, double cell) : cell_(cell), inv_cell_(1.0 / cell) {
  STROOM_ASSERT(cell > 0.0);
  origin_ = {bounds.min.x - cell, bounds.min.y - cell};
  nx_ = static_cast<int>(std::ceil(bounds.width() / cell)) + 3;
  ny_ = static_cast<int>(std::ceil(bounds.height() / cell)) + 3;
  start_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_) + 1, 0);
}

void NeighbourGrid::build(std::span<const double> x, std::span<const double> y,
                          std::span<const double> radius, std::span<const double> extra_x,
                          std::span<const double> extra_y, std::span<const double> extra_radius,
                          const ParallelFor& parallel) {
  const std::size_t persons = x.size();
  const std::size_t n = persons + extra_x.size();
  persons_ = static_cast<std::int32_t>(persons);
  STROOM_ASSERT(extra_y.size() == extra_x.size() && extra_radius.size() == extra_x.size());
  const auto px = [&](std::size_t i) { return i < persons ? x[i] : extra_x[i - persons]; };
  const auto py = [&](std::size_t i) { return i < persons ? y[i] : extra_y[i - persons]; };
  cell_of_.resize(n);
  slot_.resize(n);
  x_.resize(n);
  y_.resize(n);
  r_.resize(n);
  // Each person's cell, in parallel where the caller has workers (each writes its own entry).
  const auto assign = [&](std::int32_t b, std::int32_t e) {
    for (std::size_t i = static_cast<std::size_t>(b); i < static_cast<std::size_t>(e); ++i)
      cell_of_[i] = cell_y(py(i)) * nx_ + cell_x(px(i));
  };
  if (parallel)
    parallel(static_cast<std::int32_t>(n), assign);
  else
    assign(0, static_cast<std::int32_t>(n));
  // Counting sort, stable: count per cell, running sums (start_[c] = end of cell c), then
  // place from the last person down, each at the end of their cell's free part, which leaves
  // start_[c] at the first entry of cell c.
  const std::size_t cells = start_.size() - 1;
  std::fill(start_.begin(), start_.end(), 0);
  for (std::size_t i = 0; i < n; ++i)
    ++start_[static_cast<std::size_t>(cell_of_[i])];
  for (std::size_t c = 1; c < cells; ++c)
    start_[c] += start_[c - 1];
  start_[cells] = static_cast<std::int32_t>(n);
  max_radius_ = 0.0;
  for (std::size_t i = n; i-- > 0;) {
    const std::int32_t k = --start_[static_cast<std::size_t>(cell_of_[i])];
    slot_[k] = static_cast<std::int32_t>(i);
    x_[k] = px(i);
    y_[k] = py(i);
    r_[k] = i < persons ? radius[i] : extra_radius[i - persons];
    max_radius_ = std::max(max_radius_, r_[k]);
  }
}

}  // namespace stroom::models
