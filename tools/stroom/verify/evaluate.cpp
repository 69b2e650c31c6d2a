#include "evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stroom::verify {

double weidmann_speed(double density) {
  constexpr double kFreeSpeed = 1.34;  // v_f, m/s
  constexpr double kGamma = 1.913;     // γ, P/m²
  constexpr double kJamDensity = 5.4;  // ρ_max, P/m²
  if (density <= 0.0) return kFreeSpeed;
  if (density >= kJamDensity) return 0.0;
  return kFreeSpeed * (1.0 - std::exp(-kGamma * (1.0 / density - 1.0 / kJamDensity)));
}

std::optional<double> steady_flow(std::span<const double> sorted_times, double trim) {
  const std::size_t n = sorted_times.size();
  const double t = std::clamp(trim, 0.0, 0.49);
  const auto drop = static_cast<std::size_t>(std::floor(t * static_cast<double>(n)));
  if (n < 2 * drop + 2) return std::nullopt;
  const std::size_t first = drop, last = n - 1 - drop;
  const double span = sorted_times[last] - sorted_times[first];
  if (!(span > 0.0)) return std::nullopt;
  return static_cast<double>(last - first) / span;
}

std::optional<double> steady_mean(std::span<const double> sorted_times, double trim,
                                  std::span<const double> sample_times,
                                  std::span<const double> values) {
  const std::size_t n = sorted_times.size();
  const auto drop =
      static_cast<std::size_t>(std::floor(std::clamp(trim, 0.0, 0.49) * static_cast<double>(n)));
  if (n < 2 * drop + 2) return std::nullopt;
  const double from = sorted_times[drop], until = sorted_times[n - 1 - drop];
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t k = 0; k < sample_times.size() && k < values.size(); ++k)
    if (sample_times[k] >= from && sample_times[k] <= until) sum += values[k], ++count;
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

double ks_distance(std::vector<double> sample, const std::function<double(double)>& cdf) {
  if (sample.empty()) return 1.0;
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double d = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

double ks_critical_5pc(std::size_t n) {
  return n == 0 ? 0.0 : 1.36 / std::sqrt(static_cast<double>(n));
}

double uniform_cdf(double lo, double hi, double x) {
  if (x <= lo) return 0.0;
  if (x >= hi) return 1.0;
  return (x - lo) / (hi - lo);
}

double lognormal_cdf(double mean_value, double sd, double x) {
  if (x <= 0.0 || mean_value <= 0.0) return 0.0;
  const double sigma2 = std::log(1.0 + (sd * sd) / (mean_value * mean_value));
  const double mu = std::log(mean_value) - 0.5 * sigma2;
  return 0.5 * std::erfc(-(std::log(x) - mu) / std::sqrt(2.0 * sigma2));
}

double exponential_cdf(double mean_value, double x) {
  if (x <= 0.0) return 0.0;
  return 1.0 - std::exp(-x / mean_value);
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::optional<double> mean(std::span<const double> values) {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

bool strictly_increasing(std::span<const double> values) {
  for (std::size_t i = 1; i < values.size(); ++i)
    if (!(values[i] > values[i - 1])) return false;
  return true;
}

bool strictly_decreasing(std::span<const double> values) {
  for (std::size_t i = 1; i < values.size(); ++i)
    if (!(values[i] < values[i - 1])) return false;
  return true;
}

bool non_decreasing(std::span<const double> values) {
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] < values[i - 1]) return false;
  return true;
}

}  // namespace stroom::verify
