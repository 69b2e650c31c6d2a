// Limits on every number and on the input files (docs/scenario-format.md, "Limits"). Each case
// of the first group is a value that, before the limits, crashed, hung, ran out of memory or
// silently produced wrong results further down (Box2D float boxes, Boost.Geometry integer
// overflow, int cell indices, NaN from social force, persons through walls, arrivals for a
// 1e9 s profile); now it is refused at load with its location and the allowed range.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "scenario_test_util.hpp"
#include "stroom/limits.hpp"
#include "stroom/random.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

using test::diagnostics_of;
using test::has_diagnostic;
using test::minimal_scenario;
namespace fs = std::filesystem;

/// minimal_scenario() with its exit line replaced.
std::string with_exit(const std::string& line) {
  std::string text = minimal_scenario();
  const std::string old = "line: [[10, 1], [10, 3]]";
  text.replace(text.find(old), old.size(), "line: " + line);
  return text;
}

// [SECTION] Coordinates

TEST(Limits, HugeExitCoordinatesAreRefusedNotPassedToBox2d) {
  // 1e39 .. 1e150: above the float range, these became inf in Box2D's boxes (double free).
  for (const char* x : {"1e39", "1e150", "1e300", "18446744073709551616", "1e12"}) {
    const auto d = diagnostics_of(with_exit(std::string("[[") + x + ", 1], [10, 3]]"));
    EXPECT_TRUE(has_diagnostic(d, 8, 28,
                               "venue.exits[0].line[0][0]: coordinates must be between -1000000 "
                               "and 1000000 m from the origin, got"))
        << x;
  }
}

TEST(Limits, ObstacleVertexBeyondTheBoxIsRefused) {
  // 9.2e18 overflowed a signed integer inside Boost.Geometry; -2147483649 took 4.6 GB.
  for (const char* x : {"9.2e18", "-2147483649"}) {
    std::string text = minimal_scenario();
    text.insert(text.find("  exits:"),
                std::string("  obstacles:\n    - polygon: [[5, 1], [") + x + ", 1], [5, 2]]\n");
    EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 8, 26, "coordinates must be between")) << x;
  }
}

TEST(Limits, RdCoordinatesAreAccepted) {
  // Dutch RD coordinates (Almere: x ≈ 145 km, y ≈ 485 km) need no origin shift.
  std::string text = minimal_scenario();
  const auto shift = [&](const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
      text.replace(at, from.size(), to);
  };
  shift("[[0, 0], [10, 0], [10, 4], [0, 4]]",
        "[[145000, 485000], [145010, 485000], [145010, 485004], [145000, 485004]]");
  shift("[[10, 1], [10, 3]]", "[[145010, 485001], [145010, 485003]]");
  shift("[[1, 1], [4, 1], [4, 3], [1, 3]]",
        "[[145001, 485001], [145004, 485001], [145004, 485003], [145001, 485003]]");
  EXPECT_TRUE(diagnostics_of(text).empty());
}

TEST(Limits, VenueWiderThanFiveKilometresIsRefused) {
  std::string text = minimal_scenario();
  text.replace(text.find("[[0, 0], [10, 0], [10, 4], [0, 4]]"), 34,
               "[[0, 0], [6000, 0], [6000, 4], [0, 4]]");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 6, 5,
                             "venue.walkable: the walkable area spans 6000 m × 4 m; Stroom "
                             "simulates venues up to 5000 m × 5000 m"));
}

// [SECTION] Time, grids, steps

TEST(Limits, TinyMeasurementCellsAreRefused) {
  // 0.001 ran for minutes on a 10 m room, 1e-4 ran out of memory.
  for (const char* cell : {"0.001", "1e-4", "0"}) {
    EXPECT_TRUE(has_diagnostic(
        diagnostics_of(minimal_scenario("", std::string("measure: {cell: ") + cell + "}\n")), 15,
        17, "measure.cell: must be between 0.1 and 100 m"))
        << cell;
  }
}

TEST(Limits, DensityGridOfTooManyCellsIsRefusedAtTheCell) {
  std::string text = minimal_scenario("", "measure: {cell: 0.5}\n");
  text.replace(text.find("[[0, 0], [10, 0], [10, 4], [0, 4]]"), 34,
               "[[0, 0], [2000, 0], [2000, 1000], [0, 1000]]");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 15, 17,
                             "measure.cell: the density grid over the venue (2000 m × 1000 m) "
                             "would have 8000000 cells, more than 2000000; use a measure.cell "
                             "of at least 1 m"));
}

TEST(Limits, SmoothingWiderThanTenCellsOrTenMetresIsRefused) {
  // Every sampled person counts in each cell of the disc: 10 cells of radius is about 300.
  EXPECT_TRUE(has_diagnostic(
      diagnostics_of(minimal_scenario("", "measure: {cell: 0.2, smoothing: 3}\n")), 15, 33,
      "measure.smoothing: a smoothing radius of 3 m spans more than 10 cells of 0.2 m; use at "
      "most 2 m or a larger measure.cell"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "measure: {smoothing: 12}\n")), 15,
                             22, "measure.smoothing: must be between 0 and 10 m"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("", "measure: {smoothing: -1}\n")), 15,
                             22, "measure.smoothing"));
  EXPECT_TRUE(diagnostics_of(minimal_scenario("", "measure: {smoothing: 2}\n")).empty());
}

TEST(Limits, TinyStepIsRefused) {
  // A step of 1e-6 s never ended.
  std::string text = minimal_scenario();
  text.replace(text.find("time: {duration: 60}"), 20, "time: {duration: 60, step: 1e-6}");
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(text), 3, 28, "time.step: must be between 0.001 and 0.2 s"));
}

TEST(Limits, TooManyStepsAreRefusedAtTheDuration) {
  std::string text = minimal_scenario();
  text.replace(text.find("time: {duration: 60}"), 20, "time: {duration: 100000, step: 0.001}");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 3, 18,
                             "time.duration: duration / step = 100000000 steps, more than "
                             "10000000"));
}

// [SECTION] Speeds, models

TEST(Limits, SpeedsAboveASprintAreRefused) {
  // Desired speeds of 50 m/s walked through walls.
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    speed: 50\n")), 15, 12,
                             "populations[0].speed: must be > 0 and <= 10 m/s, got 50"));
  EXPECT_TRUE(
      has_diagnostic(diagnostics_of(minimal_scenario("    speed: {normal: {mean: 12, sd: 1}}\n")),
                     15, 12, "populations[0].speed: the mean must be <= 10 m/s, got 12"));
  EXPECT_TRUE(has_diagnostic(diagnostics_of(minimal_scenario("    speed: {uniform: [1, 30]}\n")),
                             15, 12,
                             "populations[0].speed: the upper bound b must be <= 10 m/s, got 30"));
}

TEST(Limits, ARaisedSpeedFactorIsRefused) {
  EXPECT_TRUE(has_diagnostic(
      diagnostics_of(minimal_scenario("", "model: {type: social-force, max_speed_factor: 5}\n")),
      15, 47, "model.max_speed_factor: must be between 1 and 2, got 5"));
}

TEST(Limits, AMoveLongerThanOneMetrePerStepIsRefused) {
  // 8 m/s is a possible speed, but not with a step of 0.2 s: 1.6 m per step.
  std::string text = minimal_scenario("    speed: 8\n");
  text.replace(text.find("time: {duration: 60}"), 20, "time: {duration: 60, step: 0.2}");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 15, 12,
                             "populations[0].speed: persons as fast as 8 m/s move 1.6 m in a step "
                             "of 0.2 s; at most 1 m per step"));
  // Social force: the speed factor counts. With mass 200 kg its step may reach 0.08 s:
  // 8 m/s × 2 × 0.06 s = 0.96 m is fine, 9 m/s is not.
  const std::string heavy = "model: {type: social-force, max_speed_factor: 2, mass: 200}\n";
  text = minimal_scenario("    speed: 8\n", heavy);
  text.replace(text.find("time: {duration: 60}"), 20, "time: {duration: 60, step: 0.06}");
  EXPECT_TRUE(diagnostics_of(text).empty());
  text.replace(text.find("speed: 8"), 8, "speed: 9");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 15, 12, "× max_speed_factor 2 move 1.08 m"));
}

TEST(Limits, SocialForceStepAboveTheContactStabilityLimitIsRefused) {
  // Bodies overlapped by up to 0.31 m in a dense crowd and results changed with the step:
  // explicit integration of the contact spring needs dt <= 2·sqrt(m/k) (0.0516 s by default).
  std::string text = minimal_scenario("", "model: {type: social-force}\n");
  EXPECT_TRUE(diagnostics_of(text).empty());  // the default step, 0.05 s
  text.replace(text.find("time: {duration: 60}"), 20, "time: {duration: 60, step: 0.1}");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 3, 28,
                             "time.step: social force with mass 80 kg and body_force 120000 "
                             "kg/s² needs a step of at most 0.0516 s"));
}

TEST(Limits, SocialForceAgentRangeNearZeroIsRefused) {
  // agent_range <= 1e-4 wrote NaN positions and exited 0.
  EXPECT_TRUE(has_diagnostic(
      diagnostics_of(minimal_scenario("", "model: {type: social-force, agent_range: 1e-4}\n")), 15,
      42, "model.agent_range: must be between 0.02 and 1 m, got 0.0001"));
}

TEST(Limits, DrawsNeverExceedTheSpeedLimit) {
  // A lognormal speed has an unbounded tail: its draws are cut at 10 m/s.
  Scenario s =
      parse_scenario(minimal_scenario("    speed: {lognormal: {mean: 6, sd: 6}}\n"), "test.yaml");
  EXPECT_EQ(s.populations[0].speed.upper_bound(), limits::kMaxSpeed);
  RandomStream rng(1, 2, RandomPurpose::speed);
  double largest = 0.0;
  for (int i = 0; i < 20000; ++i)
    largest = std::max(largest, s.populations[0].speed.sample(rng));
  EXPECT_EQ(largest, limits::kMaxSpeed);  // P(draw > 10) ≈ 0.13: some draws were cut
  // A normal without max is truncated at mean + 6 sd (below the limit here).
  s = parse_scenario(minimal_scenario("    speed: {normal: {mean: 1.3, sd: 0.2}}\n"), "test.yaml");
  EXPECT_DOUBLE_EQ(s.populations[0].speed.upper_bound(), 2.5);
}

// [SECTION] Arrivals and persons

TEST(Limits, ArrivalProfileBeyondTwoDaysIsRefused) {
  // A last point at 1e9 s filled 14.7 GB with arrival times, even with duration: 100.
  std::string text = minimal_scenario();
  text.replace(text.find("    count: 10\n    in: start\n"), 27,
               "    arrive: {in: start, rate: [[0, 1], [1e9, 1]]}\n");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 13, 41,
                             "rate[1][0]: must be between 0 and 172800 s, got 1000000000"));
}

TEST(Limits, MorePersonsThanTwoMillionAreRefused) {
  std::string text = minimal_scenario();
  text.replace(text.find("    count: 10\n    in: start\n"), 27,
               "    arrive: {in: start, rate: [[0, 100], [86400, 100]]}\n");
  EXPECT_TRUE(has_diagnostic(diagnostics_of(text), 12, 3,
                             "populations: the populations bring 8640000 persons (placed plus "
                             "expected arrivals); Stroom simulates at most 2000000"));
}

// [SECTION] Messages and files

TEST(Limits, EveryDiagnosticIsOneLine) {
  const Diagnostic d{{"a\nb.yaml", 3, 4}, "expected a number, got 'x\ny\tz\x01'"};
  EXPECT_EQ(d.format(), "a\\nb.yaml:3:4: error: expected a number, got 'x\\ny\\tz\\x01'");
  const auto diagnostics = diagnostics_of(minimal_scenario("    speed: \"fast\\nand\\rslow\"\n"));
  ASSERT_FALSE(diagnostics.empty());
  for (const Diagnostic& e : diagnostics)
    EXPECT_EQ(e.format().find_first_of("\n\r"), std::string::npos) << e.format();
}

TEST(Limits, BillionLaughsIsRefusedQuickly) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k)
      text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const auto d = diagnostics_of(text);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  EXPECT_TRUE(has_diagnostic(d, 1, 1, "the file expands to more than 2000000 YAML values"));
}

TEST(Limits, NodeContainingItselfIsRefusedQuickly) {
  // Found by the fuzzer: 14 s of CPU and 2 GB before the refusal.
  const std::string text = minimal_scenario() + "loop: &z [*z, *z, *z, *z, *z, *z, *z, *z]\n";
  const auto start = std::chrono::steady_clock::now();
  const auto d = diagnostics_of(text);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
  EXPECT_TRUE(has_diagnostic(d, 1, 1, "an alias (*name) refers to the node that contains it"));
}

class InputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(STROOM_BINARY_DIR) / "test-limits-files" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  std::vector<Diagnostic> errors_of(const std::string& path) {
    try {
      (void)load_scenario(path);
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    return {};
  }
  std::string venue_scenario(const std::string& venue) {
    std::string text = minimal_scenario();
    const std::size_t from = text.find("venue:\n"), to = text.find("populations:");
    text.replace(from, to - from, "venue: " + venue + "\n");
    text.replace(text.find("    in: start\n"), 14, "    in: [[1, 1], [4, 1], [4, 3], [1, 3]]\n");
    return text;
  }
  fs::path dir_;
};

TEST_F(InputFiles, DevicesAndPipesAreRefusedAtOnce) {
  // `venue: /dev/zero` and `/dev/urandom` read for ever; a FIFO blocked.
  const std::string fifo = (dir_ / "pipe.yaml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& venue : {std::string("/dev/zero"), std::string("/dev/urandom"), fifo}) {
    std::ofstream(dir_ / "s.yaml") << venue_scenario(venue);
    const auto d = errors_of((dir_ / "s.yaml").string());
    EXPECT_TRUE(has_diagnostic(d, 4, 8, "is not a regular file")) << venue;
  }
  EXPECT_TRUE(has_diagnostic(errors_of(fifo), 0, 0, "is not a regular file"));
  EXPECT_TRUE(has_diagnostic(errors_of("/dev/zero"), 0, 0, "is not a regular file"));
  EXPECT_TRUE(has_diagnostic(errors_of(dir_.string()), 0, 0, "is a folder"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
}

TEST_F(InputFiles, OversizedFilesAreRefused) {
  const fs::path big = dir_ / "big.yaml";
  {
    std::ofstream out(big);
    out << minimal_scenario();
    out << std::string(static_cast<std::size_t>(limits::kMaxFileBytes), '#');
  }
  EXPECT_TRUE(has_diagnostic(errors_of(big.string()), 0, 0, "at most 8 MiB"));
}

TEST_F(InputFiles, EmptyScalarAndBinaryFilesNameTheFile) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty.yaml", ""},
      {"scalar.yaml", "just text\n"},
      {"binary.yaml", std::string("\x7f"
                                  "ELF\x02\x01\x01\0\0\0{[\n\x01",
                                  15)},
  };
  for (const auto& [name, text] : cases) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    const auto d = errors_of((dir_ / name).string());
    ASSERT_EQ(d.size(), 1u) << name;
    EXPECT_EQ(d[0].where.file, (dir_ / name).string());
    EXPECT_GE(d[0].where.line, 1) << d[0].format();
    EXPECT_EQ(d[0].format().find('\n'), std::string::npos);
  }
}

TEST_F(InputFiles, ScalarVenueFileIsReportedInThatFile) {
  // A venue file that is a scalar gave ": error: ..." without a file name.
  std::ofstream(dir_ / "venue.yaml") << "just a scalar\n";
  std::ofstream(dir_ / "s.yaml") << venue_scenario("venue.yaml");
  const auto d = errors_of((dir_ / "s.yaml").string());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, (dir_ / "venue.yaml").string());
  EXPECT_NE(d[0].message.find("a venue file holds a map"), std::string::npos) << d[0].format();
}

}  // namespace
}  // namespace stroom
