// The static capacity calculation against hand calculations.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "stroom/geometry.hpp"
#include "stroom/io/capacity.hpp"

using namespace stroom;

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
  EXPECT_EQ(exit_norms().front().name, "bouwbesluit-90");
  EXPECT_EQ(density_norms().front().name, "nl-event");
  EXPECT_DOUBLE_EQ(*find_exit_norm("bouwbesluit-110")->persons_per_metre, 110.0);
  EXPECT_DOUBLE_EQ(*find_exit_norm("bouwbesluit-135")->persons_per_metre, 135.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("green-guide")->specific_flow, 82.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("open-air")->specific_flow, 109.0 / 60.0);
  EXPECT_DOUBLE_EQ(find_exit_norm("imo")->specific_flow, 1.33);
  EXPECT_DOUBLE_EQ(find_density_norm("hsg195-moving")->density, 4.0);
  EXPECT_DOUBLE_EQ(find_density_norm("hsg195-standing")->density, 4.7);
  EXPECT_EQ(find_exit_norm("nonsense"), nullptr);
}

TEST(Capacity, HallWithGreenGuide) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  CapacityOptions o;
  o.exit_norm = "green-guide";
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
  EXPECT_FALSE(h.uses_venue_exits);
  EXPECT_DOUBLE_EQ(h.exit_width, 2.0);
  EXPECT_NEAR(*h.exit_capacity, 2.0 * f * 480.0, 1e-9);  // 1312 persons in 8 minutes
  EXPECT_NEAR(*h.flow_time, 300.0 / (2.0 * f), 1e-9);    // 109.76 s
  EXPECT_NEAR(*h.walking_distance, kFarthest, 0.6);
  EXPECT_GE(*h.walking_distance, kFarthest - 0.05);
  EXPECT_NEAR(*h.egress_time, *h.flow_time + *h.walking_distance / 1.0, 1e-9);
  EXPECT_FALSE(h.within_limits);  // 300 > permitted 250
  EXPECT_EQ(h.warnings.size(), 1u);

  const CapacityRow& st = row(r, "stage");
  EXPECT_DOUBLE_EQ(st.persons, 80.0);  // 100 by the rate, capped by total = 80
  EXPECT_NEAR(st.area, 50.0, 1e-9);
  EXPECT_NEAR(*st.density, 1.6, 1e-12);
  EXPECT_TRUE(st.uses_venue_exits);
  EXPECT_DOUBLE_EQ(st.flow_persons, 380.0);
  EXPECT_NEAR(*st.flow_time, 380.0 / (2.0 * f), 1e-9);
  EXPECT_NEAR(*st.walking_time, *st.walking_distance / 1.5, 1e-9);
  EXPECT_FALSE(st.within_limits);  // 1.6 P/m² > the zone's max_density 1.0

  const CapacityRow& v = row(r, "venue");
  EXPECT_DOUBLE_EQ(v.persons, 380.0);
  EXPECT_NEAR(*v.density, 1.9, 1e-12);
  EXPECT_NEAR(v.mean_speed, (300.0 * 1.0 + 80.0 * 1.5) / 380.0, 1e-12);
  EXPECT_NEAR(*v.walking_distance, kFarthest, 0.6);
  EXPECT_TRUE(v.within_limits);
}

TEST(Capacity, BouwbesluitCountsPersonsPerMetre) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  const CapacityReport r = compute_capacity(s, venue);  // default bouwbesluit-90, nl-event
  EXPECT_EQ(r.exit_norm.name, "bouwbesluit-90");
  const CapacityRow& v = row(r, "venue");
  EXPECT_DOUBLE_EQ(*v.exit_capacity, 180.0);  // 2 m × 90 P/m
  EXPECT_FALSE(v.within_limits);              // 380 > 180
  // The stage has no exit of its own: the exit check is the venue's, not repeated there.
  for (const std::string& w : row(r, "stage").warnings)
    EXPECT_EQ(w.find("exits may serve"), std::string::npos) << w;
  CapacityOptions o;
  o.exit_norm = "bouwbesluit-135";
  o.density_norm = "hsg195-standing";
  const CapacityReport r135 = compute_capacity(s, venue, o);
  EXPECT_DOUBLE_EQ(*row(r135, "venue").exit_capacity, 270.0);
  EXPECT_NEAR(row(r135, "venue").holding_capacity, 940.0, 1e-9);  // 200 m² × 4.7
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

TEST(Capacity, JsonHasNormsAndRows) {
  const Scenario s = hall();
  const Venue venue(s.venue);
  const auto j = nlohmann::json::parse(io::capacity_json(compute_capacity(s, venue)));
  EXPECT_EQ(j["exit_norm"]["name"], "bouwbesluit-90");
  EXPECT_EQ(j["exit_norm"]["persons_per_metre"], 90.0);
  EXPECT_NEAR(j["exit_norm"]["specific_flow_per_minute"].get<double>(), 82.0, 1e-9);
  EXPECT_EQ(j["density_norm"]["density"], 2.5);
  ASSERT_EQ(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][2]["kind"], "venue");
  EXPECT_EQ(j["rows"][2]["exit_capacity"], 180.0);
  EXPECT_EQ(j["rows"][0]["permitted"], 250);
}
