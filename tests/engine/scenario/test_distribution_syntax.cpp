// Every written form of a per-person distribution, and every way to get one wrong.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::has_diagnostic;
using test::minimal_scenario;

Distribution speed_of(const std::string& written) {
  const Scenario s = parse_scenario(minimal_scenario("    speed: " + written + "\n"), "d.yaml");
  return s.populations.at(0).speed;
}

std::vector<Diagnostic> speed_errors(const std::string& written) {
  return diagnostics_of(minimal_scenario("    speed: " + written + "\n"));
}

TEST(DistributionSyntax, NumberIsAConstant) {
  const Distribution d = speed_of("1.2");
  EXPECT_EQ(d.kind, Distribution::Kind::constant);
  EXPECT_DOUBLE_EQ(d.value, 1.2);
}

TEST(DistributionSyntax, TruncatedNormal) {
  const Distribution d = speed_of("{normal: {mean: 1.34, sd: 0.26, min: 0.6, max: 2.0}}");
  EXPECT_EQ(d.kind, Distribution::Kind::normal);
  EXPECT_DOUBLE_EQ(d.mean, 1.34);
  EXPECT_DOUBLE_EQ(d.sd, 0.26);
  EXPECT_DOUBLE_EQ(d.min, 0.6);
  EXPECT_DOUBLE_EQ(d.max, 2.0);
}

TEST(DistributionSyntax, NormalOfAPositiveQuantityIsTruncatedAtZero) {
  // A speed can never be negative: without `min` the loader truncates at 0; without `max`,
  // at the lower of mean + 6 sd and the speed limit (10 m/s), so every draw has a bound.
  const Distribution d = speed_of("{normal: {mean: 1.0, sd: 0.5}}");
  EXPECT_DOUBLE_EQ(d.min, 0.0);
  EXPECT_DOUBLE_EQ(d.max, 4.0);
}

TEST(DistributionSyntax, Uniform) {
  const Distribution d = speed_of("{uniform: [0.8, 1.6]}");
  EXPECT_EQ(d.kind, Distribution::Kind::uniform);
  EXPECT_DOUBLE_EQ(d.min, 0.8);
  EXPECT_DOUBLE_EQ(d.max, 1.6);
  EXPECT_DOUBLE_EQ(d.expected(), 1.2);
}

TEST(DistributionSyntax, LognormalByMeanAndSdOfTheVariable) {
  const Distribution d = speed_of("{lognormal: {mean: 1.3, sd: 0.2}}");
  EXPECT_EQ(d.kind, Distribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(d.mean, 1.3);
  EXPECT_DOUBLE_EQ(d.sd, 0.2);
}

TEST(DistributionSyntax, ExponentialByItsMean) {
  const Distribution d = speed_of("{exponential: {mean: 1.1}}");
  EXPECT_EQ(d.kind, Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(d.mean, 1.1);
}

TEST(DistributionSyntax, BlockStyleIsTheSameAsFlowStyle) {
  const Scenario s = parse_scenario(minimal_scenario("    radius:\n"
                                                     "      normal:\n"
                                                     "        mean: 0.21\n"
                                                     "        sd: 0.01\n"),
                                    "d.yaml");
  EXPECT_EQ(s.populations[0].radius.kind, Distribution::Kind::normal);
  EXPECT_DOUBLE_EQ(s.populations[0].radius.mean, 0.21);
}

// Line 15 is the speed line; its value starts at column 12.
TEST(DistributionSyntax, EmptyMapNamesNoDistribution) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{}"), 15, 12, "exactly one key"));
}

TEST(DistributionSyntax, TwoKeysAreRejected) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{uniform: [1, 2], exponential: {mean: 1}}"), 15, 12,
                             "exactly one key"));
}

TEST(DistributionSyntax, UnknownKindSuggestsTheClosest) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{normall: {mean: 1, sd: 0.1}}"), 15, 13,
                             "unknown distribution 'normall' (did you mean 'normal'?)"));
}

TEST(DistributionSyntax, NegativeSdIsRejected) {
  EXPECT_TRUE(
      has_diagnostic(speed_errors("{normal: {mean: 1.3, sd: -0.2}}"), 15, 37, "sd: must be >= 0"));
}

TEST(DistributionSyntax, MinAboveMaxIsRejected) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{normal: {mean: 1.3, sd: 0.2, min: 2, max: 1}}"), 15, 21,
                             "min <= max"));
}

TEST(DistributionSyntax, LognormalMeanMustBePositive) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{lognormal: {mean: 0, sd: 1}}"), 15, 31,
                             "lognormal.mean: must be > 0"));
}

TEST(DistributionSyntax, UniformBoundsInOrder) {
  EXPECT_TRUE(has_diagnostic(speed_errors("{uniform: [1.6, 0.8]}"), 15, 22, "a <= b"));
  EXPECT_TRUE(has_diagnostic(speed_errors("{uniform: [1.6]}"), 15, 22, "expected [a, b]"));
}

TEST(DistributionSyntax, PhysicalRangeOfTheQuantity) {
  EXPECT_TRUE(has_diagnostic(speed_errors("0"), 15, 12, "must be > 0"));
  EXPECT_TRUE(has_diagnostic(speed_errors("{uniform: [0, 1]}"), 15, 22, "must be > 0"));
  EXPECT_TRUE(has_diagnostic(speed_errors("{normal: {mean: -1, sd: 0.1}}"), 15, 28, "must be > 0"));
  // A stay may be zero, never negative.
  const auto d =
      diagnostics_of(minimal_scenario("    journey:\n"
                                      "      - {to: start, stay: -5}\n"
                                      "      - exit: nearest\n"));
  EXPECT_TRUE(has_diagnostic(d, 16, 27, "stay: must be between 0 and 1000000 s"));
}

TEST(DistributionSyntax, TextIsNotADistribution) {
  EXPECT_TRUE(has_diagnostic(speed_errors("fast"), 15, 12, "expected a number, got 'fast'"));
  EXPECT_TRUE(has_diagnostic(speed_errors("[1, 2]"), 15, 12, "expected a number or a map"));
}

}  // namespace
}  // namespace stroom
