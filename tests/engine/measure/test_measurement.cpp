#include "stroom/measurement.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "step_builder.hpp"

namespace stroom {
namespace {

using test::StepBuilder;

const CriterionResult* find_criterion(const Summary& s, const std::string& name) {
  for (const auto& c : s.criteria)
    if (c.name == name) return &c;
  return nullptr;
}

/// Persons on a lattice of spacing 0.5 m, offset 0.25 m: 4 per square metre.
void fill_lattice(StepBuilder& b, double w, double h, PersonId& next_id) {
  for (double x = 0.25; x < w; x += 0.5)
    for (double y = 0.25; y < h; y += 0.5)
      b.add(next_id++, x, y);
}

TEST(ElementHistory, RecordsTheStatesTheViewsReport) {
  // Exit "east" closes in the step that starts at 1.0 s and reopens in the one at 2.5 s; a
  // closed door opens at 1.5 s. Changes are dated at the start of their step.
  Scenario sc = test::rectangle_scenario(10.0, 4.0);
  sc.venue.doors.push_back({"gate", {{5, 0}, {5, 1}}, false, {}});
  Measurement m(sc, test::walkable_rectangle(10.0, 4.0));
  for (int k = 0; k <= 8; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    b.exit_open = {std::uint8_t(b.time > 1.25 && b.time < 2.75 ? 0 : 1)};
    b.door_open = {std::uint8_t(b.time > 1.75 ? 1 : 0)};
    m.observe(b.view());
  }
  StepBuilder silent;  // a view without element states changes nothing
  silent.time = 4.5;
  m.observe(silent.view());
  const ElementHistory& exit = m.exit_history().at(0);
  EXPECT_TRUE(exit.open_at_start);
  ASSERT_EQ(exit.changes.size(), 2u);
  EXPECT_DOUBLE_EQ(exit.changes[0].first, 1.0);
  EXPECT_FALSE(exit.changes[0].second);
  EXPECT_DOUBLE_EQ(exit.changes[1].first, 2.5);
  EXPECT_TRUE(exit.changes[1].second);
  EXPECT_TRUE(exit.ever_closed());
  EXPECT_FALSE(exit.open_at(2.0));
  EXPECT_TRUE(exit.open_at(3.0));
  const ElementHistory& door = m.door_history().at(0);
  EXPECT_FALSE(door.open_at_start);
  ASSERT_EQ(door.changes.size(), 1u);
  EXPECT_DOUBLE_EQ(door.changes[0].first, 1.5);
  EXPECT_TRUE(m.checkpoint_history().empty());
}

TEST(GridDensity, UniformLatticeGivesExactDensityPerCell) {
  // 10 × 3.5 m: the top row of cells is half walkable and holds half the persons.
  Scenario sc = test::rectangle_scenario(10.0, 3.5);
  Measurement m(sc, test::walkable_rectangle(10.0, 3.5));
  StepBuilder b;
  PersonId id = 1;
  fill_lattice(b, 10.0, 3.5, id);
  for (int k = 1; k <= 4; ++k) {
    b.time = 0.5 * k;
    m.observe(b.view());
  }
  const DensityMap peak = m.peak_density_map();
  ASSERT_EQ(peak.columns, 10);
  ASSERT_EQ(peak.rows, 4);
  for (double v : peak.values)
    EXPECT_NEAR(v, 4.0, 1e-12);
  const DensityMap max = m.max_density_map();
  for (double v : max.values)
    EXPECT_NEAR(v, 4.0, 1e-12);
  const Summary s = m.summarize(true);
  ASSERT_TRUE(s.density.peak);
  EXPECT_NEAR(*s.density.peak, 4.0, 1e-12);
  EXPECT_DOUBLE_EQ(*s.density.peak_time, 0.5);  // the first sample reaches it
  ASSERT_TRUE(s.density.peak_at);
  EXPECT_DOUBLE_EQ((*s.density.peak_at)[0], 0.5);  // ties go to the lowest cell
  EXPECT_DOUBLE_EQ((*s.density.peak_at)[1], 0.5);
  // Everyone at 0.25 m²/P: level F, for 4 samples of 0.5 s.
  const auto los = m.level_of_service_person_time();
  EXPECT_NEAR(los[static_cast<int>(LevelOfService::F)], 140.0 * 4 * 0.5, 1e-9);
  EXPECT_EQ(los[static_cast<int>(LevelOfService::A)], 0.0);
}

TEST(GridDensity, AveragesOverTheMovingWindow) {
  Scenario sc = test::rectangle_scenario(4.0, 1.0);
  sc.measure.window = 2.0;  // four samples of 0.5 s
  Measurement m(sc, test::walkable_rectangle(4.0, 1.0));
  for (int k = 1; k <= 8; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    // Cell 0 holds 4 persons during the first two samples, then nobody; cell 3 always 1.
    if (k <= 2)
      for (PersonId i = 1; i <= 4; ++i)
        b.add(i, 0.5, 0.5);
    b.add(9, 3.5, 0.5);
    m.observe(b.view());
  }
  const DensityMap max = m.max_density_map();
  EXPECT_NEAR(max.values[0], 4.0, 1e-12);
  EXPECT_NEAR(max.values[3], 1.0, 1e-12);
  // At t = 2.0 the window (0, 2] holds 4, 4, 0, 0 → 2 P/m²; the map at the end is 0.
  const TimeSeries inside = m.persons_inside();
  ASSERT_EQ(inside.time.size(), 8u);
  EXPECT_EQ(inside.value[0], 5.0);
  EXPECT_EQ(inside.value[7], 1.0);
  // Above 2 P/m² strictly: samples at 0.5, 1.0, 1.5 (4, 4, 8/3) → 1.5 s.
  const DensityMap above2 = m.time_above_map(0);
  EXPECT_NEAR(above2.values[0], 1.5, 1e-12);
  EXPECT_NEAR(m.time_above_map(1).values[0], 0.0, 1e-12);  // never above 4
  EXPECT_NEAR(above2.values[3], 0.0, 1e-12);
}

TEST(GridDensity, SmoothingAveragesOverTheCellsWithinTheRadius) {
  // 5 × 5 m, 1 m cells; 5 persons stand in the centre cell (2, 2) for the whole window.
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  const auto hold = [&sc](double smoothing) {
    sc.measure.smoothing = smoothing;
    Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
    for (int k = 1; k <= 4; ++k) {
      StepBuilder b;
      b.time = 0.5 * k;
      for (PersonId i = 1; i <= 5; ++i)
        b.add(i, 2.5, 2.5);
      m.observe(b.view());
    }
    return m;
  };
  const auto at = [](const DensityMap& map, int col, int row) {
    return map.values[static_cast<std::size_t>(row * map.columns + col)];
  };
  // Without smoothing: 5 P/m² in the centre cell, 0 in its neighbours.
  const Measurement alone = hold(0.0);
  EXPECT_NEAR(at(alone.max_density_map(), 2, 2), 5.0, 1e-12);
  EXPECT_NEAR(at(alone.max_density_map(), 3, 2), 0.0, 1e-12);
  // 1 m: the centre and its four edge neighbours (centres exactly 1 m away), 5 m² in all:
  // 5 persons / 5 m² = 1 P/m² in the centre and in each edge neighbour; diagonal cells
  // (1.41 m) see nobody.
  const Measurement smoothed = hold(1.0);
  const DensityMap max = smoothed.max_density_map();
  EXPECT_NEAR(at(max, 2, 2), 1.0, 1e-12);
  EXPECT_NEAR(at(max, 3, 2), 1.0, 1e-12);
  EXPECT_NEAR(at(max, 2, 1), 1.0, 1e-12);
  EXPECT_NEAR(at(max, 3, 3), 0.0, 1e-12);
  // The edge neighbour (3, 2) has its own disc of 5 cells too, and only the centre cell of
  // the crowd in it: also 1 P/m².
  const Summary s = smoothed.summarize(true);
  ASSERT_TRUE(s.density.peak);
  EXPECT_NEAR(*s.density.peak, 1.0, 1e-12);
  // 1.5 m reaches the diagonals too: 9 cells, 5/9 P/m² in the centre.
  EXPECT_NEAR(at(hold(1.5).max_density_map(), 2, 2), 5.0 / 9.0, 1e-12);
}

/// Four persons stand in cell (1, 1) of a 5 × 5 m room up to 1 s, then in cell (3, 3);
/// samples every 0.5 s to 2 s. `indoors(t)` gives the persons off the floor per zone.
void four_move_across(Measurement& m,
                      const std::function<std::vector<std::int32_t>(double)>& indoors = {}) {
  for (int k = 1; k <= 4; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    const double at = b.time <= 1.0 ? 1.5 : 3.5;
    for (PersonId i = 1; i <= 4; ++i)
      b.add(i, at, at);
    if (indoors) b.indoors = indoors(b.time);
    m.observe(b.view());
  }
}

TEST(GridDensity, SnapshotsKeepTheWindowedMapAtTheTimesAsked) {
  // 5 × 5 m, 1 m cells, the default 10 s window. Four persons stand in cell (1, 1) up to
  // 1 s, then in cell (3, 3). measure.snapshots at 1 s and 2 s: at 1 s the window holds the
  // samples of 0.5 and 1 s (4 P/m² in (1, 1)); at 2 s four samples, two in each cell (2 P/m²
  // each). A snapshot the run never reaches (30 s) gives no map.
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  sc.measure.snapshots = {1.0, 2.0, 30.0};
  Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
  four_move_across(m);
  const auto at = [](const DensityMap& map, int col, int row) {
    return map.values[static_cast<std::size_t>(row * map.columns + col)];
  };
  const std::vector<DensityMap> maps = m.snapshot_maps();
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_DOUBLE_EQ(maps[0].time, 1.0);
  EXPECT_NEAR(at(maps[0], 1, 1), 4.0, 1e-12);
  EXPECT_NEAR(at(maps[0], 3, 3), 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(maps[1].time, 2.0);
  EXPECT_NEAR(at(maps[1], 1, 1), 2.0, 1e-12);
  EXPECT_NEAR(at(maps[1], 3, 3), 2.0, 1e-12);
}

TEST(GridDensity, SnapshotsCountThePersonsInsideAndInEachZone) {
  // As above, with two zones: `west` (x < 2.5) and `pavilion` (x >= 2.5), an indoor zone
  // with 3 persons off the floor from 1.5 s on. summary.json's `snapshots`: at 1 s, 4 inside,
  // all in the west; at 2 s, 7 inside (3 of them indoors), all 7 in the pavilion; the densest
  // cell of each map and where it is.
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  sc.measure.snapshots = {1.0, 2.0};
  sc.venue.zones.push_back({"west", test::rectangle(0, 0, 2.5, 5), {}, {}, {}, false});
  sc.venue.zones.push_back({"pavilion", test::rectangle(2.5, 0, 5, 5), {}, {}, {}, true});
  Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
  four_move_across(m, [](double t) { return std::vector<std::int32_t>{0, t >= 1.5 ? 3 : 0}; });
  const Summary s = m.summarize(true);
  ASSERT_EQ(s.snapshots.size(), 2u);
  EXPECT_DOUBLE_EQ(s.snapshots[0].time, 1.0);
  EXPECT_EQ(s.snapshots[0].inside, 4);
  EXPECT_EQ(s.snapshots[0].indoors, 0);
  EXPECT_EQ(s.snapshots[0].zones.at("west"), 4);
  EXPECT_EQ(s.snapshots[0].zones.at("pavilion"), 0);
  ASSERT_TRUE(s.snapshots[0].densest);
  EXPECT_NEAR(*s.snapshots[0].densest, 4.0, 1e-12);
  EXPECT_EQ(*s.snapshots[0].densest_at, (std::vector<double>{1.5, 1.5}));
  EXPECT_EQ(s.snapshots[1].inside, 7);
  EXPECT_EQ(s.snapshots[1].indoors, 3);
  EXPECT_EQ(s.snapshots[1].zones.at("west"), 0);
  EXPECT_EQ(s.snapshots[1].zones.at("pavilion"), 7);
  EXPECT_EQ(s.zones.at("pavilion").peak_occupancy, 7);
  // Both cells have 2 P/m² at 2 s: the first in cell order is named.
  EXPECT_EQ(*s.snapshots[1].densest_at, (std::vector<double>{1.5, 1.5}));
}

TEST(GridDensity, SamplesAtFixedIntervalWhenStepsAreShort) {
  Scenario sc = test::rectangle_scenario(2.0, 1.0);
  sc.step = 0.1;
  Measurement m(sc, test::walkable_rectangle(2.0, 1.0));
  StepBuilder b;
  b.step = 0.1;
  b.add(1, 0.5, 0.5);
  for (int k = 1; k <= 20; ++k) {
    b.time = 0.1 * k;
    m.observe(b.view());
  }
  // First step (0.1), then every 0.5 s: 0.6, 1.1, 1.6.
  const auto& t = m.sample_times();
  ASSERT_EQ(t.size(), 4u);
  EXPECT_NEAR(t[1], 0.6, 1e-9);
  EXPECT_NEAR(t[3], 1.6, 1e-9);
}

TEST(PeakRate, CountsMostCrossingsInAnyHalfOpenWindow) {
  const std::vector<double> t{0.0, 10.0};
  EXPECT_DOUBLE_EQ(peak_rate(t, 10.0), 0.1);
  const std::vector<double> u{0.0, 9.999};
  EXPECT_DOUBLE_EQ(peak_rate(u, 10.0), 0.2);
  EXPECT_DOUBLE_EQ(peak_rate({}, 10.0), 0.0);
}

TEST(Percentile, InterpolatesBetweenClosestRanks) {
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0};
  EXPECT_DOUBLE_EQ(*percentile(v, 50.0), 2.5);
  EXPECT_NEAR(*percentile(v, 95.0), 3.85, 1e-12);
  EXPECT_DOUBLE_EQ(*percentile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(*percentile(v, 100.0), 4.0);
  EXPECT_FALSE(percentile({}, 50.0));
}

/// Ten persons cross exit 0 at 1.0, 1.1, … 1.9 s, five more at 20–24 s.
Measurement scripted_exit_run(Scenario& sc) {
  Measurement m(sc, test::walkable_rectangle(10.0, 2.0));
  std::vector<double> times;
  for (int i = 0; i < 10; ++i)
    times.push_back(1.0 + 0.1 * i);
  for (int i = 0; i < 5; ++i)
    times.push_back(20.0 + i);
  PersonId id = 1;
  std::vector<PersonId> inside;
  StepBuilder first;
  first.time = 0.0;
  first.step = 0.0;
  for (PersonId i = 1; i <= 15; ++i) {
    first.add(i, 5.0, 1.0);
    first.spawned.push_back(i);
  }
  m.observe(first.view());
  std::size_t next = 0;
  for (int k = 1; k <= 60; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    while (next < times.size() && times[next] <= b.time) {
      b.crossings.push_back({times[next], id, CrossingKind::exit, 0, 1});
      b.exited.push_back(id);
      ++id;
      ++next;
    }
    for (PersonId i = id; i <= 15; ++i)
      b.add(i, 5.0, 1.0);
    m.observe(b.view());
  }
  return m;
}

TEST(ExitFlow, CountsScriptedCrossingsAndPeakOverWindow) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_exit_flow = CriterionLimit{0.4, {}};
  const Measurement m = scripted_exit_run(sc);
  const Summary s = m.summarize(true);
  const ExitFigures& e = s.exits.at("east");
  EXPECT_EQ(e.count, 15);
  EXPECT_DOUBLE_EQ(*e.first, 1.0);
  EXPECT_DOUBLE_EQ(*e.last, 24.0);
  EXPECT_DOUBLE_EQ(e.width, 2.0);
  EXPECT_DOUBLE_EQ(e.peak_flow, 1.0);  // 10 crossings in 10 s
  const CriterionResult* c = find_criterion(s, "max_exit_flow");
  ASSERT_NE(c, nullptr);
  EXPECT_DOUBLE_EQ(*c->value, 0.5);  // 1 P/s over 2 m
  EXPECT_FALSE(c->pass);
  EXPECT_NE(c->note.find("east"), std::string::npos);
  // Flow series in 1 s bins: 10 in [1, 2), one each in [20, 21) … [24, 25).
  const TimeSeries f = m.exit_flow(0, 1.0);
  ASSERT_GE(f.value.size(), 25u);
  EXPECT_DOUBLE_EQ(f.value[1], 10.0);
  EXPECT_DOUBLE_EQ(f.value[20], 1.0);
  EXPECT_DOUBLE_EQ(f.value[5], 0.0);
}

TEST(TravelTime, FromEntryToExit) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_evacuation_time = CriterionLimit{30.0, {}};
  sc.criteria.all_out_by = CriterionLimit{20.0, {}};
  const Measurement m = scripted_exit_run(sc);
  const Summary s = m.summarize(true);
  EXPECT_EQ(s.agents.spawned, 15);
  EXPECT_EQ(s.agents.exited, 15);
  EXPECT_EQ(s.agents.inside, 0);
  EXPECT_DOUBLE_EQ(*s.travel_time.max, 24.0);  // everyone entered at t = 0
  EXPECT_NEAR(*s.travel_time.mean, (14.5 + 110.0) / 15.0, 1e-12);
  EXPECT_NEAR(*s.travel_time.p50, 1.7, 1e-12);
  EXPECT_FALSE(s.evacuation.alarm_time);
  EXPECT_DOUBLE_EQ(*s.evacuation.last_exit_time, 24.0);
  EXPECT_DOUBLE_EQ(*s.evacuation.evacuation_time, 24.0);
  EXPECT_TRUE(find_criterion(s, "max_evacuation_time")->pass);
  const CriterionResult* all_out = find_criterion(s, "all_out_by");
  EXPECT_FALSE(all_out->pass);
  EXPECT_DOUBLE_EQ(*all_out->value, 24.0);
}

TEST(Evacuation, TimedFromTheAlarmAndFailsWithPersonsInside) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_evacuation_time = CriterionLimit{60.0, {}};
  sc.criteria.all_out_by = CriterionLimit{100.0, {}};
  Measurement m(sc, test::walkable_rectangle(10.0, 2.0));
  StepBuilder b;
  b.time = 5.0;
  b.alarm_time = 2.0;
  b.add(1, 1.0, 1.0);
  b.add(2, 2.0, 1.0);
  b.spawned = {1, 2};
  m.observe(b.view());
  const Summary s = m.summarize(false);
  EXPECT_DOUBLE_EQ(*s.evacuation.alarm_time, 2.0);
  EXPECT_FALSE(s.evacuation.evacuation_time);
  const CriterionResult* evac = find_criterion(s, "max_evacuation_time");
  EXPECT_FALSE(evac->pass);
  EXPECT_FALSE(evac->value);
  EXPECT_EQ(evac->note, "2 persons still inside at t = 5.0 s");
  const CriterionResult* all_out = find_criterion(s, "all_out_by");
  EXPECT_FALSE(all_out->pass);
  EXPECT_NE(all_out->note.find("2 persons still inside"), std::string::npos);
  EXPECT_FALSE(s.all_criteria_pass());
}

TEST(Evacuation, ZoneClearsAfterTheAlarm) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.venue.zones.push_back({"west", test::rectangle(0, 0, 5, 2), std::nullopt, std::nullopt, {}});
  Measurement m(sc, test::walkable_rectangle(10.0, 2.0));
  for (int k = 1; k <= 10; ++k) {
    StepBuilder b;
    b.time = k;
    b.alarm_time = 3.0;
    b.add(1, k < 6 ? 2.0 : 7.0, 1.0);  // leaves the zone at t = 6
    m.observe(b.view());
  }
  EXPECT_DOUBLE_EQ(*m.zone_clear_time(0), 6.0);
}

Scenario zone_scenario(std::optional<int> capacity, std::optional<double> max_density) {
  Scenario sc = test::rectangle_scenario(10.0, 4.0);
  // The zone reaches 2 m past the walkable area: only 5 × 4 m of it count.
  sc.venue.zones.push_back({"field", test::rectangle(-2, 0, 5, 4), capacity, max_density, {}});
  return sc;
}

Measurement zone_run(const Scenario& sc) {
  Measurement m(sc, test::walkable_rectangle(10.0, 4.0));
  for (int k = 1; k <= 4; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    PersonId id = 1;
    for (int i = 0; i < 30; ++i)
      b.add(id++, 0.25 + 0.5 * (i % 10), 0.5 + (i / 10));  // in
    for (int i = 0; i < 10; ++i)
      b.add(id++, 7.0 + 0.2 * i, 2.0);  // out
    m.observe(b.view());
  }
  return m;
}

TEST(ZoneOccupancy, CountsPersonsInsideThePolygon) {
  const Scenario sc = zone_scenario(40, std::nullopt);
  const Measurement m = zone_run(sc);
  const Summary s = m.summarize(true);
  const ZoneFigures& z = s.zones.at("field");
  EXPECT_EQ(z.peak_occupancy, 30);
  EXPECT_NEAR(z.area, 20.0, 1e-9);
  EXPECT_NEAR(z.peak_density, 1.5, 1e-12);
  EXPECT_EQ(*z.capacity, 40);
  EXPECT_EQ(m.zone_occupancy(0).value.back(), 30.0);
  const CriterionResult* c = find_criterion(s, "zone:field:capacity");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->pass);
  EXPECT_DOUBLE_EQ(*c->value, 30.0);
  EXPECT_TRUE(c->note.empty());
}

TEST(ZoneOccupancy, OverCapacityZoneFailsWithNote) {
  const Scenario sc = zone_scenario(25, 1.0);
  const Summary s = zone_run(sc).summarize(true);
  const CriterionResult* cap = find_criterion(s, "zone:field:capacity");
  ASSERT_NE(cap, nullptr);
  EXPECT_FALSE(cap->pass);
  EXPECT_DOUBLE_EQ(cap->limit, 25.0);
  EXPECT_EQ(cap->note, "peak occupancy 30 persons exceeds the capacity of 25");
  const CriterionResult* dens = find_criterion(s, "zone:field:max_density");
  ASSERT_NE(dens, nullptr);
  EXPECT_FALSE(dens->pass);
  EXPECT_NEAR(*dens->value, 1.5, 1e-12);
  EXPECT_FALSE(s.all_criteria_pass());
}

TEST(MeasurementLine, CountsEachWayAndPeakFlow) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.venue.lines.push_back({"half", {{5, 0}, {5, 2}}, {}});
  Measurement m(sc, test::walkable_rectangle(10.0, 2.0));
  StepBuilder b;
  b.time = 1.0;
  b.crossings = {{0.6, 1, CrossingKind::line, 0, 1},
                 {0.7, 2, CrossingKind::line, 0, 1},
                 {0.9, 3, CrossingKind::line, 0, -1}};
  m.observe(b.view());
  b.time = 30.0;
  b.crossings = {{29.0, 4, CrossingKind::line, 0, 1}};
  m.observe(b.view());
  const Summary s = m.summarize(true);
  const LineFigures& l = s.lines.at("half");
  EXPECT_EQ(l.forward, 3);
  EXPECT_EQ(l.backward, 1);
  EXPECT_DOUBLE_EQ(l.peak_flow, 0.3);
}

TEST(Criteria, PassWithinLimitsAndSummaryIsComplete) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_density = CriterionLimit{20.0, {}};
  sc.criteria.max_exit_flow = CriterionLimit{1.0, {}};
  sc.criteria.max_evacuation_time = CriterionLimit{30.0, {}};
  sc.criteria.all_out_by = CriterionLimit{30.0, {}};
  const Measurement m = scripted_exit_run(sc);
  const Summary s = m.summarize(true, 3);
  ASSERT_EQ(s.criteria.size(), 4u);
  EXPECT_EQ(s.criteria[0].name, "max_evacuation_time");
  EXPECT_EQ(s.criteria[1].name, "max_density");
  EXPECT_EQ(s.criteria[2].name, "all_out_by");
  EXPECT_EQ(s.criteria[3].name, "max_exit_flow");
  for (const auto& c : s.criteria) {
    EXPECT_TRUE(c.pass) << c.name << ": " << c.note;
    EXPECT_TRUE(c.note.empty());
  }
  EXPECT_TRUE(s.all_criteria_pass());
  EXPECT_EQ(s.agents.not_entered, 3);
  EXPECT_EQ(s.scenario, "test");
  EXPECT_EQ(s.model, "collision-free-speed");
  EXPECT_DOUBLE_EQ(s.simulated_time, 30.0);
  EXPECT_TRUE(s.completed);
  // 15 persons at one point in a 1 m² cell.
  EXPECT_NEAR(*s.density.peak, 15.0, 1e-12);
}

TEST(Criteria, MaxDensityFailsWithWhereAndWhen) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_density = CriterionLimit{4.0, {}};
  const Summary s = scripted_exit_run(sc).summarize(true);
  const CriterionResult* c = find_criterion(s, "max_density");
  EXPECT_FALSE(c->pass);
  EXPECT_EQ(c->note, "peak 15.00 P/m² at t = 0.0 s in the cell centred at (5.5, 1.5)");
}

/// Every figure and map that threads could change: zone counts (cells inside a zone and on
/// its edge), grid densities with their peak, the levels of service, exceedances, pressure.
void expect_same_measurement(const Measurement& a, const Measurement& b) {
  const Summary sa = a.summarize(true), sb = b.summarize(true);
  EXPECT_EQ(sa.density.peak, sb.density.peak);
  EXPECT_EQ(sa.density.peak_time, sb.density.peak_time);
  EXPECT_EQ(sa.density.peak_at, sb.density.peak_at);
  ASSERT_EQ(sa.density.exceedance.size(), sb.density.exceedance.size());
  for (std::size_t k = 0; k < sa.density.exceedance.size(); ++k) {
    EXPECT_EQ(sa.density.exceedance[k].area, sb.density.exceedance[k].area);
    EXPECT_EQ(sa.density.exceedance[k].longest, sb.density.exceedance[k].longest);
    EXPECT_EQ(sa.density.exceedance[k].area_seconds, sb.density.exceedance[k].area_seconds);
  }
  EXPECT_EQ(sa.pressure.peak, sb.pressure.peak);
  EXPECT_EQ(sa.pressure.peak_at, sb.pressure.peak_at);
  EXPECT_EQ(sa.pressure.area_above, sb.pressure.area_above);
  ASSERT_EQ(sa.zones.size(), sb.zones.size());
  for (const auto& [name, z] : sa.zones) {
    EXPECT_EQ(z.peak_occupancy, sb.zones.at(name).peak_occupancy) << name;
    EXPECT_EQ(z.peak_density, sb.zones.at(name).peak_density) << name;
    EXPECT_EQ(z.area, sb.zones.at(name).area) << name;
  }
  for (std::size_t z = 0; z < a.scenario().venue.zones.size(); ++z)
    EXPECT_EQ(a.zone_occupancy(static_cast<int>(z)).value,
              b.zone_occupancy(static_cast<int>(z)).value);
  EXPECT_EQ(a.level_of_service_person_time(), b.level_of_service_person_time());
  EXPECT_EQ(a.peak_density_map().values, b.peak_density_map().values);
  EXPECT_EQ(a.max_density_map().values, b.max_density_map().values);
  for (int k = 0; k < static_cast<int>(a.density_thresholds().size()); ++k) {
    EXPECT_EQ(a.time_above_map(k).values, b.time_above_map(k).values);
    EXPECT_EQ(a.longest_above_map(k).values, b.longest_above_map(k).values);
  }
  EXPECT_EQ(a.max_pressure_map().values, b.max_pressure_map().values);
  ASSERT_EQ(a.snapshot_maps().size(), b.snapshot_maps().size());
  for (std::size_t k = 0; k < a.snapshot_maps().size(); ++k)
    EXPECT_EQ(a.snapshot_maps()[k].values, b.snapshot_maps()[k].values);
}

TEST(Measurement, SameFiguresOnAnyNumberOfThreads) {
  // Enough persons for the passes over them to be split (blocks of a few thousand), crowded
  // into a moving jam so that densities cross the thresholds, peaks move and blocks have
  // pressure; a rectangle zone, a triangle (cells on its slanted edge need the polygon test)
  // and a zone reaching past the walkable area.
  Scenario sc = test::rectangle_scenario(120.0, 80.0);
  sc.measure.window = 2.0;
  sc.measure.snapshots = {3.0, 7.5};
  sc.criteria.max_density = CriterionLimit{4.5, {}};
  sc.venue.zones.push_back({"west", test::rectangle(0, 0, 60, 80), std::nullopt, 5.0, {}});
  sc.venue.zones.push_back({"wedge", {{30, 10}, {110, 20}, {50, 75}}, 20000, std::nullopt, {}});
  sc.venue.zones.push_back({"edge", test::rectangle(100, -10, 130, 90), std::nullopt, {}, {}});
  const auto walkable = test::walkable_rectangle(120.0, 80.0);
  Measurement one(sc, walkable, 1), two(sc, walkable, 2), three(sc, walkable, 3);
  std::uint64_t state = 12345;
  const auto uniform = [&state] {  // deterministic, no library distribution
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (int k = 0; k <= 20; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    const double jam = 20.0 + 3.0 * k;  // the jam's centre walks east
    for (PersonId id = 0; id < 30000; ++id) {
      const bool in_jam = id % 3 != 0;
      const double x = in_jam ? jam + 16.0 * uniform() : 120.0 * uniform();
      const double y = in_jam ? 30.0 + 16.0 * uniform() : 80.0 * uniform();
      b.add(id, x, y, 1.2 * (uniform() - 0.5), 0.8 * (uniform() - 0.5));
    }
    if (k == 0) b.spawned = b.ids;
    const StepView view = b.view();
    one.observe(view);
    two.observe(view);
    three.observe(view);
    // Each zone's count against a plain point-in-polygon test of every person (the zones
    // overlap, and the wedge's slanted edges cut cells).
    for (std::size_t z = 0; z < sc.venue.zones.size(); ++z) {
      const Polygon& poly = sc.venue.zones[z].polygon;
      double inside = 0.0;
      for (std::size_t i = 0; i < b.x.size(); ++i) {
        bool in = false;  // even-odd rule
        for (std::size_t e = 0, f = poly.size() - 1; e < poly.size(); f = e++) {
          const Vec2 p = poly[e], q = poly[f];
          if ((p.y > b.y[i]) != (q.y > b.y[i]) &&
              b.x[i] < (q.x - p.x) * (b.y[i] - p.y) / (q.y - p.y) + p.x)
            in = !in;
        }
        inside += in ? 1.0 : 0.0;
      }
      EXPECT_EQ(one.zone_occupancy(static_cast<int>(z)).value.back(), inside) << z;
    }
    // Read as the run goes on (the viewer does): on more threads the sample of this step is
    // taken beside the run, and the reader waits for it.
    EXPECT_EQ(three.persons_inside().value, one.persons_inside().value) << k;
    EXPECT_EQ(two.max_density_map().values, one.max_density_map().values) << k;
  }
  const Summary s = one.summarize(true);
  ASSERT_TRUE(s.density.peak.has_value());
  EXPECT_GT(*s.density.peak, 4.5);  // the jam holds about 80 persons on 1 m² cells at times
  EXPECT_GT(s.zones.at("wedge").peak_occupancy, 0);
  expect_same_measurement(one, two);
  expect_same_measurement(one, three);
}

TEST(Measurement, SameObservationsGiveSameSummary) {
  Scenario sc = test::rectangle_scenario(10.0, 2.0);
  sc.criteria.max_density = CriterionLimit{4.0, {}};
  const Summary a = scripted_exit_run(sc).summarize(true);
  const Summary b = scripted_exit_run(sc).summarize(true);
  EXPECT_EQ(*a.density.peak, *b.density.peak);
  EXPECT_EQ(*a.travel_time.p95, *b.travel_time.p95);
  EXPECT_EQ(a.criteria[0].note, b.criteria[0].note);
}

}  // namespace
}  // namespace stroom

namespace stroom {
namespace {

TEST(Measurement, UsesTheVenueWalkableArea) {
  Scenario sc = test::rectangle_scenario(6.0, 4.0);
  sc.venue.obstacles.push_back({"pillar", test::rectangle(2.0, 1.0, 3.0, 2.0), {}});
  const Venue venue(sc.venue);
  Measurement m(sc, venue);
  const DensityGrid& g = m.grid();
  ASSERT_EQ(g.cell_count(), 24);
  EXPECT_NEAR(g.walkable_area(g.index_of({2.5, 1.5})), 0.0, 1e-9);  // the pillar's cell
  EXPECT_FALSE(g.measured(g.index_of({2.5, 1.5})));
  EXPECT_NEAR(g.walkable_area(g.index_of({0.5, 0.5})), 1.0, 1e-9);
}

}  // namespace
}  // namespace stroom

namespace stroom {
namespace {

using test::StepBuilder;

const Summary::Density::Exceedance* exceedance_at(const Summary& s, double threshold) {
  for (const auto& e : s.density.exceedance)
    if (e.threshold == threshold) return &e;
  return nullptr;
}

TEST(Exceedance, CrowdHeldAtAKnownDensityForAKnownTime) {
  // Five persons stand in the 1 m² cell (2, 2) from t = 0.5 s to t = 30 s (60 samples of
  // 0.5 s), then leave. Window 10 s (20 samples). While they stand the window average is 5
  // P/m²; after they leave it falls by 5/20 per sample: 4.75, 4.5, 4.25, 4.0, 3.75, ...
  //   above 4   (strictly): 60 + 3 samples (4.75, 4.5, 4.25)          → 31.5 s
  //   above 4.5 (the criterion limit): 60 + 1 sample (4.75)           → 30.5 s
  //   above 2: while 5·k/20 > 2, k ≥ 9 of 20: 60 + 11 samples         → 35.5 s
  //   above 5: never (5 is not above 5).
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  sc.criteria.max_density = CriterionLimit{4.5, {}};
  Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
  for (int k = 1; k <= 100; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    if (k <= 60)
      for (PersonId i = 1; i <= 5; ++i)
        b.add(i, 2.3 + 0.1 * i, 2.5);
    m.observe(b.view());
  }
  EXPECT_EQ(m.density_thresholds(), (std::vector<double>{2.0, 4.0, 4.5, 5.0}));
  const Summary s = m.summarize(true);
  ASSERT_EQ(s.density.exceedance.size(), 4u);
  const auto* e2 = exceedance_at(s, 2.0);
  const auto* e4 = exceedance_at(s, 4.0);
  const auto* e45 = exceedance_at(s, 4.5);
  const auto* e5 = exceedance_at(s, 5.0);
  ASSERT_TRUE(e2 && e4 && e45 && e5);
  EXPECT_NEAR(e2->area, 1.0, 1e-12);
  EXPECT_NEAR(e2->longest, 35.5, 1e-9);
  EXPECT_NEAR(e2->area_seconds, 35.5, 1e-9);
  EXPECT_NEAR(e4->area, 1.0, 1e-12);
  EXPECT_NEAR(e4->longest, 31.5, 1e-9);
  EXPECT_NEAR(e45->longest, 30.5, 1e-9);
  EXPECT_EQ(e5->area, 0.0);
  EXPECT_EQ(e5->longest, 0.0);
  // Maps: only cell (2, 2) = index 12 of the 5 × 5 grid.
  EXPECT_NEAR(m.time_above_map(1).values[12], 31.5, 1e-9);
  EXPECT_NEAR(m.longest_above_map(1).values[12], 31.5, 1e-9);
  EXPECT_EQ(m.time_above_map(1).values[11], 0.0);
}

TEST(Exceedance, LongestIsTheLongestUnbrokenStretchNotTheTotal) {
  // No averaging (window = one sample). Cell 0 holds 3 persons for 4 samples, is empty for
  // 2, then holds 3 persons for 6 samples: 10 samples (5 s) above 2 P/m² in all, the longest
  // unbroken stretch 6 samples (3 s). Cell 3 holds 3 persons for 2 samples (1 s).
  Scenario sc = test::rectangle_scenario(4.0, 1.0);
  sc.measure.window = 0.5;
  Measurement m(sc, test::walkable_rectangle(4.0, 1.0));
  for (int k = 1; k <= 14; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    if (k <= 4 || (k >= 7 && k <= 12))
      for (PersonId i = 1; i <= 3; ++i)
        b.add(i, 0.2 * i, 0.5);
    if (k <= 2)
      for (PersonId i = 4; i <= 6; ++i)
        b.add(i, 3.5, 0.2 * (i - 3));
    m.observe(b.view());
  }
  EXPECT_NEAR(m.time_above_map(0).values[0], 5.0, 1e-12);
  EXPECT_NEAR(m.longest_above_map(0).values[0], 3.0, 1e-12);
  EXPECT_NEAR(m.longest_above_map(0).values[3], 1.0, 1e-12);
  const Summary s = m.summarize(true);
  const auto* e2 = exceedance_at(s, 2.0);
  ASSERT_TRUE(e2);
  EXPECT_NEAR(e2->area, 2.0, 1e-12);
  EXPECT_NEAR(e2->longest, 3.0, 1e-12);
  EXPECT_NEAR(e2->area_seconds, 6.0, 1e-12);
  EXPECT_EQ(exceedance_at(s, 4.0)->area, 0.0);
}

TEST(CrowdPressure, VelocityThatSwingsBackAndForthGivesDensityTimesVariance) {
  // Eighteen persons, two in each cell of the 3 × 3 block around cell (2, 2) of a 5 × 5 room:
  // block density 18 / 9 m² = 2 P/m². All walk at +1 m/s in x at one sample and −1 m/s at
  // the next. Over the pressure window (2 s, four samples) the block mean velocity is +1 and
  // −1 in turn, variance 1 m²/s², so P = 2 P/m² · 1 m²/s² = 2 s⁻², first reached at the
  // second sample (t = 1 s, two samples: +1 and −1).
  // Every other block holds fewer than 2 P/m² (the block of cell (1, 2): 12 persons on 9 m²)
  // and does not count: 1 m² above 0.02 s⁻².
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
  for (int k = 1; k <= 10; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    const double v = k % 2 == 1 ? 1.0 : -1.0;
    PersonId id = 1;
    for (int cx = 1; cx <= 3; ++cx) {
      for (int cy = 1; cy <= 3; ++cy) {
        b.add(id++, cx + 0.3, cy + 0.5, v, 0.0);
        b.add(id++, cx + 0.7, cy + 0.5, v, 0.0);
      }
    }
    m.observe(b.view());
  }
  const Summary s = m.summarize(true);
  ASSERT_TRUE(s.pressure.peak && s.pressure.peak_time && s.pressure.peak_at);
  EXPECT_NEAR(*s.pressure.peak, 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(*s.pressure.peak_time, 1.0);
  EXPECT_DOUBLE_EQ((*s.pressure.peak_at)[0], 2.5);
  EXPECT_DOUBLE_EQ((*s.pressure.peak_at)[1], 2.5);
  EXPECT_DOUBLE_EQ(s.pressure.threshold, kCrowdPressureThreshold);
  EXPECT_NEAR(s.pressure.area_above, 1.0, 1e-12);
  const DensityMap p = m.max_pressure_map();
  EXPECT_EQ(p.values[7], 0.0);  // cell (2, 1): its block holds 12 persons on 9 m²
  EXPECT_NEAR(p.values[12], 2.0, 1e-12);
}

TEST(CrowdPressure, PassersByInASparseBlockDoNotCount) {
  // One person at a time crosses cell (2, 2), each in another direction: the block mean
  // velocity swings, but 1 person on 9 m² is no crowd.
  Scenario sc = test::rectangle_scenario(5.0, 5.0);
  Measurement m(sc, test::walkable_rectangle(5.0, 5.0));
  for (int k = 1; k <= 10; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    b.add(k, 2.5, 2.5, k % 2 ? 1.3 : -1.3, 0.0);
    m.observe(b.view());
  }
  const Summary s = m.summarize(true);
  ASSERT_TRUE(s.pressure.peak);
  EXPECT_EQ(*s.pressure.peak, 0.0);
  EXPECT_EQ(s.pressure.area_above, 0.0);
}

TEST(CrowdPressure, ACrowdMovingAsOneHasNone) {
  // Four persons per m² all walking at 1.2 m/s in the same direction: no velocity variance.
  Scenario sc = test::rectangle_scenario(6.0, 3.0);
  Measurement m(sc, test::walkable_rectangle(6.0, 3.0));
  for (int k = 1; k <= 40; ++k) {
    StepBuilder b;
    b.time = 0.5 * k;
    PersonId id = 1;
    for (double x = 0.25; x < 6.0; x += 0.5)
      for (double y = 0.25; y < 3.0; y += 0.5)
        b.add(id++, x, y, 1.2, 0.0);
    m.observe(b.view());
  }
  const Summary s = m.summarize(true);
  ASSERT_TRUE(s.pressure.peak);
  EXPECT_NEAR(*s.pressure.peak, 0.0, 1e-12);
  EXPECT_EQ(s.pressure.area_above, 0.0);
}

}  // namespace
}  // namespace stroom
