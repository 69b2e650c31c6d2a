// Per-person random quantities as the scenario format writes them (constant, truncated
// normal, uniform, lognormal by the mean and sd of the variable, exponential by its mean).
#pragma once

#include <algorithm>
#include <cmath>

#include "stroom/random.hpp"

namespace stroom {

struct Distribution {
  enum class Kind { constant, normal, uniform, lognormal, exponential };

  Kind kind = Kind::constant;
  double value = 0.0;      ///< constant: the value
  double mean = 0.0;       ///< normal, lognormal, exponential: mean of the variable
  double sd = 0.0;         ///< normal, lognormal: standard deviation of the variable
  double min = -INFINITY;  ///< normal: lower truncation bound; uniform: lower bound
  double max = INFINITY;   ///< normal: upper truncation bound; uniform: upper bound;
                           ///< lognormal, exponential: draws are cut here

  static Distribution constant_value(double v) { return {Kind::constant, v}; }
  static Distribution normal_dist(double mean, double sd, double lo = -INFINITY,
                                  double hi = INFINITY) {
    return {Kind::normal, 0.0, mean, sd, lo, hi};
  }
  static Distribution uniform_dist(double lo, double hi) {
    return {Kind::uniform, 0.0, 0.0, 0.0, lo, hi};
  }
  static Distribution lognormal_dist(double mean, double sd) {
    return {Kind::lognormal, 0.0, mean, sd};
  }
  static Distribution exponential_dist(double mean) { return {Kind::exponential, 0.0, mean}; }

  /// Draw one value. Truncated normal uses rejection (bounded tries, then clamps), so the
  /// number of draws taken from the stream may vary, but only within this stream.
  double sample(RandomStream& rng) const {
    switch (kind) {
      case Kind::constant:
        return value;
      case Kind::normal: {
        for (int attempt = 0; attempt < 64; ++attempt) {
          const double v = mean + sd * rng.normal();
          if (v >= min && v <= max) return v;
        }
        return std::clamp(mean, min, max);
      }
      case Kind::uniform:
        return rng.uniform(min, max);
      case Kind::lognormal: {
        if (mean <= 0.0) return 0.0;
        const double sigma2 = std::log(1.0 + (sd * sd) / (mean * mean));
        const double mu = std::log(mean) - 0.5 * sigma2;
        return cut(std::exp(mu + std::sqrt(sigma2) * rng.normal()));
      }
      case Kind::exponential:
        return cut(-mean * std::log(rng.uniform_open0()));
    }
    return value;
  }

  /// Expected value (of the truncated distribution for a truncated normal).
  double expected() const {
    switch (kind) {
      case Kind::constant:
        return value;
      case Kind::uniform:
        return 0.5 * (min + max);
      case Kind::lognormal:
      case Kind::exponential:
        return mean;
      case Kind::normal: {
        if (sd <= 0.0) return std::clamp(mean, min, max);
        const double a = (min - mean) / sd, b = (max - mean) / sd;
        const double z = phi_cdf(b) - phi_cdf(a);
        return z > 0.0 ? mean + sd * (phi_pdf(a) - phi_pdf(b)) / z : std::clamp(mean, min, max);
      }
    }
    return value;
  }

  /// Smallest value a draw can take (used for geometric checks, e.g. the largest body).
  double lower_bound() const {
    switch (kind) {
      case Kind::constant:
        return value;
      case Kind::normal:
        return std::isfinite(min) ? min : mean - 6.0 * sd;
      case Kind::uniform:
        return min;
      case Kind::lognormal:
      case Kind::exponential:
        return 0.0;
    }
    return value;
  }
  /// Largest value a draw can take (infinite for unbounded tails without a limit).
  double upper_bound() const {
    switch (kind) {
      case Kind::constant:
        return value;
      case Kind::normal:
        return std::isfinite(max) ? max : mean + 6.0 * sd;
      case Kind::uniform:
        return max;
      case Kind::lognormal:
      case Kind::exponential:
        return max;
    }
    return value;
  }

 private:
  /// Lognormal and exponential draws are cut at `max` (the quantity's limit, set by the
  /// loader; infinite otherwise).
  double cut(double v) const { return v <= max ? v : max; }
  static double phi_pdf(double x) {
    if (!std::isfinite(x)) return 0.0;
    return std::exp(-0.5 * x * x) / std::sqrt(2.0 * 3.14159265358979323846);
  }
  static double phi_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
};

}  // namespace stroom
