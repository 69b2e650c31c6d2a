// `venue: FILE` reads the venue map from another file, relative to the scenario file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

namespace fs = std::filesystem;

class VenueInclude : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(STROOM_BINARY_DIR) / "test-scenario-include" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "site");
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::vector<Diagnostic> errors_of(const std::string& name) {
    try {
      (void)load_scenario(path(name));
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    return {};
  }
  fs::path dir_;
};

const char* kScenario = R"(stroom: 1
name: included
time: {duration: 60}
venue: site/venue.yaml
populations:
  - {name: people, count: 10, in: start}
)";

const char* kVenue = R"(# the site, shared by several scenarios
walkable:
  - [[0, 0], [10, 0], [10, 4], [0, 4]]
exits:
  - {name: east, line: [[10, 1], [10, 3]]}
zones:
  - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}
)";

TEST_F(VenueInclude, LoadsTheVenueRelativeToTheScenario) {
  write("scenario.yaml", kScenario);
  write("site/venue.yaml", kVenue);
  const Scenario s = load_scenario(path("scenario.yaml"));
  ASSERT_EQ(s.venue.exits.size(), 1u);
  EXPECT_EQ(s.venue.exits[0].name, "east");
  // Locations inside the venue name the included file and its lines.
  EXPECT_EQ(s.venue.exits[0].where.file, (dir_ / "site/venue.yaml").string());
  EXPECT_EQ(s.venue.exits[0].where.line, 5);
  EXPECT_EQ(s.venue.walkable_where[0].line, 3);
  EXPECT_EQ(s.venue.zones[0].where.file, (dir_ / "site/venue.yaml").string());
  // Locations outside stay in the scenario file.
  EXPECT_EQ(s.populations[0].where.file, path("scenario.yaml"));
  EXPECT_EQ(s.populations[0].in.where.line, 6);
}

TEST_F(VenueInclude, ErrorsInsideAreReportedWithTheIncludedFile) {
  write("scenario.yaml", kScenario);
  write("site/venue.yaml",
        std::string(kVenue) + "doors:\n  - {name: east, line: [[5, 0], [5, 4]], open: maybe}\n");
  const auto d = errors_of("scenario.yaml");
  ASSERT_EQ(d.size(), 2u);
  for (const auto& diagnostic : d) {
    EXPECT_EQ(diagnostic.where.file, (dir_ / "site/venue.yaml").string());
  }
  EXPECT_TRUE(test::has_diagnostic(d, 9, 12, "name 'east' is already used by the exit"));
  EXPECT_TRUE(test::has_diagnostic(d, 9, 48, "expected true or false"));
}

TEST_F(VenueInclude, MissingFileIsAnErrorAtTheVenueValue) {
  write("scenario.yaml", kScenario);
  const auto d = errors_of("scenario.yaml");
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, path("scenario.yaml"));
  EXPECT_EQ(d[0].where.line, 4);
  EXPECT_EQ(d[0].where.column, 8);
  EXPECT_NE(d[0].message.find("cannot read venue file"), std::string::npos) << d[0].message;
}

TEST_F(VenueInclude, SyntaxErrorInsideNamesTheIncludedFile) {
  write("scenario.yaml", kScenario);
  write("site/venue.yaml", "walkable: [[[0, 0], [1, 0], [1, 1]]\nexits: []\n");
  const auto d = errors_of("scenario.yaml");
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, (dir_ / "site/venue.yaml").string());
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
}

TEST_F(VenueInclude, OverridesReachIntoTheIncludedVenue) {
  write("scenario.yaml", kScenario);
  write("site/venue.yaml", kVenue);
  const Scenario s = load_scenario(path("scenario.yaml"),
                                   {parse_override("venue.exits.0.line=[[10, 0], [10, 4]]")});
  EXPECT_EQ(s.venue.exits[0].line.a, (Vec2{10, 0}));
}

}  // namespace
}  // namespace stroom
