// `--set KEY=VALUE` overrides: parsed, applied to the YAML tree, then validated like the file.
#include <gtest/gtest.h>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::minimal_scenario;

std::string override_error(const std::string& text) {
  try {
    (void)parse_override(text);
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].where.file, "--set");
    return e.diagnostics()[0].message;
  }
  return {};
}

TEST(Override, SplitsAtTheFirstEquals) {
  const Override o = parse_override("name=a=b");
  EXPECT_EQ(o.key, "name");
  EXPECT_EQ(o.value, "a=b");
}

TEST(Override, MalformedTextIsAnError) {
  EXPECT_NE(override_error("populations.0.count").find("expected KEY=VALUE"), std::string::npos);
  EXPECT_NE(override_error("=5").find("key before '=' is empty"), std::string::npos);
  EXPECT_NE(override_error("seed=").find("value after '=' is empty"), std::string::npos);
  EXPECT_NE(override_error("a..b=1").find("empty path element"), std::string::npos);
  EXPECT_NE(override_error("a[0]=1").find("not a key or index"), std::string::npos);
  EXPECT_NE(override_error("name=[unclosed").find("not valid YAML"), std::string::npos);
}

TEST(Override, ReplacesScalarsByPathAndIndex) {
  const Scenario s = parse_scenario(
      minimal_scenario(), "o.yaml",
      {parse_override("populations.0.count=800"), parse_override("model.type=social-force"),
       parse_override("time.step=0.04"), parse_override("seed=7")});
  EXPECT_EQ(s.populations[0].count, 800);
  EXPECT_EQ(s.model.type, ModelType::social_force);
  EXPECT_DOUBLE_EQ(s.step, 0.04);
  EXPECT_EQ(s.seed, 7u);
}

TEST(Override, ValueIsYamlSoFlowSequencesWork) {
  const Scenario s = parse_scenario(minimal_scenario(), "o.yaml",
                                    {parse_override("venue.exits.0.line=[[10, 0.5], [10, 3.5]]"),
                                     parse_override("populations.0.speed={uniform: [1, 1.5]}")});
  EXPECT_EQ(s.venue.exits[0].line.a, (Vec2{10, 0.5}));
  EXPECT_EQ(s.venue.exits[0].line.b, (Vec2{10, 3.5}));
  EXPECT_EQ(s.populations[0].speed.kind, Distribution::Kind::uniform);
}

TEST(Override, CreatesAMissingKeyOnAnExistingMap) {
  const Scenario s = parse_scenario(
      minimal_scenario(), "o.yaml",
      {parse_override("measure={cell: 0.5}"), parse_override("populations.0.radius=0.25")});
  EXPECT_DOUBLE_EQ(s.measure.cell, 0.5);
  EXPECT_EQ(s.populations[0].radius.value, 0.25);
}

TEST(Override, CreatesMissingOptionalSections) {
  // The file has no `model:` and no `criteria:`; the CLI's own example must still work.
  const Scenario s = parse_scenario(
      minimal_scenario(), "o.yaml",
      {parse_override("model.type=social-force"), parse_override("criteria.max_density=4")});
  EXPECT_EQ(s.model.type, ModelType::social_force);
  ASSERT_TRUE(s.criteria.max_density.has_value());
  EXPECT_DOUBLE_EQ(s.criteria.max_density->limit, 4.0);
  EXPECT_EQ(s.criteria.max_density->where.file, "--set");
  // A misspelt section is created too, and then refused by validation, naming the override.
  const auto d = diagnostics_of(minimal_scenario(), {parse_override("modle.type=social-force")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set");
  EXPECT_NE(d[0].message.find("did you mean 'model'?"), std::string::npos) << d[0].message;
}

TEST(Override, LaterOverrideOfTheSameKeyWins) {
  const Scenario s = parse_scenario(minimal_scenario(), "o.yaml",
                                    {parse_override("seed=3"), parse_override("seed=4")});
  EXPECT_EQ(s.seed, 4u);
}

TEST(Override, BadPathsAreErrorsNamingTheOverride) {
  auto d = diagnostics_of(minimal_scenario(), {parse_override("populations.3.count=1")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set");
  EXPECT_NE(d[0].message.find("'3' is not an index of populations, which has 1 elements"),
            std::string::npos)
      << d[0].message;
  EXPECT_NE(d[0].message.find("--set populations.3.count=1"), std::string::npos);

  d = diagnostics_of(minimal_scenario(), {parse_override("venue.gates.0.name=x")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("venue.gates: no such key in venue, so it has no element 0"),
            std::string::npos)
      << d[0].message;

  d = diagnostics_of(minimal_scenario(), {parse_override("name.first=x")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("is not a map or list"), std::string::npos) << d[0].message;

  d = diagnostics_of(minimal_scenario(), {parse_override("populations.x.count=1")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("is not an index"), std::string::npos) << d[0].message;
}

TEST(Override, InvalidValueIsValidatedAndBlamedOnTheOverride) {
  const auto d = diagnostics_of(minimal_scenario(), {parse_override("time.step=0.5")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set");
  EXPECT_EQ(d[0].where.line, 0);
  EXPECT_NE(d[0].message.find("time.step: must be between 0.001 and 0.2 s"), std::string::npos);
  EXPECT_NE(d[0].message.find("(set by --set time.step=0.5)"), std::string::npos);
  EXPECT_EQ(d[0].format().rfind("--set: error: time.step", 0), 0u) << d[0].format();
}

TEST(Override, NewUnknownKeyIsStillAnError) {
  const auto d = diagnostics_of(minimal_scenario(), {parse_override("time.stpe=0.1")});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("did you mean 'step'?"), std::string::npos) << d[0].message;
  EXPECT_EQ(d[0].where.file, "--set");
}

TEST(Override, LeavesOtherLocationsInTheFile) {
  const Scenario s =
      parse_scenario(minimal_scenario(), "o.yaml", {parse_override("populations.0.count=5")});
  EXPECT_EQ(s.venue.exits[0].where.file, "o.yaml");
  EXPECT_EQ(s.venue.exits[0].where.line, 8);
  EXPECT_EQ(s.populations[0].where.line, 12);
}

TEST(Override, AppendsToAListAndCreatesAMissingOne) {
  const std::string text = minimal_scenario("", "events:\n  - {at: 5, close: east}\n");
  Scenario s = parse_scenario(text, "test.yaml", {{"events.+", "{at: 20, open: east}"}});
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[1].kind, EventDesc::Kind::open);
  EXPECT_DOUBLE_EQ(s.events[1].at, 20.0);
  // A file without events: `events.+` creates the list.
  s = parse_scenario(minimal_scenario(), "test.yaml", {{"events.+", "{at: 7, evacuate: {}}"}});
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].kind, EventDesc::Kind::evacuate);
  // An appended element is validated like the file, and blamed on the override.
  const auto d = diagnostics_of(text, {{"events.+", "{at: 20, close: eats}"}});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set");
  EXPECT_NE(d[0].message.find("did you mean 'east'?"), std::string::npos) << d[0].message;
  EXPECT_NE(override_error("events.+.at=3").find("'+' appends to a list and must end the key"),
            std::string::npos);
}

TEST(Override, RemovesAListElement) {
  const std::string text =
      minimal_scenario("", "events:\n  - {at: 5, close: east}\n  - {at: 9, open: east}\n");
  Scenario s = parse_scenario(text, "test.yaml", {{"events.-0", "remove"}});
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].kind, EventDesc::Kind::open);
  EXPECT_EQ(s.events[0].where.line, 17);  // the kept element keeps its place in the file
  // Later overrides see the new numbering: remove both.
  s = parse_scenario(text, "test.yaml", {{"events.-0", "remove"}, {"events.-0", "remove"}});
  EXPECT_TRUE(s.events.empty());
  // Out of range, or a value other than `remove`: refused, nothing removed.
  auto d = diagnostics_of(text, {{"events.-2", "remove"}});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("which has 2 elements"), std::string::npos) << d[0].message;
  d = diagnostics_of(text, {{"events.-1", "yes"}});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("its value must be 'remove'"), std::string::npos) << d[0].message;
}

}  // namespace
}  // namespace stroom
