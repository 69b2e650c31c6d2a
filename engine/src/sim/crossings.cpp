// System: crossings, in two parts. detect_crossings() finds, in parallel, every exit, line,
// door and checkpoint segment each person's move crosses this step (a door or checkpoint of
// the current stage moves the journey on; an exit marks the person as leaving), and orders
// the crossings by (time, person). commit_step() then makes the step's positions and
// velocities the current state, moves on the bodies just outside the exits and removes the
// leavers, serially in descending slot order (so the result depends only on who leaves).
#include <algorithm>
#include <tuple>

#include "models/model.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// Crossings one person can make in one step (more are dropped, never expected in practice).
constexpr int kMaxCrossings = 4;

/// Person s crossed a door or checkpoint line: their journey moves on when it is their current
/// stage. Out of line: rare.
[[gnu::noinline]] void pass_through(const Context& ctx, World& w, std::int32_t s, CrossingKind kind,
                                    int element) {
  const Stage* st = current_stage(ctx, w, s);
  const Stage::Kind stage_kind =
      kind == CrossingKind::door ? Stage::Kind::door : Stage::Kind::checkpoint;
  if (st && st->kind == stage_kind && st->element == element) advance(w, s);
}

/// The crossings of person s's move p→q, which may cross something (see detect_crossings()).
/// Out of line: the persons near a crossable segment are few.
[[gnu::noinline]] void detect(const Context& ctx, World& w, std::int32_t s, Vec2 p, Vec2 q,
                              double t0, double dt,
                              std::vector<std::pair<std::int32_t, Crossing>>& out) {
  const models::WallGrid& crossable = ctx.crossable_grid;
  int count = 0;
  std::vector<std::int32_t> swept;  // used only by moves longer than the grid's reach
  for (const std::int32_t k : crossable.candidates_along(p, q, swept)) {
    const Segment& seg = crossable.wall(k).segment;
    if (!models::move_crosses(seg, p, q)) continue;
    const double frac = crossing_fraction(seg, p, q);
    const CrossingKind kind = ctx.crossable_kind[static_cast<std::size_t>(k)];
    const int element = crossable.wall(k).element;
    if (count < kMaxCrossings) {
      ++count;
      const int direction = models::side(seg, p) > 0.0 ? 1 : -1;
      out.emplace_back(s, Crossing{t0 + frac * dt, w.people.id[s], kind, element, direction});
    }
    if (kind == CrossingKind::exit) w.leaving[static_cast<std::size_t>(s)] = 1;
    if (kind == CrossingKind::door || kind == CrossingKind::checkpoint)
      pass_through(ctx, w, s, kind, element);
  }
}

/// Moves the bodies outside the exits on and drops those that have walked a diameter.
void advance_outside(World& w, double dt) {
  Outside& o = w.outside;
  std::size_t kept = 0;
  for (std::size_t k = 0; k < o.x.size(); ++k) {
    if (o.until[k] <= w.now + dt) continue;
    o.x[kept] = o.x[k] + o.vx[k] * dt;
    o.y[kept] = o.y[k] + o.vy[k] * dt;
    o.vx[kept] = o.vx[k], o.vy[kept] = o.vy[k];
    o.radius[kept] = o.radius[k], o.until[kept] = o.until[k];
    ++kept;
  }
  for (auto* v : {&o.x, &o.y, &o.vx, &o.vy, &o.radius, &o.until})
    v->resize(kept);
}

/// Person s has crossed an exit line this step: its body walks on straight (at least at a
/// slow walk, so that it never blocks the exit) until it has moved one diameter.
void add_outside(World& w, std::int32_t s, double dt) {
  constexpr double kMinSpeed = 0.5;  // m/s
  const People& people = w.people;
  Vec2 v{people.vx[s], people.vy[s]};
  const double speed = length(v);
  if (speed <= 0.0) return;
  if (speed < kMinSpeed) v = v * (kMinSpeed / speed);
  const double r = people.radius[s];
  Outside& o = w.outside;
  o.x.push_back(people.x[s]);
  o.y.push_back(people.y[s]);
  o.vx.push_back(v.x);
  o.vy.push_back(v.y);
  o.radius.push_back(r);
  o.until.push_back(w.now + dt + 2.0 * r / std::max(speed, kMinSpeed));
}

}  // namespace

void detect_crossings(const Context& ctx, World& w) {
  const std::int32_t n = w.people.size();
  w.leaving.assign(static_cast<std::size_t>(n), 0);
  const double t0 = w.now, dt = ctx.scenario.step;
  // Crossings are rare: each worker appends (slot, crossing) to its own list instead of a
  // buffer of kMaxCrossings per person (128 bytes a person that were written every step).
  for (auto& list : w.crossing_lists)
    list.clear();
  // Both grids are built over the venue's bounds with the same cells (checked, as events
  // rebuild the wall grid).
  const models::WallGrid& crossable = ctx.crossable_grid;
  const bool cells_shared = crossable.same_cells(w.walls);
  STROOM_ASSERT(w.wall_cell.size() == static_cast<std::size_t>(n));
  ctx.workers.parallel(n, [&](std::int32_t b, std::int32_t e) {
    auto& list = w.crossing_lists.local();
    for (std::int32_t s = b; s < e; ++s) {
      const Vec2 p{w.people.x[s], w.people.y[s]};
      const Vec2 q{w.people.next_x[s], w.people.next_y[s]};
      if (p == q) continue;
      // Nothing crossable near: most persons, most steps.
      if (cells_shared ? crossable.nothing_along_in(w.wall_cell[static_cast<std::size_t>(s)], p, q)
                       : crossable.nothing_along(p, q))
        continue;
      detect(ctx, w, s, p, q, t0, dt, list);
    }
  });
  // Serial: gather in slot order (a slot's crossings stay in detection order), then order by
  // (time, person).
  w.crossing_gather.clear();
  for (const auto& list : w.crossing_lists)
    w.crossing_gather.insert(w.crossing_gather.end(), list.begin(), list.end());
  std::stable_sort(w.crossing_gather.begin(), w.crossing_gather.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& slot_crossing : w.crossing_gather)
    w.crossings.push_back(slot_crossing.second);
  std::sort(w.crossings.begin(), w.crossings.end(), [](const Crossing& a, const Crossing& b) {
    return std::tie(a.time, a.person, a.kind, a.element) <
           std::tie(b.time, b.person, b.kind, b.element);
  });
}

void commit_step(const Context& ctx, World& w) {
  People& people = w.people;
  const double dt = ctx.scenario.step;
  people.x.swap(people.next_x);
  people.y.swap(people.next_y);
  people.vx.swap(people.next_vx);
  people.vy.swap(people.next_vy);
  advance_outside(w, dt);
  for (std::int32_t s = people.size() - 1; s >= 0; --s) {
    if (!w.leaving[static_cast<std::size_t>(s)]) continue;
    add_outside(w, s, dt);
    w.exited_ids.push_back(people.id[s]);
    remove_person(w, s);
    ++w.exited_count;
  }
  std::sort(w.exited_ids.begin(), w.exited_ids.end());
  assert_slots(w);
}

}  // namespace stroom::sim
