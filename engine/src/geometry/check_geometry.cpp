// check_geometry: the geometric half of the scenario contract. Polygon validity and placement
// use Boost.Geometry; reachability uses a coarse grid over the walkable area whose cells are
// joined when no wall that blocks at t = 0 (doors opened later by an event and checkpoints
// count as passable) lies between their centres, labelled into connected components once.
// A journey is then a chain of component-set intersections: spawn area → target 1 → ...
#include <algorithm>
#include <cmath>
#include <optional>

#include "geometry/boost_types.hpp"
#include "geometry/cell_grid.hpp"
#include "geometry/segment_math.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom {

using namespace geometry_detail;

namespace {

constexpr double kExitTolerance = 0.02;  // m, as in Venue: exits within 2 cm open the wall
constexpr double kSafePacking = 0.85;    // of the densest (hexagonal) packing of discs
constexpr double kMinOverlap = 0.01;     // m of a line inside the walkable area to count

using Labels = std::vector<int>;  // sorted, unique component labels

std::string in_quotes(const std::string& name) {
  return "'" + name + "'";
}

const SourceLocation& located(const SourceLocation& where, const SourceLocation& fallback) {
  return where.line > 0 || !where.file.empty() ? where : fallback;
}

// Body radius to pack with: the largest a draw can take, or mean + 3 sd for unbounded tails.
double packing_radius(const Distribution& radius) {
  const double upper = radius.upper_bound();
  if (std::isfinite(upper)) return upper;
  return radius.expected() + 3.0 * radius.sd;
}

Labels intersect(const Labels& a, const Labels& b) {
  Labels out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

void normalise(Labels& labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
}

// True when every part of `line` lies within kExitTolerance of a boundary edge.
bool on_boundary(const Segment& line, const std::vector<Segment>& edges) {
  std::vector<std::pair<double, double>> covered;
  for (const Segment& edge : edges) {
    if (auto interval = interval_near(line, edge, kExitTolerance)) covered.push_back(*interval);
  }
  std::sort(covered.begin(), covered.end());
  const double gap = 1e-6 / std::max(line.length(), 1e-12);
  double reached = 0.0;
  for (const auto& [t0, t1] : covered) {
    if (t0 > reached + gap) return false;
    reached = std::max(reached, t1);
  }
  return reached >= 1.0 - gap;
}

double length_inside(const Segment& line, const BgMultiPolygon& area) {
  BgLinestring ls{{line.a.x, line.a.y}, {line.b.x, line.b.y}};
  BgMultiLinestring inside;
  bg::intersection(ls, area, inside);
  return static_cast<double>(bg::length(inside));
}

// What of a scenario was read without a problem (ScenarioDraft); everything for a scenario
// that loaded.
struct Scope {
  bool area = true;    // walkable polygons and obstacles: the walkable area is known
  bool exits = true;   // every exit: "cannot reach any exit" is meaningful
  bool events = true;  // every event: the doors that open later are known
  const std::vector<bool>* populations = nullptr;  // per population; nullptr: all read
};

std::vector<Diagnostic> check(const Scenario& given, const Scope& scope) {
  // Names resolved once, on a copy (a draft or a scenario built in code may carry names
  // only): the checks below read indices, never names. Unknown names stay unresolved and are
  // left out; the loader reports them.
  Scenario scenario = given;
  try {
    resolve_references(scenario);
  } catch (const ScenarioError&) {
  }
  const VenueDesc& desc = scenario.venue;
  std::vector<Diagnostic> out;
  const auto report = [&](const SourceLocation& where, std::string message) {
    out.push_back({located(where, desc.where), std::move(message)});
  };

  // [SECTION] Polygon validity
  bool venue_valid = true;
  for (std::size_t i = 0; i < desc.walkable.size(); ++i) {
    if (auto problem = polygon_problem(desc.walkable[i])) {
      report(i < desc.walkable_where.size() ? desc.walkable_where[i] : desc.where,
             "walkable polygon " + std::to_string(i + 1) + " " + *problem);
      venue_valid = false;
    }
  }
  for (std::size_t i = 0; i < desc.obstacles.size(); ++i) {
    if (auto problem = polygon_problem(desc.obstacles[i].polygon)) {
      const std::string& name = desc.obstacles[i].name;
      report(desc.obstacles[i].where,
             (name.empty() ? "obstacle " + std::to_string(i + 1) : "obstacle " + in_quotes(name)) +
                 " " + *problem);
      venue_valid = false;
    }
  }
  std::vector<bool> zone_valid(desc.zones.size(), true);
  for (std::size_t i = 0; i < desc.zones.size(); ++i) {
    if (auto problem = polygon_problem(desc.zones[i].polygon)) {
      report(desc.zones[i].where, "zone " + in_quotes(desc.zones[i].name) + " polygon " + *problem);
      zone_valid[i] = false;
    }
  }
  const auto valid_zone = [&](int i) -> const ZoneDesc* {
    if (i < 0 || static_cast<std::size_t>(i) >= desc.zones.size()) return nullptr;
    return zone_valid[static_cast<std::size_t>(i)] ? &desc.zones[static_cast<std::size_t>(i)]
                                                   : nullptr;
  };
  // The spawn polygon of a population (zone or inline), or nullptr when it is unusable.
  std::vector<const Polygon*> spawn(scenario.populations.size(), nullptr);
  std::vector<SourceLocation> spawn_where(scenario.populations.size());
  for (std::size_t p = 0; p < scenario.populations.size(); ++p) {
    // A population with a problem of its own is left out: its count, radius or area may be
    // the defaults, and its journey may miss steps.
    if (scope.populations && !(p < scope.populations->size() && (*scope.populations)[p])) continue;
    const PopulationDesc& pop = scenario.populations[p];
    const AreaRef& area = pop.arrive ? pop.arrive->in : pop.in;
    spawn_where[p] = located(area.where, pop.where);
    if (!area.zone.empty()) {
      if (const ZoneDesc* zone = valid_zone(area.zone_index)) spawn[p] = &zone->polygon;
    } else if (!area.polygon.empty()) {
      if (auto problem = polygon_problem(area.polygon)) {
        report(spawn_where[p],
               "spawn polygon of population " + in_quotes(pop.name) + " " + *problem);
      } else {
        spawn[p] = &area.polygon;
      }
    }
  }
  // Placement and reachability need the whole walkable area: with a walkable polygon or an
  // obstacle missing, every exit, line and spawn area would be judged against the wrong area.
  if (!venue_valid || !scope.area) return out;

  std::optional<Venue> venue;
  try {
    venue.emplace(desc);
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics())
      out.push_back(d);
    return out;
  }
  const BgMultiPolygon walkable = to_bg(venue->walkable());
  const std::vector<Segment> edges = ring_edges(venue->walkable());

  // [SECTION] Placement of exits, doors, checkpoints, lines, waypoints and zones
  for (const ExitDesc& exit : desc.exits) {
    if (exit.line.length() < 1e-6) {
      report(exit.where, "exit " + in_quotes(exit.name) + " has zero length");
    } else if (!on_boundary(exit.line, edges)) {
      report(exit.where, "exit " + in_quotes(exit.name) +
                             " is not on the boundary of the walkable area (every point of it "
                             "must lie within 2 cm of the boundary)");
    }
  }
  const auto check_line = [&](const char* kind, const std::string& name, const Segment& line,
                              const SourceLocation& where) {
    if (line.length() < 1e-6) {
      report(where, std::string(kind) + " " + in_quotes(name) + " has zero length");
    } else if (length_inside(line, walkable) < std::min(kMinOverlap, 0.5 * line.length())) {
      report(where,
             std::string(kind) + " " + in_quotes(name) + " does not cross the walkable area");
    }
  };
  for (const DoorDesc& door : desc.doors)
    check_line("door", door.name, door.line, door.where);
  for (const CheckpointDesc& cp : desc.checkpoints) {
    check_line("checkpoint", cp.name, cp.line, cp.where);
  }
  for (const LineDesc& line : desc.lines) {
    check_line("measurement line", line.name, line.line, line.where);
  }
  for (const WaypointDesc& wp : desc.waypoints) {
    const bool finite = std::isfinite(wp.at.x) && std::isfinite(wp.at.y);
    if (!finite || !(venue->contains(wp.at) ||
                     bg::distance(BgPoint(wp.at.x, wp.at.y), walkable) < wp.radius)) {
      report(wp.where, "waypoint " + in_quotes(wp.name) + " at (" + fixed(wp.at.x, 2) + ", " +
                           fixed(wp.at.y, 2) + ") lies outside the walkable area");
    }
  }
  for (std::size_t i = 0; i < desc.zones.size(); ++i) {
    if (zone_valid[i] && venue->clipped_area(desc.zones[i].polygon) < 1e-6) {
      report(desc.zones[i].where,
             "zone " + in_quotes(desc.zones[i].name) + " does not overlap the walkable area");
    }
  }

  // [SECTION] Spawn areas: inside, and large enough for the count at a safe packing
  for (std::size_t p = 0; p < scenario.populations.size(); ++p) {
    if (!spawn[p]) continue;
    const PopulationDesc& pop = scenario.populations[p];
    const double area = venue->clipped_area(*spawn[p]);
    if (area < 1e-6) {
      report(spawn_where[p],
             "spawn area of population " + in_quotes(pop.name) + " lies outside the walkable area");
      spawn[p] = nullptr;  // nothing to reach from
      continue;
    }
    // With visitor profiles: the radius whose disc has the mean area of the mixture.
    double r = packing_radius(pop.radius);
    if (!pop.profiles.empty()) {
      double area_sum = 0.0;
      for (const ProfileDesc& profile : pop.profiles)
        area_sum += profile.share * std::pow(packing_radius(profile.radius), 2);
      r = std::sqrt(area_sum);
    }
    if (!pop.count || !(r > 0.0)) continue;
    const double hexagonal_density = 1.0 / (2.0 * std::sqrt(3.0) * r * r);  // discs per m²
    const auto max_count =
        static_cast<std::int64_t>(std::floor(kSafePacking * hexagonal_density * area));
    if (*pop.count > max_count) {
      report(spawn_where[p], "spawn area of population " + in_quotes(pop.name) +
                                 " is too small for its count: " + "its walkable part of " +
                                 fixed(area, 2) + " m² holds at most " + std::to_string(max_count) +
                                 " persons of radius " + fixed(r, 2) +
                                 " m at a safe packing (85 % of the densest), count is " +
                                 std::to_string(*pop.count));
    }
  }

  // [SECTION] Reachability of journey targets
  if (scenario.populations.empty()) return out;
  std::vector<std::uint8_t> passable = venue->initial_blocking();
  for (std::size_t w = 0; w < venue->walls().size(); ++w) {
    const Wall& wall = venue->walls()[w];
    if (wall.kind == WallKind::checkpoint) passable[w] = 0;  // passable through service
    if (wall.kind == WallKind::door && !scope.events) {
      passable[w] = 0;  // an event that could not be read may open it
    } else if (wall.kind == WallKind::door) {
      for (const EventDesc& e : scenario.events) {
        if (e.kind == EventDesc::Kind::open && e.ref.kind == ElementRef::Kind::door &&
            e.ref.index == wall.element)
          passable[w] = 0;
      }
    }
  }
  const Reachability reach(*venue, std::move(passable));

  for (std::size_t p = 0; p < scenario.populations.size(); ++p) {
    if (!spawn[p]) continue;
    const PopulationDesc& pop = scenario.populations[p];
    Labels current = reach.of_area(*spawn[p]);
    if (current.empty()) continue;
    std::vector<JourneyStep> journey = pop.journey;
    if (journey.empty()) {
      journey.push_back({});  // the contract's default: {exit: nearest}
      journey.back().where = pop.where;
    }
    for (const JourneyStep& step : journey) {
      if (step.kind == JourneyStep::Kind::visit) {
        // Every attraction must be reachable from where the step starts (any may come
        // first); the next step starts at any of them, or where this one started when the
        // count may be 0.
        Labels after = step.count.lower_bound() < 0.5 ? current : Labels{};
        bool all = true;
        for (const AttractionDesc& a : step.attractions) {
          const auto k = static_cast<std::size_t>(std::max(0, a.ref.index));
          std::optional<Labels> target;
          if (a.ref.kind == ElementRef::Kind::waypoint) {
            target = reach.of_point(desc.waypoints[k].at, desc.waypoints[k].radius);
          } else if (a.ref.kind == ElementRef::Kind::zone) {
            if (const ZoneDesc* zone = valid_zone(a.ref.index))
              target = reach.of_area(zone->polygon);
          }
          if (!target) continue;  // unknown names are the scenario loader's to report
          const Labels reached = intersect(current, *target);
          if (reached.empty()) {
            report(located(a.where, step.where),
                   "attraction " + in_quotes(a.target) + " of population " + in_quotes(pop.name) +
                       " cannot be reached from where its visit starts");
            all = false;
            continue;
          }
          after.insert(after.end(), reached.begin(), reached.end());
        }
        if (!all) break;  // later steps would only repeat the problem
        normalise(after);
        current = std::move(after);
        continue;
      }
      std::optional<Labels> target;
      std::string label;
      if (step.kind == JourneyStep::Kind::to) {
        label = step.target;
        const auto k = static_cast<std::size_t>(std::max(0, step.ref.index));
        switch (step.ref.kind) {
          case ElementRef::Kind::waypoint:
            target = reach.of_point(desc.waypoints[k].at, desc.waypoints[k].radius);
            break;
          case ElementRef::Kind::zone:
            if (const ZoneDesc* zone = valid_zone(step.ref.index))
              target = reach.of_area(zone->polygon);
            break;
          case ElementRef::Kind::door:
            target = reach.of_line(desc.doors[k].line);
            break;
          case ElementRef::Kind::checkpoint:
            target = reach.of_line(desc.checkpoints[k].line);
            break;
          case ElementRef::Kind::exit:
          case ElementRef::Kind::none:
            break;
        }
        if (!target) continue;  // unknown names are the scenario loader's to report
      } else {
        target.emplace();
        if (step.exits.empty()) {
          label = step.route == RouteChoice::nearest ? "exit: nearest" : "exit: quickest";
        } else {
          label = "exit: [";
          for (std::size_t i = 0; i < step.exits.size(); ++i) {
            label += (i > 0 ? ", " : "") + step.exits[i];
          }
          label += "]";
        }
        for (std::size_t e = 0; e < desc.exits.size(); ++e) {
          const bool allowed =
              step.exits.empty() || std::find(step.exit_indices.begin(), step.exit_indices.end(),
                                              static_cast<int>(e)) != step.exit_indices.end();
          if (!allowed) continue;
          const Labels at_exit = reach.of_line(desc.exits[e].line);
          target->insert(target->end(), at_exit.begin(), at_exit.end());
        }
        normalise(*target);
      }
      Labels reached = intersect(current, *target);
      // An exit that could not be read may be the one these people would reach.
      if (reached.empty() && step.kind == JourneyStep::Kind::exit && !scope.exits) break;
      if (reached.empty()) {
        report(located(step.where, pop.where), "journey target " + in_quotes(label) +
                                                   " of population " + in_quotes(pop.name) +
                                                   " cannot be reached from its spawn area");
        break;  // later steps would only repeat the problem
      }
      current = std::move(reached);
    }
  }
  return out;
}

}  // namespace

std::vector<Diagnostic> check_geometry(const Scenario& scenario) {
  return check(scenario, Scope{});
}

std::vector<Diagnostic> check_geometry(const ScenarioDraft& draft) {
  Scope scope;
  scope.area = draft.area_read;
  scope.exits = draft.exits_read;
  scope.events = draft.events_read;
  scope.populations = &draft.population_read;
  return check(draft.scenario, scope);
}

std::vector<Diagnostic> scenario_problems(const ScenarioDraft& draft) {
  std::vector<Diagnostic> out = draft.problems;
  for (Diagnostic& d : check_geometry(draft))
    out.push_back(std::move(d));
  sort_by_position(out, draft.scenario.file);
  return out;
}

}  // namespace stroom
