#include <algorithm>
#include <charconv>
#include <cmath>

#include "geometry/boost_types.hpp"

namespace stroom::geometry_detail {

BgPolygon to_bg(const Polygon& polygon) {
  BgPolygon out;
  for (const Vec2& v : polygon)
    out.outer().emplace_back(v.x, v.y);
  bg::correct(out);
  return out;
}

BgMultiPolygon to_bg(const std::vector<PolygonWithHoles>& polygons) {
  BgMultiPolygon out;
  for (const PolygonWithHoles& p : polygons) {
    BgPolygon poly;
    for (const Vec2& v : p.outer)
      poly.outer().emplace_back(v.x, v.y);
    for (const Polygon& hole : p.holes) {
      poly.inners().emplace_back();
      for (const Vec2& v : hole)
        poly.inners().back().emplace_back(v.x, v.y);
    }
    bg::correct(poly);
    out.push_back(std::move(poly));
  }
  return out;
}

std::optional<std::string> polygon_problem(const Polygon& polygon) {
  for (const Vec2& v : polygon) {
    if (!std::isfinite(v.x) || !std::isfinite(v.y)) return "has a coordinate that is not a number";
  }
  if (polygon.size() < 3) {
    return "has " + std::to_string(polygon.size()) + " vertices, at least 3 are needed";
  }
  // All vertices on one line: no area at all (checked before self-intersection, which
  // Boost would also report for such a ring).
  const Vec2 origin = polygon.front();
  Vec2 far = origin;
  for (const Vec2& v : polygon) {
    if (length_squared(v - origin) > length_squared(far - origin)) far = v;
  }
  const double span = length(far - origin);
  bool collinear = true;
  for (const Vec2& v : polygon) {
    if (std::abs(cross(far - origin, v - origin)) > 1e-9 * std::max(span, 1.0)) collinear = false;
  }
  if (collinear) return std::string("has zero area (all vertices lie on one line)");
  BgPolygon raw;
  for (const Vec2& v : polygon)
    raw.outer().emplace_back(v.x, v.y);
  bg::correct(raw);  // closes the ring; orientation of a bow tie is meaningless anyway
  if (bg::intersects(raw)) return std::string("is self-intersecting");
  const BgPolygon& bgp = raw;
  bg::validity_failure_type failure = bg::no_failure;
  if (!bg::is_valid(bgp, failure)) {
    switch (failure) {
      case bg::failure_self_intersections:
        return std::string("is self-intersecting");
      case bg::failure_spikes:
        return std::string("has a spike (an edge that doubles back on itself)");
      case bg::failure_few_points:
      case bg::failure_wrong_topological_dimension:
        return std::string("has zero area");
      default: {
        std::string reason;
        bg::is_valid(bgp, reason);
        return "is invalid: " + reason;
      }
    }
  }
  if (std::abs(bg::area(bgp)) < 1e-9) return std::string("has zero area");
  return std::nullopt;
}

namespace {

constexpr double kSliverArea = 1e-6;  // m²: smaller pieces are overlay noise

bool less_xy(Vec2 a, Vec2 b) {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

// Ring without the closing point, without duplicate and collinear vertices, starting at its
// smallest vertex.
Polygon clean_ring(const BgPolygon::ring_type& ring) {
  Polygon pts;
  for (const BgPoint& p : ring)
    pts.push_back({p.x(), p.y()});
  if (!pts.empty() && pts.front() == pts.back()) pts.pop_back();
  bool changed = true;
  while (changed && pts.size() >= 3) {
    changed = false;
    for (std::size_t i = 0; i < pts.size() && pts.size() >= 3; ++i) {
      const Vec2 prev = pts[(i + pts.size() - 1) % pts.size()];
      const Vec2 cur = pts[i];
      const Vec2 next = pts[(i + 1) % pts.size()];
      const Vec2 d1 = cur - prev, d2 = next - cur;
      const bool duplicate = length_squared(d1) < 1e-18;
      const bool collinear =
          std::abs(cross(d1, d2)) <= 1e-12 * length(d1) * length(d2) && dot(d1, d2) > 0.0;
      if (duplicate || collinear) {
        pts.erase(pts.begin() + static_cast<std::ptrdiff_t>(i));
        changed = true;
        --i;
      }
    }
  }
  if (pts.size() < 3) return {};
  std::rotate(pts.begin(), std::min_element(pts.begin(), pts.end(), less_xy), pts.end());
  return pts;
}

}  // namespace

std::vector<PolygonWithHoles> canonical(const BgMultiPolygon& multi) {
  std::vector<PolygonWithHoles> out;
  for (const BgPolygon& poly : multi) {
    if (std::abs(bg::area(poly.outer())) < kSliverArea) continue;
    PolygonWithHoles p;
    p.outer = clean_ring(poly.outer());
    if (p.outer.empty()) continue;
    for (const auto& inner : poly.inners()) {
      if (std::abs(bg::area(inner)) < kSliverArea) continue;
      Polygon hole = clean_ring(inner);
      if (!hole.empty()) p.holes.push_back(std::move(hole));
    }
    std::sort(p.holes.begin(), p.holes.end(),
              [](const Polygon& a, const Polygon& b) { return less_xy(a.front(), b.front()); });
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const PolygonWithHoles& a, const PolygonWithHoles& b) {
    return less_xy(a.outer.front(), b.outer.front());
  });
  return out;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string text(buffer, result.ptr);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace stroom::geometry_detail
