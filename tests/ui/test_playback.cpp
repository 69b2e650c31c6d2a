// The viewer's Playback implementations and the replay's element states: the replay reads
// trajectories.sqlite's events table (resolved to venue indices at load), the live run the
// engine's StepView; both show an element closed after the run closed it and open before.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "live_run.hpp"
#include "map_renderer.hpp"
#include "playback.hpp"
#include "replay.hpp"
#include "stroom/io/run.hpp"
#include "stroom/measurement.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::view {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("stroom_playback_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

fs::path recording_with_events(const std::string& name, const std::string& events_sql) {
  const fs::path dir = temp_dir(name);
  std::ofstream(dir / "scenario.yaml") << "stroom: 1\n";
  std::ofstream(dir / "summary.json") << R"({"scenario": "t", "file": "scenario.yaml"})";
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open((dir / "trajectories.sqlite").c_str(), &db), SQLITE_OK);
  exec(db,
       "CREATE TABLE trajectory_data(frame INTEGER, id INTEGER, pos_x REAL, pos_y REAL, ori_x "
       "REAL, ori_y REAL);"
       "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
       "INSERT INTO metadata VALUES ('version', '2'), ('fps', '2');"
       "INSERT INTO trajectory_data VALUES (0, 1, 0, 0, 1, 0), (1, 1, 0.5, 0, 1, 0),"
       "(2, 1, 1, 0, 1, 0);"
       "CREATE TABLE events (time REAL NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL);" +
           events_sql);
  sqlite3_close(db);
  return dir;
}

Scenario venue_with_one_of_each() {
  Scenario scenario;
  scenario.venue.exits.push_back({"east", {{10, 0}, {10, 2}}, {}});
  scenario.venue.exits.push_back({"west", {{0, 0}, {0, 2}}, {}});
  DoorDesc gate;
  gate.name = "gate";
  gate.line = {{5, 0}, {5, 2}};
  gate.open = false;
  scenario.venue.doors.push_back(gate);
  CheckpointDesc scan;
  scan.name = "scan";
  scan.line = {{3, 0}, {3, 2}};
  scenario.venue.checkpoints.push_back(scan);
  return scenario;
}

TEST(Replay, ElementStatesComeFromTheRecordedEventsTable) {
  // The run closed exit "west" at 0.5 s, the checkpoint at 0.25 s, opened the (initially
  // closed) door at 0.75 s and sounded the alarm at 0.5 s.
  const fs::path dir = recording_with_events(
      "events",
      "INSERT INTO events VALUES (0.25, 'close', 'scan'), (0.5, 'evacuate', ''),"
      "(0.5, 'close', 'west'), (0.75, 'open', 'gate');");
  const Recording rec = load_recording(dir.string());
  ASSERT_TRUE(rec.has_events);
  ASSERT_EQ(rec.events.size(), 4u);
  Scenario scenario = venue_with_one_of_each();
  // The scenario's own events are not what the run applied (a what-if changed them, say):
  // the recording wins.
  EventDesc close_east;
  close_east.at = 0.0;
  close_east.kind = EventDesc::Kind::close;
  close_east.target = "east";
  close_east.ref = {ElementRef::Kind::exit, 0};
  scenario.events.push_back(close_east);
  const ElementTimeline timeline = element_timeline(rec, scenario);

  Snapshot s;
  fill_snapshot(rec, timeline, 0, s);  // t = 0: before every event
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_EQ(s.door_open, (std::vector<std::uint8_t>{0}));
  EXPECT_EQ(s.checkpoint_open, (std::vector<std::uint8_t>{1}));
  EXPECT_LT(s.alarm_time, 0.0);
  EXPECT_TRUE(s.applied_events.empty());

  fill_snapshot(rec, timeline, 1, s);  // t = 0.5: the exit closes at this very time
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(s.door_open, (std::vector<std::uint8_t>{0}));
  EXPECT_EQ(s.checkpoint_open, (std::vector<std::uint8_t>{0}));
  EXPECT_DOUBLE_EQ(s.alarm_time, 0.5);
  ASSERT_EQ(s.applied_events.size(), 3u);
  EXPECT_EQ(s.applied_events[2].ref, (ElementRef{ElementRef::Kind::exit, 1}));

  fill_snapshot(rec, timeline, 2, s);  // t = 1: the door is open too
  EXPECT_EQ(s.door_open, (std::vector<std::uint8_t>{1}));
  EXPECT_EQ(s.applied_events.size(), 4u);

  // Scrubbing back shows the earlier state again.
  fill_snapshot(rec, timeline, 0, s);
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 1}));
  fs::remove_all(dir);
}

TEST(Replay, AnEventNamingNoElementOfTheScenarioIsAnError) {
  const fs::path dir =
      recording_with_events("stranger", "INSERT INTO events VALUES (0.5, 'close', 'south');");
  const Recording rec = load_recording(dir.string());
  try {
    (void)element_timeline(rec, venue_with_one_of_each());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("trajectories.sqlite"), std::string::npos) << what;
    EXPECT_NE(what.find("\"south\""), std::string::npos) << what;
  }
  fs::remove_all(dir);
}

TEST(Replay, AnUnknownEventKindIsAnError) {
  const fs::path dir =
      recording_with_events("kind", "INSERT INTO events VALUES (0.5, 'lock', 'west');");
  try {
    (void)load_recording(dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("lock"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Playback, LiveAndReplayShowTheExitClosedAfterItsTimeAndOpenBefore) {
  // A room with two exits; the scenario closes "west" at t = 2 s. The live path (the engine's
  // StepView) and the replay of the same run (its events table) agree on the state.
  const fs::path dir = temp_dir("closed_exit");
  const fs::path file = dir / "room.yaml";
  std::ofstream(file) << R"(stroom: 1
name: Closing exit
seed: 2
time: {step: 0.05, duration: 4}
venue:
  walkable:
    - [[0, 0], [16, 0], [16, 10], [0, 10]]
  exits:
    - {name: east, line: [[16, 4], [16, 6]]}
    - {name: west, line: [[0, 4], [0, 6]]}
  zones:
    - {name: hall, polygon: [[6, 3], [10, 3], [10, 7], [6, 7]]}
populations:
  - {name: visitors, count: 10, in: hall}
events:
  - {at: 2, close: west}
output: {frame_interval: 0.5}
)";
  const Scenario scenario = load_scenario(file.string());
  Snapshot live;
  simulate_to(scenario, 1.5, 1, live);
  EXPECT_EQ(live.exit_open, (std::vector<std::uint8_t>{1, 1}));
  simulate_to(scenario, 2.5, 1, live);
  EXPECT_EQ(live.exit_open, (std::vector<std::uint8_t>{1, 0}));

  io::RunOptions options;
  options.threads = 1;
  options.out = dir / "results";
  options.report = false;
  fs::create_directories(options.out);
  (void)io::run_scenario(scenario, options);
  const Recording rec = load_recording(options.out.string());
  ASSERT_TRUE(rec.has_events);
  ASSERT_EQ(rec.events.size(), 1u);
  EXPECT_EQ(rec.events[0].target, "west");
  EXPECT_NEAR(rec.events[0].time, 2.0, scenario.step + 1e-9);
  const ElementTimeline timeline = element_timeline(rec, scenario);
  Snapshot replay;
  fill_snapshot(rec, timeline, rec.frame_at(1.5), replay);
  EXPECT_DOUBLE_EQ(replay.time, 1.5);
  EXPECT_EQ(replay.exit_open, (std::vector<std::uint8_t>{1, 1}));
  fill_snapshot(rec, timeline, rec.frame_at(2.5), replay);
  EXPECT_DOUBLE_EQ(replay.time, 2.5);
  EXPECT_EQ(replay.exit_open, (std::vector<std::uint8_t>{1, 0}));
  fs::remove_all(dir);
}

TEST(Playback, LiveAndReplayShowTheSameWalkingGroupsAndVisitorProfiles) {
  // Groups of 2-4 with four visitor profiles: the live snapshot (StepView) and the replay of
  // the same run (trajectories.sqlite's persons table) give every person the same group,
  // profile name and radius; group_links() joins each group of n with n - 1 links.
  const fs::path dir = temp_dir("profiles");
  const fs::path file = dir / "entry.yaml";
  std::ofstream(file) << R"(stroom: 1
name: Profiles
seed: 5
time: {step: 0.05, duration: 6}
venue:
  walkable:
    - [[0, 0], [30, 0], [30, 20], [0, 20]]
  exits:
    - {name: east, line: [[30, 8], [30, 12]]}
  zones:
    - {name: hall, polygon: [[2, 2], [20, 2], [20, 18], [2, 18]]}
populations:
  - name: visitors
    count: 60
    in: hall
    groups: {size: {uniform: [2, 4]}}
    profiles:
      - {profile: adult, share: 0.4}
      - {profile: older, share: 0.3}
      - {profile: child, share: 0.2, speed: {uniform: [0.6, 1.2]}, radius: 0.15}
      - {profile: wheelchair, share: 0.1}
output: {frame_interval: 0.5}
)";
  const Scenario scenario = load_scenario(file.string());
  Snapshot live;
  simulate_to(scenario, 2.0, 1, live);
  // Built-in profiles first, in their order, then the scenario's own.
  EXPECT_EQ(live.visitor_profile_names,
            (std::vector<std::string>{"adult", "older", "wheelchair", "child"}));
  ASSERT_EQ(live.group.size(), live.ids.size());
  ASSERT_EQ(live.visitor_profile.size(), live.ids.size());
  std::map<std::int32_t, int> members;
  std::set<std::int32_t> profiles_seen;
  for (std::size_t i = 0; i < live.ids.size(); ++i) {
    EXPECT_NE(live.group[i], 0) << "everyone walks in a group of 2-4";
    ++members[live.group[i]];
    ASSERT_GE(live.visitor_profile[i], 0);
    profiles_seen.insert(live.visitor_profile[i]);
    const std::string& name =
        live.visitor_profile_names[static_cast<std::size_t>(live.visitor_profile[i])];
    EXPECT_FLOAT_EQ(live.radius[i], name == "wheelchair" ? 0.35f : name == "child" ? 0.15f : 0.2f);
  }
  EXPECT_EQ(profiles_seen.size(), 4u);
  EXPECT_EQ(group_links(live).size(), live.ids.size() - members.size());

  io::RunOptions options;
  options.threads = 1;
  options.out = dir / "results";
  options.report = false;
  fs::create_directories(options.out);
  (void)io::run_scenario(scenario, options);
  const Recording rec = load_recording(options.out.string());
  const ElementTimeline timeline = element_timeline(rec, scenario);
  Snapshot replay;
  fill_snapshot(rec, timeline, rec.frame_at(2.0), replay);
  EXPECT_EQ(replay.visitor_profile_names, live.visitor_profile_names);
  ASSERT_EQ(replay.ids.size(), live.ids.size());
  std::map<std::int32_t, std::size_t> live_slot;
  for (std::size_t i = 0; i < live.ids.size(); ++i)
    live_slot[live.ids[i]] = i;
  for (std::size_t i = 0; i < replay.ids.size(); ++i) {
    const std::size_t k = live_slot.at(replay.ids[i]);
    EXPECT_EQ(replay.group[i], live.group[k]) << replay.ids[i];
    EXPECT_EQ(replay.visitor_profile[i], live.visitor_profile[k]) << replay.ids[i];
    EXPECT_FLOAT_EQ(replay.radius[i], live.radius[k]) << replay.ids[i];
  }
  EXPECT_EQ(group_links(replay).size(), group_links(live).size());
  fs::remove_all(dir);
}

TEST(Playback, ReplayPlaysBothWaysStepsFramesAndStopsAtTheEnds) {
  const fs::path dir =
      recording_with_events("transport", "INSERT INTO events VALUES (0.5, 'close', 'west');");
  Recording rec = load_recording(dir.string());
  ElementTimeline timeline = element_timeline(rec, venue_with_one_of_each());
  ReplayPlayback replay(std::move(rec), std::move(timeline));
  Playback& p = replay;
  EXPECT_TRUE(p.is_replay());
  EXPECT_FALSE(p.is_live());
  EXPECT_TRUE(p.can_seek());
  EXPECT_EQ(p.recorded_summary().value("file", ""), "scenario.yaml");
  Snapshot s;
  p.seek(0.0, s);
  EXPECT_DOUBLE_EQ(s.time, 0.0);
  EXPECT_DOUBLE_EQ(p.end_time(), 1.0);  // frames at 0, 0.5 and 1 s
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 1}));

  // Forwards at 1×: 0.6 s of wall time shows the frame at 0.5 s, after the close.
  p.set_speed(1.0);
  p.set_playing(true);
  p.update(0.6, s);
  EXPECT_NEAR(p.position(), 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(s.time, 0.5);
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 0}));
  p.update(1.0, s);  // past the end: clamped, and playing stops
  EXPECT_FALSE(p.playing());
  EXPECT_DOUBLE_EQ(p.position(), 1.0);
  EXPECT_DOUBLE_EQ(s.time, 1.0);

  // Backwards to the start: the exit is open again, and playing stops there.
  p.set_playing(true, -1);
  EXPECT_EQ(p.direction(), -1);
  p.update(0.3, s);
  EXPECT_DOUBLE_EQ(s.time, 0.5);
  p.update(5.0, s);
  EXPECT_FALSE(p.playing());
  EXPECT_DOUBLE_EQ(s.time, 0.0);
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 1}));
  p.toggle_playing();  // Space keeps the direction
  EXPECT_TRUE(p.playing());
  EXPECT_EQ(p.direction(), -1);
  p.set_playing(false);

  // Frame by frame (. and ,), never past either end.
  p.step_forward(s);
  EXPECT_DOUBLE_EQ(s.time, 0.5);
  p.step_forward(s);
  p.step_forward(s);
  EXPECT_DOUBLE_EQ(s.time, 1.0);
  p.step_back(s);
  EXPECT_DOUBLE_EQ(s.time, 0.5);
  p.step_back(s);
  p.step_back(s);
  EXPECT_DOUBLE_EQ(s.time, 0.0);

  // "As fast as possible" plays a replay at 100×.
  p.set_speed(0.0);
  p.set_playing(true);
  p.update(0.005, s);
  EXPECT_NEAR(p.position(), 0.5, 1e-12);
  fs::remove_all(dir);
}

TEST(Playback, LiveStepsOnCommandAndAppliesAWhatIfClose) {
  const fs::path dir = temp_dir("live");
  const fs::path file = dir / "room.yaml";
  std::ofstream(file) << R"(stroom: 1
name: What-if
seed: 2
time: {step: 0.05, duration: 60}
venue:
  walkable:
    - [[0, 0], [16, 0], [16, 10], [0, 10]]
  exits:
    - {name: east, line: [[16, 4], [16, 6]]}
    - {name: west, line: [[0, 4], [0, 6]]}
  checkpoints:
    - {name: scan, line: [[12, 0], [12, 10]], lanes: 2, service: 1}
  zones:
    - {name: hall, polygon: [[6, 3], [10, 3], [10, 7], [6, 7]]}
populations:
  - {name: visitors, count: 10, in: hall}
)";
  const Scenario scenario = load_scenario(file.string());
  LivePlayback live(scenario, 1, "Live · seed 2 · room.yaml");
  Playback& p = live;
  EXPECT_TRUE(p.is_live());
  EXPECT_FALSE(p.is_replay());
  EXPECT_FALSE(p.can_seek());
  EXPECT_EQ(p.description(), "Live · seed 2 · room.yaml");
  Snapshot s;
  const auto wait_for = [&](auto done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done() && std::chrono::steady_clock::now() < until) {
      p.update(0.016, s);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return done();
  };
  ASSERT_TRUE(wait_for([&] { return s.exit_open.size() == 2; })) << s.error;
  EXPECT_EQ(s.steps, 0);
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_EQ(s.checkpoint_open, (std::vector<std::uint8_t>{1}));

  // A what-if close of the west exit and the checkpoint, applied with the next step.
  for (const char* name : {"west", "scan"}) {
    EventDesc close;
    close.at = s.time;
    close.kind = EventDesc::Kind::close;
    close.target = name;
    p.schedule(close);
  }
  p.step_forward(s);
  ASSERT_TRUE(wait_for([&] { return s.steps == 1; }));
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(s.checkpoint_open, (std::vector<std::uint8_t>{0}));
  EXPECT_EQ(s.applied_events.size(), 2u);

  // Playing as fast as possible moves on; pausing stops it.
  p.set_speed(0.0);
  p.set_playing(true);  // (the ten may all be out, and the run done, within milliseconds)
  ASSERT_TRUE(wait_for([&] { return s.time >= 1.0; }));
  p.set_playing(false);
  EXPECT_FALSE(p.playing());
  EXPECT_EQ(s.exit_open, (std::vector<std::uint8_t>{1, 0}));
  fs::remove_all(dir);
}

TEST(Playback, LivePlotsAreTheMeasurementsSeries) {
  // The side panel's plots of a live run are the engine's Measurement series: the persons
  // inside sampled every Measurement::kSampleInterval from t = 0, exit flows in whole seconds
  // that add up to the exit counts of the summary (the figures of summary.json).
  const Scenario scenario =
      load_scenario((fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml").string());
  Snapshot s;
  simulate_to(scenario, 12.0, 1, s);
  ASSERT_TRUE(s.summary);
  ASSERT_FALSE(s.done);
  ASSERT_NEAR(s.time, 12.0, 1e-9);
  EXPECT_DOUBLE_EQ(s.series_interval, Measurement::kSampleInterval);
  // Samples at 0, 0.5, …, 12 s.
  ASSERT_EQ(s.inside_series.values.size(), 25u);
  EXPECT_EQ(s.inside_series.values.front(), 40.0f);  // all 40 placed at t = 0
  EXPECT_EQ(s.inside_series.values.back(), static_cast<float>(s.inside));
  ASSERT_EQ(s.exit_flow.size(), 1u);
  EXPECT_EQ(s.exit_flow[0].name, "east");
  ASSERT_EQ(s.exit_flow[0].values.size(), 12u);  // 12 complete one-second bins
  double out = 0.0;
  for (float v : s.exit_flow[0].values)
    out += v;  // persons/s over 1 s bins
  EXPECT_GT(out, 0.0);
  EXPECT_DOUBLE_EQ(out, static_cast<double>(s.summary->exits.at("east").count));
  EXPECT_EQ(static_cast<std::int64_t>(out) + s.inside, 40);
}

}  // namespace
}  // namespace stroom::view
