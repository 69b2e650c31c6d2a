// Where the map legend goes: the corner of the map that covers the fewest persons (a legend
// over an exit queue hides what the reviewer is looking at). The current corner is kept
// unless another covers fewer persons, so the legend does not jump about with small moves.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "map_view.hpp"

namespace stroom::view {

/// Corners in order of preference: 0 bottom-left, 1 bottom-right, 2 top-left, 3 top-right.
inline PixelRect legend_rect(const PixelRect& map, float w, float h, int corner,
                             float margin = 10.0f) {
  const bool right = corner == 1 || corner == 3;
  const bool top = corner >= 2;
  return {right ? map.left + map.width - margin - w : map.left + margin,
          top ? map.top + margin : map.top + map.height - margin - h, w, h};
}

/// The corner for a legend of w × h pixels, given the persons' screen positions.
inline int legend_corner(const PixelRect& map, float w, float h, const std::vector<float>& xs,
                         const std::vector<float>& ys, int current) {
  std::array<std::size_t, 4> covered{};
  for (int c = 0; c < 4; ++c) {
    const PixelRect r = legend_rect(map, w, h, c);
    for (std::size_t i = 0; i < xs.size(); ++i)
      covered[c] += r.contains(xs[i], ys[i]) ? 1 : 0;
  }
  int best = current;
  for (int c = 0; c < 4; ++c)
    if (covered[c] < covered[best]) best = c;
  return best;
}

}  // namespace stroom::view
