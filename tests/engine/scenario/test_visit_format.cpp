// The `visit` journey step (docs/scenario-format.md, "Circulation"): what it reads and the
// located errors for values it refuses. The broken corpus (tests/scenarios/broken/visit-*)
// holds the whole-file cases, the geometric check (an attraction that cannot be reached)
// among them.
#include <gtest/gtest.h>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::has_diagnostic;

/// A room with two zones and a waypoint; `step` is the first journey step, on line 15.
std::string with_step(const std::string& step) {
  return "stroom: 1\n"
         "name: visit\n"
         "time: {duration: 60}\n"
         "venue:\n"
         "  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]\n"
         "  exits: [{name: east, line: [[20, 4], [20, 6]]}]\n"
         "  doors: [{name: inner, line: [[10, 0], [10, 2]]}]\n"
         "  zones:\n"
         "    - {name: start, polygon: [[1, 1], [4, 1], [4, 9], [1, 9]]}\n"
         "    - {name: stand, polygon: [[12, 6], [16, 6], [16, 9], [12, 9]]}\n"
         "  waypoints: [{name: kiosk, at: [14, 2]}]\n"
         "populations:\n"
         "  - {name: people, count: 10, in: start,\n"
         "     journey: [\n"
         "       " +
         step + ",\n       {exit: nearest}]}\n";
}

TEST(VisitFormat, AttractionsWeightsCountAndStaysAreRead) {
  const Scenario s = parse_scenario(
      with_step("{visit: {attractions: [{to: stand, weight: 3, stay: 30}, {to: kiosk}], "
                "count: {uniform: [1, 2]}, stay: {uniform: [5, 10]}}}"),
      "t.yaml");
  const JourneyStep& step = s.populations[0].journey[0];
  ASSERT_EQ(step.kind, JourneyStep::Kind::visit);
  ASSERT_EQ(step.attractions.size(), 2u);
  EXPECT_EQ(step.attractions[0].target, "stand");
  EXPECT_EQ(step.attractions[0].weight, 3.0);
  EXPECT_EQ(step.attractions[0].ref, (ElementRef{ElementRef::Kind::zone, 1}));
  ASSERT_TRUE(step.attractions[0].stay.has_value());
  EXPECT_EQ(step.attractions[0].stay->value, 30.0);
  EXPECT_EQ(step.attractions[1].weight, 1.0);  // the default
  EXPECT_EQ(step.attractions[1].ref, (ElementRef{ElementRef::Kind::waypoint, 0}));
  EXPECT_FALSE(step.attractions[1].stay.has_value());
  EXPECT_EQ(step.count.kind, Distribution::Kind::uniform);
  ASSERT_TRUE(step.stay.has_value());
  EXPECT_EQ(step.stay->max, 10.0);
  EXPECT_FALSE(step.until.has_value());
  // Without `count` one attraction is visited.
  const Scenario one =
      parse_scenario(with_step("{visit: {attractions: [{to: stand}, {to: kiosk}]}}"), "t.yaml");
  EXPECT_EQ(one.populations[0].journey[0].count.kind, Distribution::Kind::constant);
  EXPECT_EQ(one.populations[0].journey[0].count.value, 1.0);
  // `until`: when the visits end at the latest, drawn per person.
  const Scenario closing = parse_scenario(
      with_step("{visit: {attractions: [{to: stand}], until: {normal: {mean: 3600, sd: 600}}}}"),
      "t.yaml");
  ASSERT_TRUE(closing.populations[0].journey[0].until.has_value());
  EXPECT_EQ(closing.populations[0].journey[0].until->mean, 3600.0);
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: stand}], until: -5}}")),
                     15, 52, "must be between 0 and 172800 s, got -5"));
}

TEST(VisitFormat, AZoneMayBeIndoor) {
  // `indoor` (zones): visitors who stay there are off the floor (docs/scenario-format.md).
  const std::string zone = "{name: stand, polygon: [[12, 6], [16, 6], [16, 9], [12, 9]]}";
  const auto with_indoor = [&](const std::string& value) {
    std::string text = with_step("{to: stand, stay: 10}");
    text.replace(text.find(zone), zone.size(),
                 zone.substr(0, zone.size() - 1) + ", indoor: " + value + "}");
    return text;
  };
  const Scenario s = parse_scenario(with_indoor("true"), "t.yaml");
  EXPECT_FALSE(s.venue.zones[0].indoor);  // the default
  EXPECT_TRUE(s.venue.zones[1].indoor);
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_indoor("maybe")), 10, 76,
                             "expected true or false, got 'maybe'"));
}

TEST(VisitFormat, BadAttractionsAreLocated) {
  // Column 8 is the step's `{`; `visit: {` puts its value at 16, `attractions: [` its list at
  // 30 and the first attraction's `{` at 31.
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: inner}]}}")), 15,
                             36, "'inner' is not a zone or waypoint"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: bar}]}}")), 15,
                             36, "'bar'"));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: stand, weight: -1}]}}")),
                     15, 51, "must be > 0"));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: stand, wieght: 2}]}}")),
                     15, 43, "did you mean 'weight'"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step("{visit: {attractions: []}}")), 15, 30,
                             "between 1 and 200 attractions"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step("{visit: {count: 1}}")), 15, 16,
                             "missing required key 'attractions'"));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(with_step("{visit: {attractions: [{to: stand}]}, stay: 5}")),
                     15, 8, "a 'visit' step has no other keys"));
}

TEST(VisitFormat, BadCountsAreLocated) {
  const std::string two = "{visit: {attractions: [{to: stand}, {to: kiosk}], count: ";
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step(two + "3}}")), 15, 65,
                             "a visit of 3 distinct attractions needs at least as many; 2 are "
                             "offered"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step(two + "1.5}}")), 15, 65,
                             "expected a whole number, got '1.5'"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step(two + "-1}}")), 15, 65,
                             "must be between 0 and 200 attractions, got -1"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(with_step(two + "{uniform: [1, 300]}}}")), 15, 65,
                             "<= 200 attractions"));
}

}  // namespace
}  // namespace stroom
