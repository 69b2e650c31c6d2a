// Sweep files: accepted forms, every refusal with its FILE:LINE:COLUMN, the variant check
// against a real scenario, and the run list with its slices.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "stroom/batch.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::batch {
namespace {

const std::string kScenario =
    std::string(STROOM_SOURCE_DIR) + "/scenarios/examples/room-one-door.yaml";

std::vector<std::string> errors_of(const std::string& text, bool check = false) {
  try {
    const Sweep sweep = parse_sweep(text, "sweep.yaml");
    std::vector<std::string> out;
    if (check)
      for (const Diagnostic& d : check_variants(sweep))
        out.push_back(d.format());
    return out;
  } catch (const ScenarioError& e) {
    std::vector<std::string> out;
    for (const Diagnostic& d : e.diagnostics())
      out.push_back(d.format());
    return out;
  }
}

::testing::AssertionResult has_error(const std::vector<std::string>& errors,
                                     const std::string& prefix, const std::string& part) {
  for (const std::string& e : errors)
    if (e.rfind(prefix, 0) == 0 && e.find(part) != std::string::npos)
      return ::testing::AssertionSuccess();
  std::string all;
  for (const std::string& e : errors)
    all += "\n  " + e;
  return ::testing::AssertionFailure()
         << "no error starting '" << prefix << "' containing '" << part << "' among:" << all;
}

TEST(Sweep, MinimalFileHasOneBaseVariantAndSeedsFromOne) {
  const Sweep s =
      parse_sweep("stroom-batch: 1\nscenario: ../x/room.yaml\nseeds: 5\n", "sweeps/a.yaml");
  EXPECT_EQ(s.scenario, "x/room.yaml");  // relative to the sweep file's folder
  ASSERT_EQ(s.variants.size(), 1u);
  EXPECT_EQ(s.variants[0].name, "base");
  EXPECT_TRUE(s.variants[0].set.empty());
  EXPECT_EQ(s.first_seed, 1u);
  EXPECT_EQ(s.seed_count, 5);
  EXPECT_FALSE(s.until);
}

TEST(Sweep, FullFormWithUntilAndVariants) {
  const Sweep s = parse_sweep(
      "stroom-batch: 1\n"
      "scenario: room.yaml\n"
      "seeds: {first: 100, count: 20}\n"
      "until: {figure: evacuation.evacuation_time, tolerance: 0.01, window: 10, max: 500}\n"
      "variants:\n"
      "  - {name: base}\n"
      "  - {name: social-force, set: {model.type: social-force}}\n"
      "  - name: half\n"
      "    set: {populations.0.count: 50, name: \"a: b\"}\n",
      "a.yaml");
  EXPECT_EQ(s.first_seed, 100u);
  EXPECT_EQ(s.seed_count, 20);
  ASSERT_TRUE(s.until);
  EXPECT_EQ(s.until->figure, "evacuation.evacuation_time");
  EXPECT_DOUBLE_EQ(s.until->tolerance, 0.01);
  EXPECT_EQ(s.until->window, 10);
  EXPECT_EQ(s.until->max, 500);
  ASSERT_EQ(s.variants.size(), 3u);
  EXPECT_EQ(s.variants[1].set[0].key, "model.type");
  EXPECT_EQ(s.variants[1].set[0].value, "social-force");
  EXPECT_EQ(s.variants[2].set[0].value, "50");
  EXPECT_EQ(s.variants[2].set[1].value, "\"a: b\"");  // quoted again so it reads back as text
  EXPECT_EQ(s.variants[2].where.line, 8);
  EXPECT_EQ(s.variants[2].set_where[0].line, 9);
  EXPECT_EQ(s.variants[2].set_where[0].column, 11);
}

TEST(SweepErrors, UnknownKeyWithHint) {
  const auto e = errors_of("stroom-batch: 1\nscenario: r.yaml\nseed: 20\n");
  EXPECT_TRUE(has_error(e, "sweep.yaml:3:1: error:", "did you mean 'seeds'"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:1:1: error:", "seeds"));  // and it is missing
}

TEST(SweepErrors, WrongTypesAndRanges) {
  const auto e = errors_of(
      "stroom-batch: 2\nscenario: r.yaml\nseeds: many\n"
      "until: {figure: evac.time, tolerance: 2, window: 0}\n");
  EXPECT_TRUE(has_error(e, "sweep.yaml:1:15: error:", "version 1"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:3:8: error:", "seeds"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:4:17: error:", "not a dotted path into summary.json"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:4:39: error:", "between 0 and 1"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:4:50: error:", "from 1 to 10000"));
}

TEST(SweepErrors, SeedsMapNeedsCountAndMaxAtLeastSeeds) {
  auto e = errors_of("stroom-batch: 1\nscenario: r.yaml\nseeds: {first: 3, cuont: 4}\n");
  EXPECT_TRUE(has_error(e, "sweep.yaml:3:19: error:", "did you mean 'count'"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:3:8: error:", "count"));
  e = errors_of(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 30\n"
      "until: {figure: evacuation.evacuation_time, tolerance: 0.01, max: 20}\n");
  EXPECT_TRUE(has_error(e, "sweep.yaml:4:67: error:", "below `seeds`"));
}

TEST(SweepErrors, DuplicateVariantNamesAndBadNames) {
  const auto e = errors_of(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 2\nvariants:\n"
      "  - {name: a}\n  - {name: b/c}\n  - {name: a, set: {seed: 4}}\n  - {set: {x: 1}}\n");
  EXPECT_TRUE(
      has_error(e, "sweep.yaml:7:12: error:", "duplicate variant name 'a' (first at line 5)"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:6:12: error:", "cannot name a results folder"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:7:21: error:", "seeds come from"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:8:5: error:", "name"));
}

TEST(SweepErrors, OverrideValuesMustBeScalarsAndKeysWellFormed) {
  const auto e = errors_of(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 2\nvariants:\n"
      "  - name: a\n    set:\n      venue.walkable: [[0, 0]]\n      model..type: x\n"
      "      model.type: a\n      model.type: b\n");
  EXPECT_TRUE(has_error(e, "sweep.yaml:7:7: error:", "single value"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:8:7: error:", "empty path element"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:10:7: error:", "duplicate key (first given at line 9)"));
}

TEST(SweepErrors, YamlSyntaxErrorHasItsPosition) {
  const auto e = errors_of("stroom-batch: 1\nscenario: [r.yaml\nseeds: 2\n");
  ASSERT_FALSE(e.empty());
  EXPECT_TRUE(has_error(e, "sweep.yaml:", "YAML syntax"));
}

TEST(SweepCheck, BadOverridesArePinnedToTheSweepFile) {
  const std::string text = "stroom-batch: 1\nscenario: " + kScenario +
                           "\nseeds: 2\nvariants:\n"
                           "  - {name: ok, set: {populations.0.count: 50}}\n"
                           "  - {name: typo, set: {model.tpye: social-force}}\n"
                           "  - {name: index, set: {populations.4.count: 5}}\n"
                           "  - {name: range, set: {populations.0.count: -5}}\n"
                           "  - {name: value, set: {model.type: magnetic}}\n";
  const auto e = errors_of(text, true);
  EXPECT_EQ(e.size(), 4u);
  EXPECT_TRUE(has_error(e, "sweep.yaml:6:24: error:", "variant 'typo'"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:6:24: error:", "tpye"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:7:25: error:", "not an index"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:8:25: error:", "variant 'range'"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:9:25: error:", "magnetic"));
}

TEST(SweepVariants, AddAnEventAndRemoveOne) {
  // The most common what-if, a closed exit, added to a base file that has no such event; and
  // an entry removed from a list. Both are checked against the scenario like any override.
  const std::string text = "stroom-batch: 1\nscenario: " + kScenario +
                           "\nseeds: 2\nvariants:\n"
                           "  - {name: base}\n"
                           "  - name: door-closed\n"
                           "    set: {events.+: {at: 20, close: door}}\n"
                           "  - name: one-criterion-less\n"
                           "    set: {criteria.max_density: 9, populations.-0: remove}\n";
  const Sweep s = parse_sweep(text, "sweep.yaml");
  ASSERT_EQ(s.variants.size(), 3u);
  ASSERT_EQ(s.variants[1].set.size(), 1u);
  EXPECT_EQ(s.variants[1].set[0].key, "events.+");
  const Scenario closed = load_scenario(kScenario, s.variants[1].set);
  ASSERT_FALSE(closed.events.empty());
  EXPECT_EQ(closed.events.back().kind, EventDesc::Kind::close);
  EXPECT_EQ(closed.events.back().target, "door");
  EXPECT_DOUBLE_EQ(closed.events.back().at, 20.0);
  // Removing the only population leaves none: refused like a file without populations, at
  // the variant.
  const auto e = errors_of(text, true);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_TRUE(has_error(e, "sweep.yaml:8:", "variant 'one-criterion-less'"));
  EXPECT_TRUE(has_error(e, "sweep.yaml:8:", "at least one population"));
  // A whole element is allowed only where it is appended.
  const auto scalar = errors_of(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 2\nvariants:\n"
      "  - {name: a, set: {events.0: {at: 3, close: door}}}\n");
  EXPECT_TRUE(has_error(scalar, "sweep.yaml:5:", "only LIST.+ appends a whole element"));
}

TEST(SweepCheck, MissingScenarioIsReportedAtItsKey) {
  const auto e = errors_of("stroom-batch: 1\nscenario: nowhere.yaml\nseeds: 2\n", true);
  EXPECT_TRUE(has_error(e, "sweep.yaml:2:11: error:", "not found"));
}

TEST(Runs, ListOrderAndSlicesPartitionIt) {
  const Sweep s = parse_sweep(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: {first: 7, count: 5}\n"
      "variants: [{name: b}, {name: a}]\n",
      "s.yaml");
  const auto runs = run_list(s, 5);
  ASSERT_EQ(runs.size(), 10u);
  EXPECT_EQ(runs[0], (RunId{0, 7}));
  EXPECT_EQ(runs[4], (RunId{0, 11}));
  EXPECT_EQ(runs[5], (RunId{1, 7}));
  EXPECT_EQ(run_folder(s, runs[5]), "runs/a/7");
  std::set<std::pair<std::size_t, std::uint64_t>> seen;
  std::size_t total = 0;
  for (int i = 0; i < 3; ++i) {
    const auto part = slice(runs, i, 3);
    total += part.size();
    for (const RunId& r : part)
      seen.insert({r.variant, r.seed});
    EXPECT_EQ(part.front(), runs[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(total, runs.size());
  EXPECT_EQ(seen.size(), runs.size());
  EXPECT_TRUE(slice(runs, 3, 3).empty());
}

TEST(Runs, FingerprintFollowsScenarioAndVariantsNotSeeds) {
  const Sweep a = parse_sweep("stroom-batch: 1\nscenario: r.yaml\nseeds: 5\n", "s.yaml");
  const Sweep b = parse_sweep("stroom-batch: 1\nscenario: r.yaml\nseeds: 50\n", "s.yaml");
  const Sweep c = parse_sweep(
      "stroom-batch: 1\nscenario: r.yaml\nseeds: 5\nvariants: [{name: base, set: {seed2: 1}}]\n",
      "s.yaml");
  EXPECT_EQ(sweep_fingerprint(a, "x"), sweep_fingerprint(b, "x"));
  EXPECT_NE(sweep_fingerprint(a, "x"), sweep_fingerprint(a, "y"));
  EXPECT_NE(sweep_fingerprint(a, "x"), sweep_fingerprint(c, "x"));
}

}  // namespace
}  // namespace stroom::batch
