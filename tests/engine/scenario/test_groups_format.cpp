// The `groups` key of a population (docs/scenario-format.md, "Walking groups"): what it reads
// and the located errors for values it refuses.
#include <gtest/gtest.h>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::has_diagnostic;
using test::minimal_scenario;

// minimal_scenario() puts the population's extra keys on line 15, indented by 4.

TEST(GroupsFormat, FixedSizeAndDistributionAreRead) {
  const Scenario fixed = parse_scenario(minimal_scenario("    groups: {size: 3}\n"), "t.yaml");
  ASSERT_TRUE(fixed.populations[0].groups.has_value());
  EXPECT_EQ(fixed.populations[0].groups->size.kind, Distribution::Kind::constant);
  EXPECT_EQ(fixed.populations[0].groups->size.value, 3.0);
  const Scenario drawn =
      parse_scenario(minimal_scenario("    groups: {size: {uniform: [2, 4]}}\n"), "t.yaml");
  ASSERT_TRUE(drawn.populations[0].groups.has_value());
  EXPECT_EQ(drawn.populations[0].groups->size.kind, Distribution::Kind::uniform);
  EXPECT_EQ(drawn.populations[0].groups->size.min, 2.0);
  EXPECT_EQ(drawn.populations[0].groups->size.max, 4.0);
  // Without the key everyone walks alone.
  EXPECT_FALSE(parse_scenario(minimal_scenario(), "t.yaml").populations[0].groups.has_value());
}

TEST(GroupsFormat, SizeOutsideItsLimitsIsLocated) {
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(minimal_scenario("    groups: {size: 0}\n")), 15, 20,
                     "populations[0].groups.size: must be between 1 and 20 persons, got 0"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {size: 21}\n")), 15, 20,
                             "between 1 and 20 persons, got 21"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {size: {uniform: [2, "
                                                             "30]}}\n")),
                             15, 20, "the upper bound b must be <= 20 persons, got 30"));
}

TEST(GroupsFormat, FractionalOrMissingSizeIsLocated) {
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {size: 2.5}\n")), 15, 20,
                             "expected a whole number, got '2.5'"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {size: {uniform: [0.2, "
                                                             "3]}}\n")),
                             15, 20, "the lower bound a of a group size must be >= 1 person"));
  EXPECT_TRUE(has_diagnostic(
      diagnostics_of(minimal_scenario("    groups: {size: {normal: {mean: 0.8, sd: 1}}}\n")), 15,
      20, "the mean of a group size must be >= 1 person, got 0.8"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {}\n")), 15, 13, "size"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: 3\n")), 15, 13, "map"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    groups: {sise: 3}\n")), 15, 14,
                             "did you mean 'size'"));
}

}  // namespace
}  // namespace stroom
