// The viewer's pure parts: view transform, polygon fill, density, colours, snapshot exchange,
// replay loading and the scenario export. None of these needs a window.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "colours.hpp"
#include "criterion_state.hpp"
#include "instant_density.hpp"
#include "legend_place.hpp"
#include "map_view.hpp"
#include "polygon_fill.hpp"
#include "replay.hpp"
#include "scenario_export.hpp"
#include "snapshot.hpp"

namespace stroom::view {
namespace {

namespace fs = std::filesystem;

// [SECTION] MapView

TEST(MapView, FitCentresTheVenueAndRoundTrips) {
  MapView v;
  v.set_viewport({100, 20, 800, 400});
  v.fit({{0, 0}, {40, 2}}, 0.0f);
  EXPECT_DOUBLE_EQ(v.scale(), 20.0);  // 800 px / 40 m
  const Vec2 c = v.to_screen({20, 1});
  EXPECT_DOUBLE_EQ(c.x, 500.0);
  EXPECT_DOUBLE_EQ(c.y, 220.0);
  const Vec2 top_left = v.to_screen({0, 2});  // y up in the world, down on screen
  EXPECT_DOUBLE_EQ(top_left.x, 100.0);
  EXPECT_LT(top_left.y, c.y);
  const Vec2 back = v.to_world(v.to_screen({12.5, -3.25}));
  EXPECT_NEAR(back.x, 12.5, 1e-9);
  EXPECT_NEAR(back.y, -3.25, 1e-9);
}

TEST(MapView, ZoomKeepsThePointUnderTheCursor) {
  MapView v;
  v.set_viewport({0, 0, 1000, 800});
  v.fit({{0, 0}, {100, 80}});
  const Vec2 cursor{730, 210};
  const Vec2 before = v.to_world(cursor);
  v.zoom_at(cursor, 3.0);
  const Vec2 after = v.to_world(cursor);
  EXPECT_NEAR(before.x, after.x, 1e-9);
  EXPECT_NEAR(before.y, after.y, 1e-9);
}

TEST(MapView, PanMovesWithTheDrag) {
  MapView v;
  v.set_viewport({0, 0, 500, 500});
  v.set({0, 0}, 10.0);
  const Vec2 p = v.to_screen({3, 4});
  v.pan_pixels(25, -10);
  const Vec2 q = v.to_screen({3, 4});
  EXPECT_NEAR(q.x - p.x, 25.0, 1e-9);
  EXPECT_NEAR(q.y - p.y, -10.0, 1e-9);
}

TEST(MapView, ZoomIsClamped) {
  MapView v;
  v.set({0, 0}, 1.0);
  v.zoom_at({0, 0}, 1e9);
  EXPECT_DOUBLE_EQ(v.scale(), MapView::kMaxScale);
}

TEST(Layout, PartsTileTheWindow) {
  const Layout l = compute_layout(1280, 800);
  EXPECT_FLOAT_EQ(l.map.left, l.side_panel.width);
  EXPECT_FLOAT_EQ(l.map.top + l.map.height, l.timeline.top);
  EXPECT_FLOAT_EQ(l.map.left + l.map.width, 1280.0f);
  EXPECT_FLOAT_EQ(l.timeline.top + l.timeline.height, 800.0f);
}

// [SECTION] Polygon fill

TEST(PolygonFill, SquareWithHoleHasTheRightArea) {
  const Polygon outer{{0, 0}, {10, 0}, {10, 10}, {0, 10}};
  const Polygon hole{{2, 2}, {2, 5}, {5, 5}, {5, 2}};
  EXPECT_NEAR(triangles_area(fill_even_odd({outer})), 100.0, 1e-9);
  EXPECT_NEAR(triangles_area(fill_even_odd({outer, hole})), 91.0, 1e-9);
}

TEST(PolygonFill, ConcaveLShapeAndTwoHoles) {
  const Polygon l{{0, 0}, {6, 0}, {6, 2}, {2, 2}, {2, 6}, {0, 6}};  // 12 + 8 = 20 m²
  EXPECT_NEAR(triangles_area(fill_even_odd({l})), 20.0, 1e-9);
  const Polygon outer{{0, 0}, {20, 0}, {17, 9}, {3, 10}};
  const Polygon h1{{4, 2}, {6, 2}, {5, 4}};
  const Polygon h2{{10, 3}, {12, 3}, {12, 5}, {10, 5}};
  // Shoelace for the outer ring: 0.5 * |0*0-20*0 + 20*9-17*0 + 17*10-3*9 + 3*0-0*10| = 161.5
  EXPECT_NEAR(triangles_area(fill_even_odd({outer, h1, h2})), 161.5 - 2.0 - 4.0, 1e-9);
}

TEST(PolygonFill, DegenerateInputGivesNothing) {
  EXPECT_TRUE(fill_even_odd({}).empty());
  EXPECT_TRUE(fill_even_odd({{{0, 0}, {1, 1}}}).empty());
}

// [SECTION] Density and colours

TEST(InstantDensity, CountsPerCellArea) {
  InstantDensity g({{0, 0}, {4, 2}}, 2.0);
  EXPECT_EQ(g.columns(), 2);
  EXPECT_EQ(g.rows(), 1);
  const std::vector<double> x{0.5, 1.0, 1.5, 3.0, 9.0};
  const std::vector<double> y{0.5, 1.0, 1.5, 1.0, 1.0};
  g.update(x, y);
  EXPECT_DOUBLE_EQ(g.density(0, 0), 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(g.density(1, 0), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(g.peak(), 0.75);
  EXPECT_DOUBLE_EQ(g.peak_at().x, 1.0);
  EXPECT_DOUBLE_EQ(g.density_at({3.5, 0.5}), 0.25);
  EXPECT_DOUBLE_EQ(g.density_at({-1, 0}), 0.0);
}

TEST(Colours, FruinColoursFollowTheEngineLevels) {
  EXPECT_EQ(density_colour(0.0), fruin_colour(LevelOfService::A));
  EXPECT_EQ(density_colour(5.0), fruin_colour(LevelOfService::F));
  EXPECT_NE(fruin_colour(LevelOfService::A), fruin_colour(LevelOfService::F));
  EXPECT_EQ(fruin_colour(LevelOfService::C, 100).a, 100);
}

TEST(Colours, SpeedRampRunsFromRedToTeal) {
  const Rgba slow = speed_colour(0.0), fast = speed_colour(2.0);
  EXPECT_GT(slow.r, slow.b);
  EXPECT_GT(fast.b, fast.r);
  EXPECT_EQ(speed_colour(1.34), speed_colour(5.0));  // clamped at free speed
  EXPECT_EQ(population_colour(0), population_colour(8));
  EXPECT_NE(population_colour(0), population_colour(1));
}

// [SECTION] Snapshot exchange

TEST(SnapshotExchange, UiGetsTheLatestWithoutCopies) {
  SnapshotExchange ex;
  Snapshot front, back;
  EXPECT_FALSE(ex.take_latest(front));
  back.time = 1.0;
  back.x.assign(1000, 1.0);
  const double* data = back.x.data();
  ex.publish(back);
  back.time = 2.0;
  ex.publish(back);  // replaces the unread one
  ASSERT_TRUE(ex.take_latest(front));
  EXPECT_DOUBLE_EQ(front.time, 2.0);
  EXPECT_FALSE(ex.take_latest(front));
  // The 1000-element buffer moved between the three snapshots, it was never copied.
  EXPECT_TRUE(front.x.data() == data || back.x.data() == data);
}

TEST(SnapshotExchange, WorkerAndUiThreads) {
  SnapshotExchange ex;
  std::thread worker([&] {
    Snapshot back;
    for (int i = 1; i <= 2000; ++i) {
      back.time = i;
      back.x.assign(static_cast<std::size_t>(i % 50), static_cast<double>(i));
      ex.publish(back);
    }
  });
  Snapshot front;
  double last = 0.0;
  while (last < 2000.0) {
    if (ex.take_latest(front)) {
      EXPECT_GE(front.time, last);
      for (double v : front.x)
        EXPECT_DOUBLE_EQ(v, front.time);  // never a torn snapshot
      last = front.time;
    }
  }
  worker.join();
}

// [SECTION] Replay

fs::path temp_dir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("stroom_view_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

TEST(Replay, LoadsFramesAndDerivesSpeed) {
  const fs::path dir = temp_dir("replay");
  std::ofstream(dir / "scenario.yaml") << "stroom: 1\n";
  std::ofstream(dir / "summary.json")
      << R"({"scenario": "t", "file": "scenario.yaml", "agents": {"spawned": 2, "exited": 1}})";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "trajectories.sqlite").c_str(), &db), SQLITE_OK);
  exec(db,
       "CREATE TABLE trajectory_data(frame INTEGER, id INTEGER, pos_x REAL, pos_y REAL, ori_x "
       "REAL, ori_y REAL);"
       "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
       "INSERT INTO metadata VALUES ('version', '2'), ('fps', '2');"
       "INSERT INTO trajectory_data VALUES (0, 2, 5, 5, 1, 0), (0, 1, 0, 0, 1, 0),"
       "(1, 1, 0.5, 0, 1, 0), (1, 2, 5, 5.25, 0, 1), (2, 2, 5, 5.5, 0, 1);");
  sqlite3_close(db);

  const Recording rec = load_recording(dir.string());
  EXPECT_EQ(rec.scenario_path, (dir / "scenario.yaml").lexically_normal().string());
  ASSERT_EQ(rec.frame_count(), 3u);
  EXPECT_DOUBLE_EQ(rec.fps, 2.0);
  EXPECT_DOUBLE_EQ(rec.duration(), 1.0);
  EXPECT_EQ(rec.frame_at(0.74), 1u);
  EXPECT_EQ(rec.frame_at(99.0), 2u);
  EXPECT_EQ(rec.ids[0], 1);  // ordered by id within the frame

  Scenario scenario;
  scenario.venue.exits.push_back({"east", {{10, 0}, {10, 2}}, {}});
  EventDesc close;
  close.at = 0.25;
  close.kind = EventDesc::Kind::close;
  close.target = "east";
  close.ref = {ElementRef::Kind::exit, 0};  // resolved by the loader
  scenario.events.push_back(close);
  // No events table in this file: the scenario's events (by their resolved ref) stand in.
  EXPECT_FALSE(rec.has_events);
  const ElementTimeline timeline = element_timeline(rec, scenario);
  Snapshot s;
  fill_snapshot(rec, timeline, 1, s);
  ASSERT_EQ(s.ids.size(), 2u);
  EXPECT_DOUBLE_EQ(s.time, 0.5);
  EXPECT_NEAR(s.speed[0], 1.0, 1e-6);  // 0.5 m in 0.5 s
  EXPECT_NEAR(s.speed[1], 0.5, 1e-6);
  ASSERT_EQ(s.exit_open.size(), 1u);
  EXPECT_EQ(s.exit_open[0], 0);  // closed at 0.25 s
  EXPECT_EQ(s.inside_series.values, (std::vector<float>{2, 2}));
  EXPECT_EQ(s.spawned, 2);
  fill_snapshot(rec, timeline, 0, s);
  EXPECT_EQ(s.exit_open[0], 1);
  fs::remove_all(dir);
}

// A results folder with three frames (t = 0, 0.5, 1 s) and the events the run applied.
TEST(Replay, MissingFilesAreNamed) {
  const fs::path dir = temp_dir("missing");
  try {
    load_recording(dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("summary.json"), std::string::npos);
  }
  std::ofstream(dir / "summary.json") << "{}";
  try {
    load_recording(dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("trajectories.sqlite"), std::string::npos);
  }
  fs::remove_all(dir);
}

// [SECTION] Scenario export

TEST(ScenarioExport, WhatIfsAreTheEventsNotInTheFile) {
  Scenario s;
  s.step = 0.05;
  EventDesc alarm;
  alarm.at = 600;
  alarm.kind = EventDesc::Kind::evacuate;
  s.events.push_back(alarm);
  EventDesc applied_alarm = alarm;
  applied_alarm.at = 600.02;  // applied at the start of the step after
  EventDesc close;
  close.at = 312.5;
  close.kind = EventDesc::Kind::close;
  close.target = "north";
  const auto extra = what_if_events(s, {close, applied_alarm});
  ASSERT_EQ(extra.size(), 1u);
  EXPECT_EQ(extra[0].target, "north");
}

TEST(ScenarioExport, AppendsToEventsOrCreatesThem) {
  EventDesc close;
  close.at = 312.5;
  close.kind = EventDesc::Kind::close;
  close.target = "north";
  EventDesc open = close;
  open.at = 400.0;
  open.kind = EventDesc::Kind::open;

  const std::string without = "stroom: 1\nname: Test\ntime: {duration: 100}\n";
  YAML::Node a = YAML::Load(scenario_with_events(without, {close, open}));
  EXPECT_EQ(a["name"].as<std::string>(), "Test");
  ASSERT_EQ(a["events"].size(), 2u);
  EXPECT_DOUBLE_EQ(a["events"][0]["at"].as<double>(), 312.5);
  EXPECT_EQ(a["events"][0]["close"].as<std::string>(), "north");
  EXPECT_EQ(a["events"][1]["open"].as<std::string>(), "north");

  const std::string with = "stroom: 1\nevents:\n  - at: 10\n    evacuate: {premovement: 5}\n";
  EventDesc alarm;
  alarm.at = 20;
  alarm.kind = EventDesc::Kind::evacuate;
  YAML::Node b = YAML::Load(scenario_with_events(with, {alarm}));
  ASSERT_EQ(b["events"].size(), 2u);
  EXPECT_EQ(b["events"][0]["evacuate"]["premovement"].as<int>(), 5);
  EXPECT_EQ(b["events"][1]["evacuate"]["route"].as<std::string>(), "quickest");
}

TEST(CriterionState, ATimeCriterionIsPendingUntilItsDeadline) {
  CriterionResult evac{"max_evacuation_time", 300.0, std::nullopt, false, "40 still inside"};
  // Before the alarm (at 60 s, say) the clock has not started: pending, not FAIL.
  EXPECT_EQ(criterion_state(evac, 30.0, -1.0, true, false), CriterionState::pending);
  // After the alarm at 60 s: pending until 360 s, failed from then on.
  EXPECT_EQ(criterion_state(evac, 200.0, 60.0, true, false), CriterionState::pending);
  EXPECT_EQ(criterion_state(evac, 361.0, 60.0, true, false), CriterionState::fail);
  // No evacuate event: timed from t = 0.
  EXPECT_EQ(criterion_state(evac, 299.0, -1.0, false, false), CriterionState::pending);
  EXPECT_EQ(criterion_state(evac, 301.0, -1.0, false, false), CriterionState::fail);
  // The run has ended: every verdict is final.
  EXPECT_EQ(criterion_state(evac, 30.0, -1.0, true, true), CriterionState::fail);
  CriterionResult out{"all_out_by", 600.0, std::nullopt, false, ""};
  EXPECT_EQ(criterion_state(out, 599.0, -1.0, false, false), CriterionState::pending);
  EXPECT_EQ(criterion_state(out, 601.0, -1.0, false, false), CriterionState::fail);
  // Criteria judged as they stand (density) keep their verdict.
  CriterionResult density{"max_density", 4.0, 4.5, false, ""};
  EXPECT_EQ(criterion_state(density, 10.0, -1.0, false, false), CriterionState::fail);
  evac.value = 120.0;
  evac.pass = true;
  EXPECT_EQ(criterion_state(evac, 200.0, 60.0, true, false), CriterionState::pass);
}

TEST(LegendPlace, GoesToTheCornerThatCoversTheFewestPersons) {
  const PixelRect map{0, 0, 800, 600};
  // A queue of 30 persons in the bottom-left corner (where the legend goes first), 2 in the
  // bottom-right, 5 top-left, none top-right.
  std::vector<float> xs, ys;
  const auto add = [&](float x, float y, int n) {
    for (int i = 0; i < n; ++i) {
      xs.push_back(x + static_cast<float>(i % 5));
      ys.push_back(y + static_cast<float>(i / 5));
    }
  };
  add(40, 560, 30);
  add(700, 560, 2);
  add(40, 40, 5);
  EXPECT_EQ(legend_corner(map, 200, 120, xs, ys, 0), 3);
  const PixelRect r = legend_rect(map, 200, 120, 3);
  EXPECT_FLOAT_EQ(r.left, 590.0f);
  EXPECT_FLOAT_EQ(r.top, 10.0f);
  // An empty map keeps the legend where it is (no jumping about).
  EXPECT_EQ(legend_corner(map, 200, 120, {}, {}, 1), 1);
  // A tie keeps the current corner too.
  add(700, 40, 2);
  EXPECT_EQ(legend_corner(map, 200, 120, xs, ys, 1), 1);
}

}  // namespace
}  // namespace stroom::view
