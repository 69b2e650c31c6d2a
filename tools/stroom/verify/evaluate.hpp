// The evaluation functions of the verification suite: pure functions from measured values to
// the figures that each test compares with its literature window. No simulation here, so the
// unit tests (tests/verify) feed them synthetic data.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace stroom::verify {

/// Weidmann (1993) walking speed at density `density` (persons/m²), m/s:
/// v = 1.34 · [1 − exp(−1.913 · (1/ρ − 1/5.4))]; 0 at and above 5.4 P/m², 1.34 at 0.
double weidmann_speed(double density);

/// Flow through a line from its sorted crossing times, persons/s: (n − 1) / (t_last − t_first)
/// over the crossings left after dropping `trim` (0 ≤ trim < 0.5) of them at each end (the
/// start-up and the tail). nullopt when fewer than 2 crossings remain or they share one time.
std::optional<double> steady_flow(std::span<const double> sorted_times, double trim);

/// Mean of `values` (sampled at `sample_times`) over the steady window of a line: from the
/// first to the last of its sorted crossing times left after dropping `trim` of them at each
/// end, the crossings steady_flow() counts. nullopt when fewer than 2 crossings remain or no
/// sample lies in the window.
std::optional<double> steady_mean(std::span<const double> sorted_times, double trim,
                                  std::span<const double> sample_times,
                                  std::span<const double> values);

/// Kolmogorov–Smirnov distance between the empirical distribution of `sample` and the
/// cumulative distribution function `cdf`: sup |F_n(x) − F(x)|. 1 for an empty sample.
double ks_distance(std::vector<double> sample, const std::function<double(double)>& cdf);

/// Critical KS distance at the 5 % level for n observations (1.36 / √n, asymptotic).
double ks_critical_5pc(std::size_t n);

/// Cumulative distribution functions of the scenario format's distributions.
double uniform_cdf(double lo, double hi, double x);
/// Lognormal given by the mean and standard deviation of the variable itself.
double lognormal_cdf(double mean, double sd, double x);
double exponential_cdf(double mean, double x);

/// Median of the values (mean of the two middle ones for an even count); nullopt when empty.
std::optional<double> median(std::vector<double> values);

/// Arithmetic mean; nullopt when empty.
std::optional<double> mean(std::span<const double> values);

/// True when every value is larger than the one before (vacuously true for < 2 values).
bool strictly_increasing(std::span<const double> values);
/// True when every value is smaller than the one before.
bool strictly_decreasing(std::span<const double> values);
/// True when no value is smaller than the one before.
bool non_decreasing(std::span<const double> values);

}  // namespace stroom::verify
