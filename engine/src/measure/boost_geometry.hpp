// Internal: Boost.Geometry types for the measurement module and conversions from Stroom's
// polygons. Rings are open (no repeated first point) and counter-clockwise, like
// PolygonWithHoles' outer rings; bg::correct() fixes the orientation of any input.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/vec2.hpp"

namespace stroom::measure {

namespace bg = boost::geometry;
using BgPoint = bg::model::d2::point_xy<double>;
using BgPolygon = bg::model::polygon<BgPoint, /*clockwise=*/false, /*closed=*/false>;
using BgMultiPolygon = bg::model::multi_polygon<BgPolygon>;
using BgBox = bg::model::box<BgPoint>;

/// Appends the ring's points, leaving out a repeated closing point.
template <typename Ring>
void append_ring(const Polygon& ring, Ring& out) {
  std::size_t n = ring.size();
  if (n > 1 && ring.front() == ring.back()) --n;
  for (std::size_t i = 0; i < n; ++i)
    out.emplace_back(ring[i].x, ring[i].y);
}

inline BgPolygon to_bg(const Polygon& polygon) {
  BgPolygon out;
  append_ring(polygon, out.outer());
  bg::correct(out);
  return out;
}

inline BgPolygon to_bg(const PolygonWithHoles& polygon) {
  BgPolygon out;
  append_ring(polygon.outer, out.outer());
  for (const Polygon& hole : polygon.holes) {
    out.inners().emplace_back();
    append_ring(hole, out.inners().back());
  }
  bg::correct(out);
  return out;
}

inline BgMultiPolygon to_bg(const std::vector<PolygonWithHoles>& polygons) {
  BgMultiPolygon out;
  for (const auto& p : polygons)
    out.push_back(to_bg(p));
  return out;
}

inline Polygon from_bg_ring(const BgPolygon::ring_type& ring) {
  Polygon out;
  out.reserve(ring.size());
  for (const BgPoint& p : ring)
    out.push_back({p.x(), p.y()});
  return out;
}

inline PolygonWithHoles from_bg(const BgPolygon& polygon) {
  PolygonWithHoles out;
  out.outer = from_bg_ring(polygon.outer());
  for (const auto& inner : polygon.inners())
    out.holes.push_back(from_bg_ring(inner));
  return out;
}

/// Area of a polygon clipped to a multipolygon, m².
template <typename A, typename B>
double intersection_area(const A& a, const B& b) {
  BgMultiPolygon out;
  bg::intersection(a, b, out);
  return bg::area(out);
}

}  // namespace stroom::measure
