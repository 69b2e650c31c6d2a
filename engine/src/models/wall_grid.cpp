#include "models/wall_grid.hpp"

#include <algorithm>
#include <cmath>

namespace stroom::models {

namespace {
constexpr double kCell = 2.0;  // m; walls are sparse, so the cell edge matters little
}

WallGrid::WallGrid(std::span<const Wall> walls, std::span<const std::uint8_t> blocking,
                   Bounds bounds, double reach)
    : walls_(walls.begin(), walls.end()), cell_(kCell), inv_cell_(1.0 / kCell), reach_(reach) {
  origin_ = {bounds.min.x - kCell, bounds.min.y - kCell};
  nx_ = static_cast<int>(std::ceil(bounds.width() / kCell)) + 3;
  ny_ = static_cast<int>(std::ceil(bounds.height() / kCell)) + 3;
  const std::size_t cells = static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_);
  std::vector<std::vector<std::int32_t>> lists(cells);
  for (std::size_t w = 0; w < walls_.size(); ++w) {
    if (w >= blocking.size() || blocking[w] == 0) continue;
    const Segment& s = walls_[w].segment;
    const double x0 = std::min(s.a.x, s.b.x) - reach, x1 = std::max(s.a.x, s.b.x) + reach;
    const double y0 = std::min(s.a.y, s.b.y) - reach, y1 = std::max(s.a.y, s.b.y) + reach;
    const int cx0 = std::clamp(static_cast<int>(std::floor((x0 - origin_.x) / kCell)), 0, nx_ - 1);
    const int cx1 = std::clamp(static_cast<int>(std::floor((x1 - origin_.x) / kCell)), 0, nx_ - 1);
    const int cy0 = std::clamp(static_cast<int>(std::floor((y0 - origin_.y) / kCell)), 0, ny_ - 1);
    const int cy1 = std::clamp(static_cast<int>(std::floor((y1 - origin_.y) / kCell)), 0, ny_ - 1);
    // Half the cell diagonal: a wall within `reach` of a point of the cell lies within
    // reach + half-diagonal of the cell centre.
    const double limit = reach + kCell * 0.7072;
    for (int cy = cy0; cy <= cy1; ++cy) {
      for (int cx = cx0; cx <= cx1; ++cx) {
        const Vec2 centre{origin_.x + (cx + 0.5) * kCell, origin_.y + (cy + 0.5) * kCell};
        if (distance(closest_point(s, centre), centre) <= limit) {
          lists[static_cast<std::size_t>(cy) * static_cast<std::size_t>(nx_) +
                static_cast<std::size_t>(cx)]
              .push_back(static_cast<std::int32_t>(w));
        }
      }
    }
  }
  start_.assign(cells + 1, 0);
  for (std::size_t c = 0; c < cells; ++c)
    start_[c + 1] = start_[c] + static_cast<std::int32_t>(lists[c].size());
  items_.reserve(static_cast<std::size_t>(start_[cells]));
  for (const auto& l : lists)
    items_.insert(items_.end(), l.begin(), l.end());
}

bool move_crosses(const Segment& s, Vec2 p, Vec2 q) {
  const double sp = side(s, p);
  const double sq = side(s, q);
  // A person exactly on the line (never left there by the constrain phase) may move freely.
  if (sp == 0.0) return false;
  if (sp > 0.0 ? sq > 0.0 : sq < 0.0) return false;
  // p and q on different sides (or q on the line): check the crossing lies within s.
  const Vec2 d = q - p;
  const double da = cross(d, s.a - p);
  const double db = cross(d, s.b - p);
  if (da == 0.0 && db == 0.0) return false;  // collinear
  return !((da > 0.0 && db > 0.0) || (da < 0.0 && db < 0.0));
}

}  // namespace stroom::models
