// clang-format off
// The systems of a step, in pipeline order, each a free function over the World with the
// read-only Context (world.hpp). simulation.cpp calls them in this order and times them into
// the StepProfile's phases (in brackets):
//
//   apply_events         events.cpp       [events]          alarm, close, open
//   spawn_arrivals       spawning.cpp     [spawning]        arrivals enter, delayed ones retry
//   go_indoors_and_out   indoors.cpp      [spawning]        stays in indoor zones: off the floor, back
//   build_neighbour_grid world.cpp        [neighbour grid]  the renumbering in cell order; wall cells
//   choose_attractions   visits.cpp       [route]           circulation: the attraction of a visit
//   prepare_routes       routing.cpp      [route]           fields needed, exits' bookings
//   update_groups        groups.cpp       [route]           walking groups: centre, pace, leader
//   plan_journeys        journeys.cpp     [route]           journey progress, desired directions
//   assign_lanes         exit_lanes.cpp   [route]           lanes of wide exits (serial, id order)
//   serve_checkpoints    checkpoints.cpp  [route]           free service lanes to the longest waiting
//   keep_groups          groups.cpp       [route]           group cohesion on desired velocities
//   compute_velocities   operational.cpp  [operational]     the operational model
//   move_people          move.cpp         [move]            integrate, never across a blocking wall
//   limit_exit_flows     exit_flow.cpp    [move]            an exit's max_flow
//   detect_crossings     crossings.cpp    [crossings]       exits, lines, doors, checkpoints crossed
//   commit_step          crossings.cpp    [crossings]       new positions and velocities; leavers out
//   detect_stuck         progress.cpp     [observation]     persons without progress (once a second)
//
// Parallel systems read the current state and write only their own slot (or set flags);
// everything that changes the set of persons or hands out something scarce is serial, in an
// order that does not depend on the thread count.
// clang-format on
#pragma once

#include "sim/world.hpp"

namespace stroom::sim {

// Construction (build.cpp, spawning.cpp).
/// Compiles journeys, exits, lanes and crossables into the context and sets up the world's
/// elements; names were resolved by the scenario loader.
void build(Context& ctx, World& w);
/// The wall grid from the walls that block now (at construction and after events).
void rebuild_walls(const Context& ctx, World& w);
/// Arrival times of every `arrive` population.
void prepare_arrivals(const Context& ctx, World& w);
/// Places the `count` populations (whoever does not fit waits to enter).
void place_initial_people(const Context& ctx, World& w);

// The step.
void apply_events(const Context& ctx, World& w);
void spawn_arrivals(const Context& ctx, World& w);
void go_indoors_and_out(const Context& ctx, World& w);
void build_neighbour_grid(const Context& ctx, World& w);
void choose_attractions(const Context& ctx, World& w);
void prepare_routes(const Context& ctx, World& w);
void update_groups(const Context& ctx, World& w);
void plan_journeys(const Context& ctx, World& w);
void assign_lanes(const Context& ctx, World& w);
void serve_checkpoints(const Context& ctx, World& w);
void keep_groups(const Context& ctx, World& w);
void compute_velocities(const Context& ctx, World& w);
void move_people(const Context& ctx, World& w);
void limit_exit_flows(const Context& ctx, World& w);
void detect_crossings(const Context& ctx, World& w);
void commit_step(const Context& ctx, World& w);
void detect_stuck(const Context& ctx, World& w);

// Pieces one system lends another.
/// Person s heads for wide exit e: within reach walks to their lane (exit_lanes.cpp); false
/// when the person has no lane this step. Parallel-safe (slot s only).
bool walk_lane(const Context& ctx, World& w, std::int32_t s, std::size_t e);
/// The exit person s chooses at exit stage `st` (routing.cpp), or -1 when none is open and
/// reachable. Read-only.
int choose_exit(const Context& ctx, const World& w, std::int32_t s, const Stage& st);
/// At a visit slot: chooses the attraction of person s (their plan, visits.cpp), or moves them
/// past the visit step when their plan has no more visits. Parallel-safe (slot s only).
void choose_attraction(const Context& ctx, World& w, std::int32_t s);
/// Person s moves on to the next stage of the journey (journeys.cpp).
void advance(World& w, std::int32_t s);
/// Person s hears the alarm (events.cpp).
void start_evacuating(const Context& ctx, World& w, std::int32_t s);

// Walking groups (groups.cpp).
/// A new group of `size` (>= 2) members of population `population`; returns its id.
std::int32_t form_group(World& w, int population, std::int32_t size);
/// Person `id` (now at `slot`) enters as the next member of `group`.
void join_group(World& w, std::int32_t group, PersonId id, std::int32_t slot);
/// No further members will come: the group has `members`, those inside and those entering
/// with them (at least as many as have joined, at most the size it was formed with).
void end_group(World& w, std::int32_t group, std::int32_t members);
/// Position of person `id` in the member order of `group` (0 for the first).
std::int32_t member_rank(const World& w, std::int32_t group, PersonId id);
/// Slot of the first member of `group` inside (member order), or -1.
std::int32_t group_anchor(const World& w, std::int32_t group);

// Desired directions (steering.cpp): the only places that set ex, ey, v0 and goal.
/// Stand still.
void stand(World& w, std::int32_t s);
/// Walk through segment `seg` (straight at it, then on through it) to target t.
void walk_through(World& w, std::int32_t s, const Segment& seg, TargetId t);
/// Walk straight towards `aim` at `speed` with navigation goal t (-1: none).
void walk_towards(World& w, std::int32_t s, Vec2 aim, double speed, TargetId t);
/// Follow target t's distance field (sets target_distance too); stand when unreachable.
void follow_field(World& w, std::int32_t s, TargetId t);
/// True when segment `seg` is within the approach distance and in sight of person s.
bool near_and_visible(const World& w, std::int32_t s, const Segment& seg);

}  // namespace stroom::sim
