// maps.geojson: the venue and the maps of a run as GeoJSON, in the plan's coordinates when the
// venue has an origin. The file itself is read back by GDAL in tests/cli/test_cli_maps.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "stroom/io/maps_geojson.hpp"
#include "stroom/measurement.hpp"
#include "stroom/scenario_loader.hpp"
#include "stroom/simulation.hpp"

namespace stroom {
namespace {

using Json = nlohmann::json;

// A 12 m × 6 m room with a clockwise obstacle (written the "wrong" way round on purpose), one
// exit, a zone with both zone criteria, a line and a waypoint; 40 persons walk out.
constexpr const char* kRoom = R"(stroom: 1
name: Origin room
seed: 5
time: {duration: 120}
venue:
  walkable:
    - [[0, 0], [12, 0], [12, 6], [0, 6]]
  obstacles:
    - {name: pillar, polygon: [[6, 2], [6, 3], [7, 3], [7, 2]]}
  exits:
    - {name: east, line: [[12, 2], [12, 4]]}
  zones:
    - {name: room, polygon: [[0, 0], [5, 0], [5, 6], [0, 6]], capacity: 30, max_density: 1.0}
  lines:
    - {name: mid, line: [[9, 0], [9, 6]]}
  waypoints:
    - {name: info, at: [3, 3]}
populations:
  - {name: crowd, count: 40, in: room}
criteria:
  max_evacuation_time: 60
)";

struct RoomRun {
  Scenario scenario;
  std::unique_ptr<Measurement> measurement;
  Summary summary;
};

RoomRun run_room() {
  RoomRun r;
  r.scenario = parse_scenario(kRoom, "room.yaml");
  Simulation sim(r.scenario, SimulationOptions{1});
  r.measurement = std::make_unique<Measurement>(r.scenario, sim.venue());
  r.measurement->observe(sim.view());
  while (!sim.done()) {
    sim.step();
    r.measurement->observe(sim.view());
  }
  r.summary = r.measurement->summarize(true, sim.not_entered());
  return r;
}

/// Every position of a geometry, in order, as (x, y).
void positions(const Json& coordinates, std::vector<std::pair<double, double>>& out) {
  if (coordinates.is_array() && coordinates.size() == 2 && coordinates[0].is_number()) {
    out.emplace_back(coordinates[0].get<double>(), coordinates[1].get<double>());
    return;
  }
  for (const Json& c : coordinates)
    positions(c, out);
}

double ring_signed_area(const Json& ring) {
  double a = 0.0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
         ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  return 0.5 * a;
}

const Json* find(const Json& doc, const std::string& layer, const std::string& name = "") {
  for (const Json& f : doc["features"])
    if (f["properties"]["layer"] == layer && (name.empty() || f["properties"]["name"] == name))
      return &f;
  return nullptr;
}

TEST(MapsGeoJson, CrsNamesAreWhatGdalReads) {
  EXPECT_EQ(io::crs_urn("EPSG:28992"), "urn:ogc:def:crs:EPSG::28992");
  EXPECT_EQ(io::crs_urn("urn:ogc:def:crs:EPSG::4326"), "urn:ogc:def:crs:EPSG::4326");
  EXPECT_EQ(io::crs_urn("EPSG:"), "EPSG:");
  EXPECT_EQ(io::crs_name({}), io::kLocalMetres);
  EXPECT_NE(io::crs_name({155000.0, 463000.0, ""}), io::kLocalMetres);
  EXPECT_EQ(io::crs_name({155000.0, 463000.0, "EPSG:28992"}), "urn:ogc:def:crs:EPSG::28992");
}

TEST(MapsGeoJson, VenueOriginIsTheGeoReference) {
  const Scenario plain = parse_scenario(kRoom, "room.yaml");
  const io::GeoReference none = io::geo_reference(plain.venue);
  EXPECT_EQ(none.x, 0.0);
  EXPECT_EQ(none.y, 0.0);
  EXPECT_EQ(none.crs, "");
  std::string text = kRoom;
  text.replace(text.find("venue:\n"), 7,
               "venue:\n  origin: {x: 146250.5, y: 486120.25, crs: \"EPSG:28992\"}\n");
  const Scenario placed = parse_scenario(text, "room.yaml");
  const io::GeoReference rd = io::geo_reference(placed.venue);
  EXPECT_EQ(rd.x, 146250.5);
  EXPECT_EQ(rd.y, 486120.25);
  EXPECT_EQ(rd.crs, "EPSG:28992");
}

TEST(MapsGeoJson, OriginShiftsEveryCoordinateBackToThePlan) {
  const RoomRun r = run_room();
  // A hand-made RD New origin near Almere (the Floriade site): x 146 km, y 486 km.
  const io::GeoReference rd{146250.5, 486120.25, "EPSG:28992"};
  const Json local = Json::parse(io::maps_geojson_text(r.scenario, *r.measurement, r.summary, {}));
  const Json plan = Json::parse(io::maps_geojson_text(r.scenario, *r.measurement, r.summary, rd));

  EXPECT_EQ(local["crs"]["properties"]["name"], io::kLocalMetres);
  EXPECT_EQ(plan["crs"]["type"], "name");
  EXPECT_EQ(plan["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::28992");
  EXPECT_EQ(plan["stroom"]["origin"]["x"], 146250.5);
  EXPECT_EQ(plan["stroom"]["origin"]["crs"], "EPSG:28992");

  // Same features, same attributes; every position moved by exactly the origin (to the
  // 0.1 mm the file is rounded to).
  ASSERT_EQ(local["features"].size(), plan["features"].size());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < local["features"].size(); ++i) {
    const Json& a = local["features"][i];
    const Json& b = plan["features"][i];
    EXPECT_EQ(a["properties"], b["properties"]);
    if (a["geometry"].is_null()) {
      EXPECT_TRUE(b["geometry"].is_null());
      continue;
    }
    std::vector<std::pair<double, double>> pa, pb;
    positions(a["geometry"]["coordinates"], pa);
    positions(b["geometry"]["coordinates"], pb);
    ASSERT_EQ(pa.size(), pb.size());
    for (std::size_t k = 0; k < pa.size(); ++k) {
      EXPECT_NEAR(pb[k].first - rd.x, pa[k].first, 1e-4);
      EXPECT_NEAR(pb[k].second - rd.y, pa[k].second, 1e-4);
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);

  // The venue as written in the scenario: the exit from (12, 2) to (12, 4), the waypoint.
  const Json* exit = find(plan, "exit", "east");
  ASSERT_NE(exit, nullptr);
  EXPECT_EQ((*exit)["geometry"]["coordinates"],
            Json::parse("[[146262.5, 486122.25], [146262.5, 486124.25]]"));
  const Json* info = find(plan, "waypoint", "info");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ((*info)["geometry"]["coordinates"], Json::parse("[146253.5, 486123.25]"));
}

TEST(MapsGeoJson, RingsAreClosedOuterCounterClockwiseHolesClockwise) {
  const RoomRun r = run_room();
  const Json doc = Json::parse(io::maps_geojson_text(r.scenario, *r.measurement, r.summary, {}));
  // The pillar was written clockwise; RFC 7946 wants the outer ring counter-clockwise.
  const Json* pillar = find(doc, "obstacle", "pillar");
  ASSERT_NE(pillar, nullptr);
  const Json& ring = (*pillar)["geometry"]["coordinates"][0];
  ASSERT_EQ(ring.size(), 5u);
  EXPECT_EQ(ring.front(), ring.back());
  EXPECT_NEAR(ring_signed_area(ring), 1.0, 1e-12);
  // The walkable area has the pillar as a hole: 72 − 1 = 71 m².
  const Json* walkable = find(doc, "walkable");
  ASSERT_NE(walkable, nullptr);
  const Json& polygon = (*walkable)["geometry"]["coordinates"][0];
  ASSERT_EQ(polygon.size(), 2u);
  EXPECT_NEAR(ring_signed_area(polygon[0]), 72.0, 1e-9);
  EXPECT_NEAR(ring_signed_area(polygon[1]), -1.0, 1e-9);
  EXPECT_NEAR((*walkable)["properties"]["area"].get<double>(), 71.0, 1e-9);
}

TEST(MapsGeoJson, CellsCarryTheMapsAndAgreeWithTheSummary) {
  const RoomRun r = run_room();
  const Json doc = Json::parse(io::maps_geojson_text(r.scenario, *r.measurement, r.summary, {}));
  ASSERT_TRUE(r.summary.density.peak);
  double peak = -1.0, peak_x = 0.0, peak_y = 0.0, pressure = -1.0;
  int cells = 0;
  for (const Json& f : doc["features"]) {
    if (f["properties"]["layer"] != "cell") continue;
    ++cells;
    const Json& p = f["properties"];
    const Json& ring = f["geometry"]["coordinates"][0];
    EXPECT_NEAR(ring_signed_area(ring), 1.0, 1e-9);  // 1 m cells (measure.cell default)
    EXPECT_GT(p["max_density"].get<double>(), 0.0);  // only cells someone stood in
    EXPECT_LE(p["walkable_area"].get<double>(), 1.0 + 1e-12);
    if (p["max_density"].get<double>() > peak) {
      peak = p["max_density"].get<double>();
      peak_x = 0.5 * (ring[0][0].get<double>() + ring[2][0].get<double>());
      peak_y = 0.5 * (ring[0][1].get<double>() + ring[2][1].get<double>());
    }
    pressure = std::max(pressure, p["max_pressure"].get<double>());
  }
  EXPECT_GT(cells, 5);
  EXPECT_LE(cells, 71);
  EXPECT_EQ(peak, *r.summary.density.peak);
  EXPECT_EQ(peak_x, (*r.summary.density.peak_at)[0]);
  EXPECT_EQ(peak_y, (*r.summary.density.peak_at)[1]);
  ASSERT_TRUE(r.summary.pressure.peak);
  EXPECT_EQ(pressure, *r.summary.pressure.peak);

  // The zone: its figures and both criteria (40 persons in 30 m²: capacity 30 fails, and the
  // density 40/30 = 1.33 P/m² is above the 1.0 limit).
  const Json* zone = find(doc, "zone", "room");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ((*zone)["properties"]["peak_occupancy"], 40);
  EXPECT_EQ((*zone)["properties"]["capacity_pass"], false);
  EXPECT_EQ((*zone)["properties"]["max_density_pass"], false);
  std::size_t criteria = 0;
  for (const Json& f : doc["features"]) {
    if (f["properties"]["layer"] != "criterion") continue;
    const CriterionResult& c = r.summary.criteria.at(criteria++);
    EXPECT_EQ(f["properties"]["name"], c.name);
    EXPECT_EQ(f["properties"]["pass"], c.pass);
    EXPECT_EQ(f["geometry"].is_null(), !c.name.starts_with("zone:")) << c.name;
  }
  EXPECT_EQ(criteria, r.summary.criteria.size());
  EXPECT_EQ(criteria, 3u);
}

}  // namespace
}  // namespace stroom
