// The simulation's data: a read-only Context (what construction compiled from the scenario)
// and the World (all state that changes during a run). Every system of a step
// (engine/src/sim/systems.hpp) is a free function `system(const Context&, World&)`.
//
// Context: the scenario, the venue, the compiled journeys, the exits' targets, widths, lanes
// and flow rates, the crossable segments and the worker threads. Nothing in it changes once
// the Simulation is built.
// World: the persons (people.hpp) and their id → slot map, time and counters, arrivals still
// to come, events, which walls block (and the wall grid and distance fields that depend on
// it), the open/closed state of exits and checkpoints, queues, lanes' and exits' bookings,
// the per-step outputs and the per-step scratch of the parallel systems.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "models/neighbour_grid.hpp"
#include "models/wall_grid.hpp"
#include "sim/people.hpp"
#include "sim/spawning.hpp"
#include "stroom/error.hpp"
#include "stroom/geometry.hpp"
#include "stroom/navigation.hpp"
#include "stroom/random.hpp"
#include "stroom/scenario.hpp"
#include "stroom/simulation.hpp"

namespace stroom::sim {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
/// s between re-evaluations of a `quickest` route.
inline constexpr double kRouteInterval = 3.0;
/// A `quickest` person switches exit (or lane) only when the best is at least 15 % quicker.
inline constexpr double kRouteHysteresis = 0.85;
/// m: within this distance of an exit, door or served checkpoint line (in sight) a person
/// walks straight through it instead of following the distance field.
inline constexpr double kApproachDistance = 1.5;

/// One step of a compiled journey (a population's JourneySteps with every name resolved).
struct Stage {
  /// visit: one slot of a `visit` step (Context::visits); current_stage() hands out the
  /// attraction the person chose for it, never the slot itself.
  enum class Kind { waypoint, zone, door, checkpoint, exit, visit };
  Kind kind = Kind::exit;
  int element = -1;  ///< index into venue.waypoints / zones / doors / checkpoints
  TargetId target = -1;
  std::optional<Distribution> stay;
  /// A stay in the zone the population is placed in, as its first step: everyone stays where
  /// they were placed (a standing audience), instead of crossing the zone to a random spot.
  bool stay_in_place = false;
  RouteChoice route = RouteChoice::nearest;
  std::vector<int> exits;  ///< allowed exits; empty = all
  int visit = -1;          ///< visit: index into Context::visits
  std::int32_t slot = 0;   ///< visit: which of the step's visits (0 for the first)
};

/// A compiled `visit` step (circulation, visits.cpp): a population's journey holds one stage
/// of kind visit per attraction offered (slots first_stage .. first_stage + options - 1); a
/// person at slot k visits the k-th attraction of their plan, and one whose plan is shorter
/// than k + 1 moves on to first_stage + options (the next journey step).
struct Visit {
  std::vector<Stage> options;   ///< each attraction as a zone or waypoint stage with its stay
  std::vector<double> weights;  ///< popularity of each option, > 0
  Distribution count = Distribution::constant_value(1.0);  ///< attractions per person, rounded
  std::int32_t first_stage = 0;
  std::optional<Distribution> until;  ///< s: when the visits end at the latest (drawn)
};
/// The worker threads of the parallel systems (the Simulation's own TBB arena).
struct Workers {
  int threads = 1;
  std::unique_ptr<tbb::global_control> control;
  std::unique_ptr<tbb::task_arena> arena;

  /// Calls f(begin, end) over [0, n) in blocks, on the arena's threads (serially for one
  /// thread or few persons).
  template <class F>
  void parallel(std::int32_t n, F&& f) const {
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
  /// Calls f(part) for every part in [0, parts), each as a task of its own on the arena's
  /// threads (in turn for one thread).
  template <class F>
  void each(int parts, F&& f) const {
    if (threads == 1 || parts <= 1) {
      for (int part = 0; part < parts; ++part)
        f(part);
      return;
    }
    arena->execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<int>(0, parts, 1),
          [&](const tbb::blocked_range<int>& r) {
            for (int part = r.begin(); part < r.end(); ++part)
              f(part);
          },
          tbb::simple_partitioner());
    });
  }
};

/// Everything compiled from the scenario at construction; read-only afterwards.
struct Context {
  Scenario scenario;
  Venue venue;
  Workers workers;
  double reach = 2.0;  ///< m: the wall grid's query reach (model cut-off, approach distance)
  std::int64_t sort_interval_steps = 1;  ///< steps between renumberings in grid-cell order

  std::vector<std::vector<Stage>> journeys;  ///< per population
  std::vector<Visit> visits;                 ///< the `visit` steps of all journeys
  std::vector<Polygon> spawn_area;           ///< per population
  bool quickest_in_journeys = false;         ///< some journey stage routes by `quickest`

  // Exits.
  std::vector<TargetId> exit_target;
  std::vector<double> exit_width;      ///< m
  std::vector<double> exit_flow_rate;  ///< P/s (max_flow × width); 0 = unlimited
  bool any_exit_flow_limit = false;
  std::vector<double> exit_throughput;  ///< P/s as `quickest` expects it (exit_lanes.cpp)
  /// Lanes of wide exits: exit e has lanes exit_lane_begin[e] .. exit_lane_begin[e + 1] - 1
  /// (none for a narrow exit), each a piece of the exit line.
  std::vector<int> exit_lane_begin;
  std::vector<Segment> lane_segment;
  std::vector<double> lane_throughput;  ///< P/s: the lane's share of exit_throughput
  std::vector<double> lane_reach;       ///< m, per exit: walking distance within which lanes apply

  // Crossable segments (exits, lines, doors, checkpoints) in a grid of their own.
  std::vector<Wall> crossables;
  std::vector<CrossingKind> crossable_kind;
  models::WallGrid crossable_grid;

  /// Checks the geometry (ScenarioError with its diagnostics) and builds venue and crossables;
  /// the rest is filled in by build() (build.cpp).
  Context(const Scenario& s, int threads);
};

struct PendingArrival {
  int population = 0;
  std::int64_t index = 0;  ///< arrival number within the population
  double due = 0.0;        ///< s
  std::int32_t attempts = 0;
  std::int32_t group = 0;  ///< walking group the person belongs to, 0 = alone
};

/// Walking groups (groups.cpp, docs/models.md "Walking groups"). Group ids are dense from 1
/// (entry 0 of every per-group array is unused: id 0 means alone). A group is formed with its
/// size when its first member is planned (placement or arrival); members get their PersonId
/// when they enter and keep it. The per-step state is computed once per step by
/// update_groups(), before the journeys, and read by the journeys (stays, exit choice) and by
/// keep_groups() (the desired velocity).
struct Groups {
  // Formation (grows as groups are formed).
  std::vector<std::int32_t> first;  ///< first entry of the group in `member`
  /// Members the group was formed with (>= 2; fewer when the arrivals ended inside it).
  std::vector<std::int32_t> size;
  std::vector<std::int32_t> placed;  ///< members who have entered so far
  std::vector<int> population;       ///< index into scenario.populations
  std::vector<PersonId> member;      ///< member ids, each group's entries together; 0 = not yet
  /// Per population: the stream of its group sizes.
  std::vector<RandomStream> size_stream;
  // State this step (update_groups()).
  std::vector<std::int32_t> inside;  ///< members inside now
  std::vector<double> cx, cy;        ///< m: centre of the members inside
  std::vector<double> pace;          ///< m/s: the speed the group keeps (keep_groups())
  /// Lowest journey stage a member inside has not finished: a member who is done staying at
  /// stage k counts as k + 1. A staying member leaves stage k only when this is above k.
  std::vector<std::int32_t> done_stage;
  std::vector<std::int32_t> leader;  ///< slot of the first member inside (member order), or -1
  std::vector<int> exit;             ///< the leader's chosen exit, or -1

  std::int32_t count() const { return static_cast<std::int32_t>(size.size()) - 1; }
  bool any() const { return size.size() > 1; }
};

/// A move that would cross a flow-limited exit this step (exit_flow.cpp).
struct ExitAttempt {
  double fraction = 0.0;  ///< of the step, when the move crosses the exit line
  PersonId person = 0;
  std::int32_t slot = -1;
  int exit = -1;
};

/// Persons who have just walked out through an exit. They are no longer inside, but their
/// bodies still fill the opening for a moment: they walk on straight for one body diameter
/// and stay in the neighbour grid meanwhile, so whoever follows keeps a headway to them.
/// Removing a body the instant its centre crosses the line would let the next person step
/// into half a body of free room and inflate exit flows (about 30 % at a 1 m exit).
struct Outside {
  std::vector<double> x, y, vx, vy, radius, until;
};

/// Persons inside an `indoor` zone, off the floor while they stay (indoors.cpp): their whole
/// state as they went in, in the order they went in. Not in the neighbour grid, the models or
/// the trajectories; counted inside and in the zone's occupancy.
struct Indoors {
  People people;
  std::vector<double> release;        ///< s: when they come out (the stay or the visits end)
  std::vector<int> zone;              ///< index into venue.zones
  std::vector<std::int32_t> by_zone;  ///< persons in each zone now
};

/// All state that changes during a run.
struct World {
  // Persons.
  People people;
  std::vector<std::int32_t> slot_of;  ///< by PersonId; -1 when not inside
  PersonId next_id = 1;
  Outside outside;
  Indoors indoors;
  Groups groups;

  // Time and counters.
  double now = 0.0;
  std::int64_t step_count = 0;
  std::int64_t spawned_count = 0, exited_count = 0, not_entered_count = 0, agent_steps = 0;

  // Arrivals.
  std::vector<ArrivalStream> arrivals;  ///< per population, drawn as they come due
  std::deque<PendingArrival> waiting;

  // Events and the alarm.
  std::size_t next_event = 0;
  std::vector<EventDesc> scheduled;
  std::vector<EventDesc> applied;
  double alarm_time = -1.0;
  Stage evacuation_stage;
  Distribution evacuation_premovement = Distribution::constant_value(0.0);

  // Walls, fields and grids (blocking changes with events).
  Navigation nav;
  std::vector<std::uint8_t> blocking;
  models::WallGrid walls;
  /// Per slot, this step: the cell of the person's position in `walls` (WallGrid::cell_of),
  /// looked up with the neighbour grid and read by the model, the move and the crossings.
  std::vector<std::int32_t> wall_cell;
  models::NeighbourGrid grid;
  std::vector<std::uint8_t> target_needed;  ///< per target, this step

  // Elements.
  std::vector<std::uint8_t> exit_open;
  std::vector<double> exit_full_at;  ///< s, per exit: its flow-limit token is back (exit_flow.cpp)
  std::vector<std::uint8_t> checkpoint_open;
  std::vector<std::uint8_t> door_open;  ///< per door; its walls block while closed
  std::vector<StuckPerson> stuck;       ///< reported stuck this step (progress.cpp)
  std::vector<int> checkpoint_queue;
  std::vector<int> checkpoint_in_service;
  /// Per exit, the sorted walking distances of the persons heading to it (for `quickest`).
  std::vector<std::vector<double>> exit_heading;
  /// Per lane, the sorted lengths of the ways of the persons walking to it (assign_lanes()).
  std::vector<std::vector<double>> lane_heading;
  /// Per slot, this step: the person is near a wide exit and due for a lane (re)assignment.
  std::vector<std::uint8_t> lane_due;

  // Per-step outputs.
  std::vector<Crossing> crossings;
  std::vector<PersonId> spawned_ids, exited_ids;
  StepProfile profile;

  // Per-step scratch of the parallel systems.
  tbb::enumerable_thread_specific<std::vector<std::pair<std::int32_t, Crossing>>> crossing_lists;
  std::vector<std::pair<std::int32_t, Crossing>> crossing_gather;
  std::vector<std::uint8_t> leaving;
  tbb::enumerable_thread_specific<std::vector<ExitAttempt>> exit_attempt_lists;
  std::vector<ExitAttempt> exit_attempts;

  explicit World(const Context& ctx);
};

// [SECTION] Shared helpers (world.cpp): each rule exists once.

/// Random stream for a per-stage draw of a person (stay, service time).
RandomStream stage_stream(std::uint64_t seed, PersonId id, int stage, RandomPurpose purpose);
/// Random stream for a draw a walking group shares (stage -1: premovement); its keys never
/// meet a person's.
RandomStream group_stream(std::uint64_t seed, std::int32_t group, int stage, RandomPurpose purpose);

/// Unit normal to the right of a→b.
Vec2 right_normal(const Segment& s);
/// Unit normal pointing from p's side of s to the other side.
Vec2 through_normal(const Segment& s, Vec2 p);
/// Closest point of s to p, kept `inset` away from both ends when the segment allows it.
Vec2 inset_closest(const Segment& s, Vec2 p, double inset);
/// The move p→q projected onto the direction of s: where a move that meets s as a wall slides.
Vec2 slide_along(const Segment& s, Vec2 p, Vec2 q);
/// Fraction of the move p→q at which it crosses the line through s (the move crosses s).
double crossing_fraction(const Segment& s, Vec2 p, Vec2 q);

/// First blocking wall (for person s) crossed by the move p→q, or -1.
std::int32_t blocked(const World& w, std::int32_t s, Vec2 p, Vec2 q);
/// m: distance from p to the nearest blocking wall (infinite when none within reach).
double wall_clearance(const World& w, Vec2 p);
/// Whether a body of radius r at p overlaps nobody in the neighbour grid (as last built) nor
/// the persons in slots `fresh` (placed since the grid was built).
bool spot_free(const World& w, Vec2 p, double r, double search,
               const std::vector<std::int32_t>& fresh);

/// The journey stage person s is at (the evacuation stage after the alarm; at a visit slot the
/// chosen attraction's stage, choose_attraction()), or nullptr when the journey is finished.
/// Inline: the route systems ask it for every person in every step.
inline const Stage* current_stage(const Context& ctx, const World& w, std::int32_t s) {
  if (w.people.evacuating[s]) return &w.evacuation_stage;
  const auto& j = ctx.journeys[static_cast<std::size_t>(w.people.population[s])];
  const std::size_t k = static_cast<std::size_t>(w.people.stage[s]);
  if (k >= j.size()) return nullptr;
  if (j[k].kind != Stage::Kind::visit) return &j[k];
  const std::int32_t chosen = w.people.attraction[s];
  STROOM_ASSERT(chosen > 0 && "a visit slot is entered through choose_attraction()");
  return &ctx.visits[static_cast<std::size_t>(j[k].visit)]
              .options[static_cast<std::size_t>(std::max(chosen, 1) - 1)];
}

/// Slot s leaves the world (removed by moving the last slot into it); keeps slot_of true.
void remove_person(World& w, std::int32_t s);
/// Checks (STROOM_ASSERT) that slot_of and the slots agree for everyone inside.
void assert_slots(const World& w);

}  // namespace stroom::sim
