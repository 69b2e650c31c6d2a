// The static capacity calculation against hand calculations.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "../../lang_scan.hpp"
#include "../measure/step_builder.hpp"
#include "stroom/geometry.hpp"
#include "stroom/io/capacity.hpp"
#include "stroom/navigation.hpp"

using namespace stroom;
using stroom::test::journey_step;

namespace {

PopulationDesc arrivals(std::vector<RatePoint> rate, std::optional<std::int64_t> total) {
  PopulationDesc p;
  p.name = "late";
  ArrivalDesc a;
  a.in.zone = "stage";
  a.rate = std::move(rate);
  a.total = total;
  p.arrive = a;
  p.speed = Distribution::constant_value(1.5);
  return p;
}

/// A 20 m × 10 m hall, one 2 m exit in the middle of the east wall. Zone "hall" (all of it,
/// permitted 250) holds 300 persons at 1.0 m/s; zone "stage" (the west 5 m, no exit of its
/// own) receives 80 arrivals at 1.5 m/s.
Scenario hall() {
  Scenario s;
  s.name = "hall";
  s.duration = 600;
  s.venue.walkable = {{{0, 0}, {20, 0}, {20, 10}, {0, 10}}};
  s.venue.exits = {ExitDesc{"east", Segment{{20, 4}, {20, 6}}, {}}};
  ZoneDesc hall_zone{"hall", {{0, 0}, {20, 0}, {20, 10}, {0, 10}}, 250, std::nullopt, {}};
  ZoneDesc stage{"stage", {{0, 0}, {5, 0}, {5, 10}, {0, 10}}, std::nullopt, 1.0, {}};
  s.venue.zones = {hall_zone, stage};
  PopulationDesc crowd;
  crowd.name = "crowd";
  crowd.count = 300;
  crowd.in.zone = "hall";
  crowd.speed = Distribution::constant_value(1.0);
  s.populations = {crowd, arrivals({{0, 0}, {100, 1}, {200, 0}}, 80)};
  return s;
}

const CapacityRow& row(const CapacityReport& r, const std::string& name) {
  for (const CapacityRow& x : r.rows)
    if (x.name == name) return x;
  throw std::runtime_error("no row " + name);
}

// Farthest point from the exit: a west corner, √(20² + 4²) = 20.396 m in a straight line
// (sampled 1 cm inside the corner). The walking-distance field may overestimate slightly.
constexpr double kFarthest = 20.396;

}  // namespace

TEST(Capacity, HandFormula) {
  // 300 persons through 2 m at 1.5 P/(m·s) = 100 s, plus 30 m at 1.2 m/s = 25 s.
  EXPECT_DOUBLE_EQ(*egress_time_estimate(300, 2.0, 1.5, 30.0, 1.2), 125.0);
  EXPECT_FALSE(egress_time_estimate(300, 0.0, 1.5, 30.0, 1.2));
}

TEST(Capacity, ExpectedPersonsIntegratesTheRateAndCapsByTotal) {
  // Triangle 0 → 1 P/s at 100 s → 0 at 200 s, cut at 150 s: 50 + (1 + 0.5) / 2 · 50 = 87.5.
  EXPECT_DOUBLE_EQ(expected_persons(arrivals({{0, 0}, {100, 1}, {200, 0}}, std::nullopt), 150),
                   87.5);
  EXPECT_DOUBLE_EQ(expected_persons(arrivals({{0, 0}, {100, 1}, {200, 0}}, 80), 150), 80.0);
  EXPECT_DOUBLE_EQ(expected_persons(arrivals({{0, 0}, {100, 1}, {200, 0}}, std::nullopt), 600),
                   100.0);
  // Constant 2 P/s from 10 s to 40 s: 60 persons.
  EXPECT_DOUBLE_EQ(expected_persons(arrivals({{10, 2}, {40, 2}}, std::nullopt), 600), 60.0);
  PopulationDesc placed;
  placed.count = 42;
  EXPECT_DOUBLE_EQ(expected_persons(placed, 600), 42.0);
}

TEST(Capacity, NormsAreListedAndFound) {
  EXPECT_EQ(exit_norms().front().name, "bbl-90");
  EXPECT_DOUBLE_EQ(find_exit_norm("bbl-90")->specific_flow, 90.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("bbl-110")->specific_flow, 110.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("bbl-135")->specific_flow, 135.0 / 60.0);
  EXPECT_DOUBLE_EQ(*find_exit_norm("bbl-90")->reference_time, 210.0);  // 3.5 min
  EXPECT_FALSE(find_exit_norm("bbl-90")->legacy);
  EXPECT_DOUBLE_EQ(*find_exit_norm("bouwbesluit2012-110")->persons_per_metre, 110.0);
  EXPECT_DOUBLE_EQ(*find_exit_norm("bouwbesluit2012-135")->persons_per_metre, 135.0);
  EXPECT_TRUE(find_exit_norm("bouwbesluit2012-90")->legacy);
  // The names used before the Bbl still find the legacy norms.
  EXPECT_EQ(find_exit_norm("bouwbesluit-90")->name, "bouwbesluit2012-90");
  EXPECT_DOUBLE_EQ(find_exit_norm("green-guide")->specific_flow, 82.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("open-air")->specific_flow, 109.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("imo")->specific_flow, 1.33);
  EXPECT_DOUBLE_EQ(find_density_norm("nen8020-41")->density, 4.0);
  EXPECT_DOUBLE_EQ(find_density_norm("bbl-gathering")->density, 2.0);
  EXPECT_DOUBLE_EQ(find_density_norm("hsg195-moving")->density, 4.0);
  EXPECT_DOUBLE_EQ(find_density_norm("hsg195-standing")->density, 4.7);
  EXPECT_EQ(find_exit_norm("nonsense"), nullptr);
}

TEST(Capacity, SettingChoosesTheDefaultNorms) {
  EXPECT_EQ(default_norms(VenueSetting::building).exit_norm, "bbl-90");
  EXPECT_EQ(default_norms(VenueSetting::building).density_norm, "bbl-gathering");
  EXPECT_EQ(default_norms(VenueSetting::tent).density_norm, "nen8020-41");
  EXPECT_EQ(default_norms(VenueSetting::open_air).exit_norm, "open-air");
  EXPECT_EQ(default_norms(VenueSetting::open_air).density_norm, "nl-event");
  Scenario s = hall();
  s.venue.setting = VenueSetting::open_air;
  const Venue venue(s.venue);
  const CapacityReport r = compute_capacity(s, venue);
  EXPECT_EQ(r.exit_norm.name, "open-air");
  EXPECT_EQ(r.density_norm.name, "nl-event");
  EXPECT_NE(r.norm_reason.find("open-air"), std::string::npos) << r.norm_reason;
  EXPECT_DOUBLE_EQ(*r.egress_limit, 300.0);  // the open-air guidance's 5 min
}

TEST(Capacity, BblGatheringLimitAppliesOnlyToLargeSlowCrowds) {
  // 380 persons through 2 m at 90 P/(m·min): 127 s of flow + 20 m of walking, well inside
  // 3.5 min: the floor's 4 P/m² holds, not the gathering's 2.
  Scenario s = hall();
  const Venue venue(s.venue);
  const CapacityReport quick = compute_capacity(s, venue);
  EXPECT_EQ(quick.exit_norm.name, "bbl-90");
  EXPECT_NEAR(*quick.venue().flow_time, 380.0 / (2.0 * 1.5), 1e-9);
  EXPECT_DOUBLE_EQ(quick.venue().density_limit, 4.0);
  EXPECT_NEAR(quick.venue().holding_capacity, 800.0, 1e-9);
  // 1,000 persons need 333 s of flow: more than 200 who cannot leave in 3.5 min → 2 P/m².
  s.populations[0].count = 920;
  const CapacityReport slow = compute_capacity(s, venue);
  EXPECT_DOUBLE_EQ(slow.venue().density_limit, 2.0);
  EXPECT_NEAR(slow.venue().holding_capacity, 400.0, 1e-9);
  EXPECT_FALSE(slow.venue().within_limits);
}

TEST(Capacity, HallWithGreenGuide) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  CapacityOptions o;
  o.exit_norm = "green-guide";
  o.density_norm = "nl-event";
  const CapacityReport r = compute_capacity(s, venue, o);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows.back().name, "venue");
  const double f = 82.0 / 60.0;

  const CapacityRow& h = row(r, "hall");
  EXPECT_DOUBLE_EQ(h.persons, 300.0);
  EXPECT_NEAR(h.area, 200.0, 1e-9);
  EXPECT_NEAR(*h.density, 1.5, 1e-12);
  EXPECT_NEAR(h.holding_capacity, 500.0, 1e-9);  // 200 m² × 2.5 P/m²
  EXPECT_EQ(h.exits, std::vector<std::string>{"east"});
  EXPECT_NEAR(h.exit_width, 2.0, 1e-12);
  // The stage's arrivals leave by the same exit: they count in the hall's flow time.
  EXPECT_EQ(h.shared_with, std::vector<std::string>{"late"});
  EXPECT_DOUBLE_EQ(h.flow_persons, 380.0);
  EXPECT_NEAR(*h.exit_capacity, 2.0 * f * 480.0, 1e-9);  // 1312 persons in 8 minutes
  EXPECT_NEAR(*h.flow_time, 380.0 / (2.0 * f), 1e-9);    // 139.0 s
  EXPECT_NEAR(*h.walking_distance, kFarthest, 0.6);
  EXPECT_GE(*h.walking_distance, kFarthest - 0.05);
  EXPECT_NEAR(*h.egress_time, *h.flow_time + *h.walking_distance / 1.0, 1e-9);
  EXPECT_FALSE(h.within_limits);  // 300 > permitted 250
  EXPECT_EQ(h.warnings.size(), 1u);

  const CapacityRow& st = row(r, "stage");
  EXPECT_DOUBLE_EQ(st.persons, 80.0);  // 100 by the rate, capped by total = 80
  EXPECT_NEAR(st.area, 50.0, 1e-9);
  EXPECT_NEAR(*st.density, 1.6, 1e-12);
  EXPECT_EQ(st.shared_with, std::vector<std::string>{"crowd"});
  EXPECT_DOUBLE_EQ(st.flow_persons, 380.0);
  EXPECT_NEAR(*st.flow_time, 380.0 / (2.0 * f), 1e-9);
  EXPECT_NEAR(*st.walking_time, *st.walking_distance / 1.5, 1e-9);
  EXPECT_FALSE(st.within_limits);  // 1.6 P/m² > the zone's max_density 1.0
  // Shared exits are checked once, on the venue row.
  for (const std::string& w : st.warnings)
    EXPECT_EQ(w.find("exits may serve"), std::string::npos) << w;

  const CapacityRow& v = row(r, "venue");
  EXPECT_DOUBLE_EQ(v.persons, 380.0);
  EXPECT_NEAR(*v.density, 1.9, 1e-12);
  EXPECT_NEAR(v.mean_speed, (300.0 * 1.0 + 80.0 * 1.5) / 380.0, 1e-12);
  EXPECT_NEAR(*v.walking_distance, kFarthest, 0.6);
  EXPECT_TRUE(v.within_limits);
}

TEST(Capacity, Bouwbesluit2012CountsPersonsPerMetre) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  CapacityOptions o;
  o.exit_norm = "bouwbesluit2012-90";
  o.density_norm = "nl-event";
  const CapacityReport r = compute_capacity(s, venue, o);
  const CapacityRow& v = row(r, "venue");
  EXPECT_NEAR(*v.exit_capacity, 180.0, 1e-9);  // 2 m × 90 P/m
  EXPECT_FALSE(v.within_limits);               // 380 > 180
  o.exit_norm = "bouwbesluit2012-135";
  o.density_norm = "hsg195-standing";
  const CapacityReport r135 = compute_capacity(s, venue, o);
  EXPECT_NEAR(*row(r135, "venue").exit_capacity, 270.0, 1e-9);
  EXPECT_NEAR(row(r135, "venue").holding_capacity, 940.0, 1e-9);  // 200 m² × 4.7
  // Under the Bbl the 90 persons are per minute, within 3.5 min: 2 × 90 × 3.5 = 630.
  o.exit_norm = "bbl-90";
  EXPECT_NEAR(*row(compute_capacity(s, venue, o), "venue").exit_capacity, 630.0, 1e-9);
  CapacityOptions bad;
  bad.exit_norm = "nope";
  EXPECT_THROW(compute_capacity(s, venue, bad), std::invalid_argument);
}

TEST(Capacity, ObstacleLengthensTheWalk) {
  Scenario s = hall();
  // A wall from y = 0 to y = 9 at x = 10: from the west half, people walk round its end.
  s.venue.obstacles = {ObstacleDesc{"wall", {{9.9, 0}, {10.1, 0}, {10.1, 9}, {9.9, 9}}, {}}};
  const Venue venue(s.venue);
  const CapacityReport r = compute_capacity(s, venue);
  // From (0, 0): to (9.9, 9) is 13.45 m, then round to the exit at (20, 6): about 10.4 m.
  EXPECT_GT(*row(r, "venue").walking_distance, 23.0);
}

TEST(Capacity, ReadsARunsFieldOnlyWhereItIsTheSame) {
  Scenario s = hall();
  s.venue.obstacles = {ObstacleDesc{"wall", {{9.9, 0}, {10.1, 0}, {10.1, 9}, {9.9, 9}}, {}}};
  const Venue venue(s.venue);
  const std::string fresh = io::capacity_json(compute_capacity(s, venue));
  // A run's navigation with the field to the exit computed: read, the same figures.
  Navigation run(venue);
  const TargetId exit = run.add_target({{s.venue.exits[0].line}, {}, {}});
  const TargetId ids[] = {exit};
  run.prepare(ids, venue.initial_blocking());
  CapacityOptions o;
  o.fields = &run;
  EXPECT_EQ(io::capacity_json(compute_capacity(s, venue, o)), fresh);
  // The run ended with the exit closed: that field leads nowhere and must not be read.
  std::vector<std::uint8_t> closed = venue.initial_blocking();
  for (std::size_t w = 0; w < venue.walls().size(); ++w)
    if (venue.walls()[w].kind == WallKind::exit) closed[w] = 1;
  run.on_blocking_changed(venue.initial_blocking(), closed);
  run.prepare(ids, closed);
  ASSERT_TRUE(run.ready(exit));
  EXPECT_FALSE(std::isfinite(run.distance(exit, {1.0, 1.0})));
  EXPECT_EQ(io::capacity_json(compute_capacity(s, venue, o)), fresh);
}

TEST(Capacity, JsonHasNormsExitsAndRows) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  const auto j = nlohmann::json::parse(io::capacity_json(compute_capacity(s, venue)));
  EXPECT_EQ(j["setting"], "building");
  EXPECT_EQ(j["exit_norm"]["name"], "bbl-90");
  EXPECT_EQ(j["exit_norm"]["persons_per_metre"], 90.0);
  EXPECT_NEAR(j["exit_norm"]["specific_flow_per_minute"].get<double>(), 90.0, 1e-9);
  EXPECT_EQ(j["density_norm"]["name"], "bbl-gathering");
  ASSERT_EQ(j["exits"].size(), 1u);
  EXPECT_EQ(j["exits"][0]["name"], "east");
  EXPECT_EQ(j["exits"][0]["used"], true);
  ASSERT_EQ(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][2]["kind"], "venue");
  EXPECT_NEAR(j["rows"][2]["exit_capacity"].get<double>(), 630.0, 1e-9);
  EXPECT_EQ(j["rows"][0]["permitted"], 250);
  EXPECT_FALSE(j.contains("n_minus_1"));
}

// [SECTION] Which exits the persons can use

namespace {

/// A 20 m × 10 m room with three exits of different widths: east 2 m (x = 20, y 4–6), west
/// 1 m (x = 0, y 4.5–5.5), south 3 m (y = 0, x 8–11); 300 persons at 1 m/s fill it.
Scenario three_exits() {
  Scenario s;
  s.name = "three exits";
  s.duration = 600;
  s.venue.walkable = {{{0, 0}, {20, 0}, {20, 10}, {0, 10}}};
  s.venue.exits = {ExitDesc{"east", Segment{{20, 4}, {20, 6}}, {}},
                   ExitDesc{"west", Segment{{0, 4.5}, {0, 5.5}}, {}},
                   ExitDesc{"south", Segment{{8, 0}, {11, 0}}, {}}};
  s.venue.zones = {
      ZoneDesc{"room", {{0, 0}, {20, 0}, {20, 10}, {0, 10}}, std::nullopt, std::nullopt, {}}};
  PopulationDesc crowd;
  crowd.name = "crowd";
  crowd.count = 300;
  crowd.in.zone = "room";
  crowd.speed = Distribution::constant_value(1.0);
  s.populations = {crowd};
  return s;
}

CapacityReport green_guide(const Scenario& s, bool n_minus_1 = false) {
  const Venue venue(s.venue);
  CapacityOptions o;
  o.exit_norm = "green-guide";
  o.density_norm = "nl-event";
  o.n_minus_1 = n_minus_1;
  return compute_capacity(s, venue, o);
}

const ExitUse& exit_use(const CapacityReport& r, const std::string& name) {
  for (const ExitUse& x : r.exits)
    if (x.name == name) return x;
  throw std::runtime_error("no exit " + name);
}

bool has_note(const ExitUse& x, const std::string& text) {
  for (const std::string& n : x.notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

EventDesc close_at(double at, const std::string& target) {
  EventDesc ev;
  ev.at = at;
  ev.kind = EventDesc::Kind::close;
  ev.target = target;
  return ev;
}

EventDesc evacuate_at(double at, std::vector<std::string> exits) {
  EventDesc ev;
  ev.at = at;
  ev.kind = EventDesc::Kind::evacuate;
  ev.evacuate.exits = std::move(exits);
  return ev;
}

constexpr double kF = 82.0 / 60.0;  // green-guide specific flow, P/(m·s)

}  // namespace

TEST(CapacityExits, EveryOpenExitCountsByDefault) {
  const CapacityReport r = green_guide(three_exits());
  const CapacityRow& v = r.venue();
  EXPECT_EQ(v.exits, (std::vector<std::string>{"east", "west", "south"}));
  EXPECT_NEAR(v.exit_width, 6.0, 1e-9);
  EXPECT_NEAR(*v.flow_time, 300.0 / (6.0 * kF), 1e-9);  // 36.6 s
  for (const ExitUse& x : r.exits) {
    EXPECT_TRUE(x.used) << x.name;
    EXPECT_NEAR(x.flow, x.width * kF, 1e-9) << x.name;
  }
}

TEST(CapacityExits, ClosedAtTheStartIsLeftOut) {
  Scenario s = three_exits();
  s.events = {close_at(0, "west")};
  const CapacityReport r = green_guide(s);
  const ExitUse& west = exit_use(r, "west");
  EXPECT_FALSE(west.used);
  EXPECT_DOUBLE_EQ(*west.closed_at, 0.0);
  EXPECT_TRUE(has_note(west, "closed at 0 s"));
  EXPECT_EQ(r.venue().exits, (std::vector<std::string>{"east", "south"}));
  EXPECT_NEAR(*r.venue().flow_time, 300.0 / (5.0 * kF), 1e-9);
}

TEST(CapacityExits, ClosedBeforeTheAlarmIsLeftOutAfterItCounts) {
  Scenario s = three_exits();
  // South closes at 5 s, the alarm sounds at 10 s, east closes at 30 s (after the alarm).
  s.events = {close_at(5, "south"), evacuate_at(10, {}), close_at(30, "east")};
  const CapacityReport r = green_guide(s);
  EXPECT_DOUBLE_EQ(*r.alarm_time, 10.0);
  EXPECT_FALSE(exit_use(r, "south").used);
  EXPECT_DOUBLE_EQ(*exit_use(r, "south").closed_at, 5.0);
  EXPECT_TRUE(exit_use(r, "east").used);
  EXPECT_DOUBLE_EQ(*exit_use(r, "east").closes_later, 30.0);
  EXPECT_NEAR(*r.venue().flow_time, 300.0 / (3.0 * kF), 1e-9);
}

TEST(CapacityExits, EvacuateListRestrictsTheExits) {
  Scenario s = three_exits();
  s.events = {evacuate_at(0, {"east", "south"})};
  const CapacityReport r = green_guide(s);
  const ExitUse& west = exit_use(r, "west");
  EXPECT_FALSE(west.used);
  EXPECT_FALSE(west.in_route);
  EXPECT_TRUE(has_note(west, "not in the evacuate event's exit list"));
  EXPECT_NEAR(r.venue().exit_width, 5.0, 1e-9);
  // The farthest point from east or south, (0, 10): √(8² + 10²) = 12.8 m to (8, 0).
  EXPECT_NEAR(*r.venue().walking_distance, 12.81, 0.5);
}

TEST(CapacityExits, JourneyListsGiveEachPopulationItsExits) {
  Scenario s = three_exits();
  // No alarm: 200 persons may leave only by east, 100 only by west or south.
  s.populations[0].count = 200;
  s.populations[0].journey = {
      journey_step(JourneyStep::Kind::exit, "", std::nullopt, RouteChoice::nearest, {"east"}, {})};
  PopulationDesc other = s.populations[0];
  other.name = "other";
  other.count = 100;
  other.journey[0].exits = {"west", "south"};
  s.populations.push_back(other);
  const CapacityReport r = green_guide(s);
  // East alone must pass its 200: 200 / (2 × 82/60) = 73.2 s, longer than all 300 over
  // 6 m (36.6 s) or the 100 over 4 m (18.3 s).
  EXPECT_NEAR(*r.venue().flow_time, 200.0 / (2.0 * kF), 1e-9);
  // Walking: to east from the far west corners, √(20² + 4²) = 20.4 m.
  EXPECT_NEAR(*r.venue().walking_distance, kFarthest, 0.6);
}

TEST(CapacityExits, UnreachableExitIsLeftOut) {
  Scenario s = three_exits();
  // An annex with its own door to the outside, not connected to the room.
  s.venue.walkable.push_back({{30, 0}, {40, 0}, {40, 10}, {30, 10}});
  s.venue.exits.push_back(ExitDesc{"annex", Segment{{40, 4}, {40, 6}}, {}});
  const CapacityReport r = green_guide(s);
  const ExitUse& annex = exit_use(r, "annex");
  EXPECT_FALSE(annex.used);
  EXPECT_FALSE(annex.reachable);
  EXPECT_TRUE(has_note(annex, "can reach it"));
  EXPECT_NEAR(r.venue().exit_width, 6.0, 1e-9);
}

namespace {

/// The room split at x = 15 by a wall with a 2 m checkpoint (2 lanes, 4 s per person: 0.5 P/s)
/// at y 4–6: east lies behind it; west and south are in the persons' part.
Scenario behind_checkpoint() {
  Scenario s = three_exits();
  s.venue.obstacles = {ObstacleDesc{"wall-s", {{14.9, -1}, {15.1, -1}, {15.1, 4}, {14.9, 4}}, {}},
                       ObstacleDesc{"wall-n", {{14.9, 6}, {15.1, 6}, {15.1, 11}, {14.9, 11}}, {}}};
  CheckpointDesc cp;
  cp.name = "scan";
  cp.line = Segment{{15, 4}, {15, 6}};
  cp.lanes = 2;
  cp.service = Distribution::constant_value(4.0);
  s.venue.checkpoints = {cp};
  s.venue.zones[0].polygon = {{0, 0}, {14.9, 0}, {14.9, 10}, {0, 10}};
  return s;
}

}  // namespace

TEST(CapacityExits, CheckpointLimitsTheExitBehindIt) {
  const CapacityReport r = green_guide(behind_checkpoint());
  const ExitUse& east = exit_use(r, "east");
  EXPECT_TRUE(east.used);
  EXPECT_EQ(east.checkpoints, std::vector<std::string>{"scan"});
  EXPECT_DOUBLE_EQ(*east.checkpoint_rate, 0.5);
  EXPECT_DOUBLE_EQ(east.flow, 0.5);  // not 2 m × 82/60 = 2.73 P/s
  EXPECT_NEAR(east.width_used, 0.5 / kF, 1e-12);
  EXPECT_TRUE(has_note(east, "behind checkpoint scan: 2 lanes / 4 s per person = 0.50 P/s"));
  EXPECT_FALSE(exit_use(r, "west").checkpoints.size());
  EXPECT_NEAR(*r.venue().flow_time, 300.0 / (4.0 * kF + 0.5), 1e-9);
}

TEST(CapacityExits, ClosedCheckpointClosesTheExitBehindIt) {
  Scenario s = behind_checkpoint();
  s.events = {close_at(0, "scan")};
  const CapacityReport r = green_guide(s);
  const ExitUse& east = exit_use(r, "east");
  EXPECT_FALSE(east.used);
  EXPECT_TRUE(has_note(east, "behind checkpoint scan"));
  EXPECT_TRUE(has_note(east, "closed at 0 s"));
  EXPECT_NEAR(*r.venue().flow_time, 300.0 / (4.0 * kF), 1e-9);
}

TEST(CapacityExits, MaxFlowLimitsTheExit) {
  Scenario s = three_exits();
  s.venue.exits[0].max_flow = 0.5;  // east: 0.5 P/(m·s) × 2 m = 1 P/s
  const CapacityReport r = green_guide(s);
  const ExitUse& east = exit_use(r, "east");
  EXPECT_DOUBLE_EQ(*east.max_flow_rate, 1.0);
  EXPECT_DOUBLE_EQ(east.flow, 1.0);
  EXPECT_TRUE(has_note(east, "max_flow 0.5 P/(m·s)"));
  EXPECT_NEAR(*r.venue().flow_time, 300.0 / (4.0 * kF + 1.0), 1e-9);
}

TEST(CapacityExits, NMinusOneRemovesEachExitWorstFirst) {
  const CapacityReport r = green_guide(three_exits(), true);
  ASSERT_EQ(r.n_minus_1.size(), 3u);
  // Without the 3 m south exit 3 m remain (73.2 s of flow), without east 4 m (54.9 s), without
  // west 5 m (43.9 s); walking adds 11–14 m at 1 m/s, too little to change the order.
  EXPECT_EQ(r.n_minus_1[0].without, "south");
  EXPECT_EQ(r.n_minus_1[1].without, "east");
  EXPECT_EQ(r.n_minus_1[2].without, "west");
  EXPECT_NEAR(r.n_minus_1[0].exit_width, 3.0, 1e-9);
  EXPECT_NEAR(*r.n_minus_1[0].flow_time, 300.0 / (3.0 * kF), 1e-9);
  EXPECT_NEAR(*r.n_minus_1[1].flow_time, 300.0 / (4.0 * kF), 1e-9);
  EXPECT_NEAR(*r.n_minus_1[2].flow_time, 300.0 / (5.0 * kF), 1e-9);
  for (const WithoutExit& w : r.n_minus_1) {
    ASSERT_TRUE(w.egress_time);
    EXPECT_NEAR(*w.egress_time, *w.flow_time + *w.walking_distance, 1e-9);
    EXPECT_TRUE(w.within_limit);  // the green guide's 8 min
  }
  // Without south the nearest of east and west is at most about 11 m away (the middle of the
  // long walls); without west, the far corner (0, 10) is 12.8 m from south.
  EXPECT_NEAR(*r.n_minus_1[2].walking_distance, 12.81, 0.5);
}

TEST(CapacityExits, NMinusOneWithASingleExitLeavesNobodyAWayOut) {
  Scenario s = three_exits();
  s.venue.exits.resize(1);
  const CapacityReport r = green_guide(s, true);
  ASSERT_EQ(r.n_minus_1.size(), 1u);
  EXPECT_FALSE(r.n_minus_1[0].egress_time);
  EXPECT_FALSE(r.n_minus_1[0].within_limit);
}

TEST(CapacityFlowTime, MaxFlowBoundOverUnionsOfExitSets) {
  const std::vector<double> flow = {2.0, 1.0, 3.0};
  // Everybody may use every exit: 300 / 6.
  const FlowGroup all[] = {{300, {0, 1, 2}}};
  EXPECT_DOUBLE_EQ(*flow_time(all, flow), 50.0);
  // 200 only by exit 0 (100 s) and 100 by 1 or 2 (25 s); together 300 / 6 = 50 s.
  const FlowGroup split[] = {{200, {0}}, {100, {1, 2}}};
  EXPECT_DOUBLE_EQ(*flow_time(split, flow), 100.0);
  // 120 by 0 or 1 and 60 by 1 alone: exits 0 and 1 must pass 180 at 3 P/s = 60 s.
  const FlowGroup nested[] = {{120, {0, 1}}, {60, {1}}};
  EXPECT_DOUBLE_EQ(*flow_time(nested, flow), 60.0);
  const FlowGroup stranded[] = {{10, {}}};
  EXPECT_FALSE(flow_time(stranded, flow));
  EXPECT_DOUBLE_EQ(*flow_time({}, flow), 0.0);
}

TEST(CapacityExits, EgressLimitComesFromTheScenarioCriteria) {
  Scenario s = three_exits();
  EXPECT_DOUBLE_EQ(*green_guide(s).egress_limit, 480.0);  // the norm's own 8 min
  // all_out_by is simulated time: with the alarm at 10 s, 100 s leaves 90 s to get out.
  s.events = {evacuate_at(10, {})};
  s.criteria.all_out_by = CriterionLimit{100.0, {}};
  const CapacityReport by_time = green_guide(s);
  EXPECT_DOUBLE_EQ(*by_time.egress_limit, 90.0);
  EXPECT_NE(by_time.egress_limit_source.find("all_out_by"), std::string::npos);
  // max_evacuation_time, measured from the alarm, comes first.
  s.criteria.max_evacuation_time = CriterionLimit{60.0, {}};
  EXPECT_DOUBLE_EQ(*green_guide(s).egress_limit, 60.0);
}

// [SECTION] The table in English and Dutch (io::capacity_text)

namespace {

/// The room behind a checkpoint with every kind of note and warning: the alarm at 10 s sends
/// everyone to east or west; south closes at 30 s (after the alarm, so it counts as open, but
/// it is not in the evacuate list); west is capped by max_flow; the zone permits 250 persons and
/// 1 P/m² while 300 stand in it; all out by 40 s leaves 30 s after the alarm.
Scenario every_note() {
  Scenario s = behind_checkpoint();
  s.name = "zaal";
  s.file = "zaal.yaml";
  s.venue.exits[1].max_flow = 0.5;
  s.venue.zones[0].name = "zaal";
  s.venue.zones[0].capacity = 250;
  s.venue.zones[0].max_density = 1.0;
  s.populations[0].in.zone = "zaal";
  s.events = {evacuate_at(10, {"east", "west"}), close_at(30, "south")};
  s.criteria.all_out_by = CriterionLimit{40.0, {}};
  return s;
}

CapacityReport capacity_in(const Scenario& s, Lang lang, const std::string& exit_norm = {},
                           const std::string& density_norm = {}) {
  const Venue venue(s.venue);
  CapacityOptions o;
  o.exit_norm = exit_norm;
  o.density_norm = density_norm;
  o.n_minus_1 = true;
  o.lang = lang;
  return compute_capacity(s, venue, o);
}

std::string dutch_text(const Scenario& s, const std::string& exit_norm = {},
                       const std::string& density_norm = {}) {
  const CapacityReport r = capacity_in(s, Lang::nl, exit_norm, density_norm);
  const LanguageScope nl(Lang::nl);
  return io::capacity_text(s, r);
}

}  // namespace

TEST(CapacityText, EnglishTableKeepsItsLines) {
  const Scenario s = every_note();
  const std::string text = io::capacity_text(s, capacity_in(s, Lang::en));
  for (const char* line :
       {"Capacity of \"zaal\" (zaal.yaml)\n",
        "Specific flow 1.500 P/(m·s) = 90 P/(m·min): Bbl art. 4.80, 90 P/(m·min)\n",
        "Egress limit  30 s, from the scenario's all_out_by criterion, less the alarm time\n",
        "Exits may serve = width used × 90 persons per metre per minute × 3.5 min\n",
        "exit                 width m  used m flow P/s  status\n",
        "zone               persons   area m²  P/m²  holding   permit   exit m may serve   flow s  "
        "walk m  walk s egress s\n",
        "max_flow 0.5 P/(m·s) × 1.00 m = 0.50 P/s",
        "behind checkpoint scan: 2 lanes / 4 s per person = 0.50 P/s",
        "closes at 30 s, after the reference time: counted as open",
        "  zaal: persons exceed the zone's permitted capacity of 250\n",
        "N-1: the venue with one exit unavailable, worst first\n"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
}

TEST(CapacityText, DutchTableHasNoEnglishLeft) {
  clear_untranslated();
  std::string all;
  // Every exit norm and every density norm, so that each title and source is in the table.
  for (const ExitNorm& n : exit_norms())
    all += dutch_text(every_note(), n.name, "bbl-gathering");
  for (const DensityNorm& n : density_norms())
    all += dutch_text(every_note(), "bbl-90", n.name);
  Scenario tent = every_note();
  tent.venue.setting = VenueSetting::tent;
  all += dutch_text(tent);
  Scenario unreachable = every_note();
  unreachable.venue.obstacles.push_back(
      ObstacleDesc{"dicht", {{14.9, 3.9}, {15.1, 3.9}, {15.1, 6.1}, {14.9, 6.1}}, {}});
  all += dutch_text(unreachable);
  EXPECT_TRUE(untranslated().empty()) << untranslated().front();
  // "building" and "open-air" are also the values of venue.setting, quoted as such in Dutch.
  const std::vector<std::string> left = stroom_test::english_left(
      all, [](const std::string& t) { return t; }, {"building", "open-air"});
  EXPECT_TRUE(left.empty()) << "English left: " << left.front() << "\n" << all;
  const std::string text = dutch_text(every_note());
  for (const char* needle :
       {"Capaciteit van \"zaal\" (zaal.yaml)\n",
        "Situatie                gebouw; normen: ", "Grens ontruimingstijd", "Doorstroomtijd",
        "personen per meter vrije breedte per minuut", "uitgang ", "ontruiming s",
        "Specifieke doorstroming 1,500 P/(m·s)", "max_flow 0,5 P/(m·s) × 1,00 m = 0,50 P/s",
        "achter controlepunt scan: 2 stroken / 4 s per persoon = 0,50 P/s",
        "het aantal personen overschrijdt de vergunde bezetting van de zone (250)",
        "de dichtheid overschrijdt de max_density van de zone (1 P/m²)",
        "het criterium all_out_by van het scenario, min het tijdstip van het alarm", "terrein"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  // Decimal commas only: no figure keeps its point.
  EXPECT_EQ(text.find("1.500"), std::string::npos);
  EXPECT_EQ(text.find(" 2.00 "), std::string::npos);
}

TEST(CapacityText, JsonIsTheSameWhateverTheLanguage) {
  // A report computed in English stays English even on a thread that writes Dutch (summary.json
  // of `stroom run --lang nl`), and its JSON keys, numbers and notes do not change.
  const Scenario s = every_note();
  const std::string english = io::capacity_json(capacity_in(s, Lang::en));
  std::string on_dutch_thread;
  {
    const LanguageScope nl(Lang::nl);
    on_dutch_thread = io::capacity_json(capacity_in(s, Lang::en));
  }
  EXPECT_EQ(english, on_dutch_thread);
  EXPECT_NE(english.find("behind checkpoint scan"), std::string::npos);
  EXPECT_NE(english.find("\"specific_flow\": 1.5"), std::string::npos);
}
