// `venue.origin`: where the venue's local (0, 0) lies in the plan's coordinates (an extension
// of format 1; metadata for import and export, never read by the simulation).
#include <gtest/gtest.h>

#include <string>

#include "scenario_test_util.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {
namespace {

/// The minimal scenario with `origin_yaml` (one line, indented as a key of venue) in venue.
std::string with_origin(const std::string& origin_yaml) {
  std::string text = test::minimal_scenario();
  const std::string anchor = "venue:\n";
  text.insert(text.find(anchor) + anchor.size(), "  origin: " + origin_yaml + "\n");
  return text;
}

TEST(VenueOrigin, AbsentByDefault) {
  const Scenario s = parse_scenario(test::minimal_scenario(), "test.yaml");
  EXPECT_FALSE(s.venue.origin.has_value());
}

TEST(VenueOrigin, ReadsRdNewCoordinatesAndCrs) {
  // Almere (Floriade 2022) in RD New: x ≈ 146 km, y ≈ 486 km.
  const Scenario s =
      parse_scenario(with_origin("{x: 146012.5, y: 486250.25, crs: \"EPSG:28992\"}"), "test.yaml");
  ASSERT_TRUE(s.venue.origin.has_value());
  EXPECT_DOUBLE_EQ(s.venue.origin->x, 146012.5);
  EXPECT_DOUBLE_EQ(s.venue.origin->y, 486250.25);
  EXPECT_EQ(s.venue.origin->crs, "EPSG:28992");
  EXPECT_EQ(s.venue.origin->where.line, 5);
}

TEST(VenueOrigin, CrsIsOptional) {
  const Scenario s = parse_scenario(with_origin("{x: -2.5, y: 3}"), "test.yaml");
  ASSERT_TRUE(s.venue.origin.has_value());
  EXPECT_DOUBLE_EQ(s.venue.origin->x, -2.5);
  EXPECT_TRUE(s.venue.origin->crs.empty());
}

TEST(VenueOrigin, AllowsTenThousandKilometresButNoMore) {
  // UTM northings reach 9,300 km: inside; 1e7 m is the bound, beyond it an error.
  EXPECT_TRUE(test::diagnostics_of(with_origin("{x: 500000, y: 9300000}")).empty());
  const auto d = test::diagnostics_of(with_origin("{x: 1, y: 10000001}"));
  EXPECT_TRUE(test::has_diagnostic(d, 5, 21,
                                   "venue.origin.y: must be between -10000000 and "
                                   "10000000 m, got 10000001"));
}

TEST(VenueOrigin, RefusesNonNumbersMissingKeysAndUnknownKeys) {
  auto d = test::diagnostics_of(with_origin("{x: .nan, y: 0}"));
  EXPECT_TRUE(test::has_diagnostic(d, 5, 15, "venue.origin.x: expected a number"));
  d = test::diagnostics_of(with_origin("{x: 1}"));
  EXPECT_TRUE(test::has_diagnostic(d, 5, 11, "missing required key 'y'"));
  d = test::diagnostics_of(with_origin("{x: 1, y: 2, srs: EPSG:28992}"));
  EXPECT_TRUE(
      test::has_diagnostic(d, 5, 24, "venue.origin.srs: unknown key (did you mean 'crs'?)"));
  d = test::diagnostics_of(with_origin("[146000, 486000]"));
  EXPECT_TRUE(test::has_diagnostic(d, 5, 11, "venue.origin"));
}

TEST(VenueOrigin, DoesNotChangeTheVenueCoordinateBox) {
  // The venue's own coordinates keep their ±1e6 m box with an origin set.
  std::string text = with_origin("{x: 146000, y: 486000}");
  text.replace(text.find("[10, 0]"), 7, "[2000000, 0]");
  const auto d = test::diagnostics_of(text);
  EXPECT_TRUE(test::has_diagnostic(d, 7, 17, "coordinates must be between -1000000 and 1000000"));
}

}  // namespace
}  // namespace stroom
