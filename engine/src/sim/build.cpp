// Construction: the Context compiled from the scenario (journeys, exits, lanes, crossables)
// and the world's elements set up to match. Every name was resolved into an index before
// (resolve_references()); nothing here or later looks one up.
#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "models/model.hpp"
#include "sim/systems.hpp"
#include "stroom/error.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::sim {

namespace {

/// P/(m·s): specific flow through an exit assumed by `quickest` to turn the persons ahead
/// into a time to pass (handbook design values 1.2–1.8, bottleneck experiments ~1.9:
/// Seyfried et al. 2009, Rupprecht et al. 2011; 1.5 lies between them).
constexpr double kExitCapacity = 1.5;
/// s: how often the slots are renumbered in the neighbour grid's cell order. Persons walk about
/// a metre (a grid cell) in a second; a renumbering copies every per-person array once (about
/// 1.5 ms at 50,000 persons, docs/performance.md).
constexpr double kSortInterval = 1.0;
/// Wide exits (docs/navigation.md, "Wide exits: lanes"): an exit at least kLaneMinWidth wide is
/// split into floor(width / kLaneWidth) lanes of equal width (m); lanes apply within kLaneReach
/// or the exit's width (the larger) of walking distance of the exit (exit_lanes.cpp).
constexpr double kLaneMinWidth = 5.0;
constexpr double kLaneWidth = 2.0;
constexpr double kLaneReach = 15.0;
/// m: largest distance moved in one step that the crossing grid must cover.
constexpr double kMaxDisplacement = 1.0;

/// The scenario with every name resolved (a scenario built in code has names only).
Scenario resolved(const Scenario& s) {
  Scenario out = s;
  resolve_references(out);
  return out;
}

Venue checked_venue(const Scenario& s) {
  std::vector<Diagnostic> problems = check_geometry(s);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return Venue(s.venue);
}

Workers make_workers(int requested) {
  Workers workers;
  const int cores = tbb::info::default_concurrency();
  workers.threads = requested > 0 ? requested : cores;
  if (workers.threads > cores) {
    workers.control = std::make_unique<tbb::global_control>(
        tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(workers.threads));
  }
  workers.arena = std::make_unique<tbb::task_arena>(workers.threads);
  return workers;
}

TargetId add_target(World& w, TargetShape shape) {
  const TargetId t = w.nav.add_target(std::move(shape));
  if (static_cast<std::size_t>(t) >= w.target_needed.size())
    w.target_needed.resize(static_cast<std::size_t>(t) + 1, 0);
  return t;
}

void compile_exits(Context& ctx, World& w) {
  const VenueDesc& v = ctx.scenario.venue;
  for (const ExitDesc& e : v.exits) {
    ctx.exit_target.push_back(add_target(w, TargetShape{{e.line}, {}, {}}));
    ctx.exit_width.push_back(e.line.length());
    ctx.exit_flow_rate.push_back(e.max_flow ? *e.max_flow * e.line.length() : 0.0);
    if (e.max_flow) ctx.any_exit_flow_limit = true;
    w.exit_open.push_back(1);
    w.exit_full_at.push_back(-kInf);
  }
  // Persons per second exit e lets through as `quickest` expects it: the assumed capacity,
  // or the exit's limit where that is lower.
  for (std::size_t e = 0; e < v.exits.size(); ++e) {
    const double assumed = ctx.exit_width[e] * kExitCapacity;
    const double rate = ctx.exit_flow_rate[e];
    ctx.exit_throughput.push_back(rate > 0.0 ? std::min(assumed, rate) : assumed);
  }
  w.exit_heading.assign(v.exits.size(), {});
  w.checkpoint_open.assign(v.checkpoints.size(), 1);
  w.door_open.clear();
  for (const DoorDesc& d : v.doors)
    w.door_open.push_back(d.open ? 1 : 0);
  w.checkpoint_queue.assign(v.checkpoints.size(), 0);
  w.checkpoint_in_service.assign(v.checkpoints.size(), 0);
}

void compile_journeys(Context& ctx, World& w) {
  const VenueDesc& v = ctx.scenario.venue;
  std::map<std::pair<int, int>, TargetId> targets;  // (kind, element) → target
  auto target_for = [&](Stage::Kind kind, int element) {
    const auto key = std::make_pair(static_cast<int>(kind), element);
    if (auto it = targets.find(key); it != targets.end()) return it->second;
    TargetShape shape;
    const std::size_t k = static_cast<std::size_t>(element);
    switch (kind) {
      case Stage::Kind::waypoint:
        shape.discs.emplace_back(v.waypoints[k].at, v.waypoints[k].radius);
        break;
      case Stage::Kind::zone:
        // The walkable part of the zone: where a zone's edge runs along an obstacle, its
        // nearest point would lie on the obstacle, and people would press against it.
        shape.polygons = ctx.venue.clipped_outlines(v.zones[k].polygon);
        if (shape.polygons.empty()) shape.polygons.push_back(v.zones[k].polygon);
        break;
      case Stage::Kind::door:
        shape.segments.push_back(v.doors[k].line);
        break;
      case Stage::Kind::checkpoint:
        shape.segments.push_back(v.checkpoints[k].line);
        break;
      case Stage::Kind::exit:
      case Stage::Kind::visit:
        break;
    }
    const TargetId t = add_target(w, std::move(shape));
    targets.emplace(key, t);
    return t;
  };
  for (const PopulationDesc& pop : ctx.scenario.populations) {
    std::vector<Stage> stages;
    std::vector<JourneyStep> steps = pop.journey;
    if (steps.empty()) steps.push_back(JourneyStep{});
    const AreaRef& area = pop.arrive ? pop.arrive->in : pop.in;
    for (const JourneyStep& js : steps) {
      if (js.kind == JourneyStep::Kind::visit) {
        // One slot per attraction offered; the attractions are compiled once, as stages.
        Visit visit;
        visit.count = js.count;
        visit.until = js.until;
        visit.first_stage = static_cast<std::int32_t>(stages.size());
        for (const AttractionDesc& a : js.attractions) {
          Stage option;
          STROOM_ASSERT(
              (a.ref.kind == ElementRef::Kind::zone || a.ref.kind == ElementRef::Kind::waypoint) &&
              "an attraction resolved to no zone or waypoint");
          option.kind =
              a.ref.kind == ElementRef::Kind::zone ? Stage::Kind::zone : Stage::Kind::waypoint;
          option.element = a.ref.index;
          option.target = target_for(option.kind, option.element);
          option.stay = a.stay ? a.stay : js.stay;
          visit.options.push_back(std::move(option));
          visit.weights.push_back(a.weight);
        }
        const int index = static_cast<int>(ctx.visits.size());
        for (std::size_t k = 0; k < js.attractions.size(); ++k) {
          Stage slot;
          slot.kind = Stage::Kind::visit;
          slot.visit = index;
          slot.slot = static_cast<std::int32_t>(k);
          stages.push_back(std::move(slot));
        }
        ctx.visits.push_back(std::move(visit));
        continue;
      }
      Stage st;
      if (js.kind == JourneyStep::Kind::exit) {
        st.kind = Stage::Kind::exit;
        st.route = js.route;
        st.exits = js.exit_indices;
      } else {
        st.stay = js.stay;
        st.element = js.ref.index;
        switch (js.ref.kind) {
          case ElementRef::Kind::waypoint:
            st.kind = Stage::Kind::waypoint;
            break;
          case ElementRef::Kind::zone:
            st.kind = Stage::Kind::zone;
            break;
          case ElementRef::Kind::door:
            st.kind = Stage::Kind::door;
            break;
          case ElementRef::Kind::checkpoint:
            st.kind = Stage::Kind::checkpoint;
            break;
          case ElementRef::Kind::exit:
          case ElementRef::Kind::none:
            STROOM_ASSERT(false &&
                          "journey target resolved to no waypoint, zone, door or checkpoint");
            break;
        }
        st.target = target_for(st.kind, st.element);
        st.stay_in_place = stages.empty() && st.kind == Stage::Kind::zone && st.stay &&
                           area.zone_index >= 0 && area.zone_index == st.element;
      }
      if (st.route == RouteChoice::quickest) ctx.quickest_in_journeys = true;
      stages.push_back(std::move(st));
    }
    ctx.journeys.push_back(std::move(stages));
    ctx.spawn_area.push_back(area.zone_index >= 0
                                 ? v.zones[static_cast<std::size_t>(area.zone_index)].polygon
                                 : area.polygon);
  }
}

void split_wide_exits(Context& ctx, World& w) {
  const VenueDesc& v = ctx.scenario.venue;
  ctx.exit_lane_begin.assign(1, 0);
  for (std::size_t e = 0; e < v.exits.size(); ++e) {
    const Segment& line = v.exits[e].line;
    const double width = line.length();
    const int lanes = width >= kLaneMinWidth ? static_cast<int>(width / kLaneWidth) : 0;
    for (int k = 0; k < lanes; ++k) {
      const double t0 = static_cast<double>(k) / lanes, t1 = static_cast<double>(k + 1) / lanes;
      ctx.lane_segment.push_back(
          Segment{line.a + (line.b - line.a) * t0, line.a + (line.b - line.a) * t1});
      ctx.lane_throughput.push_back(ctx.exit_throughput[e] / lanes);
    }
    ctx.exit_lane_begin.push_back(static_cast<int>(ctx.lane_segment.size()));
    ctx.lane_reach.push_back(std::max(kLaneReach, width));
  }
  w.lane_heading.assign(ctx.lane_segment.size(), {});
}

}  // namespace

Context::Context(const Scenario& s, int threads)
    : scenario(resolved(s)), venue(checked_venue(scenario)), workers(make_workers(threads)) {
  reach = std::max(models::model_cutoff(s.model), kApproachDistance + 0.5);
  sort_interval_steps = std::max<std::int64_t>(1, std::llround(kSortInterval / s.step));
  const VenueDesc& v = scenario.venue;
  auto add = [&](const Segment& seg, CrossingKind kind, int element) {
    crossables.push_back(Wall{seg, WallKind::boundary, element});
    crossable_kind.push_back(kind);
  };
  for (std::size_t e = 0; e < v.exits.size(); ++e)
    add(v.exits[e].line, CrossingKind::exit, static_cast<int>(e));
  for (std::size_t e = 0; e < v.lines.size(); ++e)
    add(v.lines[e].line, CrossingKind::line, static_cast<int>(e));
  for (std::size_t e = 0; e < v.doors.size(); ++e)
    add(v.doors[e].line, CrossingKind::door, static_cast<int>(e));
  for (std::size_t e = 0; e < v.checkpoints.size(); ++e)
    add(v.checkpoints[e].line, CrossingKind::checkpoint, static_cast<int>(e));
  const std::vector<std::uint8_t> all(crossables.size(), 1);
  crossable_grid = models::WallGrid(crossables, all, venue.bounds(), kMaxDisplacement);
}

void rebuild_walls(const Context& ctx, World& w) {
  w.walls = models::WallGrid(ctx.venue.walls(), w.blocking, ctx.venue.bounds(), ctx.reach);
}

void build(Context& ctx, World& w) {
  rebuild_walls(ctx, w);
  compile_exits(ctx, w);
  compile_journeys(ctx, w);
  split_wide_exits(ctx, w);
  const auto& zones = ctx.scenario.venue.zones;
  if (std::any_of(zones.begin(), zones.end(), [](const ZoneDesc& z) { return z.indoor; }))
    w.indoors.by_zone.assign(zones.size(), 0);
}

}  // namespace stroom::sim
