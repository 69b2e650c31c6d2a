// `stroom run`: the results folder of the contract, determinism across thread counts, and a
// clean stop on SIGINT.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "process.hpp"

namespace fs = std::filesystem;
using stroom_test::slurp;
using stroom_test::stroom;

namespace {

const fs::path kRepo = STROOM_SOURCE_DIR;
const fs::path kTests = STROOM_CLI_TEST_DIR;

/// sha256sum's digest of a file (coreutils: an implementation independent of Stroom's).
std::string sha256sum(const fs::path& file) {
  const std::string cmd = "sha256sum '" + file.string() + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return "<error>";
  char buf[128] = {};
  const std::string line = fgets(buf, sizeof buf, pipe) ? buf : "";
  pclose(pipe);
  return line.substr(0, line.find(' '));
}

void write_file(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

/// One value from an SQLite file, as text ("<error>" when the query fails).
std::string query(const fs::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it)
    out.push_back(it.key());
  return out;
}

}  // namespace

TEST(Run, WritesTheResultsFolderOfTheContract) {
  const fs::path dir = stroom_test::scratch("run_hall");
  const auto r = stroom({"run", (kTests / "scenarios" / "hall.yaml").string(), "--quiet"},
                        "run_hall_capture", dir);
  // No criteria but the zone capacity (250 < 300 persons): a failed criterion, exit 1.
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;            // no progress bar when stderr is not a terminal
  const fs::path out = dir / "results" / "hall";  // the default: results/<scenario stem>/
  ASSERT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_TRUE(fs::exists(out / "report.html"));
  EXPECT_NE(r.out.find("results: results/hall"), std::string::npos) << r.out;
  // The report a reviewer opens says which criterion failed, in words.
  const std::string report = slurp(out / "report.html");
  const auto row = report.find("zone:hall:capacity");
  ASSERT_NE(row, std::string::npos);
  const auto verdict = report.find("<td class=\"verdict\">", row);
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_EQ(report.substr(verdict + 20, 4), "FAIL");

  const auto j = nlohmann::ordered_json::parse(slurp(out / "summary.json"));
  // The contract's keys in its order, then the keys added since (cli.md), runtime last.
  EXPECT_EQ(keys(j),
            (std::vector<std::string>{"stroom_version", "scenario",  "file",
                                      "seed",           "model",     "step",
                                      "simulated_time", "completed", "agents",
                                      "evacuation",     "exits",     "lines",
                                      "zones",          "density",   "pressure",
                                      "travel_time",    "criteria",  "duration_limit_reached",
                                      "inputs",         "capacity",  "stuck",
                                      "runtime"}));
  EXPECT_EQ(j["duration_limit_reached"], false);
  EXPECT_EQ(j["scenario"], "Hall capacity check");
  // The hand calculation beside the simulation: a building (no venue.setting), so the Bbl's
  // 90 P/(m·min): 300 / (2 m × 1.5 P/(m·s)) = 100 s of flow, plus 20.4 m at 1 m/s.
  EXPECT_EQ(j["capacity"]["norm"], "bbl-90");
  EXPECT_EQ(j["capacity"]["setting"], "building");
  EXPECT_NEAR(j["capacity"]["flow_time"].get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(j["capacity"]["egress_time"].get<double>(), 120.4, 0.6);
  EXPECT_EQ(j["capacity"]["egress_limit"], 210.0);
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["completed"], true);
  EXPECT_EQ(j["agents"]["spawned"], 300);
  EXPECT_EQ(j["agents"]["exited"], 300);
  EXPECT_EQ(j["exits"]["east"]["count"], 300);
  EXPECT_EQ(j["exits"]["east"]["width"], 2.0);
  EXPECT_EQ(keys(j["runtime"]),
            (std::vector<std::string>{"wall_seconds", "steps", "agent_steps",
                                      "agent_steps_per_second", "threads", "stepping_seconds"}));
  EXPECT_GT(j["runtime"]["steps"].get<int>(), 0);
  EXPECT_GT(j["runtime"]["agent_steps"].get<double>(), 0.0);
  // The steps are part of the run loop's wall time.
  EXPECT_GT(j["runtime"]["stepping_seconds"].get<double>(), 0.0);
  EXPECT_LE(j["runtime"]["stepping_seconds"].get<double>(),
            j["runtime"]["wall_seconds"].get<double>());

  const fs::path db = out / "trajectories.sqlite";
  EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query(db, "SELECT value FROM metadata WHERE key = 'version'"), "2");
  EXPECT_EQ(query(db, "SELECT value FROM metadata WHERE key = 'fps'"), "2");
  EXPECT_EQ(query(db, "SELECT value FROM metadata WHERE key = 'completed'"), "true");
  EXPECT_EQ(query(db, "SELECT COUNT(*) FROM trajectory_data WHERE frame = 0"), "300");
  EXPECT_EQ(query(db, "SELECT COUNT(*) FROM persons WHERE exit = 'east'"), "300");
  EXPECT_EQ(query(db, "SELECT COUNT(*) FROM geometry"), "1");
  // Every frame (an empty last one too) has its geometry; frames are numbered 0, 1, 2, ...
  EXPECT_EQ(query(db, "SELECT COUNT(*) FROM frame_data"),
            query(db, "SELECT MAX(frame) + 1 FROM frame_data"));
  EXPECT_EQ(query(db,
                  "SELECT COUNT(*) FROM (SELECT DISTINCT frame FROM trajectory_data) "
                  "WHERE frame NOT IN (SELECT frame FROM frame_data)"),
            "0");
  // Frame k is at k × 0.5 s: the last frame is not after the simulated time.
  EXPECT_LE(std::stod(query(db, "SELECT MAX(frame) FROM trajectory_data")) * 0.5,
            j["simulated_time"].get<double>() + 1e-9);
}

TEST(Run, OptionsSeedSetAndCsv) {
  const fs::path out = stroom_test::scratch("run_options") / "out";
  const auto r = stroom(
      {"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", out.string(), "--seed", "11",
       "--set", "populations.0.count=40", "--trajectories", "csv", "--quiet", "--threads", "2"},
      "run_options_capture");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;  // 40 persons: within the zone's capacity
  const std::string report = slurp(out / "report.html");
  const auto row = report.find("zone:hall:capacity");
  ASSERT_NE(row, std::string::npos);
  EXPECT_EQ(report.substr(report.find("<td class=\"verdict\">", row) + 20, 4), "PASS");
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(j["seed"], 11);
  EXPECT_EQ(j["agents"]["spawned"], 40);
  EXPECT_EQ(j["runtime"]["threads"], 2);
  EXPECT_FALSE(fs::exists(out / "trajectories.sqlite"));
  const std::string csv = slurp(out / "trajectories.csv");
  EXPECT_EQ(csv.rfind("frame,time,id,x,y,vx,vy\n", 0), 0u);
  EXPECT_NE(csv.find("\n0,0,40,"), std::string::npos);  // person 40 at frame 0
}

TEST(Run, RefusedScenarioWritesNothing) {
  const fs::path out = stroom_test::scratch("run_refused") / "out";
  const fs::path broken = kRepo / "tests" / "scenarios" / "broken" / "count-and-arrive.yaml";
  if (!fs::exists(broken)) GTEST_SKIP() << "broken corpus not present";
  const auto r = stroom({"run", broken.string(), "--out", out.string()}, "run_refused_capture");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(": error: "), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Run, SameResultsOnOneTwoAndEightThreads) {
  // Two rooms, a door that closes at 40 s and an alarm at 20 s: geometry changes mid-run.
  const fs::path scenario = kRepo / "scenarios" / "examples" / "room-two-exits.yaml";
  const fs::path base = stroom_test::scratch("run_threads");
  std::string summary_1, traj_1;
  for (const std::string threads : {"1", "2", "8"}) {
    const fs::path out = base / ("t" + threads);
    const auto r =
        stroom({"run", scenario.string(), "--out", out.string(), "--threads", threads, "--quiet"},
               "run_threads_capture");
    ASSERT_LE(r.exit_code, 1) << r.err;
    auto j = nlohmann::ordered_json::parse(slurp(out / "summary.json"));
    EXPECT_EQ(j["runtime"]["threads"], std::stoi(threads));
    j.erase("runtime");
    const std::string summary = j.dump();
    const std::string traj = slurp(out / "trajectories.sqlite");
    ASSERT_FALSE(traj.empty());
    if (threads == "1") {
      summary_1 = summary;
      traj_1 = traj;
      EXPECT_EQ(query(out / "trajectories.sqlite", "SELECT COUNT(*) FROM geometry"), "2");
      continue;
    }
    EXPECT_EQ(summary, summary_1) << "summary.json differs on " << threads << " threads";
    EXPECT_TRUE(traj == traj_1) << "trajectories.sqlite differs on " << threads << " threads";
  }
}

TEST(Run, InterruptWritesEverythingAsNotCompleted) {
  const fs::path out = stroom_test::scratch("run_sigint") / "out";
  stroom_test::Process p({"run", (kTests / "scenarios" / "long-stay.yaml").string(), "--out",
                          out.string(), "--threads", "1"},
                         stroom_test::scratch("run_sigint_capture"));
  ASSERT_GT(p.pid(), 0);
  // Wait until the run has written some frames, then press Ctrl-C.
  const fs::path db = out / "trajectories.sqlite";
  for (int i = 0; i < 200; ++i) {
    if (fs::exists(db) && fs::file_size(db) > 20000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  p.signal(SIGINT);
  const auto r = p.wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;  // a clean stop, never reported as a success
  EXPECT_NE(r.out.find("interrupted"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(j["completed"], false);
  EXPECT_LT(j["simulated_time"].get<double>(), 3600.0);
  EXPECT_TRUE(fs::exists(out / "report.html"));
  EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query(db, "SELECT value FROM metadata WHERE key = 'completed'"), "false");
  EXPECT_GT(std::stoi(query(db, "SELECT COUNT(DISTINCT frame) FROM trajectory_data")), 1);
  EXPECT_FALSE(fs::exists(out / "trajectories.sqlite-journal"));
}

TEST(Run, ResultsFolderHoldsTheScenarioAndItsIncludeWithTheirHashes) {
  // A scenario in site/ci/ that includes ../venue.yaml, as the Floriade CI scenarios do.
  const fs::path base = stroom_test::scratch("run_inputs");
  write_file(base / "site" / "venue.yaml",
             "# a 20 m x 10 m hall with one 2 m exit\n"
             "walkable:\n  - [[0, 0], [20, 0], [20, 10], [0, 10]]\n"
             "exits:\n  - {name: east, line: [[20, 4], [20, 6]]}\n"
             "zones:\n  - {name: hall, polygon: [[0, 0], [20, 0], [20, 10], [0, 10]]}\n");
  write_file(base / "site" / "ci" / "hall.yaml",
             "stroom: 1\nname: Included hall\nseed: 3\ntime: {duration: 400}\n"
             "venue: ../venue.yaml\n"
             "populations:\n  - {name: crowd, count: 300, in: hall, speed: 1.0}\n");
  const fs::path out = base / "out";
  const auto r = stroom({"run", "site/ci/hall.yaml", "--out", out.string(), "--quiet", "--set",
                         "populations.0.count=40"},
                        "run_inputs_capture", base);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  ASSERT_TRUE(j.contains("inputs")) << j.dump(2);
  const auto& inputs = j["inputs"];
  EXPECT_EQ(inputs["scenario"], "scenario/ci/hall.yaml");
  EXPECT_EQ(inputs["overrides"], nlohmann::json::array({"populations.0.count=40"}));
  ASSERT_EQ(inputs["files"].size(), 2u);
  EXPECT_EQ(inputs["files"][0]["path"], "scenario/ci/hall.yaml");
  EXPECT_EQ(inputs["files"][0]["original"], "site/ci/hall.yaml");
  EXPECT_EQ(inputs["files"][1]["path"], "scenario/venue.yaml");
  EXPECT_EQ(inputs["files"][1]["original"], "site/venue.yaml");
  for (const auto& f : inputs["files"]) {
    const fs::path copy = out / f["path"].get<std::string>();
    const fs::path original = base / f["original"].get<std::string>();
    ASSERT_TRUE(fs::exists(copy)) << copy;
    EXPECT_EQ(slurp(copy), slurp(original));  // byte for byte
    EXPECT_EQ(f["sha256"], sha256sum(original));
  }
  // The copy is a complete scenario on its own: it validates from any folder.
  fs::remove_all(base / "site");
  const auto v =
      stroom({"validate", (out / "scenario" / "ci" / "hall.yaml").string()}, "run_inputs_validate");
  EXPECT_EQ(v.exit_code, 0) << v.err;
}

TEST(Run, StoppedAtTheDurationLimitSaysSoAndExits4) {
  // 40 persons spread over a 20 m hall walking at 1 m/s to one exit: after 5 s most of them
  // are still inside, so the run is cut off by time.duration, not finished.
  const fs::path out = stroom_test::scratch("run_duration") / "out";
  const auto r = stroom(
      {"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", out.string(), "--quiet",
       "--set", "populations.0.count=40", "--set", "time.duration=5", "--trajectories", "none"},
      "run_duration_capture");
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(j["duration_limit_reached"], true);
  EXPECT_EQ(j["completed"], true);  // the contract's meaning: not interrupted
  const long inside = j["agents"]["inside"].get<long>();
  EXPECT_GT(inside, 20);
  EXPECT_NE(
      r.out.find("stopped at the duration limit: " + std::to_string(inside) + " still inside"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("completed"), std::string::npos) << r.out;
}

TEST(Run, CriterionValuesAreRoundedWithTheirUnits) {
  const fs::path out = stroom_test::scratch("run_units") / "out";
  const auto r = stroom(
      {"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", out.string(), "--quiet",
       "--set", "populations.0.count=40", "--set", "criteria.max_evacuation_time=300", "--set",
       "criteria.max_density=4", "--trajectories", "none"},
      "run_units_capture");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  char expected[160];
  std::snprintf(expected, sizeof expected, "PASS max_evacuation_time: %.1f s (limit 300.0 s)",
                j["evacuation"]["evacuation_time"].get<double>());
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  std::snprintf(expected, sizeof expected, "PASS max_density: %.2f P/m² (limit 4.00 P/m²)",
                j["density"]["peak"].get<double>());
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS zone:hall:capacity: 40 persons (limit 250 persons)"),
            std::string::npos)
      << r.out;
}

TEST(Validate, WarnsWhenTheDurationEndsBeforeATimeCriterion) {
  const fs::path dir = stroom_test::scratch("validate_duration");
  std::string hall = slurp(kTests / "scenarios" / "hall.yaml");
  hall += "criteria:\n  all_out_by: 600\n";
  write_file(dir / "hall.yaml", hall);
  const auto r = stroom({"validate", (dir / "hall.yaml").string()}, "validate_duration_capture");
  EXPECT_EQ(r.exit_code, 0) << r.err;  // a warning, not an error
  EXPECT_NE(r.err.find("hall.yaml:" + std::to_string(std::count(hall.begin(), hall.end(), '\n')) +
                       ":15: warning: all_out_by reaches t = 600 s, but time.duration is 400 s"),
            std::string::npos)
      << r.err;
  // No warning once the duration covers the limit.
  write_file(dir / "hall.yaml", hall.replace(hall.find("duration: 400"), 13, "duration: 900"));
  const auto ok = stroom({"validate", (dir / "hall.yaml").string()}, "validate_duration_ok");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err.find("warning"), std::string::npos) << ok.err;
}

TEST(Validate, AnExperimentalModelIsNamedInAWarning) {
  const fs::path dir = stroom_test::scratch("validate_model");
  std::string hall = slurp(kTests / "scenarios" / "hall.yaml");
  write_file(dir / "hall.yaml", hall + "model: {type: social-force}\n");
  const auto r = stroom({"validate", (dir / "hall.yaml").string()}, "validate_model_capture");
  EXPECT_EQ(r.exit_code, 0) << r.err;  // a warning, not an error
  const std::string where =
      "hall.yaml:" + std::to_string(std::count(hall.begin(), hall.end(), '\n') + 1) + ":15";
  EXPECT_NE(r.err.find(where + ": warning: model.type social-force is experimental: it fails 23 "
                               "of the 55 tests of the full verification suite"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("for comparison only, not for a permit"), std::string::npos) << r.err;
  // Chosen with --set on the command line, `run` says it too.
  const auto run = stroom(
      {"run", (kTests / "scenarios" / "hall.yaml").string(), "--set", "model.type=social-force",
       "--set", "time.duration=5", "--out", (dir / "out").string(), "--trajectories", "none"},
      "run_model_capture");
  EXPECT_NE(run.err.find("warning: model.type social-force is experimental"), std::string::npos)
      << run.err;
}

TEST(Run, PersonsStuckAtAClogOpeningAreCountedAndPlaced) {
  // A 0.3 m slit in a wall across the hall: nobody of 0.4 m gets through.
  const fs::path dir = stroom_test::scratch("run_stuck");
  write_file(dir / "clogged.yaml", R"(stroom: 1
name: clogged
time: {step: 0.05, duration: 120}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  obstacles:
    - {polygon: [[10, 0], [10.2, 0], [10.2, 4.85], [10, 4.85]]}
    - {polygon: [[10, 5.15], [10.2, 5.15], [10.2, 10], [10, 10]]}
  exits: [{name: east, line: [[20, 4], [20, 6]]}]
  zones: [{name: west, polygon: [[1, 1], [6, 1], [6, 9], [1, 9]]}]
populations:
  - {name: crowd, count: 30, in: west, radius: 0.2}
)");
  const auto r = stroom({"run", (dir / "clogged.yaml").string(), "--out", (dir / "out").string(),
                         "--trajectories", "none"},
                        "run_stuck_capture");
  EXPECT_EQ(r.exit_code, 4) << r.err;  // the duration limit, with everyone still inside
  EXPECT_NE(r.out.find("stuck: 30 persons walked 30 s without progress to their target"),
            std::string::npos)
      << r.out;
  const auto j = nlohmann::json::parse(slurp(dir / "out" / "summary.json"));
  EXPECT_EQ(j["stuck"]["persons"], 30);
  EXPECT_DOUBLE_EQ(j["stuck"]["after"].get<double>(), 30.0);
  std::int64_t placed = 0;
  for (const auto& place : j["stuck"]["places"]) {
    placed += place["persons"].get<std::int64_t>();
    EXPECT_NEAR(place["at"][0].get<double>(), 10.0, 2.5);  // in front of the slit
  }
  EXPECT_EQ(placed, 30);
  EXPECT_NE(slurp(dir / "out" / "report.html").find("<h3>Persons stuck</h3>"), std::string::npos);
}

TEST(Validate, AVenueIncludeIsValidatedOnItsOwnAndNamesItsScenarios) {
  const fs::path venue = kRepo / "scenarios" / "floriade" / "entry-venue.yaml";
  const auto r = stroom({"validate", venue.string()}, "validate_venue");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("a venue include (used by ci/entry-morning-small.yaml, entry-morning.yaml)"),
            std::string::npos)
      << r.out;
  // A mistake in a venue include is found there, with its own line and column.
  const fs::path dir = stroom_test::scratch("validate_venue_bad");
  write_file(dir / "venue.yaml",
             "walkable:\n  - [[0, 0], [10, 0], [10, 10], [0, 10]]\n"
             "exits:\n  - {name: east, line: [[10, 4], [10, 6]], widht: 2}\n"
             "  - {name: far, line: [[30, 4], [30, 6]]}\n");
  write_file(dir / "show.yaml",
             "stroom: 1\nname: Show\ntime: {duration: 60}\nvenue: venue.yaml\n"
             "populations:\n  - {name: p, count: 1, area: [[1, 1], [2, 1], [2, 2], [1, 2]]}\n");
  const auto bad = stroom({"validate", (dir / "venue.yaml").string()}, "validate_venue_bad_run");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.err.find("venue.yaml:4:"), std::string::npos) << bad.err;  // widht
  EXPECT_EQ(bad.err.find("populations"), std::string::npos) << bad.err;    // no unrelated errors
  // capacity needs persons: one line that says which scenario to use instead.
  const auto cap = stroom({"capacity", (dir / "venue.yaml").string()}, "capacity_venue");
  EXPECT_EQ(cap.exit_code, 2);
  EXPECT_EQ(cap.err, (dir / "venue.yaml").string() +
                         ": error: this is a venue include, not a scenario (used by show.yaml): "
                         "run `stroom capacity` on a scenario that uses it\n");
  const auto run =
      stroom({"run", (dir / "venue.yaml").string(), "--out", (dir / "out").string()}, "run_venue");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("run `stroom run` on a scenario that uses it"), std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Run, DutchSummaryAndReport) {
  // --lang nl: the console summary, the report and the criterion notes in Dutch, with decimal
  // commas; report.lang: nl in the scenario does the same, and --lang en overrides it.
  const fs::path dir = stroom_test::scratch("run_dutch");
  const auto r =
      stroom({"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", (dir / "nl").string(),
              "--quiet", "--trajectories", "none", "--lang", "nl"},
             "run_dutch_capture");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // the zone's capacity fails, as in English
  for (const char* needle :
       {"personen: 300 binnengekomen", "ontruimingstijd: ", "VOLDOET NIET",
        "piekbezetting van 300 personen overschrijdt de capaciteit van 250", "resultaten: "})
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle << "\n" << r.out;
  for (const char* english :
       {"persons:", "evacuation time", "FAIL", "exceeds the capacity", "results:"})
    EXPECT_EQ(r.out.find(english), std::string::npos) << english << "\n" << r.out;
  const std::string report = slurp(dir / "nl" / "report.html");
  EXPECT_NE(report.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(report.find("Uitgangspunten"), std::string::npos);
  // summary.json keeps its keys and numbers; only its notes follow the language.
  const auto j = nlohmann::json::parse(slurp(dir / "nl" / "summary.json"));
  EXPECT_EQ(j["agents"]["spawned"], 300);

  const auto k =
      stroom({"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", (dir / "key").string(),
              "--quiet", "--trajectories", "none", "--set", "report.lang=nl"},
             "run_dutch_key_capture");
  EXPECT_NE(k.out.find("ontruimingstijd: "), std::string::npos) << k.out;
  const auto e =
      stroom({"run", (kTests / "scenarios" / "hall.yaml").string(), "--out", (dir / "en").string(),
              "--quiet", "--trajectories", "none", "--set", "report.lang=nl", "--lang", "en"},
             "run_dutch_en_capture");
  EXPECT_NE(e.out.find("evacuation time: "), std::string::npos) << e.out;
}

TEST(Run, LanguageFromTheEnvironment) {
  // STROOM_LANG=nl is the default language; the scenario's report.lang comes before it and
  // --lang before both (docs/cli.md); a STROOM_LANG that is no language is refused (exit 2)
  // before anything is written.
  const fs::path dir = stroom_test::scratch("run_env_lang");
  const std::string hall = (kTests / "scenarios" / "hall.yaml").string();
  ::setenv("STROOM_LANG", "nl", 1);
  const auto nl =
      stroom({"run", hall, "--out", (dir / "nl").string(), "--quiet", "--trajectories", "none"},
             "run_env_nl");
  const auto key = stroom({"run", hall, "--out", (dir / "key").string(), "--quiet",
                           "--trajectories", "none", "--set", "report.lang=en"},
                          "run_env_key");
  ::setenv("STROOM_LANG", "english", 1);
  const auto bad = stroom({"run", hall, "--out", (dir / "bad").string(), "--quiet"}, "run_env_bad");
  ::unsetenv("STROOM_LANG");
  EXPECT_NE(nl.out.find("ontruimingstijd: "), std::string::npos) << nl.out;
  EXPECT_NE(slurp(dir / "nl" / "report.html").find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(key.out.find("evacuation time: "), std::string::npos) << key.out;
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("STROOM_LANG: error: unknown language 'english'"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(fs::exists(dir / "bad"));
}
