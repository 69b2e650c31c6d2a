// System: route choice and steering (tactical). prepare_routes() makes ready the distance
// fields the persons need this step and books who is heading to each exit (for `quickest`);
// choose_exit() picks an exit; the steering functions are the only places that set a
// person's desired direction, speed and navigation goal.
#include <algorithm>
#include <atomic>
#include <cmath>

#include "models/model.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// s: when a person `walk` metres from a passage at `speed` is through it, with `ahead`
/// persons in front who pass at `throughput` P/s: the walk, or, when longer, the time the
/// persons ahead need (the cost of an exit for `quickest` routes).
double time_to_pass(double walk, double speed, std::ptrdiff_t ahead, double throughput) {
  return std::max(walk / std::max(0.1, speed), static_cast<double>(ahead) / throughput);
}

/// Marks target t's field as needed; safe from parallel workers (they all store 1).
void need(World& w, TargetId t) {
  std::atomic_ref<std::uint8_t>(w.target_needed[static_cast<std::size_t>(t)])
      .store(1, std::memory_order_relaxed);
}

}  // namespace

// [SECTION] Route choice

void prepare_routes(const Context& ctx, World& w) {
  const std::int32_t n = w.people.size();
  // Parallel: which distance fields are needed now (prepared lazily, in parallel across
  // targets). Workers only ever set flags, so the set does not depend on the thread count;
  // a worker skips the store when its previous person had the same target (the usual case).
  std::fill(w.target_needed.begin(), w.target_needed.end(), 0);
  std::atomic<bool> exits_needed{false};
  ctx.workers.parallel(n, [&](std::int32_t b, std::int32_t e) {
    TargetId marked = -1;
    bool exits = false;
    for (std::int32_t s = b; s < e; ++s) {
      const Stage* st = current_stage(ctx, w, s);
      if (st == nullptr) continue;
      if (st->kind == Stage::Kind::exit) {
        exits = true;
      } else if (st->target != marked) {
        marked = st->target;
        need(w, marked);
      }
    }
    if (exits) exits_needed.store(true, std::memory_order_relaxed);
  });
  if (exits_needed.load())
    for (const TargetId t : ctx.exit_target)
      need(w, t);
  std::vector<TargetId> missing;
  for (std::size_t t = 0; t < w.target_needed.size(); ++t)
    if (w.target_needed[t] && !w.nav.ready(static_cast<TargetId>(t)))
      missing.push_back(static_cast<TargetId>(t));
  // In the simulation's own arena, so that its thread count holds here too: each field being
  // computed holds a marching buffer of 4 bytes per grid cell (about 100 bytes per person on
  // the crossing benchmark), one per thread.
  if (!missing.empty()) ctx.workers.arena->execute([&] { w.nav.prepare(missing, w.blocking); });

  // Serial: who is heading to each exit, by walking distance, for `quickest` (only).
  for (std::vector<double>& h : w.exit_heading)
    h.clear();
  if (ctx.quickest_in_journeys || w.evacuation_stage.route == RouteChoice::quickest) {
    for (std::int32_t s = 0; s < n; ++s)
      if (w.people.exit[s] >= 0 && std::isfinite(w.people.target_distance[s]))
        w.exit_heading[static_cast<std::size_t>(w.people.exit[s])].push_back(
            w.people.target_distance[s]);
    for (std::vector<double>& h : w.exit_heading)
      std::sort(h.begin(), h.end());
  }
}

int choose_exit(const Context& ctx, const World& w, std::int32_t s, const Stage& st) {
  const Vec2 p{w.people.x[s], w.people.y[s]};
  const int current = w.people.exit[s];
  int best = -1;
  double best_cost = kInf, current_cost = kInf;
  auto consider = [&](int e) {
    const std::size_t ee = static_cast<std::size_t>(e);
    if (!w.exit_open[ee]) return;
    const double d = w.nav.distance(ctx.exit_target[ee], p);
    if (!std::isfinite(d)) return;
    double cost = d;
    if (st.route == RouteChoice::quickest) {
      // Time to be through: the walk, or, when longer, the time the persons ahead (heading
      // to the same exit, closer to it) need to pass it at the exit's capacity.
      const std::vector<double>& ahead = w.exit_heading[ee];
      const auto n_ahead = std::lower_bound(ahead.begin(), ahead.end(), d) - ahead.begin();
      cost = time_to_pass(d, w.people.free_speed[s], n_ahead, ctx.exit_throughput[ee]);
    }
    if (e == current) current_cost = cost;
    if (cost < best_cost) best_cost = cost, best = e;
  };
  if (st.exits.empty()) {
    for (std::size_t e = 0; e < ctx.exit_target.size(); ++e)
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

// [SECTION] Steering: the desired direction, speed and goal of a person

void stand(World& w, std::int32_t s) {
  w.people.ex[s] = 0.0, w.people.ey[s] = 0.0;
  w.people.v0[s] = 0.0;
  w.people.goal[s] = -1;
}

void walk_towards(World& w, std::int32_t s, Vec2 aim, double speed, TargetId t) {
  const Vec2 e = normalized(aim - Vec2{w.people.x[s], w.people.y[s]});
  w.people.ex[s] = e.x, w.people.ey[s] = e.y;
  w.people.v0[s] = speed;
  w.people.goal[s] = t;
}

void walk_through(World& w, std::int32_t s, const Segment& seg, TargetId t) {
  const Vec2 p{w.people.x[s], w.people.y[s]};
  const Vec2 c = inset_closest(seg, p, w.people.radius[s]);
  walk_towards(w, s, c + through_normal(seg, p) * 0.5, w.people.free_speed[s], t);
}

void follow_field(World& w, std::int32_t s, TargetId t) {
  const Vec2 p{w.people.x[s], w.people.y[s]};
  double walking_distance = 0.0;
  const Vec2 e = w.nav.direction(t, p, walking_distance);  // one grid lookup for both
  w.people.ex[s] = e.x, w.people.ey[s] = e.y;
  w.people.v0[s] = (e.x != 0.0 || e.y != 0.0) ? w.people.free_speed[s] : 0.0;
  w.people.target_distance[s] = walking_distance;
  w.people.goal[s] = t;
}

bool near_and_visible(const World& w, std::int32_t s, const Segment& seg) {
  const Vec2 p{w.people.x[s], w.people.y[s]};
  const Vec2 c = inset_closest(seg, p, w.people.radius[s]);
  return distance(p, c) < kApproachDistance && blocked(w, s, p, c) < 0;
}

}  // namespace stroom::sim
