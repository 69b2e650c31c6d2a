// `venue.underlay` decoded and placed through GDAL (tools/underlay), and the commands that use
// it: `stroom validate` refuses a plan it cannot draw, `stroom run` draws it in report.html and
// copies it into the results. The plans are written at test time through GDAL's own drivers
// (PNG, JPEG, GeoTIFF), as another program would write them.
#include <gdal.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../shell.hpp"
#include "stroom/scenario_loader.hpp"
#include "underlay_reader.hpp"

namespace stroom {
namespace {

namespace fs = std::filesystem;
using stroom_test::shell;

/// An 8-bit image written through GDAL's `driver` ("PNG", "JPEG", "GTiff") from
/// `bands` × width × height bytes (band-sequential), with a geotransform when given (GTiff).
void write_image(const fs::path& path, const char* driver, int width, int height, int bands,
                 const std::vector<std::uint8_t>& pixels, const double* geotransform = nullptr,
                 GDALDataType type = GDT_Byte) {
  GDALAllRegister();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  GDALDatasetH ds = GDALCreate(mem, "", width, height, bands, type, nullptr);
  ASSERT_NE(ds, nullptr);
  if (type == GDT_Byte) {
    for (int b = 0; b < bands; ++b)
      ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Write, 0, 0, width, height,
                             const_cast<std::uint8_t*>(&pixels[b * width * height]), width, height,
                             GDT_Byte, 0, 0),
                CE_None);
  }
  if (geotransform != nullptr) GDALSetGeoTransform(ds, const_cast<double*>(geotransform));
  GDALDatasetH out = GDALCreateCopy(GDALGetDriverByName(driver), path.c_str(), ds, FALSE, nullptr,
                                    nullptr, nullptr);
  ASSERT_NE(out, nullptr) << path;
  GDALClose(out);
  GDALClose(ds);
}

/// RGB bands: the left half red, the right half blue.
std::vector<std::uint8_t> halves(int width, int height) {
  std::vector<std::uint8_t> px(3 * width * height, 0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const bool left = x < width / 2;
      px[0 * width * height + y * width + x] = left ? 255 : 0;
      px[2 * width * height + y * width + x] = left ? 0 : 255;
    }
  return px;
}

class Underlay : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("stroom-underlay-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// A 10 m × 5 m walkable area with `underlay` set.
  VenueDesc venue(const VenueUnderlay& underlay) const {
    VenueDesc v;
    v.walkable = {{{0, 0}, {10, 0}, {10, 5}, {0, 5}}};
    v.underlay = underlay;
    v.underlay->where = {"venue.yaml", 7, 13};
    return v;
  }
  fs::path dir_;
};

TEST_F(Underlay, AWorldFileInRdNewPlacesThePlanLessTheVenueOrigin) {
  // 20 × 10 pixels of 0.5 m; the top-left pixel's centre at RD (146000.25, 486004.75), so its
  // corner lies at (146000, 486005): with the origin (146000, 486000) the plan covers the
  // venue's 10 m × 5 m exactly.
  write_image(dir_ / "site.png", "PNG", 20, 10, 3, halves(20, 10));
  VenueUnderlay u;
  u.image = (dir_ / "site.png").string();
  u.world_file = "site.pgw";
  u.world = {0.5, 0.0, 0.0, -0.5, 146000.25, 486004.75};
  VenueDesc v = venue(u);
  v.origin = VenueOrigin{146000.0, 486000.0, "EPSG:28992", {}};
  EXPECT_TRUE(underlay::check(v).empty());
  const UnderlayImage image = underlay::decode(v, 1000);
  ASSERT_EQ(image.width, 20);
  ASSERT_EQ(image.height, 10);
  EXPECT_NEAR(image.to_venue[0], 0.0, 1e-9);
  EXPECT_NEAR(image.to_venue[1], 0.5, 1e-12);
  EXPECT_NEAR(image.to_venue[3], 5.0, 1e-9);
  EXPECT_NEAR(image.to_venue[5], -0.5, 1e-12);
  // Row 0 at the top; red on the left, blue on the right, opaque.
  EXPECT_EQ(image.rgba[0], 255);
  EXPECT_EQ(image.rgba[2], 0);
  EXPECT_EQ(image.rgba[3], 255);
  const std::size_t right = (5 * 20 + 19) * 4;
  EXPECT_EQ(image.rgba[right + 0], 0);
  EXPECT_EQ(image.rgba[right + 2], 255);
  EXPECT_DOUBLE_EQ(image.opacity, 0.5);
}

TEST_F(Underlay, AGeoTiffCarriesItsOwnPlacement) {
  const double geotransform[6] = {146002.0, 0.25, 0.0, 486004.0, 0.0, -0.25};
  write_image(dir_ / "site.tif", "GTiff", 16, 8, 3, halves(16, 8), geotransform);
  VenueUnderlay u;
  u.image = (dir_ / "site.tif").string();
  VenueDesc v = venue(u);
  v.origin = VenueOrigin{146000.0, 486000.0, "EPSG:28992", {}};
  const UnderlayImage image = underlay::decode(v, 1000);
  // Top-left corner at venue (2, 4); 16 × 0.25 = 4 m wide, 8 × 0.25 = 2 m high.
  EXPECT_NEAR(image.to_venue[0], 2.0, 1e-9);
  EXPECT_NEAR(image.to_venue[3], 4.0, 1e-9);
  EXPECT_NEAR(image.to_venue[0] + 16 * image.to_venue[1], 6.0, 1e-9);
  EXPECT_NEAR(image.to_venue[3] + 8 * image.to_venue[5], 2.0, 1e-9);
}

TEST_F(Underlay, CornersPlaceAJpegStraightOrRotated) {
  write_image(dir_ / "site.jpg", "JPEG", 40, 20, 3, halves(40, 20));
  VenueUnderlay u;
  u.image = (dir_ / "site.jpg").string();
  u.corners = {{1, 1}, {9, 4}};
  auto t = underlay::placement(venue(u), 40, 20, std::nullopt);
  ASSERT_TRUE(t.has_value());
  // Top-left at (1, 4); 8 m over 40 columns, 3 m over 20 rows (down).
  EXPECT_DOUBLE_EQ((*t)[0], 1.0);
  EXPECT_DOUBLE_EQ((*t)[3], 4.0);
  EXPECT_DOUBLE_EQ((*t)[1], 0.2);
  EXPECT_DOUBLE_EQ((*t)[5], -0.15);
  // Turned 90° anticlockwise: the image's bottom edge runs up the venue's y axis.
  u.corners = {{8, 0}, {8, 4}, {0, 0}};
  t = underlay::placement(venue(u), 40, 20, std::nullopt);
  ASSERT_TRUE(t.has_value());
  const auto at = [&](double col, double row) {
    return Vec2{(*t)[0] + col * (*t)[1] + row * (*t)[2], (*t)[3] + col * (*t)[4] + row * (*t)[5]};
  };
  EXPECT_NEAR(at(0, 0).x, 0.0, 1e-12);    // top-left
  EXPECT_NEAR(at(0, 20).x, 8.0, 1e-12);   // bottom-left
  EXPECT_NEAR(at(40, 20).y, 4.0, 1e-12);  // bottom-right
  EXPECT_NEAR(at(40, 0).x, 0.0, 1e-12);   // top-right
  EXPECT_NEAR(at(40, 0).y, 4.0, 1e-12);
  // A JPEG decodes (lossy: the colours within a few levels).
  const UnderlayImage image = underlay::decode(venue(u), 1000);
  EXPECT_NEAR(image.rgba[0], 255, 12);
  EXPECT_NEAR(image.rgba[2], 0, 12);
}

TEST_F(Underlay, DecodingScalesDownByAverageAndKeepsThePlacement) {
  // 400 × 200 pixels of a one-pixel checkerboard, grey, scaled to at most 100 a side.
  std::vector<std::uint8_t> px(400 * 200);
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 400; ++x)
      px[y * 400 + x] = (x + y) % 2 == 0 ? 0 : 254;
  write_image(dir_ / "fine.png", "PNG", 400, 200, 1, px);
  VenueUnderlay u;
  u.image = (dir_ / "fine.png").string();
  u.corners = {{0, 0}, {10, 5}};
  const UnderlayImage image = underlay::decode(venue(u), 100);
  ASSERT_EQ(image.width, 100);
  ASSERT_EQ(image.height, 50);
  EXPECT_DOUBLE_EQ(image.to_venue[1], 0.1);  // 10 m over 100 columns
  EXPECT_DOUBLE_EQ(image.to_venue[5], -0.1);
  // An average of black and near-white: mid grey, not one or the other (aliasing).
  EXPECT_NEAR(image.rgba[(25 * 100 + 50) * 4], 127, 2);
}

TEST_F(Underlay, PlansThatCannotBeDrawnAreReportedAtTheUnderlay) {
  write_image(dir_ / "bare.png", "PNG", 8, 8, 3, halves(8, 8));
  VenueUnderlay u;
  u.image = (dir_ / "bare.png").string();
  auto problems = underlay::check(venue(u));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.line, 7);
  EXPECT_NE(problems[0].message.find("carries no georeference; give world_file or corners"),
            std::string::npos)
      << problems[0].message;
  EXPECT_THROW((void)underlay::decode(venue(u), 100), ScenarioError);

  // A world file in RD New without venue.origin: the plan lies 146 km away.
  u.world = {0.5, 0.0, 0.0, -0.5, 146000.25, 486004.75};
  u.world_file = "bare.pgw";
  problems = underlay::check(venue(u));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("lies outside the walkable area"), std::string::npos);
  EXPECT_NE(problems[0].message.find("does the venue need venue.origin?"), std::string::npos);

  std::ofstream(dir_ / "broken.png") << "not an image";
  u.image = (dir_ / "broken.png").string();
  problems = underlay::check(venue(u));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("cannot be read as an image"), std::string::npos);

  write_image(dir_ / "deep.tif", "GTiff", 8, 8, 1, {}, nullptr, GDT_UInt16);
  u.image = (dir_ / "deep.tif").string();
  problems = underlay::check(venue(u));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("is not an 8-bit image"), std::string::npos);
}

// [SECTION] The commands

/// A 20 m × 10 m room with a plan under it, placed by a world file in RD New.
std::string scenario_with_plan(const std::string& underlay) {
  return "stroom: 1\n"
         "name: plan under a room\n"
         "time: {duration: 30}\n"
         "venue:\n"
         "  origin: {x: 146000, y: 486000, crs: \"EPSG:28992\"}\n"
         "  underlay: " +
         underlay +
         "\n"
         "  walkable:\n"
         "    - [[0, 0], [20, 0], [20, 10], [0, 10]]\n"
         "  exits:\n"
         "    - {name: east, line: [[20, 4], [20, 6]]}\n"
         "  zones:\n"
         "    - {name: start, polygon: [[2, 2], [8, 2], [8, 8], [2, 8]]}\n"
         "populations:\n"
         "  - {name: people, count: 20, in: start}\n"
         "output: {trajectories: none, maps: none}\n";
}

TEST_F(Underlay, ValidateRefusesAPlanItCannotPlaceAndRunDrawsAndCopiesOne) {
  fs::create_directories(dir_ / "plans");
  write_image(dir_ / "plans/room.png", "PNG", 40, 20, 3, halves(40, 20));
  std::ofstream(dir_ / "scenario.yaml")
      << scenario_with_plan("{image: plans/room.png, opacity: 0.7}");
  const std::string exe = STROOM_EXE;
  auto r = shell(exe + " validate " + (dir_ / "scenario.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("scenario.yaml:6:13: error: venue.underlay: image '"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("carries no georeference"), std::string::npos) << r.out;

  // 0.5 m pixels from the venue's (0, 10): the plan covers the room.
  std::ofstream(dir_ / "plans/room.pgw") << "0.5\n0\n0\n-0.5\n146000.25\n486009.75\n";
  std::ofstream(dir_ / "scenario.yaml")
      << scenario_with_plan("{image: plans/room.png, world_file: plans/room.pgw, opacity: 0.7}");
  r = shell(exe + " validate " + (dir_ / "scenario.yaml").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = shell(exe + " run --quiet " + (dir_ / "scenario.yaml").string() + " --out " +
            (dir_ / "out").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::ifstream html_file(dir_ / "out/report.html");
  std::stringstream html;
  html << html_file.rdbuf();
  const std::string page = html.str();
  // Drawn at its opacity; the image's top-left corner at the frame's (0, 10) and one pixel
  // 0.5 m across in the frame's scale.
  const auto image = page.find("<image class=\"underlay\"");
  ASSERT_NE(image, std::string::npos);
  const std::string tag = page.substr(image, page.find("/>", image) - image);
  EXPECT_NE(tag.find("opacity=\"0.70\""), std::string::npos) << tag.substr(0, 300);
  EXPECT_NE(tag.find("width=\"40\" height=\"20\""), std::string::npos) << tag.substr(0, 300);
  EXPECT_NE(tag.find("data:image/png;base64,"), std::string::npos);
  EXPECT_NE(page.find("the plan room.png at 70 % opacity, placed by its world file room.pgw"),
            std::string::npos);
  // The plan travels with the results and its SHA-256 is recorded.
  EXPECT_TRUE(fs::exists(dir_ / "out/scenario/plans/room.png"));
  EXPECT_TRUE(fs::exists(dir_ / "out/scenario/plans/room.pgw"));
  std::ifstream summary_file(dir_ / "out/summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  bool listed = false;
  for (const auto& f : summary["inputs"]["files"])
    listed = listed || f["path"] == "scenario/plans/room.png";
  EXPECT_TRUE(listed) << summary["inputs"].dump();
}

TEST_F(Underlay, BatchReportsDrawThePlanAndABatchRefusesOneItCannotPlace) {
  fs::create_directories(dir_ / "plans");
  write_image(dir_ / "plans/room.png", "PNG", 40, 20, 3, halves(40, 20));
  std::ofstream(dir_ / "plans/room.pgw") << "0.5\n0\n0\n-0.5\n146000.25\n486009.75\n";
  std::ofstream(dir_ / "scenario.yaml")
      << scenario_with_plan("{image: plans/room.png, world_file: plans/room.pgw}");
  std::ofstream(dir_ / "sweep.yaml") << "stroom-batch: 1\nscenario: scenario.yaml\nseeds: 2\n"
                                        "variants:\n  - {name: base}\n";
  const std::string exe = STROOM_EXE;
  auto r = shell(exe + " batch " + (dir_ / "sweep.yaml").string() + " --reports --quiet --out " +
                 (dir_ / "batch").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  for (const char* seed : {"1", "2"}) {
    std::ifstream html_file(dir_ / "batch/runs/base" / seed / "report.html");
    std::stringstream html;
    html << html_file.rdbuf();
    EXPECT_NE(html.str().find("<image class=\"underlay\""), std::string::npos) << seed;
  }
  // Without its world file the plan has no placement: refused before any run. (Named or
  // not, a world file beside the image under its name places it: GDAL reads it.)
  fs::remove(dir_ / "plans/room.pgw");
  std::ofstream(dir_ / "scenario.yaml") << scenario_with_plan("{image: plans/room.png}");
  r = shell(exe + " batch " + (dir_ / "sweep.yaml").string() + " --reports --quiet --out " +
            (dir_ / "batch2").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("scenario.yaml:6:13: error: venue.underlay:"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "batch2/runs"));
}

}  // namespace
}  // namespace stroom
