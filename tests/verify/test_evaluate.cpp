// The evaluation functions of the verification suite on synthetic data.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "evaluate.hpp"
#include "runner.hpp"

namespace stroom::verify {
namespace {

TEST(Weidmann, MatchesTheComputedTable) {
  // docs/validation.md, section 3.4: computed points, speeds rounded to 0.01 m/s.
  const std::vector<std::pair<double, double>> table{{0.5, 1.30}, {1.0, 1.06}, {2.0, 0.61},
                                                     {3.0, 0.33}, {4.0, 0.16}, {5.0, 0.04}};
  for (const auto& [rho, v] : table)
    EXPECT_NEAR(weidmann_speed(rho), v, 0.005) << "rho " << rho;
}

TEST(Weidmann, MaximumSpecificFlowNear175) {
  double best_rho = 0.0, best_flow = 0.0;
  for (double rho = 0.5; rho <= 5.0; rho += 0.01) {
    const double flow = rho * weidmann_speed(rho);
    if (flow > best_flow) best_flow = flow, best_rho = rho;
  }
  EXPECT_NEAR(best_flow, 1.225, 0.005);
  EXPECT_NEAR(best_rho, 1.75, 0.05);
}

TEST(Weidmann, LimitsAtZeroAndJamDensity) {
  EXPECT_DOUBLE_EQ(weidmann_speed(0.0), 1.34);
  EXPECT_DOUBLE_EQ(weidmann_speed(5.4), 0.0);
  EXPECT_DOUBLE_EQ(weidmann_speed(7.0), 0.0);
}

TEST(SteadyFlow, RegularCrossingsGiveTheirRate) {
  std::vector<double> t;
  for (int k = 0; k < 100; ++k)
    t.push_back(5.0 + 0.5 * k);  // 2 persons/s
  EXPECT_NEAR(*steady_flow(t, 0.0), 2.0, 1e-12);
  EXPECT_NEAR(*steady_flow(t, 0.1), 2.0, 1e-12);
}

TEST(SteadyFlow, TrimDropsStartAndTail) {
  // 10 slow crossings, 80 at 1.5 persons/s, 10 slow again.
  std::vector<double> t;
  double now = 0.0;
  for (int k = 0; k < 10; ++k)
    t.push_back(now += 3.0);
  for (int k = 0; k < 80; ++k)
    t.push_back(now += 1.0 / 1.5);
  for (int k = 0; k < 10; ++k)
    t.push_back(now += 3.0);
  // With 10 % dropped at each end, crossings 10..89 remain: 79 intervals of 1/1.5 s.
  EXPECT_NEAR(*steady_flow(t, 0.1), 1.5, 1e-9);
  EXPECT_LT(*steady_flow(t, 0.0), 1.0);
}

TEST(SteadyFlow, TooFewCrossings) {
  EXPECT_FALSE(steady_flow(std::vector<double>{}, 0.1));
  EXPECT_FALSE(steady_flow(std::vector<double>{3.0}, 0.0));
  EXPECT_FALSE(steady_flow(std::vector<double>{3.0, 3.0}, 0.0));
}

TEST(KolmogorovSmirnov, EvenlySpreadSampleIsClose) {
  std::vector<double> sample;
  for (int k = 0; k < 100; ++k)
    sample.push_back(10.0 + 90.0 * (k + 0.5) / 100.0);
  const double d = ks_distance(sample, [](double x) { return uniform_cdf(10, 100, x); });
  EXPECT_NEAR(d, 0.005, 1e-9);
  EXPECT_LT(d, ks_critical_5pc(sample.size()));
}

TEST(KolmogorovSmirnov, ShiftedSampleIsRejected) {
  std::vector<double> sample;
  for (int k = 0; k < 100; ++k)
    sample.push_back(30.0 + 70.0 * (k + 0.5) / 100.0);  // nobody before 30 s
  const double d = ks_distance(sample, [](double x) { return uniform_cdf(10, 100, x); });
  EXPECT_NEAR(d, 20.0 / 90.0, 0.01);
  EXPECT_GT(d, ks_critical_5pc(sample.size()));
}

TEST(Distributions, CumulativeFunctions) {
  EXPECT_DOUBLE_EQ(uniform_cdf(10, 100, 55), 0.5);
  EXPECT_NEAR(exponential_cdf(60, 60 * std::log(2.0)), 0.5, 1e-12);
  // Lognormal by mean and sd: the median is mean / sqrt(1 + cv²).
  const double mean_value = 156.6, sd = 194.8;
  const double median_value = mean_value / std::sqrt(1.0 + (sd * sd) / (mean_value * mean_value));
  EXPECT_NEAR(lognormal_cdf(mean_value, sd, median_value), 0.5, 1e-12);
  // NIST 1.1's case a = 4.586, b = 0.967: median exp(4.586).
  EXPECT_NEAR(median_value, std::exp(4.586), 0.5);
}

TEST(Statistics, MedianMeanAndOrder) {
  EXPECT_DOUBLE_EQ(*median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(*median({4.0, 1.0, 2.0, 3.0}), 2.5);
  EXPECT_FALSE(median({}));
  EXPECT_DOUBLE_EQ(*mean(std::vector<double>{1.0, 2.0, 6.0}), 3.0);
  EXPECT_TRUE(strictly_increasing(std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_FALSE(strictly_increasing(std::vector<double>{1.0, 2.0, 2.0}));
  EXPECT_TRUE(strictly_decreasing(std::vector<double>{3.0, 2.0, 1.0}));
  EXPECT_TRUE(non_decreasing(std::vector<double>{1.0, 1.0, 2.0}));
  EXPECT_FALSE(non_decreasing(std::vector<double>{1.0, 0.5}));
}

TEST(PolygonArea, EitherOrientation) {
  const Polygon square{{0, 0}, {2, 0}, {2, 3}, {0, 3}};
  const Polygon reversed(square.rbegin(), square.rend());
  EXPECT_DOUBLE_EQ(polygon_area(square), 6.0);
  EXPECT_DOUBLE_EQ(polygon_area(reversed), 6.0);
}

}  // namespace
}  // namespace stroom::verify
