// The simulation: world state, the step pipeline, spawning, journeys and events.
//
// [SECTION] Index
//   Constants and compiled journeys
//   Impl: construction (venue, navigation, journeys, initial placement)
//   Pipeline: step() as the list of timed phases
//   Phase: events          (alarm, close, open; what-if events from the viewer)
//   Phase: spawning        (arrivals and delayed spawns, overlap-free)
//   Phase: neighbour grid
//   Phase: route           (journey progress, exit choice, checkpoint lanes, directions)
//   Phase: route, lanes of wide exits (spreading over a wide exit's width)
//   Phase: operational     (the model, stroom/models)
//   Phase: move            (integrate, never across a blocking wall)
//   Phase: exit flow limits (an exit's max_flow: who crosses now, who waits at the line)
//   Phase: crossings       (exits, lines, doors, checkpoints; leavers removed)
//   Public API
#include "stroom/simulation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <optional>

#include "models/model.hpp"
#include "models/neighbour_grid.hpp"
#include "models/wall_grid.hpp"
#include "sim/people.hpp"
#include "sim/spawning.hpp"
#include "stroom/navigation.hpp"

namespace stroom {

// [SECTION] Constants and compiled journeys

namespace {

using models::move_crosses;
using models::side;
using sim::People;

constexpr double kInf = std::numeric_limits<double>::infinity();
/// P/(m·s): specific flow through an exit assumed by `quickest` to turn the persons ahead
/// into a time to pass (handbook design values 1.2–1.8, bottleneck experiments ~1.9:
/// Seyfried et al. 2009, Rupprecht et al. 2011; 1.5 lies between them).
constexpr double kExitCapacity = 1.5;
/// s between re-evaluations of a `quickest` route.
constexpr double kRouteInterval = 3.0;
/// A `quickest` person switches exit only when the best is at least 15 % quicker.
constexpr double kRouteHysteresis = 0.85;
/// m: within this distance of an exit, door or served checkpoint line (in sight) a person
/// walks straight through it instead of following the distance field.
constexpr double kApproachDistance = 1.5;
/// s: how often the slots are renumbered in the neighbour grid's cell order. Persons walk about
/// a metre (a grid cell) in a second; a renumbering copies every per-person array once (about
/// 1.5 ms at 50,000 persons, docs/performance.md).
constexpr double kSortInterval = 1.0;
/// Wide exits (docs/navigation.md, "Wide exits: lanes"): an exit at least kLaneMinWidth wide is
/// split into floor(width / kLaneWidth) lanes of equal width (m). Within kLaneReach or the
/// exit's width (the larger) of walking distance of the exit, a person who can see a lane
/// walks to the lane that gets them through soonest (the walk and then the persons ahead in
/// that lane at its share of the exit's capacity), instead of to the exit's nearest point,
/// and re-evaluates about every kLaneInterval s.
constexpr double kLaneMinWidth = 5.0;
constexpr double kLaneWidth = 2.0;
constexpr double kLaneReach = 15.0;
constexpr double kLaneInterval = 1.0;
/// m beyond the body radius: a person this close to a checkpoint line has reached it.
constexpr double kLineReach = 0.2;
/// Share of the radius a body centre keeps from a blocking wall after the move.
constexpr double kWallClearance = 0.5;
/// m: largest distance moved in one step that the crossing grid must cover.
constexpr double kMaxDisplacement = 1.0;
/// Crossings one person can make in one step (more are dropped, never expected in practice).
constexpr int kMaxCrossings = 4;
/// Spawn attempts per waiting arrival per step, and failed arrivals per step before giving up.
constexpr int kSpawnAttempts = 6;
constexpr int kSpawnFailuresPerStep = 64;

struct Stage {
  enum class Kind { waypoint, zone, door, checkpoint, exit };
  Kind kind = Kind::exit;
  int element = -1;  ///< index into venue.waypoints / zones / doors / checkpoints
  TargetId target = -1;
  std::optional<Distribution> stay;
  /// A stay in the zone the population is placed in, as its first step: everyone stays where
  /// they were placed (a standing audience), instead of crossing the zone to a random spot.
  bool stay_in_place = false;
  RouteChoice route = RouteChoice::nearest;
  std::vector<int> exits;  ///< allowed exits; empty = all
};

struct PendingArrival {
  int population = 0;
  std::int64_t index = 0;  ///< arrival number within the population
  double due = 0.0;        ///< s
  std::int32_t attempts = 0;
};

/// Random stream for a per-stage draw of a person (stay, service time).
RandomStream stage_stream(std::uint64_t seed, PersonId id, int stage, RandomPurpose purpose) {
  return RandomStream(
      seed, static_cast<std::uint64_t>(id) * 4096u + static_cast<std::uint64_t>(stage), purpose);
}

Vec2 right_normal(const Segment& s) {
  return normalized(Vec2{s.b.y - s.a.y, s.a.x - s.b.x});
}

/// Unit normal pointing from p's side of s to the other side.
Vec2 through_normal(const Segment& s, Vec2 p) {
  const Vec2 r = right_normal(s);
  return side(s, p) >= 0.0 ? r : -r;
}

/// Closest point of s to p, kept `inset` away from both ends when the segment allows it.
Vec2 inset_closest(const Segment& s, Vec2 p, double inset) {
  const double len = s.length();
  if (len <= 2.0 * inset) return s.midpoint();
  const Vec2 d = (s.b - s.a) / len;
  const double t = std::clamp(dot(p - s.a, d), inset, len - inset);
  return s.a + d * t;
}

/// s: when a person `walk` metres from a passage at `speed` is through it, with `ahead`
/// persons in front who pass at `throughput` P/s: the walk, or, when longer, the time the
/// persons ahead need (the cost of an exit for `quickest` routes).
double time_to_pass(double walk, double speed, std::ptrdiff_t ahead, double throughput) {
  return std::max(walk / std::max(0.1, speed), static_cast<double>(ahead) / throughput);
}

/// s: the same for a lane of a wide exit a few metres away: the walk and then the persons
/// ahead. Near the exit those ahead stand between the person and the lane, so the person
/// cannot walk while they pass (time_to_pass() lets the two overlap, which holds for an exit
/// far away, whose queue has drained by the time one gets there).
double time_in_lane(double walk, double speed, std::ptrdiff_t ahead, double throughput) {
  return walk / std::max(0.1, speed) + static_cast<double>(ahead) / throughput;
}

}  // namespace

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::events:
      return "events";
    case Phase::spawning:
      return "spawning";
    case Phase::neighbour_grid:
      return "neighbour grid";
    case Phase::route:
      return "route";
    case Phase::operational:
      return "operational model";
    case Phase::move:
      return "move and constrain";
    case Phase::crossings:
      return "crossings";
    case Phase::observation:
      return "observation";
  }
  return "?";
}

// [SECTION] Impl: construction

struct Simulation::Impl {
  Scenario scenario;
  int threads = 1;
  std::unique_ptr<tbb::global_control> control;
  std::unique_ptr<tbb::task_arena> arena;
  Venue venue;
  Navigation nav;
  std::vector<std::uint8_t> blocking;
  double reach = 2.0;
  models::WallGrid walls;
  models::NeighbourGrid grid;
  // Crossable segments (exits, lines, doors, checkpoints) in a grid of their own.
  std::vector<Wall> crossables;
  std::vector<CrossingKind> crossable_kind;
  models::WallGrid crossable_grid;

  std::vector<std::vector<Stage>> journeys;  // per population
  std::vector<Polygon> spawn_area;           // per population
  Stage evacuation_stage;
  std::vector<TargetId> exit_target;
  std::vector<std::uint8_t> exit_open;
  std::vector<double> exit_width;
  std::vector<std::uint8_t> checkpoint_open;
  std::vector<int> checkpoint_queue;
  std::vector<int> checkpoint_in_service;
  /// Per exit, the sorted walking distances of the persons heading to it (for `quickest`).
  std::vector<std::vector<double>> exit_heading;
  /// Lanes of wide exits: exit e has lanes exit_lane_begin[e] .. exit_lane_begin[e + 1] - 1
  /// (none for a narrow exit), each a piece of the exit line.
  std::vector<int> exit_lane_begin;
  std::vector<Segment> lane_segment;
  std::vector<double> lane_throughput;  ///< P/s: the lane's share of exit_throughput()
  std::vector<double> lane_reach;       ///< m, per exit: walking distance within which lanes apply
  /// Per lane, the sorted lengths of the ways of the persons walking to it (assign_lanes()).
  std::vector<std::vector<double>> lane_heading;
  /// Per slot, this step: the person is near a wide exit and due for a lane (re)assignment.
  std::vector<std::uint8_t> lane_due;
  std::vector<std::uint8_t> target_needed;

  People people;
  std::vector<std::int32_t> slot_of;  // by PersonId; -1 when not inside
  PersonId next_id = 1;
  double now = 0.0;
  std::int64_t step_count = 0;
  std::int64_t sort_interval_steps = 1;
  std::int64_t spawned_count = 0, exited_count = 0, not_entered_count = 0, agent_steps = 0;

  std::vector<std::vector<double>> arrivals;  // per population, ascending
  std::vector<std::size_t> next_arrival;
  std::deque<PendingArrival> waiting;

  std::size_t next_event = 0;
  std::vector<EventDesc> scheduled;
  std::vector<EventDesc> applied;
  double alarm_time = -1.0;

  // Per-step outputs and scratch.
  std::vector<Crossing> crossings;
  std::vector<PersonId> spawned_ids, exited_ids;
  tbb::enumerable_thread_specific<std::vector<std::pair<std::int32_t, Crossing>>> crossing_lists;
  std::vector<std::pair<std::int32_t, Crossing>> crossing_gather;
  std::vector<std::uint8_t> leaving;
  /// Persons who have just walked out through an exit. They are no longer inside, but their
  /// bodies still fill the opening for a moment: they walk on straight for one body diameter
  /// and stay in the neighbour grid meanwhile, so whoever follows keeps a headway to them.
  /// Removing a body the instant its centre crosses the line would let the next person step
  /// into half a body of free room and inflate exit flows (about 30 % at a 1 m exit).
  struct Outside {
    std::vector<double> x, y, vx, vy, radius, until;
  } outside;
  StepProfile profile;

  static Venue checked_venue(const Scenario& s) {
    std::vector<Diagnostic> problems = check_geometry(s);
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    return Venue(s.venue);
  }

  Impl(const Scenario& s, SimulationOptions options)
      : scenario(s),
        venue(checked_venue(s)),
        nav(venue),
        blocking(venue.initial_blocking()),
        // Cells of half the model's cut-off: the model's neighbour scan visits the cells the
        // cut-off circle touches (see NeighbourGrid::for_each_candidate).
        grid(venue.bounds(), std::max(0.5, 0.5 * models::model_cutoff(s.model))) {
    const int cores = tbb::info::default_concurrency();
    threads = options.threads > 0 ? options.threads : cores;
    if (threads > cores) {
      control = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                      static_cast<std::size_t>(threads));
    }
    arena = std::make_unique<tbb::task_arena>(threads);
    reach = std::max(models::model_cutoff(s.model), kApproachDistance + 0.5);
    sort_interval_steps = std::max<std::int64_t>(1, std::llround(kSortInterval / s.step));
    rebuild_walls();
    build_crossables();
    compile_journeys();
    init_exit_flow_limits();
    split_wide_exits();
    prepare_arrivals();
    reserve_people();
    place_initial_people();
  }

  /// Everyone the scenario will ever hold at once is at most everyone it spawns: reserving
  /// that up front keeps the per-person arrays at their size (no doubling, no second copy
  /// while they grow; 50,000 persons: 1,030 → 976 bytes per person, docs/performance.md).
  void reserve_people() {
    std::size_t total = 0;
    for (std::size_t pi = 0; pi < scenario.populations.size(); ++pi) {
      const PopulationDesc& pop = scenario.populations[pi];
      if (pop.count && *pop.count > 0) total += static_cast<std::size_t>(*pop.count);
      total += arrivals[pi].size();
    }
    people.reserve(total);
    spawned_ids.reserve(total);  // everyone placed at the start is listed before the first step
    slot_of.reserve(total + 1025);
  }

  void rebuild_walls() { walls = models::WallGrid(venue.walls(), blocking, venue.bounds(), reach); }

  void build_crossables() {
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

  TargetId add_target(TargetShape shape) {
    const TargetId t = nav.add_target(std::move(shape));
    if (static_cast<std::size_t>(t) >= target_needed.size())
      target_needed.resize(static_cast<std::size_t>(t) + 1, 0);
    return t;
  }

  int exit_index(const std::string& name, const SourceLocation& where) const {
    for (std::size_t e = 0; e < scenario.venue.exits.size(); ++e)
      if (scenario.venue.exits[e].name == name) return static_cast<int>(e);
    throw ScenarioError({Diagnostic{where, "unknown exit '" + name + "'"}});
  }

  void compile_journeys() {
    const VenueDesc& v = scenario.venue;
    for (const ExitDesc& e : v.exits) {
      exit_target.push_back(add_target(TargetShape{{e.line}, {}, {}}));
      exit_open.push_back(1);
      exit_width.push_back(e.line.length());
    }
    exit_heading.assign(v.exits.size(), {});
    checkpoint_open.assign(v.checkpoints.size(), 1);
    checkpoint_queue.assign(v.checkpoints.size(), 0);
    checkpoint_in_service.assign(v.checkpoints.size(), 0);
    std::map<std::pair<int, int>, TargetId> targets;  // (kind, element) → target
    auto target_for = [&](Stage::Kind kind, int element) {
      const auto key = std::make_pair(static_cast<int>(kind), element);
      if (auto it = targets.find(key); it != targets.end()) return it->second;
      TargetShape shape;
      switch (kind) {
        case Stage::Kind::waypoint:
          shape.discs.emplace_back(v.waypoints[element].at, v.waypoints[element].radius);
          break;
        case Stage::Kind::zone:
          shape.polygons.push_back(v.zones[element].polygon);
          break;
        case Stage::Kind::door:
          shape.segments.push_back(v.doors[element].line);
          break;
        case Stage::Kind::checkpoint:
          shape.segments.push_back(v.checkpoints[element].line);
          break;
        case Stage::Kind::exit:
          break;
      }
      const TargetId t = add_target(std::move(shape));
      targets.emplace(key, t);
      return t;
    };
    auto find = [](const auto& list, const std::string& name) {
      for (std::size_t k = 0; k < list.size(); ++k)
        if (list[k].name == name) return static_cast<int>(k);
      return -1;
    };
    for (const PopulationDesc& pop : scenario.populations) {
      std::vector<Stage> stages;
      std::vector<JourneyStep> steps = pop.journey;
      if (steps.empty()) steps.push_back(JourneyStep{});
      for (const JourneyStep& js : steps) {
        Stage st;
        if (js.kind == JourneyStep::Kind::exit) {
          st.kind = Stage::Kind::exit;
          st.route = js.route;
          for (const std::string& name : js.exits)
            st.exits.push_back(exit_index(name, js.where));
        } else {
          st.stay = js.stay;
          if (int k = find(v.waypoints, js.target); k >= 0) {
            st.kind = Stage::Kind::waypoint, st.element = k;
          } else if (k = find(v.zones, js.target); k >= 0) {
            st.kind = Stage::Kind::zone, st.element = k;
          } else if (k = find(v.doors, js.target); k >= 0) {
            st.kind = Stage::Kind::door, st.element = k;
          } else if (k = find(v.checkpoints, js.target); k >= 0) {
            st.kind = Stage::Kind::checkpoint, st.element = k;
          } else {
            throw ScenarioError({Diagnostic{js.where, "unknown journey target '" + js.target +
                                                          "' (not a waypoint, zone, door or "
                                                          "checkpoint)"}});
          }
          st.target = target_for(st.kind, st.element);
          const std::string& placed_in = (pop.arrive ? pop.arrive->in : pop.in).zone;
          st.stay_in_place = stages.empty() && st.kind == Stage::Kind::zone && st.stay &&
                             !placed_in.empty() && placed_in == js.target;
        }
        stages.push_back(std::move(st));
      }
      journeys.push_back(std::move(stages));
      const AreaRef& area = pop.arrive ? pop.arrive->in : pop.in;
      if (!area.zone.empty()) {
        const int z = find(v.zones, area.zone);
        if (z < 0)
          throw ScenarioError({Diagnostic{area.where, "unknown zone '" + area.zone + "'"}});
        spawn_area.push_back(v.zones[static_cast<std::size_t>(z)].polygon);
      } else {
        spawn_area.push_back(area.polygon);
      }
    }
  }

  double wall_clearance(Vec2 p) const {
    double best = kInf;
    for (const std::int32_t w : walls.candidates(p)) {
      Vec2 c;
      best = std::min(best, models::segment_distance(walls.wall(w).segment, p, c));
    }
    return best;
  }

  std::int32_t add_person(int pop, Vec2 p) {
    const PersonId pid = next_id++;
    const PopulationDesc& desc = scenario.populations[static_cast<std::size_t>(pop)];
    RandomStream rs(scenario.seed, static_cast<std::uint64_t>(pid), RandomPurpose::radius);
    RandomStream vs(scenario.seed, static_cast<std::uint64_t>(pid), RandomPurpose::speed);
    const double r = desc.radius.sample(rs);
    const double speed = desc.speed.sample(vs);
    const std::int32_t slot = people.append(pid, pop, p, r, speed);
    if (static_cast<std::size_t>(pid) >= slot_of.size())
      slot_of.resize(static_cast<std::size_t>(pid) + 1024, -1);
    slot_of[static_cast<std::size_t>(pid)] = slot;

    spawned_ids.push_back(pid);
    ++spawned_count;
    return slot;
  }

  /// Radius a population's bodies can have at most (for placement), m.
  static double max_radius(const PopulationDesc& pop) {
    const double hi = pop.radius.upper_bound();
    return std::isfinite(hi) ? hi : pop.radius.expected() * 3.0;
  }

  void place_initial_people() {
    for (std::size_t pi = 0; pi < scenario.populations.size(); ++pi) {
      const PopulationDesc& pop = scenario.populations[pi];
      if (!pop.count || *pop.count <= 0) continue;
      const double r = max_radius(pop);
      grid.build(people.x, people.y, people.radius);
      auto accept = [&](Vec2 p) {
        if (!venue.contains(p) || wall_clearance(p) < r + 0.01) return false;
        bool free = true;
        grid.for_each_candidate(p, 2.0 * r + 0.5, [&](std::int32_t k) {
          const double dx = grid.x()[static_cast<std::size_t>(k)] - p.x;
          const double dy = grid.y()[static_cast<std::size_t>(k)] - p.y;
          const double need = r + grid.radius()[static_cast<std::size_t>(k)];
          if (dx * dx + dy * dy < need * need) free = false;
        });
        return free;
      };
      const std::vector<Vec2> spots =
          sim::lattice_spots(spawn_area[pi], *pop.count, r, accept,
                             RandomStream(scenario.seed, pi, RandomPurpose::placement));
      for (const Vec2 p : spots)
        add_person(static_cast<int>(pi), p);
      // Whoever does not fit now enters as soon as there is room.
      for (std::int64_t k = static_cast<std::int64_t>(spots.size()); k < *pop.count; ++k)
        waiting.push_back(PendingArrival{static_cast<int>(pi), k, 0.0, 0});
    }
  }

  void prepare_arrivals() {
    arrivals.resize(scenario.populations.size());
    next_arrival.assign(scenario.populations.size(), 0);
    for (std::size_t pi = 0; pi < scenario.populations.size(); ++pi) {
      const PopulationDesc& pop = scenario.populations[pi];
      if (pop.arrive)
        arrivals[pi] = sim::arrival_times(*pop.arrive,
                                          RandomStream(scenario.seed, pi, RandomPurpose::arrival));
    }
  }

  // [SECTION] Pipeline

  template <class F>
  void parallel(std::int32_t n, F&& f) {
    if (n <= 0) return;
    if (threads == 1 || n < 512) {
      f(std::int32_t{0}, n);
      return;
    }
    arena->execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::int32_t>(0, n, 256),
                        [&](const tbb::blocked_range<std::int32_t>& r) { f(r.begin(), r.end()); });
    });
  }

  template <class F>
  void timed(Phase phase, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    profile.seconds[static_cast<int>(phase)] += std::chrono::duration<double>(t1 - t0).count();
  }

  void step() {
    spawned_ids.clear();
    exited_ids.clear();
    crossings.clear();
    timed(Phase::events, [&] { events_phase(); });
    timed(Phase::spawning, [&] { spawning_phase(); });
    timed(Phase::neighbour_grid, [&] {
      grid.build(people.x, people.y, people.radius, outside.x, outside.y, outside.radius);
      if (step_count % sort_interval_steps == 0) sort_people_by_cell();
    });
    timed(Phase::route, [&] { route_phase(); });
    agent_steps += people.size();
    timed(Phase::operational, [&] { operational_phase(); });
    timed(Phase::move, [&] {
      move_phase();
      limit_exit_flows();
    });
    timed(Phase::crossings, [&] { crossings_phase(); });
    timed(Phase::observation, [&] { observation_phase(); });
    now = static_cast<double>(step_count + 1) * scenario.step;
    ++step_count;
    ++profile.steps;
  }

  // [SECTION] Phase: events

  void events_phase() {
    while (next_event < scenario.events.size() && scenario.events[next_event].at <= now + 1e-9) {
      apply_event(scenario.events[next_event]);
      ++next_event;
    }
    std::vector<EventDesc> pending;
    pending.swap(scheduled);
    for (const EventDesc& e : pending)
      apply_event(e);
  }

  void apply_event(EventDesc e) {
    e.at = now;
    switch (e.kind) {
      case EventDesc::Kind::evacuate:
        sound_alarm(e.evacuate);
        break;
      case EventDesc::Kind::close:
        set_open(e, false);
        break;
      case EventDesc::Kind::open:
        set_open(e, true);
        break;
    }
    applied.push_back(std::move(e));
  }

  void sound_alarm(const EvacuateDesc& evac) {
    if (alarm_time >= 0.0) return;  // one alarm per run; later ones change nothing
    alarm_time = now;
    evacuation_stage = Stage{};
    evacuation_stage.kind = Stage::Kind::exit;
    evacuation_stage.route = evac.route;
    for (const std::string& name : evac.exits)
      evacuation_stage.exits.push_back(exit_index(name, SourceLocation{}));
    evacuation_premovement = evac.premovement;
    for (std::int32_t s = 0; s < people.size(); ++s)
      start_evacuating(s);
    // Arrivals stop: whoever has not entered yet never will.
    for (std::size_t pi = 0; pi < arrivals.size(); ++pi) {
      not_entered_count += static_cast<std::int64_t>(arrivals[pi].size() - next_arrival[pi]);
      next_arrival[pi] = arrivals[pi].size();
    }
    not_entered_count += static_cast<std::int64_t>(waiting.size());
    waiting.clear();
  }

  Distribution evacuation_premovement = Distribution::constant_value(0.0);

  void start_evacuating(std::int32_t s) {
    RandomStream rng(scenario.seed, static_cast<std::uint64_t>(people.id[s]),
                     RandomPurpose::premovement);
    people.evacuating[s] = 1;
    people.activity[s] = Activity::premovement;
    people.timer[s] = now + std::max(0.0, evacuation_premovement.sample(rng));
    people.pass_checkpoint[s] = -1;
    people.exit[s] = -1;
    people.lane[s] = -1;
  }

  void set_open(const EventDesc& e, bool open) {
    const VenueDesc& v = scenario.venue;
    auto find = [&](const auto& list) {
      for (std::size_t k = 0; k < list.size(); ++k)
        if (list[k].name == e.target) return static_cast<int>(k);
      return -1;
    };
    WallKind kind;
    int element;
    if ((element = find(v.exits)) >= 0) {
      kind = WallKind::exit;
      exit_open[static_cast<std::size_t>(element)] = open ? 1 : 0;
    } else if ((element = find(v.doors)) >= 0) {
      kind = WallKind::door;
    } else if ((element = find(v.checkpoints)) >= 0) {
      // A checkpoint line always blocks; closing it stops the service.
      checkpoint_open[static_cast<std::size_t>(element)] = open ? 1 : 0;
      return;
    } else {
      throw ScenarioError(
          {Diagnostic{e.where, "unknown exit, door or checkpoint '" + e.target + "'"}});
    }
    const std::vector<std::uint8_t> old = blocking;
    for (const int w : venue.walls_of(kind, element))
      blocking[static_cast<std::size_t>(w)] = open ? 0 : 1;
    if (old == blocking) return;
    nav.on_blocking_changed(old, blocking);
    rebuild_walls();
    // Whoever was heading for a closed exit chooses again at once (route phase, this step).
    if (kind == WallKind::exit && !open) {
      for (std::int32_t s = 0; s < people.size(); ++s)
        if (people.exit[s] == element) people.exit[s] = -1, people.lane[s] = -1;
    }
  }

  // [SECTION] Phase: spawning

  bool spot_free(Vec2 p, double r, const std::vector<std::int32_t>& fresh) const {
    bool free = true;
    grid.for_each_candidate(p, r + 1.0, [&](std::int32_t k) {
      const std::size_t kk = static_cast<std::size_t>(k);
      const double need = r + grid.radius()[kk];
      const double dx = grid.x()[kk] - p.x, dy = grid.y()[kk] - p.y;
      if (dx * dx + dy * dy < need * need) free = false;
    });
    for (const std::int32_t s : fresh) {
      const double need = r + people.radius[s];
      const double dx = people.x[s] - p.x, dy = people.y[s] - p.y;
      if (dx * dx + dy * dy < need * need) free = false;
    }
    return free;
  }

  void spawning_phase() {
    if (alarm_time < 0.0) {
      // Arrivals due during this step join the waiting line, in (time, population, number) order.
      std::vector<PendingArrival> due;
      const double until = now + scenario.step;
      for (std::size_t pi = 0; pi < arrivals.size(); ++pi) {
        while (next_arrival[pi] < arrivals[pi].size() && arrivals[pi][next_arrival[pi]] < until) {
          due.push_back(PendingArrival{static_cast<int>(pi),
                                       static_cast<std::int64_t>(next_arrival[pi]),
                                       arrivals[pi][next_arrival[pi]], 0});
          ++next_arrival[pi];
        }
      }
      std::sort(due.begin(), due.end(), [](const PendingArrival& a, const PendingArrival& b) {
        return std::tie(a.due, a.population, a.index) < std::tie(b.due, b.population, b.index);
      });
      waiting.insert(waiting.end(), due.begin(), due.end());
    }
    if (waiting.empty()) return;
    grid.build(people.x, people.y, people.radius);
    std::vector<std::int32_t> fresh;
    int failures = 0;
    for (auto it = waiting.begin(); it != waiting.end() && failures < kSpawnFailuresPerStep;) {
      PendingArrival& a = *it;
      const PopulationDesc& pop = scenario.populations[static_cast<std::size_t>(a.population)];
      const Polygon& area = spawn_area[static_cast<std::size_t>(a.population)];
      const Bounds b = sim::polygon_bounds(area);
      // The body of the person who would enter now (drawn by the id it would get).
      RandomStream rs(scenario.seed, static_cast<std::uint64_t>(next_id), RandomPurpose::radius);
      const double r = pop.radius.sample(rs);
      bool placed = false;
      for (int k = 0; k < kSpawnAttempts && !placed; ++k, ++a.attempts) {
        RandomStream ps(scenario.seed,
                        mix64((static_cast<std::uint64_t>(a.population) << 40) ^
                              static_cast<std::uint64_t>(a.index)) ^
                            static_cast<std::uint64_t>(a.attempts),
                        RandomPurpose::placement);
        const Vec2 p{ps.uniform(b.min.x, b.max.x), ps.uniform(b.min.y, b.max.y)};
        if (!sim::polygon_contains(area, p) || !venue.contains(p)) continue;
        if (wall_clearance(p) < r + 0.01 || !spot_free(p, r, fresh)) continue;
        fresh.push_back(add_person(a.population, p));
        placed = true;
      }
      if (placed) {
        it = waiting.erase(it);
      } else {
        ++failures;
        ++it;
      }
    }
  }

  // [SECTION] Phase: neighbour grid

  /// Renumbers the slots in the grid's cell order, so that persons next to each other in the
  /// venue sit next to each other in memory: the route phase reads the distance fields and the
  /// models read the neighbours' arrays with few cache misses (at 50,000 persons 15-20 % more
  /// agent-steps per second; docs/performance.md). Serial and deterministic; every phase
  /// that needs an order uses ids, so only the summation order of the model terms changes.
  /// The grid just built stays valid: only its slot numbers change.
  void sort_people_by_cell() {
    const std::int32_t n = people.size();
    std::vector<std::int32_t> old_of_new;
    old_of_new.reserve(static_cast<std::size_t>(n));
    for (const std::int32_t s : grid.slot())
      if (s < n) old_of_new.push_back(s);  // later slots are bodies just outside an exit
    people.for_each_array([&](auto& v) {
      std::remove_reference_t<decltype(v)> sorted;
      sorted.reserve(v.capacity());  // the arrays keep the room reserve_people() gave them
      for (const std::int32_t old : old_of_new)
        sorted.push_back(v[static_cast<std::size_t>(old)]);
      v.swap(sorted);
    });
    for (std::int32_t s = 0; s < n; ++s)
      slot_of[static_cast<std::size_t>(people.id[static_cast<std::size_t>(s)])] = s;
    grid.renumber_in_cell_order(n);
  }

  // [SECTION] Phase: route

  const Stage* current_stage(std::int32_t s) const {
    if (people.evacuating[s]) return &evacuation_stage;
    const auto& j = journeys[static_cast<std::size_t>(people.population[s])];
    const std::size_t k = static_cast<std::size_t>(people.stage[s]);
    return k < j.size() ? &j[k] : nullptr;
  }

  /// Marks target t's field as needed; safe from parallel workers (they all store 1).
  void need(TargetId t) {
    std::atomic_ref<std::uint8_t>(target_needed[static_cast<std::size_t>(t)])
        .store(1, std::memory_order_relaxed);
  }

  /// Whether any stage chooses its exit by `quickest` (the only reader of exit_heading).
  bool quickest_routes() const {
    if (evacuation_stage.route == RouteChoice::quickest) return true;
    for (const std::vector<Stage>& journey : journeys) {
      for (const Stage& st : journey)
        if (st.route == RouteChoice::quickest) return true;
    }
    return false;
  }

  /// First blocking wall (for person s) crossed by the move p→q, or -1.
  std::int32_t blocked(std::int32_t s, Vec2 p, Vec2 q) const {
    for (const std::int32_t w : walls.candidates(p)) {
      const Wall& wall = walls.wall(w);
      if (!models::wall_blocks(wall, people.pass_checkpoint[s])) continue;
      if (move_crosses(wall.segment, p, q)) return w;
    }
    return -1;
  }

  int choose_exit(std::int32_t s, const Stage& st) const {
    const Vec2 p{people.x[s], people.y[s]};
    const int current = people.exit[s];
    int best = -1;
    double best_cost = kInf, current_cost = kInf;
    auto consider = [&](int e) {
      const std::size_t ee = static_cast<std::size_t>(e);
      if (!exit_open[ee]) return;
      const double d = nav.distance(exit_target[ee], p);
      if (!std::isfinite(d)) return;
      double cost = d;
      if (st.route == RouteChoice::quickest) {
        // Time to be through: the walk, or, when longer, the time the persons ahead (heading
        // to the same exit, closer to it) need to pass it at the exit's capacity.
        const std::vector<double>& ahead = exit_heading[ee];
        const auto n_ahead = std::lower_bound(ahead.begin(), ahead.end(), d) - ahead.begin();
        cost = time_to_pass(d, people.free_speed[s], n_ahead, exit_throughput(ee));
      }
      if (e == current) current_cost = cost;
      if (cost < best_cost) best_cost = cost, best = e;
    };
    if (st.exits.empty()) {
      for (std::size_t e = 0; e < exit_target.size(); ++e)
        consider(static_cast<int>(e));
    } else {
      for (const int e : st.exits)
        consider(e);
    }
    if (st.route == RouteChoice::quickest && std::isfinite(current_cost) &&
        best_cost > kRouteHysteresis * current_cost)
      return current;
    return best;
  }

  /// Sets the desired direction to walk straight through segment `seg` from p.
  void walk_through(std::int32_t s, const Segment& seg, TargetId t) {
    const Vec2 p{people.x[s], people.y[s]};
    const Vec2 c = inset_closest(seg, p, people.radius[s]);
    const Vec2 aim = c + through_normal(seg, p) * 0.5;
    const Vec2 e = normalized(aim - p);
    people.ex[s] = e.x, people.ey[s] = e.y;
    people.v0[s] = people.free_speed[s];
    people.goal[s] = t;
  }

  /// True when segment `seg` is within reach and in sight, so the person walks straight.
  bool near_and_visible(std::int32_t s, const Segment& seg) const {
    const Vec2 p{people.x[s], people.y[s]};
    const Vec2 c = inset_closest(seg, p, people.radius[s]);
    return distance(p, c) < kApproachDistance && blocked(s, p, c) < 0;
  }

  void follow_field(std::int32_t s, TargetId t) {
    const Vec2 p{people.x[s], people.y[s]};
    double walking_distance = 0.0;
    const Vec2 e = nav.direction(t, p, walking_distance);  // one grid lookup for both
    people.ex[s] = e.x, people.ey[s] = e.y;
    people.v0[s] = (e.x != 0.0 || e.y != 0.0) ? people.free_speed[s] : 0.0;
    people.target_distance[s] = walking_distance;
    people.goal[s] = t;
  }

  void stand(std::int32_t s) {
    people.ex[s] = 0.0, people.ey[s] = 0.0;
    people.v0[s] = 0.0;
    people.goal[s] = -1;
  }

  void advance(std::int32_t s) {
    ++people.stage[s];
    people.activity[s] = Activity::walking;
    people.exit[s] = -1;
    people.lane[s] = -1;
    people.pass_checkpoint[s] = -1;
  }

  /// Decides what person s does this step; writes only slot s (parallel-safe).
  void plan(std::int32_t s) {
    const Vec2 p{people.x[s], people.y[s]};
    for (int transitions = 0; transitions < 4; ++transitions) {
      if (people.activity[s] == Activity::premovement) {
        if (now + 1e-9 < people.timer[s]) return stand(s);
        people.activity[s] = Activity::evacuating;
      }
      const Stage* st = current_stage(s);
      if (st == nullptr) return stand(s);  // journey finished without an exit: stays put
      switch (st->kind) {
        case Stage::Kind::exit: {
          const bool recheck =
              st->route == RouteChoice::quickest && now >= people.next_route_check[s];
          if (people.exit[s] < 0 || !exit_open[static_cast<std::size_t>(people.exit[s])] ||
              recheck) {
            const int chosen = choose_exit(s, *st);
            if (chosen != people.exit[s]) people.lane[s] = -1, people.next_lane_check[s] = now;
            people.exit[s] = chosen;
            people.next_route_check[s] = now + kRouteInterval;
          }
          if (people.exit[s] < 0) return stand(s);  // no open exit reachable
          const std::size_t e = static_cast<std::size_t>(people.exit[s]);
          if (exit_lane_begin[e] < exit_lane_begin[e + 1] && walk_lane(s, e)) return;
          const Segment& line = scenario.venue.exits[e].line;
          if (near_and_visible(s, line)) {
            people.target_distance[s] = nav.distance(exit_target[e], p);
            return walk_through(s, line, exit_target[e]);
          }
          return follow_field(s, exit_target[e]);  // sets target_distance too
        }
        case Stage::Kind::waypoint: {
          const WaypointDesc& w = scenario.venue.waypoints[static_cast<std::size_t>(st->element)];
          if (people.activity[s] == Activity::staying) {
            if (now + 1e-9 >= people.timer[s]) {
              advance(s);
              continue;
            }
            return stand(s);
          }
          if (distance(p, w.at) <= w.radius) {
            if (!begin_stay(s, *st)) {
              advance(s);
              continue;
            }
            return stand(s);
          }
          return follow_field(s, st->target);
        }
        case Stage::Kind::zone: {
          const ZoneDesc& z = scenario.venue.zones[static_cast<std::size_t>(st->element)];
          if (people.activity[s] == Activity::staying) {
            if (now + 1e-9 >= people.timer[s]) {
              advance(s);
              continue;
            }
            // Walk to the chosen spot inside the zone (in sight), then stand.
            const Vec2 goal{people.goal_x[s], people.goal_y[s]};
            if (distance(p, goal) < 0.3 || blocked(s, p, goal) >= 0) return stand(s);
            const Vec2 e = normalized(goal - p);
            people.ex[s] = e.x, people.ey[s] = e.y;
            people.v0[s] = 0.5 * people.free_speed[s];
            people.goal[s] = -1;
            return;
          }
          if (sim::polygon_contains(z.polygon, p)) {
            if (!begin_stay(s, *st)) {
              advance(s);
              continue;
            }
            continue;  // staying: walk to the spot
          }
          return follow_field(s, st->target);
        }
        case Stage::Kind::door: {
          const Segment& line = scenario.venue.doors[static_cast<std::size_t>(st->element)].line;
          if (near_and_visible(s, line)) return walk_through(s, line, st->target);
          return follow_field(s, st->target);  // a closed door: the field is unreachable → stand
        }
        case Stage::Kind::checkpoint: {
          const std::size_t c = static_cast<std::size_t>(st->element);
          const Segment& line = scenario.venue.checkpoints[c].line;
          if (people.pass_checkpoint[s] == st->element) return walk_through(s, line, st->target);
          if (people.activity[s] == Activity::in_service) {
            if (now + 1e-9 >= people.timer[s]) {
              people.pass_checkpoint[s] = st->element;  // served: the line lets this person pass
              people.activity[s] = Activity::walking;
              return walk_through(s, line, st->target);
            }
            return stand(s);
          }
          if (people.activity[s] == Activity::queueing) return stand(s);
          Vec2 c_pt;
          const double d = models::segment_distance(line, p, c_pt);
          // In sight: the line itself blocks, so look at a point just short of it.
          const Vec2 short_of_line = c_pt + normalized(p - c_pt) * 0.01;
          if (d <= people.radius[s] + kLineReach && blocked(s, p, short_of_line) < 0) {
            people.activity[s] = Activity::queueing;
            people.queue_since[s] = now;
            return stand(s);
          }
          return follow_field(s, st->target);
        }
      }
    }
    stand(s);
  }

  /// Starts a stay at the current stage if it has one; false when there is nothing to stay for.
  bool begin_stay(std::int32_t s, const Stage& st) {
    if (!st.stay) return false;
    RandomStream rng =
        stage_stream(scenario.seed, people.id[s], people.stage[s], RandomPurpose::stay);
    people.timer[s] = now + std::max(0.0, st.stay->sample(rng));
    people.activity[s] = Activity::staying;
    people.goal_x[s] = people.x[s], people.goal_y[s] = people.y[s];
    if (st.kind == Stage::Kind::zone && !st.stay_in_place) {
      // A spot to stand at: a random point of the zone, walkable and clear of walls.
      const Polygon& poly = scenario.venue.zones[static_cast<std::size_t>(st.element)].polygon;
      const Bounds b = sim::polygon_bounds(poly);
      RandomStream w =
          stage_stream(scenario.seed, people.id[s], people.stage[s], RandomPurpose::wander);
      for (int k = 0; k < 16; ++k) {
        const Vec2 q{w.uniform(b.min.x, b.max.x), w.uniform(b.min.y, b.max.y)};
        if (sim::polygon_contains(poly, q) && venue.contains(q) &&
            wall_clearance(q) > people.radius[s]) {
          people.goal_x[s] = q.x, people.goal_y[s] = q.y;
          break;
        }
      }
    }
    return true;
  }

  void route_phase() {
    const std::int32_t n = people.size();
    // Parallel: which distance fields are needed now (prepared lazily, in parallel across
    // targets). Workers only ever set flags, so the set does not depend on the thread count;
    // a worker skips the store when its previous person had the same target (the usual case).
    std::fill(target_needed.begin(), target_needed.end(), 0);
    std::atomic<bool> exits_needed{false};
    parallel(n, [&](std::int32_t b, std::int32_t e) {
      TargetId marked = -1;
      bool exits = false;
      for (std::int32_t s = b; s < e; ++s) {
        const Stage* st = current_stage(s);
        if (st == nullptr) continue;
        if (st->kind == Stage::Kind::exit) {
          exits = true;
        } else if (st->target != marked) {
          marked = st->target;
          need(marked);
        }
      }
      if (exits) exits_needed.store(true, std::memory_order_relaxed);
    });
    if (exits_needed.load())
      for (const TargetId t : exit_target)
        need(t);
    std::vector<TargetId> missing;
    for (std::size_t t = 0; t < target_needed.size(); ++t)
      if (target_needed[t] && !nav.ready(static_cast<TargetId>(t)))
        missing.push_back(static_cast<TargetId>(t));
    if (!missing.empty()) nav.prepare(missing, blocking);

    // Serial: who is heading to each exit, by walking distance, for `quickest` (only).
    for (std::vector<double>& h : exit_heading)
      h.clear();
    if (quickest_routes()) {
      for (std::int32_t s = 0; s < n; ++s)
        if (people.exit[s] >= 0 && std::isfinite(people.target_distance[s]))
          exit_heading[static_cast<std::size_t>(people.exit[s])].push_back(
              people.target_distance[s]);
      for (std::vector<double>& h : exit_heading)
        std::sort(h.begin(), h.end());
    }

    // Parallel: each person's journey progress and desired direction.
    lane_due.assign(static_cast<std::size_t>(n), 0);
    parallel(n, [&](std::int32_t b, std::int32_t e) {
      for (std::int32_t s = b; s < e; ++s)
        plan(s);
    });
    // Serial, in id order: lanes of wide exits for whoever is due.
    assign_lanes();

    // Serial: free checkpoint lanes go to those waiting longest (ties by id).
    if (scenario.venue.checkpoints.empty()) return;  // nobody can queue
    std::fill(checkpoint_in_service.begin(), checkpoint_in_service.end(), 0);
    std::fill(checkpoint_queue.begin(), checkpoint_queue.end(), 0);
    std::vector<std::tuple<int, double, PersonId, std::int32_t>> queued;
    for (std::int32_t s = 0; s < n; ++s) {
      const Activity a = people.activity[s];
      if (a != Activity::queueing && a != Activity::in_service) continue;
      const int c = current_stage(s)->element;
      ++checkpoint_queue[static_cast<std::size_t>(c)];
      if (a == Activity::in_service)
        ++checkpoint_in_service[static_cast<std::size_t>(c)];
      else
        queued.emplace_back(c, people.queue_since[s], people.id[s], s);
    }
    std::sort(queued.begin(), queued.end());
    for (const auto& [c, since, pid, s] : queued) {
      const std::size_t cc = static_cast<std::size_t>(c);
      const CheckpointDesc& cp = scenario.venue.checkpoints[cc];
      if (!checkpoint_open[cc] || checkpoint_in_service[cc] >= cp.lanes) continue;
      ++checkpoint_in_service[cc];
      RandomStream rng = stage_stream(scenario.seed, pid, people.stage[s], RandomPurpose::service);
      people.activity[s] = Activity::in_service;
      people.timer[s] = now + std::max(0.0, cp.service.sample(rng));
    }
  }

  // [SECTION] Phase: route, lanes of wide exits
  //
  // A distance field leads everyone to the nearest point of an exit line, so a wide exit
  // approached from one side is used at its near end only. Near a wide exit (lane_reach of
  // walking distance) a person who sees it walks to one of its lanes instead (lane_route()):
  // the lane where they expect to be through soonest, time_in_lane() with the persons already
  // walking to that lane and nearer to it than they are, at the lane's share of the exit's
  // capacity. Choices are made serially in id order, each seeing the choices made before it,
  // with line of sight checked on the venue's wall tree, and revised every kLaneInterval s
  // with the hysteresis of `quickest` routes. Every step the person checks, against the walls
  // around them, that the straight line to their aim is still clear; if not, they follow the
  // field again and choose anew.

  void split_wide_exits() {
    const VenueDesc& v = scenario.venue;
    exit_lane_begin.assign(1, 0);
    for (std::size_t e = 0; e < v.exits.size(); ++e) {
      const Segment& line = v.exits[e].line;
      const double width = line.length();
      const int lanes = width >= kLaneMinWidth ? static_cast<int>(width / kLaneWidth) : 0;
      for (int k = 0; k < lanes; ++k) {
        const double t0 = static_cast<double>(k) / lanes, t1 = static_cast<double>(k + 1) / lanes;
        lane_segment.push_back(
            Segment{line.a + (line.b - line.a) * t0, line.a + (line.b - line.a) * t1});
        lane_throughput.push_back(exit_throughput(e) / lanes);
      }
      exit_lane_begin.push_back(static_cast<int>(lane_segment.size()));
      lane_reach.push_back(std::max(kLaneReach, width));
    }
    lane_heading.assign(lane_segment.size(), {});
  }

  /// The way from p to a lane: `aim` is where to walk now. In front of the lane (within its
  /// inner part) straight through it; from the side first towards a point in front of the
  /// lane no further from the exit line than the lateral offset, so that the person meets
  /// the line at 45° or steeper instead of grazing along it past the other lanes.
  struct LaneRoute {
    Vec2 aim;           ///< m: point to walk to now (on the line when `straight`)
    Vec2 reach;         ///< m: the point of the lane the route ends at
    double length = 0;  ///< m: p → aim → reach
    bool straight = false;
  };
  LaneRoute lane_route(std::size_t lane, Vec2 p, double radius) const {
    const Segment& seg = lane_segment[lane];
    // The inner half of the lane, or the whole lane less the body radius when that is less.
    const Vec2 c = inset_closest(seg, p, std::max(radius, 0.25 * seg.length()));
    const Vec2 t = normalized(seg.b - seg.a);
    const double lateral = std::abs(dot(p - c, t));
    const double depth = std::abs(dot(p - c, right_normal(seg)));
    if (lateral < 0.1) return LaneRoute{c, c, distance(p, c), true};
    const Vec2 in = -through_normal(seg, p);
    const Vec2 aim = c + in * std::min(depth, lateral);
    return LaneRoute{aim, c, distance(p, aim) + distance(aim, c), false};
  }

  /// Person s heads for wide exit e: within reach, walks to their lane and says whether a
  /// (new) lane is due; parallel-safe (writes slot s only). False when the person has no lane
  /// this step and follows the field (or walks through the nearest point).
  bool walk_lane(std::int32_t s, std::size_t e) {
    const Vec2 p{people.x[s], people.y[s]};
    const double d = nav.distance(exit_target[e], p);
    if (!(d <= lane_reach[e])) {
      people.lane[s] = -1;
      return false;
    }
    lane_due[static_cast<std::size_t>(s)] = now + 1e-9 >= people.next_lane_check[s] ? 1 : 0;
    const int k = people.lane[s];
    if (k < 0) return false;
    const LaneRoute route = lane_route(static_cast<std::size_t>(k), p, people.radius[s]);
    if (blocked(s, p, route.aim) >= 0) {  // a wall near the person is in the way: the field
      people.lane[s] = -1;
      lane_due[static_cast<std::size_t>(s)] = 1;
      return false;
    }
    people.target_distance[s] = d;
    people.lane_distance[s] = route.length;
    walk_lane_route(s, static_cast<std::size_t>(k), route, exit_target[e]);
    return true;
  }

  /// Sets the desired direction along `route` to `lane` of the exit whose target is t.
  void walk_lane_route(std::int32_t s, std::size_t lane, const LaneRoute& route, TargetId t) {
    if (route.straight) return walk_through(s, lane_segment[lane], t);
    const Vec2 e = normalized(route.aim - Vec2{people.x[s], people.y[s]});
    people.ex[s] = e.x, people.ey[s] = e.y;
    people.v0[s] = people.free_speed[s];
    people.goal[s] = t;
  }

  /// s: when person s next re-evaluates their lane: after kLaneInterval stretched by a factor
  /// 0.75–1.25 drawn from the person's id, so that a crowd that arrives together does not
  /// re-evaluate together.
  double next_lane_time(std::int32_t s) const {
    const double u =
        static_cast<double>(mix64(static_cast<std::uint64_t>(people.id[s])) >> 11) * 0x1.0p-53;
    return now + kLaneInterval * (0.75 + 0.5 * u);
  }

  void assign_lanes() {
    if (lane_segment.empty()) return;
    const std::int32_t n = people.size();
    for (std::vector<double>& h : lane_heading)
      h.clear();
    std::vector<std::pair<PersonId, std::int32_t>> due;
    for (std::int32_t s = 0; s < n; ++s) {
      if (people.lane[s] >= 0)
        lane_heading[static_cast<std::size_t>(people.lane[s])].push_back(people.lane_distance[s]);
      if (lane_due[static_cast<std::size_t>(s)]) due.emplace_back(people.id[s], s);
    }
    if (due.empty()) return;
    for (std::vector<double>& h : lane_heading)
      std::sort(h.begin(), h.end());
    std::sort(due.begin(), due.end());
    struct Option {
      double cost;
      int lane;
      LaneRoute route;
    };
    std::vector<Option> options;
    for (const auto& [pid, s] : due) {
      const Vec2 p{people.x[s], people.y[s]};
      const std::size_t e = static_cast<std::size_t>(people.exit[s]);
      const int current = people.lane[s];
      if (current >= 0) {  // not ahead of oneself
        std::vector<double>& h = lane_heading[static_cast<std::size_t>(current)];
        h.erase(std::lower_bound(h.begin(), h.end(), people.lane_distance[s]));
      }
      options.clear();
      double current_cost = kInf;
      for (int k = exit_lane_begin[e]; k < exit_lane_begin[e + 1]; ++k) {
        const std::size_t kk = static_cast<std::size_t>(k);
        const LaneRoute route = lane_route(kk, p, people.radius[s]);
        const std::vector<double>& h = lane_heading[kk];
        const auto ahead = std::lower_bound(h.begin(), h.end(), route.length) - h.begin();
        const double cost =
            time_in_lane(route.length, people.free_speed[s], ahead, lane_throughput[kk]);
        options.push_back(Option{cost, k, route});
        if (k == current) current_cost = cost;
      }
      std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
        return std::tie(a.cost, a.lane) < std::tie(b.cost, b.lane);
      });
      auto visible = [&](const Option& o) {
        return venue.line_of_sight(p, o.route.aim, blocking) &&
               (o.route.straight || venue.line_of_sight(o.route.aim, o.route.reach, blocking));
      };
      // The quickest lane in sight; the current one unless another is clearly quicker.
      const Option* current_option = nullptr;
      for (const Option& o : options)
        if (o.lane == current) current_option = &o;
      const bool current_visible = current_option != nullptr && visible(*current_option);
      const Option* chosen = nullptr;
      for (const Option& o : options) {
        if (current_visible && o.cost >= kRouteHysteresis * current_cost) break;
        if (o.lane == current ? current_visible : visible(o)) {
          chosen = &o;
          break;
        }
      }
      if (chosen == nullptr && current_visible) chosen = current_option;
      people.next_lane_check[s] = next_lane_time(s);
      if (chosen == nullptr) {
        people.lane[s] = -1;
        continue;
      }
      const std::size_t kk = static_cast<std::size_t>(chosen->lane);
      people.lane[s] = chosen->lane;
      people.lane_distance[s] = chosen->route.length;
      std::vector<double>& h = lane_heading[kk];
      h.insert(std::upper_bound(h.begin(), h.end(), chosen->route.length), chosen->route.length);
      walk_lane_route(s, kk, chosen->route, exit_target[e]);
    }
  }

  // [SECTION] Phase: operational

  void operational_phase() {
    const std::int32_t n = people.size();
    people.next_vx.resize(static_cast<std::size_t>(n));
    people.next_vy.resize(static_cast<std::size_t>(n));
    models::ModelInput in;
    in.x = people.x, in.y = people.y, in.vx = people.vx, in.vy = people.vy;
    in.radius = people.radius, in.v0 = people.v0, in.ex = people.ex, in.ey = people.ey;
    in.pass_checkpoint = people.pass_checkpoint;
    in.goal = people.goal;
    in.grid = &grid;
    in.walls = &walls;
    in.dt = scenario.step;
    in.id = people.id;
    in.step = step_count;
    const models::ModelOutput out{people.next_vx, people.next_vy, people.heading_turn};
    parallel(n, [&](std::int32_t b, std::int32_t e) {
      models::compute_velocities(scenario.model, in, b, e, out);
    });
  }

  // [SECTION] Phase: move

  /// Where person s ends this step when trying to move from p to q: never across a blocking
  /// wall (the move slides along the wall it would cross, or is dropped), and the body centre
  /// at least kWallClearance·radius from blocking walls where pushing it there crosses nothing.
  Vec2 constrain(std::int32_t s, Vec2 p, Vec2 q) const {
    if (const std::int32_t w = blocked(s, p, q); w >= 0) {
      const Segment& seg = walls.wall(w).segment;
      const Vec2 t = normalized(seg.b - seg.a);
      const Vec2 slide = p + t * dot(q - p, t);
      q = blocked(s, p, slide) < 0 ? slide : p;
    }
    const double min_clear = kWallClearance * people.radius[s];
    Vec2 pushed = q;
    for (const std::int32_t w : walls.candidates(q)) {
      const Wall& wall = walls.wall(w);
      if (!models::wall_blocks(wall, people.pass_checkpoint[s])) continue;
      Vec2 c;
      const double d = models::segment_distance(wall.segment, pushed, c);
      if (d > 0.0 && d < min_clear) pushed = c + (pushed - c) * (min_clear / d);
    }
    if (pushed.x != q.x || pushed.y != q.y) {
      if (blocked(s, p, pushed) < 0) q = pushed;
    }
    return q;
  }

  void move_phase() {
    const std::int32_t n = people.size();
    const double dt = scenario.step;
    parallel(n, [&](std::int32_t b, std::int32_t e) {
      for (std::int32_t s = b; s < e; ++s) {
        const Vec2 p{people.x[s], people.y[s]};
        const Vec2 q = constrain(s, p, p + Vec2{people.next_vx[s], people.next_vy[s]} * dt);
        people.next_x[s] = q.x, people.next_y[s] = q.y;
        // The velocity actually walked (after constraints) is the state the models see next.
        people.vx[s] = (q.x - p.x) / dt;
        people.vy[s] = (q.y - p.y) / dt;
      }
    });
  }

  // [SECTION] Phase: exit flow limits
  //
  // An exit with `max_flow` lets at most max_flow × width persons per second through, without
  // bursts: a token bucket of capacity one person (full at the start) refilled at that rate.
  // A bucket of capacity one is fully described by the time at which it holds its token
  // again, so a crossing at time t is allowed when t >= full_at and sets full_at = t + 1/rate;
  // crossings through the exit are then never closer than 1/rate in time. The move phase runs
  // first, unaware of limits; then, serially, everyone whose move would cross a limited exit
  // is taken in order of crossing time (the moment within the step, as the crossings phase
  // records it), ties by id, so the outcome does not depend on the thread count. Whoever finds
  // no token meets the exit line as a wall this step: the move slides along it (as constrain()
  // does at a blocking wall), and the person waits at the line.

  struct ExitFlowLimit {
    double rate = 0.0;       ///< persons per second (max_flow × width); 0 = unlimited
    double full_at = -kInf;  ///< s: from this time on the bucket holds its token
  };
  struct ExitAttempt {
    double fraction = 0.0;  ///< of the step, when the move crosses the exit line
    PersonId person = 0;
    std::int32_t slot = -1;
    int exit = -1;
  };
  std::vector<ExitFlowLimit> exit_flow;  // per exit
  bool any_exit_flow_limit = false;
  tbb::enumerable_thread_specific<std::vector<ExitAttempt>> exit_attempt_lists;
  std::vector<ExitAttempt> exit_attempts;

  void init_exit_flow_limits() {
    for (const ExitDesc& e : scenario.venue.exits) {
      ExitFlowLimit limit;
      if (e.max_flow) {
        limit.rate = *e.max_flow * e.line.length();
        any_exit_flow_limit = true;
      }
      exit_flow.push_back(limit);
    }
  }

  /// Persons per second exit e lets through as `quickest` expects it: the assumed capacity,
  /// or the exit's limit where that is lower.
  double exit_throughput(std::size_t e) const {
    const double assumed = exit_width[e] * kExitCapacity;
    return exit_flow[e].rate > 0.0 ? std::min(assumed, exit_flow[e].rate) : assumed;
  }

  /// The first flow-limited exit person s's move this step would cross, if any.
  void find_exit_attempt(std::int32_t s, std::vector<ExitAttempt>& out) const {
    const Vec2 p{people.x[s], people.y[s]};
    const Vec2 q{people.next_x[s], people.next_y[s]};
    if (p == q) return;
    ExitAttempt first;
    for (const std::int32_t k : crossable_grid.candidates(p)) {
      if (crossable_kind[static_cast<std::size_t>(k)] != CrossingKind::exit) continue;
      const int e = crossable_grid.wall(k).element;
      if (exit_flow[static_cast<std::size_t>(e)].rate <= 0.0) continue;
      const Segment& seg = crossable_grid.wall(k).segment;
      if (!move_crosses(seg, p, q)) continue;
      const double sp = side(seg, p), sq = side(seg, q);
      const double frac = sp / (sp - sq);  // as detect_crossings() computes it
      if (first.exit < 0 || frac < first.fraction) first = ExitAttempt{frac, people.id[s], s, e};
    }
    if (first.exit >= 0) out.push_back(first);
  }

  /// Person s may not cross exit e this step: the move slides along the exit line, or is
  /// dropped when the slide would cross a blocking wall.
  void hold_at_exit(std::int32_t s, int e) {
    const Segment& line = scenario.venue.exits[static_cast<std::size_t>(e)].line;
    const Vec2 p{people.x[s], people.y[s]};
    const Vec2 q{people.next_x[s], people.next_y[s]};
    const Vec2 t = normalized(line.b - line.a);
    Vec2 held = p + t * dot(q - p, t);
    if (move_crosses(line, p, held) || blocked(s, p, held) >= 0) held = p;
    const double dt = scenario.step;
    people.next_x[s] = held.x, people.next_y[s] = held.y;
    people.vx[s] = (held.x - p.x) / dt;
    people.vy[s] = (held.y - p.y) / dt;
  }

  void limit_exit_flows() {
    if (!any_exit_flow_limit) return;
    for (auto& list : exit_attempt_lists)
      list.clear();
    parallel(people.size(), [&](std::int32_t b, std::int32_t e) {
      auto& list = exit_attempt_lists.local();
      for (std::int32_t s = b; s < e; ++s)
        find_exit_attempt(s, list);
    });
    exit_attempts.clear();
    for (const auto& list : exit_attempt_lists)
      exit_attempts.insert(exit_attempts.end(), list.begin(), list.end());
    std::sort(exit_attempts.begin(), exit_attempts.end(),
              [](const ExitAttempt& a, const ExitAttempt& b) {
                return std::tie(a.fraction, a.person) < std::tie(b.fraction, b.person);
              });
    for (const ExitAttempt& a : exit_attempts) {
      ExitFlowLimit& limit = exit_flow[static_cast<std::size_t>(a.exit)];
      const double t = now + a.fraction * scenario.step;
      if (t >= limit.full_at) {
        limit.full_at = t + 1.0 / limit.rate;  // takes the token
      } else {
        hold_at_exit(a.slot, a.exit);
      }
    }
  }

  // [SECTION] Phase: crossings

  void crossings_phase() {
    const std::int32_t n = people.size();
    const std::size_t nn = static_cast<std::size_t>(n);
    leaving.assign(nn, 0);
    const double t0 = now, dt = scenario.step;
    // Crossings are rare: each worker appends (slot, crossing) to its own list instead of a
    // buffer of kMaxCrossings per person (128 bytes a person that were written every step).
    for (auto& list : crossing_lists)
      list.clear();
    parallel(n, [&](std::int32_t b, std::int32_t e) {
      auto& list = crossing_lists.local();
      for (std::int32_t s = b; s < e; ++s)
        detect_crossings(s, t0, dt, list);
    });
    // Serial: gather in slot order (a slot's crossings stay in detection order), then order by
    // (time, person).
    crossing_gather.clear();
    for (const auto& list : crossing_lists)
      crossing_gather.insert(crossing_gather.end(), list.begin(), list.end());
    std::stable_sort(crossing_gather.begin(), crossing_gather.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& slot_crossing : crossing_gather)
      crossings.push_back(slot_crossing.second);
    std::sort(crossings.begin(), crossings.end(), [](const Crossing& a, const Crossing& b) {
      return std::tie(a.time, a.person, a.kind, a.element) <
             std::tie(b.time, b.person, b.kind, b.element);
    });
    // Commit the new positions, then remove leavers (descending slots: order-independent).
    people.x.swap(people.next_x);
    people.y.swap(people.next_y);
    advance_outside(dt);
    for (std::int32_t s = n - 1; s >= 0; --s) {
      if (!leaving[static_cast<std::size_t>(s)]) continue;
      add_outside(s);
      const PersonId gone = people.id[s];
      exited_ids.push_back(gone);
      slot_of[static_cast<std::size_t>(gone)] = -1;
      const PersonId moved = people.swap_remove(s);
      if (moved != 0) slot_of[static_cast<std::size_t>(moved)] = s;
      ++exited_count;
    }
    std::sort(exited_ids.begin(), exited_ids.end());
  }

  /// Moves the bodies outside the exits on and drops those that have walked a diameter.
  void advance_outside(double dt) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < outside.x.size(); ++k) {
      if (outside.until[k] <= now + dt) continue;
      outside.x[kept] = outside.x[k] + outside.vx[k] * dt;
      outside.y[kept] = outside.y[k] + outside.vy[k] * dt;
      outside.vx[kept] = outside.vx[k], outside.vy[kept] = outside.vy[k];
      outside.radius[kept] = outside.radius[k], outside.until[kept] = outside.until[k];
      ++kept;
    }
    for (auto* v :
         {&outside.x, &outside.y, &outside.vx, &outside.vy, &outside.radius, &outside.until})
      v->resize(kept);
  }

  /// Person s has crossed an exit line this step: its body walks on straight (at least at a
  /// slow walk, so that it never blocks the exit) until it has moved one diameter.
  void add_outside(std::int32_t s) {
    constexpr double kMinSpeed = 0.5;  // m/s
    Vec2 v{people.vx[s], people.vy[s]};
    const double speed = length(v);
    if (speed <= 0.0) return;
    if (speed < kMinSpeed) v = v * (kMinSpeed / speed);
    const double r = people.radius[s];
    outside.x.push_back(people.x[s]);
    outside.y.push_back(people.y[s]);
    outside.vx.push_back(v.x);
    outside.vy.push_back(v.y);
    outside.radius.push_back(r);
    outside.until.push_back(now + scenario.step + 2.0 * r / std::max(speed, kMinSpeed));
  }

  void detect_crossings(std::int32_t s, double t0, double dt,
                        std::vector<std::pair<std::int32_t, Crossing>>& out) {
    const Vec2 p{people.x[s], people.y[s]};
    const Vec2 q{people.next_x[s], people.next_y[s]};
    if (p == q) return;
    int count = 0;
    for (const std::int32_t k : crossable_grid.candidates(p)) {
      const Segment& seg = crossable_grid.wall(k).segment;
      if (!move_crosses(seg, p, q)) continue;
      const double sp = side(seg, p), sq = side(seg, q);
      const double frac = sp / (sp - sq);
      const CrossingKind kind = crossable_kind[static_cast<std::size_t>(k)];
      const int element = crossable_grid.wall(k).element;
      if (count < kMaxCrossings) {
        ++count;
        out.emplace_back(s,
                         Crossing{t0 + frac * dt, people.id[s], kind, element, sp > 0.0 ? 1 : -1});
      }
      const Stage* st = current_stage(s);
      switch (kind) {
        case CrossingKind::exit:
          leaving[static_cast<std::size_t>(s)] = 1;
          break;
        case CrossingKind::line:
          break;
        case CrossingKind::door:
          if (st && st->kind == Stage::Kind::door && st->element == element) advance(s);
          break;
        case CrossingKind::checkpoint:
          if (st && st->kind == Stage::Kind::checkpoint && st->element == element) advance(s);
          break;
      }
    }
  }

  // [SECTION] Phase: observation

  void observation_phase() {
    // Counts per checkpoint were taken in the route phase; arrays are already in slot order.
  }

  StepView view() const {
    StepView v;
    v.time = now;
    v.step = scenario.step;
    v.ids = people.id;
    v.x = people.x, v.y = people.y, v.vx = people.vx, v.vy = people.vy;
    v.radius = people.radius;
    v.population = people.population;
    v.crossings = crossings;
    v.spawned = spawned_ids;
    v.exited = exited_ids;
    v.waiting_to_enter = static_cast<int>(waiting.size());
    v.checkpoint_queue = checkpoint_queue;
    v.wall_blocking = blocking;
    v.alarm_time = alarm_time;
    return v;
  }

  bool arrivals_pending() const {
    if (!waiting.empty()) return true;
    for (std::size_t pi = 0; pi < arrivals.size(); ++pi)
      if (next_arrival[pi] < arrivals[pi].size()) return true;
    return false;
  }

  bool done() const {
    if (now >= scenario.duration - 1e-9) return true;
    return people.size() == 0 && !arrivals_pending();
  }
};

// [SECTION] Public API

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : impl_(std::make_unique<Impl>(scenario, options)) {}
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::step() {
  if (!done()) impl_->step();
}
bool Simulation::done() const {
  return impl_->done();
}
double Simulation::time() const {
  return impl_->now;
}
std::int64_t Simulation::steps() const {
  return impl_->step_count;
}
StepView Simulation::view() const {
  return impl_->view();
}
std::span<const Activity> Simulation::activity() const {
  return impl_->people.activity;
}
const Scenario& Simulation::scenario() const {
  return impl_->scenario;
}
const Venue& Simulation::venue() const {
  return impl_->venue;
}
void Simulation::schedule(const EventDesc& event) {
  impl_->scheduled.push_back(event);
}
const std::vector<EventDesc>& Simulation::applied_events() const {
  return impl_->applied;
}
std::int64_t Simulation::spawned() const {
  return impl_->spawned_count;
}
std::int64_t Simulation::exited() const {
  return impl_->exited_count;
}
std::int64_t Simulation::inside() const {
  return impl_->people.size();
}
std::int64_t Simulation::waiting_to_enter() const {
  return static_cast<std::int64_t>(impl_->waiting.size());
}
std::int64_t Simulation::not_entered() const {
  return impl_->not_entered_count + (done() ? static_cast<std::int64_t>(impl_->waiting.size()) : 0);
}
std::int64_t Simulation::agent_steps() const {
  return impl_->agent_steps;
}
const StepProfile& Simulation::profile() const {
  return impl_->profile;
}
int Simulation::threads() const {
  return impl_->threads;
}

}  // namespace stroom
