// `venue.underlay`: a raster plan drawn under the venue (an extension of format 1). The loader
// parses the key, checks the files it names and reads a world file; decoding the image is the
// tools' business (tests/cli/test_underlay.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

namespace fs = std::filesystem;

class VenueUnderlay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("stroom-underlay-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "plans");
    write("plans/site.png", "the loader does not decode the image");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  /// The minimal scenario, read as if from dir/test.yaml, with `underlay_yaml` (one line) as
  /// venue.underlay on line 5.
  std::string with_underlay(const std::string& underlay_yaml) const {
    std::string text = test::minimal_scenario();
    const std::string anchor = "venue:\n";
    text.insert(text.find(anchor) + anchor.size(), "  underlay: " + underlay_yaml + "\n");
    return text;
  }
  std::string file() const { return (dir_ / "test.yaml").string(); }
  Scenario parse(const std::string& underlay_yaml) const {
    return parse_scenario(with_underlay(underlay_yaml), file());
  }
  std::vector<Diagnostic> problems(const std::string& underlay_yaml) const {
    try {
      (void)parse(underlay_yaml);
    } catch (const ScenarioError& e) {
      return e.diagnostics();
    }
    return {};
  }

  fs::path dir_;
};

TEST_F(VenueUnderlay, AbsentByDefaultAndNoIncludesAdded) {
  const Scenario s = parse_scenario(test::minimal_scenario(), file());
  EXPECT_FALSE(s.venue.underlay.has_value());
  EXPECT_TRUE(s.includes.empty());
}

TEST_F(VenueUnderlay, CornersPlaceTheImageInVenueCoordinates) {
  const Scenario s = parse("{image: plans/site.png, corners: [[-5, -2], [15, 6]], opacity: 0.8}");
  ASSERT_TRUE(s.venue.underlay.has_value());
  const auto& u = *s.venue.underlay;
  EXPECT_EQ(u.image, (dir_ / "plans/site.png").lexically_normal().string());
  ASSERT_EQ(u.corners.size(), 2u);
  EXPECT_DOUBLE_EQ(u.corners[1].x, 15.0);
  EXPECT_DOUBLE_EQ(u.opacity, 0.8);
  EXPECT_EQ(u.where.line, 5);
  // The plan travels with the run (copied into the results, hashed in the report).
  ASSERT_EQ(s.includes.size(), 1u);
  EXPECT_EQ(s.includes[0], u.image);
}

TEST_F(VenueUnderlay, ReadsTheSixNumbersOfAWorldFile) {
  // A plan at 0.1 m per pixel whose top-left pixel centre lies at RD (146000.05, 486099.95).
  write("plans/site.pgw", "0.1\n0.0\n0.0\n-0.1\n146000.05\n486099.95\n");
  const Scenario s = parse("{image: plans/site.png, world_file: plans/site.pgw}");
  ASSERT_TRUE(s.venue.underlay.has_value());
  const auto& w = s.venue.underlay->world;
  EXPECT_DOUBLE_EQ(w[0], 0.1);
  EXPECT_DOUBLE_EQ(w[3], -0.1);
  EXPECT_DOUBLE_EQ(w[4], 146000.05);
  EXPECT_DOUBLE_EQ(w[5], 486099.95);
  EXPECT_DOUBLE_EQ(s.venue.underlay->opacity, 0.5);  // the default
  EXPECT_EQ(s.includes.size(), 2u);                  // the image and its world file
}

TEST_F(VenueUnderlay, AGeoTiffNeedsNeitherWorldFileNorCorners) {
  write("plans/site.tif", "placed by its own georeference, which the tools read");
  const Scenario s = parse("{image: plans/site.tif}");
  ASSERT_TRUE(s.venue.underlay.has_value());
  EXPECT_TRUE(s.venue.underlay->world_file.empty());
  EXPECT_TRUE(s.venue.underlay->corners.empty());
}

TEST_F(VenueUnderlay, RefusesMissingFilesAndOtherFormatsWithTheirLocation) {
  auto d = problems("{image: plans/missing.png, corners: [[0, 0], [10, 4]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 21, "does not exist"));
  d = problems("{image: plans/site.gif, corners: [[0, 0], [10, 4]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 21, "a .png, .jpg/.jpeg or .tif/.tiff"));
  d = problems("{image: plans, corners: [[0, 0], [10, 4]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 21, "a .png, .jpg/.jpeg or .tif/.tiff"));
  d = problems("{corners: [[0, 0], [10, 4]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 13, "missing required key 'image'"));
}

TEST_F(VenueUnderlay, RefusesBrokenWorldFiles) {
  write("plans/short.pgw", "0.1\n0\n0\n-0.1\n");
  auto d = problems("{image: plans/site.png, world_file: plans/short.pgw}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 49, "has 4 lines"));
  write("plans/comma.pgw", "0,1\n0\n0\n-0.1\n0\n0\n");
  d = problems("{image: plans/site.png, world_file: plans/comma.pgw}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 49, "line 1 is '0,1', not a number"));
  write("plans/flat.pgw", "0.1\n0\n0\n0\n0\n0\n");
  d = problems("{image: plans/site.png, world_file: plans/flat.pgw}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 49, "gives pixels no area"));
  d = problems("{image: plans/site.png, world_file: plans/none.pgw}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 49, "does not exist"));
}

TEST_F(VenueUnderlay, RefusesBadCornersBothPlacementsAndOpacityOutOfRange) {
  auto d = problems("{image: plans/site.png, corners: [[10, 4], [0, 0]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 46, "right of and above"));
  d = problems("{image: plans/site.png, corners: [[0, 0], [5, 0], [10, 0]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 46, "lie on one line"));
  d = problems("{image: plans/site.png, corners: [[0, 0]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 46, "got 1"));
  write("plans/site.pgw", "0.1\n0\n0\n-0.1\n0\n0\n");
  d = problems("{image: plans/site.png, world_file: plans/site.pgw, corners: [[0, 0], [1, 1]]}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 74, "either world_file or corners"));
  d = problems("{image: plans/site.png, corners: [[0, 0], [10, 4]], opacity: 1.5}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 74, "opacity: must be from 0 to 1, got 1.5"));
  d = problems("{image: plans/site.png, corners: [[0, 0], [10, 4]], opaqueness: 1}");
  EXPECT_TRUE(test::has_diagnostic(d, 5, 65, "opaqueness: unknown key"));
}

}  // namespace
}  // namespace stroom
