#include "sim/spawning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stroom::sim {

double cumulative_arrivals(const std::vector<RatePoint>& rate, double t) {
  double sum = 0.0;
  for (std::size_t k = 0; k + 1 < rate.size(); ++k) {
    const RatePoint& a = rate[k];
    const RatePoint& b = rate[k + 1];
    if (t <= a.time) break;
    const double end = std::min(t, b.time);
    const double tau = end - a.time;
    const double slope = (b.rate - a.rate) / (b.time - a.time);
    sum += a.rate * tau + 0.5 * slope * tau * tau;
  }
  return sum;
}

std::vector<double> arrival_times(const ArrivalDesc& arrive, RandomStream rng) {
  std::vector<double> times;
  const auto& rate = arrive.rate;
  if (rate.size() < 2) return times;
  const double total_expected = cumulative_arrivals(rate, rate.back().time);
  const std::int64_t cap = arrive.total ? *arrive.total : std::numeric_limits<std::int64_t>::max();
  std::size_t seg = 0;
  double seg_start_sum = 0.0;  // cumulative arrivals at rate[seg].time
  for (std::int64_t k = 0; k < cap; ++k) {
    const double target = static_cast<double>(k) + rng.uniform();
    if (target > total_expected) break;
    // Advance to the segment in which the cumulative count reaches `target`.
    while (seg + 1 < rate.size()) {
      const RatePoint& a = rate[seg];
      const RatePoint& b = rate[seg + 1];
      const double seg_sum = 0.5 * (a.rate + b.rate) * (b.time - a.time);
      if (seg_start_sum + seg_sum >= target || seg + 2 == rate.size()) break;
      seg_start_sum += seg_sum;
      ++seg;
    }
    const RatePoint& a = rate[seg];
    const RatePoint& b = rate[seg + 1];
    const double slope = (b.rate - a.rate) / (b.time - a.time);
    const double delta = std::max(0.0, target - seg_start_sum);
    // Solve a.rate·τ + slope·τ²/2 = delta in the stable form τ = 2Δ / (r0 + sqrt(r0² + 2sΔ)).
    const double disc = std::max(0.0, a.rate * a.rate + 2.0 * slope * delta);
    const double denom = a.rate + std::sqrt(disc);
    const double tau = denom > 0.0 ? 2.0 * delta / denom : 0.0;
    times.push_back(std::min(a.time + tau, b.time));
  }
  return times;
}

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

std::vector<Vec2> lattice_spots(const Polygon& area, int count, double radius,
                                const std::function<bool(Vec2)>& accept, RandomStream rng) {
  std::vector<Vec2> spots;
  if (count <= 0) return spots;
  const Bounds b = polygon_bounds(area);
  const double a = polygon_area(area);
  const double s_min = 2.0 * radius + 1e-3;
  // Hexagonal spacing that spreads `count` over the whole area.
  double s = std::max(s_min, std::sqrt(2.0 * a / (std::sqrt(3.0) * count)));
  const double ox = rng.uniform(), oy = rng.uniform();
  for (int attempt = 0; attempt < 60; ++attempt) {
    spots.clear();
    const double row = s * std::sqrt(3.0) * 0.5;
    const double jitter = 0.35 * (s - 2.0 * radius);
    RandomStream jitter_rng = rng;
    const int rows = static_cast<int>(std::ceil(b.height() / row)) + 1;
    const int cols = static_cast<int>(std::ceil(b.width() / s)) + 1;
    for (int j = 0; j < rows; ++j) {
      for (int i = 0; i < cols; ++i) {
        Vec2 p{b.min.x + (i + ox + ((j & 1) ? 0.5 : 0.0)) * s, b.min.y + (j + oy) * row};
        p.x += jitter * (2.0 * jitter_rng.uniform() - 1.0);
        p.y += jitter * (2.0 * jitter_rng.uniform() - 1.0);
        if (polygon_contains(area, p) && accept(p)) spots.push_back(p);
      }
    }
    if (static_cast<int>(spots.size()) >= count || s <= s_min) break;
    s = std::max(s_min, s * 0.96);
  }
  // Choose `count` of the usable spots at random (partial Fisher–Yates).
  const std::size_t take = std::min(spots.size(), static_cast<std::size_t>(count));
  for (std::size_t k = 0; k < take; ++k) {
    const std::size_t r =
        k + static_cast<std::size_t>(rng.uniform() * static_cast<double>(spots.size() - k));
    std::swap(spots[k], spots[std::min(r, spots.size() - 1)]);
  }
  spots.resize(take);
  return spots;
}

}  // namespace stroom::sim
