// System: journeys (strategic). Each person's progress through the stages of their journey
// (walk to a waypoint, stay in a zone, pass a door, be served at a checkpoint, leave by an
// exit) and what they do this step; the desired direction is set by the steering functions
// (routing.cpp), the exit chosen by choose_exit(), the lane of a wide exit by walk_lane().
// Parallel: person s writes only slot s.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/model.hpp"
#include "sim/groups.hpp"
#include "sim/spawning.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// m beyond the body radius: a person this close to a checkpoint line has reached it.
constexpr double kLineReach = 0.2;
/// Tries at a stay spot in a zone, and the radius (m) of the disc around the person that the
/// later half draws from.
constexpr int kSpotTries = 24;
constexpr double kNearSpot = 15.0;

/// Starts a stay at the current stage if it has one; false when there is nothing to stay for.
/// A walking group shares the stay and the spot (each member stands at their own place of the
/// group's ring around it).
bool begin_stay(const Context& ctx, World& w, std::int32_t s, const Stage& st) {
  if (!st.stay) return false;
  People& people = w.people;
  const std::uint64_t seed = ctx.scenario.seed;
  const std::int32_t group = people.group[s];
  const auto stream = [&](RandomPurpose purpose) {
    return group != 0 ? group_stream(seed, group, people.stage[s], purpose)
                      : stage_stream(seed, people.id[s], people.stage[s], purpose);
  };
  RandomStream rng = stream(RandomPurpose::stay);
  people.timer[s] = w.now + std::max(0.0, st.stay->sample(rng));
  people.activity[s] = Activity::staying;
  people.goal_x[s] = people.x[s], people.goal_y[s] = people.y[s];
  if (st.kind == Stage::Kind::zone &&
      ctx.scenario.venue.zones[static_cast<std::size_t>(st.element)].indoor) {
    // Goes in here, off the floor, at the start of the next step (indoors.cpp).
    people.indoor[s] = st.element + 1;
    return true;
  }
  if (st.kind == Stage::Kind::zone && !st.stay_in_place) {
    // A spot to stand at: a point of the zone, walkable, clear of walls and in sight from here
    // (the walk to it is a straight line). The first tries draw from the whole zone, which
    // spreads the visitors over it; the later ones from a disc around the person, since in a
    // zone cut up by obstacles a far point is seldom in sight from its edge.
    const Polygon& poly = ctx.scenario.venue.zones[static_cast<std::size_t>(st.element)].polygon;
    const Bounds b = polygon_bounds(poly);
    const Vec2 p{people.x[s], people.y[s]};
    RandomStream wander = stream(RandomPurpose::wander);
    const auto usable = [&](Vec2 q) {
      return polygon_contains(poly, q) && ctx.venue.contains(q) &&
             wall_clearance(w, q) > people.radius[s] && blocked(w, s, p, q) < 0;
    };
    for (int k = 0; k < kSpotTries; ++k) {
      Vec2 q;
      if (k < kSpotTries / 2) {
        q = {wander.uniform(b.min.x, b.max.x), wander.uniform(b.min.y, b.max.y)};
      } else {
        const double angle = wander.uniform(0.0, 2.0 * std::numbers::pi);
        q = p + Vec2{std::cos(angle), std::sin(angle)} * (kNearSpot * std::sqrt(wander.uniform()));
      }
      if (!usable(q)) continue;
      people.goal_x[s] = q.x, people.goal_y[s] = q.y;
      if (group != 0) {
        const std::int32_t n = w.groups.size[static_cast<std::size_t>(group)];
        const double angle = 2.0 * std::numbers::pi * member_rank(w, group, people.id[s]) / n;
        const Vec2 own =
            q + Vec2{std::cos(angle), std::sin(angle)} * group_ring_radius(n, people.radius[s]);
        if (usable(own)) people.goal_x[s] = own.x, people.goal_y[s] = own.y;
      }
      break;
    }
  }
  return true;
}

/// A member of a walking group whose stay is over waits until every member inside has
/// finished this stage (groups.cpp, update_groups()).
bool held_by_group(const World& w, std::int32_t s) {
  const std::int32_t group = w.people.group[s];
  if (group == 0) return false;
  const auto g = static_cast<std::size_t>(group);
  return w.groups.inside[g] >= 2 && w.groups.done_stage[g] <= w.people.stage[s];
}

/// The exit a walking group's member follows: the one the group's first member inside chose
/// (when it is open and allowed here), or -1 for the leader and persons alone.
int group_exit(const World& w, std::int32_t s, const Stage& st) {
  const std::int32_t group = w.people.group[s];
  if (group == 0) return -1;
  const auto g = static_cast<std::size_t>(group);
  const int e = w.groups.exit[g];
  if (w.groups.leader[g] == s || e < 0 || !w.exit_open[static_cast<std::size_t>(e)]) return -1;
  if (!st.exits.empty() && std::find(st.exits.begin(), st.exits.end(), e) == st.exits.end())
    return -1;
  return e;
}

/// The exit stage: choose (or re-check) the exit, then a lane, walk through, or the field.
void plan_exit(const Context& ctx, World& w, std::int32_t s, const Stage& st) {
  People& people = w.people;
  const double now = w.now;
  const bool recheck = st.route == RouteChoice::quickest && now >= people.next_route_check[s];
  if (const int followed = group_exit(w, s, st); followed >= 0) {
    // A group passes exits together: members follow the leader's choice.
    if (followed != people.exit[s]) people.lane[s] = -1, people.next_lane_check[s] = now;
    people.exit[s] = followed;
    people.next_route_check[s] = now + kRouteInterval;
  } else if (people.exit[s] < 0 || !w.exit_open[static_cast<std::size_t>(people.exit[s])] ||
             recheck) {
    const int chosen = choose_exit(ctx, w, s, st);
    if (chosen != people.exit[s]) people.lane[s] = -1, people.next_lane_check[s] = now;
    people.exit[s] = chosen;
    people.next_route_check[s] = now + kRouteInterval;
  }
  if (people.exit[s] < 0) return stand(w, s);  // no open exit reachable
  const std::size_t e = static_cast<std::size_t>(people.exit[s]);
  if (ctx.exit_lane_begin[e] < ctx.exit_lane_begin[e + 1] && walk_lane(ctx, w, s, e)) return;
  const Segment& line = ctx.scenario.venue.exits[e].line;
  if (near_and_visible(w, s, line)) {
    people.target_distance[s] = w.nav.distance(ctx.exit_target[e], Vec2{people.x[s], people.y[s]});
    return walk_through(w, s, line, ctx.exit_target[e]);
  }
  return follow_field(w, s, ctx.exit_target[e]);  // sets target_distance too
}

/// The checkpoint stage: walk to the line, queue, be served, pass.
void plan_checkpoint(const Context& ctx, World& w, std::int32_t s, const Stage& st) {
  People& people = w.people;
  const Vec2 p{people.x[s], people.y[s]};
  const Segment& line = ctx.scenario.venue.checkpoints[static_cast<std::size_t>(st.element)].line;
  if (people.pass_checkpoint[s] == st.element) return walk_through(w, s, line, st.target);
  if (people.activity[s] == Activity::in_service) {
    if (w.now + 1e-9 >= people.timer[s]) {
      people.pass_checkpoint[s] = st.element;  // served: the line lets this person pass
      people.activity[s] = Activity::walking;
      return walk_through(w, s, line, st.target);
    }
    return stand(w, s);
  }
  if (people.activity[s] == Activity::queueing) return stand(w, s);
  Vec2 c_pt;
  const double d = models::segment_distance(line, p, c_pt);
  // In sight: the line itself blocks, so look at a point just short of it.
  const Vec2 short_of_line = c_pt + normalized(p - c_pt) * 0.01;
  if (d <= people.radius[s] + kLineReach && blocked(w, s, p, short_of_line) < 0) {
    people.activity[s] = Activity::queueing;
    people.queue_since[s] = w.now;
    return stand(w, s);
  }
  return follow_field(w, s, st.target);
}

/// Decides what person s does this step; writes only slot s (parallel-safe).
void plan(const Context& ctx, World& w, std::int32_t s) {
  People& people = w.people;
  const double now = w.now;
  // Set again by keep_groups() for a member who waits for their group this step; cleared here,
  // in slot order, rather than there, where the writes would jump between slots.
  people.group_wait[s] = 0;
  const Vec2 p{people.x[s], people.y[s]};
  for (int transitions = 0; transitions < 4; ++transitions) {
    if (people.activity[s] == Activity::premovement) {
      if (now + 1e-9 < people.timer[s]) return stand(w, s);
      people.activity[s] = Activity::evacuating;
    }
    if (!ctx.visits.empty()) choose_attraction(ctx, w, s);  // without visits nothing to choose
    const Stage* st = current_stage(ctx, w, s);
    if (st == nullptr) return stand(w, s);  // journey finished without an exit: stays put
    switch (st->kind) {
      case Stage::Kind::exit:
        return plan_exit(ctx, w, s, *st);
      case Stage::Kind::waypoint: {
        const WaypointDesc& wp =
            ctx.scenario.venue.waypoints[static_cast<std::size_t>(st->element)];
        if (people.activity[s] == Activity::staying) {
          if (now + 1e-9 >= people.timer[s] && !held_by_group(w, s)) {
            advance(w, s);
            continue;
          }
          return stand(w, s);
        }
        if (distance(p, wp.at) <= wp.radius) {
          if (!begin_stay(ctx, w, s, *st)) {
            advance(w, s);
            continue;
          }
          return stand(w, s);
        }
        return follow_field(w, s, st->target);
      }
      case Stage::Kind::zone: {
        const ZoneDesc& z = ctx.scenario.venue.zones[static_cast<std::size_t>(st->element)];
        if (people.activity[s] == Activity::staying) {
          if (now + 1e-9 >= people.timer[s] && !held_by_group(w, s)) {
            advance(w, s);
            continue;
          }
          // Walk to the chosen spot inside the zone (in sight), then stand.
          const Vec2 goal{people.goal_x[s], people.goal_y[s]};
          if (distance(p, goal) < 0.3 || blocked(w, s, p, goal) >= 0) return stand(w, s);
          return walk_towards(w, s, goal, 0.5 * people.free_speed[s], -1);
        }
        if (polygon_contains(z.polygon, p)) {
          if (!begin_stay(ctx, w, s, *st)) {
            advance(w, s);
            continue;
          }
          continue;  // staying: walk to the spot
        }
        return follow_field(w, s, st->target);
      }
      case Stage::Kind::door: {
        const Segment& line = ctx.scenario.venue.doors[static_cast<std::size_t>(st->element)].line;
        if (near_and_visible(w, s, line)) return walk_through(w, s, line, st->target);
        return follow_field(w, s, st->target);  // a closed door: the field is unreachable → stand
      }
      case Stage::Kind::checkpoint:
        return plan_checkpoint(ctx, w, s, *st);
      case Stage::Kind::visit:
        STROOM_ASSERT(false && "current_stage() hands out the chosen attraction");
        return stand(w, s);
    }
  }
  stand(w, s);
}

}  // namespace

void advance(World& w, std::int32_t s) {
  People& people = w.people;
  ++people.stage[s];
  people.activity[s] = Activity::walking;
  people.exit[s] = -1;
  people.lane[s] = -1;
  people.pass_checkpoint[s] = -1;
  people.attraction[s] = 0;
}

/// Persons ahead whose navigation cells plan_journeys() starts loading.
constexpr std::int32_t kPrefetchAhead = 8;

void plan_journeys(const Context& ctx, World& w) {
  const std::int32_t n = w.people.size();
  w.lane_due.assign(static_cast<std::size_t>(n), 0);
  const People& people = w.people;
  ctx.workers.parallel(n, [&](std::int32_t b, std::int32_t e) {
    for (std::int32_t s = b; s < e; ++s) {
      // Most persons walk to the target of their last step: its field's cells around them are
      // loaded while the persons before them are planned (on a large site the lookups are
      // cache misses, and were the route phase's largest cost while they waited).
      if (const std::int32_t ahead = s + kPrefetchAhead; ahead < e) {
        const auto a = static_cast<std::size_t>(ahead);
        w.nav.prefetch(people.goal[a], Vec2{people.x[a], people.y[a]});
      }
      plan(ctx, w, s);
    }
  });
}

}  // namespace stroom::sim
