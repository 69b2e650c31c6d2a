// Where and when people appear: lattice placement for `count`+`in` populations and arrival
// times for `arrive` populations. Pure functions of their inputs (and the counter-based random
// streams), tested on their own in tests/engine/sim/test_spawning.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "geometry/polygon.hpp"
#include "stroom/random.hpp"
#include "stroom/scenario.hpp"
#include "stroom/vec2.hpp"

namespace stroom::sim {

/// Expected number of arrivals up to time t: the integral of the piecewise-linear rate
/// (0 before the first point and after the last).
double cumulative_arrivals(const std::vector<RatePoint>& rate, double t);

/// Arrival times, ascending. Arrival k (k = 0, 1, ...) comes when the cumulative rate reaches
/// k + u_k, u_k uniform in [0, 1) drawn from `rng` (one draw per arrival): the count up to any
/// time t is within one of the integral of the rate. At most `total` arrivals when set.
std::vector<double> arrival_times(const ArrivalDesc& arrive, RandomStream rng);

/// Up to `count` spots inside `area` for bodies of radius `radius`, at least 2·radius apart.
/// `accept(p)` says whether a spot is usable (walkable, clear of walls). The spots are a
/// jittered hexagonal lattice, spaced as widely as the count allows (down to touching bodies),
/// chosen at random among the usable lattice points. Fewer than `count` are returned only
/// when even touching bodies do not fit.
std::vector<Vec2> lattice_spots(const Polygon& area, int count, double radius,
                                const std::function<bool(Vec2)>& accept, RandomStream rng);

// The polygon primitives live in engine/src/geometry/polygon.hpp.
using geometry::polygon_area;
using geometry::polygon_bounds;
using geometry::polygon_contains;

}  // namespace stroom::sim
