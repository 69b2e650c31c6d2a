// Polygon primitives on plain vertex lists (stroom/vec2.hpp Polygon, open ring, either
// orientation), each written once and used by navigation, spawning and the journeys: point in
// polygon, area, bounds. Boost.Geometry (boost_types.hpp) serves the boolean operations.
#pragma once

#include "stroom/vec2.hpp"

namespace stroom::geometry {

/// Point in polygon (even–odd rule; points on the boundary may go either way).
bool polygon_contains(const Polygon& poly, Vec2 p);
/// m², whatever the orientation.
double polygon_area(const Polygon& poly);
/// Smallest axis-aligned box holding every vertex.
Bounds polygon_bounds(const Polygon& poly);

}  // namespace stroom::geometry
