// The static capacity calculation of `stroom capacity`. See stroom/io/capacity.hpp.
#include "stroom/io/capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stroom/navigation.hpp"

namespace stroom {

// [SECTION] Norms

namespace {

constexpr double kGreenGuideLevel = 82.0 / 60.0;  // P/(m·s)
const char* const kGreenGuideSource =
    "Green Guide level exit, 82 P/(m·min) (the Bouwbesluit sets no rate)";

const std::array<ExitNorm, 6>& exit_norm_table() {
  static const std::array<ExitNorm, 6> table = {{
      {"bouwbesluit-90",
       "Bouwbesluit 2012 art. 2.108: 90 persons per metre of clear width (room, stair up to "
       "1 m, double door)",
       90.0, kGreenGuideLevel, kGreenGuideSource, std::nullopt},
      {"bouwbesluit-110",
       "Bouwbesluit 2012 art. 2.108: 110 persons per metre of clear width (single door)", 110.0,
       kGreenGuideLevel, kGreenGuideSource, std::nullopt},
      {"bouwbesluit-135",
       "Bouwbesluit 2012 art. 2.108: 135 persons per metre of clear width (other passage)", 135.0,
       kGreenGuideLevel, kGreenGuideSource, std::nullopt},
      {"green-guide",
       "Green Guide (SGSA): 82 persons per metre per minute through a level exit; normal "
       "maximum egress time 8 min",
       std::nullopt, kGreenGuideLevel, "Green Guide level exit, 82 P/(m·min)", 480.0},
      {"open-air",
       "Fire safety risk assessment, open-air events and venues: 109 persons per metre per "
       "minute; escape time 5 min (high risk) to 10 min (low risk)",
       std::nullopt, 109.0 / 60.0, "open-air events, 109 P/(m·min)", 300.0},
      {"imo", "IMO evacuation analysis: specific flow 1.33 persons per metre per second",
       std::nullopt, 1.33, "IMO, 1.33 P/(m·s)", std::nullopt},
  }};
  return table;
}

const std::array<DensityNorm, 3>& density_norm_table() {
  static const std::array<DensityNorm, 3> table = {{
      {"nl-event", "Dutch event practice: at most 2 to 2.5 persons per m² on average", 2.5},
      {"hsg195-moving", "HSG195 Event Safety Guide: 4 persons per m² for a moving crowd", 4.0},
      {"hsg195-standing", "HSG195 Event Safety Guide: 4.7 persons per m² standing still", 4.7},
  }};
  return table;
}

}  // namespace

std::span<const ExitNorm> exit_norms() {
  return exit_norm_table();
}
std::span<const DensityNorm> density_norms() {
  return density_norm_table();
}

const ExitNorm* find_exit_norm(const std::string& name) {
  for (const ExitNorm& n : exit_norm_table())
    if (n.name == name) return &n;
  return nullptr;
}

const DensityNorm* find_density_norm(const std::string& name) {
  for (const DensityNorm& n : density_norm_table())
    if (n.name == name) return &n;
  return nullptr;
}

// [SECTION] Hand formulas

std::optional<double> egress_time_estimate(double persons, double exit_width, double specific_flow,
                                           double walking_distance, double speed) {
  if (exit_width <= 0.0 || specific_flow <= 0.0) return std::nullopt;
  const double walking = speed > 0.0 ? walking_distance / speed : 0.0;
  return persons / (exit_width * specific_flow) + walking;
}

double expected_persons(const PopulationDesc& population, double duration) {
  if (population.count) return static_cast<double>(*population.count);
  if (!population.arrive) return 0.0;
  const ArrivalDesc& a = *population.arrive;
  // Trapezoids of the piecewise linear rate, clipped to [0, duration].
  double integral = 0.0;
  for (std::size_t k = 0; k + 1 < a.rate.size(); ++k) {
    const RatePoint p = a.rate[k], q = a.rate[k + 1];
    const double t0 = std::max(p.time, 0.0), t1 = std::min(q.time, duration);
    if (t1 <= t0 || q.time <= p.time) continue;
    const auto rate_at = [&](double t) {
      return p.rate + (q.rate - p.rate) * (t - p.time) / (q.time - p.time);
    };
    integral += 0.5 * (rate_at(t0) + rate_at(t1)) * (t1 - t0);
  }
  if (a.total) integral = std::min(integral, static_cast<double>(*a.total));
  return integral;
}

// [SECTION] Geometry helpers

namespace {

bool inside_polygon(const Polygon& poly, Vec2 p) {
  bool in = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Vec2 a = poly[i], b = poly[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

double distance_to_boundary(const Polygon& poly, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++)
    best = std::min(best, distance(p, closest_point(Segment{poly[j], poly[i]}, p)));
  return best;
}

bool touches(const Polygon& poly, Vec2 p) {
  return inside_polygon(poly, p) || distance_to_boundary(poly, p) <= 0.05;
}

/// Longest walking distance to the nearest exit over the sample points of an area.
struct FarthestPoint {
  double distance = 0.0;  ///< m, over reachable samples
  int samples = 0;
  int unreachable = 0;
};

class WalkingDistances {
 public:
  WalkingDistances(const Scenario& scenario, const Venue& venue, double sample_cell)
      : venue_(venue), nav_(venue) {
    TargetShape exits;
    for (const ExitDesc& e : scenario.venue.exits)
      exits.segments.push_back(e.line);
    target_ = nav_.add_target(std::move(exits));
    // Checkpoints are passable (through service) for the hand calculation.
    const std::vector<std::uint8_t> initial = venue.initial_blocking();
    std::vector<std::uint8_t> blocking = initial;
    const auto& walls = venue.walls();
    for (std::size_t w = 0; w < walls.size(); ++w)
      if (walls[w].kind == WallKind::checkpoint) blocking[w] = 0;
    nav_.on_blocking_changed(initial, blocking);
    const TargetId targets[] = {target_};
    nav_.prepare(targets, blocking);

    const Bounds b = venue.bounds();
    const double auto_cell = std::sqrt(std::max(b.width() * b.height(), 0.0) / 250000.0);
    cell_ = sample_cell > 0.0 ? sample_cell : std::max(nav_.cell(), auto_cell);
  }

  double cell() const { return cell_; }

  /// Samples: grid points (cell centres) inside `area` (or everywhere when null) and the
  /// walkable corners of `area`.
  FarthestPoint farthest(const Polygon* area) const {
    FarthestPoint out;
    const Bounds vb = venue_.bounds();
    Bounds b = vb;
    if (area) {
      b.min = b.max = (*area)[0];
      for (Vec2 p : *area) {
        b.min = {std::min(b.min.x, p.x), std::min(b.min.y, p.y)};
        b.max = {std::max(b.max.x, p.x), std::max(b.max.y, p.y)};
      }
      b.min = {std::max(b.min.x, vb.min.x), std::max(b.min.y, vb.min.y)};
      b.max = {std::min(b.max.x, vb.max.x), std::min(b.max.y, vb.max.y)};
    }
    const auto consider = [&](Vec2 p) {
      if (!venue_.contains(p)) return;
      ++out.samples;
      const double d = nav_.distance(target_, p);
      if (!std::isfinite(d)) {
        ++out.unreachable;
        return;
      }
      out.distance = std::max(out.distance, d);
    };
    const long nx = std::max(1L, std::lround(std::ceil(b.width() / cell_)));
    const long ny = std::max(1L, std::lround(std::ceil(b.height() / cell_)));
    for (long j = 0; j < ny; ++j) {
      for (long i = 0; i < nx; ++i) {
        const Vec2 p{b.min.x + (static_cast<double>(i) + 0.5) * cell_,
                     b.min.y + (static_cast<double>(j) + 0.5) * cell_};
        if (area && !inside_polygon(*area, p)) continue;
        consider(p);
      }
    }
    if (area) {
      // Corners, nudged a little towards the area's centroid so they lie inside.
      Vec2 c{};
      for (Vec2 p : *area)
        c += p;
      c = c / static_cast<double>(area->size());
      for (Vec2 p : *area)
        consider(p + normalized(c - p) * 0.01);
    }
    return out;
  }

 private:
  const Venue& venue_;
  Navigation nav_;
  TargetId target_ = 0;
  double cell_ = 0.25;
};

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

// [SECTION] The calculation

CapacityReport compute_capacity(const Scenario& scenario, const Venue& venue,
                                const CapacityOptions& options) {
  const ExitNorm* exit_norm = find_exit_norm(options.exit_norm);
  if (!exit_norm) throw std::invalid_argument("unknown exit norm '" + options.exit_norm + "'");
  const DensityNorm* density_norm = find_density_norm(options.density_norm);
  if (!density_norm)
    throw std::invalid_argument("unknown density norm '" + options.density_norm + "'");

  CapacityReport report;
  report.exit_norm = *exit_norm;
  report.density_norm = *density_norm;
  report.reference_time = options.egress_limit ? options.egress_limit : exit_norm->reference_time;

  const VenueDesc& vd = scenario.venue;
  WalkingDistances walking(scenario, venue, options.grid_cell);
  report.grid_cell = walking.cell();

  double all_exit_width = 0.0;
  std::vector<std::string> all_exits;
  for (const ExitDesc& e : vd.exits) {
    all_exit_width += e.line.length();
    all_exits.push_back(e.name);
  }

  // Persons and their speeds per zone and in total.
  std::vector<double> zone_persons(vd.zones.size(), 0.0), zone_speed_sum(vd.zones.size(), 0.0);
  double total_persons = 0.0, total_speed_sum = 0.0;
  for (const PopulationDesc& pop : scenario.populations) {
    const double n = expected_persons(pop, scenario.duration);
    const double speed = pop.speed.expected();
    total_persons += n;
    total_speed_sum += n * speed;
    const std::string& zone = pop.count ? pop.in.zone : pop.arrive ? pop.arrive->in.zone : "";
    for (std::size_t z = 0; z < vd.zones.size(); ++z) {
      if (!zone.empty() && vd.zones[z].name == zone) {
        zone_persons[z] += n;
        zone_speed_sum[z] += n * speed;
      }
    }
  }
  const double venue_speed = total_persons > 0.0 ? total_speed_sum / total_persons : 1.34;

  const auto finish_row = [&](CapacityRow& row, const FarthestPoint& far) {
    row.density = row.area > 0.0 ? std::optional(row.persons / row.area) : std::nullopt;
    row.holding_capacity = row.area * density_norm->density;
    if (exit_norm->persons_per_metre)
      row.exit_capacity = row.exit_width * *exit_norm->persons_per_metre;
    else if (report.reference_time)
      row.exit_capacity = row.exit_width * exit_norm->specific_flow * *report.reference_time;
    if (row.exit_width > 0.0)
      row.flow_time = row.flow_persons / (row.exit_width * exit_norm->specific_flow);
    if (far.samples > far.unreachable) {
      row.walking_distance = far.distance;
      row.walking_time = far.distance / row.mean_speed;
      row.egress_time = egress_time_estimate(
          row.flow_persons, row.exit_width, exit_norm->specific_flow, far.distance, row.mean_speed);
    }

    if (row.persons > row.holding_capacity) {
      row.warnings.push_back("persons exceed the holding capacity at " +
                             format_number(density_norm->density) + " P/m²");
      row.within_limits = false;
    }
    if (row.permitted && row.persons > *row.permitted) {
      row.warnings.push_back("persons exceed the zone's permitted capacity of " +
                             std::to_string(*row.permitted));
      row.within_limits = false;
    }
    if (row.permitted_density && row.density && *row.density > *row.permitted_density) {
      row.warnings.push_back("density exceeds the zone's max_density of " +
                             format_number(*row.permitted_density) + " P/m²");
      row.within_limits = false;
    }
    // A zone without exits of its own shares the venue's: its exit check is the venue row's.
    if (!row.uses_venue_exits && row.exit_capacity && row.flow_persons > *row.exit_capacity) {
      row.warnings.push_back("persons exceed what the exits may serve under " + exit_norm->name);
      row.within_limits = false;
    }
    if (row.exit_width <= 0.0) row.warnings.push_back("no exit width: no flow time");
    if (far.samples == 0)
      row.warnings.push_back("no walkable sample point: no walking distance");
    else if (far.unreachable == far.samples)
      row.warnings.push_back("no path to an exit: no walking distance");
    else if (far.unreachable > 0)
      row.warnings.push_back(std::to_string(far.unreachable) + " of " +
                             std::to_string(far.samples) +
                             " sample points have no path to an exit (left out)");
  };

  for (std::size_t z = 0; z < vd.zones.size(); ++z) {
    const ZoneDesc& zone = vd.zones[z];
    CapacityRow row;
    row.name = zone.name;
    row.persons = zone_persons[z];
    row.area = venue.clipped_area(zone.polygon);
    row.permitted = zone.capacity;
    row.permitted_density = zone.max_density;
    row.mean_speed = zone_persons[z] > 0.0 ? zone_speed_sum[z] / zone_persons[z] : venue_speed;
    for (const ExitDesc& e : vd.exits) {
      if (touches(zone.polygon, e.line.a) && touches(zone.polygon, e.line.b)) {
        row.exits.push_back(e.name);
        row.exit_width += e.line.length();
      }
    }
    row.flow_persons = row.persons;
    if (row.exits.empty()) {
      row.uses_venue_exits = true;
      row.exits = all_exits;
      row.exit_width = all_exit_width;
      row.flow_persons = total_persons;
    }
    finish_row(row, walking.farthest(&zone.polygon));
    report.rows.push_back(std::move(row));
  }

  CapacityRow venue_row;
  venue_row.name = "venue";
  venue_row.is_venue = true;
  venue_row.persons = total_persons;
  venue_row.area = venue.area();
  venue_row.mean_speed = venue_speed;
  venue_row.exits = all_exits;
  venue_row.exit_width = all_exit_width;
  venue_row.flow_persons = total_persons;
  finish_row(venue_row, walking.farthest(nullptr));
  report.rows.push_back(std::move(venue_row));
  return report;
}

// [SECTION] JSON

namespace io {

std::string capacity_json(const CapacityReport& report) {
  using Json = nlohmann::ordered_json;
  const auto opt = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  Json j = Json::object();
  Json en = Json::object();
  en["name"] = report.exit_norm.name;
  en["title"] = report.exit_norm.title;
  en["persons_per_metre"] = opt(report.exit_norm.persons_per_metre);
  en["specific_flow"] = report.exit_norm.specific_flow;
  en["specific_flow_per_minute"] = report.exit_norm.specific_flow * 60.0;
  en["flow_source"] = report.exit_norm.flow_source;
  en["reference_time"] = opt(report.reference_time);
  j["exit_norm"] = en;
  Json dn = Json::object();
  dn["name"] = report.density_norm.name;
  dn["title"] = report.density_norm.title;
  dn["density"] = report.density_norm.density;
  j["density_norm"] = dn;
  j["walking_sample_spacing"] = report.grid_cell;
  Json rows = Json::array();
  for (const CapacityRow& r : report.rows) {
    Json x = Json::object();
    x["name"] = r.name;
    x["kind"] = r.is_venue ? "venue" : "zone";
    x["persons"] = r.persons;
    x["area"] = r.area;
    x["density"] = opt(r.density);
    x["holding_capacity"] = r.holding_capacity;
    x["permitted"] = opt(r.permitted);
    x["permitted_density"] = opt(r.permitted_density);
    x["exits"] = r.exits;
    x["uses_venue_exits"] = r.uses_venue_exits;
    x["exit_width"] = r.exit_width;
    x["flow_persons"] = r.flow_persons;
    x["exit_capacity"] = opt(r.exit_capacity);
    x["flow_time"] = opt(r.flow_time);
    x["walking_distance"] = opt(r.walking_distance);
    x["mean_speed"] = r.mean_speed;
    x["walking_time"] = opt(r.walking_time);
    x["egress_time"] = opt(r.egress_time);
    x["within_limits"] = r.within_limits;
    x["warnings"] = r.warnings;
    rows.push_back(x);
  }
  j["rows"] = rows;
  return j.dump(2) + "\n";
}

}  // namespace io

}  // namespace stroom
