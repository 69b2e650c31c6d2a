#include "map_view.hpp"

namespace stroom::view {

Layout compute_layout(float window_width, float window_height) {
  constexpr float kMenu = 24.0f, kSide = 340.0f, kTimeline = 64.0f;
  Layout l;
  l.menu = {0, 0, window_width, kMenu};
  const float side = std::min(kSide, window_width * 0.45f);
  l.side_panel = {0, kMenu, side, std::max(0.0f, window_height - kMenu)};
  l.timeline = {side, std::max(kMenu, window_height - kTimeline),
                std::max(0.0f, window_width - side),
                std::min(kTimeline, std::max(0.0f, window_height - kMenu))};
  l.map = {side, kMenu, std::max(1.0f, window_width - side),
           std::max(1.0f, window_height - kMenu - l.timeline.height)};
  return l;
}

void MapView::fit(const Bounds& bounds, float margin_pixels) {
  centre_ = {(bounds.min.x + bounds.max.x) * 0.5, (bounds.min.y + bounds.max.y) * 0.5};
  const double w = std::max(viewport_.width - 2.0 * margin_pixels, 1.0);
  const double h = std::max(viewport_.height - 2.0 * margin_pixels, 1.0);
  const double bw = std::max(bounds.width(), 1e-3), bh = std::max(bounds.height(), 1e-3);
  scale_ = std::clamp(std::min(w / bw, h / bh), kMinScale, kMaxScale);
}

void MapView::zoom_at(Vec2 screen, double factor) {
  const Vec2 anchor = to_world(screen);
  scale_ = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  const Vec2 moved = to_world(screen);
  centre_ += anchor - moved;
}

Bounds MapView::visible() const {
  const Vec2 a = to_world({viewport_.left, viewport_.top + viewport_.height});
  const Vec2 b = to_world({viewport_.left + viewport_.width, viewport_.top});
  return {a, b};
}

}  // namespace stroom::view
