// Descriptive statistics and the convergence rule of docs/batch.md.
#include <algorithm>
#include <cmath>
#include <limits>

#include "stroom/batch.hpp"

namespace stroom::batch {

double percentile(const std::vector<double>& sorted, double p) {
  // Type 7 (Hyndman & Fan 1996): rank h = p·(n − 1), interpolate between its neighbours.
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Stats describe(std::vector<double> values) {
  Stats s;
  s.n = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (const double v : values)
    sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n > 1) {
    double squares = 0.0;
    for (const double v : values)
      squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
  }
  s.min = values.front();
  s.q1 = percentile(values, 0.25);
  s.p50 = percentile(values, 0.50);
  s.q3 = percentile(values, 0.75);
  s.p95 = percentile(values, 0.95);
  s.max = values.back();
  return s;
}

namespace {

// |now − before| / |now|; 0 when both are 0, infinite when only `now` is 0.
double relative_change(double now, double before) {
  if (now == before) return 0.0;
  if (now == 0.0) return std::numeric_limits<double>::infinity();
  return std::abs(now - before) / std::abs(now);
}

}  // namespace

std::optional<std::size_t> converged_after(const std::vector<double>& values, double tolerance,
                                           int window) {
  if (window < 1) return std::nullopt;
  const std::size_t w = static_cast<std::size_t>(window);
  // Running mean and sample sd after k values (Welford's update, exact order: seed order).
  double mean = 0.0, m2 = 0.0, prev_mean = 0.0, prev_sd = 0.0;
  std::size_t run_of_small_changes = 0;
  for (std::size_t k = 1; k <= values.size(); ++k) {
    const double x = values[k - 1];
    const double delta = x - mean;
    mean += delta / static_cast<double>(k);
    m2 += delta * (x - mean);
    const double sd = k > 1 ? std::sqrt(m2 / static_cast<double>(k - 1)) : 0.0;
    // The change made by the k-th run needs the sd before it, so k ≥ 3.
    if (k >= 3) {
      const bool small = relative_change(mean, prev_mean) <= tolerance &&
                         relative_change(sd, prev_sd) <= tolerance;
      run_of_small_changes = small ? run_of_small_changes + 1 : 0;
      if (run_of_small_changes >= w) return k;
    }
    prev_mean = mean;
    prev_sd = sd;
  }
  return std::nullopt;
}

}  // namespace stroom::batch
