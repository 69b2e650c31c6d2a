// The scenario loader: every key of the contract read, defaults filled in, locations kept,
// and every problem of a file reported together.
#include <gtest/gtest.h>

#include <cmath>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::has_diagnostic;
using test::minimal_scenario;

TEST(ScenarioLoader, FillsEveryDefault) {
  const Scenario s = parse_scenario(minimal_scenario(), "minimal.yaml");
  EXPECT_EQ(s.file, "minimal.yaml");
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.format_version, 1);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_DOUBLE_EQ(s.step, 0.05);
  EXPECT_DOUBLE_EQ(s.duration, 60.0);
  EXPECT_EQ(s.model.type, ModelType::collision_free_speed);
  EXPECT_DOUBLE_EQ(s.model.collision_free_speed.time_gap, 0.35);
  EXPECT_DOUBLE_EQ(s.measure.cell, 1.0);
  EXPECT_DOUBLE_EQ(s.measure.window, 10.0);
  EXPECT_DOUBLE_EQ(s.output.frame_interval, 0.5);
  EXPECT_EQ(s.output.trajectories, TrajectoryFormat::sqlite);
  EXPECT_EQ(s.output.maps, MapsFormat::geojson);
  EXPECT_TRUE(s.events.empty());
  EXPECT_FALSE(s.criteria.max_density.has_value());

  ASSERT_EQ(s.populations.size(), 1u);
  const PopulationDesc& p = s.populations[0];
  EXPECT_EQ(p.name, "people");
  ASSERT_TRUE(p.count.has_value());
  EXPECT_EQ(*p.count, 10);
  EXPECT_EQ(p.in.zone, "start");
  EXPECT_FALSE(p.arrive.has_value());
  // Weidmann's free walking speed 1.34 m/s, sd 0.26, truncated to [0.6, 2.0].
  EXPECT_EQ(p.speed.kind, Distribution::Kind::normal);
  EXPECT_DOUBLE_EQ(p.speed.mean, 1.34);
  EXPECT_DOUBLE_EQ(p.speed.sd, 0.26);
  EXPECT_DOUBLE_EQ(p.speed.min, 0.6);
  EXPECT_DOUBLE_EQ(p.speed.max, 2.0);
  EXPECT_EQ(p.radius.kind, Distribution::Kind::constant);
  EXPECT_DOUBLE_EQ(p.radius.value, 0.2);
  ASSERT_EQ(p.journey.size(), 1u);
  EXPECT_EQ(p.journey[0].kind, JourneyStep::Kind::exit);
  EXPECT_EQ(p.journey[0].route, RouteChoice::nearest);
  EXPECT_TRUE(p.journey[0].exits.empty());
}

TEST(ScenarioLoader, ReadsEveryKeyOfTheContract) {
  const std::string text = R"(stroom: 1
name: Everything
seed: 42
time: {step: 0.04, duration: 3600}
model: {type: social-force, mass: 70, relaxation_time: 0.4}
venue:
  walkable:
    - [[0, 0], [40, 0], [40, 20], [0, 20]]
    - [[40, 5], [50, 5], [50, 10], [40, 10]]
  obstacles:
    - {name: kiosk, polygon: [[10, 0.5], [11, 0.5], [11, 1.5], [10, 1.5]]}
    - {polygon: [[12, 5], [13, 5], [13, 6]]}
  exits:
    - {name: east, line: [[50, 5], [50, 10]]}
    - {name: west, line: [[0, 5], [0, 10]]}
  doors:
    - {name: gate-b, line: [[20, 0], [20, 2]], open: false}
  checkpoints:
    - name: turnstiles
      line: [[5, 0], [5, 2]]
      lanes: 4
      service: {lognormal: {mean: 4, sd: 1.5}}
  zones:
    - name: field
      polygon: [[0, 0], [10, 0], [10, 2], [0, 2]]
      capacity: 40
      max_density: 2.0
    - {name: square, polygon: [[30, 10], [35, 10], [35, 15], [30, 15]]}
  waypoints:
    - {name: info, at: [30, 1], radius: 1.5}
    - {name: bar, at: [25, 5]}
  lines:
    - {name: half, line: [[20, 0], [20, 2]]}
populations:
  - name: audience
    count: 500
    in: field
    speed: {uniform: [0.8, 1.6]}
    radius: {normal: {mean: 0.22, sd: 0.02, min: 0.18, max: 0.26}}
    journey:
      - to: info
      - to: field
        stay: {uniform: [600, 1200]}
      - exit: [east, west]
  - name: arrivals
    arrive:
      in: [[30, 10], [35, 10], [35, 15], [30, 15]]
      rate: [[0, 0], [600, 4], [3600, 1]]
      total: 5000
    journey:
      - to: turnstiles
      - to: bar
        stay: {exponential: {mean: 300}}
      - exit: quickest
events:
  - {at: 900, open: gate-b}
  - at: 600
    evacuate:
      premovement: {lognormal: {mean: 60, sd: 20}}
      exits: [east]
      route: nearest
  - {at: 650, close: west}
  - {at: 600, close: turnstiles}
criteria:
  max_evacuation_time: 480
  max_density: 4.0
  all_out_by: 1800
  max_exit_flow: 1.6
measure: {cell: 0.5, window: 5}
output: {frame_interval: 0.25, trajectories: csv, maps: none}
)";
  const Scenario s = parse_scenario(text, "all.yaml");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_DOUBLE_EQ(s.step, 0.04);
  EXPECT_DOUBLE_EQ(s.duration, 3600.0);
  EXPECT_EQ(s.model.type, ModelType::social_force);
  EXPECT_DOUBLE_EQ(s.model.social_force.mass, 70.0);
  EXPECT_DOUBLE_EQ(s.model.social_force.relaxation_time, 0.4);
  EXPECT_DOUBLE_EQ(s.model.social_force.agent_strength, 2000.0);  // default kept

  const VenueDesc& v = s.venue;
  ASSERT_EQ(v.walkable.size(), 2u);
  ASSERT_EQ(v.walkable_where.size(), 2u);
  EXPECT_EQ(v.walkable[1][2], (Vec2{50, 10}));
  EXPECT_EQ(v.walkable_where[1].line, 9);
  EXPECT_EQ(v.walkable_where[1].column, 7);
  ASSERT_EQ(v.obstacles.size(), 2u);
  EXPECT_EQ(v.obstacles[0].name, "kiosk");
  EXPECT_TRUE(v.obstacles[1].name.empty());
  ASSERT_EQ(v.exits.size(), 2u);
  EXPECT_EQ(v.exits[1].name, "west");
  EXPECT_EQ(v.exits[0].line.b, (Vec2{50, 10}));
  EXPECT_EQ(v.exits[0].where.line, 14);
  EXPECT_EQ(v.exits[0].where.column, 7);
  ASSERT_EQ(v.doors.size(), 1u);
  EXPECT_FALSE(v.doors[0].open);
  ASSERT_EQ(v.checkpoints.size(), 1u);
  EXPECT_EQ(v.checkpoints[0].lanes, 4);
  EXPECT_EQ(v.checkpoints[0].service.kind, Distribution::Kind::lognormal);
  EXPECT_DOUBLE_EQ(v.checkpoints[0].service.mean, 4.0);
  EXPECT_DOUBLE_EQ(v.checkpoints[0].service.sd, 1.5);
  EXPECT_EQ(v.checkpoints[0].where.line, 19);
  ASSERT_EQ(v.zones.size(), 2u);
  EXPECT_EQ(v.zones[0].capacity, 40);
  EXPECT_DOUBLE_EQ(v.zones[0].max_density.value_or(0), 2.0);
  EXPECT_FALSE(v.zones[1].capacity.has_value());
  ASSERT_EQ(v.waypoints.size(), 2u);
  EXPECT_DOUBLE_EQ(v.waypoints[0].radius, 1.5);
  EXPECT_DOUBLE_EQ(v.waypoints[1].radius, 1.0);  // default
  EXPECT_EQ(v.waypoints[0].at, (Vec2{30, 1}));
  ASSERT_EQ(v.lines.size(), 1u);
  EXPECT_EQ(v.lines[0].name, "half");

  ASSERT_EQ(s.populations.size(), 2u);
  const PopulationDesc& audience = s.populations[0];
  EXPECT_EQ(audience.speed.kind, Distribution::Kind::uniform);
  EXPECT_DOUBLE_EQ(audience.speed.min, 0.8);
  EXPECT_DOUBLE_EQ(audience.speed.max, 1.6);
  EXPECT_EQ(audience.radius.kind, Distribution::Kind::normal);
  EXPECT_DOUBLE_EQ(audience.radius.min, 0.18);
  EXPECT_EQ(audience.in.where.line, 37);
  EXPECT_EQ(audience.in.where.column, 9);
  ASSERT_EQ(audience.journey.size(), 3u);
  EXPECT_EQ(audience.journey[0].target, "info");
  EXPECT_FALSE(audience.journey[0].stay.has_value());
  ASSERT_TRUE(audience.journey[1].stay.has_value());
  EXPECT_EQ(audience.journey[1].stay->kind, Distribution::Kind::uniform);
  EXPECT_EQ(audience.journey[1].where.line, 42);
  EXPECT_EQ(audience.journey[2].exits, (std::vector<std::string>{"east", "west"}));

  const PopulationDesc& arrivals = s.populations[1];
  EXPECT_FALSE(arrivals.count.has_value());
  ASSERT_TRUE(arrivals.arrive.has_value());
  EXPECT_TRUE(arrivals.arrive->in.zone.empty());
  EXPECT_EQ(arrivals.arrive->in.polygon.size(), 4u);
  ASSERT_EQ(arrivals.arrive->rate.size(), 3u);
  EXPECT_DOUBLE_EQ(arrivals.arrive->rate[1].time, 600.0);
  EXPECT_DOUBLE_EQ(arrivals.arrive->rate[1].rate, 4.0);
  EXPECT_EQ(arrivals.arrive->total, 5000);
  EXPECT_EQ(arrivals.journey[1].stay->kind, Distribution::Kind::exponential);
  EXPECT_EQ(arrivals.journey[2].route, RouteChoice::quickest);

  // Sorted by time, stable: the evacuation written before the close at 600 stays first.
  ASSERT_EQ(s.events.size(), 4u);
  EXPECT_EQ(s.events[0].kind, EventDesc::Kind::evacuate);
  EXPECT_DOUBLE_EQ(s.events[0].at, 600.0);
  EXPECT_EQ(s.events[0].evacuate.exits, std::vector<std::string>{"east"});
  EXPECT_EQ(s.events[0].evacuate.route, RouteChoice::nearest);
  EXPECT_EQ(s.events[0].evacuate.premovement.kind, Distribution::Kind::lognormal);
  EXPECT_EQ(s.events[1].kind, EventDesc::Kind::close);
  EXPECT_EQ(s.events[1].target, "turnstiles");
  EXPECT_EQ(s.events[2].target, "west");
  EXPECT_EQ(s.events[3].kind, EventDesc::Kind::open);
  EXPECT_EQ(s.events[3].target, "gate-b");

  ASSERT_TRUE(s.criteria.max_evacuation_time.has_value());
  EXPECT_DOUBLE_EQ(s.criteria.max_evacuation_time->limit, 480.0);
  EXPECT_EQ(s.criteria.max_evacuation_time->where.line, 65);
  EXPECT_EQ(s.criteria.max_evacuation_time->where.column, 24);
  EXPECT_DOUBLE_EQ(s.criteria.max_density->limit, 4.0);
  EXPECT_DOUBLE_EQ(s.criteria.all_out_by->limit, 1800.0);
  EXPECT_DOUBLE_EQ(s.criteria.max_exit_flow->limit, 1.6);
  EXPECT_DOUBLE_EQ(s.measure.cell, 0.5);
  EXPECT_DOUBLE_EQ(s.measure.window, 5.0);
  EXPECT_DOUBLE_EQ(s.output.frame_interval, 0.25);
  EXPECT_EQ(s.output.trajectories, TrajectoryFormat::csv);
  EXPECT_EQ(s.output.maps, MapsFormat::none);
}

TEST(ScenarioLoader, EvacuateWithoutDetailsUsesDefaults) {
  const Scenario s = parse_scenario(
      minimal_scenario("", "events:\n  - {at: 5, evacuate: {}}\n  - at: 2\n    evacuate:\n"),
      "e.yaml");
  ASSERT_EQ(s.events.size(), 2u);
  for (const EventDesc& e : s.events) {
    EXPECT_EQ(e.kind, EventDesc::Kind::evacuate);
    EXPECT_EQ(e.evacuate.route, RouteChoice::quickest);
    EXPECT_EQ(e.evacuate.premovement.kind, Distribution::Kind::constant);
    EXPECT_DOUBLE_EQ(e.evacuate.premovement.value, 0.0);
    EXPECT_TRUE(e.evacuate.exits.empty());
  }
  EXPECT_DOUBLE_EQ(s.events[0].at, 2.0);
}

TEST(ScenarioLoader, ReportsEveryProblemOfAFileInOnePass) {
  const std::string text = R"(stroom: 1
name: three problems
time: {step: 0.5, duration: 60}
venue:
  walkable:
    - [[0, 0], [10, 0], [10, 4], [0, 4]]
  exits:
    - {name: east, line: [[10, 1], [10, 3]]}
populations:
  - name: people
    count: 10
    in: [[1, 1], [4, 1], [4, 3], [1, 3]]
    sped: 1.2
    journey:
      - exit: [north]
)";
  const auto d = diagnostics_of(text);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(has_diagnostic(d, 3, 14, "time.step: must be between 0.001 and 0.2 s"));
  EXPECT_TRUE(has_diagnostic(d, 13, 5, "did you mean 'speed'?"));
  EXPECT_TRUE(has_diagnostic(d, 15, 16, "'north' is not an exit"));
  EXPECT_EQ(d[0].format().rfind("test.yaml:3:14: error: time.step", 0), 0u) << d[0].format();
}

TEST(ScenarioLoader, SyntaxErrorHasOneBasedPosition) {
  const auto d = diagnostics_of("stroom: 1\nname: [unclosed\ntime: {duration: 5}\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_GE(d[0].where.line, 2);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(ScenarioLoader, EmptyValueIsBlamedOnItsKey) {
  // yaml-cpp places an empty value after the key; the key is where the user looks.
  const auto d = diagnostics_of(minimal_scenario("", "measure:\n  cell:\n  window: 3\n"));
  EXPECT_TRUE(has_diagnostic(d, 16, 3, "measure.cell: expected a number, got nothing"));
}

TEST(ScenarioLoader, RejectsQuotedNumbersAndNonFiniteValues) {
  auto d = diagnostics_of(minimal_scenario("    radius: '0.2'\n"));
  EXPECT_TRUE(has_diagnostic(d, 15, 13, "populations[0].radius: expected a number"));
  d = diagnostics_of(minimal_scenario("    radius: .inf\n"));
  EXPECT_TRUE(has_diagnostic(d, 15, 13, "expected a number"));
}

TEST(ScenarioLoader, UnreadableFileIsAnError) {
  try {
    (void)load_scenario("/nonexistent/dir/none.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].where.file, "/nonexistent/dir/none.yaml");
    EXPECT_NE(e.diagnostics()[0].message.find("cannot read"), std::string::npos);
  }
}

TEST(ScenarioLoader, NonMapDocumentIsAnError) {
  EXPECT_TRUE(has_diagnostic(diagnostics_of("- a\n- b\n"), 1, 1, "a scenario is a YAML map"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(""), 1, 1, "a scenario is a YAML map"));
}

TEST(ScenarioLoader, ModelParametersOfTheChosenModelOnly) {
  auto s = parse_scenario(minimal_scenario("", "model: {time_gap: 0.8, cutoff: 3}\n"), "m.yaml");
  EXPECT_DOUBLE_EQ(s.model.collision_free_speed.time_gap, 0.8);
  EXPECT_DOUBLE_EQ(s.model.collision_free_speed.cutoff, 3.0);
  const auto d = diagnostics_of(minimal_scenario("", "model: {time_gap: 0.8, mass: 80}\n"));
  EXPECT_TRUE(has_diagnostic(d, 15, 30, "model.mass: is a parameter of social-force"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "model: {type: sfm}\n")), 15, 15,
                             "allowed: collision-free-speed | social-force"));
}

TEST(ScenarioLoader, AParameterWhoseRangeStartsAtZeroTakesZero) {
  // turn_time 0 switches the heading relaxation off; the other parameters stay positive.
  EXPECT_DOUBLE_EQ(parse_scenario(minimal_scenario("", "model: {turn_time: 0.2}\n"), "m.yaml")
                       .model.collision_free_speed.turn_time,
                   0.2);
  EXPECT_TRUE(diagnostics_of(minimal_scenario("", "model: {turn_time: 0}\n")).empty());
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "model: {turn_time: 2.5}\n")), 15,
                             20, "model.turn_time: must be between 0 and 2 s, got 2.5"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "model: {cutoff: 0}\n")), 15, 17,
                             "model.cutoff: must be between 0.5 and 10 m, got 0"));
}

TEST(ScenarioLoader, SnapshotsAreAscendingTimesWithinTheRun) {
  EXPECT_EQ(parse_scenario(minimal_scenario("", "measure: {snapshots: [30, 45.5]}\n"), "m.yaml")
                .measure.snapshots,
            (std::vector<double>{30.0, 45.5}));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(minimal_scenario("", "measure: {snapshots: [30, 90]}\n")), 15,
                     27, "a snapshot at 90 s lies after the end of the run (time.duration 60 s)"));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(minimal_scenario("", "measure: {snapshots: [60, 30]}\n")), 15,
                     27, "measure.snapshots[1]: must be later than the time before it (60 s)"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "measure: {snapshots: 60}\n")), 15,
                             22, "a list of times"));
}

TEST(ScenarioLoader, SeedIsAWholeNonNegativeNumber) {
  EXPECT_EQ(parse_scenario(minimal_scenario("", "seed: 18446744073\n"), "s").seed, 18446744073u);
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "seed: -3\n")), 15, 7, "seed"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "seed: 1.5\n")), 15, 7,
                             "expected a whole number"));
}

}  // namespace
}  // namespace stroom

namespace stroom {
namespace {

/// Parses text and reports anything other than success or a ScenarioError.
std::string unexpected_failure(const std::string& text) {
  try {
    (void)parse_scenario(text, "cut.yaml");
  } catch (const ScenarioError& e) {
    if (e.diagnostics().empty()) return "ScenarioError without diagnostics";
    for (const auto& d : e.diagnostics()) {
      if (d.where.file.empty() || d.message.empty()) return "diagnostic without file or message";
    }
  } catch (const std::exception& e) {
    return std::string("unexpected exception: ") + e.what();
  }
  return {};
}

TEST(ScenarioLoader, EveryTruncationIsRefusedCleanly) {
  // A file cut off at any byte (an interrupted copy, a half-saved edit) must give
  // diagnostics, never a crash or another exception.
  const std::string text = test::minimal_scenario(
      "    speed: {normal: {mean: 1.3, sd: 0.2, min: 0.8}}\n"
      "    journey:\n      - {to: start, stay: {uniform: [1, 2]}}\n      - exit: [east]\n",
      "events:\n  - {at: 5, evacuate: {premovement: {lognormal: {mean: 3, sd: 1}}}}\n"
      "criteria: {max_density: 4}\n");
  for (std::size_t length = 0; length <= text.size(); ++length) {
    const std::string failure = unexpected_failure(text.substr(0, length));
    ASSERT_TRUE(failure.empty()) << "cut at " << length << ": " << failure;
  }
}

TEST(ScenarioLoader, ScrambledCharactersAreRefusedCleanly) {
  const std::string text = test::minimal_scenario();
  const std::string replacements = "{}[]:,-#&*!|>'\"%@` \n\t0.9ax";
  // Deterministic: every position, a fixed sequence of replacement characters.
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string changed = text;
    changed[i] = replacements[i % replacements.size()];
    const std::string failure = unexpected_failure(changed);
    ASSERT_TRUE(failure.empty()) << "char " << i << ": " << failure << "\n" << changed;
  }
}

// [SECTION] Hints for the habits of Dutch users (a decimal comma, tabs)

TEST(ScenarioLoaderHints, DecimalCommaInAFlowMapIsNamed) {
  // `{mean: 1,34, sd: 0.26}` reads as mean: 1 and a key "34" without a value.
  const auto d = diagnostics_of(minimal_scenario("    speed: {normal: {mean: 1,34, sd: 0.26}}\n"));
  EXPECT_TRUE(has_diagnostic(d, 15, 30,
                             "unknown key (a decimal comma? 'mean: 1,34' reads as 'mean: 1' and a "
                             "key '34'; write decimals with a point: mean: 1.34)"));
}

TEST(ScenarioLoaderHints, DecimalCommaInAPlainValueIsNamed) {
  auto d = diagnostics_of(minimal_scenario("    radius: 0,2\n"));
  EXPECT_TRUE(has_diagnostic(d, 15, 13,
                             "expected a number, got '0,2' (write decimals with a point: 0.2, "
                             "not 0,2)"));
  d = diagnostics_of(minimal_scenario("", "measure:\n  window: 4,0\n"));
  EXPECT_TRUE(has_diagnostic(d, 16, 11, "(write decimals with a point: 4.0, not 4,0)"));
  // A list of names with commas is not a number: no hint there.
  d = diagnostics_of(minimal_scenario("    radius: a,b\n"));
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].message.find("decimals"), std::string::npos) << d[0].message;
}

TEST(ScenarioLoaderHints, TabInTheIndentationIsNamed) {
  const auto d = diagnostics_of("stroom: 1\nname: x\ntime:\n\tduration: 40\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_NE(d[0].message.find("line 4 is indented with a tab; YAML indents with spaces only"),
            std::string::npos)
      << d[0].message;
  // A syntax error without a tab gets no tab hint.
  const auto other = diagnostics_of("stroom: 1\nname: [unclosed\ntime: {duration: 5}\n");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].message.find("tab"), std::string::npos) << other[0].message;
}

TEST(ScenarioLoaderHints, MisspeltNamesInEventsJourneysAndCriteriaGetDidYouMean) {
  auto d = diagnostics_of(minimal_scenario("    journey:\n      - exit: [eats]\n",
                                           "events:\n  - {at: 5, close: esat}\n"
                                           "criteria:\n  max_evacuaton_time: 60\n"));
  EXPECT_TRUE(
      has_diagnostic(d, 16, 16, "'eats' is not an exit of the venue (did you mean 'east'?)"));
  EXPECT_TRUE(has_diagnostic(d, 18, 20, "(did you mean 'east'?)"));
  EXPECT_TRUE(has_diagnostic(d, 20, 3, "unknown key (did you mean 'max_evacuation_time'?)"));
}

}  // namespace
}  // namespace stroom
