// The evaluation functions of the verification suite on synthetic data.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "evaluate.hpp"
#include "runner.hpp"
#include "stroom/scenario_loader.hpp"
#include "stroom/simulation.hpp"

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

TEST(SteadyMean, AveragesTheSamplesBetweenTheSteadyCrossings) {
  // 10 crossings at t = 1..10 s; trimming 10 % leaves t = 2..9 s as the window.
  std::vector<double> crossings;
  for (int k = 1; k <= 10; ++k)
    crossings.push_back(k);
  const std::vector<double> times{0.5, 1.5, 2.0, 5.0, 9.0, 9.5};
  const std::vector<double> values{100, 100, 1.0, 2.0, 3.0, 100};
  EXPECT_NEAR(*steady_mean(crossings, 0.1, times, values), 2.0, 1e-12);
  EXPECT_FALSE(steady_mean(crossings, 0.1, std::vector<double>{0.5}, std::vector<double>{1.0}));
  EXPECT_FALSE(steady_mean(std::vector<double>{4.0}, 0.0, times, values));
}

TEST(MeasuredTrajectories, AreMeasuredAsTheSimulationThatWroteThem) {
  // The T-junction simulated once as `stroom verify` measures it, and once more with every
  // step written as a trajectory file (person, frame, x, y at 20 frames per second, the step)
  // that is then measured as the experiment's run is: the same samples and crossings.
  const std::string scenario =
      std::string(STROOM_SOURCE_DIR) + "/scenarios/verification/zhang-2011-t-junction.yaml";
  RunSpec spec;
  spec.file = scenario;
  spec.voronoi_from = 0.0;
  spec.voronoi_interval = 0.5;
  const RunRecord simulated = run_simulation(spec);

  const std::string file = ::testing::TempDir() + "/t-junction-trajectories.txt";
  {
    std::ofstream out(file);
    out << "# written by the test\n#ID\tFR\tX\tY\tZ\n";
    Simulation sim(load_scenario(scenario), SimulationOptions{.threads = 1});
    std::int64_t frame = 0;
    out.precision(17);
    while (!sim.done()) {
      sim.step();
      ++frame;
      const StepView view = sim.view();
      for (std::size_t k = 0; k < view.ids.size(); ++k)
        out << view.ids[k] << '\t' << frame << '\t' << view.x[k] << '\t' << view.y[k] << "\t1.7\n";
    }
  }
  const RunRecord measured = measure_trajectories(spec, file, 20.0);

  EXPECT_EQ(measured.spawned, 134);
  ASSERT_GT(simulated.voronoi_time.size(), 60u);
  // Sampled at the same times (the grid of 0.5 s; the first sample of each, taken as soon as
  // the first displacement is known, falls where the first person appears) and alike.
  std::size_t matched = 0;
  for (std::size_t k = 1; k < measured.voronoi_time.size(); ++k) {
    const double t = measured.voronoi_time[k];
    for (std::size_t j = 1; j < simulated.voronoi_time.size(); ++j) {
      if (std::abs(simulated.voronoi_time[j] - t) > 1e-9) continue;
      ++matched;
      EXPECT_NEAR(measured.voronoi_density[k], simulated.voronoi_density[j], 1e-9) << t;
      EXPECT_NEAR(measured.voronoi_speed[k], simulated.voronoi_speed[j], 1e-9) << t;
    }
  }
  EXPECT_EQ(matched, measured.voronoi_time.size() - 1);
  EXPECT_GT(matched, 100u);
  const std::vector<double>& a = measured.line_times.at(0);
  const std::vector<double>& b = simulated.line_times.at(0);
  ASSERT_EQ(a.size(), 134u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k)
    EXPECT_NEAR(a[k], b[k], 1e-6) << k;
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
