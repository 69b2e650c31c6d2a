// `stroom run` writes maps.geojson: GDAL opens it, the venue comes back at the scenario's
// coordinates, and the maps and per-exit figures agree with summary.json.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../shell.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using stroom_test::slurp;
using stroom_test::stroom;

namespace {

const fs::path kRepo = STROOM_SOURCE_DIR;

using stroom_test::Shell;
using stroom_test::shell;

bool have(const std::string& program) {
  return shell("command -v " + program).exit_code == 0;
}

/// The CSV lines GDAL writes for an SQL query on the layer `maps` (header first).
std::vector<std::string> ogr_sql(const fs::path& file, const std::string& sql) {
  const Shell r = shell("ogr2ogr -f CSV /vsistdout/ -lco GEOMETRY=AS_WKT '" + file.string() +
                        "' -dialect SQLite -sql \"" + sql + "\"");
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

/// A run of the two-rooms example (obstacles, two exits, a door, a zone with criteria, a line
/// and a waypoint): 120 persons, 66 s simulated.
struct Results {
  fs::path out;
  nlohmann::json summary, maps;
};

const Results& results() {
  static const Results r = [] {
    Results res;
    res.out = stroom_test::scratch("maps") / "out";
    const auto run =
        stroom({"run", (kRepo / "scenarios" / "examples" / "room-two-exits.yaml").string(), "--out",
                res.out.string(), "--quiet", "--trajectories", "none"},
               "maps_run");
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    res.summary = nlohmann::json::parse(slurp(res.out / "summary.json"));
    res.maps = nlohmann::json::parse(slurp(res.out / "maps.geojson"));
    return res;
  }();
  return r;
}

}  // namespace

TEST(Maps, GdalOpensTheFileWithItsLayersAndFields) {
  const Results& r = results();
  if (!have("ogrinfo")) GTEST_SKIP() << "gdal-bin is not installed (tools/setup.sh installs it)";
  const Shell info = shell("ogrinfo -al -so '" + (r.out / "maps.geojson").string() + "'");
  ASSERT_EQ(info.exit_code, 0) << info.out;
  EXPECT_NE(info.out.find("using driver `GeoJSON' successful"), std::string::npos) << info.out;
  // No origin: a local engineering CRS in metres, not GeoJSON's default WGS 84 degrees.
  EXPECT_NE(info.out.find("ENGCRS[\"Stroom venue, local metres\""), std::string::npos) << info.out;
  EXPECT_EQ(info.out.find("WGS 84"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Extent: (0.000000, 0.000000) - (20.000000, 10.000000)"),
            std::string::npos)
      << info.out;
  for (const char* field :
       {"layer: String", "name: String", "max_density: Real", "above_2: Real",
        "longest_above_4: Real", "max_pressure: Real", "peak_flow: Real", "pass: Integer(Boolean)"})
    EXPECT_NE(info.out.find(field), std::string::npos) << field << "\n" << info.out;
}

TEST(Maps, GdalReadsTheVenueBackAtTheScenarioCoordinates) {
  const Results& r = results();
  if (!have("ogr2ogr")) GTEST_SKIP() << "gdal-bin is not installed (tools/setup.sh installs it)";
  const fs::path file = r.out / "maps.geojson";
  // The exits and the door exactly where room-two-exits.yaml puts them.
  EXPECT_EQ(
      ogr_sql(file,
              "SELECT name, geometry FROM maps WHERE layer IN ('exit', 'door') ORDER BY name"),
      (std::vector<std::string>{"WKT,name", "\"LINESTRING (10 4,10 6)\",middle",
                                "\"LINESTRING (14 10,16 10)\",north",
                                "\"LINESTRING (0 4,0 6)\",west"}));
  EXPECT_EQ(ogr_sql(file, "SELECT name, geometry FROM maps WHERE layer = 'waypoint'"),
            (std::vector<std::string>{"WKT,name", "\"POINT (17 5)\",stage"}));
  // Walkable area: 20 × 10 m less the two 0.2 × 4 m partitions = 198.4 m², by GDAL's own area.
  const auto area =
      ogr_sql(file, "SELECT ST_Area(geometry) AS a FROM maps WHERE layer = 'walkable'");
  ASSERT_EQ(area.size(), 2u);
  EXPECT_NEAR(std::stod(area[1]), 198.4, 1e-9);
  // Cells are the 1 m squares of the density grid (measure.cell), inside the venue's bounds.
  const auto cells = ogr_sql(file,
                             "SELECT COUNT(*), MIN(ST_Area(geometry)), MAX(ST_Area(geometry)), "
                             "MIN(ST_MinX(geometry)), MAX(ST_MaxX(geometry)) FROM maps WHERE "
                             "layer = 'cell'");
  ASSERT_EQ(cells.size(), 2u);
  int count = 0;
  double amin = 0, amax = 0, xmin = 0, xmax = 0;
  ASSERT_EQ(
      std::sscanf(cells[1].c_str(), "\"%d\",%lf,%lf,%lf,%lf", &count, &amin, &amax, &xmin, &xmax),
      5)
      << cells[1];
  EXPECT_GT(count, 20);
  EXPECT_LE(count, 200);
  EXPECT_DOUBLE_EQ(amin, 1.0);
  EXPECT_DOUBLE_EQ(amax, 1.0);
  EXPECT_GE(xmin, 0.0);
  EXPECT_LE(xmax, 20.0);
}

TEST(Maps, ValuesMatchSummaryJson) {
  const Results& r = results();
  const nlohmann::json& s = r.summary;
  double peak = -1.0, pressure = -1.0;
  std::vector<double> above_area(3, 0.0), longest(3, 0.0);
  const char* keys[] = {"2", "4", "5"};
  int exits = 0;
  for (const auto& f : r.maps["features"]) {
    const auto& p = f["properties"];
    if (p["layer"] == "cell") {
      if (p["max_density"].get<double>() > peak) peak = p["max_density"].get<double>();
      pressure = std::max(pressure, p["max_pressure"].get<double>());
      for (int k = 0; k < 3; ++k) {
        if (p[std::string("above_") + keys[k]].get<double>() > 0.0)
          above_area[k] += p["walkable_area"].get<double>();
        longest[k] = std::max(longest[k], p[std::string("longest_above_") + keys[k]].get<double>());
      }
    } else if (p["layer"] == "exit") {
      const auto& e = s["exits"][p["name"].get<std::string>()];
      EXPECT_EQ(p["count"], e["count"]);
      EXPECT_EQ(p["peak_flow"], e["peak_flow"]);
      EXPECT_EQ(p["first"], e["first"]);
      EXPECT_EQ(p["last"], e["last"]);
      EXPECT_EQ(p["width"], e["width"]);
      ++exits;
    } else if (p["layer"] == "line") {
      EXPECT_EQ(p["forward"], s["lines"]["through-middle"]["forward"]);
      EXPECT_EQ(p["backward"], s["lines"]["through-middle"]["backward"]);
    } else if (p["layer"] == "zone") {
      EXPECT_EQ(p["peak_density"], s["zones"]["east-hall"]["peak_density"]);
      EXPECT_EQ(p["peak_occupancy"], 120);  // everyone starts in the east hall
      EXPECT_EQ(p["capacity_pass"], true);
    } else if (p["layer"] == "density_peak") {
      EXPECT_EQ(f["geometry"]["coordinates"], s["density"]["peak_at"]);
    }
  }
  EXPECT_EQ(exits, 2);
  // The same doubles as summary.json, to the last digit.
  EXPECT_EQ(peak, s["density"]["peak"].get<double>());
  EXPECT_EQ(pressure, s["pressure"]["peak"].get<double>());
  for (int k = 0; k < 3; ++k) {
    const auto& e = s["density"]["exceedance"][k];
    EXPECT_EQ(e["threshold"].get<double>(), std::stod(keys[k]));
    EXPECT_NEAR(above_area[k], e["area"].get<double>(), 1e-9) << keys[k];
    EXPECT_EQ(longest[k], e["longest"].get<double>()) << keys[k];
  }
  EXPECT_EQ(r.maps["stroom"]["criteria"], s["criteria"]);
}

TEST(Maps, OutputMapsNoneWritesNoFileAndABadValueIsRefused) {
  const fs::path dir = stroom_test::scratch("maps_none");
  const std::string scenario = (kRepo / "scenarios" / "examples" / "room-two-exits.yaml").string();
  const auto none = stroom({"run", scenario, "--out", (dir / "a").string(), "--quiet",
                            "--trajectories", "none", "--maps", "none"},
                           "maps_none_run");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(fs::exists(dir / "a" / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / "a" / "maps.geojson"));
  const auto bad = stroom(
      {"run", scenario, "--out", (dir / "b").string(), "--quiet", "--set", "output.maps=shapefile"},
      "maps_bad_run");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("geojson"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "b" / "summary.json"));
}

TEST(Maps, ImportedRdNewPlanComesBackAtItsOwnCoordinates) {
  if (!have("ogr2ogr") || !have("ogrinfo"))
    GTEST_SKIP() << "gdal-bin is not installed (tools/setup.sh installs it)";
  // The municipal plan of docs/import.md: RD New, about 146 km east and 486 km north.
  const fs::path dir = stroom_test::scratch("maps_rd");
  const fs::path plan = kRepo / "tests" / "cli" / "import" / "almere-rd.geojson";
  const auto imported =
      stroom({"import", plan.string(), "--map", "walkable=almere[role=walkable]", "--map",
              "obstacle=almere[role=obstacle]", "--map", "exit=almere[role=exit]", "--map",
              "zone=almere[role=zone]", "--map", "waypoint=almere[role=waypoint]", "--map",
              "line=almere[role=line]", "--out", (dir / "almere-venue.yaml").string()},
             "maps_rd_import");
  ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  ASSERT_NE(imported.out.find("origin: (146000.000, 486000.000) in EPSG:28992"), std::string::npos)
      << imported.out;
  {
    std::ofstream scenario(dir / "plaza.yaml");
    scenario << "stroom: 1\nname: Plaza from the municipal plan\nseed: 3\ntime: {duration: 600}\n"
                "venue: almere-venue.yaml\n"
                "populations:\n  - {name: visitors, count: 300, in: plaza}\n";
  }
  const fs::path out = dir / "out";
  const auto run = stroom({"run", (dir / "plaza.yaml").string(), "--out", out.string(), "--quiet",
                           "--trajectories", "none"},
                          "maps_rd_run");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const fs::path maps = out / "maps.geojson";

  // GDAL reads the CRS as RD New.
  const Shell info = shell("ogrinfo -al -so '" + maps.string() + "'");
  ASSERT_EQ(info.exit_code, 0) << info.out;
  EXPECT_NE(info.out.find("Amersfoort / RD New"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("ID[\"EPSG\",28992]"), std::string::npos) << info.out;

  // Every exit, the line and the waypoint at the plan's own coordinates, as GDAL reads both.
  const auto lines_of = [](const fs::path& file, const std::string& layer,
                           const std::string& where) {
    return ogr_sql(file,
                   "SELECT name, geometry FROM " + layer + " WHERE " + where + " ORDER BY name");
  };
  EXPECT_EQ(lines_of(maps, "maps", "layer IN ('exit', 'line', 'waypoint')"),
            lines_of(plan, "almere", "role IN ('exit', 'line', 'waypoint')"));
  EXPECT_EQ(lines_of(maps, "maps", "layer = 'exit'").size(), 4u);  // header and three gates
  // The walkable area: 200 × 100 m field less its 20 × 10 m hole, the 2000 m² annex, less the
  // 5 × 4 m kiosk = 21780 m², over the plan's extent (146050, 486020) - (146290, 486120).
  const auto walkable = ogr_sql(maps,
                                "SELECT ST_Area(geometry), ST_MinX(geometry), ST_MinY(geometry), "
                                "ST_MaxX(geometry), ST_MaxY(geometry) FROM maps WHERE "
                                "layer = 'walkable'");
  ASSERT_EQ(walkable.size(), 2u);
  double area = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  ASSERT_EQ(std::sscanf(walkable[1].c_str(), "%lf,%lf,%lf,%lf,%lf", &area, &x0, &y0, &x1, &y1), 5)
      << walkable[1];
  EXPECT_NEAR(area, 21780.0, 1e-6);
  EXPECT_DOUBLE_EQ(x0, 146050.0);
  EXPECT_DOUBLE_EQ(y0, 486020.0);
  EXPECT_DOUBLE_EQ(x1, 146290.0);
  EXPECT_DOUBLE_EQ(y1, 486120.0);
  // The density peak lies where summary.json puts it, shifted by the origin.
  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  const auto doc = nlohmann::json::parse(slurp(maps));
  bool found = false;
  for (const auto& f : doc["features"]) {
    if (f["properties"]["layer"] != "density_peak") continue;
    found = true;
    EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][0].get<double>(),
                     146000.0 + summary["density"]["peak_at"][0].get<double>());
    EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][1].get<double>(),
                     486000.0 + summary["density"]["peak_at"][1].get<double>());
  }
  EXPECT_TRUE(found);
}
