// Exact-enough 2D segment math for the hot queries of the Venue (nearest wall, range, line of
// sight). Kept analytic and allocation-free on purpose: Box2D's b2Distance adds a skin radius
// to edges and updates non-atomic globals, so the tree is used only as a broad phase.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "stroom/vec2.hpp"

namespace stroom::geometry_detail {

/// Squared distance from p to segment s, and the closest point on s.
inline double distance_squared_to_segment(const Segment& s, Vec2 p, Vec2& closest) {
  closest = closest_point(s, p);
  return length_squared(p - closest);
}

/// True when the open segment a→b (its end points excluded) meets the closed segment w.
/// Parallel (also collinear) segments never count as crossing: walking along a wall does
/// not pass through it. Touching a wall's end point counts, so a path cannot slip through
/// the shared corner of two walls.
inline bool open_segment_crosses(Vec2 a, Vec2 b, const Segment& w) {
  const Vec2 r = b - a;
  const Vec2 s = w.b - w.a;
  const double denom = cross(r, s);
  const double scale = std::sqrt(length_squared(r) * length_squared(s));
  if (std::abs(denom) <= 1e-12 * scale) return false;
  const Vec2 q = w.a - a;
  const double t = cross(q, s) / denom;  // along a→b
  const double u = cross(q, r) / denom;  // along the wall
  constexpr double kOpenEnd = 1e-9;
  constexpr double kClosedEnd = 1e-9;
  return t > kOpenEnd && t < 1.0 - kOpenEnd && u >= -kClosedEnd && u <= 1.0 + kClosedEnd;
}

/// Interval [t0, t1] ⊆ [0, 1] of the parameter along `subject` whose points lie within
/// `tolerance` of `reference`: perpendicular distance to its line at most `tolerance` and
/// projection onto it within its length. Only near-parallel pairs qualify, so that a wall
/// meeting an exit at its corner is not mistaken for lying along it.
inline std::optional<std::pair<double, double>> interval_near(const Segment& subject,
                                                              const Segment& reference,
                                                              double tolerance) {
  constexpr double kMaxSine = 0.1;  // about 6 degrees
  const Vec2 dr = reference.b - reference.a;
  const Vec2 ds = subject.b - subject.a;
  const double lr = length(dr), ls = length(ds);
  if (lr < 1e-12 || ls < 1e-12) return std::nullopt;
  const Vec2 u = dr / lr;
  if (std::abs(cross(u, ds / ls)) > kMaxSine) return std::nullopt;
  double t0 = 0.0, t1 = 1.0;
  // Restrict t to lo <= f0 + f1 t <= hi.
  const auto clip = [&](double f0, double f1, double lo, double hi) {
    if (std::abs(f1) < 1e-15) {
      if (f0 < lo || f0 > hi) t1 = -1.0;
      return;
    }
    double a = (lo - f0) / f1, b = (hi - f0) / f1;
    if (a > b) std::swap(a, b);
    t0 = std::max(t0, a);
    t1 = std::min(t1, b);
  };
  const Vec2 rel = subject.a - reference.a;
  clip(dot(rel, u), dot(ds, u), 0.0, lr);
  clip(cross(u, rel), cross(u, ds), -tolerance, tolerance);
  if (t1 <= t0) return std::nullopt;
  return std::make_pair(t0, t1);
}

}  // namespace stroom::geometry_detail
