// System: walking groups. update_groups() computes, once per step and before the journeys,
// each group's state from its members inside (centre, pace, who leads, the exit the leader
// chose, how far through the journey everyone is); keep_groups() then applies the cohesion
// to the desired velocity of every member, after the journeys and before the operational
// model, so that every model of the model table walks groups without a change to its kernel.
// The equations and their sources: docs/models.md "Walking groups".
// Parallel: update_groups() writes only its own groups' entries, keep_groups() only its own
// slots; a group's sums run over its members in member order, so that the result does not
// depend on the thread count.
#include "sim/groups.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim/systems.hpp"

namespace stroom::sim {

// [SECTION] The rules

double group_speed_factor(std::int32_t n) {
  const double k = static_cast<double>(std::clamp(n, 1, 4));
  return (1.26 - 0.04 * k) / (1.26 - 0.04);
}

double group_cohesion_threshold(std::int32_t n) {
  return 0.5 * static_cast<double>(std::max(n, 1) - 1);
}

std::int32_t draw_group_size(const Distribution& size, RandomStream& rng) {
  const double v = std::round(size.sample(rng));
  if (!(v >= 1.0)) return 1;  // also NaN
  return static_cast<std::int32_t>(std::min(v, static_cast<double>(kMaxGroupSize)));
}

double group_ring_radius(std::int32_t n, double r) {
  if (n < 2) return 0.0;
  const double chord = std::max(kGroupSpacing, 2.0 * r + 0.1);
  return 0.5 * chord / std::sin(std::numbers::pi / static_cast<double>(n));
}

// [SECTION] Formation

std::int32_t form_group(World& w, int population, std::int32_t size) {
  Groups& g = w.groups;
  if (g.size.empty()) {
    // Entry 0 stands for "alone".
    g.first.push_back(0), g.size.push_back(0), g.placed.push_back(0), g.population.push_back(-1);
  }
  const auto id = static_cast<std::int32_t>(g.size.size());
  g.first.push_back(static_cast<std::int32_t>(g.member.size()));
  g.size.push_back(size);
  g.placed.push_back(0);
  g.population.push_back(population);
  g.member.resize(g.member.size() + static_cast<std::size_t>(size), 0);
  return id;
}

void join_group(World& w, std::int32_t group, PersonId id, std::int32_t slot) {
  Groups& g = w.groups;
  const auto gi = static_cast<std::size_t>(group);
  STROOM_ASSERT(g.placed[gi] < g.size[gi]);
  g.member[static_cast<std::size_t>(g.first[gi] + g.placed[gi])] = id;
  ++g.placed[gi];
  w.people.group[slot] = group;
}

void end_group(World& w, std::int32_t group, std::int32_t members) {
  Groups& g = w.groups;
  const auto gi = static_cast<std::size_t>(group);
  STROOM_ASSERT(members >= g.placed[gi] && members <= g.size[gi]);
  g.size[gi] = members;
}

std::int32_t member_rank(const World& w, std::int32_t group, PersonId id) {
  const Groups& g = w.groups;
  const auto gi = static_cast<std::size_t>(group);
  for (std::int32_t k = 0; k < g.placed[gi]; ++k)
    if (g.member[static_cast<std::size_t>(g.first[gi] + k)] == id) return k;
  return 0;
}

namespace {

/// The slot of member `m` (in member order) of group `gi`, or -1 while they are not inside.
std::int32_t member_slot(const World& w, std::size_t gi, std::int32_t m) {
  const Groups& g = w.groups;
  const auto id = static_cast<std::size_t>(g.member[static_cast<std::size_t>(g.first[gi] + m)]);
  return id < w.slot_of.size() ? w.slot_of[id] : -1;
}

}  // namespace

std::int32_t group_anchor(const World& w, std::int32_t group) {
  const auto gi = static_cast<std::size_t>(group);
  for (std::int32_t k = 0; k < w.groups.placed[gi]; ++k)
    if (const std::int32_t s = member_slot(w, gi, k); s >= 0) return s;
  return -1;
}

// [SECTION] The systems

void update_groups(const Context& ctx, World& w) {
  Groups& g = w.groups;
  if (!g.any()) return;
  const std::size_t n = g.size.size();
  g.inside.assign(n, 0);
  g.cx.assign(n, 0.0), g.cy.assign(n, 0.0), g.pace.assign(n, 0.0);
  g.done_stage.assign(n, std::numeric_limits<std::int32_t>::max());
  g.leader.assign(n, -1), g.exit.assign(n, -1);
  const People& people = w.people;
  const double now = w.now;
  ctx.workers.parallel(g.count(), [&](std::int32_t b, std::int32_t e) {
    for (std::int32_t k = b + 1; k <= e; ++k) {
      const auto gi = static_cast<std::size_t>(k);
      std::int32_t inside = 0, done = std::numeric_limits<std::int32_t>::max();
      double sx = 0.0, sy = 0.0, slowest = std::numeric_limits<double>::infinity();
      for (std::int32_t m = 0; m < g.placed[gi]; ++m) {
        const std::int32_t s = member_slot(w, gi, m);
        if (s < 0) continue;
        ++inside;
        sx += people.x[s], sy += people.y[s];
        slowest = std::min(slowest, people.free_speed[s]);
        if (g.leader[gi] < 0) g.leader[gi] = s, g.exit[gi] = people.exit[s];
        const bool stay_over =
            people.activity[s] == Activity::staying && now + 1e-9 >= people.timer[s];
        done = std::min(done, people.stage[s] + (stay_over ? 1 : 0));
      }
      g.inside[gi] = inside;
      g.done_stage[gi] = done;
      if (inside == 0) continue;
      g.cx[gi] = sx / inside, g.cy[gi] = sy / inside;
      g.pace[gi] = slowest * group_speed_factor(inside);
    }
  });
}

void keep_groups(const Context& ctx, World& w) {
  if (!w.groups.any()) return;
  const Groups& g = w.groups;
  People& people = w.people;
  constexpr double kWidth = kGroupCohesionWidth;
  // A member's "ahead" is measured along their own desired direction. Where the route splits
  // (a watershed of the navigation field, e.g. an alley between two blocks with the exit
  // equally far round either), members on either side walk opposite ways, so each finds
  // itself ahead of the centre: if every member waited, the group would stand for ever. When
  // every member inside walks and is ahead, nobody waits (each walks on at the group's pace,
  // by their own route).
  auto ahead_of = [&](std::int32_t s, std::size_t gi) {
    return (people.x[s] - g.cx[gi]) * people.ex[s] + (people.y[s] - g.cy[gi]) * people.ey[s];
  };
  auto walking = [&](std::int32_t s) {
    return people.v0[s] > 0.0 && (people.ex[s] != 0.0 || people.ey[s] != 0.0);
  };
  ctx.workers.parallel(g.count(), [&](std::int32_t b, std::int32_t e) {
    for (std::int32_t k = b + 1; k <= e; ++k) {
      const auto gi = static_cast<std::size_t>(k);
      const std::int32_t n = g.inside[gi];
      if (n < 2) continue;  // group_wait was cleared by the journeys (plan())
      const double threshold = group_cohesion_threshold(n);
      std::int32_t walkers = 0, walkers_ahead = 0;
      for (std::int32_t m = 0; m < g.placed[gi]; ++m) {
        const std::int32_t s = member_slot(w, gi, m);
        if (s < 0 || !walking(s)) continue;
        ++walkers;
        if (ahead_of(s, gi) > threshold) ++walkers_ahead;
      }
      // Only when everyone inside walks: someone standing (served at a checkpoint, staying)
      // is waited for.
      const bool split = walkers == n && walkers_ahead == n;
      for (std::int32_t m = 0; m < g.placed[gi]; ++m) {
        const std::int32_t s = member_slot(w, gi, m);
        if (s < 0 || !walking(s)) continue;
        double v = people.v0[s];
        const Vec2 dir{people.ex[s], people.ey[s]};
        const Vec2 off{people.x[s] - g.cx[gi], people.y[s] - g.cy[gi]};
        const Vec2 left{-dir.y, dir.x};
        const double ahead = ahead_of(s, gi), side = dot(off, left);
        v = std::min(v, g.pace[gi]);
        if (ahead > threshold && !split) {
          // Ahead of the group: slow down, and wait once a cohesion width further. Not while
          // crossing a checkpoint line the person has been served at (that would block it).
          if (people.pass_checkpoint[s] < 0) {
            v *= std::max(0.0, 1.0 - (ahead - threshold) / kWidth);
            people.group_wait[s] = 1;
          }
        } else if (ahead < -threshold) {
          // Behind: catch up, at most at the own desired speed.
          v = std::min(people.free_speed[s],
                       v * (1.0 + std::min(1.0, (-ahead - threshold) / kWidth)));
        }
        Vec2 d = dir;
        if (std::abs(side) > threshold && !split) {
          // Off to a side: turn back towards the group's line of walking (at most 45°).
          const double turn = std::min(1.0, (std::abs(side) - threshold) / kWidth);
          d = normalized(dir - left * (side > 0.0 ? turn : -turn));
        }
        people.v0[s] = v;
        people.ex[s] = d.x, people.ey[s] = d.y;
      }
    }
  });
}

}  // namespace stroom::sim
