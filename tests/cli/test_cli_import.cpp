// `stroom import`: site plans written by other programs (ezdxf, GDAL's ogr2ogr) or by hand
// (GeoJSON in RD New) become venues that pass `stroom validate`, whose walkable area matches the
// drawing's, computed by hand, within 0.5 % (issue acceptance); and every problem is reported at
// its layer and feature with exit code 2 and nothing written. The plans are generated at test
// time in a scratch folder (tests/cli/import/ holds the generator and the GeoJSON).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <regex>
#include <string>
#include <vector>

#include "process.hpp"

namespace fs = std::filesystem;
using stroom_test::stroom;

namespace {

const fs::path kFixtures = STROOM_IMPORT_FIXTURES;
const fs::path kRdGeoJson = kFixtures / "almere-rd.geojson";

/// The hand computation of almere-rd.geojson: a 200 m x 100 m field with a 20 m x 10 m hole,
/// a triangular annex of base 100 m and height 40 m, a 5 m x 4 m kiosk.
constexpr double kRdArea = 200.0 * 100.0 - 20.0 * 10.0 + 0.5 * 100.0 * 40.0 - 5.0 * 4.0;

/// The hand computation of make_site_dxf.py's plan: a 40 m x 20 m rectangle and a semicircle
/// of radius 10 m, less a circle of radius 2 m and a 6 m x 4 m stage with two semicircular ends
/// of radius 2 m.
const double kDxfArea = 40.0 * 20.0 + std::numbers::pi * 10.0 * 10.0 / 2.0 -
                        std::numbers::pi * 2.0 * 2.0 - (6.0 * 4.0 + std::numbers::pi * 2.0 * 2.0);
/// Length of the arcs of that plan (m): the flattened area differs by at most tolerance × this.
const double kDxfArcLength =
    std::numbers::pi * 10.0 + 2.0 * std::numbers::pi * 2.0 + 2.0 * std::numbers::pi * 2.0;

int shell(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str());
}

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

/// The walkable area `stroom validate FILE` states (m²), or -1.
double validated_area(const fs::path& venue, const std::string& name) {
  const auto r = stroom({"validate", venue.string()}, name);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::smatch m;
  if (!std::regex_search(r.out, m, std::regex("walkable area ([0-9.]+) m"))) return -1.0;
  return std::stod(m[1]);
}

std::string read(const fs::path& p) {
  return stroom_test::slurp(p);
}

/// make_site_dxf.py (ezdxf) into `dir`.
fs::path site_dxf(const fs::path& dir, const std::string& kind = "site") {
  const fs::path out = dir / (kind + ".dxf");
  EXPECT_EQ(shell(std::string(STROOM_PYTHON3) + " " + q(kFixtures / "make_site_dxf.py") + " " +
                  q(out) + " " + kind),
            0)
      << "ezdxf (python3-ezdxf, tools/setup.sh) could not write the DXF";
  return out;
}

const std::vector<std::string> kSiteMaps = {"--map", "walkable=SITE",   "--map", "obstacle=OBST",
                                            "--map", "exit=EXITS",      "--map", "zone=ZONES",
                                            "--map", "waypoint=POINTS", "--map", "line=LINES"};

std::vector<std::string> args(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

/// The --map options for every role of almere-rd.geojson (one layer, told apart by `role`).
std::vector<std::string> rd_maps(const std::string& layer) {
  std::vector<std::string> out;
  for (const char* role : {"walkable", "obstacle", "exit", "zone", "waypoint", "line"}) {
    out.push_back("--map");
    out.push_back(std::string(role) + "=" + layer + "[role=" + role + "]");
  }
  return out;
}

}  // namespace

// [SECTION] DXF

TEST(ImportDxf, EzdxfPlanWithArcsBulgesAndLayersMatchesTheDrawing) {
  const fs::path dir = stroom_test::scratch("import_dxf");
  const fs::path plan = site_dxf(dir);
  const fs::path venue = dir / "venue.yaml";
  const auto r =
      stroom(args({"import", plan.string(), "--out", venue.string()}, kSiteMaps), "import_dxf_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok: the venue passes `stroom validate`"), std::string::npos);
  const double area = validated_area(venue, "import_dxf_validate");
  // Acceptance: within 0.5 %; and within what the arc tolerance (0.01 m) allows: each chord
  // lies at most 0.01 m inside its arc, so at most 0.01 m × the arc length of area is lost
  // (+ 0.05 m² for the one decimal `validate` prints).
  EXPECT_NEAR(area, kDxfArea, 0.005 * kDxfArea);
  EXPECT_NEAR(area, kDxfArea, 0.01 * kDxfArcLength + 0.05) << "expected " << kDxfArea;
  const std::string text = read(venue);
  // Names: texts next to the exits, inside the zone and the stage; numbered otherwise.
  for (const char* needle :
       {"{name: \"west-gate\", line: [[0, 8], [0, 12]]}",
        "{name: \"north-gate\", line: [[10, 20], [14, 20]]}", "name: \"field\"", "name: \"stage\"",
        "{name: \"points-1\", at: [36, 10]}", "{name: \"points-2\", at: [8, 15], radius: 1.5}",
        "{name: \"lines-1\", line: [[17, 0], [17, 20]]}", "# layer 'EXITS', feature"}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  }
  // A plan near (0, 0) without a CRS needs no origin; NOTES was not mapped.
  EXPECT_EQ(text.find("origin:"), std::string::npos);
  EXPECT_EQ(text.find("organiser"), std::string::npos);
}

TEST(ImportDxf, OutlineOfSeparateLinesAndAnArcIsJoined) {
  // CAD outlines are often LINE and ARC entities that meet end to end: joined into one area.
  const fs::path dir = stroom_test::scratch("import_lines");
  const fs::path venue = dir / "venue.yaml";
  const auto r = stroom({"import", site_dxf(dir, "lines").string(), "--map", "walkable=SITE",
                         "--map", "exit=EXITS", "--out", venue.string()},
                        "import_lines_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex("layer 'SITE', feature [0-9]+ \\(handle [0-9A-F]+\\): lines of features "
                        "[0-9]+, [0-9]+, [0-9]+, [0-9]+ joined end to end into a closed outline")))
      << r.err;
  const double area = 40.0 * 20.0 + std::numbers::pi * 10.0 * 10.0 / 2.0;
  EXPECT_NEAR(validated_area(venue, "import_lines_validate"), area,
              0.01 * std::numbers::pi * 10.0 + 0.05);
}

TEST(ImportDxf, ShippedWalkThroughVenueIsTheImportOfTheDrawing) {
  // scenarios/import/site-venue.yaml is what docs/import.md's import command writes: keep it so.
  const fs::path dir = stroom_test::scratch("import_shipped");
  site_dxf(dir);
  const auto r = stroom(
      args({"import", "site.dxf", "--setting", "open-air", "--out", "site-venue.yaml"}, kSiteMaps),
      "import_shipped_run", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read(dir / "site-venue.yaml"),
            read(fs::path(STROOM_SOURCE_DIR) / "scenarios" / "import" / "site-venue.yaml"));
}

TEST(ImportDxf, MillimetreDrawingWithUnitsMmGivesTheSameVenue) {
  // Architects draw in millimetres: --units mm scales the plan (and the arc tolerance with it).
  const fs::path dir = stroom_test::scratch("import_mm");
  const auto metres = stroom(
      args({"import", site_dxf(dir).string(), "--out", (dir / "m.yaml").string()}, kSiteMaps),
      "import_mm_m");
  ASSERT_EQ(metres.exit_code, 0) << metres.err;
  const auto mm = stroom(args({"import", site_dxf(dir, "mm").string(), "--units", "mm", "--out",
                               (dir / "mm.yaml").string()},
                              kSiteMaps),
                         "import_mm_mm");
  ASSERT_EQ(mm.exit_code, 0) << mm.err;
  const auto without_comments = [](const std::string& text) {
    return std::regex_replace(text, std::regex("(^|\n)#[^\n]*"), "");
  };
  EXPECT_EQ(without_comments(read(dir / "mm.yaml")), without_comments(read(dir / "m.yaml")));
  EXPECT_NE(read(dir / "mm.yaml").find("plan units mm"), std::string::npos);
}

TEST(ImportDxf, WrittenByOgr2ogrInRdNewIsShiftedToALocalOrigin) {
  const fs::path dir = stroom_test::scratch("import_ogr_dxf");
  const fs::path plan = dir / "plan.dxf";
  // GDAL's DXF writer puts each feature on the drawing layer of its `Layer` field.
  ASSERT_EQ(shell(std::string(STROOM_OGR2OGR) + " -f DXF " + q(plan) + " " + q(kRdGeoJson) +
                  " -sql \"SELECT role AS Layer FROM almere\""),
            0);
  const fs::path venue = dir / "venue.yaml";
  const auto r =
      stroom({"import", plan.string(), "--map", "walkable=walkable", "--map", "obstacle=obstacle",
              "--map", "exit=exit", "--crs", "EPSG:28992", "--out", venue.string()},
             "import_ogr_dxf_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(validated_area(venue, "import_ogr_dxf_validate"), kRdArea, 0.005 * kRdArea);
  const std::string text = read(venue);
  // A DXF states no CRS: --crs names it (no reprojection); the origin is the lower-left
  // corner rounded down to 100 m.
  EXPECT_NE(text.find("origin: {x: 146000, y: 486000, crs: \"EPSG:28992\"}"), std::string::npos)
      << text;
  EXPECT_NE(text.find("line: [[50, 60], [50, 66]]"), std::string::npos) << text;
}

TEST(ImportDxf, ListsTheDrawingLayersWithTheirFeatures) {
  const fs::path dir = stroom_test::scratch("import_list");
  const auto r = stroom({"import", site_dxf(dir).string(), "--list"}, "import_list_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // layer, features, polygons, closed, open, points, texts
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(EXITS\s+4\s+0\s+0\s+2\s+0\s+2\n)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(OBST\s+3\s+0\s+2\s+0\s+0\s+1\n)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(SITE\s+1\s+0\s+1\s+0\s+0\s+0\n)"))) << r.out;
  EXPECT_NE(r.out.find("coordinate reference system: not stated"), std::string::npos);
}

// [SECTION] GeoJSON, GeoPackage, shapefile

TEST(ImportGeoJson, RdNewPlanBecomesALocalVenueWithItsOrigin) {
  const fs::path dir = stroom_test::scratch("import_geojson");
  const fs::path venue = dir / "venue.yaml";
  const auto r =
      stroom(args({"import", kRdGeoJson.string(), "--out", venue.string()}, rd_maps("almere")),
             "import_geojson_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(validated_area(venue, "import_geojson_validate"), kRdArea, 0.005 * kRdArea);
  const std::string text = read(venue);
  // Local coordinates + origin = the plan's: the west gate is (146050, 486060)-(146050,
  // 486066) in RD New. The field (with a hole) and the annex touch: joined, and cut through
  // the hole at x = 150 (146150 in RD New), since walkable polygons have no holes.
  for (const char* needle :
       {"origin: {x: 146000, y: 486000, crs: \"EPSG:28992\"}",
        "{name: \"west-gate\", line: [[50, 60], [50, 66]]}",
        "{name: \"annex-gate\", line: [[260, 32.5], [270, 45]]}",
        "# from the walkable polygons of layer 'almere[role=walkable]', feature 0, layer "
        "'almere[role=walkable]', feature 1 (joined, cut through holes)",
        "- [[150, 20], [50, 20], [50, 120], [150, 120], [150, 70],", "capacity: 1600",
        "{name: \"info\", at: [200, 100]}", "{name: \"half\""}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  }
}

TEST(ImportGeoJson, TheOriginIsMetadataTheRunDoesNotRead) {
  // docs/scenario-format.md: a venue with and without venue.origin gives the same results.
  const fs::path dir = stroom_test::scratch("import_origin_run");
  const auto r = stroom(args({"import", kRdGeoJson.string(), "--out", (dir / "with.yaml").string()},
                             rd_maps("almere")),
                        "import_origin_import");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string with = read(dir / "with.yaml");
  ASSERT_NE(with.find("\norigin: {x: 146000"), std::string::npos);
  std::ofstream(dir / "without.yaml")
      << std::regex_replace(with, std::regex("\norigin: [^\n]*"), "");
  nlohmann::json summaries[2];
  for (int k = 0; k < 2; ++k) {
    const std::string name = k == 0 ? "with" : "without";
    std::ofstream(dir / (name + "-scenario.yaml"))
        << "stroom: 1\nname: plaza\ntime: {duration: 120}\nvenue: " << name
        << ".yaml\npopulations:\n  - {name: people, count: 60, in: plaza, journey: [{exit: "
           "nearest}]}\noutput: {trajectories: none}\n";
    const auto run = stroom({"run", (dir / (name + "-scenario.yaml")).string(), "--out",
                             (dir / name).string(), "--quiet", "--threads", "2"},
                            "import_origin_" + name);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    summaries[k] = nlohmann::json::parse(read(dir / name / "summary.json"));
    for (const char* key : {"runtime", "file", "inputs"})  // the file names and hashes
      summaries[k].erase(key);
  }
  EXPECT_EQ(summaries[0]["agents"]["exited"], 60);
  EXPECT_EQ(summaries[0], summaries[1]);
}

TEST(ImportGeoPackage, LayersInRdNew) {
  const fs::path dir = stroom_test::scratch("import_gpkg");
  const fs::path plan = dir / "plan.gpkg";
  for (const char* role : {"walkable", "obstacle", "exit"}) {
    ASSERT_EQ(shell(std::string(STROOM_OGR2OGR) + " -f GPKG " + q(plan) + " " + q(kRdGeoJson) +
                    " -where \"role='" + role + "'\" -nln " + role + "s" +
                    (fs::exists(plan) ? " -update" : "")),
              0);
  }
  const fs::path venue = dir / "venue.yaml";
  const auto r = stroom({"import", plan.string(), "--map", "walkable=walkables", "--map",
                         "obstacles=obstacles", "--map", "exits=exits", "--out", venue.string()},
                        "import_gpkg_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(validated_area(venue, "import_gpkg_validate"), kRdArea, 0.005 * kRdArea);
  EXPECT_NE(read(venue).find("origin: {x: 146000, y: 486000, crs: \"EPSG:28992\"}"),
            std::string::npos);
}

TEST(ImportGeoPackage, CurvedPolygonIsFlattenedWithinTheTolerance) {
  // A GeoPackage may hold true arcs (CURVEPOLYGON): a circle of radius 20 m in RD New.
  const fs::path dir = stroom_test::scratch("import_curve");
  std::ofstream(dir / "curve.csv")
      << "WKT,role\n\"CURVEPOLYGON(CIRCULARSTRING(146000 486000,146020 486020,146000 486040,"
         "145980 486020,146000 486000))\",walkable\n";
  const fs::path plan = dir / "curve.gpkg";
  ASSERT_EQ(shell(std::string(STROOM_OGR2OGR) + " -f GPKG " + q(plan) + " " + q(dir / "curve.csv") +
                  " -a_srs EPSG:28992 -nln site -nlt CURVEPOLYGON"),
            0);
  const fs::path venue = dir / "venue.yaml";
  const auto r =
      stroom({"import", plan.string(), "--map", "walkable=site", "--out", venue.string()},
             "import_curve_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const double circle = std::numbers::pi * 20.0 * 20.0;
  EXPECT_NEAR(validated_area(venue, "import_curve_validate"), circle,
              0.01 * 2.0 * std::numbers::pi * 20.0 + 0.05);
  EXPECT_NE(read(venue).find("origin: {x: 145900, y: 486000, crs: \"EPSG:28992\"}"),
            std::string::npos);
}

TEST(ImportShapefile, FolderOfShapefiles) {
  const fs::path dir = stroom_test::scratch("import_shp");
  fs::create_directories(dir / "plan");
  for (const char* role : {"walkable", "exit"}) {
    ASSERT_EQ(shell(std::string(STROOM_OGR2OGR) + " -f 'ESRI Shapefile' " +
                    q(dir / "plan" / (std::string(role) + ".shp")) + " " + q(kRdGeoJson) +
                    " -where \"role='" + role + "'\""),
              0);
  }
  const fs::path venue = dir / "venue.yaml";
  const auto r = stroom({"import", (dir / "plan").string(), "--map", "walkable=walkable", "--map",
                         "exit=exit", "--out", venue.string()},
                        "import_shp_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // No obstacle layer: the kiosk stays walkable.
  EXPECT_NEAR(validated_area(venue, "import_shp_validate"), kRdArea + 20.0,
              0.005 * (kRdArea + 20.0));
  EXPECT_NE(read(venue).find("crs: \"EPSG:28992\""), std::string::npos);
}

TEST(ImportGeoJson, DegreesAreRefusedUnlessReprojectedWithCrs) {
  const fs::path dir = stroom_test::scratch("import_wgs84");
  const fs::path plan = dir / "wgs84.geojson";
  ASSERT_EQ(shell(std::string(STROOM_OGR2OGR) + " -f GeoJSON " + q(plan) + " " + q(kRdGeoJson) +
                  " -t_srs EPSG:4326"),
            0);
  const fs::path venue = dir / "venue.yaml";
  auto r = stroom(args({"import", plan.string(), "--out", venue.string()}, rd_maps("almere")),
                  "import_wgs84_refused");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("degrees of longitude and latitude"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(venue));
  r = stroom(args({"import", plan.string(), "--crs", "EPSG:28992", "--out", venue.string()},
                  rd_maps("almere")),
             "import_wgs84_reprojected");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // RD New → WGS 84 → RD New: the same venue within millimetres.
  EXPECT_NEAR(validated_area(venue, "import_wgs84_validate"), kRdArea, 0.0001 * kRdArea);
  EXPECT_NE(read(venue).find("origin: {x: 146000, y: 486000, crs: \"EPSG:28992\"}"),
            std::string::npos);
}

// [SECTION] Problems: layer and feature, exit code 2, nothing written

TEST(ImportErrors, OpenPolylineOnTheWalkableLayer) {
  const fs::path dir = stroom_test::scratch("import_open");
  const fs::path venue = dir / "venue.yaml";
  const auto r = stroom(
      {"import", site_dxf(dir, "open").string(), "--map", "walkable=SITE", "--out", venue.string()},
      "import_open_run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::regex_search(
      r.err,
      std::regex(R"(open\.dxf: error: layer 'SITE', feature 0 \(handle [0-9A-F]+\): an )"
                 R"(open polyline on a layer of walkable areas \(its ends are 5 m apart\))")))
      << r.err;
  EXPECT_FALSE(fs::exists(venue));
}

TEST(ImportErrors, ExitOffTheWalkableBoundaryThenSnapped) {
  const fs::path dir = stroom_test::scratch("import_offexit");
  const fs::path plan = site_dxf(dir, "offexit");
  const fs::path venue = dir / "venue.yaml";
  auto r = stroom({"import", plan.string(), "--map", "walkable=SITE", "--map", "exit=EXITS",
                   "--out", venue.string()},
                  "import_offexit_run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::regex_search(
      r.err,
      std::regex(R"(offexit\.dxf: error: layer 'EXITS', feature [0-9]+ \(handle [0-9A-F]+\): )"
                 R"(exit 'west-gate' is not on the boundary of the walkable area)")))
      << r.err;
  EXPECT_FALSE(fs::exists(venue));
  EXPECT_FALSE(fs::exists(dir / "venue.yaml.import-tmp"));
  // The exit lies 1 m inside the fence: --snap 1 moves it onto the fence.
  r = stroom({"import", plan.string(), "--map", "walkable=SITE", "--map", "exit=EXITS", "--snap",
              "1", "--out", venue.string()},
             "import_offexit_snap");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("exit moved onto the walkable boundary by up to 1 m (--snap)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(read(venue).find("{name: \"west-gate\", line: [[0, 8], [0, 12]]}"), std::string::npos);
}

TEST(ImportErrors, BentExitClosedExitSliverAndDuplicateNames) {
  const fs::path dir = stroom_test::scratch("import_shapes");
  const fs::path plan = dir / "plan.geojson";
  std::ofstream(plan) << R"({"type": "FeatureCollection", "name": "plan", "features": [
{"type": "Feature", "properties": {"kind": "area"}, "geometry": {"type": "Polygon",
  "coordinates": [[[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}},
{"type": "Feature", "properties": {"kind": "area"}, "geometry": {"type": "Polygon",
  "coordinates": [[[20, 0], [30, 0], [30, 0.0005], [20, 0]]]}},
{"type": "Feature", "properties": {"kind": "gate", "name": "g"}, "geometry": {"type": "LineString",
  "coordinates": [[0, 2], [0, 4]]}},
{"type": "Feature", "properties": {"kind": "gate", "name": "g"}, "geometry": {"type": "LineString",
  "coordinates": [[10, 2], [10, 4]]}},
{"type": "Feature", "properties": {"kind": "bent", "name": "b"}, "geometry": {"type": "LineString",
  "coordinates": [[0, 6], [0.5, 7], [0, 8]]}},
{"type": "Feature", "properties": {"kind": "ring", "name": "r"}, "geometry": {"type": "Polygon",
  "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 1]]]}}
]})";
  const fs::path venue = dir / "venue.yaml";
  // Duplicate vertex removed, sliver left out, the second 'g' renamed: a valid venue.
  // Metres as they stand: a GeoJSON without a crs member states WGS 84 (--crs none).
  auto r = stroom({"import", plan.string(), "--crs", "none", "--map", "walkable=plan[kind=area]",
                   "--map", "exit=plan[kind=gate]", "--out", venue.string()},
                  "import_shapes_ok");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("layer 'plan[kind=area]', feature 1: a sliver (area 0.005 m², mean width "
                       "0.0005 m) left out"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("the name 'g' is used before; written as 'g-2'"), std::string::npos)
      << r.err;
  const std::string text = read(venue);
  EXPECT_NE(text.find("- [[0, 0], [10, 0], [10, 10], [0, 10]]"), std::string::npos) << text;
  EXPECT_NE(text.find("{name: \"g-2\", line: [[10, 2], [10, 4]]}"), std::string::npos) << text;
  // A bent line and a closed ring on a layer of exits.
  r = stroom({"import", plan.string(), "--crs", "none", "--map", "walkable=plan[kind=area]",
              "--map", "exit=plan[kind=bent]", "--map", "exit=plan[kind=ring]", "--out",
              (dir / "bad.yaml").string()},
             "import_shapes_bad");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("plan.geojson: error: layer 'plan[kind=bent]', feature 4: an exit is one "
                       "straight segment, but this line bends (a vertex lies 0.5 m off"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("plan.geojson: error: layer 'plan[kind=ring]', feature 5: a closed shape "
                       "on a layer of exits"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "bad.yaml"));
}

TEST(ImportCleaning, GapsBetweenWalkablePolygonsAreFilledOrReported) {
  // A paved square with a hole for a 10 m x 10 m court, and the court drawn as its own polygon
  // 5 mm short on every side: an island that stays walkable, and a gap 5 mm wide around it that
  // would be a wall around the court. Beside them a path 2 cm away from the square: a gap that
  // runs through, reported.
  const fs::path dir = stroom_test::scratch("import_gaps");
  const fs::path plan = dir / "plan.geojson";
  std::ofstream(plan) << R"({"type": "FeatureCollection", "name": "plan", "features": [
{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
  [[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]], [[5, 5], [15, 5], [15, 15], [5, 15], [5, 5]]]}},
{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
  [[5.005, 5.005], [14.995, 5.005], [14.995, 14.995], [5.005, 14.995], [5.005, 5.005]]]}},
{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
  [[20.02, 0], [30, 0], [30, 4], [20.02, 4], [20.02, 0]]]}}
]})";
  const fs::path venue = dir / "venue.yaml";
  const auto r = stroom(
      {"import", plan.string(), "--crs", "none", "--map", "walkable=plan", "--out", venue.string()},
      "import_gaps_run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("a gap of 0.2 m² (mean width under 0.05 m) between walkable polygons "
                       "near [5, 5] is filled"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("walkable polygons come within 0.02 m of each other near"),
            std::string::npos)
      << r.err;
  // 400 m² of square with its court and 39.92 m² of path: the 0.2 m² gap is walkable now.
  EXPECT_NEAR(validated_area(venue, "import_gaps_validate"), 400.0 + 9.98 * 4.0, 0.06);
  EXPECT_EQ(r.err.find("0.005 m of each other"), std::string::npos) << r.err;  // filled
  EXPECT_NE(read(venue).find("# from the walkable polygons of layer 'plan', feature 0, layer "
                             "'plan', feature 1 (joined, cut through holes)"),
            std::string::npos);
}

TEST(ImportErrors, BowTieAndCoordinatesBeyondAnyVenue) {
  const fs::path dir = stroom_test::scratch("import_bowtie");
  const fs::path plan = dir / "plan.geojson";
  std::ofstream(plan) << R"({"type": "FeatureCollection", "name": "plan", "features": [
{"type": "Feature", "properties": {"kind": "bowtie"}, "geometry": {"type": "Polygon",
  "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}},
{"type": "Feature", "properties": {"kind": "square"}, "geometry": {"type": "Polygon",
  "coordinates": [[[0, 0], [5, 0], [5, 5], [0, 5], [0, 0]]]}},
{"type": "Feature", "properties": {"kind": "far"}, "geometry": {"type": "Polygon",
  "coordinates": [[[0, 0], [1e300, 0], [0, 1e300], [0, 0]]]}}
]})";
  const fs::path venue = dir / "venue.yaml";
  // A bow tie has no area, but it is no sliver: the geometry check names it at its feature.
  auto r = stroom({"import", plan.string(), "--crs", "none", "--map", "walkable=plan[kind=bowtie]",
                   "--map", "walkable=plan[kind=square]", "--out", venue.string()},
                  "import_bowtie_run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("plan.geojson: error: layer 'plan[kind=bowtie]', feature 0: walkable "
                       "polygon 1 is self-intersecting"),
            std::string::npos)
      << r.err;
  // Coordinates no venue has (here 1e300 m): refused at the feature, no overflow.
  r = stroom({"import", plan.string(), "--crs", "none", "--map", "walkable=plan[kind=far]", "--map",
              "walkable=plan[kind=square]", "--out", venue.string()},
             "import_far_run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("layer 'plan[kind=far]', feature 2: coordinates more than 10000000 m "
                       "from the venue's origin"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(venue));
}

TEST(ImportErrors, CommandLineAndFileProblemsExitTwo) {
  const fs::path dir = stroom_test::scratch("import_cli");
  const fs::path plan = site_dxf(dir);
  const std::string out = (dir / "v.yaml").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"import", plan.string(), "--map", "walkable=FENCE", "--out", out},
       "error: no layer 'FENCE' (--map walkable=FENCE); its layers are: EXITS, LINES, NOTES, "
       "OBST, POINTS, SITE, ZONES"},
      {{"import", plan.string(), "--map", "stage=OBST", "--map", "walkable=SITE", "--out", out},
       "--map: error: 'stage' is not a role; roles: walkable, obstacle, exit, door, zone, line, "
       "waypoint"},
      {{"import", plan.string(), "--map", "exit=EXITS", "--out", out},
       "--map: error: no layer is mapped to walkable"},
      {{"import", plan.string(), "--map", "walkable=SITE"}, "--out: error:"},
      {{"import", plan.string(), "--map", "walkable=SITE", "--units", "ft", "--out", out},
       "--units: error: 'ft' is not a unit of length"},
      {{"import", plan.string(), "--map", "walkable=SITE", "--origin", "146000", "--out", out},
       "--origin: error: '146000': expected auto, none or X,Y"},
      {{"import", kRdGeoJson.string(), "--map", "walkable=almere", "--name-field", "naam", "--out",
        out},
       "error: layer 'almere' has no attribute 'naam' (--name-field); its attributes are: role, "
       "name, capacity"},
      {{"import", (dir / "missing.dxf").string(), "--list"},
       "missing.dxf: error: cannot read the plan: no such file"},
      {{"import", kRdGeoJson.string(), "--map", "walkable=almere[role=exit]", "--out", out},
       "an open polyline on a layer of walkable areas"},
  };
  for (const Case& c : cases) {
    const auto r = stroom(c.args, "import_cli_case");
    EXPECT_EQ(r.exit_code, 2) << c.message << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.message;
  }
  std::ofstream(dir / "notes.txt") << "not a plan\n";
  const auto r = stroom({"import", (dir / "notes.txt").string(), "--list"}, "import_cli_text");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("notes.txt: error: cannot read the plan"), std::string::npos) << r.err;
}
