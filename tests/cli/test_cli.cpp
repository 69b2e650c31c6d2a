// `stroom validate` and `stroom capacity`, and the command-line contract (exit code 2 for
// every bad command line, --help everywhere).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "process.hpp"

namespace fs = std::filesystem;
using stroom_test::stroom;

namespace {

const fs::path kRepo = STROOM_SOURCE_DIR;
const fs::path kHall = fs::path(STROOM_CLI_TEST_DIR) / "scenarios" / "hall.yaml";

/// Scenario files under scenarios/ (recursively); venue include files (no `stroom:` key) are
/// not scenarios.
std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(kRepo / "scenarios")) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    const std::string text = stroom_test::slurp(e.path());
    if (!std::regex_search(text, std::regex("(^|\n)stroom:"))) continue;
    out.push_back(fs::relative(e.path(), kRepo).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> broken_scenarios() {
  std::vector<std::string> out;
  const fs::path dir = kRepo / "tests" / "scenarios" / "broken";
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".yaml")
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

}  // namespace

// [SECTION] validate

class ShippedScenario : public testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, ValidatesWithExitZero) {
  const auto r = stroom({"validate", (kRepo / GetParam()).string()}, "validate_shipped");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("ok\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("walkable area"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, testing::ValuesIn(shipped_scenarios()),
                         test_name);

class BrokenScenario : public testing::TestWithParam<std::string> {};

TEST_P(BrokenScenario, RefusedWithEveryExpectedDiagnostic) {
  const fs::path file = kRepo / "tests" / "scenarios" / "broken" / GetParam();
  const auto r = stroom({"validate", file.string()}, "validate_broken");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(r.out.empty()) << r.out;
  // Each `# expect: LINE:COL: text` line: a stderr line `FILE:LINE:COL: error: ...text...`.
  std::ifstream in(file);
  std::string line;
  int expectations = 0;
  const std::regex expect_re(R"(^#\s*expect:\s*(\d+):(\d+):\s*(.*?)\s*$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, expect_re)) continue;
    ++expectations;
    // FILE is the scenario, or a venue file it includes (next to it or below).
    const std::string position = ":" + m[1].str() + ":" + m[2].str() + ": error: ";
    bool found = false;
    std::istringstream err(r.err);
    for (std::string e; std::getline(err, e);) {
      const std::size_t at = e.find(position);
      if (at == std::string::npos || e.find(m[3].str(), at) == std::string::npos) continue;
      const std::string where = e.substr(0, at);
      if (where == file.string() || where.rfind(file.parent_path().string() + "/", 0) == 0)
        found = true;
    }
    EXPECT_TRUE(found) << "expected FILE" << position << "..." << m[3].str() << "\nstderr:\n"
                       << r.err;
  }
  EXPECT_GT(expectations, 0) << "no '# expect:' line in " << file;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BrokenScenario, testing::ValuesIn(broken_scenarios()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BrokenScenario);

TEST(Validate, DescribesTheScenario) {
  const auto r = stroom({"validate", kHall.string()}, "validate_hall");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "ok\nHall capacity check: walkable area 200.0 m², 1 exit (2.00 m wide in total), "
            "300 persons at t = 0 + 0 arrivals\n");
}

TEST(Validate, FormatAndGeometryProblemsComeInOnePass) {
  // One format problem (line 25, a decimal comma) and two independent geometric ones (line
  // 13, an exit 1 m inside the wall; line 16, a waypoint outside the room): all three in one
  // run, in file order. Before, only the format problem came, and the other two after fixing
  // it.
  const fs::path file = kRepo / "tests/scenarios/broken/one-pass-three-problems.yaml";
  const std::string f = file.string();
  const std::string expected =
      f +
      ":13:7: error: exit 'door' is not on the boundary of the walkable area (every point of "
      "it must lie within 2 cm of the boundary)\n" +
      f + ":16:7: error: waypoint 'far' at (30.00, 30.00) lies outside the walkable area\n" + f +
      ":25:15: error: populations[0].speed.normal.mean: expected a number, got '1,34' (write "
      "decimals with a point: 1.34, not 1,34)\n";
  const auto validate = stroom({"validate", f}, "one_pass_validate");
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_EQ(validate.out, "");
  EXPECT_EQ(validate.err, expected);
  // `capacity` and `run` refuse it with the same lines; `run` writes nothing.
  const auto capacity = stroom({"capacity", f}, "one_pass_capacity");
  EXPECT_EQ(capacity.exit_code, 2);
  EXPECT_EQ(capacity.err, expected);
  const fs::path out = stroom_test::scratch("one_pass") / "results";
  const auto run = stroom({"run", f, "--out", out.string(), "--quiet"}, "one_pass_run");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, expected);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Validate, MissingFileIsRefused) {
  const auto r = stroom({"validate", "/no/such/scenario.yaml"}, "validate_missing");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/no/such/scenario.yaml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
}

// [SECTION] Command lines

TEST(CommandLine, BadCommandLinesExitTwo) {
  const std::string hall = kHall.string();
  const fs::path unused = stroom_test::scratch("unused_out");
  fs::remove(unused);
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"frobnicate"},
      {"validate"},
      {"validate", hall, "extra"},
      {"validate", "--bogus", hall},
      {"capacity", hall, "--norm", "nonsense"},
      {"capacity", hall, "--density-norm", "packed"},
      {"capacity", hall, "--egress-limit", "-5"},
      {"run"},
      {"run", hall, "--threads", "-1"},
      {"run", hall, "--threads", "two"},
      {"run", hall, "--seed", "abc"},
      {"run", hall, "--trajectories", "xml"},
      {"run", hall, "--set", "no-equals-sign", "--out", unused.string()},
      {"run", hall, "--set", "time.duration=-5", "--out", unused.string()},
      {"run", hall, "--set", "venue.nonsense=1", "--out", unused.string()},
  };
  for (const auto& args : bad) {
    const auto r = stroom(args, "bad_command_line");
    std::string joined;
    for (const auto& a : args)
      joined += a + " ";
    EXPECT_EQ(r.exit_code, 2) << "stroom " << joined << "\n" << r.out << r.err;
    EXPECT_FALSE(r.err.empty()) << "stroom " << joined;
  }
  EXPECT_FALSE(fs::exists(unused)) << "a refused run must write nothing";
}

TEST(CommandLine, HelpOnEverySubCommand) {
  for (const std::string cmd : {"validate", "capacity", "run"}) {
    const auto r = stroom({cmd, "--help"}, "help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("SCENARIO"), std::string::npos) << r.out;
  }
  const auto cap = stroom({"capacity", "--help"}, "help");
  for (const std::string norm :
       {"bouwbesluit-90", "bouwbesluit-110", "bouwbesluit-135", "green-guide", "open-air", "imo",
        "nl-event", "hsg195-moving", "hsg195-standing"})
    EXPECT_NE(cap.out.find(norm), std::string::npos) << norm;
  const auto run = stroom({"run", "--help"}, "help");
  for (const std::string opt :
       {"--out", "--seed", "--threads", "--set", "--trajectories", "--quiet"})
    EXPECT_NE(run.out.find(opt), std::string::npos) << opt;
  EXPECT_EQ(stroom({"--help"}, "help").exit_code, 0);
}

// [SECTION] capacity

TEST(Capacity, JsonMatchesTheHandCalculation) {
  const auto r = stroom(
      {"capacity", kHall.string(), "--norm", "green-guide", "--density-norm", "nl-event", "--json"},
      "capacity_json");
  // 300 persons > the zone's permitted 250: a limit is exceeded, exit 1.
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["exit_norm"]["name"], "green-guide");
  EXPECT_NEAR(j["exit_norm"]["specific_flow_per_minute"].get<double>(), 82.0, 1e-9);
  EXPECT_EQ(j["density_norm"]["name"], "nl-event");
  ASSERT_EQ(j["rows"].size(), 2u);
  const auto& hall = j["rows"][0];
  EXPECT_EQ(hall["name"], "hall");
  EXPECT_EQ(hall["persons"], 300.0);
  EXPECT_NEAR(hall["area"].get<double>(), 200.0, 1e-9);
  EXPECT_NEAR(hall["density"].get<double>(), 1.5, 1e-12);
  EXPECT_NEAR(hall["holding_capacity"].get<double>(), 500.0, 1e-9);
  EXPECT_EQ(hall["permitted"], 250);
  EXPECT_EQ(hall["exits"], nlohmann::json::array({"east"}));
  EXPECT_NEAR(hall["exit_width"].get<double>(), 2.0, 1e-12);
  // 2 m × 82 P/(m·min) × 8 min = 1312 persons; 300 / (2 × 82/60) = 109.76 s.
  EXPECT_NEAR(hall["exit_capacity"].get<double>(), 1312.0, 1e-9);
  EXPECT_NEAR(hall["flow_time"].get<double>(), 109.7560975609756, 1e-9);
  // Farthest corner: √(20² + 4²) = 20.40 m at 1.0 m/s.
  EXPECT_NEAR(hall["walking_distance"].get<double>(), 20.4, 0.6);
  EXPECT_NEAR(hall["egress_time"].get<double>(),
              109.7560975609756 + hall["walking_distance"].get<double>(), 1e-9);
  EXPECT_EQ(hall["within_limits"], false);
  EXPECT_EQ(j["rows"][1]["name"], "venue");
  EXPECT_EQ(j["rows"][1]["within_limits"], true);
}

TEST(Capacity, TableNamesTheNormAndTheFlow) {
  // No venue.setting: a building, so the Bbl: 90 P/(m·min), 2 m × 90 × 3.5 min = 630 may be
  // served; 300 persons leave in 100 s + 20 m of walking, inside 3.5 min, so the floor's
  // 4 P/m² holds. Exit 1 only because the zone permits 250.
  const auto r = stroom({"capacity", kHall.string()}, "capacity_table");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("bbl-90"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Bbl art. 4.80"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("90 P/(m·min)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bbl-gathering"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("venue.setting is building"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("persons exceed what the exits may serve"), std::string::npos) << r.out;
  // The Bouwbesluit 2012 figures stay available (old name too): 2 m × 90 P/m = 180 < 300.
  const auto legacy = stroom({"capacity", kHall.string(), "--norm", "bouwbesluit-90"}, "legacy");
  ASSERT_EQ(legacy.exit_code, 1) << legacy.err;
  EXPECT_NE(legacy.out.find("bouwbesluit2012-90"), std::string::npos) << legacy.out;
  EXPECT_NE(legacy.out.find("legacy"), std::string::npos) << legacy.out;
  EXPECT_NE(legacy.out.find("persons exceed what the exits may serve"), std::string::npos);
  const auto ok = stroom({"capacity", kHall.string(), "--norm", "open-air", "--egress-limit", "600",
                          "--density-norm", "hsg195-standing", "--json"},
                         "capacity_table");
  const auto j = nlohmann::json::parse(ok.out);
  EXPECT_NEAR(j["rows"][1]["exit_capacity"].get<double>(), 2.0 * 109.0 / 60.0 * 600.0, 1e-9);
  EXPECT_NEAR(j["rows"][1]["holding_capacity"].get<double>(), 940.0, 1e-9);
  EXPECT_EQ(j["egress_limit_source"], "--egress-limit");
}

TEST(Capacity, NMinusOneListsTheWorstCaseFirst) {
  const std::string three = (kHall.parent_path() / "three-exits.yaml").string();
  const auto r = stroom(
      {"capacity", three, "--norm", "green-guide", "--n-1", "--egress-limit", "80", "--json"},
      "capacity_n1_three");
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["n_minus_1"].size(), 3u);
  const double f = 82.0 / 60.0;
  EXPECT_EQ(j["n_minus_1"][0]["without"], "south");
  EXPECT_NEAR(j["n_minus_1"][0]["exit_width"].get<double>(), 3.0, 1e-9);
  EXPECT_NEAR(j["n_minus_1"][0]["flow_time"].get<double>(), 300.0 / (3.0 * f), 1e-9);
  EXPECT_EQ(j["n_minus_1"][1]["without"], "east");
  EXPECT_EQ(j["n_minus_1"][2]["without"], "west");
  // Without south: 73.2 s of flow plus about 10 m of walking, beyond 80 s: exit 1.
  EXPECT_GT(j["n_minus_1"][0]["egress_time"].get<double>(), 80.0);
  EXPECT_EQ(j["n_minus_1"][0]["within_limit"], false);
  EXPECT_EQ(r.exit_code, 1);
  // The full venue (36.6 s of flow) and every N-1 case meet a 100 s limit: exit 0.
  const auto ok =
      stroom({"capacity", three, "--norm", "green-guide", "--n-1", "--egress-limit", "100"},
             "capacity_n1_three_ok");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
}

TEST(Capacity, NMinusOneOnASingleExitFails) {
  // The hall has one exit: without it nobody gets out, so the worst case fails (exit 1) even
  // with limits that the full venue meets.
  const auto r = stroom({"capacity", kHall.string(), "--n-1", "--json"}, "capacity_n1");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["n_minus_1"].size(), 1u);
  EXPECT_EQ(j["n_minus_1"][0]["without"], "east");
  EXPECT_TRUE(j["n_minus_1"][0]["egress_time"].is_null());
  EXPECT_EQ(j["n_minus_1"][0]["within_limit"], false);
  const auto table = stroom({"capacity", kHall.string(), "--n-1"}, "capacity_n1_table");
  EXPECT_NE(table.out.find("N-1"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("someone has no exit left"), std::string::npos) << table.out;
}

// [SECTION] capacity on the Floriade site (the reviewer's cases)

namespace {

const fs::path kFloriadeCi =
    fs::path(STROOM_CLI_TEST_DIR) / ".." / ".." / "scenarios" / "floriade" / "ci";

nlohmann::json capacity_of(const std::string& file) {
  const auto r = stroom({"capacity", (kFloriadeCi / file).string(), "--json"}, "floriade_cap");
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& exit_named(const nlohmann::json& j, const std::string& name) {
  for (const auto& x : j["exits"])
    if (x["name"] == name) return x;
  throw std::runtime_error("no exit " + name);
}

bool noted(const nlohmann::json& exit, const std::string& text) {
  for (const auto& n : exit["notes"])
    if (n.get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(CapacityFloriade, ClosedGatesAndTheCableCarCheckpointAreHonoured) {
  const auto open = capacity_of("evacuation-small.yaml");
  const auto blocked = capacity_of("evacuation-main-exit-blocked-small.yaml");
  EXPECT_EQ(open["setting"], "open-air");
  EXPECT_EQ(open["exit_norm"]["name"], "open-air");
  EXPECT_EQ(exit_named(open, "west-gates")["used"], true);
  EXPECT_EQ(exit_named(blocked, "west-gates")["used"], false);
  EXPECT_TRUE(noted(exit_named(blocked, "west-gates"), "closed at 0 s"));
  // The 30 m cable car lies behind its 1-lane boarding gate (1.6 s per person) in both, and
  // the alarm closes it: never 30 m of clear width.
  for (const auto* j : {&open, &blocked}) {
    const auto& cable = exit_named(*j, "cable-car");
    EXPECT_EQ(cable["used"], false);
    EXPECT_EQ(cable["checkpoints"], nlohmann::json::array({"cable-car-boarding"}));
    EXPECT_NEAR(cable["checkpoint_rate"].get<double>(), 1.0 / 1.6, 1e-12);
    EXPECT_TRUE(noted(cable, "behind checkpoint cable-car-boarding: 1 lane / 1.6 s"));
  }
  const auto& v_open = open["rows"].back();
  const auto& v_blocked = blocked["rows"].back();
  EXPECT_NEAR(v_open["exit_width"].get<double>(), 90.0, 1e-9);     // docs/floriade.md: 90 m
  EXPECT_NEAR(v_blocked["exit_width"].get<double>(), 66.0, 1e-9);  // less the 24 m West gates
  EXPECT_GT(v_blocked["flow_time"].get<double>(), v_open["flow_time"].get<double>());
}

TEST(CapacityFloriade, ConcertEgressUsesTheJourneysExits) {
  const auto j = capacity_of("concert-egress-small.yaml");
  EXPECT_EQ(exit_named(j, "west-gates")["used"], true);
  EXPECT_EQ(exit_named(j, "se-gates")["used"], true);
  EXPECT_EQ(exit_named(j, "em-south-1")["used"], false);
  EXPECT_TRUE(noted(exit_named(j, "em-south-1"), "not in any population's exit list"));
  // docs/floriade.md's hand calculation: the longest walk to the West gates is 704 m.
  const double walk = j["rows"].back()["walking_distance"].get<double>();
  EXPECT_NEAR(walk, 704.0, 70.4);
}

TEST(Capacity, DutchTableAndLanguageNeutralJson) {
  // --lang nl (or STROOM_LANG=nl): the table in Dutch with decimal commas; --json stays the
  // same bytes in every language; --lang en wins over STROOM_LANG; a STROOM_LANG that is no
  // language is refused with exit 2.
  const auto nl = stroom({"capacity", kHall.string(), "--lang", "nl"}, "capacity_nl");
  ASSERT_EQ(nl.exit_code, 1) << nl.err;  // the zone's permitted 250, as in English
  for (const char* needle :
       {"Capaciteit van \"Hall capacity check\"", "Specifieke doorstroming 1,500 P/(m·s)",
        "Grens ontruimingstijd", "90 personen per meter vrije breedte per minuut",
        "het aantal personen overschrijdt de vergunde bezetting van de zone (250)",
        "Gebruikte uitgangen: east"})
    EXPECT_NE(nl.out.find(needle), std::string::npos) << needle << "\n" << nl.out;
  for (const char* english : {"Capacity of", "Exits used", "persons exceed", "Egress time"})
    EXPECT_EQ(nl.out.find(english), std::string::npos) << english << "\n" << nl.out;

  const auto en_json = stroom({"capacity", kHall.string(), "--json"}, "capacity_json_en");
  const auto nl_json =
      stroom({"capacity", kHall.string(), "--json", "--lang", "nl"}, "capacity_json_nl");
  EXPECT_EQ(en_json.out, nl_json.out);
  EXPECT_EQ(en_json.exit_code, nl_json.exit_code);

  ::setenv("STROOM_LANG", "nl", 1);
  const auto env = stroom({"capacity", kHall.string()}, "capacity_env_nl");
  const auto over = stroom({"capacity", kHall.string(), "--lang", "en"}, "capacity_env_en");
  ::setenv("STROOM_LANG", "fr", 1);
  const auto bad = stroom({"capacity", kHall.string()}, "capacity_env_bad");
  ::unsetenv("STROOM_LANG");
  EXPECT_EQ(env.out, nl.out);
  EXPECT_NE(over.out.find("Capacity of \"Hall capacity check\""), std::string::npos) << over.out;
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("STROOM_LANG: error: unknown language 'fr'"), std::string::npos)
      << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
}

TEST(Verify, DutchPageAndLinesSameJson) {
  // `stroom verify --lang nl`: the console lines and verification.html in Dutch; the measured
  // figures and verification.json do not change with the language.
  const fs::path dir = stroom_test::scratch("verify_dutch");
  const std::vector<std::string> common = {
      "verify",      "--quick",
      "--filter",    "rimea-01",
      "--model",     "collision-free-speed",
      "--jobs",      "1",
      "--scenarios", (kRepo / "scenarios" / "verification").string()};
  auto en_args = common, nl_args = common;
  en_args.insert(en_args.end(), {"--out", (dir / "en").string()});
  nl_args.insert(nl_args.end(), {"--out", (dir / "nl").string(), "--lang", "nl"});
  const auto en = stroom(en_args, "verify_en");
  const auto nl = stroom(nl_args, "verify_nl");
  EXPECT_EQ(en.exit_code, nl.exit_code) << en.out << nl.out;
  EXPECT_NE(en.out.find("PASS rimea-01-corridor  [collision-free-speed]  measured: "),
            std::string::npos)
      << en.out;
  EXPECT_NE(nl.out.find("VOLDOET rimea-01-corridor  [collision-free-speed]  gemeten: "),
            std::string::npos)
      << nl.out;
  EXPECT_NE(nl.out.find("1 van 1 voldoen"), std::string::npos) << nl.out;
  const std::string html = stroom_test::slurp(dir / "nl" / "verification.html");
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(html.find("Verificatie en validatie van Stroom"), std::string::npos);
  auto a = nlohmann::json::parse(stroom_test::slurp(dir / "en" / "verification.json"));
  auto b = nlohmann::json::parse(stroom_test::slurp(dir / "nl" / "verification.json"));
  a.erase("wall_seconds");
  b.erase("wall_seconds");
  EXPECT_EQ(a.dump(1), b.dump(1));
}
