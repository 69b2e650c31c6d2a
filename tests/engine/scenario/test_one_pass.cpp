// All problems in one pass: the format problems of a scenario and the geometric ones of the
// parts that could be read (scenario_problems()), sorted by position, without follow-up
// problems of the elements that could not be read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_test_util.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

std::vector<Diagnostic> one_pass(const std::string& text) {
  return scenario_problems(parse_scenario_draft(text, "test.yaml"));
}

std::string listing(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds)
    out += "\n  " + d.format();
  return out;
}

TEST(OnePass, FormatAndGeometryProblemsComeTogetherInFileOrder) {
  // Line 8: an exit 1 m inside the east wall; line 10: a waypoint 20 m outside the room;
  // line 14: a speed that is not a number. Before, the speed came alone and the exit and waypoint
  // after it was fixed.
  const std::string text =
      "stroom: 1\n"
      "name: three problems\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 10], [0, 10]]\n"
      "  exits:\n"
      "    - {name: east, line: [[9, 4], [9, 6]]}\n"
      "  waypoints:\n"
      "    - {name: far, at: [30, 30]}\n"
      "  zones:\n"
      "    - {name: room, polygon: [[1, 1], [8, 1], [8, 9], [1, 9]]}\n"
      "populations:\n"
      "  - {name: people, count: 20, in: room, speed: fast}\n"
      "  - {name: others, count: 20, in: room}\n";
  const auto ds = one_pass(text);
  ASSERT_EQ(ds.size(), 3u) << listing(ds);
  EXPECT_TRUE(test::has_diagnostic(ds, 8, 7, "exit 'east' is not on the boundary"));
  EXPECT_TRUE(test::has_diagnostic(ds, 10, 7, "waypoint 'far' at (30.00, 30.00) lies outside"));
  EXPECT_EQ(ds[0].where.line, 8);
  EXPECT_EQ(ds[1].where.line, 10);
  EXPECT_EQ(ds[2].where.line, 14);
  EXPECT_NE(ds[2].message.find("populations[0].speed: expected a number"), std::string::npos)
      << listing(ds);
}

TEST(OnePass, AScenarioWithoutProblemsIsTheLoadedOne) {
  const std::string text = test::minimal_scenario();
  const ScenarioDraft draft = parse_scenario_draft(text, "test.yaml");
  EXPECT_TRUE(draft.problems.empty()) << listing(draft.problems);
  EXPECT_TRUE(scenario_problems(draft).empty());
  EXPECT_TRUE(draft.area_read && draft.exits_read && draft.events_read);
  ASSERT_EQ(draft.population_read.size(), 1u);
  EXPECT_TRUE(draft.population_read[0]);
  // References are resolved as load_scenario() does.
  const Scenario loaded = parse_scenario(text, "test.yaml");
  ASSERT_EQ(draft.scenario.populations.size(), loaded.populations.size());
  EXPECT_EQ(draft.scenario.populations[0].in.zone_index, loaded.populations[0].in.zone_index);
}

TEST(OnePass, AnExitThatCouldNotBeReadDoesNotMakeTheCrowdTrapped) {
  // The only exit has max_flow 0 (refused): left out of the draft, the room would have no
  // exit and "exit: nearest cannot be reached" would follow. Only the max_flow problem.
  const auto ds = one_pass(
      "stroom: 1\n"
      "name: bad exit\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 4], [0, 4]]\n"
      "  exits:\n"
      "    - {name: east, line: [[10, 1], [10, 3]], max_flow: 0}\n"
      "  zones:\n"
      "    - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}\n"
      "populations:\n"
      "  - {name: people, count: 10, in: start, journey: [{exit: [east]}]}\n"
      "  - {name: others, count: 10, in: start}\n");
  ASSERT_EQ(ds.size(), 1u) << listing(ds);
  EXPECT_TRUE(test::has_diagnostic(ds, 8, 56, "max_flow"));
}

TEST(OnePass, AWalkablePolygonThatCouldNotBeReadSkipsThePlacementChecks) {
  // The second walkable polygon has a coordinate that is not a number. The exit lies on its
  // boundary; judged against the first polygon alone it would be "not on the boundary".
  const auto ds = one_pass(
      "stroom: 1\n"
      "name: bad walkable\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 4], [0, 4]]\n"
      "    - [[10, 0], [20, 0], [20, 4], [10, x]]\n"
      "  exits:\n"
      "    - {name: east, line: [[20, 1], [20, 3]]}\n"
      "  zones:\n"
      "    - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}\n"
      "populations:\n"
      "  - {name: people, count: 10, in: start}\n");
  ASSERT_EQ(ds.size(), 1u) << listing(ds);
  EXPECT_EQ(ds[0].where.line, 7);
  // The polygons that were read are still checked for validity: a bow-tie obstacle.
  const auto bow_tie = one_pass(
      "stroom: 1\n"
      "name: bad walkable, bad obstacle\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 4], [0, x]]\n"
      "  obstacles:\n"
      "    - {name: tie, polygon: [[2, 1], [3, 2], [3, 1], [2, 2]]}\n"
      "  exits:\n"
      "    - {name: east, line: [[10, 1], [10, 3]]}\n"
      "populations:\n"
      "  - {name: people, count: 10, in: [[5, 1], [8, 1], [8, 3], [5, 3]]}\n");
  ASSERT_EQ(bow_tie.size(), 2u) << listing(bow_tie);
  EXPECT_EQ(bow_tie[0].where.line, 6);
  EXPECT_TRUE(test::has_diagnostic(bow_tie, 8, 7, "obstacle 'tie'"));
}

TEST(OnePass, AnEventThatCouldNotBeReadMayOpenAnyDoor) {
  // Two rooms joined by a closed door; the event that opens it has a negative time. Without
  // the event the exit behind the door is unreachable, but the event was meant to open it.
  const std::string rooms =
      "stroom: 1\n"
      "name: door opened late\n"
      "time: {duration: 600}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [20, 0], [20, 10], [0, 10]]\n"
      "  obstacles:\n"
      "    - {name: wall-south, polygon: [[9.9, 0], [10.1, 0], [10.1, 4.6], [9.9, 4.6]]}\n"
      "    - {name: wall-north, polygon: [[9.9, 5.4], [10.1, 5.4], [10.1, 10], [9.9, 10]]}\n"
      "  doors:\n"
      "    - {name: gate, line: [[10, 4.6], [10, 5.4]], open: false}\n"
      "  exits:\n"
      "    - {name: east, line: [[20, 4], [20, 6]]}\n"
      "  zones:\n"
      "    - {name: west-room, polygon: [[1, 1], [9, 1], [9, 9], [1, 9]]}\n"
      "populations:\n"
      "  - {name: audience, count: 100, in: west-room}\n";
  const auto ds = one_pass(rooms + "events:\n  - {at: -5, open: gate}\n");
  ASSERT_EQ(ds.size(), 1u) << listing(ds);
  EXPECT_TRUE(test::has_diagnostic(ds, 19, 10, "events[0].at"));
  // The same venue with the event left out: the door never opens, which is reported.
  const auto closed = one_pass(rooms);
  ASSERT_EQ(closed.size(), 1u) << listing(closed);
  EXPECT_NE(closed[0].message.find("cannot be reached"), std::string::npos) << listing(closed);
}

TEST(OnePass, AMisspeltListIsAnElementThatCouldNotBeRead) {
  // `exit:` for `exits:`: the room seems to have no exit, but the list is only misspelt, so
  // only the unknown key is reported, not "exit: nearest cannot be reached".
  const auto exit_typo = one_pass(
      "stroom: 1\n"
      "name: typo\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 4], [0, 4]]\n"
      "  exit:\n"
      "    - {name: east, line: [[10, 1], [10, 3]]}\n"
      "  zones:\n"
      "    - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}\n"
      "populations:\n"
      "  - {name: people, count: 10, in: start}\n");
  ASSERT_EQ(exit_typo.size(), 1u) << listing(exit_typo);
  EXPECT_TRUE(test::has_diagnostic(exit_typo, 7, 3, "venue.exit: unknown key"));
  // `event:` for `events:` at the top: the event that opens the door may be in it.
  const auto event_typo = one_pass(
      "stroom: 1\n"
      "name: typo\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [20, 0], [20, 4], [0, 4]]\n"
      "  obstacles:\n"
      "    - {name: wall, polygon: [[9.9, 0], [10.1, 0], [10.1, 1], [9.9, 1]]}\n"
      "    - {name: wall-2, polygon: [[9.9, 3], [10.1, 3], [10.1, 4], [9.9, 4]]}\n"
      "  doors:\n"
      "    - {name: gate, line: [[10, 1], [10, 3]], open: false}\n"
      "  exits:\n"
      "    - {name: east, line: [[20, 1], [20, 3]]}\n"
      "  zones:\n"
      "    - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}\n"
      "populations:\n"
      "  - {name: people, count: 10, in: start}\n"
      "event:\n"
      "  - {at: 10, open: gate}\n");
  ASSERT_EQ(event_typo.size(), 1u) << listing(event_typo);
  EXPECT_TRUE(test::has_diagnostic(event_typo, 18, 1, "event: unknown key"));
}

TEST(OnePass, APopulationWithAProblemIsLeftOutOfTheGeometryChecks) {
  // Both populations put 100 persons on 1 m² (at most 24 fit at radius 0.1 m and 85 % of the
  // hexagonal packing). The first also has a bad speed: its count and area are not judged,
  // the second's are.
  const auto ds = one_pass(
      "stroom: 1\n"
      "name: crowded\n"
      "time: {duration: 60}\n"
      "venue:\n"
      "  walkable:\n"
      "    - [[0, 0], [10, 0], [10, 4], [0, 4]]\n"
      "  exits:\n"
      "    - {name: east, line: [[10, 1], [10, 3]]}\n"
      "  zones:\n"
      "    - {name: spot, polygon: [[1, 1], [2, 1], [2, 2], [1, 2]]}\n"
      "populations:\n"
      "  - {name: a, count: 100, in: spot, speed: fast}\n"
      "  - {name: b, count: 100, in: spot, radius: {uniform: [0.1, 0.1]}}\n");
  ASSERT_EQ(ds.size(), 2u) << listing(ds);
  EXPECT_EQ(ds[0].where.line, 12);
  EXPECT_NE(ds[0].message.find("speed"), std::string::npos) << listing(ds);
  EXPECT_TRUE(test::has_diagnostic(ds, 13, 31, "spawn area of population 'b' is too small"));
}

TEST(OnePass, AVenueIncludeGivesFormatAndGeometryProblemsTogether) {
  // read_venue_include_draft() on a file: an exit that is not on the boundary and a door
  // with a non-numeric coordinate.
  const std::string path = ::testing::TempDir() + "one_pass_venue.yaml";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "walkable:\n"
        "  - [[0, 0], [10, 0], [10, 10], [0, 10]]\n"
        "exits:\n"
        "  - {name: east, line: [[9, 4], [9, 6]]}\n"
        "doors:\n"
        "  - {name: gate, line: [[5, 0], [5, y]]}\n",
        f);
    std::fclose(f);
  }
  const auto ds = scenario_problems(read_venue_include_draft(path));
  std::remove(path.c_str());
  ASSERT_EQ(ds.size(), 2u) << listing(ds);
  EXPECT_TRUE(test::has_diagnostic(ds, 4, 5, "exit 'east' is not on the boundary"));
  EXPECT_EQ(ds[1].where.line, 6);
}

}  // namespace
}  // namespace stroom
