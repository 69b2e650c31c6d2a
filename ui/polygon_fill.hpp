// Filling polygons with holes for the GPU: the walkable area (outer rings minus obstacles)
// becomes a plain triangle list.
//
// Method: horizontal slab decomposition. Every vertex's y cuts the plane into slabs; inside a
// slab no edge starts or ends, so the edges crossing it can be sorted by x and paired with the
// even-odd rule, and each pair bounds one trapezoid (two triangles). Robust for any simple
// rings, holes included, with no special cases; more triangles than ear clipping, but built
// once per venue.
#pragma once

#include <vector>

#include "stroom/vec2.hpp"

namespace stroom::view {

/// Triangles (three points each, flattened) covering the even-odd interior of `rings`.
std::vector<Vec2> fill_even_odd(const std::vector<Polygon>& rings);

/// Sum of the triangles' areas (for tests and sanity checks), m².
double triangles_area(const std::vector<Vec2>& triangles);

}  // namespace stroom::view
