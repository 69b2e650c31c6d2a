#include "geometry/polygon.hpp"

#include <algorithm>
#include <cmath>

namespace stroom::geometry {

bool polygon_contains(const Polygon& poly, Vec2 p) {
  bool inside = false;
  const std::size_t n = poly.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Vec2 a = poly[i], b = poly[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double xc = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < xc) inside = !inside;
    }
  }
  return inside;
}

double polygon_area(const Polygon& poly) {
  double s = 0.0;
  const std::size_t n = poly.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++)
    s += cross(poly[j], poly[i]);
  return std::abs(0.5 * s);
}

Bounds polygon_bounds(const Polygon& poly) {
  Bounds b{{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
  for (const Vec2 p : poly) {
    b.min.x = std::min(b.min.x, p.x), b.min.y = std::min(b.min.y, p.y);
    b.max.x = std::max(b.max.x, p.x), b.max.y = std::max(b.max.y, p.y);
  }
  return b;
}

}  // namespace stroom::geometry
