// The map's view transform: world metres (x right, y up) ↔ window pixels (x right, y down).
// One transform is shared by everything drawn on the map (venue, persons, density, labels,
// picking) and by the screenshot test, which predicts where persons must appear.
#pragma once

#include <algorithm>
#include <cmath>

#include "stroom/vec2.hpp"

namespace stroom::view {

/// A rectangle in window pixels.
struct PixelRect {
  float left = 0.0f;
  float top = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
  bool contains(float x, float y) const {
    return x >= left && y >= top && x < left + width && y < top + height;
  }
};

/// Where the parts of the window go for a window of the given size: a menu bar on top, the
/// side panel on the left, the timeline at the bottom, the map in the rest.
struct Layout {
  PixelRect menu, side_panel, timeline, map;
};
Layout compute_layout(float window_width, float window_height);

class MapView {
 public:
  /// The map occupies `viewport`; pixels per metre start at 1.
  void set_viewport(const PixelRect& viewport) { viewport_ = viewport; }
  const PixelRect& viewport() const { return viewport_; }

  /// Centre the bounds in the viewport with a small margin, as large as fits.
  void fit(const Bounds& bounds, float margin_pixels = 24.0f);

  Vec2 to_screen(Vec2 world) const {
    return {viewport_.left + viewport_.width * 0.5 + (world.x - centre_.x) * scale_,
            viewport_.top + viewport_.height * 0.5 - (world.y - centre_.y) * scale_};
  }
  Vec2 to_world(Vec2 screen) const {
    return {centre_.x + (screen.x - viewport_.left - viewport_.width * 0.5) / scale_,
            centre_.y - (screen.y - viewport_.top - viewport_.height * 0.5) / scale_};
  }

  /// Move the map by a drag of (dx, dy) pixels.
  void pan_pixels(double dx, double dy) {
    centre_.x -= dx / scale_;
    centre_.y += dy / scale_;
  }
  /// Zoom by `factor` keeping the world point under `screen` in place.
  void zoom_at(Vec2 screen, double factor);

  double scale() const { return scale_; }  ///< pixels per metre
  Vec2 centre() const { return centre_; }  ///< world point at the viewport's centre
  void set(Vec2 centre, double scale) {
    centre_ = centre;
    scale_ = std::clamp(scale, kMinScale, kMaxScale);
  }
  /// World rectangle currently visible.
  Bounds visible() const;

  static constexpr double kMinScale = 0.02;  // px/m: a 50 km site fits in 1000 px
  static constexpr double kMaxScale = 2000.0;

 private:
  PixelRect viewport_{0, 0, 1, 1};
  Vec2 centre_{};
  double scale_ = 1.0;
};

}  // namespace stroom::view
