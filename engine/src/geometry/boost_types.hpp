// Boost.Geometry types for the venue and conversions from Stroom's plain Polygon. Internal to
// engine/src/geometry. Polygons are counter-clockwise with closed rings, so that a corrected
// Boost polygon already has the orientation PolygonWithHoles promises (outer CCW, holes CW).
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <optional>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"

namespace stroom::geometry_detail {

namespace bg = boost::geometry;
using BgPoint = bg::model::d2::point_xy<double>;
using BgPolygon = bg::model::polygon<BgPoint, /*clockwise=*/false, /*closed=*/true>;
using BgMultiPolygon = bg::model::multi_polygon<BgPolygon>;
using BgLinestring = bg::model::linestring<BgPoint>;
using BgMultiLinestring = bg::model::multi_linestring<BgLinestring>;

/// A corrected (closed, CCW) Boost polygon from a vertex list in either orientation.
BgPolygon to_bg(const Polygon& polygon);
BgMultiPolygon to_bg(const std::vector<PolygonWithHoles>& polygons);

/// What is wrong with a polygon, as the end of a sentence ("is self-intersecting"), or
/// nothing when it is a valid simple polygon with positive area.
std::optional<std::string> polygon_problem(const Polygon& polygon);

/// Canonical form of a Boost result: tiny slivers dropped, duplicate and collinear vertices
/// removed, rings starting at their lexicographically smallest vertex, polygons and holes
/// sorted. Same input, same output, regardless of how Boost ordered its result.
std::vector<PolygonWithHoles> canonical(const BgMultiPolygon& multi);

/// Fixed-decimal, locale-independent number text ("-0.000" is written "0.000").
std::string fixed(double value, int decimals);

}  // namespace stroom::geometry_detail
