// summary.json: every key of the CLI contract, in the contract's order, nulls for unknowns,
// identical bytes for identical figures.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/io/summary_json.hpp"

namespace {

stroom::Summary sample_summary() {
  stroom::Summary s;
  s.stroom_version = "0.1.0";
  s.scenario = "room";
  s.file = "scenarios/examples/room.yaml";
  s.seed = 42;
  s.model = "collision-free-speed";
  s.step = 0.05;
  s.simulated_time = 412.5;
  s.completed = true;
  s.agents = {500, 498, 2, 0};
  s.evacuation.last_exit_time = 311.2;
  s.evacuation.evacuation_time = 311.2;
  s.exits["east"] = {500, 21.3, 311.2, 1.9, 2.0};
  s.exits["west"] = {0, std::nullopt, std::nullopt, 0.0, 1.0};
  s.lines["half"] = {500, 0, 2.1};
  s.zones["field"] = {500, 3.1, 40, 20.0};
  s.density.peak = 4.2;
  s.density.peak_time = 35.0;
  s.density.peak_at = std::vector<double>{38.5, 1.0};
  s.density.exceedance = {{2.0, 120.0, 41.5, 2300.0}, {4.0, 6.0, 12.0, 40.0}};
  s.pressure.peak = 0.031;
  s.pressure.peak_time = 212.5;
  s.pressure.peak_at = std::vector<double>{40.5, 2.5};
  s.pressure.threshold = 0.02;
  s.pressure.area_above = 18.0;
  s.travel_time = {150.1, 148.0, 290.3, 311.2};
  s.criteria.push_back({"max_evacuation_time", 480, 311.2, true, ""});
  s.criteria.push_back({"all_out_by", 300, std::nullopt, false, "people still inside"});
  s.runtime = {3.2, 8250, 2100000, 656250.0, 2};
  return s;
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it)
    out.push_back(it.key());
  return out;
}

}  // namespace

TEST(SummaryJson, HasEveryContractKeyInOrder) {
  const auto j = nlohmann::ordered_json::parse(stroom::io::summary_json_text(sample_summary()));
  EXPECT_EQ(keys(j),
            (std::vector<std::string>{"stroom_version", "scenario",  "file",
                                      "seed",           "model",     "step",
                                      "simulated_time", "completed", "agents",
                                      "evacuation",     "exits",     "lines",
                                      "zones",          "density",   "pressure",
                                      "travel_time",    "criteria",  "duration_limit_reached",
                                      "stuck",          "runtime"}));
  EXPECT_EQ(keys(j["agents"]),
            (std::vector<std::string>{"spawned", "exited", "inside", "not_entered"}));
  EXPECT_EQ(keys(j["evacuation"]),
            (std::vector<std::string>{"alarm_time", "last_exit_time", "evacuation_time"}));
  EXPECT_EQ(keys(j["exits"]["east"]),
            (std::vector<std::string>{"count", "first", "last", "peak_flow", "width"}));
  EXPECT_EQ(keys(j["lines"]["half"]),
            (std::vector<std::string>{"forward", "backward", "peak_flow"}));
  EXPECT_EQ(keys(j["zones"]["field"]),
            (std::vector<std::string>{"peak_occupancy", "peak_density", "capacity", "area"}));
  EXPECT_EQ(keys(j["density"]),
            (std::vector<std::string>{"peak", "peak_time", "peak_at", "exceedance"}));
  EXPECT_EQ(keys(j["density"]["exceedance"][0]),
            (std::vector<std::string>{"threshold", "area", "longest", "area_seconds"}));
  EXPECT_EQ(keys(j["pressure"]),
            (std::vector<std::string>{"peak", "peak_time", "peak_at", "threshold", "area_above"}));
  EXPECT_EQ(keys(j["travel_time"]), (std::vector<std::string>{"mean", "p50", "p95", "max"}));
  EXPECT_EQ(keys(j["criteria"][0]),
            (std::vector<std::string>{"name", "limit", "value", "pass", "note"}));
  EXPECT_EQ(keys(j["runtime"]),
            (std::vector<std::string>{"wall_seconds", "steps", "agent_steps",
                                      "agent_steps_per_second", "threads", "stepping_seconds"}));
}

TEST(SummaryJson, GroupsBlockFollowsAgentsWhenAPopulationWalksInGroups) {
  // docs/cli.md: groups {count, persons, sizes {SIZE: groups}} right after agents; absent for
  // a scenario without groups (the contract's keys unchanged).
  stroom::Summary s = sample_summary();
  EXPECT_FALSE(nlohmann::ordered_json::parse(stroom::io::summary_json_text(s)).contains("groups"));
  s.groups = stroom::Summary::Groups{};
  s.groups->count = 5;
  s.groups->persons = 13;
  s.groups->sizes = {{2, 2}, {3, 3}};
  const auto j = nlohmann::ordered_json::parse(stroom::io::summary_json_text(s));
  const auto k = keys(j);
  ASSERT_EQ(k[9], "groups");
  EXPECT_EQ(k[8], "agents");
  EXPECT_EQ(keys(j["groups"]), (std::vector<std::string>{"count", "persons", "sizes"}));
  EXPECT_EQ(j["groups"]["count"], 5);
  EXPECT_EQ(j["groups"]["persons"], 13);
  EXPECT_EQ(j["groups"]["sizes"]["2"], 2);
  EXPECT_EQ(j["groups"]["sizes"]["3"], 3);
}

TEST(SummaryJson, ProfilesBlockFollowsTheContractKeysWhenAPopulationHasProfiles) {
  // docs/cli.md: profiles {POPULATION: [{profile, share, count}]} after the keys of the
  // contract and those added since, before runtime; absent without profiles.
  stroom::Summary s = sample_summary();
  EXPECT_FALSE(
      nlohmann::ordered_json::parse(stroom::io::summary_json_text(s)).contains("profiles"));
  s.profiles = {{"visitors", {{"adult", 0.75, 31}, {"wheelchair", 0.25, 9}}}};
  const auto j = nlohmann::ordered_json::parse(stroom::io::summary_json_text(s));
  const auto k = keys(j);
  ASSERT_GE(k.size(), 3u);
  EXPECT_EQ(k[k.size() - 1], "runtime");
  EXPECT_EQ(k[k.size() - 2], "profiles");
  EXPECT_EQ(k[k.size() - 3], "stuck");
  const auto& list = j["profiles"]["visitors"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(keys(list[0]), (std::vector<std::string>{"profile", "share", "count"}));
  EXPECT_EQ(list[0]["profile"], "adult");
  EXPECT_EQ(list[0]["share"], 0.75);
  EXPECT_EQ(list[1]["count"], 9);
}

TEST(SummaryJson, WritesValuesAndNulls) {
  const auto j = nlohmann::json::parse(stroom::io::summary_json_text(sample_summary()));
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["completed"], true);
  EXPECT_TRUE(j["evacuation"]["alarm_time"].is_null());
  EXPECT_DOUBLE_EQ(j["evacuation"]["evacuation_time"].get<double>(), 311.2);
  EXPECT_TRUE(j["exits"]["west"]["first"].is_null());
  EXPECT_EQ(j["exits"]["east"]["count"], 500);
  EXPECT_EQ(j["zones"]["field"]["capacity"], 40);
  EXPECT_EQ(j["density"]["peak_at"], nlohmann::json::array({38.5, 1.0}));
  EXPECT_TRUE(j["criteria"][1]["value"].is_null());
  EXPECT_EQ(j["criteria"][1]["pass"], false);
  EXPECT_EQ(j["criteria"][1]["note"], "people still inside");
  EXPECT_EQ(j["runtime"]["threads"], 2);
  EXPECT_EQ(j["density"]["exceedance"][1]["threshold"], 4.0);
  EXPECT_EQ(j["density"]["exceedance"][1]["area"], 6.0);
  EXPECT_EQ(j["density"]["exceedance"][1]["longest"], 12.0);
  EXPECT_EQ(j["pressure"]["peak"], 0.031);
  EXPECT_EQ(j["pressure"]["peak_at"], nlohmann::json::array({40.5, 2.5}));

  stroom::Summary empty;
  const auto e = nlohmann::json::parse(stroom::io::summary_json_text(empty));
  EXPECT_TRUE(e["density"]["peak"].is_null());
  EXPECT_TRUE(e["density"]["peak_at"].is_null());
  EXPECT_TRUE(e["density"]["exceedance"].is_array());
  EXPECT_TRUE(e["pressure"]["peak"].is_null());
  EXPECT_TRUE(e["travel_time"]["p95"].is_null());
  EXPECT_TRUE(e["exits"].is_object());
  EXPECT_TRUE(e["criteria"].is_array());
}

TEST(SummaryJson, SameFiguresGiveSameBytesAndDoublesRoundTrip) {
  stroom::Summary a = sample_summary();
  a.simulated_time = 0.1 + 0.2;  // not representable exactly: must round-trip
  const std::string text = stroom::io::summary_json_text(a);
  EXPECT_EQ(text, stroom::io::summary_json_text(a));
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["simulated_time"].get<double>(), 0.1 + 0.2);
}

TEST(SummaryJson, WithoutRuntimeForComparingRuns) {
  stroom::Summary a = sample_summary(), b = sample_summary();
  b.runtime.wall_seconds = 99.0;
  b.runtime.threads = 8;
  EXPECT_NE(stroom::io::summary_json_text(a), stroom::io::summary_json_text(b));
  EXPECT_EQ(stroom::io::summary_json_text(a, false), stroom::io::summary_json_text(b, false));
  EXPECT_FALSE(nlohmann::json::parse(stroom::io::summary_json_text(a, false)).contains("runtime"));
}

TEST(SummaryJson, WritesFileAtomically) {
  const auto dir = std::filesystem::temp_directory_path() / "stroom_test_summary_json";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  stroom::io::write_summary_json(sample_summary(), dir / "summary.json");
  std::ifstream in(dir / "summary.json");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), stroom::io::summary_json_text(sample_summary()));
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename(), "summary.json") << "left behind: " << entry.path();
  EXPECT_THROW(stroom::io::write_summary_json(sample_summary(), dir / "missing" / "summary.json"),
               stroom::SimulationError);
  std::filesystem::remove_all(dir);
}

// The tasks of a Slurm array write the same batch-plan.json at the same moment: every write
// must succeed and the file must always hold one writer's whole text.
TEST(SummaryJson, ConcurrentWritersOfOneFileAllSucceed) {
  const auto dir = std::filesystem::temp_directory_path() / "stroom_test_concurrent_write";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto file = dir / "batch-plan.json";
  const std::string texts[2] = {std::string(4096, 'a') + "\n", std::string(8192, 'b') + "\n"};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 200; ++i) {
        try {
          stroom::io::write_text_file(file, texts[w % 2]);
        } catch (const stroom::SimulationError&) {
          ++failures;
        }
      }
    });
  for (auto& writer : writers)
    writer.join();
  EXPECT_EQ(failures.load(), 0);
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(ss.str() == texts[0] || ss.str() == texts[1]);
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path(), file) << "left behind: " << entry.path();
  std::filesystem::remove_all(dir);
}
