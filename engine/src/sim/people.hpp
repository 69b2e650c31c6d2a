// The person state of the world: structure of arrays over dense slots.
//
// Hot layout (read by every parallel phase): x, y, vx, vy, radius, v0, ex, ey. Everything
// else (journey position, timers, targets) is read by the route phase only. Slots change:
// removal swaps the last slot into the hole and pops (in descending slot order, so the result
// depends only on the set of leavers), and once per simulated second the simulation renumbers
// all slots in the neighbour grid's cell order. `slot_of` maps the stable PersonId to the
// slot (ids are dense from 1); nothing keeps a slot from one step to the next.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "stroom/observation.hpp"
#include "stroom/simulation.hpp"

namespace stroom::sim {

struct People {
  // [SECTION] hot
  std::vector<double> x, y;    ///< m
  std::vector<double> vx, vy;  ///< m/s, velocity during the last step
  std::vector<double> radius;  ///< m
  std::vector<double> v0;      ///< m/s, desired speed for the coming step (0 = stand)
  std::vector<double> ex, ey;  ///< desired direction for the coming step
  std::vector<std::int32_t> pass_checkpoint;  ///< checkpoint line this person may cross, or -1
  std::vector<std::int32_t> goal;  ///< navigation target walked to this step, or -1 (none)
  /// Steering turn held between re-choices (models::ModelOutput::heading_turn); the model
  /// reads and rewrites it in the person's own slot.
  std::vector<std::int8_t> heading_turn;
  /// Direction of movement held by the anticipation velocity model
  /// (models::ModelOutput::heading_x, heading_y); 0 until the person first walks.
  std::vector<double> heading_x, heading_y;
  // [SECTION] next state (written by the parallel phases, own slot only)
  std::vector<double> next_vx, next_vy;
  std::vector<double> next_x, next_y;
  // [SECTION] cold: identity and journey
  std::vector<PersonId> id;
  std::vector<int> population;     ///< index into scenario.populations
  std::vector<double> free_speed;  ///< m/s, the person's drawn desired walking speed
  std::vector<Activity> activity;
  std::vector<std::int32_t> stage;       ///< journey position (index into the compiled journey)
  std::vector<std::int32_t> exit;        ///< chosen exit (exit stages), or -1
  std::vector<double> timer;             ///< s: end of stay / service / premovement
  std::vector<double> next_route_check;  ///< s: next re-evaluation of a quickest route
  std::vector<double> queue_since;       ///< s: when the person reached a checkpoint line
  std::vector<double> goal_x, goal_y;    ///< m: spot to stand at while staying in a zone
  std::vector<double> target_distance;   ///< m: walking distance to the current target
  std::vector<std::uint8_t> evacuating;  ///< 1 after the alarm
  std::vector<std::int32_t> lane;        ///< lane of a wide exit walked to, or -1 (field)
  std::vector<double> lane_distance;     ///< m: length of the way to that lane
  std::vector<double> next_lane_check;   ///< s: next re-evaluation of the lane
  // Progress towards the target, for the stuck check (progress.cpp).
  std::vector<double> progress_distance;     ///< m: nearest to the target on this leg
  std::vector<double> progress_since;        ///< s: when that was reached (NaN: not yet)
  std::vector<std::int32_t> progress_leg;    ///< stage of the leg (a new stage restarts)
  std::vector<std::int32_t> progress_exit;   ///< exit of the leg (a new exit restarts)
  std::vector<std::uint8_t> stuck_reported;  ///< 1 once reported
  std::vector<std::int32_t> group;           ///< walking group (World::groups), 0 = alone
  std::vector<std::int32_t> profile;  ///< visitor profile (index into the population's), or -1
  /// 1 while the person slows or waits for their group this step (keep_groups()): not stuck.
  std::vector<std::uint8_t> group_wait;
  /// At a visit stage: 1 + the attraction chosen for it (visits.cpp); 0 = not chosen yet.
  std::vector<std::int32_t> attraction;
  /// 1 + the `indoor` zone the person has begun a stay in: at the start of the next step they
  /// go in, off the floor (indoors.cpp); 0 = none.
  std::vector<std::int32_t> indoor;

  std::int32_t size() const { return static_cast<std::int32_t>(id.size()); }

  /// Applies f to every per-person array (used by append, remove and the renumbering in
  /// grid-cell order, so none is forgotten).
  template <class F>
  void for_each_array(F&& f) {
    zip_arrays(f, *this);
  }

  /// f(a.array, b.array, ...) for every per-person array of the People given: the one list of
  /// the arrays.
  template <class F, class... P>
  static void zip_arrays(F&& f, P&... p) {
    f(p.x...), f(p.y...), f(p.vx...), f(p.vy...), f(p.radius...), f(p.v0...), f(p.ex...),
        f(p.ey...), f(p.pass_checkpoint...), f(p.goal...), f(p.heading_turn...), f(p.heading_x...),
        f(p.heading_y...);
    f(p.next_vx...), f(p.next_vy...), f(p.next_x...), f(p.next_y...);
    f(p.id...), f(p.population...), f(p.free_speed...), f(p.activity...), f(p.stage...),
        f(p.exit...), f(p.timer...);
    f(p.next_route_check...), f(p.queue_since...), f(p.goal_x...), f(p.goal_y...),
        f(p.target_distance...);
    f(p.evacuating...), f(p.lane...), f(p.lane_distance...), f(p.next_lane_check...);
    f(p.progress_distance...), f(p.progress_since...), f(p.progress_leg...), f(p.progress_exit...),
        f(p.stuck_reported...);
    f(p.group...), f(p.group_wait...), f(p.profile...), f(p.attraction...), f(p.indoor...);
  }

  /// Appends a copy of slot s of `from`, every array; returns its slot here.
  std::int32_t append_copy(const People& from, std::int32_t s) {
    const auto k = static_cast<std::size_t>(s);
    zip_arrays([k](auto& to, const auto& src) { to.push_back(src[k]); }, *this, from);
    return size() - 1;
  }

  /// Room for n persons in every array, so that growing never holds two copies of them.
  void reserve(std::size_t n) {
    for_each_array([n](auto& v) { v.reserve(n); });
  }

  /// Appends a person standing at p; returns its slot.
  std::int32_t append(PersonId pid, int pop, Vec2 p, double r, double speed) {
    const std::int32_t s = size();
    for_each_array([](auto& v) { v.emplace_back(); });
    x[s] = p.x, y[s] = p.y, radius[s] = r, free_speed[s] = speed, v0[s] = 0.0;
    pass_checkpoint[s] = -1, goal[s] = -1, heading_turn[s] = 0, heading_x[s] = 0.0,
    heading_y[s] = 0.0, id[s] = pid, population[s] = pop, activity[s] = Activity::walking;
    stage[s] = 0, exit[s] = -1, timer[s] = 0.0, next_route_check[s] = 0.0;
    lane[s] = -1, lane_distance[s] = 0.0, next_lane_check[s] = 0.0;
    progress_distance[s] = std::numeric_limits<double>::infinity();
    progress_since[s] = std::numeric_limits<double>::quiet_NaN();  // set by the first check
    progress_leg[s] = -1, progress_exit[s] = -1, stuck_reported[s] = 0, group[s] = 0;
    group_wait[s] = 0, profile[s] = -1, attraction[s] = 0, indoor[s] = 0;
    next_x[s] = p.x, next_y[s] = p.y;
    return s;
  }

  /// Removes slot s by moving the last slot into it. Returns the id now at s (or 0).
  PersonId swap_remove(std::int32_t s) {
    const std::int32_t last = size() - 1;
    for_each_array([&](auto& v) {
      if (s != last) v[static_cast<std::size_t>(s)] = v[static_cast<std::size_t>(last)];
      v.pop_back();
    });
    return s < size() ? id[static_cast<std::size_t>(s)] : 0;
  }
};

}  // namespace stroom::sim
