// maps.geojson writer: see stroom/io/maps_geojson.hpp.
#include "stroom/io/maps_geojson.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "stroom/io/summary_json.hpp"

namespace stroom::io {

namespace {

using Json = nlohmann::ordered_json;

/// Plan coordinates: the venue's metres shifted by the origin, rounded to 0.1 mm so that the
/// shortest round-trip form stays short (RD New coordinates have six digits before the point).
class Placement {
 public:
  explicit Placement(const GeoReference& origin) : origin_(origin) {}
  Json point(Vec2 p) const {
    return Json::array({coordinate(p.x, origin_.x), coordinate(p.y, origin_.y)});
  }

 private:
  static double coordinate(double local, double offset) {
    const double v = std::round((local + offset) * 1e4) / 1e4;
    return v == 0.0 ? 0.0 : v;  // no "-0.0"
  }
  GeoReference origin_;
};

double signed_area(const Polygon& ring) {
  double a = 0.0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const Vec2 p = ring[i], q = ring[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return 0.5 * a;
}

/// A closed linear ring, counter-clockwise for an outer ring and clockwise for a hole
/// (RFC 7946, 3.1.6), whatever the orientation of the input.
Json ring_json(const Polygon& ring, bool outer, const Placement& place) {
  Json r = Json::array();
  const bool ccw = signed_area(ring) > 0.0;
  const bool reverse = outer != ccw;
  const std::size_t n = ring.size();
  for (std::size_t k = 0; k < n; ++k)
    r.push_back(place.point(ring[reverse ? n - 1 - k : k]));
  if (n > 0 && !(ring.front() == ring.back())) r.push_back(r.front());
  return r;
}

Json polygon_geometry(const Polygon& outer, const std::vector<Polygon>& holes,
                      const Placement& place) {
  Json rings = Json::array({ring_json(outer, true, place)});
  for (const Polygon& h : holes)
    rings.push_back(ring_json(h, false, place));
  return Json{{"type", "Polygon"}, {"coordinates", rings}};
}

Json line_geometry(const Segment& s, const Placement& place) {
  return Json{{"type", "LineString"},
              {"coordinates", Json::array({place.point(s.a), place.point(s.b)})}};
}

Json point_geometry(Vec2 p, const Placement& place) {
  return Json{{"type", "Point"}, {"coordinates", place.point(p)}};
}

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

/// A map value: NaN (a cell that is not measured) becomes null.
Json value_json(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

Json feature(Json geometry, Json properties) {
  return Json{{"type", "Feature"},
              {"properties", std::move(properties)},
              {"geometry", std::move(geometry)}};
}

/// The attribute-name form of a threshold: 2 → "2", 2.5 → "2_5" (a point in a field name
/// needs quoting in QGIS expressions).
std::string threshold_key(double threshold) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", threshold);
  std::string s = buf;
  for (char& c : s)
    if (c == '.') c = '_';
  return s;
}

/// The zone a criterion is about ("zone:NAME:capacity" → NAME), or nullopt.
std::optional<std::string> criterion_zone(const std::string& name) {
  if (!name.starts_with("zone:")) return std::nullopt;
  const std::size_t end = name.rfind(':');
  if (end <= 5) return std::nullopt;
  return name.substr(5, end - 5);
}

/// The part of a zone criterion's name after the zone ("capacity", "max_density").
std::string criterion_kind(const std::string& name) {
  return name.substr(name.rfind(':') + 1);
}

}  // namespace

GeoReference geo_reference(const VenueDesc& venue) {
  if (!venue.origin) return {};
  return {venue.origin->x, venue.origin->y, venue.origin->crs};
}

std::string crs_urn(const std::string& crs) {
  if (crs.size() > 5 && (crs.starts_with("EPSG:") || crs.starts_with("epsg:")) &&
      crs.find_first_not_of("0123456789", 5) == std::string::npos)
    return "urn:ogc:def:crs:EPSG::" + crs.substr(5);
  return crs;
}

std::string crs_name(const GeoReference& origin) {
  if (!origin.crs.empty()) return crs_urn(origin.crs);
  // Without a CRS, GeoJSON readers take the coordinates for WGS 84 degrees (RFC 7946) and QGIS
  // would put a 20 m hall off the coast of Africa: a local engineering CRS in metres instead.
  return origin.x == 0.0 && origin.y == 0.0
             ? kLocalMetres
             : "LOCAL_CS[\"Stroom venue, plan metres (reference system not given)\","
               "LOCAL_DATUM[\"plan origin\",0],UNIT[\"metre\",1],AXIS[\"x\",EAST],"
               "AXIS[\"y\",NORTH]]";
}

void write_maps_geojson(std::ostream& out, const Scenario& scenario, const Measurement& measurement,
                        const Summary& summary, const GeoReference& origin) {
  const Placement place(origin);
  const VenueDesc& venue = scenario.venue;
  std::vector<Json> features;

  // [SECTION] The venue
  {
    Json multi = Json::array();
    for (const PolygonWithHoles& p : measurement.walkable()) {
      Json rings = Json::array({ring_json(p.outer, true, place)});
      for (const Polygon& h : p.holes)
        rings.push_back(ring_json(h, false, place));
      multi.push_back(rings);
    }
    double area = 0.0;
    for (const PolygonWithHoles& p : measurement.walkable()) {
      area += std::abs(signed_area(p.outer));
      for (const Polygon& h : p.holes)
        area -= std::abs(signed_area(h));
    }
    features.push_back(
        feature(Json{{"type", "MultiPolygon"}, {"coordinates", multi}},
                Json{{"layer", "walkable"}, {"name", scenario.name}, {"area", area}}));
  }
  for (std::size_t i = 0; i < venue.obstacles.size(); ++i) {
    const ObstacleDesc& o = venue.obstacles[i];
    features.push_back(feature(polygon_geometry(o.polygon, {}, place),
                               Json{{"layer", "obstacle"},
                                    {"name", o.name.empty() ? Json(nullptr) : Json(o.name)},
                                    {"area", std::abs(signed_area(o.polygon))}}));
  }
  // Each zone with its figures and the pass/fail of its criteria.
  for (const ZoneDesc& z : venue.zones) {
    Json props{{"layer", "zone"}, {"name", z.name}};
    if (const auto it = summary.zones.find(z.name); it != summary.zones.end()) {
      props["area"] = it->second.area;
      props["peak_occupancy"] = it->second.peak_occupancy;
      props["peak_density"] = it->second.peak_density;
      props["capacity"] = or_null(it->second.capacity);
    }
    props["max_density"] = or_null(z.max_density);
    for (const CriterionResult& c : summary.criteria) {
      if (criterion_zone(c.name) == z.name) props[criterion_kind(c.name) + "_pass"] = c.pass;
    }
    features.push_back(feature(polygon_geometry(z.polygon, {}, place), props));
  }
  for (const ExitDesc& e : venue.exits) {
    Json props{{"layer", "exit"}, {"name", e.name}};
    if (const auto it = summary.exits.find(e.name); it != summary.exits.end()) {
      const ExitFigures& f = it->second;
      props["width"] = f.width;
      props["count"] = f.count;
      props["first"] = or_null(f.first);
      props["last"] = or_null(f.last);
      props["peak_flow"] = f.peak_flow;
      props["specific_flow"] = f.width > 0.0 ? Json(f.peak_flow / f.width) : Json(nullptr);
    }
    features.push_back(feature(line_geometry(e.line, place), props));
  }
  for (const DoorDesc& d : venue.doors)
    features.push_back(feature(line_geometry(d.line, place),
                               Json{{"layer", "door"}, {"name", d.name}, {"open", d.open}}));
  for (const CheckpointDesc& c : venue.checkpoints)
    features.push_back(
        feature(line_geometry(c.line, place),
                Json{{"layer", "checkpoint"}, {"name", c.name}, {"lanes", c.lanes}}));
  for (const LineDesc& l : venue.lines) {
    Json props{{"layer", "line"}, {"name", l.name}};
    if (const auto it = summary.lines.find(l.name); it != summary.lines.end()) {
      props["forward"] = it->second.forward;
      props["backward"] = it->second.backward;
      props["peak_flow"] = it->second.peak_flow;
    }
    features.push_back(feature(line_geometry(l.line, place), props));
  }
  for (const WaypointDesc& w : venue.waypoints)
    features.push_back(
        feature(point_geometry(w.at, place),
                Json{{"layer", "waypoint"}, {"name", w.name}, {"radius", w.radius}}));

  // [SECTION] Criteria: on the zone they judge, at the peak cell for max_density, without a
  // geometry for the venue-wide ones (QGIS lists those as a table).
  for (const CriterionResult& c : summary.criteria) {
    Json geometry = nullptr;
    if (const auto zone = criterion_zone(c.name)) {
      for (const ZoneDesc& z : venue.zones)
        if (z.name == *zone) geometry = polygon_geometry(z.polygon, {}, place);
    } else if (c.name == "max_density" && summary.density.peak_at) {
      const auto& at = *summary.density.peak_at;
      geometry = point_geometry({at[0], at[1]}, place);
    }
    features.push_back(feature(geometry, Json{{"layer", "criterion"},
                                              {"name", c.name},
                                              {"limit", c.limit},
                                              {"value", or_null(c.value)},
                                              {"pass", c.pass},
                                              {"note", c.note}}));
  }

  // [SECTION] Points of summary.json
  if (summary.density.peak && summary.density.peak_at) {
    const auto& at = *summary.density.peak_at;
    features.push_back(feature(point_geometry({at[0], at[1]}, place),
                               Json{{"layer", "density_peak"},
                                    {"name", "density peak"},
                                    {"value", *summary.density.peak},
                                    {"time", or_null(summary.density.peak_time)}}));
  }
  if (summary.pressure.peak && summary.pressure.peak_at) {
    const auto& at = *summary.pressure.peak_at;
    features.push_back(feature(point_geometry({at[0], at[1]}, place),
                               Json{{"layer", "pressure_peak"},
                                    {"name", "pressure peak"},
                                    {"value", *summary.pressure.peak},
                                    {"time", or_null(summary.pressure.peak_time)}}));
  }
  for (const Summary::Stuck::Place& p : summary.stuck.places)
    features.push_back(feature(
        point_geometry({p.x, p.y}, place),
        Json{{"layer", "stuck"}, {"name", "stuck"}, {"persons", p.persons}, {"since", p.since}}));

  // [SECTION] The collection: one feature per line, the run's facts as a foreign member
  const std::vector<double>& thresholds = measurement.density_thresholds();
  const DensityGrid& grid = measurement.grid();
  Json head = Json::object();
  head["type"] = "FeatureCollection";
  head["name"] = "maps";
  head["crs"] = Json{{"type", "name"}, {"properties", {{"name", crs_name(origin)}}}};
  Json criteria = Json::array();
  for (const CriterionResult& c : summary.criteria)
    criteria.push_back(Json{{"name", c.name},
                            {"limit", c.limit},
                            {"value", or_null(c.value)},
                            {"pass", c.pass},
                            {"note", c.note}});
  Json thresholds_json = Json::array();
  for (double t : thresholds)
    thresholds_json.push_back(t);
  head["stroom"] = Json{{"stroom_version", summary.stroom_version},
                        {"scenario", summary.scenario},
                        {"seed", summary.seed},
                        {"origin",
                         {{"x", origin.x},
                          {"y", origin.y},
                          {"crs", origin.crs.empty() ? Json(nullptr) : Json(origin.crs)}}},
                        {"cell", grid.cell_size()},
                        {"window", scenario.measure.window},
                        {"density_thresholds", thresholds_json},
                        {"all_criteria_pass", summary.all_criteria_pass()},
                        {"criteria", criteria}};
  std::string text = head.dump();
  text.pop_back();  // the closing brace: the features follow
  out << text << ",\n\"features\": [\n";
  bool first = true;
  for (const Json& f : features) {
    out << (first ? "" : ",\n") << f.dump();
    first = false;
  }

  // [SECTION] The cells: every measured cell that anyone ever stood in (the others read 0 in
  // every map; the walkable feature covers them).
  const DensityMap max_density = measurement.max_density_map();
  const DensityMap peak = measurement.peak_density_map();
  const DensityMap pressure = measurement.max_pressure_map();
  std::vector<DensityMap> above, longest;
  std::vector<std::string> above_keys, longest_keys;
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    above.push_back(measurement.time_above_map(static_cast<int>(k)));
    longest.push_back(measurement.longest_above_map(static_cast<int>(k)));
    above_keys.push_back("above_" + threshold_key(thresholds[k]));
    longest_keys.push_back("longest_above_" + threshold_key(thresholds[k]));
  }
  // Written out cell by cell: a full-size venue has hundreds of thousands of cells, and held as
  // JSON values or text they took more memory than the whole simulation. One feature is built
  // and its values replaced cell by cell (building each anew took most of the time); its keys
  // keep their order, so the text is the same.
  const double c = grid.cell_size();
  const Vec2 o = grid.origin();
  Json props{{"layer", "cell"},      {"col", 0},           {"row", 0},
             {"walkable_area", 0.0}, {"max_density", 0.0}, {"peak_density", nullptr}};
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    props[above_keys[k]] = nullptr;
    props[longest_keys[k]] = nullptr;
  }
  props["max_pressure"] = nullptr;
  Json cell = feature(
      polygon_geometry(Polygon{o, {o.x + c, o.y}, {o.x + c, o.y + c}, {o.x, o.y + c}}, {}, place),
      std::move(props));
  Json& values = cell["properties"];
  Json& ring = cell["geometry"]["coordinates"][0];
  for (int i = 0; i < grid.cell_count(); ++i) {
    if (!grid.measured(i) || !(max_density.values[static_cast<std::size_t>(i)] > 0.0)) continue;
    const auto u = static_cast<std::size_t>(i);
    const int col = i % grid.columns(), row = i / grid.columns();
    const Vec2 lo{o.x + col * c, o.y + row * c}, hi{lo.x + c, lo.y + c};
    // Counter-clockwise and closed, as ring_json() writes a square.
    ring[0] = ring[4] = place.point(lo);
    ring[1] = place.point({hi.x, lo.y});
    ring[2] = place.point(hi);
    ring[3] = place.point({lo.x, hi.y});
    values["col"] = col;
    values["row"] = row;
    values["walkable_area"] = grid.walkable_area(i);
    values["max_density"] = value_json(max_density.values[u]);
    values["peak_density"] = peak.values.empty() ? Json(nullptr) : value_json(peak.values[u]);
    for (std::size_t k = 0; k < thresholds.size(); ++k) {
      values[above_keys[k]] = value_json(above[k].values[u]);
      values[longest_keys[k]] = value_json(longest[k].values[u]);
    }
    values["max_pressure"] = value_json(pressure.values[u]);
    out << (first ? "" : ",\n") << cell.dump();
    first = false;
  }
  out << "\n]}\n";
}

std::string maps_geojson_text(const Scenario& scenario, const Measurement& measurement,
                              const Summary& summary, const GeoReference& origin) {
  std::ostringstream out;
  write_maps_geojson(out, scenario, measurement, summary, origin);
  return out.str();
}

void write_maps_geojson(const Scenario& scenario, const Measurement& measurement,
                        const Summary& summary, const GeoReference& origin,
                        const std::filesystem::path& file) {
  write_file_streamed(file, [&](std::ostream& out) {
    write_maps_geojson(out, scenario, measurement, summary, origin);
  });
}

}  // namespace stroom::io
