// `stroom batch` end to end through the real executable on a small example scenario:
// outputs, exit codes, refusal of a bad sweep, resume after deleted results and after Ctrl-C,
// slices + --collect, and equality with `stroom run --seed` of the same (variant, seed).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kExe = STROOM_EXE;
const std::string kScenario = fs::path(STROOM_SOURCE_DIR "/scenarios/examples/room-one-door.yaml")
                                  .lexically_normal()
                                  .string();

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class BatchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: CTest runs each test case as its own process, in parallel.
    dir_ = fs::path(STROOM_BINARY_DIR) / ("test-batch-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "sweep.yaml")
        << "stroom-batch: 1\n"
        << "scenario: " << kScenario << "\n"
        << "seeds: 3\n"
        << "variants:\n"
        << "  - {name: base}\n"
        << "  - {name: half, set: {populations.0.count: 50, criteria.max_evacuation_time: 20}}\n";
    // The reference batch: every other test compares with it.
    code_ = run(kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " +
                (dir_ / "full").string() + " --jobs 2 --quiet > " + (dir_ / "full.log").string());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
  static int code_;
};
fs::path BatchCli::dir_;
int BatchCli::code_ = -1;

TEST_F(BatchCli, WritesRunsCsvJsonHtmlAndExitsOneWhenACriterionFailed) {
  // `half` asks for everyone out within 20 s, which 50 people through a 1 m door cannot do.
  EXPECT_EQ(code_, 1) << read(dir_ / "full.log");
  for (const char* v : {"base", "half"})
    for (int seed = 1; seed <= 3; ++seed)
      EXPECT_TRUE(fs::exists(dir_ / "full/runs" / v / std::to_string(seed) / "summary.json"));
  EXPECT_FALSE(fs::exists(dir_ / "full/runs/base/1/trajectories.sqlite"));  // off by default
  EXPECT_FALSE(fs::exists(dir_ / "full/runs/base/1/report.html"));          // only with --reports
  EXPECT_FALSE(fs::exists(dir_ / "full/runs/base/1/maps.geojson"));         // goes with the report
  const std::string csv = read(dir_ / "full/batch.csv");
  EXPECT_EQ(csv.rfind("variant,seed,completed,evacuation_time,peak_density,travel_time_p95,"
                      "exited,pass_max_evacuation_time,",
                      0),
            0u)
      << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
  EXPECT_NE(csv.find("\nbase,1,1,"), std::string::npos);
  EXPECT_NE(csv.find("\nhalf,3,1,"), std::string::npos);
  const auto doc = nlohmann::json::parse(read(dir_ / "full/batch.json"));
  EXPECT_EQ(doc["variants"][0]["completed"], 3);
  EXPECT_EQ(doc["variants"][1]["criteria"][0]["pass_rate"], 0.0);
  EXPECT_NE(read(dir_ / "full/batch.html").find("<svg"), std::string::npos);
}

TEST_F(BatchCli, ReportsBringEachRunsMapsGeoJson) {
  const fs::path out = dir_ / "reports";
  EXPECT_EQ(run(kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " + out.string() +
                " --jobs 2 --quiet --reports > /dev/null"),
            1);
  for (const char* v : {"base", "half"}) {
    const fs::path folder = out / "runs" / v / "1";
    EXPECT_TRUE(fs::exists(folder / "report.html")) << folder;
    ASSERT_TRUE(fs::exists(folder / "maps.geojson")) << folder;
    const auto maps = nlohmann::json::parse(read(folder / "maps.geojson"));
    EXPECT_EQ(maps["type"], "FeatureCollection");
    EXPECT_EQ(maps["stroom"]["seed"], 1);
  }
}

TEST_F(BatchCli, SameFiguresAsStroomRunWithThatSeed) {
  const fs::path alone = dir_ / "alone";
  run(kExe + " run " + kScenario + " --seed 2 --set populations.0.count=50" +
      " --set criteria.max_evacuation_time=20 --trajectories none --quiet --threads 2 --out " +
      alone.string() + " > /dev/null");
  auto a = nlohmann::json::parse(read(alone / "summary.json"));
  auto b = nlohmann::json::parse(read(dir_ / "full/runs/half/2/summary.json"));
  a.erase("runtime");
  b.erase("runtime");
  // `stroom run` copies its inputs into its folder; a batch's runs share the sweep's scenario.
  EXPECT_TRUE(a.contains("inputs"));
  EXPECT_FALSE(b.contains("inputs"));
  a.erase("inputs");
  EXPECT_EQ(a.dump(1), b.dump(1));
  EXPECT_EQ(a["seed"], 2);
}

TEST_F(BatchCli, ResumeRunsOnlyWhatIsMissingAndGivesTheSameCsv) {
  const fs::path out = dir_ / "resume";
  fs::copy(dir_ / "full", out, fs::copy_options::recursive);
  fs::remove(out / "runs/base/2/summary.json");
  fs::remove_all(out / "runs/half/3");
  fs::remove(out / "batch.csv");
  std::map<std::string, fs::file_time_type> before;
  for (const auto& e : fs::recursive_directory_iterator(out / "runs"))
    if (e.path().filename() == "summary.json") before[e.path().string()] = e.last_write_time();
  ASSERT_EQ(before.size(), 4u);
  run(kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " + out.string() +
      " --jobs 2 --quiet > /dev/null");
  for (const auto& [path, time] : before)
    EXPECT_EQ(fs::last_write_time(path), time) << path << " was run again";
  EXPECT_TRUE(fs::exists(out / "runs/base/2/summary.json"));
  EXPECT_TRUE(fs::exists(out / "runs/half/3/summary.json"));
  EXPECT_EQ(read(out / "batch.csv"), read(dir_ / "full/batch.csv"));
}

TEST_F(BatchCli, InterruptedBatchResumesToTheSameCsv) {
  const fs::path out = dir_ / "interrupted";
  // Ctrl-C as soon as the first run has finished.
  const std::string command = kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " +
                              out.string() +
                              " --jobs 1 --quiet > /dev/null & pid=$!; "
                              "for i in $(seq 600); do ls " +
                              out.string() +
                              "/runs/*/*/summary.json >/dev/null 2>&1 && break; sleep 0.05; done; "
                              "kill -INT $pid; wait $pid";
  EXPECT_EQ(run("bash -c '" + command + "'"), 1);
  std::size_t complete = 0;
  for (const auto& e : fs::recursive_directory_iterator(out / "runs"))
    if (e.path().filename() == "summary.json" &&
        nlohmann::json::parse(read(e.path()))["completed"] == true)
      ++complete;
  EXPECT_GE(complete, 1u);
  EXPECT_LT(complete, 6u);
  EXPECT_NE(read(out / "batch.json").find("\"missing\": ["), std::string::npos);
  run(kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " + out.string() +
      " --jobs 2 --quiet > /dev/null");
  EXPECT_EQ(read(out / "batch.csv"), read(dir_ / "full/batch.csv"));
}

TEST_F(BatchCli, SlicesThenCollectGiveTheSameCsv) {
  const fs::path out = dir_ / "sliced";
  const std::string base = kExe + " batch " + (dir_ / "sweep.yaml").string() + " --out " +
                           out.string() + " --quiet --jobs 1 --slice ";
  EXPECT_EQ(run(base + "0/2 > /dev/null"), 0);
  // Half the runs: collect says what is missing and does not claim success.
  EXPECT_EQ(run(kExe + " batch --collect " + out.string() + " > " + (dir_ / "c1.log").string()), 1);
  EXPECT_NE(read(dir_ / "c1.log").find("3 runs missing"), std::string::npos)
      << read(dir_ / "c1.log");
  EXPECT_EQ(run(base + "1/2 > /dev/null"), 0);
  EXPECT_EQ(run(kExe + " batch --collect " + out.string() + " > /dev/null"), 1);
  EXPECT_EQ(read(out / "batch.csv"), read(dir_ / "full/batch.csv"));
}

TEST_F(BatchCli, BadSweepIsRefusedWithLineAndColumnAndWritesNothing) {
  std::ofstream(dir_ / "bad.yaml") << "stroom-batch: 1\n"
                                   << "scenario: " << kScenario << "\n"
                                   << "seeds: 2\n"
                                   << "variants:\n"
                                   << "  - {name: a, set: {model.tpye: social-force}}\n";
  const fs::path out = dir_ / "bad-out";
  EXPECT_EQ(run(kExe + " batch " + (dir_ / "bad.yaml").string() + " --out " + out.string() +
                " 2> " + (dir_ / "bad.log").string()),
            2);
  const std::string log = read(dir_ / "bad.log");
  EXPECT_NE(log.find("bad.yaml:5:21: error: variant 'a'"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace

TEST_F(BatchCli, CollectInDutchKeepsTheFiguresAndTheExitCode) {
  // --lang nl (or STROOM_LANG=nl) writes batch.html and the summary in Dutch; batch.csv and
  // batch.json are the same bytes, and the exit code is the same.
  const fs::path out = dir_ / "dutch";
  fs::copy(dir_ / "full", out, fs::copy_options::recursive);
  const std::string log = (dir_ / "dutch.log").string();
  const int code = run("STROOM_LANG=nl " + kExe + " batch --collect " + out.string() + " > " + log);
  EXPECT_EQ(code, 1);
  const std::string summary = read(log);
  EXPECT_NE(summary.find("ontruiming gem."), std::string::npos) << summary;
  EXPECT_NE(summary.find("resultaten: "), std::string::npos) << summary;
  EXPECT_EQ(summary.find("results: "), std::string::npos) << summary;
  const std::string html = read(out / "batch.html");
  EXPECT_NE(html.find("<html lang='nl'>"), std::string::npos);
  EXPECT_NE(html.find("Aandeel berekeningen dat voldoet, per criterium"), std::string::npos);
  EXPECT_EQ(html.find("Pass rate of each criterion"), std::string::npos);
  EXPECT_EQ(read(out / "batch.csv"), read(dir_ / "full/batch.csv"));
  EXPECT_EQ(read(out / "batch.json"), read(dir_ / "full/batch.json"));
  // --lang en wins over STROOM_LANG.
  run("STROOM_LANG=nl " + kExe + " batch --collect " + out.string() + " --lang en > " + log);
  EXPECT_NE(read(log).find("evac mean"), std::string::npos);
  EXPECT_NE(read(out / "batch.html").find("Pass rate of each criterion"), std::string::npos);
}
