// System: lanes of wide exits (docs/navigation.md, "Wide exits: lanes").
//
// A distance field leads everyone to the nearest point of an exit line, so a wide exit
// approached from one side is used at its near end only. Near a wide exit (lane_reach of
// walking distance) a person who sees it walks to one of its lanes instead (lane_route()):
// the lane where they expect to be through soonest, time_in_lane() with the persons already
// walking to that lane and nearer to it than they are, at the lane's share of the exit's
// capacity. Choices are made serially in id order (assign_lanes()), each seeing the choices
// made before it, with line of sight checked on the venue's wall tree, and revised every
// kLaneInterval s with the hysteresis of `quickest` routes. Every step the person checks
// (walk_lane(), in the parallel journeys system), against the walls around them, that the
// straight line to their aim is still clear; if not, they follow the field again and choose
// anew.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// s: a person re-evaluates their lane about this often.
constexpr double kLaneInterval = 1.0;

/// s: when a person `walk` metres from a lane a few metres away is through it with `ahead`
/// persons in front who pass at `throughput` P/s: the walk and then the persons ahead. Near
/// the exit those ahead stand between the person and the lane, so the person cannot walk
/// while they pass (an exit far away lets the two overlap: its queue has drained by the time
/// one gets there, see time_to_pass() in routing.cpp).
double time_in_lane(double walk, double speed, std::ptrdiff_t ahead, double throughput) {
  return walk / std::max(0.1, speed) + static_cast<double>(ahead) / throughput;
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

LaneRoute lane_route(const Context& ctx, std::size_t lane, Vec2 p, double radius) {
  const Segment& seg = ctx.lane_segment[lane];
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

/// Sets the desired direction along `route` to `lane` of the exit whose target is t.
void walk_lane_route(const Context& ctx, World& w, std::int32_t s, std::size_t lane,
                     const LaneRoute& route, TargetId t) {
  if (route.straight) return walk_through(w, s, ctx.lane_segment[lane], t);
  walk_towards(w, s, route.aim, w.people.free_speed[s], t);
}

/// s: when person s next re-evaluates their lane: after kLaneInterval stretched by a factor
/// 0.75–1.25 drawn from the person's id, so that a crowd that arrives together does not
/// re-evaluate together.
double next_lane_time(const World& w, std::int32_t s) {
  const double u =
      static_cast<double>(mix64(static_cast<std::uint64_t>(w.people.id[s])) >> 11) * 0x1.0p-53;
  return w.now + kLaneInterval * (0.75 + 0.5 * u);
}

}  // namespace

bool walk_lane(const Context& ctx, World& w, std::int32_t s, std::size_t e) {
  People& people = w.people;
  const Vec2 p{people.x[s], people.y[s]};
  const double d = w.nav.distance(ctx.exit_target[e], p);
  if (!(d <= ctx.lane_reach[e])) {
    people.lane[s] = -1;
    return false;
  }
  w.lane_due[static_cast<std::size_t>(s)] = w.now + 1e-9 >= people.next_lane_check[s] ? 1 : 0;
  const int k = people.lane[s];
  if (k < 0) return false;
  const LaneRoute route = lane_route(ctx, static_cast<std::size_t>(k), p, people.radius[s]);
  if (blocked(w, s, p, route.aim) >= 0) {  // a wall near the person is in the way: the field
    people.lane[s] = -1;
    w.lane_due[static_cast<std::size_t>(s)] = 1;
    return false;
  }
  people.target_distance[s] = d;
  people.lane_distance[s] = route.length;
  walk_lane_route(ctx, w, s, static_cast<std::size_t>(k), route, ctx.exit_target[e]);
  return true;
}

void assign_lanes(const Context& ctx, World& w) {
  if (ctx.lane_segment.empty()) return;
  People& people = w.people;
  const std::int32_t n = people.size();
  for (std::vector<double>& h : w.lane_heading)
    h.clear();
  std::vector<std::pair<PersonId, std::int32_t>> due;
  for (std::int32_t s = 0; s < n; ++s) {
    if (people.lane[s] >= 0)
      w.lane_heading[static_cast<std::size_t>(people.lane[s])].push_back(people.lane_distance[s]);
    if (w.lane_due[static_cast<std::size_t>(s)]) due.emplace_back(people.id[s], s);
  }
  if (due.empty()) return;
  for (std::vector<double>& h : w.lane_heading)
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
      std::vector<double>& h = w.lane_heading[static_cast<std::size_t>(current)];
      h.erase(std::lower_bound(h.begin(), h.end(), people.lane_distance[s]));
    }
    options.clear();
    double current_cost = kInf;
    for (int k = ctx.exit_lane_begin[e]; k < ctx.exit_lane_begin[e + 1]; ++k) {
      const std::size_t kk = static_cast<std::size_t>(k);
      const LaneRoute route = lane_route(ctx, kk, p, people.radius[s]);
      const std::vector<double>& h = w.lane_heading[kk];
      const auto ahead = std::lower_bound(h.begin(), h.end(), route.length) - h.begin();
      const double cost =
          time_in_lane(route.length, people.free_speed[s], ahead, ctx.lane_throughput[kk]);
      options.push_back(Option{cost, k, route});
      if (k == current) current_cost = cost;
    }
    std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
      return std::tie(a.cost, a.lane) < std::tie(b.cost, b.lane);
    });
    auto visible = [&](const Option& o) {
      return ctx.venue.line_of_sight(p, o.route.aim, w.blocking) &&
             (o.route.straight || ctx.venue.line_of_sight(o.route.aim, o.route.reach, w.blocking));
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
    people.next_lane_check[s] = next_lane_time(w, s);
    if (chosen == nullptr) {
      people.lane[s] = -1;
      continue;
    }
    const std::size_t kk = static_cast<std::size_t>(chosen->lane);
    people.lane[s] = chosen->lane;
    people.lane_distance[s] = chosen->route.length;
    std::vector<double>& h = w.lane_heading[kk];
    h.insert(std::upper_bound(h.begin(), h.end(), chosen->route.length), chosen->route.length);
    walk_lane_route(ctx, w, s, kk, chosen->route, ctx.exit_target[e]);
  }
}

}  // namespace stroom::sim
