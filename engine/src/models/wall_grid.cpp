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
  last_x_ = static_cast<double>(nx_ - 1);
  last_y_ = static_cast<double>(ny_ - 1);
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

std::span<const std::int32_t> WallGrid::swept_candidates(Vec2 p, Vec2 q, double len,
                                                         std::vector<std::int32_t>& scratch) const {
  scratch.clear();
  if (nx_ == 0 || !std::isfinite(len)) return {};
  // Every wall lies inside the grid: clip the move to it (Liang–Barsky), then sample the part
  // inside every `reach` metres. A wall crossing the move passes within half a spacing of a
  // sample point, and each point's cell lists every wall within reach of it.
  const Vec2 lo = origin_, hi{origin_.x + nx_ * cell_, origin_.y + ny_ * cell_};
  const Vec2 d = q - p;
  double t0 = 0.0, t1 = 1.0;
  const auto clip = [&](double denom, double num) {  // keeps t with denom·t ≤ num
    if (denom == 0.0) return num >= 0.0;
    const double t = num / denom;
    if (denom > 0.0)
      t1 = std::min(t1, t);
    else
      t0 = std::max(t0, t);
    return t0 <= t1;
  };
  if (!(clip(-d.x, p.x - lo.x) && clip(d.x, hi.x - p.x) && clip(-d.y, p.y - lo.y) &&
        clip(d.y, hi.y - p.y)))
    return {};
  const double inside = (t1 - t0) * len;
  const auto n = static_cast<std::int64_t>(std::ceil(inside / std::max(reach_, 0.01))) + 1;
  std::size_t last_cell = static_cast<std::size_t>(-1);
  for (std::int64_t i = 0; i <= n; ++i) {
    const double t = t0 + (t1 - t0) * static_cast<double>(i) / static_cast<double>(n);
    const std::size_t c = cell_index(p + d * t);
    if (c == last_cell) continue;
    last_cell = c;
    scratch.insert(scratch.end(), items_.begin() + start_[c], items_.begin() + start_[c + 1]);
  }
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  return scratch;
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
